"""The terminal UI, driven with Textual's Pilot: keys in, widget state and database out."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary import Glossary
from glossary.extract import Extraction, Occurrence, Sentence, Term
from glossary.ingest import Document

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # make test-fast leaves these out


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


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (a worker thread finished, say)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        assert time.perf_counter() < deadline, "timed out"
        await pilot.pause(0.05)


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
    from glossary.config import default_actor

    assert db_rows(fixture_db, "SELECT action, actor FROM history") == [("approve", default_actor())]


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
        await pilot.press("delete")
        await pilot.pause()
        assert str(app.screen.table.get_row_at(0)[5]) == "rejected"
        await pilot.press("ctrl+z")
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
        await pilot.press("delete")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT status FROM translations WHERE text='social credit'") == [("rejected",)]
        # the rejected one sorts last: highlight it and press Delete again
        await pilot.press("end", "delete")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT status FROM translations WHERE text='social credit'") == [("candidate",)]
    assert [r[0] for r in db_rows(fixture_db, "SELECT action FROM history ORDER BY id")] == ["reject", "unreject"]


async def test_note_and_not_a_term(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"guanxi", "escape", "n", *"keep untranslated", "enter")
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT note FROM terms WHERE key='guanxi'") == [("keep untranslated",)]
        await pilot.press("slash", *["backspace"] * 6, *"rekening", "escape", "ctrl+x")
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
        from glossary_tui.screens import AskScreen

        assert isinstance(app.screen, AskScreen)  # a merge is confirmed first
        await pilot.press("y")
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
                       "Merge variants", "Translate this term now", "Undo", "Review", "Export", "Help"):
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
    import threading

    import glossary_tui.app

    release = threading.Event()

    def slow_translate(g, term_id, progress=None):
        progress("translating…")
        release.wait(30)  # runs until the test lets it finish
        g.add_translation(term_id, "citizen accounts", source="mt", origin="fake", score=0.5)
        return "1 new candidate"

    monkeypatch.setattr(glossary_tui.app, "translate_one", slow_translate)
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"rekening", "escape", "T")
        await pilot.press("slash")  # the UI keeps answering while the worker runs
        assert app.focused.id == "search"
        assert app.screen.translating  # still translating: the key was not waiting for it
        release.set()
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


# -- key safety: a burst of keys meant for a text box never runs a command ----------------------


def burst(app, keys) -> None:
    """Deliver keys the way a paste, tmux send-keys or a slow SSH link does: all at once, each
    queued before the previous one is handled (Pilot's press waits for the app between keys)."""
    from textual import events

    names = {"/": "slash", " ": "space", "?": "question_mark"}
    for key in keys:
        name = names.get(key, key)
        app.post_message(events.Key(name, key if len(key) == 1 else None))


HISTORY = "SELECT action FROM history ORDER BY id"


async def test_burst_after_slash_lands_in_search_box(fixture_db):
    """`/` then letters in one press call (and as one queued burst): every letter is typed into
    the search box, none reaches a binding (r, x, u, a, m, n, e, t, f, d used to act)."""
    from glossary_tui.app import MainScreen

    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        assert app.focused.id == "terms"
        await pilot.press("/", "r", "r", "b", "u", "x", "a", "m", "n", "e", "t", "f", "d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.focused.id == "search"
        assert app.screen.query_one("#search").value == "rrbuxamnetfd"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused.id == "terms"
        burst(app, ["/", "ctrl+u", *"burgerscore", "ctrl+u", *"rr", "backspace", *"xaum"])  # as in the issue
        for _ in range(5):
            await pilot.pause(0.05)
        assert isinstance(app.screen, MainScreen) and app.focused.id == "search"
        assert app.screen.query_one("#search").value == "rxaum"
    assert db_rows(fixture_db, HISTORY) == []


async def test_burst_after_type_key_lands_in_prompt(fixture_db):
    """`t` + a translation + Enter as one burst: the whole text is saved, nothing else runs."""
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"overheid", "escape")
        await pilot.pause()
        burst(app, ["t", *"the state", "enter"])
        for _ in range(5):
            await pilot.pause(0.05)
    assert db_rows(fixture_db, "SELECT text, source, status FROM translations WHERE source='human'") == [
        ("the state", "human", "approved")]
    assert db_rows(fixture_db, HISTORY) == [("add",)]


async def test_destructive_actions_are_not_on_letter_keys(fixture_db):
    """r, x, u (the old reject / not-a-term / undo keys) only say where the command moved."""
    app = make_app(fixture_db)
    said = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify = lambda message, **kw: said.append(message)
        await pilot.press("escape", "r", "x", "u")
        await pilot.pause()
        assert any("Delete" in m for m in said) and any("Ctrl+X" in m for m in said)
        assert rows(app)[0] == "sociaal krediet"
    assert db_rows(fixture_db, HISTORY) == []


async def test_approve_over_an_approved_translation_asks_first(fixture_db):
    from glossary_tui.screens import AskScreen

    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_term(pilot, "sociaal krediet")
        await pilot.press("a")  # social credit: nothing approved yet, no question
        await pilot.pause()
        assert not isinstance(app.screen, AskScreen)
        await pilot.press("down", "a")  # social loan would replace it: asked
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and "social credit" in app.screen.question
        await pilot.press("r")  # any key but y cancels
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT text FROM translations WHERE status='approved'") == [("social credit",)]
        await pilot.press("a", "y")
        await pilot.pause()
    assert db_rows(fixture_db, "SELECT text FROM translations WHERE status='approved'") == [("social loan",)]
    assert db_rows(fixture_db, HISTORY) == [("approve",), ("approve",)]


# -- search through the lookup levels ----------------------------------------------------------------


async def test_search_inflected_form_finds_the_lemma(fixture_db):
    """`kredieten` finds krediet (and its family), as `glossary lookup kredieten` does."""
    from textual.widgets import Static

    with Glossary(fixture_db, create=False) as g:
        expected = g.lookup("kredieten")[0]
    assert expected["term"] == "krediet" and expected["match"] == "lemma"
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"kredieten")
        await pilot.pause()
        assert rows(app)[0] == "krediet"
        assert "kredietwaardigheid" in rows(app)  # the family of the lemma follows
        hint = str(app.screen.query_one("#hint", Static).render())
        assert "krediet" in hint and "lemma" in hint
        await pilot.press(*["backspace"] * 9, *"rekeningen")  # a known variant
        await pilot.pause()
        assert rows(app)[0] == "rekening"


async def test_search_typo_shows_did_you_mean(fixture_db):
    from textual.widgets import Static

    def hint() -> str:
        return str(app.screen.query_one("#hint", Static).render())

    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"kredeitwaardigheid")
        await until(pilot, lambda: "did you mean" in hint())
        assert "kredietwaardigheid" in hint()
        assert rows(app)[0] == "kredietwaardigheid"
        await pilot.press(*["backspace"] * 18, *"zzzzqqq")
        await until(pilot, lambda: "looking" not in hint())
        assert rows(app) == []
        assert "no terms match" in str(app.screen.query_one("#filters", Static).render())


# -- undo and edit ------------------------------------------------------------------------------------


async def test_undo_names_the_term_and_the_change(fixture_db):
    app = make_app(fixture_db)
    said = []
    async with app.run_test(size=(100, 30)) as pilot:
        await open_term(pilot, "kredietwaardigheid")
        app.notify = lambda message, **kw: said.append(message)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
    undo = [m for m in said if m.startswith("undid")]
    assert len(undo) == 1
    assert "approve" in undo[0] and "creditworthiness" in undo[0] and "kredietwaardigheid" in undo[0]
    assert db_rows(fixture_db, "SELECT count(*) FROM translations WHERE status='approved'") == [(0,)]


async def test_editing_a_candidate_asks_whether_it_becomes_approved(fixture_db):
    from glossary_tui.screens import AskScreen

    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_term(pilot, "sociaal krediet")
        await pilot.press("a")  # social credit approved
        await pilot.pause()
        await pilot.press("down", "e", "ctrl+a", "ctrl+k", *"social lending", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("n")  # keep it a candidate: the approved one stays
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT text FROM translations WHERE status='approved'") == [("social credit",)]
        assert db_rows(fixture_db, "SELECT status FROM translations WHERE text='social lending'") == [("candidate",)]
        await pilot.press("escape", "enter", "end", "e", "ctrl+a", "ctrl+k", *"social scoring", "enter")
        await pilot.pause()
        await pilot.press("escape")  # Escape: nothing saved
        await pilot.pause()
        assert db_rows(fixture_db, "SELECT count(*) FROM translations WHERE text='social scoring'") == [(0,)]


# -- review mode -----------------------------------------------------------------------------------


async def open_review(app, pilot):
    from glossary_tui.review import ReviewScreen

    await pilot.press("escape", "ctrl+r")
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.ready)
    await pilot.pause()
    return app.screen


def status_line(screen) -> str:
    return str(screen.query_one("#review-status").render())


async def test_review_approve_and_next_skip_type_undo(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_review(app, pilot)
        # every term needs a decision: 4 with candidates only, 4 untranslated
        assert len(review.queue) == len(TERMS)
        assert "0 / 8 decided" in status_line(review)
        first = review.current_id
        assert review.detail.detail.term["term"] == "sociaal krediet"
        await pilot.press("a")  # approve the highlighted candidate, go on
        await pilot.pause()
        assert "1 / 8 decided" in status_line(review)
        assert review.current_id != first
        second = review.detail.detail.term["term"]
        await pilot.press("s")  # skip
        await pilot.pause()
        assert "1 skipped" in status_line(review)
        third = review.detail.detail.term["term"]
        await pilot.press("t", *"my own", "enter")  # type your own: approved, next
        await pilot.pause()
        assert "2 / 8 decided" in status_line(review)
        await pilot.press("ctrl+z")  # undo: back to that term, undecided again
        await pilot.pause()
        assert "1 / 8 decided" in status_line(review)
        assert review.detail.detail.term["term"] == third
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.table.row_count == len(TERMS)
    assert second != third
    assert db_rows(fixture_db, "SELECT t.term, x.text FROM translations x JOIN terms t ON t.id=x.term_id"
                   " WHERE x.status='approved'") == [("sociaal krediet", "social credit")]
    assert [r[0] for r in db_rows(fixture_db, HISTORY)] == ["approve", "add", "undo"]


async def test_review_keeps_kind_filter_and_counts_to_the_end(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "k", "k")  # kind: name
        await pilot.pause()
        review = await open_review(app, pilot)
        assert [review.reason[i] for i in review.queue] == ["untranslated"]
        assert "kind: name" in status_line(review) and "doc:" not in status_line(review)
        await pilot.press("t", *"Sesame Credit", "enter")
        await pilot.pause()
        assert "1 / 1 decided" in status_line(review)
        assert "All 1 terms of the queue are decided" in str(review.query_one("#detail-title").render())


async def test_review_conflict_is_queued(fixture_db):
    with Glossary(fixture_db, create=False) as g:
        term_id = g.term_by_key("krediet")["id"]
        g.approve(g.translations(term_id)[0]["id"])
        g.add_translation(term_id, "loan", source="import", origin="colleague.tbx")
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_review(app, pilot)
        assert review.reason[term_id] == "conflict"


# -- screens -------------------------------------------------------------------------------------


async def test_first_run_screen_says_how_to_build(tmp_path):
    from textual.widgets import Static

    db = tmp_path / "empty.db"
    Glossary(db).close()
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen.query_one("#first-run", Static)
        assert first.display and not app.screen.table.display
        text = str(first.render())
        assert "glossary --db" in text and "empty.db build DOCS" in text


async def test_detail_heading_and_contexts_name_their_documents(fixture_db):
    from textual.widgets import Static

    app = make_app(fixture_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#detail-title", Static).render())
        assert title.startswith("sociaal krediet · term · freq 2 · docs 2")
        body = str(app.screen.query_one("#detail-body", Static).render()).splitlines()
        lines = [line for line in body if "sociaal krediet" in line and ("beloont" in line or "koppelt" in line)]
        assert len(lines) == 2
        assert lines[0].lstrip().startswith("beleid.txt") and lines[1].lstrip().startswith("techniek.txt")


async def test_review_keeps_status_filter(fixture_db):
    """Filtering the table to `candidate` first reviews only the terms with candidates."""
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape", "f", "f")  # status: candidate
        await pilot.pause()
        review = await open_review(app, pilot)
        assert set(review.reason.values()) == {"candidates"} and len(review.queue) == 4
        for _ in range(4):
            await pilot.press("a")
            await pilot.pause()
        assert "4 / 4 decided" in status_line(review)
    assert db_rows(fixture_db, "SELECT count(*) FROM translations WHERE status='approved'") == [(4,)]


async def test_burst_with_editing_keys_in_a_prompt_keeps_their_order(fixture_db):
    """In the edit prompt, Ctrl+U then a new text in one burst: the text is cleared first, then
    typed (Textual would otherwise run the Input's Ctrl+U after the letters)."""
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"overheid", "escape", "t", *"the state", "enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        burst(app, ["ctrl+u", *"governmentt", "backspace", "enter"])
        for _ in range(5):
            await pilot.pause(0.05)
    assert db_rows(fixture_db, "SELECT text FROM translations WHERE source='human'") == [("government",)]


async def test_review_keeps_an_inflected_search(fixture_db):
    """The review queue finds terms through the same lookup levels as the table's search:
    an inflected form (*kredieten*) reviews *krediet* (the queue once opened the store class
    without the lookup facade and silently found nothing)."""
    with Glossary(fixture_db, create=False) as g:
        term_id = g.term_by_key("krediet")["id"]
    app = make_app(fixture_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"kredieten", "escape")
        await pilot.pause()
        review = await open_review(app, pilot)
        assert review.queue and review.queue[0] == term_id


def test_export_from_the_tui_refuses_the_live_glossary(fixture_db, tmp_path):
    """The TUI's export writes through a temporary file and never over the glossary itself."""
    from glossary_tui.data import Query, export_glossary

    from glossary.errors import GlossaryError

    before = fixture_db.read_bytes()
    with Glossary(fixture_db, create=False) as g:
        with pytest.raises(GlossaryError, match="the glossary itself"):
            export_glossary(g, "json", str(fixture_db), Query())
        out = tmp_path / "g.json"
        assert export_glossary(g, "json", str(out), Query()) > 0
    assert fixture_db.read_bytes() == before
    assert out.read_bytes().startswith(b"[") and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
