"""Translation-memory backend: TMX/TSV reading, proposals from co-occurrence + string evidence,
storage with confidence, bad input refused. The parallel text below is written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_translate import argos_dir, make_glossary  # noqa: F401 - fixture

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


def _tsv(path: Path) -> Path:
    path.write_text("doc\tnl\ten\n" + "".join(f"01\t{nl}\t{en}\n" for nl, en in PAIRS), encoding="utf-8")
    return path


def _tmx(path: Path) -> Path:
    from xml.sax.saxutils import escape

    units = "".join(
        f'<tu><tuv xml:lang="nl-NL"><seg>{escape(nl)}</seg></tuv><tuv xml:lang="en-GB"><seg>{escape(en)}</seg></tuv></tu>'
        for nl, en in PAIRS
    )
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="nl"/><body>{units}</body></tmx>\n',
                    encoding="utf-8")
    return path


def test_readers_agree(tmp_path):
    from glossary.translate.align import read_bilingual

    assert read_bilingual(_tsv(tmp_path / "tm.tsv")) == PAIRS
    assert read_bilingual(_tmx(tmp_path / "tm.tmx")) == PAIRS


def test_proposals(tmp_path):
    from glossary.translate.align import Aligner

    aligner = Aligner(PAIRS)
    top = {t: aligner.propose(t)[0] for t in ("integriteit", "kredietsysteem", "kredietwaardigheid", "overheid")}
    assert top["integriteit"]["text"] == "integrity"
    assert top["kredietsysteem"]["text"] == "credit system"
    assert top["kredietwaardigheid"]["text"] == "creditworthiness"
    assert top["overheid"]["text"] == "government"
    for p in top.values():
        assert 0.0 < p["confidence"] <= 1.0
    assert aligner.propose("onbekendwoord") == []
    # the plain-Dice baseline: the right word for single-word equivalents, with its coefficient ...
    assert aligner.dice_baseline("integriteit") == ("integrity", 1.0)
    assert aligner.dice_baseline("overheid") == ("government", 1.0)
    assert aligner.dice_baseline("onbekendwoord") is None
    # ... and the half of a multi-word equivalent, which the aligner's proposals get whole
    assert aligner.dice_baseline("kredietsysteem")[0] in ("credit", "system")


def test_a_linked_run_holding_the_dictionarys_english_gives_its_votes_to_it(monkeypatch):
    from collections import Counter

    from glossary.translate.align import Aligner, _votes_to_hinted_parts

    votes = Counter({"germany having regard": 0.5, "hence germany": 0.25, "federal republic": 0.125})
    moved = _votes_to_hinted_parts(votes, {"germany", "federal republic of germany"})
    assert moved == Counter({"germany": 0.75, "federal republic": 0.125})
    # a run that is itself a rendering, or holds none, keeps its votes; the longest part wins
    assert _votes_to_hinted_parts(Counter({"credit systems": 1.0}), {"credit system", "credit"}) == Counter(
        {"credit systems": 1.0})
    assert _votes_to_hinted_parts(Counter({"the new credit system was": 1.0}), {"credit system", "credit"}) == Counter(
        {"credit system": 1.0})
    # in the aligner: the word alignment linked a rare word to its neighbours too
    pairs = [("Duitsland heeft het verdrag ondertekend.", "Having regard to this, Germany signed the treaty."),
             ("Frankrijk tekent ook.", "France signs too.")]
    aligner = Aligner(pairs)
    monkeypatch.setattr(aligner, "aligned_phrases", lambda term, segs: (Counter({"germany signed": 1.0}), 1))
    assert aligner.propose("Duitsland", top=1, hints=["Germany"])[0]["text"] == "germany"
    assert aligner.propose("Duitsland", top=1)[0]["text"] == "germany signed"


def test_align_command_stores_tm_candidates(tmp_path, argos_dir, capsys):
    from glossary.cli import main
    from glossary.translate import available_backends, translate_glossary

    db = tmp_path / "g.db"
    g = make_glossary(db)
    term = g.term_by_key("kredietwaardigheid")
    human = g.set_translation(term["id"], "credit rating")
    g.close()
    tm = _tmx(tmp_path / "tm.tmx")
    assert main(["--db", str(db), "align", str(tm)]) == 0
    assert "proposals stored" in capsys.readouterr().out
    g = make_glossary(db)
    assert "tm" in available_backends(g)
    rows = g.conn.execute("SELECT * FROM translations WHERE source='tm'").fetchall()
    assert rows
    for row in rows:
        assert row["origin"] == "tm.tmx" and row["origin_version"] and 0 < row["score"] <= 1
        assert row["status"] == "candidate"
    texts = {r["text"] for r in g.translations(g.term_by_key("kredietsysteem")["id"])}
    assert "credit system" in texts
    assert g.translations(term["id"])[0]["id"] == human  # the human translation stays first/approved
    n = len(rows)
    summary = translate_glossary(g, only_missing=False, backends=["tm"])
    assert summary["backends"]["tm"]["files"] == ["tm.tmx"]
    assert g.conn.execute("SELECT count(*) FROM translations WHERE source='tm'").fetchone()[0] == n
    g.close()


@pytest.mark.parametrize("name,content", [
    ("bad.tmx", "<tmx><body><tu><tuv>"),
    ("bad.tmx", "<html/>"),
    ("bad.tmx", '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx><body/></tmx>'),
    ("bad.tsv", "just one column\n"),
    ("empty.tsv", "\n\n"),
])
def test_bad_bilingual_files(tmp_path, argos_dir, name, content, capsys):
    from glossary.cli import main

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    db = tmp_path / "g.db"
    make_glossary(db).close()
    assert main(["--db", str(db), "align", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("glossary: error:") and "\n" not in err
    g = make_glossary(db)
    assert g.list_resources("tm") == []
    assert g.conn.execute("SELECT count(*) FROM translations").fetchone()[0] == 0
    g.close()
