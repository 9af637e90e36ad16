"""glossary check SOURCE TARGET | FILE : terminology QA of a translation."""

import argparse

HELP = "terminology QA: glossary terms whose approved English is missing from a translation"
EPILOG = """\
Give two plain-text files aligned by paragraph (Dutch, English; paragraphs separated by blank
lines), or one bilingual file: .tsv (Dutch<TAB>English per line), .csv, .tmx, .po, or .xlf /
.xliff (source/target; e.g. `glossary pretranslate` output after post-editing; units without
a target are skipped).
For each segment, every glossary term in the Dutch that has an approved translation must have
that English (or its plural) in the English. Terms without an approved translation are skipped.
Exit status: 0 clean, 1 issues found (or an unreadable file), 2 usage error.

examples:
  glossary check artikel.txt article.txt
  glossary check memory.tmx --json
  glossary check nl-en.tsv
  glossary check artikel.xlf            a pre-translated (and post-edited) XLIFF
"""


def register(sub) -> None:
    p = sub.add_parser("check", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="SOURCE TARGET (two text files) or one bilingual file")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of issues: segment, ref, source, target, start, end, term, expected")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import sys

    from glossary.check import check_segments, read_segments
    from glossary.errors import UsageError

    if len(args.files) > 2:
        raise UsageError("check takes SOURCE TARGET or one bilingual FILE")
    segments = read_segments(*args.files)
    with open_glossary(create=False) as g:
        issues = check_segments(g, segments)
    if args.json:
        import json

        print(json.dumps(issues, ensure_ascii=False, indent=2))
    else:
        for i in issues:
            print(f"{i['ref'] or i['segment']}: {i['text']!r} ({i['term']}) should be {i['expected']!r}")
            print(f"    nl: {_short(i['source'], i['start'])}")
            print(f"    en: {_short(i['target'], 0)}")
        if issues:
            print(f"{len(issues)} issue{'s' if len(issues) != 1 else ''} in {len(segments)} segments",
                  file=sys.stderr)
        elif not segments:
            print("nothing checked: no segment with both Dutch and English "
                  "(an XLIFF pretranslated without a model has no targets)", file=sys.stderr)
        else:
            print(f"clean: {len(segments)} segments checked", file=sys.stderr)
    return 1 if issues else 0


def _short(text: str, around: int, width: int = 100) -> str:
    text = text or ""
    if len(text) <= width:
        return text
    start = max(0, min(around - width // 3, len(text) - width))
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")
