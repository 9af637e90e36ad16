"""glossary pretranslate (issue 18): segmentation, XLIFF 1.2 read back by translate-toolkit,
glossary enforcement with a real (random-weight) Argos package, bad input.

The stand-in model writes gibberish; the assertions hold for any model: every approved term's
English is in every target whose Dutch contains the term, candidates are never forced, no
target without a model, and unconstrained segments are the model's own output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import xliff as xliff_store  # translate-toolkit: a dev dependency

from tests.test_translate import argos_dir, installed, make_glossary, tiny_package  # noqa: F401 - fixtures

# Sample text written for these tests: inflected forms (sociale kredietsystemen), capitals, a
# hard-wrapped line, a second paragraph, a heading line, a candidate-only term (kredietsysteem).
TEXT = (
    "Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers. "
    "Een lage kredietwaardigheid beperkt de toegang tot leningen.\n\n"
    "KREDIETWAARDIGHEID\n"
    "Twee sociale kredietsystemen en\nde kredietwaardigheid van banken. Het kredietsysteem gebruikt gegevens.\n\n"
    "Een laatste alinea zonder termen.\n"
)


@pytest.fixture
def glossary_db(tmp_path, monkeypatch):
    db = tmp_path / "g.db"
    g = make_glossary(db)
    ids = {t["term"]: t["id"] for t in g.iter_terms()}
    g.set_translation(ids["kredietwaardigheid"], "creditworthiness")
    g.set_translation(ids["sociaal kredietsysteem"], "social credit system")
    g.add_translation(ids["kredietsysteem"], "credit framework", source="mt", origin="test", score=0.5)
    g.close()
    monkeypatch.setenv("GLOSSARY_DB", str(db))
    return db


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _main(*args) -> int:
    from glossary.cli import main

    return main([str(a) for a in args])


def _units(path: Path):
    store = xliff_store.xlifffile.parsestring(path.read_bytes())
    return [u for u in store.units if u.source]


# -- segmentation --------------------------------------------------------------------------------


def test_segments_keep_paragraphs_sentences_and_lines():
    from glossary.pretranslate import segment_text

    segs = segment_text(TEXT)
    assert [s[2] for s in segs] == [
        "Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers.",
        "Een lage kredietwaardigheid beperkt de toegang tot leningen.",
        "KREDIETWAARDIGHEID",
        "Twee sociale kredietsystemen en de kredietwaardigheid van banken.",  # hard wrap joined
        "Het kredietsysteem gebruikt gegevens.",
        "Een laatste alinea zonder termen.",
    ]
    assert [s[0] for s in segs] == [1, 1, 2, 2, 2, 3]
    assert [s[1] for s in segs] == ["", " ", "", "\n", " ", ""]  # the heading keeps its line


def test_english_follows_number_and_case_of_the_dutch():
    from glossary.pretranslate import english_for

    assert english_for("sociale kredietsystemen", "sociaal kredietsysteem", "social credit system") == "social credit systems"
    assert english_for("sociaal kredietsysteem", "sociaal kredietsysteem", "social credit system") == "social credit system"
    assert english_for("KREDIETWAARDIGHEID", "kredietwaardigheid", "creditworthiness") == "CREDITWORTHINESS"
    assert english_for("kredietscores", "kredietscore", "credit score") == "credit scores"
    assert english_for("kredietscores", "kredietscore", "credit rating agency") == "credit rating agencies"
    assert english_for("gegevens", "gegeven", "data") == "data"  # uncountable: unchanged


# -- without a model -------------------------------------------------------------------------------


def test_without_model_xliff_has_sources_and_notes_only(glossary_db, doc, tmp_path, argos_dir, capsys):
    out = tmp_path / "artikel.xlf"
    assert _main("pretranslate", doc, "--output", out) == 0
    err = capsys.readouterr().err
    assert err.count("no nl->en model") == 1  # said once
    raw = out.read_bytes()
    assert b"urn:oasis:names:tc:xliff:document:1.2" in raw and b"<target" not in raw
    units = _units(out)
    assert [u.source for u in units][:2] == [
        "Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers.",
        "Een lage kredietwaardigheid beperkt de toegang tot leningen.",
    ]
    assert len(units) == 6 and all(not u.target for u in units)
    notes = units[0].getnotes()
    assert "kredietwaardigheid → creditworthiness (approved" in notes
    assert "sociaal kredietsysteem → social credit system (approved" in notes
    assert "kredietsysteem → credit framework? (candidate, not approved" in _units(out)[4].getnotes()


def test_txt_output_without_model_is_an_error_and_writes_nothing(glossary_db, doc, tmp_path, argos_dir, capsys):
    out = tmp_path / "artikel.en.txt"
    assert _main("pretranslate", doc, "--output", out) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs machine translation" in err[0]
    assert not out.exists() and not list(tmp_path.glob(".artikel.en.txt*"))


# -- with the stand-in model -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["prefix", "replace"])
def test_every_approved_term_is_enforced_and_check_passes(glossary_db, doc, installed, method):
    from glossary import Glossary
    from glossary.check import check_segments, has_translation
    from glossary.pretranslate import pretranslate, read_documents

    with Glossary(glossary_db) as g:
        result = pretranslate(g, read_documents([doc]), model=installed, method=method)
        segments = result.segments()
        assert all(s.target is not None for s in segments)
        checked = 0
        for s in segments:
            for span in g.annotate(s.source):  # the matcher's view, independent of pretranslate
                if span["status"] == "approved":
                    use = next(t for t in s.terms if t.start == span["start"])
                    assert has_translation(s.target, use.english), (s.source, s.target, use.english)
                    assert use.enforced in ("kept", "forced", "replaced")
                    a, b = use.target_span
                    assert s.target[a:b].casefold() == use.english.casefold()
                    checked += 1
                elif span["status"] == "candidate":
                    use = next(t for t in s.terms if t.start == span["start"])
                    assert use.enforced is None and use.target_span is None  # never forced
        assert checked == 6  # incl. the inflected "sociale kredietsystemen" and the capitals
        assert check_segments(g, [(s.source, s.target) for s in segments]) == []
        assert result.summary()["terms_enforced"] == 6
        plural = next(s for s in segments if "kredietsystemen" in s.source)
        assert "social credit systems" in plural.target.casefold()


def test_unconstrained_segments_are_the_models_own_output(glossary_db, doc, installed):
    """No approved term: the target is the model's translation with Argos' settings, unchanged."""
    from glossary import Glossary
    from glossary.pretranslate import pretranslate, read_documents
    from glossary.translate.argos import ARGOS_SETTINGS, ArgosTranslator

    mt = ArgosTranslator(installed)
    with Glossary(glossary_db) as g:
        result = pretranslate(g, read_documents([doc]), model=installed, translator=mt,
                              decoding={"max_decoding_length": 256, "pad_free": True})
    plain = [s for s in result.segments() if not any(t.status == "approved" for t in s.terms)]
    assert len(plain) == 2
    for s in plain:
        assert s.target == mt.translate([s.source], **ARGOS_SETTINGS)[0].text


def test_xliff_with_model_read_by_translate_toolkit(glossary_db, doc, tmp_path, installed, capsys):
    out = tmp_path / "artikel.xlf"
    assert _main("pretranslate", doc, "-o", out) == 0
    assert "test model" in capsys.readouterr().err
    units = _units(out)
    assert len(units) == 6
    from glossary.check import has_translation

    for u in units:
        assert u.target  # every segment translated
        if "kredietwaardigheid" in u.source.casefold():
            assert has_translation(u.target, "creditworthiness")
            assert "terminology check passed" in u.getnotes()
    raw = out.read_text(encoding="utf-8")
    assert raw.count('state="needs-review-translation"') == 6
    assert raw.count('<mrk mtype="term">') == 6
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(out.read_bytes())
    assert [g.get("id") for g in root.iterfind(".//x:group", ns)] == ["p1", "p2", "p3"]
    marks = ["".join(m.itertext()).casefold() for m in root.iterfind(".//x:mrk", ns)]
    assert marks.count("creditworthiness") == 4 and "social credit systems" in marks


def test_check_reads_the_xliff_and_finds_a_post_edit_that_lost_a_term(glossary_db, doc, tmp_path, installed,
                                                                     capsys):
    """`glossary check` reads pretranslate's XLIFF (the one reader, glossary.formats.xliff):
    every enforced segment passes; a target edited so that the approved English is gone fails."""
    import json

    out = tmp_path / "artikel.xlf"
    assert _main("pretranslate", doc, "-o", out) == 0
    capsys.readouterr()
    assert _main("check", out) == 0
    assert "clean: 6 segments checked" in capsys.readouterr().err
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(out.read_bytes())
    unit = root.find(".//x:trans-unit[@id='2']", ns)  # "Een lage kredietwaardigheid ..."
    target = unit.find("x:target", ns)
    for child in list(target):
        target.remove(child)
    target.text = "A low credit rating limits access to loans."  # a post-edit that lost the term
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert _main("check", out, "--json") == 1
    issues = json.loads(capsys.readouterr().out)
    assert [(i["ref"], i["term"], i["expected"]) for i in issues] == [
        ("artikel.txt#2", "kredietwaardigheid", "creditworthiness")]


def test_check_xliff_skips_units_without_target_and_refuses_hostile_xml(glossary_db, doc, tmp_path, argos_dir,
                                                                       capsys):
    out = tmp_path / "bron.xlf"
    assert _main("pretranslate", doc, "-o", out) == 0  # no model: sources and notes only
    capsys.readouterr()
    assert _main("check", out) == 0
    assert "nothing checked: no segment with both Dutch and English" in capsys.readouterr().err
    evil = tmp_path / "evil.xlf"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                    '<xliff version="1.2"><file original="a" source-language="nl"><body><trans-unit id="1">'
                    '<source>kredietwaardigheid</source><target>&xxe;</target></trans-unit></body></file></xliff>',
                    encoding="utf-8")
    assert _main("check", evil) == 1
    assert "refused" in _one_error_line(capsys)
    (tmp_path / "broken.xlf").write_text("<xliff><file>", encoding="utf-8")
    assert _main("check", tmp_path / "broken.xlf") == 1
    assert "malformed XML" in _one_error_line(capsys)
    (tmp_path / "other.xlf").write_text("<tmx version='1.4'><body/></tmx>", encoding="utf-8")
    assert _main("check", tmp_path / "other.xlf") == 1
    assert "not an XLIFF file" in _one_error_line(capsys)


def test_glossary_notes_survive_xliff2po(glossary_db, doc, tmp_path, argos_dir):
    """translate-toolkit's xliff2po keeps only notes from "developer"/"translator": the
    glossary and QA notes must come through as PO comments."""
    from io import BytesIO

    from translate.convert.xliff2po import xliff2po

    out = tmp_path / "artikel.xlf"
    assert _main("pretranslate", doc, "-o", out) == 0
    po = xliff2po().convertstore(BytesIO(out.read_bytes()))
    units = [u for u in po.units if u.source]
    assert len(units) == 6
    first = units[0]
    comments = first.getnotes()
    assert "Glossary: " in comments and "kredietwaardigheid → creditworthiness (approved" in comments
    assert "#. Glossary: " in bytes(po).decode("utf-8")


def test_txt_md_and_tmx_outputs(glossary_db, doc, tmp_path, installed):
    txt, md, tmx = tmp_path / "a.txt", tmp_path / "a.md", tmp_path / "a.tmx"
    for out in (txt, md, tmx):
        assert _main("pretranslate", doc, "-o", out) == 0
    paragraphs = txt.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(paragraphs) == 3
    assert len(paragraphs[1].split("\n")) == 2  # the heading line is kept apart
    assert "creditworthiness" in paragraphs[0].casefold()
    assert md.read_text(encoding="utf-8") == txt.read_text(encoding="utf-8")  # one document: no headings
    from translate.storage.tmx import tmxfile

    units = tmxfile.parsestring(tmx.read_bytes()).units
    assert len(units) == 6 and all(u.target for u in units)
    # the pre-translation feeds `glossary check`: every enforced segment passes
    assert _main("check", tmx) == 0


def test_store_adds_sentence_translations(glossary_db, doc, tmp_path, installed):
    from glossary import Glossary

    assert _main("pretranslate", doc, "-o", tmp_path / "a.xlf", "--store", "--json") == 0
    with Glossary(glossary_db) as g:
        rows = g.conn.execute("SELECT source_text, text, origin FROM sentence_translations").fetchall()
    assert len(rows) == 6 and all(r["origin"].endswith("+glossary") for r in rows)
    first = next(r for r in rows if r["source_text"].startswith("Het sociaal"))
    assert "creditworthiness" in first["text"].casefold()
    # running again updates, never duplicates
    assert _main("pretranslate", doc, "-o", tmp_path / "a.xlf", "--store") == 0
    with Glossary(glossary_db) as g:
        assert g.conn.execute("SELECT count(*) FROM sentence_translations").fetchone()[0] == 6


def test_json_summary(glossary_db, doc, tmp_path, installed, capsys):
    import json

    assert _main("pretranslate", doc, "-o", tmp_path / "a.xlf", "--json", "--method", "replace") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["segments"] == 6 and summary["segments_without_model_output"] == 0
    assert summary["approved_occurrences"] == 6 and summary["terms_enforced"] == 6
    assert summary["enforcement"]["replaced"] + summary["enforcement"]["kept"] == 6
    assert summary["method"] == "replace" and summary["test_model"] is True


# -- documents: docx and md keep their paragraph order -------------------------------------------


def test_docx_and_md_inputs_keep_paragraph_order(glossary_db, tmp_path, argos_dir):
    import docx  # python-docx: a hard dependency
    paragraphs = [f"Alinea {i} gaat over kredietwaardigheid." for i in range(1, 6)]
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(tmp_path / "stuk.docx")
    (tmp_path / "stuk.md").write_text(
        "# Titel over krediet\n\n" + "\n\n".join(f"**{p}**" if i == 2 else p for i, p in enumerate(paragraphs)) + "\n",
        encoding="utf-8")
    out = tmp_path / "both.xlf"
    assert _main("pretranslate", tmp_path / "stuk.docx", tmp_path / "stuk.md", "-o", out, "--no-mt") == 0
    store = xliff_store.xlifffile.parsestring(out.read_bytes())
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(out.read_bytes())
    files = root.findall("x:file", ns)
    assert [f.get("original") for f in files] == ["stuk.docx", "stuk.md"]
    docx_sources = [s.text for s in files[0].iterfind(".//x:source", ns)]
    md_sources = [s.text for s in files[1].iterfind(".//x:source", ns)]
    assert docx_sources == paragraphs
    assert md_sources == ["Titel over krediet"] + paragraphs  # markdown stripped as build does
    assert len([u for u in store.units if u.source]) == len(paragraphs) * 2 + 1


# -- bad input -------------------------------------------------------------------------------------


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.mark.parametrize("case", ["empty", "unsupported", "missing", "output_is_db", "output_is_input",
                                  "output_folder_missing"])
def test_bad_input_one_line_nothing_written(case, glossary_db, doc, tmp_path, argos_dir, capsys):
    out = tmp_path / "out.xlf"
    out.write_bytes(b"previous content")
    inputs = [doc]
    target = out
    if case == "empty":
        (tmp_path / "leeg.txt").write_text("  \n", encoding="utf-8")
        inputs = [tmp_path / "leeg.txt"]
    elif case == "unsupported":
        (tmp_path / "data.xyz").write_text("tekst", encoding="utf-8")
        inputs = [doc, tmp_path / "data.xyz"]
    elif case == "missing":
        inputs = [tmp_path / "nope.txt"]
    elif case == "output_is_db":
        target = glossary_db
    elif case == "output_is_input":
        target = doc
    else:
        target = tmp_path / "no" / "such" / "out.xlf"
    before_db = glossary_db.read_bytes()
    before_doc = doc.read_bytes()
    code = _main("pretranslate", *inputs, "-o", target)
    assert code in (1, 2)
    line = _one_error_line(capsys)
    assert line.startswith("glossary: error:")
    assert out.read_bytes() == b"previous content"
    assert doc.read_bytes() == before_doc
    assert glossary_db.read_bytes() == before_db  # the glossary is only read
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_model_for_the_wrong_pair_is_refused(glossary_db, doc, tmp_path, argos_dir, capsys):
    from glossary.translate.models import install_from_file
    from tests.test_translate import _build

    info = install_from_file(_build(str(tmp_path / "m"), "de", "en"), expect=("de", "en"))
    code = _main("pretranslate", doc, "-o", tmp_path / "a.xlf", "--model", info.name)
    assert code == 1
    assert "translates de->en; pretranslate needs nl->en" in _one_error_line(capsys)
    assert not (tmp_path / "a.xlf").exists()
    # and without --model, a de->en package is no nl->en model: sources and notes only
    assert _main("pretranslate", doc, "-o", tmp_path / "a.xlf") == 0
    assert "no nl->en model installed (installed: de->en)" in capsys.readouterr().err
    assert b"<target" not in (tmp_path / "a.xlf").read_bytes()


def test_document_without_glossary_terms_is_noted_not_an_error(glossary_db, tmp_path, argos_dir, capsys):
    plain = tmp_path / "zonder.txt"
    plain.write_text("Het regent vandaag. Morgen wordt het droog.\n", encoding="utf-8")
    out = tmp_path / "zonder.xlf"
    assert _main("pretranslate", plain, "-o", out) == 0
    assert "zonder.txt: no glossary terms found" in capsys.readouterr().err
    assert len(_units(out)) == 2


def test_interrupted_write_leaves_the_old_output(glossary_db, doc, tmp_path, argos_dir, monkeypatch, capsys):
    from glossary.formats import xliff

    out = tmp_path / "a.xlf"
    out.write_bytes(b"old")

    def broken(documents, fh, **kw):
        fh.write(b"<?xml half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xliff, "write", broken)
    assert _main("pretranslate", doc, "-o", out) == 1
    assert "No space left on device" in _one_error_line(capsys)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        _main("pretranslate", "--help")
    text = capsys.readouterr().out
    assert "examples:" in text and "--output" in text and "OmegaT" in text


def test_constrained_rendering_never_glues_words():
    """The forced English stays whole words whatever tokens surround it."""
    from types import SimpleNamespace

    from glossary.translate.constrained import _render

    class SP:
        @staticmethod
        def decode_pieces(pieces):
            return "".join(pieces).replace("▁", " ").strip()

    mt = SimpleNamespace(sp=SP(), target_prefix="", bpe=None)
    tokens = ["▁the", "X", "Y", "Z", "ing", ",", "▁ok"]
    text, spans = _render(mt, tokens, [(1, 4, 0)], ["credit score"])
    assert text == "the credit score ing, ok"
    a, b = spans[0]
    assert text[a:b] == "credit score"
    text, spans = _render(mt, ["A", "B", "▁c"], [(0, 2, 0)], ["credit score"])
    assert text == "Credit score c" and spans[0] == (0, 12)


def test_piece_offsets_are_converted_from_bytes_to_characters():
    from glossary.translate.argos import char_offsets

    text = "één kredietwaardigheid"
    # sentencepiece reports UTF-8 byte offsets: ▁krediet starts at byte 5, character 4
    assert char_offsets(text, [(0, 2), (2, 4), (4, 5), (5, 13), (13, 24)]) == [(0, 1), (1, 2), (2, 3), (3, 11), (11, 22)]
    assert char_offsets("abc", [(0, 3)]) == [(0, 3)]


def test_encoded_offsets_are_character_offsets(installed):
    """Every consumer of the translator's source offsets (attention_span, the constrained
    decoder) compares them with character spans: the encoder gives characters, not bytes."""
    from glossary.translate.argos import ArgosTranslator

    text = "De één kredietwaardigheid van België"
    pieces, offsets = ArgosTranslator(installed).encode(text)
    start = text.index("kredietwaardigheid")
    end = start + len("kredietwaardigheid")
    covered = "".join(text[b:e] for b, e in offsets if b < end and e > start)
    assert covered.strip() == "kredietwaardigheid"  # byte offsets would be 2 characters off
    assert offsets[-1][1] == len(text)


def test_length_caps_never_shorten_a_translation(glossary_db, doc, installed, monkeypatch):
    """The per-batch decoding caps only save steps: an output that reached its cap is decoded
    again with Argos' cap (256), so the text is the one of uncapped decoding. With a
    ridiculous cap of 3 tokens every output hits it."""
    from glossary import Glossary
    from glossary.pretranslate import pretranslate, read_documents, segment_text
    from glossary.translate import argos, constrained
    from glossary.translate.argos import ArgosTranslator

    mt = ArgosTranslator(installed)
    sources = [s for _p, _sep, s in segment_text(doc.read_text(encoding="utf-8"))]
    full = [r.text for r in mt.translate(sources, max_decoding_length=256)]
    monkeypatch.setattr(argos, "decoding_cap", lambda n: 3)
    monkeypatch.setattr(constrained, "decoding_cap", lambda n: 3)
    cut = mt.translate(sources)  # without verify_cap: cut at 3 tokens
    assert all(len(r.target_tokens) <= 3 for r in cut) and [r.text for r in cut] != full
    verified = mt.translate(sources, verify_cap=True)
    assert [r.text for r in verified] == full and mt.recoded >= len(sources) - 1
    with Glossary(glossary_db) as g:
        result = pretranslate(g, read_documents([doc]), model=installed, translator=mt)
    plain = [s for s in result.segments() if not any(t.status == "approved" for t in s.terms)]
    assert plain and all(s.target == full[sources.index(s.source)] for s in plain)
    assert result.recoded >= len(sources) - 1


# -- decoding options: the default method, --beam, the prefix pass ---------------------------------


class _Spy:
    """Wraps a ctranslate2.Translator and records the keyword arguments of each translate_batch."""

    def __init__(self, translator):
        self.translator = translator
        self.calls: list[dict] = []

    def translate_batch(self, source, **kwargs):
        self.calls.append({"n": len(source), "source": [list(s) for s in source], **kwargs})
        return self.translator.translate_batch(source, **kwargs)


def test_cli_defaults_are_the_librarys():
    import argparse

    from glossary.commands import pretranslate as command
    from glossary.translate.decoding import DEFAULT_BEAM, DEFAULT_METHOD, MAX_BEAM, METHODS

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["pretranslate", "a.txt", "-o", "a.xlf"])
    assert args.method == DEFAULT_METHOD == "replace" and args.beam == DEFAULT_BEAM == 4
    action = next(a for a in parser._subparsers._group_actions[0].choices["pretranslate"]._actions
                  if "--method" in a.option_strings)
    assert set(action.choices) == set(METHODS)
    assert parser.parse_args(["pretranslate", "a", "-o", "b", "--beam", str(MAX_BEAM)]).beam == MAX_BEAM


@pytest.mark.parametrize("value", ["0", "17", "two", "-1"])
def test_bad_beam_is_one_line_exit_2(value, glossary_db, doc, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        _main("pretranslate", doc, "-o", tmp_path / "a.xlf", "--beam", value)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "beam size must be a whole number from 1 to 16" in err[-1]
    assert not (tmp_path / "a.xlf").exists()


def test_beam_option_reaches_the_decoder_and_terms_stay_enforced(glossary_db, doc, tmp_path, installed, capsys):
    """--beam 1: every decoding call is greedy, the unconstrained segments are the model's own
    greedy output, every approved term is still enforced; the JSON and the XLIFF say so."""
    import json

    from glossary import Glossary
    from glossary.check import has_translation
    from glossary.pretranslate import pretranslate, read_documents
    from glossary.translate.argos import ArgosTranslator

    for method in ("replace", "prefix"):
        mt = ArgosTranslator(installed)
        spy = mt.translator = _Spy(mt.translator)
        with Glossary(glossary_db) as g:
            result = pretranslate(g, read_documents([doc]), model=installed, translator=mt, method=method, beam=1,
                                  decoding={"max_decoding_length": 256, "pad_free": True})
        assert spy.calls and {c["beam_size"] for c in spy.calls} == {1}
        if method == "prefix":
            assert any(c.get("target_prefix") for c in spy.calls)  # the prefix pass ran, greedy too
        segments = result.segments()
        for s in segments:
            for t in s.terms:
                if t.status == "approved":
                    assert has_translation(s.target, t.english)
        plain = [s for s in segments if not any(t.status == "approved" for t in s.terms)]
        assert plain
        greedy = ArgosTranslator(installed).translate([s.source for s in plain], beam_size=1, length_penalty=0.2,
                                                      max_decoding_length=256, pad_free=True)
        assert [s.target for s in plain] == [r.text for r in greedy]
        assert result.summary()["beam"] == 1 and result.summary()["method"] == method
    with Glossary(glossary_db) as g, pytest.raises(Exception, match="beam size"):
        pretranslate(g, read_documents([doc]), model=installed, beam=0)
    out = tmp_path / "a.xlf"
    assert _main("pretranslate", doc, "-o", out, "--json", "--beam", "2") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["beam"] == 2 and summary["method"] == "replace" and summary["terms_enforced"] == 6
    assert "(beam 2)" in out.read_text(encoding="utf-8")  # the file header's note names the decoding


def test_prefix_pass_skips_segments_with_nothing_after_the_english(glossary_db, doc, installed, monkeypatch):
    """A first output with no word after the last placed English is not decoded again (the
    English stays, replaced); with words after it the prefix pass runs (forced)."""
    from glossary import Glossary
    from glossary.check import has_translation
    from glossary.pretranslate import pretranslate, read_documents
    from glossary.translate import constrained

    real = constrained._aligned
    for where, expected_how in (("end", "replaced"), ("start", "forced")):
        def aligned(state, start, end, after, where=where):
            n = len(state.tokens)
            return (n, n) if where == "end" else (after, after)

        monkeypatch.setattr(constrained, "_aligned", aligned)
        with Glossary(glossary_db) as g:
            result = pretranslate(g, read_documents([doc]), model=installed, method="prefix")
        constrained_segments = [s for s in result.segments() if any(t.status == "approved" for t in s.terms)]
        assert constrained_segments
        for s in constrained_segments:
            approved = [t for t in s.terms if t.status == "approved"]
            assert all(has_translation(s.target, t.english) for t in approved)
            last = max(approved, key=lambda t: t.start)
            assert last.enforced == expected_how, (where, s.source, s.target)
        assert result.summary()["enforcement"]["forced"] == (0 if where == "end" else len(constrained_segments))
    monkeypatch.setattr(constrained, "_aligned", real)
    assert constrained._has_words(["▁.", "▁,"]) is False and constrained._has_words(["▁the", "."]) is True


def test_prefix_pass_decodes_identical_segments_once(glossary_db, tmp_path, installed):
    from glossary import Glossary
    from glossary.pretranslate import pretranslate, read_documents
    from glossary.translate.argos import ArgosTranslator

    sentence = "Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers en bedrijven."
    path = tmp_path / "twice.txt"
    path.write_text(f"{sentence}\n\nEen andere alinea.\n\n{sentence}\n", encoding="utf-8")
    mt = ArgosTranslator(installed)
    spy = mt.translator = _Spy(mt.translator)
    with Glossary(glossary_db) as g:
        result = pretranslate(g, read_documents([path]), model=installed, translator=mt, method="prefix")
    twins = [s for s in result.segments() if s.source == sentence]
    assert len(twins) == 2 and twins[0].target == twins[1].target
    assert [t.enforced for t in twins[0].terms] == [t.enforced for t in twins[1].terms]
    first_prefix_call = next(c for c in spy.calls if c.get("target_prefix"))
    assert first_prefix_call["n"] == 1  # one example for the two identical segments


def test_attention_kept_only_where_asked_also_after_a_cap(installed, monkeypatch):
    """One pool of batches for all segments; the attention of only the texts that need placing
    is kept, also for outputs decoded again after reaching a cap; the texts are unchanged."""
    from glossary.translate import argos
    from glossary.translate.argos import ArgosTranslator

    mt = ArgosTranslator(installed)
    texts = ["Het sociaal kredietsysteem beoordeelt burgers.", "Een laatste alinea zonder termen.",
             "De kredietwaardigheid van banken daalt."]
    plain = [r.text for r in mt.translate(texts, verify_cap=True)]
    for cap in (None, 3):
        if cap:
            monkeypatch.setattr(argos, "decoding_cap", lambda n: 3)  # every output reaches it: decoded again
        mt.recoded = 0
        res = mt.translate(texts, return_attention=True, attention_for=[texts[0], texts[2]], verify_cap=True)
        assert [r.text for r in res] == plain
        assert res[0].attention and res[2].attention and res[1].attention is None
        assert len(res[0].attention) == len(res[0].target_tokens)
        assert (mt.recoded >= 2) == bool(cap)
