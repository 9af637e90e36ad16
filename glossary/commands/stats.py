"""glossary stats : counts, and where the database lives."""

HELP = "show counts (documents, terms, translations) and where the database is"


def register(sub) -> None:
    p = sub.add_parser("stats", help=HELP, description=HELP)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    from glossary.config import resolve_db_path

    if not resolve_db_path(args.db).exists():
        stats = {"db_path": str(resolve_db_path(args.db)), "exists": False, "documents": 0, "terms": 0, "translated": 0}
    else:
        with open_glossary(create=False) as g:
            stats = {**g.stats(), "exists": True}
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    if not stats["exists"]:
        print(f"database:   {stats['db_path']} (not created yet: run `glossary build DOCS...`)")
        return 0
    print(f"database:   {stats['db_path']} (schema v{stats['schema_version']})")
    print(f"documents:  {stats['documents']} ({stats['words']} words)")
    print(f"terms:      {stats['terms']}" + (f" (+{stats['not_terms']} marked not-a-term)" if stats["not_terms"] else ""))
    print(f"translated: {stats['translated']} ({stats['approved']} approved)")
    print(f"contexts:   {stats['contexts']}")
    print(f"history:    {stats['history']} changes")
    return 0
