"""Run every benchmark in this folder, one after the other, and print their figures.

Benchmarks report ratios against a baseline measured in the same run; they are figures,
not pass/fail tests. Each script skips (exit 0, with a reason) when it needs ../shared and
it is absent. Usage: python benchmarks/run_all.py [NAME ...]   (e.g. ate lookup)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["ate", "align", "mt", "pretranslate", "lookup", "tui", "scale"]


def main(argv: list[str]) -> int:
    scripts = {p.stem: p for p in HERE.glob("*.py") if p.stem not in ("run_all", "__init__") and not p.stem.startswith("_")}
    names = argv or sorted(scripts, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    failed = []
    for name in names:
        if name not in scripts:
            print(f"no benchmark named {name!r}; have: {', '.join(sorted(scripts))}", file=sys.stderr)
            return 2
        print(f"\n===== benchmarks/{name}.py =====", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(scripts[name])], cwd=HERE.parent)
        print(f"----- {name}: exit {code}, {time.perf_counter() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
