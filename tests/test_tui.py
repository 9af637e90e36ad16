"""The terminal UI, driven with Textual's Pilot: keys in, widget state and database out."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary.extract import Extraction, Occurrence, Sentence, Term
from glossary.ingest import Document
from glossary.store import Glossary

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


DOCS = [
    ("beleid.txt", [
        "Het sociaal krediet beloont burgers die hun rekeningen op tijd betalen.",
        "Critici noemen het sociaal kredietsysteem een vorm van surveillance.",
        "Banken kijken naar de kredietwaardigheid van bedrijven.",
    ]),
    ("techniek.txt", [
        "Zonder guanxi krijgt een bedrijf geen krediet.",
        "Sesame Credit berekent een score voor iedere gebruiker.",
        "De overheid koppelt het sociaal krediet aan de kredietwaardigheid.",
    ]),
]

# term, key, kind, score, parts, variants, [(doc, sentence, surface)]
TERMS = [
    ("sociaal krediet", "sociaal krediet", "term", 9.0, [], ["sociale krediet"],
     [(0, 0, "sociaal krediet"), (1, 2, "sociaal krediet")]),
    ("sociaal kredietsysteem", "sociaal kredietsysteem", "term", 8.0, [], ["Sociaal Krediet Systeem"],
     [(0, 1, "sociaal kredietsysteem")]),
    ("kredietwaardigheid", "kredietwaardigheid", "term", 7.0, ["krediet", "waardigheid"], [],
     [(0, 2, "kredietwaardigheid"), (1, 2, "kredietwaardigheid")]),
    ("guanxi", "guanxi", "loanword", 6.0, [], [], [(1, 0, "guanxi")]),
    ("Sesame Credit", "sesame credit", "name", 5.0, [], [], [(1, 1, "Sesame Credit")]),
    ("krediet", "krediet", "term", 4.0, [], [], [(1, 0, "krediet")]),
    ("overheid", "overheid", "term", 3.0, [], [], [(1, 2, "overheid")]),
    ("rekening", "rekening", "term", 2.0, [], ["rekeningen"], [(0, 0, "rekeningen")]),
]

# term -> [(text, source, origin, score)]
TRANSLATIONS = {
    "sociaal krediet": [("social credit", "mt", "argos", 0.91), ("social loan", "dictionary", "freedict", 0.4)],
    "kredietwaardigheid": [("creditworthiness", "dictionary", "freedict", 0.8)],
    "krediet": [("credit", "tm", "memory.tmx", 0.7)],
    "guanxi": [("guanxi", "mt", "argos", 0.5)],
}


def build_fixture(path: Path) -> Path:
    """A small deterministic glossary built through the library API."""
    with Glossary(path) as g:
        doc_ids, sentences = [], []
        for name, sents in DOCS:
            text = " ".join(sents)
            doc_id, _ = g.add_document(Document(path=Path(name), name=name, format="txt", title=name, text=text))
            doc_ids.append(doc_id)
            spans, pos = [], 0
            for s in sents:
                start = text.index(s, pos)
                spans.append(Sentence(start, start + len(s), s))
                pos = start + len(s)
            sentences.append(spans)
        terms = []
        for term, key, kind, score, parts, variants, occs in TERMS:
            occurrences = []
            for doc, sent, surface in occs:
                s = sentences[doc][sent].text
                start = s.index(surface)
                occurrences.append(Occurrence(doc, sent, start, start + len(surface), surface))
            terms.append(Term(term=term, key=key, lemma=key, kind=kind, score=score, frequency=len(occs),
                              doc_count=len({o[0] for o in occs}), variants=variants, parts=parts,
                              occurrences=occurrences))
        g.store_extraction(doc_ids, Extraction(sentences=sentences, terms=terms))
        for term, items in TRANSLATIONS.items():
            term_id = g.term_by_key(term)["id"]
            for text, source, origin, score in items:
                g.add_translation(term_id, text, source=source, origin=origin, score=score)
        g.add_sentence_translation(DOCS[0][1][0], "Social credit rewards citizens who pay their bills on time.",
                                   origin="argos")
    return path


@pytest.fixture
def fixture_db(tmp_path) -> Path:
    return build_fixture(tmp_path / "fixture.db")


def make_app(db: Path):
    from glossary_tui.app import GlossaryApp

    return GlossaryApp(db)


def rows(app) -> list[str]:
    table = app.screen.table
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def db_rows(db: Path, sql: str, *params) -> list[tuple]:
    with Glossary(db, create=False) as g:
        return [tuple(r) for r in g.conn.execute(sql, params)]


async def open_term(pilot, text: str) -> None:
    """Search ``text``, go to the table (first hit highlighted), open its candidates."""
    await pilot.press("slash", *text, "escape", "enter")
    await pilot.pause()


# -- start-up and navigation ------------------------------------------------------------------


async def test_opens_with_search_focused_and_terms_listed(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.focused.id == "search"
        assert rows(app)[:3] == ["sociaal krediet", "sociaal kredietsysteem", "kredietwaardigheid"]
        assert len(rows(app)) == len(TERMS)
        await pilot.press("escape")
        assert app.focused.id == "terms"
        await pilot.press("slash")
        assert app.focused.id == "search"
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_search_as_you_type_dutch_and_english(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"krediet")
        await pilot.pause()
        assert set(rows(app)) == {"sociaal krediet", "sociaal kredietsysteem", "kredietwaardigheid", "krediet"}
        assert rows(app)[0] == "krediet"  # the exact match first
        await pilot.press(*["backspace"] * 7, *"creditw")
        await pilot.pause()
        assert rows(app) == ["kredietwaardigheid"]  # English prefix
        await pilot.press(*["backspace"] * 7, *'"(*')
        await pilot.pause()
        assert app.screen.table.row_count == 0  # odd input never breaks the UI
        await pilot.press(*["backspace"] * 3)
        await pilot.pause()
        assert len(rows(app)) == len(TERMS)


async def test_detail_pane_shows_candidates_contexts_and_documents(fixture_db):
    from textual.widgets import OptionList, Static

    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        detail = app.screen.detail.detail
        assert detail.term["term"] == "sociaal krediet"
        options = app.screen.query_one("#candidates", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "social credit" in prompts[0] and "MT" in prompts[0] and "0.91" in prompts[0]
        assert "social loan" in prompts[1] and "dictionary" in prompts[1]
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "Social credit rewards citizens" in body  # English of the context
        assert "beleid.txt, techniek.txt" in body
        assert "sociale krediet" in body  # variant
        assert "sociaal kredietsysteem" in body  # related


# -- actions: every change through the library, in the history table ----------------------------


async def test_approve_highlighted_candidate(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_term(pilot, "sociaal krediet")
        assert app.focused.id == "candidates"
        await pilot.press("down", "a")
        await pilot.pause()
        assert app.screen.table.get_row_at(0)[4] == "social loan"
        # committed at once: another connection sees it while the app still runs (crash-safe)
        assert db_rows(fixture_db, "SELECT text FROM translations WHERE status='approved'") == [("social loan",)]
        await pilot.press("ctrl+q")
    assert db_rows(fixture_db, "SELECT text FROM translations WHERE status='approved'") == [("social loan",)]
    assert db_rows(fixture_db, "SELECT action, actor FROM history") == [("approve", "user")]


async def test_approve_from_table_takes_chosen_translation(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "a")
        await pilot.pause()
    assert db_rows(fixture_db, "SELECT text FROM translations WHERE status='approved'") == [("social credit",)]


async def test_type_edit_reject_undo(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"overheid", "escape", "t")
        await pilot.pause()
        await pilot.press(*"government", "enter")
        await pilot.pause()
        assert app.screen.table.get_row_at(0)[4] == "government"
        assert db_rows(fixture_db, "SELECT text, source, status FROM translations t JOIN"
                       " (SELECT id AS tid FROM terms WHERE key='overheid') ON t.term_id=tid") == [
            ("government", "human", "approved")]
        await pilot.press("e", *["backspace"] * 10, *"the state", "enter")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT text FROM translations WHERE source='human'") == [("the state",)]
        await pilot.press("r")
        await pilot.pause()
        assert str(app.screen.table.get_row_at(0)[5]) == "rejected"
        await pilot.press("u")
        await pilot.pause()
        assert str(app.screen.table.get_row_at(0)[5]) == "approved"
        await pilot.press("escape")  # a cancelled prompt changes nothing
        await pilot.press("t", *"abc", "escape")
        await pilot.pause()
    actions = [r[0] for r in db_rows(fixture_db, "SELECT action FROM history ORDER BY id")]
    assert actions == ["add", "edit", "reject", "undo"]
    assert db_rows(fixture_db, "SELECT status FROM translations WHERE source='human'") == [("approved",)]


async def test_reject_toggles_in_candidate_list(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_term(pilot, "sociaal krediet")
        await pilot.press("r")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT status FROM translations WHERE text='social credit'") == [("rejected",)]
        # the rejected one sorts last: highlight it and press r again
        await pilot.press("end", "r")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT status FROM translations WHERE text='social credit'") == [("candidate",)]
    assert [r[0] for r in db_rows(fixture_db, "SELECT action FROM history ORDER BY id")] == ["reject", "unreject"]


async def test_note_and_not_a_term(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"guanxi", "escape", "n", *"keep untranslated", "enter")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT note FROM terms WHERE key='guanxi'") == [("keep untranslated",)]
        await pilot.press("slash", *["backspace"] * 6, *"rekening", "escape", "x")
        await pilot.pause()
        assert rows(app) == []
        await pilot.press("slash", *["backspace"] * 8, "escape")
        await pilot.pause()
        assert "rekening" not in rows(app)
        await pilot.press(*"fffff")  # status filter: ... -> not-a-term
        await pilot.pause()
        assert app.screen.q.status == "not-a-term"
        assert rows(app) == ["rekening"]
    assert db_rows(fixture_db, "SELECT status FROM terms WHERE key='rekening'") == [("not_a_term",)]
    assert [r[0] for r in db_rows(fixture_db, "SELECT action FROM history ORDER BY id")] == ["note", "not_a_term"]


async def test_merge_variant(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "m")
        await pilot.pause()
        await pilot.press(*"kredietsys", "enter")
        await pilot.pause()
        assert "sociaal kredietsysteem" not in rows(app)
    assert db_rows(fixture_db, "SELECT status FROM terms WHERE key='sociaal kredietsysteem'") == [("not_a_term",)]
    (note,), = db_rows(fixture_db, "SELECT note FROM terms WHERE key='sociaal krediet'")
    assert "merged: sociaal kredietsysteem" in note


async def test_filters_and_sorting(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "f")  # untranslated
        await pilot.pause()
        assert set(rows(app)) == {"sociaal kredietsysteem", "Sesame Credit", "overheid", "rekening"}
        await pilot.press("f")  # candidate
        assert set(rows(app)) == {"sociaal krediet", "kredietwaardigheid", "krediet", "guanxi"}
        await pilot.press("f", "f", "f", "f")  # approved, rejected, not-a-term, all
        assert app.screen.q.status == "all"
        await pilot.press("k")  # kind: term
        assert "guanxi" not in rows(app) and "Sesame Credit" not in rows(app)
        await pilot.press("k")  # name
        assert rows(app) == ["Sesame Credit"]
        await pilot.press("k", "k", "s")  # kind any; sort by term
        assert rows(app)[:2] == ["guanxi", "krediet"]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # techniek.txt
        await pilot.pause()
        assert set(rows(app)) == {"guanxi", "Sesame Credit", "krediet", "overheid", "sociaal krediet",
                                  "kredietwaardigheid"}
        filters = str(app.screen.query_one("#filters").render())
        assert "doc: techniek.txt" in filters and "sort: term" in filters


async def test_help_screen_and_palette(fixture_db):
    from glossary_tui.screens import HelpScreen

    app = make_app(fixture_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Approve", "Type a translation", "Reject / un-reject", "Note", "Not a term",
                       "Merge variants", "Translate this term now", "Undo", "Export", "Help"):
            assert wanted in titles


async def test_export_picks_format_and_path(fixture_db, tmp_path):
    app = make_app(fixture_db)
    out = tmp_path / "out.tsv"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "ctrl+e")
        await pilot.pause()
        from glossary_tui.screens import ChoiceScreen

        assert isinstance(app.screen, ChoiceScreen)
        index = [c[1] for c in app.screen.choices].index("tsv")
        await pilot.press(*["down"] * index, "enter")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *str(out), "enter")  # replace the default path
        await app.workers.wait_for_complete()
        await pilot.pause()
    text = out.read_text(encoding="utf-8")
    assert "sociaal krediet" in text and "creditworthiness" in text


async def test_translate_now_runs_in_a_worker(fixture_db, monkeypatch):
    import glossary_tui.app

    def slow_translate(g, term_id, progress=None):
        progress("translating…")
        time.sleep(0.5)
        g.add_translation(term_id, "citizen accounts", source="mt", origin="fake", score=0.5)
        return "1 new candidate"

    monkeypatch.setattr(glossary_tui.app, "translate_one", slow_translate)
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"rekening", "escape", "T")
        started = time.perf_counter()
        await pilot.press("slash")  # the UI keeps answering while the worker runs
        assert app.focused.id == "search"
        assert time.perf_counter() - started < 0.4
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.table.get_row_at(0)[4] == "citizen accounts"


async def test_paging_loads_more_rows(tmp_path):
    from glossary_tui.data import PAGE

    db = tmp_path / "many.db"
    with Glossary(db) as g, g.transaction():
        g.conn.executemany(
            "INSERT INTO terms(key, term, lemma, kind, score, frequency, doc_count, status, origin)"
            " VALUES(?,?,?,'term',?,1,1,'active','extracted')",
            [(f"term{i:04d}", f"term{i:04d}", f"term{i:04d}", 1000 - i) for i in range(PAGE + 50)],
        )
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.table.row_count == PAGE
        await pilot.press("escape", "end")
        await pilot.pause()
        assert app.screen.table.row_count == PAGE + 50


def test_missing_database_is_an_error(tmp_path, capsys):
    from glossary_tui.app import run_app

    assert run_app(tmp_path / "nope.db") == 1
    assert "no glossary at" in capsys.readouterr().err


def test_library_never_imports_textual_and_tui_start_is_light():
    for path in (ROOT / "glossary").rglob("*.py"):
        assert not re.search(r"^\s*(from|import) textual", path.read_text(encoding="utf-8"), re.M), path
    code = ("import sys, glossary_tui.app; heavy = [m for m in ('argostranslate', 'ctranslate2', 'torch', 'stanza', 'spacy')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
