"""glossary search: safe FTS queries (hypothesis), prefixes, fields, search-as-you-type."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:
    from test_lookup_fixture import build, run_cli  # noqa: F401
except ImportError:
    from tests.test_lookup_fixture import build, run_cli  # noqa: F401

from glossary.errors import GlossaryError
from glossary.search import fts_query, search, search_term_ids, search_terms




def fields(hits, field):
    return [h["term"] for h in hits if h["field"] == field]


def test_words_prefix_phrase(fx):
    _, g, _ = fx
    assert fields(search(g, "krediet"), "term") == ["krediet", "sociaal krediet"]
    assert set(fields(search(g, "krediet*"), "term")) == {
        "krediet", "sociaal krediet", "sociaal kredietsysteem", "kredietwaardigheid"}
    assert fields(search(g, '"sociaal krediet"'), "term") == ["sociaal krediet"]
    assert fields(search(g, "kredi", prefix=True), "term")  # plain prefix typing
    assert search(g, "kredi") == []


def test_translations_and_contexts(fx):
    _, g, _ = fx
    hits = search(g, "credit -system", fields=["translation"])
    assert {h["term"] for h in hits} == {"krediet", "sociaal krediet", "kredietwaardigheid", "Sesame Credit"}
    ctx = search(g, "banken", fields=["context"])
    assert len(ctx) == 1 and ctx[0]["document"] == "doc.txt"
    assert ctx[0]["terms"] == ["krediet", "guanxi"] and "[Banken]" in ctx[0]["snippet"]
    either = fields(search(g, "krediet OR guanxi"), "term")
    assert sorted(either) == ["guanxi", "krediet", "sociaal krediet"]
    # ranked: the one-word terms that ARE the query words before the term that only contains one
    assert either[-1] == "sociaal krediet"


def test_diacritics_are_ignored(fx):
    _, g, _ = fx
    assert fields(search(g, "kredíet"), "term") == ["krediet", "sociaal krediet"]


@pytest.mark.parametrize("query", [
    '"', '""', "(", ")", "*", "-", "AND", "OR", "NOT", "NOT krediet", "krediet AND", "AND OR NOT",
    '"sociaal (krediet* -AND', "krediet NEAR(", "term:krediet", "^krediet", "{term lemma}: x",
    "krediet -", "- -", "***", "k*r*e", "a OR", "x:y:z", "'", "\\", "%", "NEAR", "krediet)(", "\x00",
])
def test_hostile_queries_never_crash(fx, query):
    _, g, _ = fx
    try:
        search(g, query)
    except GlossaryError as exc:
        assert "\n" not in str(exc)
    search_terms(g, query, 10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab krediet"()*-:^{}+.,\'NOTANDRE\\|&é\u0301')) | st.characters(),
               max_size=40))
def test_random_queries_only_raise_glossary_errors(fx, query):
    _, g, _ = fx
    try:
        search(g, query, limit=5)
    except GlossaryError:
        pass
    search_terms(g, query, 5)
    expr = fts_query(query)
    assert expr is None or expr.count('"') % 2 == 0


def test_nothing_to_search_is_a_clear_error(fx):
    _, g, _ = fx
    with pytest.raises(GlossaryError, match="nothing to search for"):
        search(g, "()")
    with pytest.raises(GlossaryError, match="not excluded"):
        search(g, "-krediet")


def test_search_terms_ranking_and_paging(fx):
    _, g, ids = fx
    rows = search_terms(g, "krediet", 10)
    # the exact term, then terms starting with the text, then word matches (whole word before
    # word prefix; by score), as search_term_ids documents
    assert [r["term"] for r in rows] == ["krediet", "kredietwaardigheid", "sociaal krediet", "sociaal kredietsysteem"]
    all_ids = search_term_ids(g, "kred", limit=10)
    assert search_term_ids(g, "kred", limit=2, offset=1) == all_ids[1:3]
    assert [r["term"] for r in search_terms(g, "soc", 10, filters={"status": "approved"})] == [
        "sociaal krediet", "sociaal kredietsysteem"]
    assert [r["term"] for r in search_terms(g, "", 3)] == ["sociaal krediet", "sociaal kredietsysteem",
                                                          "kredietwaardigheid"]
    assert search_terms(g, "cred", 10, filters={"kind": "name"})[0]["term"] == "Sesame Credit"
    row = search_terms(g, "guanxi", 1)[0]
    assert (row["translation"], row["approved"], row["translations"]) == ("guanxi", None, 1)
    with pytest.raises(GlossaryError):
        search_terms(g, "x", 5, filters={"colour": "red"})


def test_cli_search(fx):
    path, _, _ = fx
    code, out, _ = run_cli(path, "search", "krediet*", "--json", "--limit", "2")
    assert code == 0
    hits = json.loads(out)
    assert len([h for h in hits if h["field"] == "term"]) == 2
    code, out, err = run_cli(path, "search", "zzz")
    assert code == 1 and "nothing found" in err
    code, out, err = run_cli(path, "search", "()", "-")
    assert code == 1 and err.startswith("glossary: error: nothing to search for")
    code, out, _ = run_cli(path, "search", "social", "--in", "translation")
    assert code == 0 and out.startswith("translations:")
    assert run_cli(path, "search", "x", "--limit", "0")[0] == 2
