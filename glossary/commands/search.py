"""glossary search QUERY : full-text search over terms, translations and contexts."""

HELP = "full-text search over terms, translations and context sentences"
EPILOG = """\
Query syntax: words (all must occur), "a phrase", prefix*, a OR b, -excluded or NOT excluded.
Any other punctuation is ignored; a query never fails with a syntax error.
Exit status: 0 something found, 1 nothing found, 2 usage error.

examples:
  glossary search krediet*
  glossary search '"sociaal krediet" -china' --limit 5
  glossary search "social credit" --in translation --json
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("search", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="+", metavar="QUERY", help="what to look for (several words are joined)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits per field (default 20)")
    p.add_argument("--in", dest="fields", action="append", choices=["term", "translation", "context"],
                   help="search only this field (repeatable; default all three)")
    p.add_argument("--prefix", action="store_true", help="treat the last word as a prefix (as if it ended in *)")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    from glossary.errors import UsageError
    from glossary.search import FIELDS, search

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    query = " ".join(args.query)
    with open_glossary(create=False, readonly=True) as g:
        hits = search(g, query, limit=args.limit, fields=tuple(args.fields or FIELDS), prefix=args.prefix)
    if args.json:
        import json

        print(json.dumps(hits, ensure_ascii=False, indent=2))
    else:
        titles = {"term": "terms", "translation": "translations", "context": "contexts"}
        current = None
        for h in hits:
            if h["field"] != current:
                current = h["field"]
                print(f"{titles[current]}:")
            english = f"  ->  {h['approved']}" if h["approved"] else ""
            if current == "term":
                print(f"  {h['term']}{english}")
            elif current == "translation":
                print(f"  {h['snippet']}  ({h['status']} for {h['term']})")
            else:
                terms = ", ".join(h["terms"])
                print(f"  {h['snippet']}  ({h['document']}; {terms})")
        if not hits:
            import sys

            print(f"glossary: nothing found for {query!r}", file=sys.stderr)
    return 0 if hits else 1
