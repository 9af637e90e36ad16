"""glossary dict : register reference dictionaries and termbases (dictd, TBX, TSV)."""

HELP = "register or list reference dictionaries/termbases used by `glossary translate`"

EPILOG = """\
examples:
  glossary dict list
  glossary dict add company-terms.tbx              a TBX termbase (Dutch and English langSets)
  glossary dict add legal.tsv --name legal          dutch<TAB>english per line
  glossary dict add /usr/share/dictd/freedict-nld-eng.index
  glossary dict lookup kredietwaardigheid
  glossary dict remove legal

FreeDict nld-eng (Debian/Ubuntu: apt install dict-freedict-nld-eng) in /usr/share/dictd is used
without registering it.
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("dict", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    dsub = p.add_subparsers(dest="dict_command", metavar="ACTION")
    raw = argparse.RawDescriptionHelpFormatter

    def action(name: str, help: str, examples: str):
        return dsub.add_parser(name, help=help, description=help, formatter_class=raw,
                               epilog="examples:\n" + examples)

    add = action("add", "register a dictd dictionary, TBX or TSV termbase",
                 "  glossary dict add company-terms.tbx\n  glossary dict add legal.tsv --name legal\n"
                 "  glossary dict add /usr/share/dictd/freedict-nld-eng.index\n")
    add.add_argument("path", help="a .tbx, a .tsv (dutch<TAB>english) or a dictd .index file")
    add.add_argument("--name", help="name shown as the origin of its translations")
    ls = action("list", "registered and system dictionaries (a missing file is marked)",
                "  glossary dict list\n  glossary dict list --json\n")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    rm = action("remove", "unregister a dictionary (by name or id)",
                "  glossary dict remove legal\n  glossary dict remove 2\n")
    rm.add_argument("name", help="the name or id shown by `glossary dict list`")
    lk = action("lookup", "look a Dutch word up in every dictionary",
                "  glossary dict lookup kredietwaardigheid\n")
    lk.add_argument("word", help="a Dutch word or phrase")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    from pathlib import Path

    from glossary.errors import GlossaryError
    from glossary.translate import dictd, termbase

    action = getattr(args, "dict_command", None) or "list"
    if action == "add":
        from glossary.ingest import require_regular_file

        require_regular_file(Path(args.path).expanduser())  # before resolve(): a loop raises there
        path = Path(args.path).expanduser().resolve()
        from glossary.ingest import display_path

        if display_path(path) != str(path):  # the path is stored and opened again later
            raise GlossaryError(f"{display_path(path)}: the file name is not valid UTF-8; rename the file first")
        kind = termbase.kind_of(path)
        if kind == "dictd":
            d = dictd.DictdDictionary(path)
            target, name, version, size = str(d.base), args.name or d.name, d.version, len(d.entries)
        elif kind in ("tbx", "tsv"):
            tb = termbase.Termbase(path, kind)
            target, name, version, size = str(path), args.name or tb.name, None, len(tb.entries)
        else:
            raise GlossaryError(f"{path}: unknown dictionary format (use .tbx, .tsv or a dictd .index)")
        with open_glossary() as g:
            g.add_resource(kind, target, name=name, version=version)
        print(f"registered {name} ({kind}, {size} entries): {target}")
        return 0
    with open_glossary() as g:
        if action == "list":
            rows = [{**r, "registered": True} for r in g.list_resources() if r["kind"] in ("dictd", "tbx", "tsv")]
            known = {r["path"] for r in rows}
            for base in dictd.system_dictionaries():
                if str(base) not in known:
                    rows.append({"id": None, "kind": "dictd", "name": base.name, "path": str(base),
                                 "version": None, "registered": False})
            if args.json:
                import json

                print(json.dumps(rows, indent=2, ensure_ascii=False))
                return 0
            if not rows:
                print("no dictionaries: `glossary dict add FILE`, or install dict-freedict-nld-eng")
            from glossary.build import unavailable_resources

            gone = "\n".join(unavailable_resources(g))
            for r in rows:
                where = "" if r["registered"] else "  (system, used automatically)"
                if r["registered"] and f": {r['path']} (" in gone:
                    where = "  (missing: the file is gone)"
                print(f"{r['id'] or '-':>3}  {r['kind']:<6} {r['name']:<24} {r['path']}{where}")
            return 0
        if action == "remove":
            match = [r for r in g.list_resources() if r["kind"] in ("dictd", "tbx", "tsv")
                     and (r["name"] == args.name or str(r["id"]) == args.name)]
            if not match:
                raise GlossaryError(f"no registered dictionary {args.name!r} (see `glossary dict list`)")
            for r in match:
                g.remove_resource(r["id"])
                print(f"removed {r['name']} ({r['path']})")
            return 0
        if action == "lookup":
            from glossary.translate.dictionary import dictionary_candidates, load_sources

            cands = dictionary_candidates({"term": args.word, "lemma": None, "parts": []}, load_sources(g))
            if not cands:
                print(f"{args.word}: not found")
                return 1
            for c in cands:
                weak = "\tweak (below the suggestion floor)" if c["status"] == "weak" else ""
                print(f"{c['text']}\t{c['score']}\t{c['note']}{weak}")
            return 0
    raise GlossaryError(f"unknown dict action {action!r}")
