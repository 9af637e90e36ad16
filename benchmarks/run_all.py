"""Run the benchmarks listed in BENCHMARKS, one after the other, print their figures, and end
with a summary: each benchmark ok, failed (exit status) or skipped (with its reason).

Benchmarks report ratios against a baseline measured in the same run; they are figures, not
pass/fail tests. A benchmark that cannot run here (e.g. it needs ../shared and it is absent)
prints a line ``SKIP: reason`` and exits 0 (or exits 77): it is listed as skipped, never as ok.
A script in this folder that is not listed is reported too, so none is left out silently.

    python benchmarks/run_all.py [NAME ...]   (e.g. ate lookup)

Adding a benchmark: put benchmarks/NAME.py here and add "NAME" to BENCHMARKS (one line).
Exit status: 0 when every benchmark ran (ok or skipped), 1 when one failed, 2 for an unknown NAME.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "ate",
    "align",
    "translate_terms",
    "mt",
    "pretranslate",
    "lookup",
    "tui",
    "scale",
]
SKIP_EXIT = 77  # the automake convention for "skipped"


def run(name: str, script: Path) -> tuple[str, str, float]:
    """Run one benchmark, streaming its output: (outcome, detail, seconds)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(script)], cwd=HERE.parent, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    skip_reason = None
    last = ""
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        if line.strip():
            last = line.strip()
        if line.startswith("SKIP:") and skip_reason is None:
            skip_reason = line[len("SKIP:"):].strip()
    code = proc.wait()
    seconds = time.perf_counter() - started
    if code == SKIP_EXIT or (code == 0 and skip_reason is not None):
        return "skipped", skip_reason or f"exit {SKIP_EXIT}", seconds
    if code != 0:
        return "failed", f"exit {code}: {last[:160]}", seconds
    return "ok", "", seconds


def main(argv: list[str]) -> int:
    present = {p.stem: p for p in HERE.glob("*.py")
               if p.stem not in ("run_all", "__init__") and not p.stem.startswith("_")}
    names = argv or BENCHMARKS
    for name in names:
        if name not in present:
            print(f"no benchmark named {name!r}; have: {', '.join(sorted(present))}", file=sys.stderr)
            return 2
    results: list[tuple[str, str, str, float]] = []
    for name in names:
        print(f"\n===== benchmarks/{name}.py =====", flush=True)
        outcome, detail, seconds = run(name, present[name])
        print(f"----- {name}: {outcome}{' (' + detail + ')' if detail else ''}, {seconds:.1f} s", flush=True)
        results.append((name, outcome, detail, seconds))
    if not argv:
        for name in sorted(set(present) - set(BENCHMARKS)):
            results.append((name, "skipped", "not listed in run_all.BENCHMARKS", 0.0))

    print("\n===== summary =====")
    for name, outcome, detail, seconds in results:
        print(f"{name:16} {outcome:8} {seconds:7.1f} s  {detail}")
    counts = {o: sum(1 for r in results if r[1] == o) for o in ("ok", "failed", "skipped")}
    print(f"{counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
