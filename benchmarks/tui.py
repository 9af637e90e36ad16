"""TUI benchmark: a synthetic 100,000-term glossary, opened headless with Textual's Pilot.

Prints (figures, not pass/fail; targets: open < 1 s, keystroke -> table updated < 100 ms):

- build: seconds to write the synthetic glossary (executemany, one transaction);
- import: seconds for ``import tui.app`` in a fresh interpreter;
- open: seconds from ``GlossaryApp(db)`` to the first table render (rows on screen);
- keystroke: per key of a typed query, the time for the table update itself (search + page
  fetch + table rebuild + detail) and the Pilot round trip (key event -> screen idle again).

    .venv/bin/python benchmarks/tui.py [--terms 100000] [--db PATH] [--query krediet]
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
    code = "import time; t = time.perf_counter(); import tui.app; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(out.stdout.strip())


async def drive(db: Path, query: str, size: tuple[int, int]) -> dict:
    from tui.app import GlossaryApp, MainScreen

    load_times: list[float] = []
    original = MainScreen.load_table

    def timed_load(self, *args, **kwargs):
        t = time.perf_counter()
        original(self, *args, **kwargs)
        load_times.append(time.perf_counter() - t)

    MainScreen.load_table = timed_load
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
            load_times.clear()
            round_trips = []
            for ch in query:
                t = time.perf_counter()
                await pilot.press(ch)
                round_trips.append(time.perf_counter() - t)
            rows = app.screen.table.row_count
            first = str(app.screen.table.get_row_at(0)[0]) if rows else None
            updates = list(load_times)
            # baseline: the Pilot round trip of a key that changes nothing on screen
            idle = []
            for _ in range(5):
                t = time.perf_counter()
                await pilot.press("f12")
                idle.append(time.perf_counter() - t)
    finally:
        MainScreen.load_table = original
    return {"open": opened, "updates": updates, "round_trips": round_trips, "idle": idle, "rows": rows,
            "first": first}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--db", help="reuse/keep this database (built when missing)")
    parser.add_argument("--query", default="krediet")
    args = parser.parse_args()
    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "bench.db"
    if not db.exists():
        print(f"build:     {build(db, args.terms):.2f} s for {args.terms} terms ({db})")
    print(f"import:    {import_seconds() * 1000:.0f} ms (import tui.app, fresh interpreter)")
    for size in ((100, 30), (80, 24)):
        r = asyncio.run(drive(db, args.query, size))
        ups, rts = r["updates"], r["round_trips"]
        print(f"{size[0]}x{size[1]}:")
        print(f"  open:      {r['open'] * 1000:.0f} ms (GlossaryApp() to first table render, headless)")
        print(f"  keystroke: table update median {statistics.median(ups) * 1000:.1f} ms, "
              f"max {max(ups) * 1000:.1f} ms over {len(ups)} keys of {args.query!r}")
        print(f"             pilot round trip median {statistics.median(rts) * 1000:.1f} ms, "
              f"max {max(rts) * 1000:.1f} ms (a key that changes nothing: median "
              f"{statistics.median(r['idle']) * 1000:.1f} ms)")
        print("             per key (ms): " + " ".join(f"{u * 1000:.0f}" for u in ups))
        print(f"  result:    {r['rows']} rows shown, first {r['first']!r}")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
