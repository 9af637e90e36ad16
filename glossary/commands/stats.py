"""glossary stats : counts, and where the database lives."""

import argparse

HELP = "show counts (documents, terms, translations) and where the database is"
EPILOG = """\
"extraction: pending" means documents were added but their terms not yet extracted (a build
was interrupted): run `glossary build` again with the same documents to finish it.

examples:
  glossary stats
  glossary --db news.db stats --json | jq .terms
"""


def register(sub) -> None:
    p = sub.add_parser("stats", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    from glossary.config import check_db_path, resolve_db_path

    check_db_path(resolve_db_path(args.db))  # a FIFO, folder or symlink loop: one line
    if not resolve_db_path(args.db).exists():
        stats = {"db_path": str(resolve_db_path(args.db)), "exists": False, "documents": 0, "terms": 0, "translated": 0}
    else:
        with open_glossary(create=False, readonly=True) as g:
            stats = {**g.stats(), "exists": True}
            # an interrupted build: documents stored, their terms not (yet) extracted
            stats["extraction_pending"] = bool(stats["documents"]) and \
                g.get_meta("extracted_corpus") != g.corpus_signature()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    if not stats["exists"]:
        print(f"database:   {stats['db_path']} (not created yet: run `glossary build DOCS...`)")
        return 0
    print(f"database:   {stats['db_path']} (schema v{stats['schema_version']})")
    print(f"documents:  {stats['documents']} ({stats['words']} words)")
    print(f"terms:      {stats['terms']}" + (f" (+{stats['not_terms']} marked not-a-term)" if stats["not_terms"] else ""))
    if stats.get("extraction_pending"):
        print("extraction: pending (a build was interrupted): run `glossary build` again to finish it")
    print(f"translated: {stats['translated']} ({stats['approved']} approved)")
    print(f"contexts:   {stats['contexts']}")
    print(f"history:    {stats['history']} changes")
    return 0
