"""Shared fixtures and the CI-aware "required tool" helpers. Tests never touch the user's real
glossary or model folders.

Optional on a developer's machine, required in CI (``CI=true``): ``msgfmt`` (gettext), the
FreeDict Dutch-English dictionary (dict-freedict-nld-eng) and ``../shared`` (the evaluation
data next to the clone, or ``$GLOSSARY_SHARED``). Without one of them a test skips with the
install command on a developer machine, and FAILS in CI, so CI never passes by skipping.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GLOSSARY_SHARED") or ROOT.parent / "shared")
CORPUS = ROOT / "data" / "corpus"
FREEDICT_INDEX = Path("/usr/share/dictd/freedict-nld-eng.index")

#: CI=true (GitHub Actions, GitLab, .ci/run): required tools must be there
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")

# Hypothesis: the same examples on every CI run (a red CI run can be re-run and reproduced);
# on a developer machine the default profile keeps exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


def require(available: bool, what: str, install: str) -> None:
    """Skip (developer machine) or fail (CI) when ``what`` is not available."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (CI=true): {install}", pytrace=False)
    pytest.skip(f"{what} is not available ({install}); required in CI")


def require_msgfmt() -> str:
    """The path of gettext's ``msgfmt``."""
    path = shutil.which("msgfmt")
    require(path is not None, "msgfmt (gettext)", "install it: apt-get install gettext")
    return path


def require_freedict() -> Path:
    """The FreeDict Dutch-English dictd index."""
    require(FREEDICT_INDEX.is_file(), f"FreeDict Dutch-English ({FREEDICT_INDEX})",
            "install it: apt-get install dict-freedict-nld-eng")
    return FREEDICT_INDEX


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared (or $GLOSSARY_SHARED): skip without it, fail in CI."""
    path = SHARED.joinpath(*parts)
    require(path.exists(), f"{path}",
            "put the shared evaluation data at ../shared next to the clone, or set GLOSSARY_SHARED")
    return path


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GLOSSARY_DB", str(home / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    # the extractor's word tables (derived from the installed packages, glossary/extract/tables.py)
    # are built once per test session, not once per test
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "glossary-cache"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "g.db"


@pytest.fixture
def glossary_cli():
    """Run the CLI in a subprocess: returns CompletedProcess (text)."""
    import subprocess

    def run(*args, input=None, env=None):
        return subprocess.run(
            [sys.executable, "-m", "glossary", *map(str, args)],
            input=input,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
            timeout=300,
        )

    return run


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    """``(path, glossary, ids)`` of :func:`tests.test_lookup_fixture.build`, once per test
    module (the lookup/search/annotate/check/regression tests share it)."""
    from tests.test_lookup_fixture import build

    path = tmp_path_factory.mktemp("lookup-fixture") / "g.db"
    g, ids = build(path)
    yield path, g, ids
    g.close()


@pytest.fixture(scope="module")
def formats_glossary(tmp_path_factory):
    """The small exchange glossary of :func:`tests.test_formats_fixture.make_glossary`, once
    per module (read only: tests must not change it)."""
    from tests.test_formats_fixture import make_glossary

    g = make_glossary(tmp_path_factory.mktemp("fmt") / "g.db")
    yield g
    g.close()


@cache
def build_test_package(directory: str, from_code: str = "nl", to_code: str = "en") -> Path:
    """A real tiny Argos package (random weights, scripts/make_test_model.py) in ``directory``,
    built once per (directory, language pair)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_test_model import build_package

    return build_package("tiny", Path(directory) / f"{from_code}_{to_code}_tiny.argosmodel",
                         from_code=from_code, to_code=to_code)


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory) -> Path:
    """A real tiny nl->en Argos package, built once per session."""
    return build_test_package(str(tmp_path_factory.getbasetemp() / "argos-models"))


@pytest.fixture
def argos_dir(tmp_path, monkeypatch) -> Path:
    """ARGOS_PACKAGES_DIR (and XDG folders) inside tmp: the user's model dir is never touched."""
    packages = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("GLOSSARY_DICTD_PATH", "")  # no system dictionaries unless a test says so
    monkeypatch.setenv("GLOSSARY_LEXICON", "")  # nor the shipped lexicon
    return packages
