"""glossary backup FILE : a verified copy of the glossary, safe while it is in use."""

import argparse

HELP = "copy the glossary to FILE (safe while it is in use; the copy is integrity-checked)"
EPILOG = """\
The copy is taken with SQLite's online backup API, so the TUI, a script or a running
build may keep using the glossary meanwhile. The copy is one self-contained file; it is
checked with PRAGMA integrity_check before it is put in place. An existing FILE is
never overwritten without --force. Restore with `glossary restore FILE`.

examples:
  glossary backup glossary-2026-11-22.db
  glossary --db news.db backup /mnt/usb/news.db --force
"""


def register(sub) -> None:
    p = sub.add_parser("backup", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="the backup file to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE when it exists")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    from glossary.backup import backup

    summary = backup(args.db, args.file, force=args.force)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"backed up {summary['source']} to {summary['backup']} ({summary['bytes']} bytes; "
              f"{summary['terms']} terms, {summary['translations']} translations, "
              f"{summary['history']} changes; integrity {summary['integrity']})")
    return 0
