"""Lemmatisation (simplemma, Dutch) made compound-aware.

simplemma knows frequent words; for an unknown compound the head is lemmatised and the
modifier kept (kredietsystemen -> kredietsysteem).
"""
from __future__ import annotations

from functools import lru_cache

from glossary.extract.lexicon import zipf
from glossary.extract.tables import dutch_lemmatizer


@lru_cache(maxsize=200_000)
def lemma_simple(word: str) -> str:
    w = word.lower()
    if not w.isalpha() and "-" not in w and "'" not in w:
        return w
    l = dutch_lemmatizer().lemmatize(w, "nl").lower()
    # a lemma is never longer than the word (simplemma: kaart -> kaarten, the verb)
    return l if len(l) <= len(w) else w


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Lower-case lemma of one token, compound heads lemmatised."""
    from glossary.extract.compounds import split_surface

    w = word.lower().replace("\u2019", "'")
    if "'" in w and w.endswith("'s"):
        return w[:-2]  # auto's -> auto
    l = lemma_simple(w)
    if l != w and zipf(l) > 0:
        return l
    parts = split_surface(w)
    if parts:
        head = parts[-1]
        hl = lemma_simple(head)
        if hl != head and zipf(hl) > 0:
            return w[: len(w) - len(head)] + hl
        return w
    return l if zipf(l) > 0 or zipf(w) == 0 and l != w and len(w) - len(l) <= 2 else w
