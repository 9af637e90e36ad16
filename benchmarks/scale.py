"""Scale benchmark (issue 8): `glossary build` over a large synthetic Dutch corpus.

Generates DOCS documents with WORDS words in total from the sentences of data/corpus, with
variation (sentences shuffled and recombined, words swapped between sentences of the corpus,
new compounds formed from corpus nouns, numbers changed), runs

    python -m glossary --db DB build CORPUS --no-translate --json

and reports wall time, CPU time (user+sys of the build and its extraction workers: more than
the wall time means both cores were used), the peak memory of the whole process tree (sampled
from /proc every 0.2 s), the longest wait of a second process that writes to the
glossary every 0.5 s during the build (what a translator in the TUI would feel), and the time
of lookups on the result (in-process, and `glossary lookup` as a command).

    .venv/bin/python benchmarks/scale.py                   # 1,000 documents, 5 million words
    .venv/bin/python benchmarks/scale.py --words 500000    # a smaller run

Memory is counted without double-counting the pages forked extraction workers share with the
build process: the headline is the tree's summed PSS (``/proc/PID/smaps_rollup``: each shared
page divided among the processes mapping it), with USS (private pages only) beside it; the
plain RSS sum (which counts every shared page once per process) is kept, labelled. The baseline
is measured in the same run: a process that has only loaded what extraction needs (the tagger,
lemmatiser and frequency lists: one ``extract()`` of one sentence), and the peak is reported
as a ratio to it.

This is a benchmark, not a test: it prints figures (and --json writes them) for
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_sentences() -> list[str]:
    from glossary.ingest import read_document

    sentences: list[str] = []
    for path in sorted((ROOT / "data" / "corpus").iterdir()):
        text = read_document(path).text
        for para in text.split("\n\n"):
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para.replace("\n", " ")) if len(s.split()) > 4]
    return sentences


def generate(dest: Path, words: int, docs: int, seed: int = 8) -> int:
    rng = random.Random(seed)
    sentences = corpus_sentences()
    tokens = [s.split() for s in sentences]
    nouns = sorted({w.strip(".,;:()\"'") for s in tokens for w in s
                    if len(w) > 5 and w.isalpha() and w.islower()})
    per_doc = max(50, words // docs)
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for d in range(docs):
        out: list[str] = []
        n = 0
        target = int(per_doc * rng.uniform(0.5, 1.5)) if d < docs - 1 else max(50, words - total)
        topic = rng.sample(nouns, 5)  # each document has a few favourite (new) compounds
        compounds = [a + b for a, b in zip(topic, rng.sample(nouns, 5))]
        while n < target:
            words_ = list(rng.choice(tokens))
            for i, w in enumerate(words_):
                r = rng.random()
                if r < 0.04 and w.isalpha() and w.islower() and len(w) > 5:
                    words_[i] = rng.choice(compounds)
                elif r < 0.08 and w.isalpha() and w.islower() and len(w) > 5:
                    words_[i] = rng.choice(nouns)
                elif w.isdigit():
                    words_[i] = str(rng.randint(1, 2030))
            out.append(" ".join(words_))
            n += len(words_)
        paras = ["\n".join(out[i:i + 6]) for i in range(0, len(out), 6)]
        (dest / f"doc-{d:04d}.txt").write_text(f"Document {d}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        total += n + 2
    return total


def process_memory_kib(pid: int) -> dict[str, int]:
    """RSS, PSS and USS (private clean + dirty) of one process in KiB, from smaps_rollup
    (Linux >= 4.14); PSS/USS fall back to RSS where it is missing."""
    out = {"rss": 0, "pss": 0, "uss": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                name, _, rest = line.partition(":")
                if name == "Rss":
                    out["rss"] = int(rest.split()[0])
                elif name == "Pss":
                    out["pss"] = int(rest.split()[0])
                elif name in ("Private_Clean", "Private_Dirty"):
                    out["uss"] += int(rest.split()[0])
        return out
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    out["rss"] = out["pss"] = out["uss"] = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return out


def tree_memory_kib(pid: int) -> tuple[dict[str, int], int]:
    """Summed RSS/PSS/USS of ``pid`` and all its descendants (KiB), and how many they are.
    Summed PSS counts each shared page once in total; summed RSS counts it per process."""
    total = {"rss": 0, "pss": 0, "uss": 0}
    processes = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        mem = process_memory_kib(p)
        if not mem["rss"]:
            continue
        processes += 1
        for key in total:
            total[key] += mem[key]
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total, processes


MODELS_ONLY = r"""
import sys
from glossary.extract import extract
extract(["Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers in China."])
print("ready", flush=True)
sys.stdin.read()
"""


def models_only_kib() -> dict[str, int]:
    """The memory of a process holding only what extraction loads (same interpreter, same run)."""
    proc = subprocess.Popen([sys.executable, "-c", MODELS_ONLY], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the models-only baseline process failed")
        return process_memory_kib(proc.pid)
    finally:
        proc.communicate("", timeout=60)


WRITER = r"""
import json, sys, time
from pathlib import Path
from glossary.store import Glossary
db, stop = sys.argv[1], Path(sys.argv[2])
while not Path(db).exists():
    time.sleep(0.05)
g = Glossary(db)
term = g.add_term("schaalproef", actor="bench")
waits, errors = [], []
i = 0
while not stop.exists():
    t = time.perf_counter()
    try:
        g.set_note(term, f"note {i}", actor="bench")
    except Exception as exc:  # what a TUI user would see
        errors.append(f"{type(exc).__name__}: {exc}")
    waits.append(time.perf_counter() - t)
    i += 1
    time.sleep(0.5)
print(json.dumps({"writes": len(waits), "max_wait_s": max(waits, default=0), "errors": errors}))
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=5_000_000, help="words in the corpus (default 5,000,000)")
    ap.add_argument("--docs", type=int, default=1000, help="documents (default 1,000)")
    ap.add_argument("--work", type=Path, help="folder for the corpus and database (default: a temporary one)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="glossary-scale-"))
    corpus, db = work / "corpus", work / "scale.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    t = time.perf_counter()
    if corpus.exists():
        for p in corpus.iterdir():
            p.unlink()
    words = generate(corpus, args.words, args.docs)
    print(f"corpus: {args.docs} documents, {words:,} words, {sum(p.stat().st_size for p in corpus.iterdir()) / 1e6:.1f} MB "
          f"in {corpus} (generated in {time.perf_counter() - t:.1f} s)", flush=True)

    baseline = models_only_kib()
    print(f"baseline, a process with only the extraction models loaded: PSS {baseline['pss'] / 1024:.0f} MiB, "
          f"RSS {baseline['rss'] / 1024:.0f} MiB", flush=True)

    stop = work / "stop-writer"
    stop.unlink(missing_ok=True)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    before = os.times()
    started = time.perf_counter()
    build = subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "build", str(corpus),
                              "--no-translate", "--json"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak = {"rss": 0, "pss": 0, "uss": 0}
    most_processes = 0
    samples = []
    load_before = os.getloadavg()[0]

    def sample():
        nonlocal peak, most_processes
        while build.poll() is None:
            mem, processes = tree_memory_kib(build.pid)
            for key in peak:
                peak[key] = max(peak[key], mem[key])
            most_processes = max(most_processes, processes)
            samples.append((round(time.perf_counter() - started, 1), mem["pss"], mem["rss"]))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = build.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    after = os.times()
    stop.write_text("")
    writer_report = json.loads(writer.communicate(timeout=120)[0] or "{}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    summary = json.loads(out) if build.returncode == 0 else {"error": build.returncode}

    from glossary.store import Glossary

    with Glossary(db, create=False) as g:
        keys = [r[0] for r in g.conn.execute("SELECT term FROM terms ORDER BY score DESC LIMIT 200")]
        t = time.perf_counter()
        g.lookup(keys[0])
        g.lookup("bestaatniet")  # the first lookups load the lemmatiser and the fuzzy index
        first_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        for key in keys:
            g.lookup(key)
        lookup_ms = (time.perf_counter() - t) / max(1, len(keys)) * 1000
        misses = [f"onbekendwoord{n}" for n in range(20)]
        t = time.perf_counter()
        for word in misses:
            g.lookup(word)
        miss_ms = (time.perf_counter() - t) / len(misses) * 1000
        stats = g.stats()
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "lookup", keys[0], "--json"],
                          cwd=ROOT, capture_output=True, text=True)
    cli_lookup_s = time.perf_counter() - t
    figures = {
        "documents": stats["documents"],
        "words": stats["words"],
        "terms": stats["terms"],
        "contexts": stats["contexts"],
        "occurrences": stats["occurrences"],
        "build_wall_s": round(wall, 1),
        "build_cpu_s": round(cpu, 1),
        "cores_used": round(cpu / wall, 2),
        "most_processes": most_processes,  # build + extraction workers
        "load_average_before": round(load_before, 2),  # other programs competing for the 2 cores
        "load_average_after": round(os.getloadavg()[0], 2),
        # memory of the build's process tree, shared pages not double-counted (summed PSS), as a
        # ratio to a models-only process measured in this run
        "peak_pss_mib": round(peak["pss"] / 1024, 1),
        "models_only_pss_mib": round(baseline["pss"] / 1024, 1),
        "peak_pss_vs_models_only": round(peak["pss"] / max(1, baseline["pss"]), 2),
        "peak_uss_mib": round(peak["uss"] / 1024, 1),  # private pages only (a lower bound)
        "models_only_uss_mib": round(baseline["uss"] / 1024, 1),
        "peak_uss_vs_models_only": round(peak["uss"] / max(1, baseline["uss"]), 2),
        # the old figure, labelled: RSS summed over the tree counts the workers' shared pages twice
        "peak_rss_sum_double_counting_shared_mib": round(peak["rss"] / 1024, 1),
        "models_only_rss_mib": round(baseline["rss"] / 1024, 1),
        "db_mib": round(db.stat().st_size / 2**20, 1),
        "writer_during_build": writer_report,
        "first_lookups_ms_in_process": round(first_ms, 1),
        "lookup_ms_in_process": round(lookup_ms, 2),
        "lookup_miss_ms_in_process": round(miss_ms, 2),
        "lookup_cli_s": round(cli_lookup_s, 2),
        "lookup_cli_rc": proc.returncode,
        "build_summary": summary,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"peak memory of the build (summed PSS): {figures['peak_pss_mib']} MiB = "
          f"{figures['peak_pss_vs_models_only']}x a models-only process ({figures['models_only_pss_mib']} MiB, "
          f"same run); USS {figures['peak_uss_vs_models_only']}x")
    if args.json:
        args.json.write_text(json.dumps({**figures, "rss_samples": samples}, indent=2, ensure_ascii=False))
    if proc.returncode != 0:
        print(f"FAILED: glossary lookup {keys[0]!r} exited {proc.returncode}: {proc.stderr.strip()[:200]}",
              file=sys.stderr)
        return 1
    return 0 if build.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
