"""glossary lookup TERM... : what is this term in English?

Run once per term by scripts and editors, so start-up counts: ``parse_fast`` reads the usual
command lines without argparse, the glossary is opened read-only, and nothing is imported
beyond sqlite3 and ``glossary.lookup`` (json only for ``--json``)."""

from glossary.vocabulary import LIVE_STATUSES  # imported by glossary.lookup anyway

HELP = "look Dutch terms up: translations (approved first), contexts, documents"
EPILOG = """\
Matching: the exact form first, then variants, compounds and lemmas
(kredieten -> krediet, Sociaal Krediet Systeem -> sociaal kredietsysteem), then, with
--fuzzy, the most similar term (with a similarity score 0-100).
--reverse looks English up and prints the Dutch terms it translates.
Exit status: 0 all terms found, 1 some not found, 2 usage error.

examples:
  glossary lookup "sociaal krediet" kredietwaardigheid
  glossary lookup guanxi --json
  glossary lookup kredietwaardigheit --fuzzy
  glossary lookup --reverse "social credit"
  printf 'guanxi\\nburgerscore\\n' | glossary lookup - --tsv
"""

TSV_COLUMNS = ["query", "match", "score", "term", "approved", "translations", "kind", "frequency"]


def register(sub) -> None:
    import argparse

    p = sub.add_parser("lookup", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("terms", nargs="+", metavar="TERM", help="Dutch terms; - reads one term per line from stdin")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print a JSON list, one object per found term")
    out.add_argument("--tsv", action="store_true",
                     help="print tab-separated lines: " + ", ".join(TSV_COLUMNS) + " (with a header)")
    p.add_argument("--fuzzy", action="store_true", help="when nothing matches, report the most similar term")
    p.add_argument("--min-score", type=float, default=None, metavar="S",
                   help="lowest fuzzy similarity to report, 0-100 (default 75)")
    p.add_argument("--reverse", action="store_true", help="look English up: which Dutch terms does it translate?")
    p.add_argument("--contexts", type=int, default=3, metavar="N", help="context sentences per term (default 3)")
    p.set_defaults(func=run)


def parse_fast(args: list[str]):
    """What argparse would give for ``glossary lookup ARGS`` when they are plain (the options
    above spelled in full, ``--opt=value`` or ``--opt value``, one run of terms); None otherwise,
    and argparse parses them (and reports any error) instead."""
    values: dict = {"terms": [], "json": False, "tsv": False, "fuzzy": False, "min_score": None,
              "reverse": False, "contexts": 3, "func": run}
    flags = {"--json": "json", "--tsv": "tsv", "--fuzzy": "fuzzy", "--reverse": "reverse"}
    runs = 0  # runs of terms: argparse takes only one (TERM... must not be interrupted)
    previous_was_term = False
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "-" or not arg.startswith("-"):
            if not previous_was_term:
                runs += 1
            previous_was_term = True
            values["terms"].append(arg)
            continue
        previous_was_term = False
        if arg in flags:
            values[flags[arg]] = True
            continue
        name, eq, value = arg.partition("=")
        if name not in ("--min-score", "--contexts"):
            return None
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if value.startswith("-"):
            return None
        try:
            if name == "--min-score":
                values["min_score"] = float(value)
            else:
                values["contexts"] = int(value)
        except ValueError:
            return None
    if runs != 1 or (values["json"] and values["tsv"]):
        return None
    from types import SimpleNamespace  # already imported by Python itself

    return SimpleNamespace(**values)


def _queries(terms: list[str]) -> list[str]:
    import sys

    out: list[str] = []
    for term in terms:
        if term == "-":
            out.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            out.append(term)
    return out


def _tsv_cell(value) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.replace("\t", " ").split())


def run(args, open_glossary) -> int:
    import sys

    from glossary.errors import UsageError
    from glossary.lookup import FUZZY_MIN_SCORE, lookup_one

    if args.contexts < 0:
        raise UsageError("--contexts must be 0 or more")
    min_score = FUZZY_MIN_SCORE if args.min_score is None else args.min_score
    if not 0 <= min_score <= 100:
        raise UsageError("--min-score must be between 0 and 100")
    queries = _queries(args.terms)
    if not queries:
        raise UsageError("no terms given (stdin was empty)")
    records: list[dict] = []
    missing: list[str] = []
    with open_glossary(create=False, readonly=True) as g:
        for query in queries:
            found = lookup_one(g, query, contexts=0 if args.tsv else args.contexts, fuzzy=args.fuzzy,
                               reverse=args.reverse, min_score=min_score)
            records.extend(found)
            if not found:
                missing.append(query)
    if args.json:
        import json

        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.tsv:
        print("\t".join(TSV_COLUMNS))
        for r in records:
            others = " | ".join(x["text"] for x in r["translations"] if x["status"] in LIVE_STATUSES)
            row = [r["query"], r["match"], r["score"], r["term"], r["approved"], others, r["kind"], r["frequency"]]
            print("\t".join(_tsv_cell(v) for v in row))
    else:
        for r in records:
            _print_human(r)
    hint = "" if args.fuzzy or args.json or args.tsv else " (--fuzzy also finds near spellings)"
    for q in missing:
        print(f"glossary: not found: {q}{hint}", file=sys.stderr)
    return 1 if missing else 0


def _print_human(r: dict) -> None:
    via = ""
    if r["match"] == "fuzzy":
        via = f"  (fuzzy {r['score']:.0f}% for {r['query']!r})"
    elif r["match"] not in ("exact",):
        via = f"  ({r['match']} match for {r['query']!r})"
    usable = [x for x in r["translations"] if x["status"] in LIVE_STATUSES]
    weak = r.get("weak") or []
    best = usable[0] if usable else None
    english = f"{best['text']}  [{best['status']}, {best['source']}]" if best else "(no translation yet)"
    docs = len(r["documents"])
    print(f"{r['term']}  ->  {english}{via}")
    print(f"    {r['kind']}, {r['frequency']}x in {docs} document{'s' if docs != 1 else ''}")
    for x in usable[1:]:
        print(f"    also: {x['text']}  [{x['status']}, {x['source']}]")
    if weak:  # below the suggestion floor: listed, never chosen
        print("    weak: " + " | ".join(f"{x['text']} {x['score']:.3f}" if x.get("score") is not None else x["text"]
                                      for x in weak))
    for c in r["contexts"]:
        print(f"    | {c['text']}  ({c['document']})")
