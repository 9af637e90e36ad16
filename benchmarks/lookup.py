"""Benchmark of the scripted queries on a synthetic 100,000-term glossary (figures, not pass/fail).

    .venv/bin/python benchmarks/lookup.py [--terms 100000] [--runs 31] [--keep DIR]

Prints, each against a baseline measured in the same run:

- cold ``glossary lookup TERM`` (a new process each time; median of --runs, interleaved with the
  baseline) vs ``python -c "import sqlite3"`` (target: at most 2.5x), for the installed console
  script (``.venv/bin/glossary``, what the benchmark's ratio is about) and ``python -m glossary``;
  the child's CPU time ratio too, which a busy machine disturbs less;
- Python API: exact lookups/s (target >= 20,000), fuzzy lookups/s (target >= 500), also per
  second of this process's CPU time;
- ``annotate``: MB of Dutch text per second (target >= 1), and the one-off matcher build time;
- ``search_terms`` (search-as-you-type) per keystroke;
- ``glossary import`` of a 100,000-line TSV (target < 30 s), when the import command exists.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.store import Glossary, now, simple_key  # noqa: E402

ONSETS = ["b", "d", "k", "v", "w", "z", "st", "sp", "br", "gr", "kr", "pl", "tr", "sch", "h", "l", "m", "n",
          "p", "r", "s", "t", "g", "j", "bl", "dr", "fl", "kl", "sl", "sm", "sn", "zw", "vr", "gl"]
NUCLEI = ["a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "oe", "ui", "ij", "ei", "eu", "ou", "au", "uu"]
CODAS = ["", "", "n", "r", "k", "t", "l", "s", "m", "ng", "nd", "rt", "st", "ld", "cht", "rk", "p", "f"]
SUFFIXES = ["heid", "ing", "schap", "isme", "teit", "er", "en", "baar", "lijk", "ie", "atie", "systeem", "beleid"]
ADJECTIVES = ["sociaal", "nationaal", "digitaal", "financieel", "juridisch", "publiek", "economisch", "fiscaal",
              "medisch", "technisch", "europees", "lokaal", "centraal", "politiek", "openbaar"]
FILLER = ("de het een en van in op met voor door dat die niet is zijn werd worden ook bij als maar naar "
          "over tot uit om nog wel dan zo al deze er kan moet meer veel").split()


def syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)


def make_terms(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        word = "".join(syllable(rng) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.3:
            word += rng.choice(SUFFIXES)
        r = rng.random()
        if r < 0.25:
            term = f"{rng.choice(ADJECTIVES)} {word}"
        elif r < 0.35:
            term = f"{word} {''.join(syllable(rng) for _ in range(2))}"
        else:
            term = word
        if term not in seen:
            seen.add(term)
            out.append(term)
    return out


def build(path: Path, terms: list[str]) -> None:
    g = Glossary(path)
    stamp = now()
    rng = random.Random(3)
    with g.transaction():
        c = g.conn
        c.executemany(
            "INSERT INTO terms(id, key, term, lemma, kind, score, frequency, doc_count, variants, parts, status,"
            " origin, created_at, updated_at) VALUES(?,?,?,?,'term',?,?,1,?,'','active','import',?,?)",
            [(i, simple_key(t), t, t, rng.random() * 10, rng.randint(1, 50), t + "en", stamp, stamp)
             for i, t in enumerate(terms, 1)],
        )
        c.executemany(
            "INSERT INTO variants(term_id, text, key) VALUES(?,?,?)",
            [(i, form, simple_key(form)) for i, t in enumerate(terms, 1) for form in (t, t + "en")],
        )
        rows = []
        for i, t in enumerate(terms, 1):
            if i % 2:
                english = "the " + t[::-1].replace(" ", "-")
                rows.append((i, english, "mt", 0.8, "approved" if i % 4 == 1 else "candidate", stamp, stamp))
        c.executemany(
            "INSERT INTO translations(term_id, text, source, score, status, created_at, updated_at)"
            " VALUES(?,?,?,?,?,?,?)",
            rows,
        )
    g.close()


def make_text(terms: list[str], size: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        words = [rng.choice(FILLER) for _ in range(rng.randint(6, 14))]
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randrange(len(words)), rng.choice(terms) + rng.choice(["", "", "en"]))
        sentence = " ".join(words).capitalize() + ". "
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)


class CommandFailed(RuntimeError):
    """A timed command did not do what it was timed for: its time means nothing."""


def run_checked(cmd: list[str], env: dict | None, expect: int = 0) -> None:
    """Run ``cmd`` once (output discarded, stderr kept for the message); its exit status must
    be ``expect`` (0, or 1 for a lookup that is meant not to find its term)."""
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if proc.returncode != expect:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CommandFailed(f"{' '.join(cmd[:6])} ... exited {proc.returncode}, expected {expect}: "
                            f"{err[-1] if err else 'no message'}")


def median_run(cmd: list[str], runs: int, env: dict | None = None, expect: int = 0) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run_checked(cmd, env, expect)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interleaved_runs(cmds: dict[str, list[str]], runs: int, env: dict) -> dict[str, tuple[float, float]]:
    """Median (wall s, CPU s) of each command, run in turn ``runs`` times (so they share the
    machine's noise). CPU = user + system time of the child: steadier on a busy machine.
    Every run must exit 0 (:class:`CommandFailed` otherwise)."""
    wall: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            run_checked(cmd, env)
            wall[name].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in cmds}


class Rate:
    """Operations per second over a block, by the wall clock and by this process's CPU time."""

    def __init__(self, n: int):
        self.n = n

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.n / self.wall:10,.0f} /s ({self.n / self.cpu:,.0f}/s CPU)"


def main() -> int:
    try:
        return run()
    except CommandFailed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1


def run() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--terms", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=31, help="repetitions of each cold start (median)")
    ap.add_argument("--keep", metavar="DIR", help="keep the database (and TSV) in DIR")
    args = ap.parse_args()

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="glossary-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "bench.db"
    terms = make_terms(args.terms)
    if db.exists():
        print(f"using {db}")
    else:
        t = time.perf_counter()
        build(db, terms)
        print(f"built {len(terms):,} terms in {time.perf_counter() - t:.1f} s ({db})")

    rng = random.Random(5)
    print("\n== cold start: glossary lookup (new process each run) ==")
    # as installed: bytecode compiled (pip does it; $PYTHONDONTWRITEBYTECODE would recompile every run)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "glossary")], capture_output=True)
    exe = str(Path(sys.executable).with_name("glossary"))
    query = terms[len(terms) // 2]
    cmds = {
        "base": [sys.executable, "-c", "import sqlite3"],
        "script": [exe, "--db", str(db), "lookup", query],
        "module": [sys.executable, "-m", "glossary", "--db", str(db), "lookup", query],
    }
    for cmd in cmds.values():  # warm the OS cache (and check each command works)
        run_checked(cmd, env)
    cold = interleaved_runs(cmds, args.runs, env)
    (bw, bc), (sw, sc), (mw, mc) = cold["base"], cold["script"], cold["module"]
    print(f"python -c 'import sqlite3'            {bw * 1000:7.1f} ms (baseline; CPU {bc * 1000:.1f} ms)")
    print(f"glossary lookup {query!r:22}  {sw * 1000:7.1f} ms  = {sw / bw:.2f}x baseline (target <= 2.5x;"
          f" CPU {sc / bc:.2f}x)  [{Path(exe).name}, the console script]")
    print(f"python -m glossary lookup ...          {mw * 1000:7.1f} ms  = {mw / bw:.2f}x baseline"
          f" (CPU {mc / bc:.2f}x)")
    lemma_q = terms[len(terms) // 3] + "tje"  # not found: goes through the lemma level
    lc = median_run([exe, "--db", str(db), "lookup", lemma_q], 5, env, expect=1)  # 1 = not found
    print(f"lookup, not found (lemma level)        {lc * 1000:7.1f} ms  = {lc / bw:.2f}x (loads the lemmatiser)")

    print("\n== Python API ==")
    g = Glossary(db, create=False)
    sample = [rng.choice(terms) for _ in range(20_000)]
    with Rate(len(sample)) as base_rate:
        for q in sample:
            g.conn.execute("SELECT * FROM terms WHERE key=?", (q,)).fetchone()
    print(f"baseline: one indexed SELECT    {base_rate}")
    n = 0
    with Rate(len(sample)) as rate:
        for q in sample:
            n += len(g.lookup(q, contexts=0))
    print(f"exact lookups (contexts=0)      {rate}  (target >= 20,000; {n} found)")
    with Rate(5000) as rate:
        for q in sample[:5000]:
            g.lookup(q)
    print(f"exact lookups (default)         {rate}")

    def typo(s: str) -> str:
        i = rng.randrange(len(s))
        return s[:i] + rng.choice("aeioukrst") + s[i + 1 :]

    fuzzy_q = [typo(rng.choice(terms)) for _ in range(2000)]
    t = time.perf_counter()
    g.lookup(fuzzy_q[0], fuzzy=True, contexts=0)
    first = time.perf_counter() - t
    with Rate(len(fuzzy_q)) as rate:
        found = sum(1 for q in fuzzy_q for _ in g.lookup(q, fuzzy=True, contexts=0))
    print(f"fuzzy lookups (typo'd terms)    {rate}  (target >= 500; first call "
          f"{first * 1000:.0f} ms; {found}/{len(fuzzy_q)} found)")
    english = ["the " + q[::-1].replace(" ", "-") for q in sample[:2000]]
    with Rate(len(english)) as rate:
        found = sum(len(g.lookup(q, reverse=True, contexts=0)) for q in english)
    print(f"reverse lookups                 {rate}  ({found} records)")

    from glossary.matcher import matcher_for

    text = make_text(terms, 2_000_000)
    mb = len(text.encode("utf-8")) / 1e6
    t = time.perf_counter()
    matcher = matcher_for(g)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    spans = g.annotate(text)
    dt = time.perf_counter() - t
    print(f"annotate                        {mb / dt:10.2f} MB/s (target >= 1; {mb:.1f} MB, {len(spans):,} spans;"
          f" matcher build {build_s:.1f} s once, {matcher.patterns:,} patterns)")
    pairs = [(s, s) for s in text.split(". ")[:20_000]]
    t = time.perf_counter()
    issues = g.check(pairs)
    dt = time.perf_counter() - t
    print(f"check                           {len(pairs) / dt:10,.0f} segments/s ({len(issues):,} issues)")

    from glossary.search import search_terms

    keystrokes = []
    for q in [rng.choice(terms) for _ in range(50)]:
        keystrokes += [q[:i] for i in range(1, min(len(q), 8) + 1)]
    t = time.perf_counter()
    for q in keystrokes:
        search_terms(g, q, 50)
    dt = time.perf_counter() - t
    worst = 0.0
    for q in ["k", "s", "sociaal", "sociaal k", "e"]:
        t1 = time.perf_counter()
        search_terms(g, q, 50)
        worst = max(worst, time.perf_counter() - t1)
    print(f"search_terms (as you type)      {dt / len(keystrokes) * 1000:10.2f} ms/keystroke (mean of "
          f"{len(keystrokes)}; worst short prefix {worst * 1000:.1f} ms)")
    t = time.perf_counter()
    for q in ["krediet*", '"sociaal"', "the", "a* OR b*"]:
        g.search(q, limit=20)
    print(f"search (CLI, 3 fields)          {(time.perf_counter() - t) / 4 * 1000:10.2f} ms/query")
    g.close()

    print("\n== glossary import of a 100,000-line TSV ==")
    if (ROOT / "glossary" / "commands" / "import_.py").exists():
        tsv = workdir / "import.tsv"
        with tsv.open("w", encoding="utf-8") as fh:
            fh.write("nl\ten\n")
            for t_ in make_terms(100_000, seed=99):
                fh.write(f"{t_}\tthe {t_[::-1]}\n")
        target = workdir / "import.db"
        for p in workdir.glob("import.db*"):
            p.unlink()
        t = time.perf_counter()
        proc = subprocess.run([exe, "--db", str(target), "import", str(tsv)], capture_output=True, text=True)
        dt = time.perf_counter() - t
        if proc.returncode != 0:
            raise CommandFailed(f"glossary import exited {proc.returncode}: {proc.stderr.strip()[:200]}")
        print(f"glossary import 100,000 lines    {dt:8.1f} s (target < 30 s)")
    else:
        print("glossary/commands/import_.py does not exist yet: not measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
