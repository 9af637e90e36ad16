"""glossary approve / glossary reject : settle a term's English from the shell.

Both commands live here (``reject.py`` only registers its name); the work is done by the
library (:meth:`Glossary.approve`, :meth:`Glossary.set_translation`, :meth:`Glossary.reject`),
so every change lands in the history table and ``glossary``'s undo (TUI: ctrl+z) reverts it.
"""

import argparse

from glossary.vocabulary import LIVE_STATUSES

HELP = "approve an English translation of a term (a candidate, or one you type)"
EPILOG = """\
TERM is found as `glossary lookup` finds it (exact, variant, compound or lemma; not fuzzy).
Without ENGLISH the best candidate is approved; with ENGLISH, the candidate with that text is
approved, or ENGLISH is added as your own (human) translation and approved. The term's
previously approved translation becomes a candidate again; nothing is deleted.

examples:
  glossary approve "sociaal krediet"                       # the best candidate
  glossary approve kredietwaardigheid creditworthiness     # a candidate, or your own text
  glossary approve guanxi "guanxi (personal connections)" --json
"""
REJECT_HELP = "reject a candidate translation of a term (it stays, marked rejected)"
REJECT_EPILOG = """\
The translation is kept, marked rejected: machine backends never propose it as a candidate
again and exports leave it out. Approve it later to take the rejection back.

examples:
  glossary reject kredietwaardigheid ability
"""


def register(sub) -> None:
    p = sub.add_parser("approve", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("term", metavar="TERM", help="the Dutch term")
    p.add_argument("english", metavar="ENGLISH", nargs="?", help="the English to approve (default: the best candidate)")
    p.add_argument("--json", action="store_true", help="print the term's translations afterwards as JSON")
    p.set_defaults(func=run_approve)


def register_reject(sub) -> None:
    p = sub.add_parser("reject", help=REJECT_HELP, description=REJECT_HELP, epilog=REJECT_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("term", metavar="TERM", help="the Dutch term")
    p.add_argument("english", metavar="ENGLISH", help="the English translation to reject")
    p.add_argument("--json", action="store_true", help="print the term's translations afterwards as JSON")
    p.set_defaults(func=run_reject)


def _term(g, query: str) -> dict:
    from glossary.errors import GlossaryError
    from glossary.lookup import find_term_id

    found = find_term_id(g, query)
    if found is None:
        raise GlossaryError(f"not found: {query} (see `glossary lookup --fuzzy {query!r}`)")
    return g.term(found[0])


def _candidate(g, term: dict, english: str) -> dict | None:
    wanted = " ".join(english.split()).casefold()
    for row in g.translations(term["id"]):
        if row["text"].casefold() == wanted:
            return row
    return None


def _report(g, term: dict, message: str, as_json: bool) -> int:
    import json

    if as_json:
        rows = [{k: r[k] for k in ("text", "source", "status", "score", "origin")} for r in g.translations(term["id"])]
        print(json.dumps({"term": term["term"], "translations": rows}, ensure_ascii=False, indent=2))
    else:
        print(message)
    return 0


def run_approve(args, open_glossary) -> int:
    from glossary.errors import GlossaryError

    with open_glossary(create=False) as g:
        term = _term(g, args.term)
        if args.english is None:
            rows = [r for r in g.translations(term["id"]) if r["status"] in LIVE_STATUSES]
            if not rows:
                raise GlossaryError(f"{term['term']} has no candidate translation: "
                                    f"give one (`glossary approve {term['term']!r} ENGLISH`) or run `glossary translate`")
            chosen = rows[0]
            g.approve(chosen["id"])
            text, how = chosen["text"], f"{chosen['source']} candidate"
        else:
            row = _candidate(g, term, args.english)
            if row is not None:
                g.approve(row["id"])
                text, how = row["text"], f"{row['source']} candidate"
            else:
                text = " ".join(args.english.split())
                if not text:
                    raise GlossaryError("the English translation cannot be empty")
                g.set_translation(term["id"], text)
                how = "your translation"
        return _report(g, term, f"approved: {term['term']} -> {text} ({how})", args.json)


def run_reject(args, open_glossary) -> int:
    from glossary.errors import GlossaryError

    with open_glossary(create=False) as g:
        term = _term(g, args.term)
        row = _candidate(g, term, args.english)
        if row is None:
            texts = ", ".join(repr(r["text"]) for r in g.translations(term["id"])) or "none"
            raise GlossaryError(f"{term['term']} has no translation {args.english!r} (it has: {texts})")
        if row["status"] != "rejected":
            g.reject(row["id"])
        return _report(g, term, f"rejected: {term['term']} -> {row['text']}", args.json)
