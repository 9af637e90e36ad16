"""Issue 14: the store at the bottom, one chosen-English rule everyone uses, every write through
the store (imports, term merges), undo per actor that never touches another user's work."""

from __future__ import annotations

import ast
import io
import shutil
import subprocess
import sys

import pytest

from glossary import Glossary, vocabulary
from glossary.errors import GlossaryError
from tests.conftest import CORPUS, ROOT

# -- layering -----------------------------------------------------------------------------------

#: what the store may import from the package: nothing above it
STORE_MAY_IMPORT = {"glossary", "glossary.config", "glossary.errors", "glossary.keys",
                    "glossary.vocabulary", "glossary.schema", "glossary.files"}


def _glossary_imports(path) -> set[str]:
    """Every ``glossary.*`` module a file imports, at top level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "glossary":
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names
                         if (ROOT / node.module.replace(".", "/") / f"{a.name}.py").exists())
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "glossary")
    return found


def test_store_imports_nothing_above_it(tmp_path):
    for name in ("store", "schema", "keys", "vocabulary", "config", "errors", "files"):
        imports = _glossary_imports(ROOT / "glossary" / f"{name}.py")
        assert imports <= STORE_MAY_IMPORT, f"glossary/{name}.py imports {sorted(imports - STORE_MAY_IMPORT)}"
    # and at run time: opening a glossary and writing to it loads no query module
    code = ("import sys; from glossary.store import Glossary; g = Glossary(sys.argv[1]);"
            " t = g.add_term('krediet'); g.set_translation(t, 'credit'); g.undo(); g.close();"
            " print(' '.join(sorted(m for m in sys.modules if m.startswith('glossary'))))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "g.db")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert set(out.stdout.split()) <= STORE_MAY_IMPORT | {"glossary.store"}, out.stdout


def test_no_sql_writes_outside_the_store():
    import re

    write = re.compile(r"\b(INSERT|UPDATE|DELETE)\b\s+(INTO|OR|FROM|\w+\s+SET)")
    offenders = []
    for path in sorted((ROOT / "glossary").rglob("*.py")) + sorted((ROOT / "tui").rglob("*.py")):
        if path.name in ("store.py", "schema.py"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if write.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


# -- one chosen English -----------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path):
    """A term with mixed candidates: imported 'credit rating' (no score), MT 'creditworthiness'
    (a high score), dictionary 'solvency', a rejected human 'credit'."""
    g = Glossary(tmp_path / "mixed.db", actor="ann")
    term = g.add_term("kredietwaardigheid")
    g.add_translation(term, "creditworthiness", source="mt", score=0.93, origin="argos")
    g.add_translation(term, "solvency", source="dictionary", score=0.6, origin="freedict")
    g.add_translation(term, "credit rating", source="import", origin="colleague.tbx")
    rejected = g.set_translation(term, "credit", approve=False)
    g.reject(rejected)
    other = g.add_term("sociaal krediet")
    g.add_translation(other, "social credit", source="mt", score=0.5)
    g.add_translation(other, "social scoring", source="mt", score=0.5)  # a tie: the older id wins
    yield g, term, other
    g.close()


def _everyone(g, term_id: int, dutch: str) -> dict[str, str | None]:
    """The English each consumer shows for one term."""
    from glossary import formats
    from glossary.annotate import annotate
    from glossary.formats.model import collect
    from glossary.listing import list_terms
    from glossary.matcher import matcher_for
    from glossary.search import search_terms
    from tui.data import Query, fetch_page, fetch_row

    out: dict[str, str | None] = {}
    out["terms"] = next(r["english"] for r in list_terms(g) if r["id"] == term_id)
    out["lookup"] = g.lookup(dutch)[0]["translations"][0]["text"]
    out["search"] = next(r["translation"] for r in search_terms(g, dutch) if r["id"] == term_id)
    out["annotate"] = next(s["translation"] for s in annotate(g, f"Over de {dutch} van mensen.") if s["id"] == term_id)
    out["check/matcher"] = matcher_for(g).terms[term_id].translation
    out["export model"] = next(e.chosen().text for e in collect(g) if e.id == term_id)
    buf = io.BytesIO()
    formats.export(g, buf, "tsv")
    out["export tsv"] = next(line.split("\t")[1] for line in buf.getvalue().decode().splitlines()
                             if line.split("\t")[0] == dutch)
    out["tui row"] = fetch_row(g, term_id)["english"]
    out["tui page"] = next(r["english"] for r in fetch_page(g, Query()) if r["id"] == term_id)
    out["python rule"] = vocabulary.chosen(g.translations(term_id))["text"]
    return out


def test_every_consumer_shows_the_same_chosen_english(mixed):
    g, term, other = mixed
    shown = _everyone(g, term, "kredietwaardigheid")
    assert set(shown.values()) == {"credit rating"}, shown  # import outranks machine candidates
    assert set(_everyone(g, other, "sociaal krediet").values()) == {"social credit"}
    # once approved, the approved one everywhere
    mt = next(t for t in g.translations(term) if t["text"] == "creditworthiness")
    g.approve(mt["id"])
    assert set(_everyone(g, term, "kredietwaardigheid").values()) == {"creditworthiness"}


def test_sql_and_python_rules_agree_on_random_translations(tmp_path):
    import random

    rng = random.Random(14)
    with Glossary(tmp_path / "r.db") as g:
        from glossary.listing import list_terms

        for n in range(60):
            term = g.add_term(f"term {n}")
            for k in range(rng.randint(0, 5)):
                source = rng.choice(sorted(vocabulary.SOURCES))
                score = rng.choice([None, 0.5, 0.7, 0.7])
                weak = source in vocabulary.MACHINE_SOURCES and rng.random() < 0.3  # below the floor
                tid = g.add_translation(term, f"text {k}", source=source, score=score,
                                        status="weak" if weak else "candidate")
                if rng.random() < 0.2:
                    g.reject(tid)
            if rng.random() < 0.2 and g.translations(term):
                g.approve(rng.choice(g.translations(term))["id"])
        for row in list_terms(g):
            best = vocabulary.chosen(g.translations(row["id"]))
            assert row["english"] == (best["text"] if best else None)
            assert row["status"] == vocabulary.listing_status(g.translations(row["id"]))


# -- imports through the store ------------------------------------------------------------------

APPROVE = 5


@pytest.fixture(scope="module")
def corpus_pair(tmp_path_factory):
    """Glossary A and B built from data/corpus, the same MT candidates in both; A approves 5."""
    from glossary.build import build

    if not CORPUS.is_dir():
        pytest.skip("data/corpus not present")
    base = tmp_path_factory.mktemp("pair")
    with Glossary(base / "b.db", actor="bert") as g:
        build(g, [CORPUS], translate=False)
        for i, term in enumerate(g.iter_terms()):
            if i < 40:
                g.add_translation(term["id"], f"english {i}", source="mt", score=0.5, origin="test-model")
                g.add_translation(term["id"], f"other {i}", source="dictionary", score=0.4, origin="test-dict")
    shutil.copy(base / "b.db", base / "a.db")
    approved = {}
    with Glossary(base / "a.db", actor="anna") as g:
        for term in list(g.iter_terms())[5:40:7][:APPROVE]:
            tr = next(t for t in g.translations(term["id"]) if t["source"] == "dictionary")
            g.approve(tr["id"])
            approved[term["term"]] = tr["text"]
    assert len(approved) == APPROVE
    return base, approved


#: formats that carry statuses (an approval survives); tmx is a sentence memory (no import)
STATUS_FORMATS = ["tbx", "tbx2", "json", "jsonl", "csv", "xlsx", "po", "tsv"]


@pytest.mark.parametrize("fmt", STATUS_FORMATS)
def test_approvals_carry_over_in_every_format(corpus_pair, fmt, tmp_path):
    from glossary import formats

    base, approved = corpus_pair
    options = {"tbx_version": 2} if fmt == "tbx2" else {}
    name = "tbx" if fmt == "tbx2" else fmt
    out = tmp_path / f"a.{name}"
    with Glossary(base / "a.db") as a, open(out, "wb") as f:
        formats.export(a, f, name, **options)
    shutil.copy(base / "b.db", tmp_path / "b.db")
    with Glossary(tmp_path / "b.db", actor="bert") as b:
        dry = formats.import_file(b, out, name, dry_run=True)
        before = b.stats()
        report = formats.import_file(b, out, name)
        assert b.stats()["approved"] == before["approved"] + APPROVE
        assert dry.as_dict() | {"dry_run": True} == report.as_dict() | {"dry_run": True}
        assert dry.changes == report.changes
        for dutch, english in approved.items():
            rows = b.translations(b.lookup(dutch)[0]["id"])
            assert [(r["text"], r["source"]) for r in rows if r["status"] == "approved"] == [(english, "dictionary")]
        assert report.approved == APPROVE and not report.conflicts
        assert report.terms_added == 0 and report.translations_added == 0
        entry = b.history(limit=1)[0]
        assert (entry["action"], entry["actor"], entry["origin"]) == ("import", "bert", out.name)
        undone = b.undo()
        assert undone["description"] == f"import of {out.name}" and b.stats()["approved"] == before["approved"]


def test_import_restores_contexts_frequency_and_documents_into_a_new_glossary(corpus_pair, tmp_path):
    from glossary import formats

    base, approved = corpus_pair
    out = tmp_path / "a.json"
    with Glossary(base / "a.db") as a, open(out, "wb") as f:
        formats.export(a, f, "json")
        source = {r["term"]: r for r in (a.lookup(d)[0] for d in approved)}
    with Glossary(tmp_path / "new.db") as g:
        report = formats.import_file(g, out)
        assert report.contexts_added > 0
        for dutch in approved:
            got, want = g.lookup(dutch)[0], source[dutch]
            assert got["approved"] == want["approved"]
            assert got["frequency"] > 0 and got["doc_count"] > 0
            assert [c["text"] for c in got["contexts"]] == [c["text"] for c in want["contexts"]]
            assert got["documents"] and set(got["documents"]) <= set(want["documents"])
        assert formats.import_file(g, out).changed is False  # idempotent


def test_import_fills_counts_and_note_only_where_the_glossary_lacks_them(tmp_path):
    from glossary.formats.model import Context, Entry

    with Glossary(tmp_path / "g.db") as g:
        known = g.add_term("krediet", note="our note")
        entries = [Entry("krediet", note="their note", frequency=7, doc_count=2),
                   Entry("burgerscore", frequency=3, doc_count=1, note="new",
                         contexts=[Context("De burgerscore daalt.", "a.txt", 3, 14)])]
        report = g.import_entries(entries, origin="x.json")
        assert (report.counts_set, report.notes_set, report.contexts_added) == (2, 1, 1)
        assert (g.term(known)["note"], g.term(known)["frequency"], g.term(known)["doc_count"]) == ("our note", 7, 2)
        new = g.term_by_key("burgerscore")
        assert (new["frequency"], new["doc_count"], new["note"]) == (3, 1, "new")
        ctx = g.term_contexts(new["id"])
        assert [(c["text"], c["document"], c["start"], c["end"], c["surface"]) for c in ctx] == [
            ("De burgerscore daalt.", "a.txt", 3, 14, "burgerscore")]
        again = g.import_entries(entries, origin="x.json")
        assert not again.changed


def test_import_conflict_never_overwrites_and_is_reported(tmp_path):
    from glossary.formats.model import Entry, Translation

    with Glossary(tmp_path / "g.db", actor="ann") as g:
        term = g.add_term("kredietwaardigheid")
        g.set_translation(term, "creditworthiness")
        report = g.import_entries([Entry("kredietwaardigheid", translations=[Translation("credit rating", "approved")])],
                                  origin="x.tbx")
        assert [str(c) for c in report.conflicts] == [
            "kredietwaardigheid: the glossary has 'creditworthiness' approved, the file says 'credit rating'"]
        assert [(t["text"], t["status"], t["source"]) for t in g.translations(term)] == [
            ("creditworthiness", "approved", "human"), ("credit rating", "candidate", "import")]


# -- merging terms ------------------------------------------------------------------------------


def test_merge_terms_as_a_variant_keeps_sources_and_one_undo_reverts_it(tmp_path):
    from tui.data import merge_terms

    with Glossary(tmp_path / "g.db", actor="ann") as g:
        keep = g.add_term("kredietsysteem")
        other = g.add_term("krediet systeem")
        g.set_translation(keep, "credit system")
        g.add_translation(other, "credit scheme", source="import", origin="x.tbx")
        g.add_translation(other, "credit system", source="human")
        g.set_note(other, "two words in older texts")
        before = [list(map(tuple, g.conn.execute(f"SELECT * FROM {t} ORDER BY id")))
                  for t in ("terms", "translations", "variants")]
        merge_terms(g, keep, other)  # the TUI's merge: the store method
        assert g.lookup("krediet systeem")[0]["id"] == keep  # the merged-away form finds the kept term
        rows = {(t["text"], t["source"], t["status"]) for t in g.translations(keep)}
        assert rows == {("credit system", "human", "approved"), ("credit scheme", "import", "candidate")}
        assert "merged: krediet systeem" in g.term(keep)["note"]
        assert g.term(other)["status"] == "not_a_term" and g.translations(other) == []
        assert g.undo()["description"] == "merge into kredietsysteem"
        after = [list(map(tuple, g.conn.execute(f"SELECT * FROM {t} ORDER BY id")))
                 for t in ("terms", "translations", "variants")]
        assert after == before
        with pytest.raises(GlossaryError):
            g.merge_terms(keep, keep)


# -- undo per actor ----------------------------------------------------------------------------------


def test_undo_is_per_actor_and_never_touches_another_users_translation(tmp_path):
    path = tmp_path / "g.db"
    a, b = Glossary(path, actor="anna"), Glossary(path, actor="bert")
    term = a.add_term("kredietwaardigheid")
    a.set_translation(term, "creditworthiness")        # anna approves her English
    b.set_translation(term, "credit rating")           # bert approves his (anna's becomes a candidate)
    with pytest.raises(GlossaryError, match=r"^not undone: add 'creditworthiness' for kredietwaardigheid "
                                            r"\(changed since by bert: add 'credit rating' for kredietwaardigheid\)"):
        a.undo()
    rows = {t["text"]: t["status"] for t in b.translations(term)}
    assert rows == {"creditworthiness": "candidate", "credit rating": "approved"}  # bert's work intact
    with pytest.raises(GlossaryError, match="^not undone: add term kredietwaardigheid"):
        a.undo()  # her next change back: the term, which bert has since given a translation
    undone = b.undo()  # bert's own undo: his translation goes, anna's comes back approved
    assert undone["description"] == "add 'credit rating' for kredietwaardigheid"
    assert {t["text"]: t["status"] for t in a.translations(term)} == {"creditworthiness": "approved"}
    assert b.undo() is None  # nothing else of bert's
    a.close()
    b.close()


def test_two_actors_undos_never_leave_two_approved(tmp_path):
    path = tmp_path / "g.db"
    a, b = Glossary(path, actor="anna"), Glossary(path, actor="bert")
    term = a.add_term("guanxi")
    one = a.add_translation(term, "connections", source="mt", score=0.4)
    two = a.add_translation(term, "relationships", source="mt", score=0.3)
    a.approve(one)
    b.approve(two)
    for g in (a, b):
        try:
            g.undo()
        except GlossaryError:
            pass
    approved = a.conn.execute("SELECT count(*) FROM translations WHERE term_id=? AND status='approved'",
                              (term,)).fetchone()[0]
    assert approved <= 1
    a.close()
    b.close()


def test_undoing_an_import_keeps_what_a_human_did_after_it(tmp_path):
    from glossary.formats.model import Entry, Translation

    path = tmp_path / "g.db"
    imp, human = Glossary(path, actor="importer"), Glossary(path, actor="ann")
    entries = [Entry("burgerscore", translations=[Translation("citizen score"), Translation("social score")]),
               Entry("sociaal krediet", translations=[Translation("social credit")])]
    report = imp.import_entries(entries, origin="colleague.tsv")
    assert report.terms_added == 2
    score = imp.term_by_key("burgerscore")["id"]
    approved = next(t for t in human.translations(score) if t["text"] == "social score")
    human.approve(approved["id"])  # ann settles one imported candidate after the import
    credit = imp.term_by_key("sociaal krediet")["id"]
    human.set_translation(credit, "social credit system")  # and adds her own to another imported term
    undone = imp.undo()
    assert undone["kept"] > 0 and "kept" in undone["description"]
    # what ann did stays: her approval, her translation and the terms they belong to
    assert [(t["text"], t["status"]) for t in human.translations(score)] == [("social score", "approved")]
    assert [(t["text"], t["source"]) for t in human.translations(credit)] == [("social credit system", "human")]
    imp.close()
    human.close()


def _undo_in_process(path, actor) -> subprocess.CompletedProcess:
    code = ("import sys; from glossary import Glossary; from glossary.errors import GlossaryError\n"
            "g = Glossary(sys.argv[1], actor=sys.argv[2])\n"
            "try:\n    print((g.undo() or {}).get('description'))\n"
            "except GlossaryError as e:\n    print('refused:', e)\n")
    return subprocess.run([sys.executable, "-c", code, str(path), actor], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_undo_from_two_processes_each_undoes_only_its_actor(tmp_path):
    path = tmp_path / "g.db"
    with Glossary(path, actor="setup") as g:
        first, second = g.add_term("krediet"), g.add_term("schuld")
    with Glossary(path, actor="anna") as a:
        a.set_translation(first, "credit")
    with Glossary(path, actor="bert") as b:
        b.set_translation(second, "debt")
    assert _undo_in_process(path, "anna").stdout.strip() == "add 'credit' for krediet"
    assert _undo_in_process(path, "anna").stdout.strip() == "None"
    with Glossary(path) as g:
        assert g.translations(first) == [] and [t["text"] for t in g.translations(second)] == ["debt"]
    assert _undo_in_process(path, "bert").stdout.strip() == "add 'debt' for schuld"


def test_default_actor(monkeypatch):
    from glossary.config import default_actor

    monkeypatch.setenv("GLOSSARY_ACTOR", "reviewer-2")
    assert default_actor() == "reviewer-2"
    monkeypatch.delenv("GLOSSARY_ACTOR")
    monkeypatch.setenv("USER", "translator")
    monkeypatch.setenv("LOGNAME", "translator")
    assert default_actor() == "translator"


def test_undo_command(tmp_path, glossary_cli):
    db = tmp_path / "g.db"
    with Glossary(db, actor="setup") as g:
        term = g.add_term("kredietwaardigheid")
        g.add_translation(term, "creditworthiness", source="mt", score=0.9)
    anna, bert = {"GLOSSARY_ACTOR": "anna"}, {"GLOSSARY_ACTOR": "bert"}
    assert glossary_cli("--db", db, "approve", "kredietwaardigheid", env=anna).returncode == 0
    assert glossary_cli("--db", db, "approve", "kredietwaardigheid", "credit rating", env=bert).returncode == 0
    refused = glossary_cli("--db", db, "undo", env=anna)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith("glossary: error: not undone: approve 'creditworthiness' for kredietwaardigheid")
    assert "skipped" not in glossary_cli("--db", db, "undo", "--list", "--json", env=bert).stdout
    done = glossary_cli("--db", db, "undo", env=bert)
    assert done.stdout == "undid: add 'credit rating' for kredietwaardigheid\n", done.stderr
    assert glossary_cli("--db", db, "undo", env=bert).stdout == "nothing to undo for bert\n"
    assert "--list" in glossary_cli("undo", "--help").stdout
