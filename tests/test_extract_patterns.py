"""Issue 13: base-form headwords, acronym kind, the adaptive cut-off, candidate patterns, and
``glossary extract --forms``; on small invented Dutch texts."""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from glossary.extract import extract
from glossary.extract.candidates import candidates
from glossary.extract.pipeline import headword
from glossary.extract.scoring import MIXTURE, auto_threshold, corpus_mixture
from glossary.extract.tagger import load_tagger
from glossary.extract.text import tokenise

# ---------------------------------------------------------------- base-form headwords
DOCS = [
    ("De kredietscores van burgers worden elke maand berekend. Hoge kredietscores geven voordelen. "
     "Banken delen kredietscores met elkaar. De kredietscores zijn geheim."),
    ("Een deurbelcamera's filmt de straat. Veel deurbelcamera's hangen aan gevels. Buren klagen over "
     "deurbelcamera's. De politie vraagt beelden van deurbelcamera's op."),
    ("Het regime verspreidt socialistische kernwaarden. De socialistische kernwaarden staan op posters. "
     "Scholen onderwijzen de socialistische kernwaarden. Kritiek op socialistische kernwaarden is riskant."),
]


@pytest.fixture(scope="module")
def ex():
    return extract(DOCS)


def test_headwords_are_base_forms_with_surface_forms_kept(ex):
    by_key = {t.key: t for t in ex.terms}
    for key, head, surface in [("kredietscore", "kredietscore", "kredietscores"),
                               ("deurbelcamera", "deurbelcamera", "deurbelcamera's"),
                               ("socialistisch kernwaarde", "socialistische kernwaarde", "socialistische kernwaarden")]:
        t = by_key[key]
        assert t.term == head
        assert surface in t.variants  # the form the text used is kept as a variant
        assert t.forms[0] == surface and head not in t.forms  # forms: only what the text contains


@pytest.mark.parametrize("term,surfaces,expected", [
    ("kernwaarden", {"kernwaarden": 3}, "kernwaarde"),
    ("burgerrechtelijke", {"burgerrechtelijke": 2}, "burgerrechtelijk"),
    ("EU-lidstaten", {"EU-lidstaten": 2}, "EU-lidstaat"),
    ("aanbestedende", {"aanbestedende": 2}, "aanbestedend"),          # participle, not the verb
    ("kostenplaatjes", {"kostenplaatjes": 2}, "kostenplaatje"),       # diminutive stays a diminutive
    ("sociale kredietsystemen", {"sociale kredietsystemen": 3, "sociaal kredietsysteem": 1},
     "sociaal kredietsysteem"),                                        # an observed base form wins
    ("raad van bestuur", {"raad van bestuur": 2}, "raad van bestuur"),
    ("recht van opstallen", {"recht van opstallen": 2}, "recht van opstallen"),  # head is the first noun
    ("CABG", {"CABG": 2}, "CABG"),
])
def test_headword_rule(term, surfaces, expected):
    assert headword(term, surfaces) == expected


# ---------------------------------------------------------------- acronyms and codes
def test_acronyms_and_codes_are_terms_not_names():
    docs = [("Na een CABG volgt revalidatie. De CABG duurt uren. Het QRS-complex en de QRS meten we. "
             "De QRS is breed. Turbines volgens IEC61400 zijn gecertificeerd. IEC61400 geldt overal. "
             "De arts van Janssen Farma gaf advies. Janssen Farma maakt medicijnen.")]
    by_term = {t.term: t for t in extract(docs).terms}
    assert by_term["CABG"].kind == "term"
    assert by_term["QRS"].kind == "term"
    assert by_term["IEC61400"].kind == "term"
    assert by_term["Janssen Farma"].kind == "name"  # a multi-word name stays a name


# ---------------------------------------------------------------- adaptive cut-off
def _sample(pi: float, n: int, seed: int, shift: float = 0.0) -> list[float]:
    """Scores of a corpus with a share ``pi`` of terms, terms and non-terms distributed as in
    MIXTURE, everything moved by ``shift`` (weights not calibrated for this domain)."""
    rng = random.Random(seed)
    return [rng.gauss(MIXTURE["m1"] + shift, MIXTURE["s1"]) if rng.random() < pi
            else rng.gauss(MIXTURE["m0"] + shift, MIXTURE["s0"]) for _ in range(n)]


def test_mixture_is_re_estimated_on_the_corpus():
    mix_dense, probs = corpus_mixture(_sample(0.35, 4000, 1))
    mix_sparse, _ = corpus_mixture(_sample(0.06, 4000, 2))
    assert mix_dense["pi"] > MIXTURE["pi"] + 0.05
    assert mix_sparse["pi"] < MIXTURE["pi"] - 0.02
    assert len(probs) == 4000 and abs(sum(probs) / 4000 - mix_dense["pi"]) < 0.02


@pytest.mark.parametrize("shift", [0.0, 0.5, -0.5])
def test_cut_adapts_to_term_density(shift):
    """A corpus dense in terms keeps more candidates than the fitted calibration would keep,
    a sparse one fewer, whether or not the whole score scale has moved."""
    def kept(scores, adapt):
        th = auto_threshold(scores, adapt=adapt)
        return sum(x >= th for x in scores)

    dense, sparse = _sample(0.35, 4000, 7, shift), _sample(0.06, 4000, 7, shift)
    assert kept(dense, True) > kept(dense, False)
    assert kept(sparse, True) < kept(sparse, False)
    assert kept(dense, True) > 1.3 * kept(sparse, True)


def test_small_corpus_stays_near_the_fitted_mixture():
    scores = [1.5, -0.5, -2.0, -3.1, -2.6]
    mix, probs = corpus_mixture(scores)
    assert abs(mix["pi"] - MIXTURE["pi"]) < 0.1 and len(probs) == 5
    assert all(0 <= p <= 1 for p in probs) and probs[0] > probs[3]


def test_cut_is_deterministic_and_total():
    s = _sample(0.2, 2000, 5)
    assert auto_threshold(s) == auto_threshold(list(s))
    assert auto_threshold([]) == 0.0
    assert math.isfinite(auto_threshold([0.3]))


# ---------------------------------------------------------------- candidate patterns
def _cands(sentence: str) -> dict[str, str]:
    toks = tokenise(sentence)
    tags = load_tagger().tag([t.text for t in toks])
    return {c.surface: c.kind for c in candidates(toks, tags, sentence)}


def test_no_phrase_with_a_determiner_or_second_preposition():
    c = _cands("De ministers bespraken het verdrag inzake de bestrijding van corruptie van ambtenaren.")
    assert "verdrag inzake de bestrijding" not in c
    assert not any(s.count(" van ") > 1 for s in c)


# ---------------------------------------------------------------- store: re-extraction with new headwords
def _glossary_with_docs(tmp_path):
    from glossary.ingest import Document
    from glossary.store import Glossary

    g = Glossary(tmp_path / "g.db")
    ids = [g.add_document(Document(path=Path(f"d{n}.txt"), name=f"d{n}.txt", format="txt", title="", text=text))[0]
           for n, text in enumerate(DOCS)]
    return g, ids


def test_approved_translation_stays_on_its_term_after_new_headword(tmp_path):
    """A glossary built before base-form headwords stored the plural as the term; re-extraction
    updates the headword in place (same key, same row), keeping the approved translation."""
    g, ids = _glossary_with_docs(tmp_path)
    new = extract(DOCS)
    old = extract(DOCS)
    for t in old.terms:  # what the previous extractor stored: the most frequent surface
        t.term = t.forms[0]
        t.variants = [f for f in t.forms if f != t.term]
    g.store_extraction(ids, old)
    before = g.term_by_key("kredietscore")
    assert before["term"] == "kredietscores"
    other = g.term_by_key("deurbelcamera")
    g.set_translation(before["id"], "credit scores")
    g.set_translation(other["id"], "doorbell camera")
    g.store_extraction(ids, new)
    after = g.term_by_key("kredietscore")
    assert after["id"] == before["id"] and after["term"] == "kredietscore"
    tr = g.translations(after["id"])
    assert [(t["text"], t["status"]) for t in tr] == [("credit scores", "approved")]
    cam = g.term_by_key("deurbelcamera")
    assert cam["term"] == "deurbelcamera"
    assert [t["text"] for t in g.translations(cam["id"]) if t["status"] == "approved"] == ["doorbell camera"]
    # the surface forms are still found as variants (lookups of the plural land on the entry)
    forms = {r[0] for r in g.conn.execute("SELECT text FROM variants WHERE term_id=?", (after["id"],))}
    assert {"kredietscore", "kredietscores"} <= forms
    g.close()


def test_human_term_form_is_not_overwritten(tmp_path):
    g, ids = _glossary_with_docs(tmp_path)
    tid = g.add_term("Kredietscores", key="kredietscore")
    g.store_extraction(ids, extract(DOCS))
    assert g.term(tid)["term"] == "Kredietscores"
    g.close()


# ---------------------------------------------------------------- CLI
def test_extract_lines_and_forms(tmp_path, glossary_cli):
    for n, text in enumerate(DOCS):
        (tmp_path / f"d{n}.txt").write_text(text, encoding="utf-8")
    lines = glossary_cli("extract", tmp_path)
    assert lines.returncode == 0, lines.stderr
    heads = lines.stdout.splitlines()
    assert "kredietscore" in heads and "kredietscores" not in heads
    forms = glossary_cli("extract", tmp_path, "--forms")
    assert forms.returncode == 0, forms.stderr
    out = forms.stdout.splitlines()
    assert "kredietscores" in out and "kredietscore" not in out  # only forms the text used
    assert len(out) == len(set(out))
    bad = glossary_cli("extract", tmp_path, "--forms", "--format", "json")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_verb_candidates():
    c = _cands("De rechter liet de goederen confisqueren en wilde niets maken van het verhaal.")
    assert c.get("confisqueren") == "verb"
    assert "maken" not in c  # a verb of general Dutch is not proposed
    c = _cands("De politie ging over tot in beslag nemen van het geld.")
    assert c.get("beslag nemen") == "verb"


def test_verb_terms_reach_the_list_with_their_feature():
    from glossary.extract.pipeline import run

    docs = [("De douane mag smokkelwaar confisqueren. Daarna confisqueren de agenten ook de auto. "
             "Zij confisqueren vaak drugs. De rechter laat het geld confisqueren.")]
    dbg: list = []
    ex = run(docs, None, dbg)
    feats = dict(dbg)
    assert feats["confisqueren"]["verb"] > 0.5  # scored as a verb, so the weights can tell
    assert any(t.key == "confisqueren" and t.kind == "term" for t in ex.terms)


# ---------------------------------------------------------------- never entries on their own
def test_lone_letters_numerals_and_determiners_are_no_entries():
    c = _cands("Zie figuur B en tabel IV. In situatie C is de kracht groot. De vi en de III.")
    for junk in ("B", "IV", "C", "vi", "III"):
        assert junk not in c, junk
    assert {"figuur", "tabel", "kracht"} <= set(c)
    # inside a longer candidate they stay (a name with a letter or numeral in it)
    c = _cands("Het park Horns Rev II ligt voor de kust.")
    assert "Horns Rev II" in c and "II" not in c
    c = _cands("Bijlage B: volgens Model E en De Lijn.")
    assert {"Model E", "De Lijn"} <= set(c) and not {"B", "E", "De"} & set(c)


def test_codes_and_names_that_look_like_numerals_stay():
    from glossary.extract.candidates import lone_junk

    for word in ("B19", "C-11", "CABG", "QRS", "EU", "Xi", "civil"):
        assert not lone_junk(word), word
    for word in ("B", "x", "III", "iv", "XIII", "De", "dit"):
        assert lone_junk(word), word


def test_web_and_mail_addresses_are_no_candidates():
    c = _cands("Meer informatie op www.windpark.be of via info@windpark.be bij de windturbine.")
    assert not any("www" in s or "@" in s or ".be" in s for s in c)
    assert "windturbine" in c


def test_function_word_glued_to_a_word_is_no_entry():
    # text extraction (PDF) sometimes glues a function word to the next word: deturbine
    docs = ["De turbine draait. De turbine levert stroom. Een turbine is groot. De turbine staat stil. "
            "Bij storing stopt deturbine meteen. De olie van de turbine is oud."]
    keys = {t.key for t in extract(docs).terms}
    assert "turbine" in keys
    assert "deturbine" not in keys


def test_glued_rule_keeps_real_words():
    from glossary.extract.pipeline import _glued

    class G:
        def __init__(self, f):
            self.frequency = f

    groups = {"turbine": G(9), "laminatie": G(9), "industrie": G(9)}
    assert _glued("deturbine", 1, groups)
    assert _glued("deindustrie", 2, groups)
    assert not _glued("deturbine", 4, groups)        # frequent: the corpus's own spelling
    assert not _glued("delaminatie", 1, groups)      # 'laminatie' is no general-Dutch word
    assert not _glued("detail", 1, {"tail": G(9)})    # a known word is never split


def test_units_in_mixed_case_are_term_candidates():
    c = _cands("De turbine levert 1500 kWh bij 10 kW en 400 kV; de pH is 7 en de druk 120 mmHg.")
    assert {"kWh", "kW", "kV", "pH", "mmHg"} <= set(c)
    ex = extract(["De turbine levert 1500 kWh per jaar. Een kWh kost geld. Per kWh betaal je meer."])
    t = next(t for t in ex.terms if t.key == "kwh")
    assert t.kind == "term" and t.term == "kWh"  # a unit: a term, its spelling kept
    from glossary.extract.pipeline import _is_code

    assert all(_is_code(w) for w in ("kWh", "GWh", "MWh", "NGOs", "pH", "CABG"))
    assert not any(_is_code(w) for w in ("Alibaba", "Tencent", "Xi", "China"))


def test_a_capital_only_in_mid_sentence_is_kept_in_the_headword():
    # China-specialist is never sentence-initial: its capital is the name's, not the sentence's;
    # Kredietregistratie opens its sentences only, so it is entered in lower case
    docs = [("De Belgische China-specialist geeft les. Een China-specialist weet veel. "
             "Kredietregistratie is streng. Kredietregistratie kost geld. Kredietregistratie groeit snel."),
            ("Elke China-specialist leest Chinees. Ook deze China-specialist schrijft boeken. "
             "Kredietregistratie helpt banken.")]
    by_key = {t.key: t for t in extract(docs).terms}
    spec = next(t for k, t in by_key.items() if "specialist" in k)
    assert spec.term == "China-specialist"
    reg = next(t for k, t in by_key.items() if "kredietregistratie" in k)
    assert reg.term == "kredietregistratie"
