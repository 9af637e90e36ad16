"""glossary tui : the terminal user interface."""

HELP = "browse the glossary and approve translations in a terminal UI"


def register(sub) -> None:
    p = sub.add_parser("tui", help=HELP, description=HELP)
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    from glossary.config import resolve_db_path

    try:
        from tui.app import run_app
    except ImportError as exc:
        from glossary.errors import GlossaryError

        raise GlossaryError(f"the terminal UI is not available ({exc})") from None
    return run_app(resolve_db_path(args.db)) or 0
