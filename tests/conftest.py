"""Shared fixtures. Tests never touch the user's real glossary or model folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GLOSSARY_DB", str(home / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
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


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is optional)")
    return path
