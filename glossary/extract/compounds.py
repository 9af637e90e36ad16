"""Dutch compound splitting against the general-language lexicon.

``split_compound("kredietbeoordelingssystemen") -> ["krediet", "beoordeling", "systeem"]``:
the parts are lemmas (the head is lemmatised), linking -s-/-en-/-e- are removed, hyphens
split too. A word that is not a compound gives ``[]``.
"""
from __future__ import annotations

from functools import lru_cache

from glossary.extract.lexicon import zipf
from glossary.extract.tables import reversed_words

MIN_PART = 3
# frequent bound morphemes / suffixes that must not be taken for a head or modifier
_NOT_PARTS = frozenset(
    "ing ingen heid heden lijk lijke baar bare isch ische tje tjes atie aties ers eren erd ende ste sten "
    "ies ier iers en een der des den het die dat van ver ont aan ter tie ties ist isten ief ieve".split()
)
_LINKS = ("s", "en", "e", "")
# the lowest general-Dutch Zipf frequency _known accepts (a part of 5 letters or more; shorter
# parts need more)
_MIN_KNOWN = 2.3


@lru_cache(maxsize=500_000)
def _known(part: str) -> float:
    if len(part) < MIN_PART or part in _NOT_PARTS:
        return 0.0
    z = zipf(part)
    need = 4.0 if len(part) == 3 else 3.3 if len(part) == 4 else _MIN_KNOWN
    return z if z >= need else 0.0


def _head_lengths(word: str) -> set[int] | None:
    """The lengths of the endings of ``word`` that are general-Dutch words frequent enough to
    be a part (every head ``_known`` can accept, and a few more), from one look-up in a trie of
    those words reversed (``tables.reversed_words``); None when it cannot be looked up."""
    try:
        return {len(r) for r in reversed_words("nl", _MIN_KNOWN, MIN_PART).prefixes(word[::-1])}
    except (UnicodeEncodeError, TypeError):  # a lone surrogate
        return None


@lru_cache(maxsize=100_000)
def _split(word: str, depth: int = 0) -> tuple[tuple[str, ...], float] | None:
    """Best segmentation of ``word`` into known surface parts (links stripped). Only the
    heads in ``_head_lengths`` are tried (the others are not ``_known``: the same result
    without a look-up per head)."""
    best: tuple[tuple[str, ...], float] | None = None
    n = len(word)
    heads = _head_lengths(word)
    # the heads from the shortest (word[n - MIN_PART:]) to the longest (word[MIN_PART:])
    starts = range(n - MIN_PART, MIN_PART - 1, -1) if heads is None else [
        n - h for h in sorted(heads) if MIN_PART <= h <= n - MIN_PART]
    for i in starts:
        head = word[i:]
        zh = _known(head)
        if not zh:
            continue
        left = word[:i]
        for link in _LINKS:
            if link and not left.endswith(link):
                continue
            mod = left[: len(left) - len(link)] if link else left
            if len(mod) < MIN_PART:
                continue
            zm = _known(mod)
            if zm:
                cand: tuple[tuple[str, ...], float] = ((mod, head), min(zm, zh) - 0.3 * bool(link))
            elif depth < 3 and len(mod) >= 2 * MIN_PART:
                sub = _split(mod, depth + 1)
                if sub is None:
                    continue
                cand = (sub[0] + (head,), min(sub[1], zh) - 0.5 - 0.3 * bool(link))
            else:
                continue
            # fewer parts first, then the rarest part as frequent as possible
            if best is None or (len(cand[0]), -cand[1]) < (len(best[0]), -best[1]):
                best = cand
    return best


@lru_cache(maxsize=100_000)
def split_surface(word: str) -> tuple[str, ...]:
    """Surface parts (lower-case, links stripped, head not lemmatised); () if not a compound."""
    w = word.lower().strip("-")
    if "-" in w:
        parts: list[str] = []
        for piece in w.split("-"):
            if not piece:
                continue
            sub = split_surface(piece) if len(piece) >= 2 * MIN_PART else ()
            parts.extend(sub or (piece,))
        return tuple(parts) if len(parts) > 1 else ()
    if len(w) < 2 * MIN_PART or not w.isalpha():
        return ()
    res = _split(w)
    return res[0] if res else ()


def split_compound(word: str) -> list[str]:
    """Compound parts as lemmas, head last; [] when ``word`` is not a compound."""
    from glossary.extract.lemma import lemma_simple

    parts = split_surface(word)
    if not parts:
        return []
    return list(parts[:-1]) + [lemma_simple(parts[-1])]


def head_surface(word: str) -> str:
    """The head (last part) of a compound as written, or the word itself."""
    parts = split_surface(word)
    return parts[-1] if parts else word.lower()
