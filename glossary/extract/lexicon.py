"""General-language Dutch (and English) word frequencies from wordfreq, loaded once.

The frequency lists are kept as compact tries (``tables.Frequencies``), not as wordfreq's
Python dicts: the same values, a fortieth of the memory (see docs/extraction.md, "Speed and
memory")."""
from __future__ import annotations

from glossary.extract.tables import Frequencies, frequencies


def dutch() -> Frequencies:
    """wordfreq's Dutch list: ``dutch().get(word)`` is the frequency ``wordfreq`` gives."""
    return frequencies("nl")


def english() -> Frequencies:
    return frequencies("en")


def _zipf_function(lang: str):
    """``zipf(word)`` for one language: ``Frequencies.zipf`` with the table looked up once and
    no method calls in between (it is called for every new word and candidate)."""
    table: list[Frequencies] = []

    def zipf(word: str) -> float:
        if not table:
            table.append(frequencies(lang))
        t = table[0]
        try:
            i = t.trie.get(word)
        except (UnicodeEncodeError, TypeError):  # a lone surrogate: never a word
            return 0.0
        return 0.0 if i is None else t.zipfs[t.bins[i]]

    return zipf


zipf = _zipf_function("nl")
zipf.__doc__ = "Zipf frequency of a (lower-case) word in general Dutch; 0.0 when unknown."
zipf_en = _zipf_function("en")
zipf_en.__doc__ = "Zipf frequency of a (lower-case) word in general English; 0.0 when unknown."
