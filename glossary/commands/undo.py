"""glossary undo : take back your latest change (only yours: undo is per actor)."""

import argparse

HELP = "undo your latest change (an approval, an edit, an import, a merge)"
EPILOG = """\
Undo is per actor: it takes back the latest change made as you ($GLOSSARY_ACTOR, else your
login name), never somebody else's. A change that somebody has changed since (they approved
another English for the same term, added a translation to a term you added) is not undone:
undo says so in one line and the next undo goes further back. Undoing an import keeps what
people did after it (an approval of an imported candidate stays).

examples:
  glossary undo
  glossary undo --list                  # your latest changes, newest first
  GLOSSARY_ACTOR=reviewer glossary undo
  glossary undo --json
"""


def register(sub) -> None:
    p = sub.add_parser("undo", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--list", action="store_true", help="list your latest changes instead (nothing is undone)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="with --list: at most N changes (default 10)")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json

    with open_glossary(create=False) as g:
        if args.list:
            rows = [row for row in g.history(limit=max(1, args.limit) * 4, actor=g.actor)
                    if row["action"] != "undo"][: max(1, args.limit)]
            items = [{"id": r["id"], "at": r["at"], "action": r["action"], "description": g.describe_change(r),
                      "undone": {0: False, 1: True, 2: "skipped"}.get(r["undone"], r["undone"])} for r in rows]
            if args.json:
                print(json.dumps({"actor": g.actor, "changes": items}, ensure_ascii=False, indent=2))
            else:
                for item in items:
                    state = {True: " (undone)", "skipped": " (not undone: changed since)"}.get(item["undone"], "")
                    print(f"{item['at']}  {item['description']}{state}")
                if not items:
                    print(f"no changes by {g.actor}")
            return 0
        row = g.undo()
        if args.json:
            out = None if row is None else {k: row.get(k) for k in ("id", "action", "description", "kept")}
            print(json.dumps({"actor": g.actor, "undone": out}, ensure_ascii=False, indent=2))
        elif row is None:
            print(f"nothing to undo for {g.actor}")
        else:
            print(f"undid: {row['description']}")
    return 0
