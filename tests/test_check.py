"""glossary check: clean and faulty translations, from text pairs, TSV, TMX and PO."""

import json

import pytest

try:
    from test_lookup_fixture import build, run_cli  # noqa: F401
except ImportError:
    from tests.test_lookup_fixture import build, run_cli  # noqa: F401

from glossary.check import check_segments, has_translation, paragraphs, read_segments
from glossary.errors import InputError




def test_clean_translation_has_no_issues(fx):
    _, g, _ = fx
    pairs = [
        ("Het sociaal krediet is nieuw.", "The Social Credit is new."),
        ("Sociale kredietsystemen meten kredietwaardigheid.", "Social credit systems measure creditworthiness."),
        ("Banken geven kredieten op basis van guanxi.", "Banks lend on the basis of connections."),  # unapproved
    ]
    assert check_segments(g, pairs) == []


def test_faulty_translation_reports_each_missing_term(fx):
    _, g, ids = fx
    pairs = [
        ("Het sociaal krediet en de kredietwaardigheid.", "Social credit and credit rating."),
        ("Het sociaal kredietsysteem.", "The social credit scheme."),
    ]
    issues = check_segments(g, pairs)
    assert [(i["segment"], i["term"], i["expected"], i["text"]) for i in issues] == [
        (1, "kredietwaardigheid", "creditworthiness", "kredietwaardigheid"),
        (2, "sociaal kredietsysteem", "social credit system", "sociaal kredietsysteem"),
    ]
    assert issues[0]["source"][issues[0]["start"]:issues[0]["end"]] == "kredietwaardigheid"


def test_english_matching():
    assert has_translation("Two social credit systems.", "social credit system")
    assert has_translation("the SOCIAL\n credit", "social credit")
    assert has_translation("policies", "policy")
    assert not has_translation("creditworthy", "creditworthiness")
    assert not has_translation("antisocial credit", "social credit")
    # a parenthesised gloss in the approved English need not be repeated
    assert has_translation("Guanxi remains important.", "guanxi (personal connections)")
    assert has_translation("guanxi (personal connections) matter", "guanxi (personal connections)")
    assert not has_translation("Connections remain important.", "guanxi (personal connections)")


def test_paragraph_alignment(tmp_path):
    nl, en = tmp_path / "nl.txt", tmp_path / "en.txt"
    nl.write_text("Een\ntwee.\n\n\nDrie.\n", encoding="utf-8")
    en.write_text("One two.\n\nThree.", encoding="utf-8")
    assert [(s.source, s.target) for s in read_segments(nl, en)] == [("Een twee.", "One two."), ("Drie.", "Three.")]
    assert paragraphs("a\n \nb")[1] == ("b", 3)
    en.write_text("One two three.", encoding="utf-8")
    with pytest.raises(InputError, match="aligned paragraph by paragraph"):
        read_segments(nl, en)


def test_cli_text_pair(fx, tmp_path):
    path, _, _ = fx
    nl, en = tmp_path / "nl.txt", tmp_path / "en.txt"
    nl.write_text("Het sociaal krediet.\n\nDe kredietwaardigheid van banken.\n", encoding="utf-8")
    en.write_text("The social credit.\n\nThe creditworthiness of banks.\n", encoding="utf-8")
    code, out, err = run_cli(path, "check", str(nl), str(en))
    assert (code, out) == (0, "") and "clean: 2 segments" in err
    en.write_text("The social credit.\n\nThe credit score of banks.\n", encoding="utf-8")
    code, out, _ = run_cli(path, "check", str(nl), str(en), "--json")
    assert code == 1
    [issue] = json.loads(out)
    assert (issue["segment"], issue["term"], issue["expected"]) == (2, "kredietwaardigheid", "creditworthiness")
    code, out, _ = run_cli(path, "check", str(nl), str(en))
    assert code == 1 and "should be 'creditworthiness'" in out


def test_cli_tsv_po_tmx(fx, tmp_path):
    path, _, _ = fx
    tsv = tmp_path / "a.tsv"
    tsv.write_text("nl\ten\nsociaal krediet\tsocial credit\nkredietwaardigheid\tcredit rating\n", encoding="utf-8")
    code, out, _ = run_cli(path, "check", str(tsv), "--json")
    assert code == 1 and [(i["ref"], i["term"]) for i in json.loads(out)] == [("line 3", "kredietwaardigheid")]

    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgctxt "intro"\nmsgid "Het sociaal krediet."\nmsgstr "Social credit."\n\n'
                  'msgid "Het sociale kredietsysteem."\nmsgstr "The social scoring system."\n', encoding="utf-8")
    code, out, _ = run_cli(path, "check", str(po), "--json")
    assert code == 1 and [(i["ref"], i["expected"]) for i in json.loads(out)] == [
        ("line 10", "social credit system")]

    tmx = tmp_path / "a.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<tmx version="1.4"><header srclang="nl"/><body>'
        '<tu tuid="7"><tuv xml:lang="nl-NL"><seg>Het <bpt i="1">&lt;b&gt;</bpt>sociaal krediet&xxe;</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>The social credit</seg></tuv></tu>'
        '<tu tuid="8"><tuv xml:lang="nl"><seg>kredietwaardigheid</seg></tuv>'
        '<tuv xml:lang="en"><seg>solvency</seg></tuv></tu></body></tmx>', encoding="utf-8")
    segments = read_segments(tmx)
    assert "root:" not in segments[0].source  # the external entity was not resolved
    code, out, _ = run_cli(path, "check", str(tmx), "--json")
    assert code == 1 and [(i["ref"], i["term"]) for i in json.loads(out)] == [("8", "kredietwaardigheid")]


def test_cli_errors(fx, tmp_path):
    path, _, _ = fx
    (tmp_path / "x.docx").write_text("?", encoding="utf-8")
    code, _, err = run_cli(path, "check", str(tmp_path / "x.docx"))
    assert code == 1 and "cannot check" in err
    (tmp_path / "bad.tmx").write_text("<tmx><body><tu>", encoding="utf-8")
    code, _, err = run_cli(path, "check", str(tmp_path / "bad.tmx"))
    assert code == 1 and "not a readable TMX" in err
    assert run_cli(path, "check", "a", "b", "c")[0] == 2
