"""The `glossary` command line. Each sub-command lives in ``glossary/commands/<name>.py``
with a ``register(subparsers)`` function; they are found automatically. Keep every command
module cheap to import: heavy imports belong inside the command's ``run``."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from glossary import __version__
from glossary.errors import GlossaryError

DESCRIPTION = """\
Dutch-English terminology workbench for translators.

Extract the domain terms of Dutch documents, translate them offline, keep the chosen
translations in a SQLite glossary, browse it, exchange it, and query it from scripts.
"""

EPILOG = """\
examples:
  glossary build data/corpus                 build a glossary from a folder of documents
  glossary lookup "sociaal krediet" --json   look terms up
  glossary stats                             counts, and where the database lives
  glossary tui                               browse and approve translations

The database is --db PATH, else $GLOSSARY_DB, else the platform's user-data folder
(`glossary stats` prints it). Run `glossary COMMAND --help` for each command.
"""

# Order in --help; commands not listed here follow alphabetically.
ORDER = ["build", "extract", "translate", "lookup", "search", "annotate", "check", "stats", "tui",
         "export", "import", "models", "dict", "align", "backup"]


def _command_modules() -> list[str]:
    import glossary.commands as pkg

    # os.scandir, not pkgutil.iter_modules: that imports inspect (~10 ms of every start-up)
    names: set[str] = set()
    for folder in pkg.__path__:
        for entry in os.scandir(folder):
            if entry.name.startswith(("_", ".")):
                continue
            if entry.name.endswith(".py"):
                names.add(entry.name[:-3])
            elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
                names.add(entry.name)
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(names, key=lambda n: (rank.get(n.rstrip("_"), len(ORDER)), n))


def _only_command(argv: list[str] | None, names: list[str]) -> str | None:
    """Fast path: the one command module named in ``argv`` (None when help is asked for or
    the command is unknown, so argparse can list them all)."""
    args = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help", "--version") for a in args):
        return None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--db":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        for name in (arg, arg + "_"):
            if name in names:
                return name
        return None
    return None


def make_parser(argv: list[str] | None = None, *, all_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossary",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="PATH", help="glossary database (default: $GLOSSARY_DB or the user-data folder)")
    parser.add_argument("--version", action="version", version=f"glossary {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    names = _command_modules()
    only = None if all_commands else _only_command(argv, names)
    for name in [only] if only else names:
        module = importlib.import_module(f"glossary.commands.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(argv, all_commands=False)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2

    def open_glossary(create: bool = True):
        from glossary.store import Glossary

        return Glossary(args.db, create=create)

    try:
        return int(args.func(args, open_glossary) or 0)
    except GlossaryError as exc:
        print(f"glossary: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("glossary: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
