"""Dictionary backend: dictd files written here (.index + .dict / .dict.dz), TBX/TSV termbases,
lemma-aware lookup, compounds composed from their parts, FreeDict when installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import require_freedict
from tests.test_translate import argos_dir, make_glossary  # noqa: F401 - fixture

from glossary.errors import InputError

ENTRIES = {
    "krediet": ["credit"],
    "systeem": ["system"],
    "waardigheid": ["dignity", "worth"],
    "sociaal": ["social"],
    "bank": ["bank", "bench"],
    "kredietwaardigheid": ["creditworthiness"],
}


@pytest.fixture
def small_dict(tmp_path, argos_dir, monkeypatch):
    monkeypatch.setenv("GLOSSARY_LEXICON", "")  # only the dictionary written here
    from glossary.translate.dictd import write_dictd

    return write_dictd(tmp_path / "dicts" / "test-nld-eng", ENTRIES, short="Test nld-eng ver. 1.2")


@pytest.mark.parametrize("compress", [True, False])
def test_dictd_reader(tmp_path, compress):
    from glossary.translate.dictd import DictdDictionary, write_dictd

    base = write_dictd(tmp_path / "d", ENTRIES, compress=compress)
    d = DictdDictionary(str(base) + ".index")
    assert d.senses("Krediet") == ["credit"]
    assert d.senses("waardigheid") == ["dignity", "worth"]
    assert d.senses("onbekend") == [] and "bank" in d
    assert d.version == "1.0"


def test_dictd_malformed(tmp_path):
    from glossary.translate.dictd import DictdDictionary, write_dictd

    base = write_dictd(tmp_path / "d", ENTRIES)
    index = Path(str(base) + ".index")
    index.write_text("krediet\t!!\tB\n")
    with pytest.raises(InputError):
        DictdDictionary(base)
    index.write_text("krediet\tA\tzzzz\n")  # points past the end of the data
    with pytest.raises(InputError):
        DictdDictionary(base)
    Path(str(base) + ".dict.dz").write_bytes(b"not gzip")
    with pytest.raises(InputError):
        DictdDictionary(base)


def test_candidates_lemma_compound_multiword(small_dict):
    from glossary.translate.dictionary import dictionary_candidates, load_sources

    sources = load_sources(None) + []
    assert sources == []  # no system dictionaries in tests
    from glossary.translate.dictionary import Source, _load_dictd

    d = _load_dictd(str(small_dict))
    sources = [Source("dictd", d.name, d.version, d.senses)]
    exact = dictionary_candidates({"term": "kredietwaardigheid", "lemma": None, "parts": []}, sources)
    assert exact[0]["text"] == "creditworthiness" and exact[0]["origin_version"] == "1.2"
    lemma = dictionary_candidates({"term": "banken", "lemma": "bank", "parts": []}, sources)
    # found through the singular, rendered in the Dutch number
    assert [c["text"] for c in lemma] == ["banks", "benches"] and lemma[0]["score"] > lemma[1]["score"]
    composed = dictionary_candidates({"term": "kredietsysteem", "lemma": None, "parts": []}, sources)
    assert composed[0]["text"] == "credit system" and composed[0]["note"].startswith("composed")
    multi = dictionary_candidates({"term": "sociaal kredietsysteem", "lemma": None, "parts": []}, sources)
    assert multi[0]["text"] == "social credit system" and "composed" in multi[0]["note"]
    assert dictionary_candidates({"term": "zzzqqq", "lemma": None, "parts": []}, sources) == []


def test_backend_stores_and_respects_approved(small_dict, tmp_path, capsys):
    from glossary.cli import main
    from glossary.translate import available_backends, translate_glossary

    db = tmp_path / "g.db"
    g = make_glossary(db)
    assert available_backends(g) == []
    g.close()
    assert main(["--db", str(db), "dict", "add", str(small_dict) + ".index"]) == 0
    assert "registered test-nld-eng" in capsys.readouterr().out
    g = make_glossary(db)
    assert available_backends(g) == ["dictionary"]
    term = g.term_by_key("kredietwaardigheid")
    human = g.set_translation(term["id"], "credit standing")
    summary = translate_glossary(g, only_missing=False, backends=["dictionary"])
    assert summary["backends"]["dictionary"]["candidates"] >= 3
    rows = {(r["text"], r["source"], r["status"]) for r in g.translations(term["id"])}
    assert ("credit standing", "human", "approved") in rows
    assert ("creditworthiness", "dictionary", "candidate") in rows
    sys_row = g.conn.execute("SELECT * FROM translations WHERE text='credit system'").fetchone()
    assert sys_row["origin"] == "test-nld-eng" and sys_row["origin_version"] == "1.2" and "composed" in sys_row["note"]
    count = g.conn.execute("SELECT count(*) FROM translations").fetchone()[0]
    translate_glossary(g, only_missing=False, backends=["dictionary"])
    assert g.conn.execute("SELECT count(*) FROM translations").fetchone()[0] == count  # idempotent
    assert g.translations(term["id"])[0]["id"] == human
    g.close()


def test_termbases_tsv_and_tbx(tmp_path, argos_dir, capsys):
    from glossary.cli import main
    from glossary.translate.termbase import Termbase

    tsv = tmp_path / "legal.tsv"
    tsv.write_text("# legal terms\nen\tnl\nsocial credit\tsociaal krediet\n", encoding="utf-8")
    assert Termbase(tsv).lookup("Sociaal  krediet") == ["social credit"]
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<martif type="TBX" xml:lang="nl"><text><body>'
        '<termEntry id="1"><langSet xml:lang="nl"><tig><term>kredietwaardigheid</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>creditworthiness</term></tig></langSet></termEntry>'
        "</body></text></martif>\n", encoding="utf-8")
    assert Termbase(tbx).lookup("kredietwaardigheid") == ["creditworthiness"]
    db = tmp_path / "g.db"
    make_glossary(db).close()
    assert main(["--db", str(db), "dict", "add", str(tbx)]) == 0
    assert main(["--db", str(db), "dict", "add", str(tsv), "--name", "legal"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "dict", "list"]) == 0
    out = capsys.readouterr().out
    assert "terms" in out and "legal" in out
    assert main(["--db", str(db), "translate", "--backend", "dictionary"]) == 0
    g = make_glossary(db)
    row = g.conn.execute("SELECT * FROM translations WHERE text='creditworthiness'").fetchone()
    assert row["source"] == "dictionary" and row["score"] >= 0.9 and row["origin"] == "terms"
    g.close()
    assert main(["--db", str(db), "dict", "remove", "legal"]) == 0


@pytest.mark.parametrize("content", [
    "<martif><text><body><termEntry>",  # not well-formed
    "<html><body>hello</body></html>",  # XML, not TBX
    '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<martif><text><body><termEntry><langSet xml:lang="nl"><tig><term>&x;</term></tig></langSet>'
    '<langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>',
])
def test_bad_tbx(tmp_path, content):
    from glossary.translate.termbase import Termbase

    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        Termbase(path)  # the external entity is never resolved: no Dutch term, no pairs


def test_bad_tsv(tmp_path):
    from glossary.translate.termbase import Termbase

    path = tmp_path / "bad.tsv"
    path.write_text("only one column\n", encoding="utf-8")
    with pytest.raises(InputError):
        Termbase(path)


def test_freedict(monkeypatch):
    require_freedict()  # skips on a developer machine without it, fails in CI
    monkeypatch.setenv("GLOSSARY_LEXICON", "")
    from glossary.translate.dictd import system_dictionaries
    from glossary.translate.dictionary import dictionary_candidates, load_sources

    monkeypatch.delenv("GLOSSARY_DICTD_PATH", raising=False)
    assert any(p.name == "freedict-nld-eng" for p in system_dictionaries())
    sources = load_sources(None)
    cands = dictionary_candidates({"term": "krediet", "lemma": None, "parts": []}, sources)
    assert cands[0]["text"] == "credit" and cands[0]["origin"] == "freedict-nld-eng"
    composed = dictionary_candidates({"term": "kredietsysteem", "lemma": None, "parts": []}, sources)
    assert composed and composed[0]["note"].startswith("composed")


def test_sense_cleanup_and_names_not_composed(tmp_path):
    from glossary.translate.dictd import write_dictd
    from glossary.translate.dictionary import Source, _load_dictd, dictionary_candidates, usable_senses

    entries = {"zwart": ["Negro", "black"], "kruis": ["cross"], "ten": ["-ness"], "cent": ["cent"],
               "Europese Unie": ["EuropeanUnion"]}
    d = _load_dictd(str(write_dictd(tmp_path / "cleanup", entries)))
    sources = [Source("dictd", d.name, d.version, d.senses)]
    # a lower-case Dutch word prefers lower-case English senses; affix entries are dropped
    assert usable_senses(["Negro", "black", "EU"], "zwart") == ["black", "EU", "Negro"]
    assert usable_senses(["-ness", "\u2010ness", "ten"], "ten") == ["ten"]
    cands = dictionary_candidates({"term": "zwart", "lemma": None, "parts": []}, sources)
    assert cands[0]["text"] == "black"
    # glued multi-word senses are split when the Dutch has as many words
    cands = dictionary_candidates({"term": "Europese Unie", "lemma": None, "parts": [], "kind": "name"}, sources)
    assert [c["text"] for c in cands] == ["European Union", "Europese Unie"]  # the name kept comes second
    # a term is composed from its parts, a name never is
    term = dictionary_candidates({"term": "zwartkruis", "lemma": None, "parts": ["zwart", "kruis"]}, sources)
    assert term and term[0]["text"] == "black cross" and term[0]["note"].startswith("composed")
    assert [c["text"] for c in dictionary_candidates({"term": "Zwartkruis", "lemma": None, "parts": ["zwart", "kruis"],
                                                      "kind": "name"}, sources)] == ["Zwartkruis"]  # kept


def test_no_nonsense_renderings(tmp_path):
    """Names take only name senses; a part's lemma must be the same word; an extractor split
    with an unknown part is not re-split into short dictionary words."""
    from glossary.translate.dictd import write_dictd
    from glossary.translate.dictionary import Source, _load_dictd, dictionary_candidates

    entries = {"lam": ["lamb"], "dalen": ["decrease"], "Nederlander": ["Dutchman"], "krediet": ["credit"],
               "geven": ["give"], "achterstand": ["arrears"], "code": ["code"], "ring": ["ring"],
               "systeem": ["system"]}
    d = _load_dictd(str(write_dictd(tmp_path / "guards", entries)))
    sources = [Source("dictd", d.name, d.version, d.senses)]

    def texts(term, kind="term", lemma=None):
        return [c["text"] for c in dictionary_candidates({"term": term, "lemma": lemma, "kind": kind}, sources)]

    assert texts("Lammers", "name", "lam") == ["Lammers"]   # kept; lemma lam -> "lamb": not a name
    assert texts("Dalen", "name", "dalen") == ["Dalen"]
    assert texts("Nederlanders", "name", "Nederlander")[0] == "Dutchman"
    assert texts("kredietgegevens") == []         # gegeven is not the verb geven
    assert all("ring" not in t for t in texts("achterstandscodering"))  # not "arrears code ring"
    assert texts("kredietsystemen") == ["credit systems"]  # a plural head is lemmatised, number kept


def test_build_with_a_dictionary_but_no_model_says_how_to_get_mt(tmp_path, argos_dir, capsys):
    from glossary.cli import main

    tsv = tmp_path / "legal.tsv"
    tsv.write_text("nl\ten\nsociaal krediet\tsocial credit\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert main(["--db", str(db), "dict", "add", str(tsv)]) == 0
    capsys.readouterr()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Het sociaal krediet is een systeem. Het sociaal krediet meet gedrag.\n",
                                encoding="utf-8")
    assert main(["--db", str(db), "build", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "translation: dictionary" in out
    assert out.count("models install nl en") == 1
