"""TUI benchmark: a synthetic 100,000-term glossary, opened headless with Textual's Pilot.

Prints (figures, not pass/fail; targets: open < 1 s, keystroke -> table updated < 100 ms):

- build: seconds to write the synthetic glossary (executemany, one transaction);
- import: seconds for ``import glossary_tui.app`` in a fresh interpreter;
- open: seconds from ``GlossaryApp(db)`` to the first table render (rows on screen);
- keystroke: per key of each typed query (a prefix/exact one, an inflected form found through
  the lookup's lemma level, a typo whose "did you mean" runs in a worker thread), the time the
  key spends updating the table (lookup + search + page fetch + rebuild) and the detail pane of
  the highlighted term, and the Pilot round trip (key event -> screen idle again).

    .venv/bin/python benchmarks/tui.py [--terms 100000] [--db PATH] [--query TEXT ...]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = ["kre", "diet", "so", "ci", "aal", "sys", "teem", "waar", "dig", "heid", "over", "beid",
             "ge", "bruik", "er", "reken", "ing", "be", "leid", "wet", "ge", "ving", "zorg", "ver",
             "ze", "ker", "aar", "ban", "ken", "toe", "zicht", "data", "bank", "burg", "schap"]
ENGLISH = ["credit", "social", "system", "worth", "government", "use", "account", "policy", "law",
           "care", "insurance", "bank", "supervision", "data", "citizen", "score", "rating"]


def build(path: Path, n: int, seed: int = 7) -> float:
    from glossary.store import Glossary

    rnd = random.Random(seed)
    started = time.perf_counter()
    with Glossary(path) as g, g.transaction():
        terms, seen = [], set()
        i = 0
        while len(terms) < n:
            i += 1
            word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 5)))
            if rnd.random() < 0.3:
                word = "".join(rnd.choice(SYLLABLES) for _ in range(2)) + " " + word
            if word in seen:
                word = f"{word}{i}"
            seen.add(word)
            terms.append((word, word, word, rnd.choice(("term", "term", "term", "name", "loanword")),
                          rnd.random() * 10, rnd.randint(1, 50), rnd.randint(1, 9)))
        g.conn.executemany(
            "INSERT INTO terms(key, term, lemma, kind, score, frequency, doc_count, status, origin)"
            " VALUES(?,?,?,?,?,?,?,'active','extracted')",
            terms,
        )
        ids = [r[0] for r in g.conn.execute("SELECT id FROM terms")]
        rows = []
        for term_id in ids:
            if rnd.random() < 0.6:
                for k in range(rnd.randint(1, 3)):
                    text = " ".join(rnd.sample(ENGLISH, rnd.randint(1, 3)))
                    status = "approved" if k == 0 and rnd.random() < 0.2 else "candidate"
                    rows.append((term_id, text, rnd.choice(("mt", "dictionary", "tm")), rnd.random(), status))
        g.conn.executemany(
            "INSERT OR IGNORE INTO translations(term_id, text, source, score, status) VALUES(?,?,?,?,?)", rows
        )
    return time.perf_counter() - started


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import glossary_tui.app; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(out.stdout.strip())


async def drive(db: Path, queries: list[str], size: tuple[int, int]) -> dict:
    from glossary_tui.app import GlossaryApp, MainScreen

    spent = [0.0]  # time inside the table update and the detail-pane update, for the current key
    originals = {name: getattr(MainScreen, name) for name in ("load_table", "show_term")}

    def timed(original):
        def wrapper(self, *args, **kwargs):
            t = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t
        return wrapper

    for name, original in originals.items():
        setattr(MainScreen, name, timed(original))
    per_query: dict[str, dict] = {}
    try:
        started = time.perf_counter()
        app = GlossaryApp(db)
        async with app.run_test(size=size) as pilot:
            while not isinstance(app.screen, MainScreen) or app.screen.table.row_count == 0:
                if time.perf_counter() - started > 60:
                    raise RuntimeError("the table never showed a row")
                await pilot.pause(0.001)
            await pilot.pause()  # the first frame is rendered
            opened = time.perf_counter() - started
            # let the lemmatiser warm-up thread finish (a user typing in the first seconds waits for it)
            await pilot.pause(0.6)
            while any(w.group == "warm-up" and not w.is_finished for w in app.workers):
                await pilot.pause(0.05)
            for query in queries:
                updates, round_trips = [], []
                for ch in query:
                    spent[0] = 0.0
                    t = time.perf_counter()
                    await pilot.press(ch)
                    round_trips.append(time.perf_counter() - t)
                    updates.append(spent[0])  # table + detail pane, as the key caused them
                screen = app.screen
                rows = screen.table.row_count
                per_query[query] = {
                    "updates": updates, "round_trips": round_trips, "rows": rows,
                    "first": str(screen.table.get_row_at(0)[0]) if rows else None,
                    "match": getattr(getattr(screen, "hits", None), "match", None),
                }
                await pilot.press(*["backspace"] * len(query))
            # baseline: the Pilot round trip of a key that changes nothing on screen
            idle = []
            for _ in range(5):
                t = time.perf_counter()
                await pilot.press("f12")
                idle.append(time.perf_counter() - t)
    finally:
        for name, original in originals.items():
            setattr(MainScreen, name, original)
    return {"open": opened, "queries": per_query, "idle": idle}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--db", help="reuse/keep this database (built when missing)")
    parser.add_argument("--query", action="append",
                        help="typed queries (default: krediet, the inflected kredieten, the typo kredeitsys)")
    args = parser.parse_args()
    queries = args.query or ["krediet", "kredieten", "kredeitsys"]
    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "bench.db"
    if not db.exists():
        print(f"build:     {build(db, args.terms):.2f} s for {args.terms} terms ({db})")
    print(f"import:    {import_seconds() * 1000:.0f} ms (import glossary_tui.app, fresh interpreter)")
    for size in ((100, 30), (80, 24)):
        r = asyncio.run(drive(db, queries, size))
        print(f"{size[0]}x{size[1]}:")
        print(f"  open:      {r['open'] * 1000:.0f} ms (GlossaryApp() to first table render, headless)")
        for query, q in r["queries"].items():
            ups, rts = q["updates"], q["round_trips"]
            print(f"  {query!r}: per key, table + detail pane update: median {statistics.median(ups) * 1000:.1f} ms,"
                  f" max {max(ups) * 1000:.1f} ms; pilot round trip median {statistics.median(rts) * 1000:.1f} ms,"
                  f" max {max(rts) * 1000:.1f} ms")
            print("             per key (ms): " + " ".join(f"{u * 1000:.0f}" for u in ups)
                  + f" -> {q['rows']} rows, first {q['first']!r}, match {q['match']}")
        print(f"  a key that changes nothing: pilot round trip median {statistics.median(r['idle']) * 1000:.1f} ms")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
