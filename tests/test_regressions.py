"""Regressions a mutation audit showed the suite could miss (issue 19). Each test is written
against behaviour (the CLI, or the public ``Glossary`` API) so it survives refactors of the
store, the formats and the extractor; docs/testing.md says how each was checked to fail.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape

import pytest

from glossary.extract import Extraction, Occurrence, Sentence, Term
from glossary.store import Glossary

# -- helpers ------------------------------------------------------------------------------------


def _store(g: Glossary, text: str, terms: list[str], name: str = "doc.txt") -> None:
    """Store ``text`` as a document and an extraction of ``terms`` (each found in it), as
    ``glossary build`` does: one call of the public ``Glossary.store_extraction``."""
    doc = SimpleNamespace(sha256=hashlib.sha256(text.encode()).hexdigest(), name=name, path=name,
                          format="txt", title=name, text=text, words=len(text.split()))
    doc_id, _ = g.add_document(doc)
    sentences = [Sentence(0, len(text), text)]
    extracted = []
    for n, term in enumerate(terms):
        start = text.index(term)
        extracted.append(Term(term, term, term, "term", 10.0 - n, 1, 1, [], [],
                              [Occurrence(0, 0, start, start + len(term), term)]))
    g.store_extraction([doc_id], Extraction([sentences], extracted))


def _translations(g: Glossary, key: str) -> set[tuple]:
    term = g.term_by_key(key)
    assert term is not None, f"the term {key!r} is gone"
    return {(t["text"], t["source"], t["status"]) for t in g.translations(term["id"])}


def _all_text(db: Path) -> str:
    """Everything stored in the database, as text (to look for leaked file content)."""
    conn = sqlite3.connect(str(db))
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


# -- re-extraction keeps what a human worked on ------------------------------------------------------


def test_reextraction_keeps_a_stale_term_with_an_approved_human_translation(db_path):
    first = "Het kredietsysteem meet de burgerscore en de kredietwaardigheid en de guanxi."
    with Glossary(db_path) as g:
        _store(g, first, ["kredietsysteem", "burgerscore", "kredietwaardigheid", "guanxi"])
        human = g.term_by_key("kredietsysteem")["id"]
        g.add_translation(human, "credit system", source="mt", score=0.5)
        g.set_translation(human, "credit scoring system")  # typed and approved by the translator
        noted = g.term_by_key("burgerscore")["id"]
        g.set_note(noted, "check with the client")
        rejected = g.term_by_key("guanxi")["id"]
        g.reject(g.add_translation(rejected, "relations", source="mt", score=0.3))
        machine_only = g.term_by_key("kredietwaardigheid")["id"]
        g.add_translation(machine_only, "credit worthiness", source="mt", score=0.4)

        # the corpus changes: none of the four terms comes out of the extractor any more
        _store(g, "De overheid publiceert een rapport.", ["overheid"], name="other.txt")

        assert _translations(g, "kredietsysteem") == {("credit scoring system", "human", "approved"),
                                                      ("credit system", "mt", "candidate")}
        kept = g.term_by_key("kredietsysteem")
        assert (kept["status"], kept["frequency"]) == ("active", 0)
        assert g.term_by_key("burgerscore")["note"] == "check with the client"
        assert _translations(g, "guanxi") == {("relations", "mt", "rejected")}
        # nobody worked on this one: it goes, with its machine candidate
        assert g.term_by_key("kredietwaardigheid") is None
        assert g.conn.execute("SELECT count(*) FROM translations WHERE text='credit worthiness'").fetchone()[0] == 0
        # and the kept term is still what lookup answers, with the translator's English
        record = g.lookup("kredietsysteem")[0]
        assert (record["match"], record["approved"]) == ("exact", "credit scoring system")


def test_rebuild_keeps_a_not_a_term_mark(tmp_path, glossary_cli):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers. Het sociaal "
        "kredietsysteem is omstreden. De kredietwaardigheid van burgers wordt gemeten.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    built = glossary_cli("--db", db, "build", docs / "a.txt", "--no-translate", "--json")
    assert built.returncode == 0, built.stderr
    with Glossary(db) as g:
        term = g.term_by_key("kredietwaardigheid")
        assert term is not None and term["origin"] == "extracted"
        g.set_term_status(term["id"], "not_a_term")
    assert "kredietwaardigheid" not in glossary_cli("--db", db, "terms").stdout

    (docs / "b.txt").write_text(
        "De kredietwaardigheid van bedrijven telt ook. Banken meten de kredietwaardigheid.\n", encoding="utf-8")
    rebuilt = glossary_cli("--db", db, "build", docs, "--no-translate", "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["extracted"] is True  # the whole corpus was re-extracted

    with Glossary(db) as g:
        again = g.term_by_key("kredietwaardigheid")
        assert again["id"] == term["id"] and again["status"] == "not_a_term"
        assert again["frequency"] > term["frequency"]  # re-extracted, counts refreshed, mark kept
    assert "kredietwaardigheid" not in glossary_cli("--db", db, "terms").stdout
    assert glossary_cli("--db", db, "lookup", "kredietwaardigheid").returncode == 1


# -- lookup levels ------------------------------------------------------------------------------


def test_lemma_level_joins_compounds_after_lemmatising(fx, glossary_cli):
    """'sociaal krediet systemen': no term, variant or joined form matches as typed; only the
    lemmas joined ('sociaal kredietsysteem') do, so the answer must come from the lemma level."""
    path, g, ids = fx
    record = g.lookup("sociaal krediet systemen")[0]
    assert (record["match"], record["id"]) == ("lemma", ids["sociaal kredietsysteem"])
    proc = glossary_cli("--db", path, "lookup", "sociaal krediet systemen", "--json")
    assert proc.returncode == 0, proc.stderr
    [cli] = json.loads(proc.stdout)
    assert (cli["match"], cli["term"], cli["approved"]) == ("lemma", "sociaal kredietsysteem", "social credit system")
    # the compound level answers the joined spelling of the words as typed ...
    assert g.lookup("sociale krediet systemen")[0]["match"] == "compound"
    # ... and the lemma level a plain inflection
    assert g.lookup("kredietwaardigheden")[0]["match"] == "lemma"


# -- align: hostile TMX refused, nothing leaks -----------------------------------------------------

PAIRS = [
    ("De integriteit van ambtenaren is belangrijk.", "The integrity of civil servants is important."),
    ("Zij controleren de integriteit van de bank.", "They check the integrity of the bank."),
    ("Integriteit vraagt om open overleg.", "Integrity calls for open consultation."),
    ("Het kredietsysteem beoordeelt burgers.", "The credit system assesses citizens."),
    ("Een nieuw kredietsysteem werd ingevoerd in 2014.", "A new credit system was introduced in 2014."),
    ("Het kredietsysteem is omstreden.", "The credit system is controversial."),
    ("De kredietwaardigheid van burgers daalt.", "The creditworthiness of citizens is falling."),
    ("Banken meten de kredietwaardigheid van klanten.", "Banks measure the creditworthiness of customers."),
    ("Burgers wantrouwen de overheid.", "Citizens distrust the government."),
    ("De overheid publiceert een rapport.", "The government publishes a report."),
]
SECRET = "SECRET-3f9a-do-not-leak"


def _tmx_text(pairs, doctype: str = "", entity: str = "") -> str:
    units = "".join(
        f'<tu><tuv xml:lang="nl"><seg>{escape(nl)}{entity}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{escape(en)}{entity}</seg></tuv></tu>\n' for nl, en in pairs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
            f'<tmx version="1.4"><header srclang="nl"/><body>\n{units}</body></tmx>\n')


def _align_glossary(db: Path) -> None:
    with Glossary(db) as g:
        for term in ("integriteit", "kredietsysteem", "kredietwaardigheid", "overheid"):
            g.add_term(term)


def test_align_accepts_the_plain_tmx(tmp_path, glossary_cli):
    """The control for the test below: the same pairs without a DOCTYPE align fine."""
    db = tmp_path / "g.db"
    _align_glossary(db)
    tm = tmp_path / "tm.tmx"
    tm.write_text(_tmx_text(PAIRS), encoding="utf-8")
    proc = glossary_cli("--db", db, "align", tm)
    assert proc.returncode == 0, proc.stderr
    with Glossary(db) as g:
        assert ("credit system", "tm", "candidate") in _translations(g, "kredietsysteem")


@pytest.mark.parametrize("kind", ["internal-entity", "external-dtd", "parameter-entity"])
def test_align_refuses_tmx_with_entities_and_leaks_nothing(tmp_path, glossary_cli, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY s SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    doctype = {
        "internal-entity": f'<!DOCTYPE tmx [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n',
        "external-dtd": f'<!DOCTYPE tmx SYSTEM "{dtd.as_uri()}">\n',
        "parameter-entity": f'<!DOCTYPE tmx [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>\n',
    }[kind]
    db = tmp_path / "g.db"
    _align_glossary(db)
    tm = tmp_path / "memory.tmx"
    tm.write_text(_tmx_text(PAIRS, doctype, entity=" &s;"), encoding="utf-8")
    before = _all_text(db)
    proc = glossary_cli("--db", db, "align", tm, "--json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    after = _all_text(db)
    assert SECRET not in after
    assert after == before  # no resource registered, no candidate stored


# -- machine refresh never touches a human decision ---------------------------------------------------


def test_machine_refresh_updates_candidates_but_never_approved_or_rejected_rows(tmp_path, glossary_cli):
    db = tmp_path / "g.db"
    _align_glossary(db)
    tm = tmp_path / "tm.tmx"
    tm.write_text(_tmx_text(PAIRS), encoding="utf-8")
    assert glossary_cli("--db", db, "align", tm).returncode == 0
    assert glossary_cli("--db", db, "approve", "kredietsysteem", "credit system").returncode == 0
    assert glossary_cli("--db", db, "reject", "overheid", "government").returncode == 0

    def rows():
        with Glossary(db) as g:
            return {(r["term"], r["text"]): dict(r) for r in g.conn.execute(
                "SELECT t.term, x.* FROM translations x JOIN terms t ON t.id=x.term_id WHERE x.source='tm'")}

    first = rows()
    # the memory grows (a new file version) and the same file is aligned again
    more = PAIRS + [("Het kredietsysteem groeit.", "The credit system is growing."),
                    ("Integriteit telt.", "Integrity counts."), ("De overheid zwijgt.", "The government is silent.")]
    tm.write_text(_tmx_text(more), encoding="utf-8")
    assert glossary_cli("--db", db, "align", tm).returncode == 0
    second = rows()
    approved = first[("kredietsysteem", "credit system")]
    rejected = first[("overheid", "government")]
    assert approved["status"] == "approved" and rejected["status"] == "rejected"
    assert second[("kredietsysteem", "credit system")] == approved  # not a column changed
    assert second[("overheid", "government")] == rejected
    # the candidates were refreshed (new file version): so the machine did write this time
    refreshed = [key for key, row in first.items() if row["status"] == "candidate" and key in second
                 and second[key]["origin_version"] != row["origin_version"]]
    assert refreshed, "the re-run refreshed no candidate: the test would prove nothing"
    with Glossary(db) as g:
        assert g.lookup("kredietsysteem")[0]["approved"] == "credit system"


def test_machine_refresh_through_the_api_keeps_approved_row(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("burgerscore")
        candidate = g.add_translation(t, "citizen score", source="mt", origin="m1", score=0.3)
        other = g.add_translation(t, "civic score", source="mt", origin="m1", score=0.2)
        g.approve(candidate)
        g.add_translation(t, "citizen score", source="mt", origin="m2", origin_version="2", score=0.99)
        g.add_translation(t, "civic score", source="mt", origin="m2", origin_version="2", score=0.98)
        rows = {r["id"]: r for r in g.translations(t)}
        def state(tid):
            return rows[tid]["status"], rows[tid]["score"], rows[tid]["origin"]

        assert state(candidate) == ("approved", 0.3, "m1")  # untouched
        assert state(other) == ("candidate", 0.98, "m2")  # refreshed


# -- TBX: deprecated reads back as rejected ------------------------------------------------------------


def test_tbx_round_trip_keeps_a_rejection(tmp_path, glossary_cli):
    db = tmp_path / "a.db"
    with Glossary(db) as g:
        t = g.add_term("guanxi", kind="loanword")
        g.reject(g.add_translation(t, "relationships", source="mt", score=0.9))
        g.add_translation(t, "connections", source="dictionary", score=0.5)
    out = tmp_path / "a.tbx"
    assert glossary_cli("--db", db, "export", "-o", out).returncode == 0
    assert "deprecatedTerm-admn-sts" in out.read_text(encoding="utf-8")
    fresh = tmp_path / "b.db"
    proc = glossary_cli("--db", fresh, "import", out)
    assert proc.returncode == 0, proc.stderr
    with Glossary(fresh) as g:
        statuses = {text: status for text, _source, status in _translations(g, "guanxi")}
        assert statuses == {"relationships": "rejected", "connections": "candidate"}
        assert g.lookup("guanxi")[0]["approved"] is None


# -- the XML safety layer: refusals say where, and depth bombs are refused ---------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_entity_declarations_refused_with_their_line(tmp_path, glossary_cli, encoding):
    """The declaration is refused before parsing, naming the line of the ENTITY (also in a
    UTF-16 file, which is decoded for the check), and nothing is imported."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    text = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<!DOCTYPE tbx [\n'
            f'<!ENTITY x SYSTEM "{secret.as_uri()}">\n]>\n<tbx>&x;</tbx>\n')
    path = tmp_path / "hostile.tbx"
    path.write_bytes(text.encode(encoding))
    db = tmp_path / "g.db"
    proc = glossary_cli("--db", db, "import", path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "hostile.tbx:3:" in line and "entit" in line, line
    assert SECRET not in proc.stdout + proc.stderr
    assert not db.exists() or SECRET not in _all_text(db)


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_xml_is_refused(depth):
    """libxml2's default limits stay on (no huge_tree): no glossary nests 1,000 elements deep."""
    from glossary import formats
    from glossary.errors import InputError

    nested = b"<martif>" + b"<x>" * depth + b"</x>" * depth + b"</martif>"
    with pytest.raises(InputError) as info:
        formats.read(nested, "tbx", "deep.tbx")
    assert str(info.value).startswith("deep.tbx:") and "\n" not in str(info.value)


def test_malformed_xml_message_names_place_and_reason():
    from glossary import formats
    from glossary.errors import InputError

    with pytest.raises(InputError) as info:
        formats.read(b'<?xml version="1.0"?>\n<tbx>\n<a></b></tbx>', "tbx", "m.tbx")
    assert str(info.value) == "m.tbx:3:8: malformed XML: Opening and ending tag mismatch: a line 3 and b"


def test_entity_reference_to_an_external_dtd_is_refused_by_name(tmp_path):
    from glossary import formats
    from glossary.errors import InputError

    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY s SYSTEM "{(tmp_path / "secret.txt").as_uri()}">', encoding="utf-8")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "{dtd.as_uri()}">\n<martif type="TBX"><text><body>'
            '<termEntry><langSet xml:lang="nl"><tig><term>a&s;</term></tig></langSet></termEntry></body></text>'
            '</martif>').encode()
    with pytest.raises(InputError) as info:
        formats.read(data, "tbx", "ext.tbx")
    assert str(info.value) == "ext.tbx:3: refused: entity reference &s;"


def test_unknown_term_status_is_refused_and_changes_nothing(db_path):
    from glossary.errors import GlossaryError

    with Glossary(db_path) as g:
        t = g.add_term("burgerscore")
        with pytest.raises(GlossaryError, match="unknown term status"):
            g.set_term_status(t, "deleted")
        assert g.term(t)["status"] == "active"
        assert [h["action"] for h in g.history(t)] == ["add_term"]


def test_a_not_a_term_is_found_by_no_lookup_level(tmp_path, glossary_cli):
    """Hidden everywhere: the exact level, the lemma level (which looks the lemma up by key),
    and the commands that find a term as lookup does (approve)."""
    from tests.test_lookup_fixture import build

    db = tmp_path / "g.db"
    g, ids = build(db)
    g.set_term_status(ids["kredietwaardigheid"], "not_a_term")
    assert g.lookup("kredietwaardigheid") == []
    assert g.lookup("kredietwaardigheden") == []  # the lemma level
    assert g.lookup("sociaal krediet")[0]["match"] == "exact"  # the others are still found
    g.close()
    proc = glossary_cli("--db", db, "approve", "kredietwaardigheid", "creditworthiness")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stdout + proc.stderr


def test_two_words_join_into_a_compound(fx):
    _, g, ids = fx
    for query in ("krediet waardigheid", "krediet-waardigheid"):
        record = g.lookup(query)[0]
        assert (record["match"], record["id"]) == ("compound", ids["kredietwaardigheid"]), query
