"""Small lexicons the composition tests write (the shipped lexicon and FreeDict switched off, so
every expectation comes from the test's own table or from wordfreq's English)."""

from __future__ import annotations

import pytest

from glossary.translate.dictionary import Source, dictionary_candidates
from glossary.translate.lexicon import Sense


@pytest.fixture(autouse=True)
def no_shipped_lexicon(monkeypatch):
    monkeypatch.setenv("GLOSSARY_LEXICON", "")
    monkeypatch.setenv("GLOSSARY_DICTD_PATH", "")


def rich_source(table: dict[str, list[tuple[str, str, int]]], phrases: set[str] = frozenset(),
                collocations: set[str] = frozenset()) -> list[Source]:
    """A lexicon from ``table``: Dutch word -> [(English, part of speech, number of sources)], best
    first; ``phrases``: the English expressions it knows; ``collocations``: the pairs of English
    words it knows English writes side by side."""
    from glossary.translate.lexicon import phrase_key

    def rich(word):
        return [Sense(en, 3.0 - 0.5 * k, tuple(f"s{j}" for j in range(n)), pos)
                for k, (en, pos, n) in enumerate(table.get(word.lower(), []))]

    keys = {phrase_key(p) for p in phrases}
    pairs = {phrase_key(p) for p in collocations}
    return [Source("lexicon", "testlex", "1", lambda w: [s.text for s in rich(w)], rich,
                   lambda text: phrase_key(text) in keys, None, lambda text: phrase_key(text) in pairs)]


def cands_of(term, src, lemma=None, kind="term", floor=False):
    return dictionary_candidates({"term": term, "lemma": lemma, "kind": kind}, src, floor=floor)
