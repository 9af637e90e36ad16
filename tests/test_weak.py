"""Weak candidates (issue 12): machine candidates below the suggestion floor are kept, listed
after the suggestions (TUI, lookup) for a translator to see and approve, and otherwise behave as
if absent: never chosen, exported, counted, searched, or the TUI's first row."""

from __future__ import annotations

import io
import json

import pytest

from glossary import Glossary, vocabulary
from glossary.errors import GlossaryError, InputError
from tests.test_store_rules import _everyone
from tests.test_tui import build_fixture, make_app, open_term


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def weak(tmp_path):
    """``kredietwaardigheid``: a suggestion and a weak one; ``gedrukte enveloppen``: weak only."""
    g = Glossary(tmp_path / "weak.db", actor="ann")
    term = g.add_term("kredietwaardigheid")
    g.add_translation(term, "credit rating", source="dictionary", score=0.4)
    g.add_translation(term, "creditworthiness", source="dictionary", score=0.9, status="weak")  # says the caller
    only = g.add_term("gedrukte enveloppen")
    g.add_translation(only, "printed envelopes", source="dictionary", score=0.03, status="weak")
    g.add_translation(only, "pressed envelopes", source="dictionary", score=0.02, status="weak")
    yield g, term, only
    g.close()


def test_only_machine_writes_make_a_row_weak_and_they_keep_their_hands_off_decisions(weak):
    g, term, only = weak
    assert {r["text"]: r["status"] for r in g.translations(term)} == {"credit rating": "candidate",
                                                                     "creditworthiness": "weak"}
    with pytest.raises(GlossaryError, match="weak"):
        g.add_translation(term, "solvency", source="human", status="weak")
    with pytest.raises(GlossaryError, match="weak"):
        g.add_translation(term, "solvency", source="import", status="weak")
    # a re-run refreshes the machine's own row, weak <-> candidate
    g.add_translation(term, "creditworthiness", source="dictionary", score=0.5)
    assert next(r for r in g.translations(term) if r["text"] == "creditworthiness")["status"] == "candidate"
    g.add_translation(term, "creditworthiness", source="dictionary", score=0.05, status="weak")
    assert next(r for r in g.translations(term) if r["text"] == "creditworthiness")["status"] == "weak"
    # approved by a translator: a later weak write from a machine leaves it approved
    row = next(r for r in g.translations(only) if r["text"] == "printed envelopes")
    g.approve(row["id"])
    g.add_translation(only, "printed envelopes", source="dictionary", score=0.01, status="weak")
    assert next(r for r in g.translations(only) if r["text"] == "printed envelopes")["status"] == "approved"
    g.undo()
    assert next(r for r in g.translations(only) if r["text"] == "printed envelopes")["status"] == "weak"
    # rejected stays rejected
    pressed = next(r for r in g.translations(only) if r["text"] == "pressed envelopes")
    g.reject(pressed["id"])
    g.add_translation(only, "pressed envelopes", source="dictionary", score=0.5)
    assert next(r for r in g.translations(only) if r["text"] == "pressed envelopes")["status"] == "rejected"


def test_weak_candidates_come_after_the_suggestions_and_before_the_rejected(weak):
    g, term, only = weak
    rejected = g.set_translation(term, "credit", approve=False)
    g.reject(rejected)
    assert [r["status"] for r in g.translations(term)] == ["candidate", "weak", "rejected"]
    assert [r["status"] for r in vocabulary.sort_translations(reversed(g.translations(term)))] == [
        "candidate", "weak", "rejected"]


def test_every_consumer_ignores_weak_candidates(weak):
    g, term, only = weak
    # the suggestion is chosen everywhere, though the weak one scores higher
    assert set(_everyone(g, term, "kredietwaardigheid").values()) == {"credit rating"}
    from glossary.listing import list_terms

    row = next(r for r in list_terms(g) if r["id"] == only)
    assert row["english"] is None and row["status"] == "untranslated"
    assert vocabulary.listing_status(g.translations(only)) == "untranslated"
    assert vocabulary.chosen(g.translations(only)) is None
    assert g.stats()["translated"] == 1
    # a translation run still sees the weak-only term as missing one
    assert [t["id"] for t in g.iter_terms(only_missing=True)] == [only]


def test_weak_candidates_are_never_exported(weak):
    from glossary import formats

    g, term, only = weak
    for fmt in ("tsv", "csv", "json", "tbx", "po", "xlsx"):  # TMX holds context sentences, not terms
        buf = io.BytesIO()
        formats.export(g, buf, fmt)
        data = buf.getvalue()
        if fmt == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data))
            data = "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row).encode()
        assert b"credit rating" in data, fmt
        assert b"creditworthiness" not in data and b"envelopes" not in data, fmt


def test_files_never_carry_weak_candidates_in(tmp_path, weak):
    from glossary.formats import csv_, json_
    from glossary.formats.model import Entry, Translation

    g, term, only = weak
    # `lookup --json` lists weak candidates; read back as a file they are left out, not an error
    path = tmp_path / "lookup.json"
    path.write_text(json.dumps(g.lookup("gedrukte enveloppen", "kredietwaardigheid")), encoding="utf-8")
    entries = {e.term: e for e in json_.read(path.read_bytes(), path.name)}
    assert [t.text for t in entries["gedrukte enveloppen"].translations] == []
    assert [t.text for t in entries["kredietwaardigheid"].translations] == ["credit rating"]
    # a CSV saying weak is refused in one line
    with pytest.raises(InputError, match="unknown status 'weak'"):
        csv_.read(b"term,english,status\nstem,vote,weak\n", "in.csv")
    # and the import API skips a weak translation handed to it
    report = g.import_entries([Entry("stem", translations=[Translation("vote", "weak")])], origin="api")
    assert report.translations_added == 0


def test_an_imported_english_is_not_hidden_by_a_weak_row_of_the_same_text(weak):
    from glossary.formats.model import Entry, Translation

    g, term, only = weak
    report = g.import_entries([Entry("gedrukte enveloppen", translations=[Translation("printed envelopes")])],
                              origin="colleague.json")
    assert report.translations_added == 1
    rows = {(r["source"], r["status"]) for r in g.translations(only) if r["text"] == "printed envelopes"}
    assert rows == {("dictionary", "weak"), ("import", "candidate")}
    assert vocabulary.chosen(g.translations(only))["text"] == "printed envelopes"
    # an imported approval of a weak row's English approves that row
    report = g.import_entries([Entry("kredietwaardigheid", translations=[Translation("creditworthiness", "approved")])],
                              origin="colleague.json")
    assert vocabulary.approved(g.translations(term))["source"] == "dictionary"


def test_a_decision_taken_back_leaves_a_weak_candidate_weak(weak):
    g, term, only = weak
    pressed = next(r for r in g.translations(only) if r["text"] == "pressed envelopes")
    g.reject(pressed["id"])
    g.unreject(pressed["id"])
    assert next(r for r in g.translations(only) if r["id"] == pressed["id"])["status"] == "weak"
    # approved, then another approved: the first steps back to weak, not to a suggestion
    printed = next(r for r in g.translations(only) if r["text"] == "printed envelopes")
    g.approve(printed["id"])
    g.approve(pressed["id"])
    assert next(r for r in g.translations(only) if r["id"] == printed["id"])["status"] == "weak"
    g.set_translation(only, "printed envelopes (C5)")
    assert {r["text"]: r["status"] for r in g.translations(only)} == {
        "printed envelopes (C5)": "approved", "printed envelopes": "weak", "pressed envelopes": "weak"}
    # a human or imported candidate steps back to a candidate, as before
    assert vocabulary.chosen(g.translations(term))["text"] == "credit rating"


def test_undo_is_not_blocked_by_a_machine_moving_its_row_between_weak_and_candidate(weak):
    g, term, only = weak
    printed = next(r for r in g.translations(only) if r["text"] == "printed envelopes")
    g.approve(printed["id"])
    pressed = next(r for r in g.translations(only) if r["text"] == "pressed envelopes")
    g.approve(pressed["id"])  # printed steps back to weak
    g.add_translation(only, "printed envelopes", source="dictionary", score=0.5)  # a re-run: a suggestion now
    g.undo()  # the second approval
    assert vocabulary.approved(g.translations(only))["text"] == "printed envelopes"


def test_merging_terms_keeps_the_other_terms_decisions_on_a_shared_weak_row(tmp_path):
    with Glossary(tmp_path / "m.db") as g:
        keep, other = g.add_term("krediet"), g.add_term("kredieten")
        for t in (keep, other):
            g.add_translation(t, "credit", source="dictionary", score=0.05, status="weak")
            g.add_translation(t, "loan", source="dictionary", score=0.05, status="weak")
        g.add_translation(other, "credit", source="dictionary", score=0.5)  # a suggestion there
        g.reject(next(r["id"] for r in g.translations(other) if r["text"] == "loan"))
        g.merge_terms(keep, other)
        assert {r["text"]: r["status"] for r in g.translations(keep)} == {"credit": "candidate", "loan": "rejected"}


def test_lookup_lists_weak_candidates_marked_and_search_does_not_find_them(weak, capsys, monkeypatch, tmp_path):
    g, term, only = weak
    record = g.lookup("gedrukte enveloppen")[0]
    # the record's translations stay what they were (no weak ones: scripts read them as before);
    # the weak candidates have a field of their own
    assert record["translations"] == [] and record["approved"] is None
    assert [(t["text"], t["status"]) for t in record["weak"]] == [
        ("printed envelopes", "weak"), ("pressed envelopes", "weak")]
    assert [t["text"] for t in g.lookup("kredietwaardigheid")[0]["translations"]] == ["credit rating"]
    assert g.lookup("kredietwaardigheid")[0]["weak"][0]["text"] == "creditworthiness"
    from glossary.search import search, search_terms

    assert not [h for h in search(g, "envelopes") if h["field"] == "translation"]
    assert [h["id"] for h in search(g, "rating") if h["field"] == "translation"] == [term]
    assert [r["id"] for r in search_terms(g, "", filters={"status": "untranslated"})] == [only]
    assert next(r for r in search_terms(g, "kredietwaardigheid") if r["id"] == term)["translations"] == 1
    assert g.lookup("printed envelopes", reverse=True) == []
    # the human lookup: no chosen English, the weak ones on their own line
    from glossary.cli import main

    monkeypatch.setenv("GLOSSARY_DB", str(g.path))
    assert main(["lookup", "gedrukte enveloppen"]) == 0
    out = capsys.readouterr().out
    assert "(no translation yet)" in out and "weak: printed envelopes 0.030 | pressed envelopes 0.020" in out
    # approve without English picks a suggestion, never a weak one; naming it approves it
    assert main(["approve", "gedrukte enveloppen"]) == 1
    assert "no candidate translation" in capsys.readouterr().err
    assert main(["approve", "gedrukte enveloppen", "printed envelopes"]) == 0
    assert vocabulary.approved(g.translations(only))["text"] == "printed envelopes"


def _fixture_with_weak_only_term(tmp_path, *english: str):
    """The TUI tests' glossary with *overheid*'s English only as weak candidates (best first)."""
    db = build_fixture(tmp_path / "fixture.db")
    with Glossary(db) as g:
        term = g.term_by_key("overheid")["id"]
        for k, text in enumerate(english):
            g.add_translation(term, text, source="dictionary", score=0.05 - 0.01 * k, status="weak")
    return db, term


@pytest.mark.anyio
async def test_the_tui_lists_weak_candidates_under_a_heading_never_as_the_first_row(tmp_path):
    from textual.widgets import OptionList

    db, term = _fixture_with_weak_only_term(tmp_path, "government", "authorities")
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_term(pilot, "overheid")
        options = app.screen.query_one("#candidates", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith("weak: below the suggestion floor") and options.get_option_at_index(0).disabled
        assert "government" in prompts[1] and "weak" in prompts[1] and "authorities" in prompts[2]
        assert app.screen.table.get_row_at(0)[4] in ("", None)  # no chosen English in the table
        # a on the heading approves nothing; on a weak candidate it approves that one
        options.highlighted = 0
        await pilot.press("a")
        await pilot.pause()
        with Glossary(db) as g:
            assert vocabulary.approved(g.translations(term)) is None
        options.highlighted = 1
        await pilot.press("a")
        await pilot.pause()
        with Glossary(db) as g:
            assert vocabulary.approved(g.translations(term))["text"] == "government"
        await pilot.press("ctrl+q")


@pytest.mark.anyio
async def test_review_highlights_the_first_weak_candidate_of_a_term_with_no_suggestion(tmp_path):
    db, term = _fixture_with_weak_only_term(tmp_path, "government")
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"overheid", "escape")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause(0.5)
        screen = app.screen
        for _ in range(100):
            if getattr(screen, "ready", True) and screen.detail.detail is not None:
                break
            await pilot.pause(0.05)
        assert screen.detail.detail.term["term"] == "overheid"
        await pilot.press("a")
        await pilot.pause()
        with Glossary(db) as g:
            assert vocabulary.approved(g.translations(term))["text"] == "government"
        await pilot.press("ctrl+q")
