"""glossary import FILE : merge a TBX, TSV, CSV, PO, JSON/JSONL or XLSX glossary in."""

import argparse

HELP = "import a glossary file (tbx, tsv, csv, po, json, jsonl, xlsx) and merge it in"
EPILOG = """\
Terms are matched by their normalised form (and variants); new terms are added. Imported
translations have source "import" and origin = the file name. An approved translation in the
file becomes approved unless the term already has a different approved one: that is reported
as a conflict and nothing is overwritten (the file's text is kept as a candidate).
The import is one transaction (all or nothing) and one undoable history entry; importing the
same file again changes nothing. Exit status 0, or 1 on an error.

examples:
  glossary import colleague.tbx --dry-run
  glossary import omegat-glossary.txt --format tsv
  glossary import terms.xlsx --json
"""


def register(sub) -> None:
    p = sub.add_parser("import", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="the file to import")
    p.add_argument("--format", "-f", choices=("tbx", "tsv", "csv", "po", "json", "jsonl", "xlsx"),
                   help="file format (default: from the extension)")
    p.add_argument("--dry-run", "-n", action="store_true", help="print what would change; change nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    from pathlib import Path

    from glossary.formats import read_import
    from glossary.ingest import display_path, require_regular_file
    from glossary.formats.merge import merge_entries

    if args.file != "-":
        require_regular_file(args.file)  # a FIFO would hang the reader, a loop raise
    entries = read_import(args.file, args.format)  # a bad file fails before the glossary is opened
    with open_glossary(create=True) as g:
        # the origin is stored: a non-UTF-8 file name is kept with U+FFFD in place of its bad bytes
        report = merge_entries(g, entries, origin=display_path(Path(args.file).name), dry_run=args.dry_run)
    if args.json:
        out = report.as_dict()
        if args.dry_run:
            out["changes"] = report.changes
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if args.dry_run:
        for line in report.changes:
            print(line)
    for conflict in report.conflicts:
        print(f"conflict: {conflict}")
    verb = "would add" if args.dry_run else "added"
    print(f"{'dry run: ' if args.dry_run else ''}{report.entries} entries read from {report.origin}: "
          f"{verb} {report.terms_added} terms and {report.translations_added} translations "
          f"({report.approved} approved), {report.notes_set} notes; {report.terms_matched} matched existing terms, "
          f"{report.unchanged} unchanged, {len(report.conflicts)} conflicts"
          + ("; nothing was changed" if args.dry_run else ""))
    return 0
