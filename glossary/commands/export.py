"""glossary export : write the glossary as TBX, TSV, CSV, PO, TMX, XLSX, JSON or JSONL."""

import argparse

HELP = "export the glossary: tbx, tsv, csv, po, tmx, xlsx, json, jsonl"
FORMATS = ("tbx", "tsv", "csv", "po", "tmx", "xlsx", "json", "jsonl")
EPILOG = """\
formats (guessed from the --output extension when --format is not given):
  tbx    TBX v3 (ISO 30042:2019), TBX-Basic dialect: approved English is preferredTerm,
         rejected deprecatedTerm, candidates carry no status (a note says unreviewed);
         --tbx-version 2 writes older martif TBX (what translate-toolkit reads)
  tsv    OmegaT glossary: term<TAB>english<TAB>comment, UTF-8, no header; terms without
         English are left out unless --include-untranslated; candidates say [candidate]
  csv    header row: term,english,status,kind,lemma,variants,note,documents
  po     gettext: msgid = Dutch term, msgstr = approved English (passes msgfmt --check)
  tmx    TMX 1.4b translation memory of context sentence pairs (Dutch + English)
  xlsx   spreadsheet: terms with a frozen, filterable header; contexts on a second sheet
  json   a list of term records (the `lookup --json` schema); jsonl: one record per line

Cells a spreadsheet would run as a formula (starting with = + - @) get an apostrophe in front.

examples:
  glossary export --format tbx --output glossary.tbx
  glossary export --output approved.tsv --status approved
  glossary export --output omegat/glossary/terms.txt --format tsv --include-untranslated
  glossary export --format json --output - --kind name | jq .
"""


def register(sub) -> None:
    p = sub.add_parser("export", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", "-f", choices=FORMATS, help="output format (default: from the --output extension)")
    p.add_argument("--output", "-o", required=True, metavar="FILE", help="file to write, or - for stdout")
    p.add_argument("--status", default="all", choices=("all", "approved", "candidate", "rejected", "untranslated"),
                   help="only terms whose English has this status (default all)")
    p.add_argument("--document", metavar="NAME", help="only terms that occur in this document")
    p.add_argument("--kind", choices=("term", "name", "loanword"), help="only terms of this kind")
    p.add_argument("--contexts", type=int, default=3, metavar="N",
                   help="context sentences per term (default 3; TMX always takes all)")
    p.add_argument("--tbx-version", type=int, choices=(2, 3), default=3,
                   help="TBX v3 (default) or the older v2 (martif) for older tools")
    p.add_argument("--include-untranslated", action="store_true",
                   help="TSV: also write terms without English (an empty target column)")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import io
    import sys
    from pathlib import Path

    from glossary import formats
    from glossary.errors import UsageError

    to_stdout = args.output == "-"
    fmt = args.format
    if fmt is None:
        if to_stdout:
            raise UsageError("give --format when writing to stdout (--output -)")
        fmt = formats.guess_format(args.output)
    options: dict = {}
    if fmt == "tbx":
        options["tbx_version"] = args.tbx_version
    if fmt == "tsv":
        options["include_untranslated"] = args.include_untranslated
    buf = io.BytesIO()
    with open_glossary(create=False, readonly=True) as g:
        if not to_stdout:
            from glossary.config import refuse_live_target

            refuse_live_target(args.output, g.path, "export")
        count = formats.export(g, buf, fmt, status=args.status, document=args.document, kind=args.kind,
                               contexts=max(args.contexts, 0), **options)
    if count == 0:
        from glossary.errors import GlossaryError

        if fmt == "tbx":
            # TBX requires at least one entry in <body>; an empty file would not validate.
            raise GlossaryError("nothing to export: no term matches (a TBX file needs at least one entry)")
        print("glossary: warning: no term matches; the export is empty", file=sys.stderr)
    data = buf.getvalue()
    what = f"{count} terms"
    if fmt == "tsv" and not args.include_untranslated:
        rows = data.count(b"\n")
        if rows < count:
            what = f"{rows} terms"
            print(f"glossary: note: {count - rows} terms without English left out of the TSV "
                  "(--include-untranslated writes them)", file=sys.stderr)
    if fmt == "tmx":  # a TMX holds context sentence pairs, not terms
        units = data.count(b"<tu>")
        what = f"{units} sentence pairs from {count} terms"
        if count and not units:
            print("glossary: warning: no context sentence has an English translation yet (contexts are "
                  "translated by an nl->en model: see `glossary models`); the TMX has no units",
                  file=sys.stderr)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from glossary.files import write_atomically

        target = Path(args.output)
        try:
            write_atomically(target, data)
        except OSError as exc:
            from glossary.errors import GlossaryError

            raise GlossaryError(f"cannot write {target}: {exc.strerror or exc}") from None
        print(f"exported {what} to {target} ({fmt})", file=sys.stderr)
    return 0
