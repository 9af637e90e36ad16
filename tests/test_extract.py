"""Linguistic behaviour of glossary.extract, pinned on small invented Dutch examples."""
from __future__ import annotations

import dataclasses

import pytest

from glossary.extract import Extraction, Occurrence, Sentence, Term, extract, normalise_key, split_compound
from glossary.extract.boilerplate import RepeatedLines, is_boilerplate_line, line_hash
from glossary.extract.candidates import candidates
from glossary.extract.tagger import load_tagger
from glossary.extract.text import split_sentences, tokenise
from tests.conftest import CORPUS, shared_or_skip


# ---------------------------------------------------------------- preprocessing
def test_tokeniser_keeps_compounds_elisions_abbreviations():
    s = "De ABC-boek-auteur en een Japan-kenner kochten bijv. twee auto's, d.w.z. zo'n 3-jarige deal."
    toks = [t.text for t in tokenise(s)]
    for w in ("ABC-boek-auteur", "Japan-kenner", "bijv.", "auto's", "d.w.z.", "zo'n"):
        assert w in toks
    for t in tokenise(s):
        assert s[t.start:t.end] == t.text


def test_tokeniser_truncated_coordination_member():
    toks = [t.text for t in tokenise("De voor- en nadelen zijn bekend.")]
    assert toks[:4] == ["De", "voor-", "en", "nadelen"]


def test_sentence_split_respects_abbreviations_and_lines():
    text = "Dr. Peters kwam om 10 uur. Hij zag o.a. drie molens!\nEen kop zonder punt\nLaatste zin."
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["Dr. Peters kwam om 10 uur.", "Hij zag o.a. drie molens!", "Een kop zonder punt", "Laatste zin."]


# ---------------------------------------------------------------- boilerplate
@pytest.mark.parametrize("line", [
    "Beeld Jan de Vries",
    "null Beeld ANP",
    "Foto: Reuters",
    "Geef een reactie",
    "Twee reacties op \u201cEen artikel over windmolens\u201d",
    "\u00a9 2021 Uitgeverij Voorbeeld B.V. - alle rechten voorbehouden",
    "Je e-mailadres wordt niet gepubliceerd.",
    "Lees ook het vorige stuk",
    "Anna JansenPieter de Boer en Kees Smit",
])
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "Het beeld van de sector is veranderd.",
    "Beeldvorming speelt een grote rol bij windparken.",
    "Reacties van omwonenden waren overwegend positief.",
    "Conditiebewaking bij windturbines",
])
def test_not_boilerplate(line):
    assert not is_boilerplate_line(line)


def test_repeated_lines_across_documents():
    a = "Windenergie in Nederland\nDe molens draaien.\nVolg ons op sociale media en blijf op de hoogte"
    b = "Zonne-energie groeit\nPanelen liggen op daken.\nVolg ons op sociale media en blijf op de hoogte"
    found = RepeatedLines()
    for doc in (a, b):
        found.add(doc)
    assert found.result() == {line_hash("Volg ons op  sociale media en blijf op de hoogte")}
    c = "Inleiding\nInleiding\nInleiding\nDe molens draaien."  # a lone repeated word is kept
    alone = RepeatedLines()
    alone.add(c)
    assert alone.result() == set()


def test_boilerplate_not_extracted():
    docs = [
        "Beeld Jan Vermeulen\nDe windturbine levert stroom. Elke windturbine heeft een rotorblad.\nGeef een reactie",
        "null Beeld Jan Vermeulen\nEen windturbine draait. Het rotorblad van de windturbine slijt.\nGeef een reactie",
    ]
    ex = extract(docs)
    keys = {t.key for t in ex.terms}
    assert "windturbine" in keys
    assert not any("vermeulen" in k or "reactie" in k or "beeld" in k for k in keys)
    for sents in ex.sentences:
        assert not any("Beeld" in s.text or "reactie" in s.text for s in sents)


# ---------------------------------------------------------------- compounds & lemmas
@pytest.mark.parametrize("word,parts", [
    ("kredietbeoordelingssystemen", ["krediet", "beoordeling", "systeem"]),
    ("kredietwaardigheid", ["krediet", "waardigheid"]),
    ("windturbines", ["wind", "turbine"]),
    ("aanbestedingsprocedures", ["aanbesteding", "procedure"]),
    ("ABC-boek", ["abc", "boek"]),
])
def test_split_compound(word, parts):
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", ["corruptie", "beoordeling", "huis", "guanxi"])
def test_non_compounds_are_not_split(word):
    assert split_compound(word) == []


def test_normalise_key_lemmatises_and_folds():
    assert normalise_key("Sociale  Kredietsystemen") == "sociaal kredietsysteem"
    assert normalise_key("sociaal kredietsysteem") == "sociaal kredietsysteem"
    assert normalise_key("auto's") == "auto"
    assert normalise_key("Windturbines") == "windturbine"


# ---------------------------------------------------------------- tagger & candidates
def _cands(sentence: str) -> set[str]:
    toks = tokenise(sentence)
    tags = load_tagger().tag([t.text for t in toks])
    return {c.surface for c in candidates(toks, tags, sentence)}


def test_tagger_basic():
    words = ["De", "nieuwe", "windturbine", "levert", "veel", "stroom", "aan", "Rotterdam", "."]
    tags = load_tagger().tag(words)
    assert tags[:3] == ["DET", "ADJ", "NOUN"]
    assert tags[5:] == ["NOUN", "ADP", "PROPN", "PUNCT"]


def test_adjective_noun_patterns():
    c = _cands("De gemeente voert een duurzaam energiebeleid en bespreekt hernieuwbare energiebronnen.")
    assert {"duurzaam energiebeleid", "energiebeleid", "hernieuwbare energiebronnen", "energiebronnen"} <= c


def test_noun_prepositional_phrase():
    c = _cands("De raad van bestuur besprak de aansprakelijkheid van bestuurders.")
    assert {"raad van bestuur", "aansprakelijkheid van bestuurders"} <= c


def test_name_candidates():
    c = _cands("Volgens Greenpeace Nederland en de Verenigde Naties groeit de windmarkt.")
    assert "Greenpeace Nederland" in c and "Verenigde Naties" in c


def test_coordinated_compounds_expanded():
    c = _cands("De commissie woog alle plus- en minpunten van de wind- en zonneparken.")
    assert {"pluspunten", "minpunten", "windparken", "zonneparken"} <= c


def test_participles_as_modifiers():
    c = _cands("De strijd tegen al dan niet georganiseerde criminaliteit gaat door.")
    assert "georganiseerde criminaliteit" in c
    c = _cands("Windparken veroorzaken zelden grensoverschrijdende problemen.")
    assert "grensoverschrijdende problemen" in c


def test_nested_name_after_preposition():
    c = _cands("Het Verdrag van Lissabon regelt de bevoegdheden.")
    assert {"Verdrag van Lissabon", "Lissabon"} <= c
    assert "van" not in c  # a function word the tagger took for a name part is no noun


def test_coordinated_adjectives_inside_name():
    c = _cands("Het advies van het Europees Economisch en Sociaal Comité is positief.")
    assert "Europees Economisch en Sociaal Comité" in c
    assert "Europees Economisch" not in c and "Sociaal Comité" not in c


def test_capitalised_opener_is_not_a_name():
    # capitalised only as a heading after a colon (or at the start of a sentence)
    ex = extract(["Bijlage B: Datavalidatie\nDe metingen zijn gevalideerd."])
    t = next(t for t in ex.terms if t.key == "datavalidatie")
    assert t.kind == "term" and t.term == "datavalidatie"


def test_gradable_modifiers():
    from glossary.extract.scoring import gradability

    assert gradability("specifieke") > 0 and gradability("grote") > 0   # specifieker, grootste
    assert gradability("strafrechtelijke") == 0 and gradability("akoestische") == 0


def test_tagger_shortcut_is_exact():
    """Tokens whose tag no transition can change skip the transition lookup; the tags must be
    those of the plain greedy decoder."""
    import numpy as np

    tagger = load_tagger()
    for s in ["De nieuwe windturbine levert veel stroom aan Rotterdam .",
              "Bij on-line technieken vindt bewaking van lagers plaats , zegt Jansen ."]:
        words = s.split()
        rows = np.array([tagger._word(words[0], True)] + [tagger._word(w, False) for w in words[1:]])
        rows[0] += tagger._prev("<S>")
        rows[1:] += np.array([tagger._prev(w) for w in words[:-1]])
        rows[:-1] += np.array([tagger._next(w) for w in words[1:]])
        rows[-1] += tagger._next("</S>")
        p1 = p2 = tagger.start
        plain = []
        for i in range(len(words)):
            t = int((rows[i] + tagger.trans[p1, p2]).argmax())
            plain.append(tagger.tags[t])
            p2, p1 = p1, t
        from glossary.extract.tagger import _correct

        assert tagger.tag(words) == _correct(words, plain)


# ---------------------------------------------------------------- end to end
DOCS = [
    "Het sociaal kredietsysteem beoordeelt burgers. Het Sociaal Krediet Systeem geeft elke burger een "
    "burgerscore. Volgens Datacorp Holding is een sociaal kredietsysteem efficiënt.\n"
    "De sociale kredietsystemen van provincies verschillen. De kredietwaardigheid van een burger telt.",
    "Datacorp Holding bouwt het sociaal kredietsysteem. Een lage kredietwaardigheid kost punten. "
    "Critici noemen de burgerscore willekeurig. De kredietwaardigheid wordt dagelijks berekend.",
]


@pytest.fixture(scope="module")
def ex() -> Extraction:
    return extract(DOCS)


def test_contract_types(ex):
    assert [f.name for f in dataclasses.fields(Sentence)] == ["start", "end", "text"]
    assert [f.name for f in dataclasses.fields(Occurrence)][:5] == ["doc", "sentence", "start", "end", "surface"]
    assert [f.name for f in dataclasses.fields(Term)][:10] == [
        "term", "key", "lemma", "kind", "score", "frequency", "doc_count", "variants", "parts", "occurrences"]
    assert len(ex.sentences) == 2
    scores = [t.score for t in ex.terms]
    assert scores == sorted(scores, reverse=True)


def test_offsets_are_consistent(ex):
    for d, sents in enumerate(ex.sentences):
        for s in sents:
            assert DOCS[d][s.start:s.end] == s.text
    for t in ex.terms:
        assert t.frequency == len(t.occurrences)
        assert t.doc_count == len({o.doc for o in t.occurrences})
        for o in t.occurrences:
            assert ex.sentences[o.doc][o.sentence].text[o.start:o.end] == o.surface


def test_variants_grouped(ex):
    by_key = {t.key: t for t in ex.terms}
    t = by_key["sociaal kredietsysteem"]
    assert t.term == "sociaal kredietsysteem"
    assert {"Sociaal Krediet Systeem", "sociale kredietsystemen"} <= set(t.variants)
    assert t.kind == "term"
    assert "sociaal krediet systeem" not in by_key


def test_terms_and_names_typed(ex):
    by_key = {t.key: t for t in ex.terms}
    assert by_key["kredietwaardigheid"].parts == ["krediet", "waardigheid"]
    assert by_key["kredietwaardigheid"].head == "waardigheid"
    name = next(t for t in ex.terms if t.term == "Datacorp Holding")
    assert name.kind == "name"


def test_extract_empty_and_progress():
    seen = []
    ex = extract(["", "Geen termen."], progress=seen.append)
    assert seen == [1, 2]
    assert len(ex.sentences) == 2 and ex.sentences[0] == []


def test_loanword_kind():
    docs = ["De blockchain van de bank is traag. Een blockchain bewaart transacties. De blockchain groeit."]
    ex = extract(docs)
    t = next(t for t in ex.terms if t.key == "blockchain")
    assert t.kind == "loanword"


def test_seed_articles():
    seeds = shared_or_skip("seeds")  # skips on a developer machine without ../shared, fails in CI
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    ex = extract(texts)
    keys = {t.key: t for t in ex.terms}
    for k in ("sociaal krediet", "sociaal kredietsysteem", "kredietwaardigheid", "guanxi", "burgerscore",
              "socialistisch kernwaarde"):
        assert k in keys, k
    assert "Sociaal Krediet Systeem" in keys["sociaal kredietsysteem"].variants
    assert keys["sesame credit"].kind == "name"
    top = " ".join(t.key for t in ex.terms[:50])
    for bad in ("beeld", "reactie", "copyright", "brandsma"):
        assert bad not in top




def test_project_sample_corpus():
    docs = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".md")]
    ex = extract(docs)
    keys = {t.key: t for t in ex.terms}
    for k in ("sociaal krediet", "sociaal kredietsysteem", "kredietwaardigheid", "burgerscore"):
        assert keys[k].kind == "term", k
    assert "Sociaal Krediet Systeem" in keys["sociaal kredietsysteem"].variants
    assert keys["guanxi"].kind == "loanword"
    assert keys["sesame credit"].kind == "name"


def test_junk_tokens_are_not_terms():
    ex = extract(["x" * 5000, "De windturbine draait. Een windturbine levert stroom."])
    assert all(len(t.term) < 100 and "xxxxx" not in t.key for t in ex.terms)
    assert "windturbine" in {t.key for t in ex.terms}  # the real term next to the junk still comes out


def test_store_reads_each_text_once_and_keeps_none(tmp_path):
    """The build streams texts: the extractor reads each document when it needs it, and
    store_extraction writes document by document, releasing each text after its rows."""
    from glossary.build import DocumentTexts
    from glossary.store import Glossary

    docs = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".md")]
    g = Glossary(tmp_path / "g.db")
    ids = []
    for n, text in enumerate(docs):
        doc = dataclasses.make_dataclass("D", ["sha256", "name", "path", "format", "title", "text", "words"])(
            f"{n:064x}", f"d{n}.txt", f"d{n}.txt", "txt", "", text, len(text.split()))
        ids.append(g.add_document(doc)[0])

    reads: list[int] = []

    class Counting(DocumentTexts):
        def __getitem__(self, i):
            reads.append(i)
            return super().__getitem__(i)

    extraction = extract(Counting(g, ids))
    analysis_reads = len(reads)
    g.store_extraction(ids, extraction)
    texts = extraction.sentences[0].texts
    assert texts.kept == {}  # every text released after its rows were written
    # the store read each document at most once more than the analysis did
    assert len(reads) - analysis_reads <= len(ids)
    stored = g.conn.execute("SELECT count(*) FROM occurrences").fetchone()[0]
    assert stored == sum(len(t.occurrences) for t in extraction.terms) > 0
    g.close()



def _reference_opens(quads, sentences) -> bool:
    """The check scoring made before ``analyse`` counted it: reading each occurrence's sentence
    text again (whether any occurrence may owe its capital to its position)."""
    from glossary.extract.pipeline import _OPEN_QUOTES

    for i in range(0, len(quads), 4):
        d, si, start = quads[i], quads[i + 1], quads[i + 2]
        before = sentences[d].surface(si, 0, start).rstrip(_OPEN_QUOTES) if start else ""
        if not before or not before[-1].islower():
            return True
    return False


def test_scoring_reads_no_text_and_counts_sentence_openers_as_the_texts_say(monkeypatch):
    """Extraction reads each document twice (survey, analysis) and scoring none again: whether
    a capitalised entry's capital may come from its position (it opens a sentence, follows a
    colon ...) is counted in ``analyse`` (``Group.opens``), and equals what reading the
    sentences gives for every entry that has no lower-case form."""
    from glossary.extract import pipeline

    docs = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".md")]
    crafted = ("Kredietwaardigheid is een woord. Over Kredietwaardigheid: veel. Een lijst: Scorekaart; "
               "Puntensysteem.\nBijlage B: Datavalidatie\nZe noemt namen als 'Osmanthus-punten' en de "
               "Osmanthus-punten tellen mee. De Osmanthus-punten zijn hoog.")
    docs.append(crafted)
    reads: list[int] = []

    class Counting(list):
        def __getitem__(self, i):
            reads.append(i)
            return super().__getitem__(i)

    seen: dict = {}
    score_terms = pipeline.score_terms

    def spy(groups, sentences, *args):
        seen.update(groups=dict(groups), sentences=sentences, reads=len(reads))
        return score_terms(groups, sentences, *args)

    monkeypatch.setattr(pipeline, "score_terms", spy)
    extraction = extract(Counting(docs))
    assert sorted(reads) == sorted(list(range(len(docs))) * 2)  # survey and analysis, nothing while scoring
    assert seen["reads"] == len(reads)
    checked = {True: 0, False: 0}
    for g in seen["groups"].values():
        if not any(s[:1].islower() for s in g.surf):  # the entries scoring asks it of
            assert g.opens == _reference_opens(g.occ, seen["sentences"]), g.key
            checked[g.opens] += 1
    assert checked[True] > 10 and checked[False] > 10, checked
    groups = seen["groups"]
    assert groups["kredietwaardigheid"].opens and groups["datavalidatie"].opens
    assert not groups["osmanthus-punt"].opens  # only ever right after a lower-case word (quotes aside)
    assert extraction.terms
    terms = {t.key: t.term for t in extract([crafted]).terms}
    assert terms["kredietwaardigheid"] == "kredietwaardigheid" and terms["datavalidatie"] == "datavalidatie"
    assert terms["osmanthus-punt"] == "Osmanthus-punt"



def test_group_opens_when_any_document_or_merged_variant_does():
    """``Group.opens`` is kept over documents and over the variants merged into the entry
    (``Sociaal Krediet Systeem`` into ``sociaal kredietsysteem``): one occurrence that may owe
    its capital to its position is enough, whichever document or variant it is in."""
    from array import array

    from glossary.extract.compact import Group

    def group(key: str, *opens: bool) -> Group:
        g = Group(key, (key,))
        for d, o in enumerate(opens):
            g.add_doc({key.title(): 1}, {"term": 1}, 0, array("i", [d, 0, 0 if o else 4, 18]), o)
        return g

    assert group("kredietsysteem", True, False).opens and group("kredietsysteem", False, True).opens
    assert not group("kredietsysteem", False, False).opens
    for mine, theirs in ((False, True), (True, False), (True, True)):
        g = group("kredietsysteem", mine)
        g.merge(group("krediet-systeem", theirs))
        assert g.opens
    g = group("kredietsysteem", False)
    g.merge(group("krediet-systeem", False))
    assert not g.opens and g.frequency == 1  # (the same span: counted once)


def test_extraction_does_not_depend_on_the_hash_seed():
    """Re-running on the same input gives the same list in any process (set order varies with
    PYTHONHASHSEED; nothing that reaches the output may depend on it)."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "glossary", "extract", str(CORPUS), "--format", "json"],
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed},
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
