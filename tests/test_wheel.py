"""Issue 16: the wheel works anywhere. Build it from a copy of the repository, install it
into a fresh virtualenv outside the source tree, then run `glossary build data/corpus` (HTML
included) and start the TUI headless, all from the installed files only.

To stay fast and offline the fresh venv gets the dependencies of the development venv through
a ``.pth`` line (their site-packages appended to ``sys.path``; the .pth files there, such as
the editable install's finder, are not run), and the wheel itself is installed with
``--no-deps``. So the test proves what the wheel carries (code, shipped data, the TUI
stylesheet, the ``glossary_tui`` name, no stray top-level package); that the declared
dependencies resolve from PyPI is checked by hand (docs/reliability.md, "Installing").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

pytestmark = pytest.mark.slow


def _run(args, **kwargs):
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, (args, proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built (no isolation, no network) from a copy of the tracked source tree."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", "*.db", "*.db-*",
                                    ".pytest_cache", ".hypothesis", "benchmarks", "tests")
    shutil.copytree(ROOT, src, ignore=ignore, symlinks=True)
    _run([PY, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", work / "dist", src])
    (found,) = (work / "dist").glob("glossary-*.whl")
    return found


def test_wheel_carries_every_module_the_shipped_data_and_no_stray_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"glossary", "glossary_tui"}  # no generic top-level `tui`
    for path in (ROOT / "glossary").rglob("*.py"):  # a new sub-package missing from pyproject fails here
        assert f"glossary/{path.relative_to(ROOT / 'glossary').as_posix()}" in names, path
    for path in (ROOT / "tui").glob("*"):
        if path.suffix in (".py", ".tcss"):
            assert f"glossary_tui/{path.name}" in names, path
    for folder in ("models", "lexicon"):  # every shipped resource, with no edit to pyproject
        for path in (ROOT / "data" / folder).rglob("*") if (ROOT / "data" / folder).exists() else ():
            if path.is_file():
                assert f"glossary/_data/{path.relative_to(ROOT / 'data').as_posix()}" in names, path
    assert "glossary/_data/models/nl_upos_perceptron.json.gz" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert any("lxml_html_clean" in r or "lxml-html-clean" in r for r in requires)
    base = [r for r in requires if "extra ==" not in r]
    assert not any(name in r for r in base for name in ("argostranslate", "torch", "ctranslate2"))  # light base
    assert any("argostranslate" in r and 'extra == "mt"' in r for r in requires)


def test_installed_wheel_builds_the_corpus_and_starts_the_tui(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([PY, "-m", "venv", "--without-pip", venv])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    vpy = bindir / "python"
    site = Path(_run([vpy, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # the development venv's packages as dependencies (appended after the venv's own)
    (site / "zz-dev-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([PY, "-m", "pip", "--python", vpy, "install", "--no-deps", "--no-index", "-q", wheel])
    outside = tmp_path / "elsewhere"  # not the source tree: nothing can come from there
    outside.mkdir()
    corpus = outside / "corpus"
    shutil.copytree(ROOT / "data" / "corpus", corpus)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = _run([vpy, "-c", "import glossary, glossary_tui, glossary.config as c; "
                  "print(glossary.__file__); print(glossary_tui.__file__); print(c.DATA_DIR)"],
                 cwd=outside, env=env).stdout.split()
    for path in where:
        assert str(site) in path and str(ROOT) not in path, where
    stray = subprocess.run([vpy, "-c", "import tui"], cwd=outside, env=env, capture_output=True)
    assert stray.returncode != 0
    db = outside / "g.db"
    built = _run([bindir / "glossary", "--db", db, "build", corpus, "--no-translate"], cwd=outside, env=env)
    assert "4 added" in built.stdout and "failed" not in built.stdout, built.stdout + built.stderr
    assert "Traceback" not in built.stderr
    looked = _run([bindir / "glossary", "--db", db, "lookup", "guanxi"], cwd=outside, env=env)
    assert "guanxi" in looked.stdout
    tui = _run([vpy, "-c", f"""
import asyncio
from glossary_tui.app import GlossaryApp
async def main():
    app = GlossaryApp({str(db)!r})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        print("rows", app.screen.table.row_count, "rules", len(app.stylesheet.rules))
        await pilot.press("ctrl+q")
asyncio.run(main())
"""], cwd=outside, env=env)
    rows, rules = int(tui.stdout.split()[1]), int(tui.stdout.split()[3])
    assert rows > 10 and rules > 0  # the terms listed; app.tcss found and loaded
    module = _run([vpy, "-m", "glossary_tui", "--help"], cwd=outside, env=env)
    assert "glossary_tui" in module.stdout
