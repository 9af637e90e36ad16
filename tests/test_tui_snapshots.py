"""SVG snapshots of the TUI's screens (pytest-textual-snapshot) at 80x24 and 120x40.

Deterministic: fixed fixture data (tests/test_tui.py), fixed sizes, nothing time-dependent on
screen. Regenerate after an intended change with
``.venv/bin/python -m pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the
SVGs (tests/__snapshots__/test_tui_snapshots/) before committing them.
"""

from __future__ import annotations

import pytest

from glossary.store import Glossary
from tests.test_tui import build_fixture, until

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def db(tmp_path):
    return build_fixture(tmp_path / "fixture.db")


def app(db, theme="textual-dark"):
    from glossary_tui.app import GlossaryApp

    return GlossaryApp(db, theme=theme)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main(db, snap_compare, size):
    """The start: search box focused, filters, table, detail of the first term, footer."""
    assert snap_compare(app(db), terminal_size=size, press=["escape"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail(db, snap_compare, size):
    """An inflected search (lemma match shown), then the term's translations focused."""
    assert snap_compare(app(db), terminal_size=size, press=[*"kredieten", "escape", "down", "down", "enter"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review(db, snap_compare, size):
    """The review queue after one approve-and-next and a skip: a term with numbered candidates."""
    async def run_before(pilot):
        from glossary_tui.review import ReviewScreen

        await pilot.press("escape", "ctrl+r")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.ready)
        await pilot.press("a", "s")
        await pilot.pause()
        pilot.app.clear_notifications()  # the toast times out: not part of the picture
        await pilot.pause()

    assert snap_compare(app(db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(db, snap_compare, size):
    assert snap_compare(app(db, "textual-light"), terminal_size=size, press=["escape", "question_mark"])


def test_main_80x24_light(db, snap_compare):
    assert snap_compare(app(db, "textual-light"), terminal_size=(80, 24), press=["escape"])


def test_first_run_80x24(tmp_path, snap_compare, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the screen names the database relative to here: "empty.db"
    db = tmp_path / "empty.db"
    Glossary(db).close()
    assert snap_compare(app(db), terminal_size=(80, 24))


def test_did_you_mean_80x24(db, snap_compare):
    async def run_before(pilot):
        await pilot.press(*"kredeitwaardigheid")
        screen = pilot.app.screen
        await until(pilot, lambda: "did you mean" in str(screen.query_one("#hint").render())
                    and getattr(screen.detail, "detail", None) is not None)
        await pilot.pause()

    assert snap_compare(app(db), terminal_size=(80, 24), run_before=run_before)
