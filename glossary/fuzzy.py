"""Fuzzy lookup: the most similar term keys to a query (rapidfuzz ratio), with a trigram index
for large glossaries. Reads only; rapidfuzz and numpy are imported on first use."""

from __future__ import annotations

import sys

from glossary.cache import DerivedCache
from glossary.keys import query_key
from glossary.store import Glossary
from glossary.vocabulary import LIVE_SQL

#: fuzzy matches below this similarity (0-100) are not reported
FUZZY_MIN_SCORE = 75.0
#: The trigram index for fuzzy matching is built once comparing with every key has cost about as
#: much as building it (ski rental): the build takes as long as ~_INDEX_AFTER full comparisons,
#: plus, when numpy is not imported yet, as long as comparing with _NUMPY_IMPORT_KEYS keys.
_INDEX_AFTER = 8
_NUMPY_IMPORT_KEYS = 1_000_000
#: below this many keys comparing with all of them is fast enough: no index
_INDEX_MIN_KEYS = 5000
#: keys (sharing most trigrams with the query) compared by rapidfuzz once the index exists
_CANDIDATES = 256
#: the query's rarest trigrams used to pick candidates (a typo destroys at most 3): at least
#: this many, more while their posting lists hold at most _RARE_POSTINGS keys in all
_RARE_GRAMS = 6
_RARE_POSTINGS = 3000



class _FuzzyIndex:
    """All term/variant keys of a glossary in memory (the cached choice list for rapidfuzz),
    reloaded when the database changes.

    The first queries compare the query with every key (rapidfuzz ``process.extract``, C++).
    Once that has cost about as much as building it (see ``_INDEX_AFTER``), a large glossary gets
    a trigram index (numpy arrays: one sorted posting list of key numbers per trigram) that picks
    the (at most ``_CANDIDATES``) keys sharing most of the query's rarest trigrams; only those
    are scored. Candidates stay in key order, so ties are broken as without the index."""

    def __init__(self, g: Glossary, reverse: bool):
        self.uses = 0
        self.grams: dict[int, tuple[int, int]] | None = None  # trigram number -> slice of self.owner
        cur = g.conn.cursor()
        cur.row_factory = None  # plain tuples
        best: dict[str, int] = {}
        if reverse:
            rows = cur.execute(
                "SELECT x.text, x.term_id FROM translations x JOIN terms t ON t.id=x.term_id"
                " WHERE t.status='active' AND x.status " + LIVE_SQL + " ORDER BY x.status='approved'"
            )
            for text, term_id in rows:
                best[query_key(text)] = term_id  # approved rows come last and win
        else:
            best = dict(cur.execute("SELECT key, id FROM terms WHERE status='active'"))
            active = set(best.values())
            setdefault = best.setdefault
            for key, term_id in cur.execute("SELECT key, term_id FROM variants"):
                if term_id in active:
                    setdefault(key, term_id)  # a term's own key, then the first variant, wins
        self.keys = list(best)
        self.ids = list(best.values())

    def _build(self) -> None:
        import numpy as np

        keys = self.keys
        # " key " per key, NUL-separated, as code points, then as letters of the glossary's alphabet
        text = " " + " \0 ".join(keys) + " \0"
        if text.count("\0") != len(keys):  # a NUL inside a key: keep the numbering right
            text = " " + " \0 ".join(k.replace("\0", " ") for k in keys) + " \0"
        chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        alphabet = np.flatnonzero(np.bincount(chars))  # code points in use, NUL (the separator) first
        size = len(alphabet)
        wide = size**3 >= 2**31  # trigram numbers need 64 bits (an alphabet of > 1290 letters)
        letter = np.zeros(int(alphabet[-1]) + 1, dtype=np.int64 if wide else np.int32)
        letter[alphabet] = np.arange(size)
        codes_of = np.take(letter, chars)  # letter numbers
        sep = codes_of == 0
        valid = ~(sep[:-2] | sep[1:-1] | sep[2:])
        owner = np.cumsum(sep, dtype=np.int32)[:-2][valid]
        codes = ((codes_of[:-2] * size + codes_of[1:-1]) * size + codes_of[2:])[valid]  # trigram numbers
        if not wide:  # (trigram, key) packed in one int64: a plain sort, much faster than argsort
            packed = (codes.astype(np.int64) << 32) | owner
            packed.sort()
            packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]  # one per (trigram, key)
            codes, owner = (packed >> 32).astype(np.int32), packed.astype(np.int32)
        else:
            order = np.lexsort((owner, codes))
            codes, owner = codes[order], owner[order]
            keep = np.concatenate(([True], (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])))
            codes, owner = codes[keep], owner[keep]
        bounds = np.flatnonzero(codes[1:] != codes[:-1]) + 1
        starts = [0, *bounds.tolist()]
        ends = [*bounds.tolist(), len(codes)]
        self.letters = {chr(c): i for i, c in enumerate(alphabet.tolist())}
        self.size = size
        self.grams = dict(zip(codes[starts].tolist(), zip(starts, ends)))
        self.owner, self._np = owner, np
        self.lengths = np.fromiter(map(len, keys), dtype=np.int32, count=len(keys))

    def candidates(self, key: str) -> list[int] | None:
        """Numbers of the keys sharing most trigrams with ``key`` (None: compare with all)."""
        self.uses += 1
        if self.grams is None:
            if len(self.keys) < _INDEX_MIN_KEYS:
                return None
            after: float = _INDEX_AFTER
            if "numpy" not in sys.modules:
                after += _NUMPY_IMPORT_KEYS / len(self.keys)
            if self.uses < after:
                return None
            self._build()
        letters, size, grams = self.letters, self.size, self.grams
        assert grams is not None  # _build made it
        padded = [letters.get(ch, -1) for ch in f" {key} "]
        found_spans: set[tuple[int, int]] = set()
        for a, b, c in zip(padded, padded[1:], padded[2:]):
            if a >= 0 and b >= 0 and c >= 0:
                span = grams.get((a * size + b) * size + c)
                if span is not None:
                    found_spans.add(span)
        if not found_spans:
            return []
        # the rarest trigrams (a typo destroys at most three): at least _RARE_GRAMS of them,
        # more while their posting lists stay short
        spans = sorted(found_spans, key=lambda span: span[1] - span[0])
        rare: list[tuple[int, int]] = []
        total = 0
        for span in spans:
            if len(rare) >= _RARE_GRAMS and total + span[1] - span[0] > _RARE_POSTINGS:
                break
            rare.append(span)
            total += span[1] - span[0]
        np, owner = self._np, self.owner
        hits = np.concatenate([owner[a:b] for a, b in rare])
        found, counts = np.unique(hits, return_counts=True)
        if len(found) > _CANDIDATES:
            # the keys sharing most trigrams: all those above a count threshold (counts are
            # small numbers), then, from the next count down, those closest in length
            at_least = np.cumsum(np.bincount(counts)[::-1])[::-1]  # at_least[c]: keys with count >= c
            fits = np.flatnonzero(at_least <= _CANDIDATES)
            threshold = int(fits[0]) if len(fits) else len(at_least)
            chosen = np.flatnonzero(counts >= threshold)
            more = np.flatnonzero(counts == threshold - 1)
            room = _CANDIDATES - len(chosen)
            if len(more) > room:
                distance = np.abs(self.lengths[found[more]] - len(key))
                more = more[np.argpartition(distance, room - 1)[:room]] if room else more[:0]
            found = found[np.sort(np.concatenate((chosen, more)))]
        return found.tolist()


def _build(g: Glossary, reverse) -> _FuzzyIndex:
    return _FuzzyIndex(g, bool(reverse))


#: one index per glossary and direction (reverse=False: Dutch keys, True: English), rebuilt
#: when the database changes
_INDEXES = DerivedCache(_build)


def _fuzzy_index(g: Glossary, reverse: bool) -> _FuzzyIndex:
    return _INDEXES.get(g, reverse)


def fuzzy_matches(
    g: Glossary, query: str, *, limit: int = 5, min_score: float = FUZZY_MIN_SCORE, reverse: bool = False
) -> list[tuple[int, float, str]]:
    """The terms most similar to ``query``: ``(term id, score 0-100, matched key)``, best first.

    With ``reverse=True`` the query is compared with English translations."""
    from rapidfuzz import fuzz, process

    key = query_key(query)
    if not key:
        return []
    index = _fuzzy_index(g, reverse)
    subset = index.candidates(key)
    choices = index.keys if subset is None else [index.keys[i] for i in subset]
    found = process.extract(
        key, choices, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=min_score, processor=None
    )
    out: list[tuple[int, float, str]] = []
    seen: set[int] = set()
    for choice, score, pos in found:
        term_id = index.ids[pos if subset is None else subset[pos]]
        if term_id in seen:
            continue
        seen.add(term_id)
        out.append((term_id, round(float(score), 1), choice))
        if len(out) >= limit:
            break
    return out
