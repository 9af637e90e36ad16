"""glossary align : propose English equivalents of the glossary's terms from a bilingual file."""

HELP = "propose translations from a translation memory (TMX, or TSV ending in Dutch and English columns)"

EPILOG = """\
examples:
  glossary align memory.tmx
  glossary align corpus.tsv --missing      only terms without a translation yet

The file is registered, so later `glossary translate` runs use it again (backend `tm`).
Each proposal is stored as a `tm` candidate with a confidence (co-occurrence association plus
string evidence: cognates, numbers, capitalisation).
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("align", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="a .tmx file, or a .tsv whose last two columns are Dutch and English")
    p.add_argument("--missing", action="store_true", help="only terms without a translation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    from glossary.ingest import require_regular_file
    from glossary.translate.align import align_file

    require_regular_file(args.file)  # a FIFO would hang the reader, a symlink loop raise
    with open_glossary(create=False) as g:
        info = align_file(g, args.file, only_missing=args.missing)
    if args.json:
        import json

        print(json.dumps(info, indent=2))
        return 0
    empty = f", {info['empty_segments']} without words on one side, skipped" if info.get("empty_segments") else ""
    print(f"{info['pairs']} segment pairs ({info['segments']} aligned units{empty}); "
          f"{info['terms_matched']}/{info['terms']} terms found; {info['candidates']} proposals stored")
    return 0
