"""Words the sources do not know as such: verb stems and Latin plurals inside compounds, het +
infinitive, -baar adjectives, learned prefixes and cognate spellings, on a small dictionary
written here (the shipped lexicon is switched off, so every expectation comes from this file or
from wordfreq's English, which the rules check forms against)."""

from __future__ import annotations

from glossary.translate.dictionary import Source, dictionary_candidates
from tests.compose_fixtures import cands_of, no_shipped_lexicon, rich_source  # noqa: F401 - autouse fixture

#: word -> [(English, part of speech)]
WORDS = {
    "sorteren": [("sort", "v")],
    "kopiëren": [("copy", "v")],
    "tafel": [("table", "n")],
    "machine": [("machine", "n")],
    "remschoen": [("brake shoe", "n")],
    "boren": [("bore", "v"), ("drill", "v")],
    "boring": [("drilling", "n")],
    "maken": [("make", "v")],
    "reinigen": [("clean", "v")],
    "vullen": [("fill", "v")],
    "verpakken": [("pack", "v")],
    "metaal": [("metal", "n")],
    "fles": [("bottle", "n")],
    "document": [("document", "n")],
    "software": [("software", "n")],
    "afsluiten": [("lock", "v")],
    "kist": [("chest", "n")],
    "baar": [("bar", "n")],
    "laboratorium": [("laboratory", "n")],
    "apparatuur": [("equipment", "n")],
    "paal": [("post", "n")],
    "domein": [("domain", "n")],
    "naam": [("name", "n")],
    "binnen": [("inside", "n")],
    "huis": [("house", "n")],
    "architect": [("architect", "n")],
    "uur": [("hour", "n")],
    "architectuur": [("architecture", "n")],
    "elektronisch": [("electronic", "a")],
    "micro": [("PC", "n")],
    "anti": [("opponent", "n")],
    "duw": [("push", "n")],
    "dienst": [("service", "n")],
    "verlichting": [("lighting", "n")],
    "ver": [("far", "a")],
    "lichte": [("light", "n")],
    "ontwikkeling": [("development", "n")],
    "onderhoud": [("maintenance", "n")],
    "bouwen": [("build", "v"), ("building", "n")],
    "bouw": [("building", "n"), ("construction", "n")],
    "school": [("school", "n")],
    "vernieuwen": [("renew", "v")],
    "ruimen": [("clear", "v")],
    "sneeuw": [("snow", "n")],
    "ai": [("oops", "n")],
    "wei": [("whey", "n")],
    "raad": [("council", "n")],
    "staat": [("state", "n")],
}


def source(words=WORDS) -> list[Source]:
    """``words`` (Dutch -> [(English, part of speech)], best first) as a lexicon two sources agree on."""
    return rich_source({w: [(en, pos, 2) for en, pos in senses] for w, senses in words.items()})


def cands(term, words=WORDS):
    return cands_of(term, source(words))


def texts(term, words=WORDS):
    return [c["text"] for c in cands(term, words)]


def test_a_verb_stem_is_a_known_compound_part():
    # sorteer- is the stem of sorteren; kopieer- of kopiëren (a diaeresis where ie meets the ending)
    assert texts("sorteertafels")[0] == "sorting tables"
    assert texts("kopieermachines")[0] == "copying machines"


def test_a_plural_the_lemmatiser_does_not_know_is_found_through_its_singular():
    assert texts("remschoenen")[0] == "brake shoes"


def test_an_english_noun_with_a_dutch_plural_takes_the_english_plural():
    got = cands("aerosolen")
    assert got and got[0]["text"] == "aerosols" and got[0]["origin"] == "kept"
    # a rarer English word, when no source knows the Dutch one
    assert texts("dimmers", {}) == ["dimmers"]


def test_het_and_an_infinitive_become_the_english_gerund_with_its_object():
    # the action noun's -ing sense that is also a verb sense's -ing form comes first (boring -> drilling)
    assert texts("machines voor het boren van metaal")[0] == "machines for drilling metal"
    assert texts("software voor het maken van documenten")[0] == "software for making documents"
    # a list of infinitives, the van after the last one dropped
    assert texts("machines voor het reinigen, vullen of verpakken van flessen")[0] == \
        "machines for cleaning, filling or packing bottles"
    # not reordered into "metal drilling machines for": the gerund is no noun modifier
    assert all(not t.startswith("metal") for t in texts("machines voor het boren van metaal"))


def test_a_baar_adjective_becomes_the_english_able_adjective_of_its_verb():
    assert texts("afsluitbaar")[0] == "lockable"
    # -baar is the adjective's suffix, not the noun baar ("bar") as a compound's head
    from glossary.translate.compose import Resolver, compose_compound

    assert compose_compound("afsluitbaar", Resolver(source()), plural=False) == []
    assert texts("afsluitbare kisten")[0] == "lockable chests"


def test_latin_plurals_and_diminutives_are_found_through_their_base():
    assert texts("laboratoria")[0] == "laboratories"
    assert texts("paaltjes")[0] == "posts"
    assert texts("apparatuur voor laboratoria")[0] == "laboratory equipment"


def test_a_hyphen_is_split_first_and_a_piece_known_as_a_whole_stays_whole():
    # the extractor's split cuts internet into inter + net, which no source knows
    assert texts("internet-domeinnamen")[0] == "internet domain names"


def test_neighbouring_parts_that_make_a_known_word_are_one_part():
    got = texts("binnenhuisarchitectuur")
    assert got and "architecture" in got[0] and "hour" not in " ".join(got)


def test_a_learned_prefix_is_glued_when_english_writes_the_word():
    assert texts("micro-elektronische machines")[0] == "microelectronic machines"
    # never the noun sense of the prefix
    assert not any("PC" in t or "opponent" in t for t in texts("micro-elektronische machines") + texts("anti-epileptica"))
    # English has no closed word for it: hyphened as the Dutch is
    assert texts("anti-epileptica")[0] == "anti-epileptics"


def test_cognates_by_the_regular_spelling_correspondences():
    empty: dict = {}
    assert texts("elektromechanisch", empty) == ["electromechanical"]   # k -> c
    assert texts("akoestische", empty) == ["acoustic"]                   # oe -> ou
    assert texts("kwalitatief", empty) == ["qualitative"]                # kw -> qu
    assert texts("hectograaf", empty) == ["hectograph"]                  # a long, rarer learned word
    assert texts("homogenisator", empty) == ["homogeniser"]              # -isator -> -iser
    assert texts("osteosynthese", empty) == ["osteosynthesis"]           # osteo- + synthesis


def test_plurals_of_rare_technical_and_latin_nouns():
    from glossary.translate.compose import pluralise

    assert pluralise("phototransistor") == "phototransistors"   # wordfreq has never seen the plural
    assert pluralise("medium") == "media" and pluralise("museum") == "museums"
    assert pluralise("equipment") == "equipment"                 # a mass noun stays
    assert pluralise("obstetrical") == "obstetrical"             # an adjective is not pluralised


def test_every_candidate_carries_its_english_length_in_content_words():
    for c in cands("machines voor het boren van metaal") + cands("remschoenen"):
        content = [w for w in c["text"].split() if w not in ("for", "of", "and")]
        assert c["features"]["en_words"] == min(len(content), 8) / 8


def test_a_name_of_short_ordinary_words_is_a_persons_name():
    def names(term):
        return [c["text"] for c in dictionary_candidates({"term": term, "lemma": None, "kind": "name"}, source(),
                                                         floor=False)]

    assert names("Ai Wei Wei") == ["Ai Wei Wei"]
    assert names("Raad van Staat")[:2] == ["Raad van Staat", "Council of State"]


def test_a_three_letter_modifier_splits_an_unknown_word_but_no_prefix_does():
    assert texts("duwdiensten")[0] == "push services"
    # ver- is a prefix, not the adjective "far"; a word a source knows is not re-split
    assert not any("far" in t for t in texts("verlichte") + texts("verlichting"))


def test_two_short_noun_groups_are_stacked_as_english_terminology_does():
    got = texts("diensten voor ontwikkeling van software")
    assert got[0] == "software development services"
    assert "services for software development" in got      # the outer preposition kept
    got = texts("onderhoud van software voor machines")
    assert got[:2] == ["machine software maintenance", "maintenance of machine software"]


def test_an_infinitive_as_a_noun_names_the_action_without_a_plural():
    got = texts("bouwen van scholen")
    assert "building of schools" in got and not any("buildings" in t for t in got)


def test_an_ing_noun_the_sources_lack_is_its_verbs_english_action_noun():
    assert texts("vernieuwing")[0] == "renewal"            # English's derivative when it is common
    assert texts("sneeuwruiming")[0] == "snow clearing"    # else the -ing form, inside a compound too


def test_an_er_noun_the_sources_lack_is_its_verbs_english_agent_noun():
    words = {**WORDS, "verwarmen": [("heat", "v")], "beheren": [("manage", "v")], "water": [("water", "n")],
             "ontwikkelen": [("develop", "v")], "aanbieden": [("offer", "v")]}
    assert texts("verwarmer", words)[0] == "heater"
    assert texts("beheerder", words)[0] == "manager"          # beheer + d + er
    assert texts("softwareontwikkelaar", words)[0] == "software developer"  # -aar, inside a compound
    assert texts("waterverwarmer", words)[0] == "water heater"
    assert texts("aanbieder", words) == []                   # "offerer": English does not say it
    from glossary.translate.compose import english_agent_noun

    assert [english_agent_noun(v) for v in ("provide", "supply", "operate", "run", "offer")] == [
        "provider", "supplier", "operator", "runner", None]


def test_an_izer_agent_noun_breame_lacks_is_written_iser_in_british():
    from glossary.translate.spelling import respell

    assert respell("homogenizer stabilizers", "british") == "homogeniser stabilisers"
    assert respell("homogenizer", "american") == "homogenizer"
    assert respell("sizer", "british") == "sizer"


def test_a_head_english_writes_as_a_suffix_is_glued_to_the_modifiers_english():
    words = dict(WORDS, krediet=[("credit", "n")], lucht=[("air", "n")], draad=[("wire", "n")],
                 waardigheid=[("dignity", "n")], loos=[("empty", "a")], geloof=[("belief", "n")])
    assert texts("luchtwaardigheid", words) == ["airworthiness"]  # not "air dignity"
    assert texts("kredietwaardigheid", words) == ["creditworthiness"]
    assert texts("draadloos", words)[0] == "wireless"
    # only a word English uses: no "beliefworthiness"; the parts' own senses stay
    assert texts("geloofwaardigheid", words)[0] == "belief dignity"
    # the glued form agrees with a source's sense of the whole word and raises it
    words["kredietwaardigheid"] = [("credit rating", "n"), ("creditworthiness", "n")]
    got = cands("kredietwaardigheid", words)
    assert got[0]["text"] == "creditworthiness" and got[0]["features"]["methods"] == 2
