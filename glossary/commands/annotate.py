"""glossary annotate FILE|- : a Dutch text with the glossary's English."""

import argparse

HELP = "mark the glossary terms in a Dutch text, with their English"
EPILOG = """\
Finds every glossary term (longest match first; variants and inflected forms too) and prints
the text with [English] after each term ([English?] for an unapproved candidate), or the
spans as JSON, or a standalone HTML page with the English as tooltips.

examples:
  glossary annotate article.txt
  glossary annotate article.txt --json
  glossary annotate article.txt --html > article.html
  pbpaste | glossary annotate -
"""


def register(sub) -> None:
    p = sub.add_parser("annotate", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for stdin")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true",
                     help="print the spans: start, end, text, id, term, translation, status, match")
    out.add_argument("--html", action="store_true", help="print a standalone HTML page (glosses as tooltips)")
    p.add_argument("--all", action="store_true", help="also mark terms without any translation ([?])")
    p.add_argument("--exact", action="store_true", help="do not match generated inflections")
    p.set_defaults(func=run)


def read_text(path: str) -> str:
    """Text of a file or of stdin for ``-``, decoded as `glossary build` decodes documents."""
    from glossary.ingest import read_text_file

    return read_text_file(path)


def run(args, open_glossary) -> int:
    import sys

    from glossary.annotate import annotate, render_html, render_text

    text = read_text(args.file)
    with open_glossary(create=False) as g:
        spans = annotate(g, text, inflect=not args.exact)
    if args.json:
        import json

        print(json.dumps(spans, ensure_ascii=False, indent=2))
    elif args.html:
        title = "stdin" if args.file == "-" else args.file
        sys.stdout.write(render_html(text, spans, title=f"{title} — glossary"))
    else:
        sys.stdout.write(render_text(text, spans, untranslated=args.all))
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    return 0
