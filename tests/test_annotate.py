"""glossary annotate: spans (longest match, overlaps, variants, inflections), text, JSON, HTML."""

import html
import json
from html.parser import HTMLParser

import pytest

try:
    from test_lookup_fixture import build, run_cli  # noqa: F401
except ImportError:
    from tests.test_lookup_fixture import build, run_cli  # noqa: F401

from glossary.annotate import annotate, render_html, render_text
from glossary.matcher import inflections, normalise




def test_longest_match_wins_over_overlapping_terms(fx):
    _, g, _ = fx
    text = "Het sociaal kredietsysteem en het sociaal krediet."
    spans = annotate(g, text)
    assert [(s["text"], s["term"]) for s in spans] == [
        ("sociaal kredietsysteem", "sociaal kredietsysteem"), ("sociaal krediet", "sociaal krediet")]
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]
    # no span overlaps another, and 'krediet' inside the longer terms is not reported
    assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:]))


def test_variants_inflections_case_and_line_breaks(fx):
    _, g, _ = fx
    text = "SOCIALE KREDIETSYSTEMEN, kredieten en\nsociaal\n   krediet; kredietwaardigheden."
    spans = annotate(g, text)
    assert [(s["text"], s["term"], s["match"]) for s in spans] == [
        ("SOCIALE KREDIETSYSTEMEN", "sociaal kredietsysteem", "variant"),
        ("kredieten", "krediet", "variant"),
        ("sociaal\n   krediet", "sociaal krediet", "term"),
        ("kredietwaardigheden", "kredietwaardigheid", "inflection"),
    ]
    assert [s["text"] for s in annotate(g, text, inflect=False)][-1] == "sociaal\n   krediet"


def test_whole_words_only(fx):
    _, g, _ = fx
    assert annotate(g, "kredietkaart guanxiX Xguanxi") == []
    assert [s["text"] for s in annotate(g, "(guanxi)-netwerk")] == ["guanxi"]


def test_span_fields_and_status(fx):
    _, g, ids = fx
    spans = annotate(g, "Straße: guanxi en krediet en Sesame Credit")
    assert [(s["term"], s["translation"], s["status"]) for s in spans] == [
        ("guanxi", "guanxi", "candidate"), ("krediet", "credit", "candidate"),
        ("Sesame Credit", "Sesame Credit", "approved")]
    assert spans[0]["start"] == 8 and spans[0]["id"] == ids["guanxi"]
    g2_id = g.add_term("burgerscore")
    assert annotate(g, "de burgerscore")[0]["status"] == "untranslated"  # the matcher saw the change


def test_render_text(fx):
    _, g, _ = fx
    text = "Het sociaal krediet en kredieten."
    out = render_text(text, annotate(g, text))
    assert out == "Het sociaal krediet [social credit] en kredieten [credit?]."


def test_render_html_escapes_everything(fx, tmp_path):
    _, g, _ = fx
    t = g.add_term("<b>&co")
    g.set_translation(t, '"x" <script>alert(1)</script>')
    text = "<script>alert('x')</script> sociaal krediet & <b>&co"
    page = render_html(text, annotate(g, text), title="<title>")
    assert "<script>" not in page and "<b>&co" not in page
    assert page.startswith("<!DOCTYPE html>")

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.titles = []

        def handle_starttag(self, tag, attrs):
            if tag == "span" and dict(attrs).get("title"):
                self.titles.append(dict(attrs)["title"])

    p = Collect()
    p.feed(page)
    assert "sociaal krediet → social credit" in p.titles
    assert '<b>&co → "x" <script>alert(1)</script>' in p.titles


def test_normalise_keeps_offsets():
    norm, starts, origin = normalise("a  b\n\n c")
    assert norm == "a b c" and starts is not None
    assert normalise("Straße")[0] == "straße"
    assert {"sociale kredietsystemen", "sociaal kredietsysteem"} <= inflections("sociaal kredietsysteem")


def test_cli_annotate(fx, tmp_path):
    path, _, _ = fx
    doc = tmp_path / "doc.txt"
    doc.write_text("Het sociaal krediet en guanxi.\n", encoding="utf-8")
    code, out, _ = run_cli(path, "annotate", str(doc))
    assert code == 0 and out == "Het sociaal krediet [social credit] en guanxi [guanxi?].\n"
    code, out, _ = run_cli(path, "annotate", "-", "--json", stdin="de kredieten")
    assert code == 0 and [(s["start"], s["end"], s["term"]) for s in json.loads(out)] == [(3, 12, "krediet")]
    code, out, _ = run_cli(path, "annotate", str(doc), "--html")
    assert code == 0 and 'title="sociaal krediet → social credit"' in out
    code, _, err = run_cli(path, "annotate", str(tmp_path / "missing.txt"))
    assert code == 1 and "cannot read" in err
