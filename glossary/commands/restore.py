"""glossary restore FILE : replace the glossary with a backup made by `glossary backup`."""

import argparse

HELP = "replace the glossary with a backup FILE (the current glossary is kept as a copy)"
EPILOG = """\
FILE is checked first (integrity, a glossary, a schema this version understands). When a
glossary already exists it is replaced only with --force, and a copy of it is written
first to <db>.before-restore-<time>, so a restore never loses work either. Processes that
have the glossary open see the old or the restored glossary, never a mixture.

examples:
  glossary restore glossary-2026-11-22.db --force
  glossary --db restored.db restore /mnt/usb/news.db
"""


def register(sub) -> None:
    p = sub.add_parser("restore", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="a backup written by `glossary backup`")
    p.add_argument("--force", action="store_true", help="replace an existing glossary (a copy is kept)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    from glossary.backup import restore

    summary = restore(args.file, args.db, force=args.force)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"restored {summary['backup']} into {summary['db_path']} ({summary['terms']} terms, "
              f"{summary['translations']} translations, {summary['history']} changes; "
              f"integrity {summary['integrity']})")
        if summary["previous"]:
            print(f"the previous glossary was kept at {summary['previous']}")
    return 0
