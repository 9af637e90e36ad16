"""General-language Dutch (and English) word frequencies from wordfreq, loaded once."""
from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=1)
def dutch() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("nl")


@lru_cache(maxsize=1)
def english() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en")


def zipf(word: str) -> float:
    """Zipf frequency of a (lower-case) word in general Dutch; 0.0 when unknown."""
    f = dutch().get(word)
    return math.log10(f) + 9.0 if f else 0.0


def zipf_en(word: str) -> float:
    f = english().get(word)
    return math.log10(f) + 9.0 if f else 0.0
