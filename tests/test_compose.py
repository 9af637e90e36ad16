"""Kept names/English words, composition rules and the calibration floor, on a small dictionary
written here (the shipped lexicon is switched off, so every expectation comes from this file)."""

from __future__ import annotations

from glossary.translate.dictionary import Source, dictionary_candidates
from glossary.translate.lexicon import Sense
from tests.compose_fixtures import cands_of, no_shipped_lexicon, rich_source  # noqa: F401 - autouse fixture

WORDS = {
    "krediet": ["credit"],
    "systeem": ["system"],
    "sociaal": ["social"],
    "gedrag": ["behaviour"],
    "reputatie": ["reputation"],
    "verwerking": ["processing"],
    "gegevens": ["data"],
    "wind": ["wind"],
    "turbine": ["turbine"],
    "waardigheid": ["worthiness"],
    "vertrouwen": ["havefaith", "-ness", "trust"],
    "lijst": ["list"],
    "zwart": ["black"],
    "kleur": ["color"],
    "sensor": ["sensor"],
    "centrum": ["center"],
    "bewerken": ["process", "edit"],
    "koken": ["cook"],
    "drogen": ["dry"],
    "bouwen": ["build"],
    "vis": ["fish"],
    "nood": ["emergency"],
    "verlichting": ["lighting"],
    "uitrusting": ["equipment"],
    "camera": ["camera"],
    "veiligheid": ["security"],
    "deskundige": ["expert"],
    "china": ["China"],
    "jan": ["John"],
    "bakker": ["baker"],
    "leen": ["fief"],
    "lening": ["loan"],
    "kleuring": ["staining"],
    "groot": ["Whittle", "great"],
    "macht": ["power"],
    "leiden": ["Leiden", "lead"],
}
VERBS = {"bewerken", "koken", "drogen", "bouwen"}
SENSE_POS = {"great": "a"}  # groot: a name sense (noun) and the adjective


def source(words=WORDS) -> list[Source]:
    """``words`` (Dutch -> English senses, best first) as a lexicon two sources agree on."""
    return rich_source({w: [(t, SENSE_POS.get(t, "v" if w in VERBS else "n"), 2) for t in senses]
                        for w, senses in words.items()})


def texts(term, kind="term", lemma=None, floor=False):
    return [c["text"] for c in dictionary_candidates({"term": term, "lemma": lemma, "kind": kind}, source(),
                                                     floor=floor)]


def test_names_acronyms_loanwords_and_english_are_kept():
    for term, kind in (("Kiesraad", "name"), ("guanxi", "loanword"), ("AVG", "term"), ("Sesame Credit", "term"),
                       ("big data", "term")):
        cands = dictionary_candidates({"term": term, "lemma": None, "kind": kind}, source(), floor=False)
        kept = [c for c in cands if c["origin"] == "kept"]
        assert kept and kept[0]["text"] == term and kept[0]["note"].startswith("kept"), term
    # a Dutch word is not kept as English
    assert "vertrouwen" not in texts("vertrouwen")


def test_english_words_inside_compounds_stay_english():
    assert texts("internetgedrag")[0] == "internet behaviour"
    assert texts("onlinereputatie")[0] == "online reputation"


def test_english_verbs_with_a_dutch_ending_become_english_gerunds():
    assert texts("onlinegamen")[0] == "online gaming"   # online + game-n
    assert texts("streamen") == ["streaming"]
    assert texts("krediet")[0] == "credit"             # not a verb: untouched
    assert texts("kleuren")[0] != "coloring"           # a Dutch plural whose stem is not English


def test_a_verb_stem_modifier_names_the_action_when_its_noun_senses_are_rare():
    # leen- as the stem of lenen: lening (loan), not the rare noun "fief"
    assert texts("leengedrag")[0] == "loan behaviour"
    # a modifier with an everyday noun sense keeps it (kleur- is colour, not kleuring "staining")
    assert texts("kleursensor")[0] == "colour sensor"


def test_a_name_sense_of_a_lower_case_word_comes_last():
    assert texts("grootmacht")[0] == "great power"


def test_glued_and_affix_senses_are_dropped():
    assert texts("vertrouwen") == ["trust"]


def test_function_words_reordering_and_number():
    got = texts("verwerking van gegevens")
    assert got[:2] == ["data processing", "processing of data"]  # terminology order first, "X of Y" kept
    assert texts("windturbines")[0] == "wind turbines"       # the Dutch head is plural
    assert texts("windturbine")[0] == "wind turbine"
    assert texts("sociale kredietsystemen")[0] == "social credit systems"  # adjective + noun, plural


def test_closed_compound_when_english_writes_it_closed():
    assert texts("kredietwaardigheid")[0] == "creditworthiness"


def test_partial_composition_is_marked():
    cands = dictionary_candidates({"term": "sociaal xqzwv krediet", "lemma": None}, source(), floor=False)
    assert cands and cands[0]["text"] == "social xqzwv credit" and cands[0]["note"].startswith("partial")
    # two unknown words: nothing
    assert texts("xqzwv qqxzz krediet") == []


def test_names_are_not_composed():
    assert texts("Zwartlijst", kind="name") == ["Zwartlijst"]
    # a capital inside a word is a brand's name (ChinaTalk), though China and Bakker are known
    assert texts("ChinaBakker", kind="name") == ["ChinaBakker"]
    assert texts("Chinabakker", kind="name")[:2] == ["Chinabakker", "China baker"]


def test_a_name_made_of_ordinary_words_gets_english_after_the_kept_form():
    # a compound of a proper name and an ordinary word, capitalised because of the name
    assert texts("Chinadeskundige", kind="name")[:2] == ["Chinadeskundige", "China expert"]
    # a name of ordinary words: composed in title case, the kept form first
    assert texts("Sociaal Krediet", kind="name")[:2] == ["Sociaal Krediet", "Social Credit"]
    # one ordinary word written as a name: its senses after the kept form
    assert texts("Bakker", kind="name")[:2] == ["Bakker", "baker"]
    # person names are never translated word by word: a given name, a name particle, an unknown word
    assert texts("Jan Bakker", kind="name") == ["Jan Bakker"]
    assert texts("De Bakker", kind="name") == ["De Bakker"]
    assert texts("Bakker Xqzwv", kind="name") == ["Bakker Xqzwv"]
    # a name the sources know as a name is not also rendered as a word (Leiden is not "lead")
    assert "lead" not in texts("Leiden", kind="name")


def test_a_word_of_a_longer_name_is_not_translated():
    from glossary.translate.dictionary import words_of_longer_names

    terms = [{"term": "Marcel van den Bakker", "kind": "name"}, {"term": "Bakker", "kind": "name"},
             {"term": "bakker", "kind": "term"}]
    assert "bakker" in words_of_longer_names(terms) and "marcel" in words_of_longer_names(terms)
    got = dictionary_candidates({"term": "Bakker", "lemma": None, "kind": "name", "in_longer_name": True},
                                source(), floor=False)
    assert [c["text"] for c in got] == ["Bakker"]


def test_scores_are_probabilities_ranked_and_floored(monkeypatch):
    from glossary.translate import score

    cands = dictionary_candidates({"term": "verwerking van gegevens", "lemma": None}, source(), floor=False)
    assert all(0.0 < c["score"] < 1.0 for c in cands)
    assert [c["score"] for c in cands] == sorted((c["score"] for c in cands), reverse=True)
    lowest = cands[-1]["score"]
    assert cands[-2]["score"] > lowest + 0.001
    # scores are shown rounded to 0.001: the lowest falls below the listing floor, the next below
    # the suggestion floor (weak), the rest are suggestions
    monkeypatch.setattr(score, "FLOOR", cands[-2]["score"] + 0.0006)
    monkeypatch.setattr(score, "LIST_FLOOR", lowest + 0.0006)
    kept = dictionary_candidates({"term": "verwerking van gegevens", "lemma": None}, source())
    assert len(kept) == len(cands) - 1 and all(c["score"] >= score.LIST_FLOOR for c in kept)
    assert [c["status"] for c in kept] == ["candidate"] * (len(kept) - 1) + ["weak"]
    assert all((c["status"] == "candidate") == (c["score"] >= score.FLOOR) for c in kept)


def test_floor_applies_to_what_the_backend_stores(tmp_path, monkeypatch):
    from glossary.store import Glossary
    from glossary.translate import score
    from glossary.translate.dictionary import translate_terms

    g = Glossary(tmp_path / "g.db")
    for t in ("verwerking van gegevens", "windturbines", "internetgedrag"):
        g.add_term(t)
    terms = list(g.iter_terms())
    monkeypatch.setattr(score, "FLOOR", 0.0)
    monkeypatch.setattr(score, "LIST_FLOOR", 0.0)
    translate_terms(g, terms, sources=source())
    all_scores = sorted(r[0] for r in g.conn.execute("SELECT score FROM translations"))
    assert len(all_scores) >= 4
    g.conn.execute("DELETE FROM translations")
    low, middle = all_scores[len(all_scores) // 4], all_scores[len(all_scores) // 2]
    assert low < middle
    monkeypatch.setattr(score, "FLOOR", middle)
    monkeypatch.setattr(score, "LIST_FLOOR", low)
    info = translate_terms(g, terms, sources=source())
    stored = list(g.conn.execute("SELECT score, status FROM translations"))
    # below the listing floor: not stored; between the floors: weak; from the floor up: suggestions
    assert stored and len(stored) < len(all_scores) and min(x for x, _ in stored) >= low
    assert {st for x, st in stored if x >= middle} == {"candidate"}
    assert {st for x, st in stored if x < middle} == {"weak"} and info["weak"] == sum(x < middle for x, _ in stored)
    # a re-run with a lower suggestion floor makes the machine's own weak rows suggestions
    monkeypatch.setattr(score, "FLOOR", low)
    translate_terms(g, terms, sources=source())
    assert {st for (st,) in g.conn.execute("SELECT status FROM translations")} == {"candidate"}
    g.close()


def test_the_backend_leaves_a_word_of_a_longer_name_untranslated(tmp_path, monkeypatch):
    from glossary.store import Glossary
    from glossary.translate import score
    from glossary.translate.dictionary import translate_terms

    monkeypatch.setattr(score, "FLOOR", 0.0)
    texts_of = {}
    for names in (("Bakker",), ("Bakker", "Jan de Bakker")):
        g = Glossary(tmp_path / f"g{len(names)}.db")
        for t in names:
            g.add_term(t, kind="name")
        translate_terms(g, list(g.iter_terms()), sources=source())
        texts_of[names] = [r[0] for r in g.conn.execute(
            "SELECT x.text FROM translations x JOIN terms t ON t.id=x.term_id WHERE t.term='Bakker'")]
        g.close()
    assert "baker" in texts_of[("Bakker",)]                       # alone: an ordinary word as well
    assert texts_of[("Bakker", "Jan de Bakker")] == ["Bakker"]    # a family name: kept only


def test_fit_learns_the_direction_of_evidence():
    import random

    from glossary.translate import score

    rng = random.Random(1)
    rows = []
    for _ in range(400):
        agree = rng.randint(0, 4)
        rows.append(({"agree": agree, "m_lexicon": 1}, int(rng.random() < 0.1 + 0.2 * agree)))
    w = score.fit(rows)
    assert w["agree"] > 0.3
    good = score.probability({"agree": 4, "m_lexicon": 1}, w)
    bad = score.probability({"agree": 0, "m_lexicon": 1}, w)
    assert 0.6 < good < 1.0 and 0.0 < bad < 0.25


def test_british_spelling_by_default_american_on_request(monkeypatch):
    assert texts("kleursensor")[0] == "colour sensor"
    assert texts("centrum")[0] == "centre"
    monkeypatch.setenv("GLOSSARY_SPELLING", "american")
    assert texts("kleursensor")[0] == "color sensor"
    from glossary.translate.spelling import respell

    assert respell("Behavior of the gas meter", "british") == "Behaviour of the gas meter"  # meter stays
    assert respell("organisation centre", "american") == "organization center"


def test_spelling_variants_of_one_sense_are_one_candidate():
    words = dict(WORDS, installatie=["installment", "instalment", "installation"])
    cands = dictionary_candidates({"term": "installatie", "lemma": None}, source(words), floor=False)
    assert [c["text"] for c in cands] == ["instalment", "installation"]
    assert all(c["features"]["methods"] == 1 for c in cands)  # a spelling twin is not agreement


def test_termbase_english_is_never_respelled():
    from glossary.translate.compose import clean_senses

    senses = [Sense("color", 4.0, ("tb",), "n")]
    assert clean_senses(senses, "kleur")[0].text == "color"
    assert clean_senses(senses, "kleur", respell=True)[0].text == "colour"


def test_participles_render_as_english_participles():
    assert texts("bewerkt")[0] == "processed"            # not the verb "process"
    assert texts("ongekookte vis")[0] == "uncooked fish"  # on-: negated; -e: inflected
    assert texts("gedroogde vis")[0] == "dried fish"
    assert "builded" not in texts("gebouwd") and texts("gebouwd")[0] == "built"  # irregular English


def test_long_unknown_compound_part_is_split_and_apostrophe_plural():
    assert "emergency lighting equipment" in texts("noodverlichtingsuitrusting")
    assert texts("veiligheidscamera's")[0] == "security cameras"


def test_floor_comes_from_the_calibration_file(tmp_path, monkeypatch):
    import json

    from glossary.translate import score

    path = tmp_path / "calibration.json"
    monkeypatch.setattr(score, "calibration_path", lambda: path)
    path.write_text(json.dumps({"floor": 0.17, "weights": {}}), encoding="utf-8")
    assert score._fitted_floor() == 0.17
    for bad in ("{", json.dumps({"floor": "x"}), json.dumps({"floor": 3})):
        path.write_text(bad, encoding="utf-8")
        assert score._fitted_floor() == score.DEFAULT_FLOOR


def test_long_english_loanword_rarer_in_dutch_is_kept():
    cands = dictionary_candidates({"term": "gamification", "lemma": None, "kind": "term"}, source(), floor=False)
    assert [c["text"] for c in cands] == ["gamification"] and cands[0]["origin"] == "kept"
    assert texts("rechtsgeleerdheid") == []  # a long Dutch word is not English


def test_compound_modifier_takes_its_modifier_sense():
    def rich(word):
        table = {"weg": [Sense("way", 3.0, ("a", "b"), "n", 0, 1.0), Sense("road", 2.5, ("a", "b"), "n", 0, 3.5)],
                 "uitrusting": [Sense("equipment", 3.0, ("a", "b"), "n")]}
        return table.get(word.lower(), [])

    src = [Source("lexicon", "testlex", "1", lambda w: [s.text for s in rich(w)], rich)]
    got = [c["text"] for c in dictionary_candidates({"term": "wegenuitrusting", "lemma": None}, src, floor=False)]
    assert got[0] == "road equipment"
    assert [c["text"] for c in dictionary_candidates({"term": "weg", "lemma": None}, src, floor=False)][0] == "way"


# -- round 4: list punctuation, complex prepositions, number, adjectives, expressions English writes --


LIST = {"wol": [("wool", "n", 2)], "huid": [("skin", "n", 2)], "kabel": [("cable", "n", 2)],
        "installatie": [("installation", "n", 2)], "rem": [("brake", "n", 2)], "remmen": [("brake", "n,v", 2)],
        "mens": [("person", "n", 2)], "mensen": [("people", "n", 2)], "edele": [("peer", "n", 2)],
        "edel": [("noble", "a", 2)], "metaal": [("metal", "n", 2)], "roteren": [("rotate", "v", 2)],
        "compressor": [("compressor", "n", 2)]}


def test_list_commas_stay_and_complex_prepositions_are_one_preposition():
    src = rich_source(LIST)
    assert cands_of("Wol, huiden en kabels", src)[0]["text"] == "wool, skins and cables"  # "wol," is wool
    assert cands_of("met inbegrip van installatie", src)[0]["text"] == "including installation"


def test_nouns_of_a_list_and_plurals_with_their_own_entry_take_the_english_plural():
    src = rich_source(LIST)
    # remmen has its own entry "brake", which is also its singular's sense: the plural is English's too
    assert cands_of("remmen en kabels", src)[0]["text"] == "brakes and cables"
    # mensen -> "people" is not a sense of mens: not made "peoples"
    assert cands_of("mensen en kabels", src)[0]["text"] == "people and cables"


def test_inflected_adjective_and_present_participle_before_a_noun():
    src = rich_source(LIST)
    assert cands_of("edele metalen", src)[0]["text"] == "noble metals"  # edel (adjective), not the noun "peer"
    assert cands_of("roterende compressoren", src)[0]["text"] == "rotating compressors"  # not "rotate"


def test_an_expression_english_writes_chooses_the_senses_and_is_evidence():
    table = {"satelliet": [("satellite", "n", 2)], "schotel": [("saucer", "n", 2), ("plate", "n", 2), ("dish", "n", 2)],
             "stedelijk": [("civic", "a", 2), ("municipal", "a", 2), ("urban", "a", 2)],
             "vervoer": [("transport", "n", 2)]}
    src = rich_source(table, {"satellite dish", "urban transport"})
    got = {c["text"]: c for c in cands_of("satellietschotel", src)}
    # schotel's third sense is reached because English writes "satellite dish"
    assert "satellite dish" in got and got["satellite dish"]["features"]["attested"] == 1.0
    assert got["satellite saucer"]["features"]["attested"] == 0.0
    phrase = {c["text"]: c for c in cands_of("stedelijk vervoer", src)}
    assert "urban transport" in phrase and phrase["urban transport"]["features"]["attested"] == 1.0
    # without the expression, the third sense is not offered
    assert "urban transport" not in {c["text"] for c in cands_of("stedelijk vervoer", rich_source(table))}


def test_a_collocation_english_writes_is_evidence_that_raises_the_score():
    table = {"edel": [("noble", "a", 2), ("precious", "a", 2)], "metaal": [("metal", "n", 2)],
             "aanverwant": [("congenial", "a", 2), ("related", "a", 2)]}
    plain = {c["text"]: c for c in cands_of("edele metalen", rich_source(table))}
    seen = {c["text"]: c for c in cands_of("edele metalen", rich_source(table, collocations={"precious metal"}))}
    assert seen["precious metals"]["features"]["collocated"] == 1.0
    assert seen["noble metals"]["features"]["collocated"] == 0.0
    assert plain["precious metals"]["features"]["collocated"] == 0.0
    # the same candidate, only the collocation differs: a higher estimated acceptance
    assert seen["precious metals"]["score"] > plain["precious metals"]["score"]
    assert seen["noble metals"]["score"] == plain["noble metals"]["score"]
    # a collocation is two neighbouring content words: "of" between them is not one
    three = {c["text"]: c for c in cands_of("aanverwante metalen en edele metalen",
                                            rich_source(table, collocations={"precious metal", "metal and"}))}
    assert all(c["features"]["collocated"] <= 0.5 for c in three.values())


def test_a_verb_stem_modifier_also_names_the_activity_in_english_ing_form():
    table = {"leen": [("fief", "n", 2)], "lening": [("loan", "n", 2)], "lenen": [("borrow", "v", 2), ("lend", "v", 2)],
             "gedrag": [("behaviour", "n", 2)]}
    got = [c["text"] for c in cands_of("leengedrag", rich_source(table))]
    assert got[0] == "loan behaviour" and "borrowing behaviour" in got and "fief behaviour" not in got[:2]


def test_a_plural_entry_one_source_asserts_gives_way_to_its_better_attested_singular():
    table = {"ruimtevaartuigen": [("space vehicle", "n", 1)], "ruimtevaartuig": [("spacecraft", "n", 3)],
             "zaken": [("business", "n", 3)], "zaak": [("suit", "n", 4)],
             "bladen": [("magazines", "n", 1)], "blad": [("leaf", "n", 1)]}
    src = rich_source(table)
    assert cands_of("ruimtevaartuigen", src, lemma="ruimtevaartuig")[0]["text"].startswith("spacecraft")
    assert cands_of("zaken", src, lemma="zaak")[0]["text"] == "business"  # two sources: its own entry stays
    assert cands_of("bladen", src, lemma="blad")[0]["text"] == "magazines"  # the singular no better attested


def test_sense_shape_evidence():
    table = {"ui": [("onion dome", "n", 2), ("onion", "n", 2)], "satelliet": [("satellite", "n", 2)],
             "schotel": [("saucer", "n", 2)], "satellietschotel": [("saucer", "n", 1), ("satellite dish", "n", 1)]}
    src = rich_source(table)
    ui = {c["text"]: c["features"] for c in cands_of("ui", src)}
    assert ui["onion dome"]["extra_words"] == 1.0 and ui["onion"]["extra_words"] == 0.0
    dish = {c["text"]: c["features"] for c in cands_of("satellietschotel", src)}
    assert dish["saucer"]["part_only"] == 1.0 and dish["satellite dish"]["part_only"] == 0.0


def test_an_alternative_records_how_far_its_sense_is_from_the_first():
    table = {"krediet": [("credit", "n", 2), ("kudos", "n", 2)], "code": [("code", "n", 2)]}
    got = {c["text"]: c["features"] for c in cands_of("kredietcode", rich_source(table))}
    assert got["credit code"].get("gap", 0.0) == 0.0 and got["kudos code"]["gap"] > 0.0


def test_cognate_endings_and_singulars():
    from glossary.translate.compose import singularise, transfer

    assert [transfer(w) for w in ("analyse", "synthese", "militaire", "nerveus", "flexibel")] == [
        "analysis", "synthesis", "military", "nervous", "flexible"]
    assert transfer("kabel") is None and transfer("haar") is None
    # -loog/-logen and -iet/-ieten, when English has the word (a rare -logist is not enough)
    assert [transfer(w) for w in ("cardioloog", "dialoog", "graniet", "termieten")] == [
        "cardiologist", "dialogue", "granite", "termites"]
    assert transfer("profiet") is None and transfer("sinoloog") is None
    assert [singularise(w) for w in ("minicomputers", "buses", "wives", "glasses", "data")] == [
        "minicomputer", "bus", "wife", "glass", "data"]


def test_the_expression_search_takes_a_later_sense_only_when_two_sources_agree_on_it():
    table = {"milieu": [("environment", "n", 3), ("setting", "n", 3), ("ambience", "n", 1)], "regel": [("rule", "n", 3)]}
    got = [c["text"] for c in cands_of("milieuregel", rich_source(table, {"ambience rule"}))]
    assert "environment rule" in got and "ambience rule" not in got  # one source's third sense is not searched
    table["milieu"][2] = ("ambience", "n", 2)
    assert "ambience rule" in [c["text"] for c in cands_of("milieuregel", rich_source(table, {"ambience rule"}))]


def test_a_names_plural_entry_stays_and_function_words_are_no_extra_words():
    table = {"nederlanders": [("Dutch", "n", 1)], "nederlander": [("Netherlander", "n", 3)],
             "gezicht": [("face", "n", 2)], "verlies": [("loss", "n", 2)], "gezichtsverlies": [("loss of face", "n", 2)]}
    src = rich_source(table)
    assert cands_of("Nederlanders", src, lemma="nederlander")[0]["text"] == "Dutch"
    loss = {c["text"]: c["features"] for c in cands_of("gezichtsverlies", src)}
    assert loss["loss of face"]["extra_words"] == 0.0


def test_a_compound_adjective_takes_the_nouns_relational_adjective():
    table = {"recht": [("law", "n", 3)], "rechts": [("right", "a,n", 2)], "theoretisch": [("theoretical", "a", 2)],
             "persoon": [("person", "n", 3)], "identificatie": [("identification", "n", 3)],
             "navigatie": [("navigation", "n", 3)], "instrument": [("instrument", "n", 3), ("creature", "n", 2)]}
    relational = {"law": ["legal"], "person": ["personal"], "navigation": ["marine", "navigational"]}
    src = rich_source(table, {"personal identification", "marine creature"})
    src[0].relational = lambda noun: relational.get(noun, [])
    got = [c["text"] for c in cands_of("rechtstheoretisch", src)]
    assert got[0] == "legal-theoretical"  # not "right theoretical"
    assert "personal identification" in [c["text"] for c in cands_of("persoonsidentificatie", src)]
    # only an adjective derived from the noun stands in for it in an expression (not "marine")
    assert "marine creatures" not in [c["text"] for c in cands_of("navigatie-instrumenten", src)]
    from glossary.translate.compose import Resolver, _relational_compound

    resolver = Resolver(src)
    options = [resolver.part(p, head=k == 1, single=True) for k, p in enumerate(["rechts", "theoretisch"])]
    assert _relational_compound(["rechts", "theoretisch"], options, resolver, False)[0] == "legal-theoretical"  # recht-s
    src[0].relational = None
    assert "legal-theoretical" not in [c["text"] for c in cands_of("rechtstheoretisch", src)]


def test_a_capitalised_piece_before_a_hyphen_is_a_name():
    # China-specialist: the name as the sources write it, never the porcelain of lower-case china
    assert texts("China-deskundige")[0] == "China expert"
    # a capitalised piece the sources do not know stays as written (Osmanthus-punten)
    assert texts("Osmanthus-deskundige")[0] == "Osmanthus expert"
    # the rule needs the capital: lower-case pieces are composed as before
    assert texts("veiligheid-camera")[0] == "security camera"
