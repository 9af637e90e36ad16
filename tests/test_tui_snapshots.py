"""SVG snapshots of the TUI's main screens (pytest-textual-snapshot).

Deterministic: fixed fixture data (tests/test_tui.py), fixed sizes, nothing time-dependent on
screen. Regenerate after an intended change with
``.venv/bin/python -m pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tests.test_tui import build_fixture


@pytest.fixture
def db(tmp_path):
    return build_fixture(tmp_path / "fixture.db")


def app(db, theme="textual-dark"):
    from glossary_tui.app import GlossaryApp

    return GlossaryApp(db, theme=theme)


def test_main_100x30_dark(db, snap_compare):
    assert snap_compare(app(db), terminal_size=(100, 30))


def test_main_80x24_dark(db, snap_compare):
    assert snap_compare(app(db), terminal_size=(80, 24))


def test_main_80x24_light(db, snap_compare):
    assert snap_compare(app(db, "textual-light"), terminal_size=(80, 24))


def test_search_and_detail_100x30(db, snap_compare):
    assert snap_compare(app(db), terminal_size=(100, 30), press=[*"krediet", "escape", "down", "enter"])


def test_type_translation_prompt_80x24(db, snap_compare):
    assert snap_compare(app(db), terminal_size=(80, 24), press=["escape", "down", "down", "t", *"credit"])


def test_help_80x24_light(db, snap_compare):
    assert snap_compare(app(db, "textual-light"), terminal_size=(80, 24), press=["escape", "question_mark"])
