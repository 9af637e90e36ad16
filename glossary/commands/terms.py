"""glossary terms : list the glossary's terms, best first."""

import argparse

from glossary.vocabulary import KINDS, LISTING_FILTERS, TERM_ORDERS

HELP = "list the glossary's terms with their chosen English, best first"
EPILOG = """\
examples:
  glossary terms --limit 20
  glossary terms --status untranslated --kind term
  glossary terms --kind term --sort frequency --limit 30
  glossary terms --json
"""


def register(sub) -> None:
    p = sub.add_parser("terms", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N terms")
    p.add_argument("--status", choices=LISTING_FILTERS, default="all", help="filter by translation status")
    p.add_argument("--kind", choices=KINDS, help="filter by kind")
    p.add_argument("--sort", choices=list(TERM_ORDERS), default="score",
                   help="order: score (termhood, best first; default), frequency (most used "
                        "first), term (alphabetical) or documents (in most documents first)")
    p.add_argument("--json", action="store_true", help="JSON list output")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    from glossary.listing import list_terms

    with open_glossary(create=False) as g:
        rows = list_terms(g, status=args.status, kind=args.kind, limit=args.limit, order=args.sort)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        english = r["english"] or "-"
        print(f"{r['term']}\t{r['kind']}\t{r['frequency']}\t{english}\t{r['status']}")
    return 0
