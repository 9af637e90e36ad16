"""The `glossary` command line. Each sub-command lives in ``glossary/commands/<name>.py``
with a ``register(subparsers)`` function; they are found automatically. Keep every command
module cheap to import: heavy imports belong inside the command's ``run``.

Start-up is part of the interface (``glossary lookup`` is run from scripts and editors, once
per term): only the command module named on the command line is imported, and a command
module may offer ``parse_fast(args) -> argparse-like namespace | None`` for its common,
unambiguous command lines, so that argparse (and gettext, locale, shutil with it: ~15 ms) is
not even imported. Anything ``parse_fast`` does not fully understand (help, errors,
abbreviations, ...) returns None and goes through argparse as usual."""

from __future__ import annotations

import os
import sys

from glossary import __version__
from glossary.errors import GlossaryError, UsageError

DESCRIPTION = """\
Dutch-English terminology workbench for translators.

Extract the domain terms of Dutch documents, translate them offline, keep the chosen
translations in a SQLite glossary, browse it, exchange it, and query it from scripts.
"""

EPILOG = """\
examples:
  glossary build data/corpus                 build a glossary from a folder of documents
  glossary lookup "sociaal krediet" --json   look terms up
  glossary approve kredietwaardigheid creditworthiness   settle a translation
  glossary stats                             counts, and where the database lives
  glossary tui                               browse and approve translations

The database is --db PATH, else $GLOSSARY_DB, else the platform's user-data folder
(`glossary stats` prints it). Run `glossary COMMAND --help` for each command.
"""

# Order in --help; commands not listed here follow alphabetically.
ORDER = ["build", "extract", "terms", "translate", "lookup", "approve", "reject", "search", "annotate",
         "check", "pretranslate", "stats", "tui", "export", "import", "models", "dict", "align", "backup"]


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


def _terminal_width() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (bz2, lzma, ...)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse, but the help formatter gets its width without importing shutil."""

        def _get_formatter(self):
            try:
                return self.formatter_class(prog=self.prog, width=_terminal_width() - 2)
            except TypeError:  # a formatter class without a width parameter
                return self.formatter_class(prog=self.prog)

    return Parser


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


def make_parser(argv: list[str] | None = None, *, all_commands: bool = True):
    """The argparse parser (an ``argparse.ArgumentParser``): every command, or with
    ``all_commands=False`` only the one named in ``argv``."""
    import argparse
    import importlib

    parser = _parser_class()(
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


def _fast_args(argv: list[str] | None):
    """The parsed command line, without argparse, when the named command's ``parse_fast``
    understands it (``[--db PATH] COMMAND ...`` only); else None."""
    args = sys.argv[1:] if argv is None else list(argv)
    db = None
    while args and args[0].startswith("--db"):
        if args[0] == "--db" and len(args) >= 2 and not args[1].startswith("-"):
            db, args = args[1], args[2:]
        elif args[0].startswith("--db=") and len(args[0]) > 5:
            db, args = args[0][5:], args[1:]
        else:
            return None
    if not args or args[0].startswith("-") or args[0].startswith("_"):
        return None
    name = args[0]
    path = os.path.join(os.path.dirname(__file__), "commands", name + ".py")
    if not os.path.isfile(path):  # no such command, a package, or import_: argparse's business
        return None
    import importlib

    module = importlib.import_module(f"glossary.commands.{name}")
    parse_fast = getattr(module, "parse_fast", None)
    parsed = parse_fast(args[1:]) if parse_fast else None
    if parsed is None:
        return None
    parsed.db = db
    parsed.command = name
    return parsed


def _hoist_db(argv: list[str]) -> list[str]:
    """``--db PATH`` is a global option but users type it anywhere (``glossary lookup guanxi
    --db w.db``): move every ``--db PATH`` / ``--db=PATH`` before the command (the last one
    wins, as argparse would have it). Nothing after ``--`` is touched."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--db" and i + 1 < len(argv):
            front[:] = ["--db", argv[i + 1]]
            i += 2
            continue
        if arg.startswith("--db="):
            front[:] = ["--db", arg[5:]]
            i += 1
            continue
        rest.append(arg)
        i += 1
    return front + rest


def _unexpected(exc: BaseException, db: str | None) -> tuple[str, int]:
    """One line (and exit code) for an error that escaped the command: an ``OSError`` names
    its path, an ``sqlite3`` error the glossary; anything else is a bug, reported as one."""
    import sqlite3

    from glossary.errors import db_error, os_error_line

    if isinstance(exc, sqlite3.Error):
        from glossary.config import resolve_db_path

        try:
            path = resolve_db_path(db)
        except GlossaryError:
            path = db
        mapped = db_error(exc, path)
        if mapped is not None:
            return str(mapped), mapped.exit_code
        return f"the glossary {path}: {' '.join(str(exc).split())}", 1
    if isinstance(exc, MemoryError):
        return "out of memory", 1
    if isinstance(exc, RuntimeError) and str(exc).startswith("Symlink loop from "):  # Path.resolve()
        return f"{str(exc)[len('Symlink loop from '):].strip(chr(39))}: symbolic link loop", 1
    if isinstance(exc, OSError):
        return os_error_line(exc), 1
    message = " ".join(str(exc).split())[:300]
    return (f"internal error: {type(exc).__name__}: {message} (a bug in glossary; "
            "GLOSSARY_DEBUG=1 shows the traceback)"), 70


def main(argv: list[str] | None = None) -> int:
    argv = _hoist_db(sys.argv[1:] if argv is None else list(argv))
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        # a non-UTF-8 file name (kept with surrogate escapes) prints with a replacement
        # character instead of aborting the command halfway through its output
        try:
            sys.stdout.reconfigure(errors="replace")
        except (ValueError, OSError):
            pass
    args = None
    try:
        args = _fast_args(argv)
        if args is None:
            parser = make_parser(argv, all_commands=False)
            args = parser.parse_args(argv)
            if not getattr(args, "func", None):
                parser.print_help()
                return 2
        if args.db is not None and not args.db.strip():
            raise UsageError("--db needs a path to a glossary file (got an empty string)")
        if not getattr(args, "json", False) and args.command != "tui" and sys.stdout is not None:
            # human-readable output: no escape sequences from imported data reach the terminal
            from glossary.terminal import SafeStream

            sys.stdout = SafeStream(sys.stdout)

        def open_glossary(create: bool = True, readonly: bool = False):
            """The glossary named by --db / $GLOSSARY_DB; ``readonly`` for commands that only read."""
            from glossary.store import Glossary

            return Glossary(args.db, create=create, readonly=readonly)

        return int(args.func(args, open_glossary) or 0)
    except GlossaryError as exc:
        from glossary.terminal import strip_controls

        print(f"glossary: error: {strip_controls(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("glossary: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if os.environ.get("GLOSSARY_DEBUG"):
            raise
        line, code = _unexpected(exc, getattr(args, "db", None))
        print(f"glossary: error: {line}", file=sys.stderr)
        return code
    finally:
        if isinstance(sys.stdout, _safe_stream_class()):
            sys.stdout = sys.stdout._stream


def _safe_stream_class():
    module = sys.modules.get("glossary.terminal")
    return module.SafeStream if module else ()


if __name__ == "__main__":
    sys.exit(main())
