#!/usr/bin/env python3
"""Mutation audit of the modules that guard a translator's data (``make mutate``; not in CI).

Plants a fixed list of meaningful mutants one at a time -- a condition flipped, a guard
dropped, a constant changed -- in glossary/store.py, glossary/formats/xmlsafe.py,
glossary/formats/merge.py and the lookup levels of glossary/lookup.py, runs the targeted
tests for that module, and restores the file (always: also on Ctrl-C or a crash). A mutant
is *killed* when the tests fail, *survived* when they pass, *stale* when its code snippet is no
longer in the file (the code was refactored: update the mutant).

    .venv/bin/python scripts/mutate.py                 # every mutant (~5-10 min on 2 busy cores)
    .venv/bin/python scripts/mutate.py --module store  # one module
    .venv/bin/python scripts/mutate.py S1 L2           # chosen mutants
    .venv/bin/python scripts/mutate.py --list

Exit status 1 when a mutant survived that is not marked as accepted (``equivalent``), or a
mutant is stale; docs/testing.md lists the results and why each accepted survivor is fine.
Why not mutmut: see docs/testing.md (its trampolines break the suite's import-budget tests and
its statistics pass over the CLI tests took longer than this whole audit).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str
    old: str
    new: str
    what: str
    equivalent: str = ""  # why surviving is accepted (an equivalent or defended-in-depth mutant)


TESTS = {
    "store": ["tests/test_store.py", "tests/test_regressions.py", "tests/test_approve.py"],
    "xmlsafe": ["tests/test_formats.py", "tests/test_fuzz_import.py", "tests/test_regressions.py",
                "-k", "hostile or dtd or network or malformed or entit or external or align or nested"],
    "merge": ["tests/test_import.py", "tests/test_roundtrip_records.py"],
    "lookup": ["tests/test_lookup.py", "tests/test_regressions.py", "-k", "not imports and not align"],
}
MODULE_OF = {"glossary/store.py": "store", "glossary/formats/xmlsafe.py": "xmlsafe",
             "glossary/formats/merge.py": "merge", "glossary/lookup.py": "lookup"}

MUTANTS = [
    # -- the store: "a machine never overwrites a human", nothing lost on re-extraction, undo
    Mutant("S1", "glossary/store.py", "                if worked_on:", "                if False:",
           "re-extraction deletes a stale term that a human worked on"),
    Mutant("S2", "glossary/store.py", """worked_on = row["origin"] != "extracted" or row["note"] or""",
           """worked_on = row["origin"] != "extracted" or""", "re-extraction deletes a stale term with a note"),
    Mutant("S3", "glossary/store.py", '"UPDATE terms SET score=?, frequency=?,',
           '"UPDATE terms SET status=\'active\', score=?, frequency=?,', "a rebuild resets 'not a term' to active"),
    Mutant("S4", "glossary/store.py", '                    if row["status"] == "candidate":',
           "                    if True:", "a machine refresh rewrites approved/rejected rows"),
    Mutant("S5", "glossary/store.py", """        if machine:
            status = "candidate\"""", """        if False:
            status = "candidate\"""", "a machine source may store an approved translation"),
    Mutant("S6", "glossary/store.py", """WHERE term_id=? AND status='approved'",
                (stamp, row["term_id"]),""", """WHERE term_id=? AND status='never'",
                (stamp, row["term_id"]),""", "approve leaves the previous approval: two approved"),
    Mutant("S7", "glossary/store.py", "                if old is None:", "                if old is not None:",
           "undo replays the wrong rows"),
    Mutant("S8", "glossary/store.py", """            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise""", """            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
            raise""", "a failed transaction commits half its work"),
    Mutant("S9", "glossary/store.py", """        if row["source"] != "human":
            return self.set_translation""", """        if False:
            return self.set_translation""", "editing a machine candidate changes it in place"),
    Mutant("S10", "glossary/store.py", """raise GlossaryError(f"unknown term status {status!r}")""", "pass",
           "any term status accepted"),
    # -- the XML safety layer
    Mutant("X1", "glossary/formats/xmlsafe.py", "    if _DOCTYPE.search(scan) and _ENTITY.search(scan):",
           "    if False:", "entity declarations not refused before parsing (the refusal loses its line)"),
    Mutant("X2", "glossary/formats/xmlsafe.py", "        resolve_entities=False, no_network=True, load_dtd=False,",
           "        resolve_entities=True, no_network=True, load_dtd=False,", "the parser resolves entities"),
    Mutant("X3", "glossary/formats/xmlsafe.py", "        resolve_entities=False, no_network=True, load_dtd=False,",
           "        resolve_entities=False, no_network=True, load_dtd=True,", "an external DTD is loaded"),
    Mutant("X4", "glossary/formats/xmlsafe.py", "        if node.tag is etree.Entity:", "        if False:",
           "an undefined entity reference (external DTD) is accepted"),
    Mutant("X5", "glossary/formats/xmlsafe.py",
           "    if dtd is not None and any(True for _ in dtd.iterentities()):", "    if False:",
           "entities in the parsed DTD not refused",
           equivalent="defence in depth: the pre-parse scan refuses every DOCTYPE with an ENTITY first, so "
                      "no file reaches this second check with entities (kept for a scan bypass)"),
    Mutant("X6", "glossary/formats/xmlsafe.py", "            return data.decode(enc, errors=\"replace\").encode(\"utf-8\")\n    if data[:4]",  # noqa: E501
           "            return data\n    if data[:4]", "UTF-16 files not decoded before the entity scan"),
    Mutant("X7", "glossary/formats/xmlsafe.py", "        huge_tree=False, remove_comments=True,",
           "        huge_tree=True, remove_comments=True,", "libxml2's size/depth limits lifted"),
    # -- import merging
    Mutant("M1", "glossary/formats/merge.py", "                if approved is not None:\n",
           "                if False:\n", "an import overwrites a different approved translation"),
    Mutant("M2", "glossary/formats/merge.py", """                elif any(x["status"] == "rejected" for x in same):""",
           "                elif False:", "an import approves a text the glossary rejected"),
    Mutant("M3", "glossary/formats/merge.py", """            elif note and not notes.get(term_id):""",
           "            elif note:", "an import overwrites an existing note"),
    Mutant("M4", "glossary/formats/merge.py", """        kind = entry.kind if entry.kind in KINDS else "term\"""",
           """        kind = "term\"""", "an import forgets the kind of names and loanwords"),
    Mutant("M5", "glossary/formats/merge.py", """            status = tr.status if tr.status in STATUSES else "candidate\"""",  # noqa: E501
           """            status = "candidate\"""", "an import drops every status (approved, rejected)"),
    # -- lookup levels
    Mutant("L1", "glossary/lookup.py", "            found = _by_joins(g, lemma_key)", "            found = None",
           "the lemma level loses its compound-joining fallback"),
    Mutant("L2", "glossary/lookup.py", """    row = g.conn.execute("SELECT id FROM terms WHERE key=? AND status='active'", (key,)).fetchone()""",  # noqa: E501
           """    row = g.conn.execute("SELECT id FROM terms WHERE key=?", (key,)).fetchone()""",
           "lookup finds terms marked 'not a term'"),
    Mutant("L3", "glossary/lookup.py", "    if lemma_key and lemma_key != key:", "    if lemma_key and lemma_key == key:",  # noqa: E501
           "the lemma level never runs"),
    Mutant("L4", "glossary/lookup.py", "    found = _by_variant(g, key)\n    if found is not None:\n        return found, \"variant\"",  # noqa: E501
           "    found = None\n    if found is not None:\n        return found, \"variant\"", "the variant level is skipped"),  # noqa: E501
    Mutant("L5", "glossary/lookup.py", "FUZZY_MIN_SCORE = 75.0", "FUZZY_MIN_SCORE = 0.0",
           "fuzzy lookup reports anything, however dissimilar"),
    Mutant("L6", "glossary/lookup.py", "        if form != key:\n            out.append(form)",
           "        if True:\n            out.append(form)", "the joined forms include the key itself",
           equivalent="equivalent: the exact level already failed for that key, so looking it up again finds nothing"),
    Mutant("L7", "glossary/lookup.py", "    if len(words) < 2 or len(words) > _MAX_JOIN_WORDS:",
           "    if len(words) < 3 or len(words) > _MAX_JOIN_WORDS:", "two-word queries are not joined into compounds"),
]


def run_tests(module: str, timeout: int) -> tuple[str, float]:
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", *TESTS[module]]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "killed (timeout)", time.perf_counter() - started
    seconds = time.perf_counter() - started
    if proc.returncode == 0:
        return "SURVIVED", seconds
    if proc.returncode == 1:
        return "killed", seconds
    return f"error (pytest exit {proc.returncode})", seconds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ids", nargs="*", help="mutant ids (default: all)")
    ap.add_argument("--module", choices=sorted(TESTS), help="only this module's mutants")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per mutant's test run")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTANTS if (not args.ids or m.id in args.ids)
              and (not args.module or MODULE_OF[m.path] == args.module)]
    if args.list:
        for m in chosen:
            print(f"{m.id:4} {m.path:30} {m.what}")
        return 0
    dirty = subprocess.run(["git", "status", "--porcelain", *sorted({m.path for m in chosen})], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    if dirty:
        print(f"refusing: uncommitted changes in {dirty.split()[-1]} (the audit rewrites and restores it)",
              file=sys.stderr)
        return 2
    results = []
    for m in chosen:
        path = ROOT / m.path
        original = path.read_text(encoding="utf-8")
        if original.count(m.old) != 1:
            results.append((m, "STALE", 0.0))
            print(f"{m.id:4} STALE      (its code is no longer in {m.path} once): {m.what}", flush=True)
            continue
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            path.write_text(original.replace(m.old, m.new), encoding="utf-8")
            outcome, seconds = run_tests(MODULE_OF[m.path], args.timeout)
        finally:
            path.write_text(original, encoding="utf-8")
            signal.signal(signal.SIGTERM, previous)
        results.append((m, outcome, seconds))
        note = f"  [accepted: {m.equivalent}]" if outcome == "SURVIVED" and m.equivalent else ""
        print(f"{m.id:4} {outcome:10} {seconds:6.1f} s  {m.what}{note}", flush=True)
    killed = sum(1 for _, o, _ in results if o.startswith("killed"))
    survived = [m for m, o, _ in results if o == "SURVIVED"]
    unexplained = [m.id for m in survived if not m.equivalent]
    stale = [m.id for m, o, _ in results if o == "STALE"]
    errors = [m.id for m, o, _ in results if o.startswith("error")]
    print(f"\n{len(results)} mutants: {killed} killed, {len(survived)} survived "
          f"({len(survived) - len(unexplained)} accepted), {len(stale)} stale, {len(errors)} errors")
    if unexplained:
        print(f"survivors without a reason (add a test, or explain): {', '.join(unexplained)}")
    return 1 if unexplained or stale or errors else 0


if __name__ == "__main__":
    sys.exit(main())
