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


def zipf(word: str) -> float:
    """Zipf frequency of a (lower-case) word in general Dutch; 0.0 when unknown."""
    return frequencies("nl").zipf(word)


def zipf_en(word: str) -> float:
    return frequencies("en").zipf(word)
