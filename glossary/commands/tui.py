"""glossary tui : the terminal user interface."""

import argparse

HELP = "browse the glossary and approve translations in a terminal UI"
EPILOG = """\
Keyboard first: / searches, a approves, e edits, r rejects, u undoes, ? lists every key.
Also started as `python -m glossary_tui [--db PATH]`.

examples:
  glossary tui
  glossary --db news.db tui
  glossary tui --db news.db
"""


def register(sub) -> None:
    p = sub.add_parser("tui", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    from glossary.config import resolve_db_path

    try:
        from glossary_tui.app import run_app
    except ImportError as exc:
        from glossary.errors import GlossaryError

        raise GlossaryError(f"the terminal UI is not available ({exc})") from None
    return run_app(resolve_db_path(args.db)) or 0
