"""Looking terms up. Reads only; imports only sqlite3 (lemmatisation and rapidfuzz are loaded
only when the cheap levels failed / fuzzy matching is asked for).

Matching levels, in order (the first that finds the term wins; ``match`` in the record):

``exact``     the casefolded form is a term's key
``variant``   it is a known surface form of a term (``variants`` table)
``compound``  joining its words gives a term (*Sociaal Krediet Systeem* -> *sociaal kredietsysteem*)
``lemma``     its lemma form (``glossary.extract.normalise_key``) is a term or variant, also joined
``fuzzy``     (only with ``fuzzy=True``) the most similar term by rapidfuzz ratio, with ``score``
``reverse``   (only with ``reverse=True``) English -> Dutch: a term with that translation

The record for a found term (the ``lookup --json`` schema)::

    {"query", "match", "score", "id", "term", "lemma", "kind", "frequency", "doc_count", "documents",
     "variants", "note", "approved",
     "translations": [{"text", "source", "status", "score", "origin"}],
     "contexts": [{"text", "document", "start", "end", "translation"}]}

``score`` is the similarity (0-100) for fuzzy matches and 100 otherwise; ``approved`` is the
approved English translation or null. Reverse records also have ``matched_translation``.
"""

from __future__ import annotations

import sys
from itertools import product

from glossary.search import fts_words
from glossary.keys import simple_key
from glossary.store import Glossary
from glossary.vocabulary import translation_order_sql, translation_rank

#: fuzzy matches below this similarity (0-100) are not reported
FUZZY_MIN_SCORE = 75.0
#: The trigram index for fuzzy matching is built once comparing with every key has cost about as
#: much as building it (ski rental): the build takes as long as ~_INDEX_AFTER full comparisons,
#: plus, when numpy is not imported yet, as long as comparing with _NUMPY_IMPORT_KEYS keys.
_INDEX_AFTER = 8
_NUMPY_IMPORT_KEYS = 1_000_000
#: below this many keys comparing with all of them is fast enough: no index
_INDEX_MIN_KEYS = 5000
_MAX_JOIN_WORDS = 6
#: keys (sharing most trigrams with the query) compared by rapidfuzz once the index exists
_CANDIDATES = 256
#: the query's rarest trigrams used to pick candidates (a typo destroys at most 3): at least
#: this many, more while their posting lists hold at most _RARE_POSTINGS keys in all
_RARE_GRAMS = 6
_RARE_POSTINGS = 3000


# -- exact / variant / compound / lemma ----------------------------------------------------


def _key(text: str) -> str:
    """``simple_key``, with a fast path for ASCII text (where NFC and dash folding are no-ops)."""
    if text.isascii():
        return " ".join(text.casefold().split())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: SQLite cannot take them
        text = text.encode("utf-8", "replace").decode("utf-8")
    return simple_key(text)


def _by_key(g: Glossary, key: str) -> int | None:
    row = g.conn.execute("SELECT id FROM terms WHERE key=? AND status='active'", (key,)).fetchone()
    return row[0] if row else None


def _by_variant(g: Glossary, key: str) -> int | None:
    row = g.conn.execute(
        "SELECT v.term_id FROM variants v JOIN terms t ON t.id=v.term_id"
        " WHERE v.key=? AND t.status='active' ORDER BY t.score DESC NULLS LAST, t.id LIMIT 1",
        (key,),
    ).fetchone()
    return row[0] if row else None


def _joins(key: str) -> list[str]:
    """Other spellings of a multi-word key with words joined (compounds) or hyphenated."""
    words = [w for w in key.replace("-", " ").split(" ") if w]
    if len(words) < 2 or len(words) > _MAX_JOIN_WORDS:
        return []
    out = []
    for seps in product(("", " ", "-"), repeat=len(words) - 1):
        form = words[0] + "".join(s + w for s, w in zip(seps, words[1:]))
        if form != key:
            out.append(form)
    return out


def _by_joins(g: Glossary, key: str) -> int | None:
    forms = _joins(key)
    if not forms:
        return None
    marks = ",".join("?" * len(forms))
    row = g.conn.execute(
        f"SELECT id FROM terms WHERE key IN ({marks}) AND status='active'"
        " ORDER BY score DESC NULLS LAST, id LIMIT 1",
        forms,
    ).fetchone()
    if row:
        return row[0]
    row = g.conn.execute(
        f"SELECT v.term_id FROM variants v JOIN terms t ON t.id=v.term_id WHERE v.key IN ({marks})"
        " AND t.status='active' ORDER BY t.score DESC NULLS LAST, t.id LIMIT 1",
        forms,
    ).fetchone()
    return row[0] if row else None


def find_term_id(g: Glossary, query: str) -> tuple[int, str] | None:
    """The id of the term ``query`` names, and how it matched ("exact", "variant", "compound", "lemma")."""
    key = _key(query)
    if not key:
        return None
    found = _by_key(g, key)
    if found is not None:
        return found, "exact"
    return _find_inexact(g, key)


def _find_inexact(g: Glossary, key: str) -> tuple[int, str] | None:
    """The levels after ``exact`` for a key that is not a term's key."""
    found = _by_variant(g, key)
    if found is not None:
        return found, "variant"
    found = _by_joins(g, key)
    if found is not None:
        return found, "compound"
    lemma_key = _lemma_key(key)
    if lemma_key and lemma_key != key:
        found = _by_key(g, lemma_key)
        if found is None:
            found = _by_variant(g, lemma_key)
        if found is None:
            found = _by_joins(g, lemma_key)
        if found is not None:
            return found, "lemma"
    return None


_LEMMA_KEYS: dict[str, str] = {}


def _lemma_key(key: str) -> str:
    """Lemmatise word by word (simplemma, loaded only when the exact match failed)."""
    cached = _LEMMA_KEYS.get(key)
    if cached is not None:
        return cached
    try:
        from glossary.extract import normalise_key
    except ImportError:  # extractor not available: no lemma level
        return key
    try:
        lemma_key = simple_key(normalise_key(key))
    except Exception:  # a lemmatiser failure must not break a lookup
        return key
    if len(_LEMMA_KEYS) >= 4096:
        _LEMMA_KEYS.clear()
    _LEMMA_KEYS[key] = lemma_key
    return lemma_key


# -- fuzzy -----------------------------------------------------------------------------------


class _FuzzyIndex:
    """All term/variant keys of a glossary in memory (the cached choice list for rapidfuzz),
    reloaded when the database changes.

    The first queries compare the query with every key (rapidfuzz ``process.extract``, C++).
    Once that has cost about as much as building it (see ``_INDEX_AFTER``), a large glossary gets
    a trigram index (numpy arrays: one sorted posting list of key numbers per trigram) that picks
    the (at most ``_CANDIDATES``) keys sharing most of the query's rarest trigrams; only those
    are scored. Candidates stay in key order, so ties are broken as without the index."""

    def __init__(self, g: Glossary, reverse: bool):
        self.stamp = _stamp(g)
        self.uses = 0
        self.grams: dict[int, tuple[int, int]] | None = None  # trigram number -> slice of self.owner
        cur = g.conn.cursor()
        cur.row_factory = None  # plain tuples
        best: dict[str, int] = {}
        if reverse:
            rows = cur.execute(
                "SELECT x.text, x.term_id FROM translations x JOIN terms t ON t.id=x.term_id"
                " WHERE t.status='active' AND x.status!='rejected' ORDER BY x.status='approved'"
            )
            for text, term_id in rows:
                best[_key(text)] = term_id  # approved rows come last and win
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
        chars = letter[chars]
        sep = chars == 0
        valid = ~(sep[:-2] | sep[1:-1] | sep[2:])
        owner = np.cumsum(sep, dtype=np.int32)[:-2][valid]
        codes = ((chars[:-2] * size + chars[1:-1]) * size + chars[2:])[valid]  # trigram numbers
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
            after = _INDEX_AFTER
            if "numpy" not in sys.modules:
                after += _NUMPY_IMPORT_KEYS / len(self.keys)
            if self.uses < after:
                return None
            self._build()
        letters, size, grams = self.letters, self.size, self.grams
        padded = [letters.get(ch, -1) for ch in f" {key} "]
        spans = set()
        for a, b, c in zip(padded, padded[1:], padded[2:]):
            if a >= 0 and b >= 0 and c >= 0:
                span = grams.get((a * size + b) * size + c)
                if span is not None:
                    spans.add(span)
        if not spans:
            return []
        # the rarest trigrams (a typo destroys at most three): at least _RARE_GRAMS of them,
        # more while their posting lists stay short
        spans = sorted(spans, key=lambda span: span[1] - span[0])
        rare, total = [], 0
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


def _stamp(g: Glossary) -> tuple:
    return (g.conn.execute("PRAGMA data_version").fetchone()[0], g.conn.total_changes)


_INDEXES: dict[tuple[int, bool], tuple[Glossary, _FuzzyIndex]] = {}


def _fuzzy_index(g: Glossary, reverse: bool) -> _FuzzyIndex:
    cached = _INDEXES.get((id(g), reverse))
    if cached is not None and cached[0] is g and cached[1].stamp == _stamp(g):
        return cached[1]
    index = _FuzzyIndex(g, reverse)
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    _INDEXES[(id(g), reverse)] = (g, index)
    return index


def fuzzy_matches(
    g: Glossary, query: str, *, limit: int = 5, min_score: float = FUZZY_MIN_SCORE, reverse: bool = False
) -> list[tuple[int, float, str]]:
    """The terms most similar to ``query``: ``(term id, score 0-100, matched key)``, best first.

    With ``reverse=True`` the query is compared with English translations."""
    from rapidfuzz import fuzz, process

    key = _key(query)
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


# -- reverse -----------------------------------------------------------------------------------


def reverse_term_ids(g: Glossary, query: str) -> list[tuple[int, str]]:
    """Terms with an English translation equal to ``query`` (casefolded): ``(term id, text)``,
    approved translations first. Uses the translations FTS index, then compares exactly."""
    key = _key(query)
    if not key:
        return []
    words = fts_words(key)
    if not words:
        return []
    phrase = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
    rows = g.conn.execute(
        "SELECT x.term_id, x.text, x.status FROM translations_fts f JOIN translations x ON x.id=f.rowid"
        " JOIN terms t ON t.id=x.term_id"
        " WHERE translations_fts MATCH ? AND t.status='active' AND x.status!='rejected'"
        " ORDER BY x.status!='approved', x.source!='human', t.score DESC NULLS LAST, t.id",
        (phrase,),
    ).fetchall()
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    for term_id, text, _status in rows:
        if simple_key(text) == key and term_id not in seen:
            seen.add(term_id)
            out.append((term_id, text))
    return out


# -- records -----------------------------------------------------------------------------------

# One query gives a whole record: the term row joined with its translations (one row per
# translation; one row with NULLs when there is none), and its documents as a NUL-separated list
# (document names are file names). No JSON on this path: `import json` alone costs more than a
# lookup. sqlite3 keeps these statements prepared (its per-connection statement cache).
_RECORD_SQL = """
SELECT t.id, t.term, t.lemma, t.kind, t.frequency, t.doc_count, t.variants, t.note,
 CASE WHEN t.frequency > 0 THEN (SELECT group_concat(name, char(0)) FROM
   (SELECT DISTINCT d.name FROM occurrences o JOIN documents d ON d.id=o.document_id
    WHERE o.term_id=t.id ORDER BY d.name)) END,
 x.text, x.source, x.status, x.score, x.origin, x.id
FROM terms t LEFT JOIN translations x ON x.term_id=t.id"""
_RECORD_BY_ID = _RECORD_SQL + " WHERE t.id=?"
#: the exact level and the record in one indexed query (terms.key is unique)
_RECORD_BY_KEY = _RECORD_SQL + " WHERE t.key=? AND t.status='active'"
# the order of Glossary.translations (glossary.vocabulary: approved, candidates by source, score
# and id, rejected), applied in Python: most terms have one translation, and an ORDER BY costs a
# sorter per query
_RECORD_ORDER = " ORDER BY " + translation_order_sql("x")


def _translation_order(row) -> tuple:
    return translation_rank(row[11], row[10], row[12], row[14])


def _record(g: Glossary, rows: list, contexts: int, head: tuple | None = None) -> dict:
    """The record from the rows of ``_RECORD_SQL``; ``head`` = (query, match, score) first."""
    first = rows[0]
    tid, term, lemma, kind, frequency, doc_count, variants, note, documents = first[:9]
    approved = None
    if first[9] is None:
        translations = []
    else:
        if len(rows) > 1:
            try:
                rows = sorted(rows, key=_translation_order)
            except TypeError:  # a score that is not a number: let SQLite order them
                rows = g.conn.execute(_RECORD_BY_ID + _RECORD_ORDER, (tid,)).fetchall()
        translations = [
            {"text": row[9], "source": row[10], "status": row[11], "score": row[12], "origin": row[13]}
            for row in rows
        ]
        for row in rows:
            if row[11] == "approved":
                approved = row[9]
                break
    if contexts and frequency:
        context_rows = [
            {"text": r["text"], "document": r["document"], "start": r["start"], "end": r["end"],
             "translation": r["translation"]}
            for r in g.term_contexts(tid, limit=contexts)
        ]
    else:
        context_rows = []
    record = {} if head is None else {"query": head[0], "match": head[1], "score": head[2]}
    record.update(
        id=tid,
        term=term,
        lemma=lemma,
        kind=kind,
        frequency=frequency,
        doc_count=doc_count,
        documents=documents.split("\0") if documents is not None else [],
        variants=[v for v in variants.split(" | ") if v] if variants else [],
        note=note,
        approved=approved,
        translations=translations,
        contexts=context_rows,
    )
    return record


def term_record(g: Glossary, term_id: int, *, contexts: int = 3) -> dict:
    """The record of a term (the ``lookup --json`` schema, without ``query``/``match``/``score``)."""
    rows = g.conn.execute(_RECORD_BY_ID, (term_id,)).fetchall()
    if not rows:
        raise KeyError(term_id)
    return _record(g, rows, contexts)


def lookup_one(
    g: Glossary,
    query: str,
    *,
    contexts: int = 3,
    fuzzy: bool = False,
    reverse: bool = False,
    min_score: float = FUZZY_MIN_SCORE,
) -> list[dict]:
    """The records for one query: one (or, for ``reverse``, every term with that English), or []."""
    if reverse:
        found = reverse_term_ids(g, query)
        if found:
            return [
                {"query": query, "match": "reverse", "score": 100.0, "matched_translation": text,
                 **term_record(g, term_id, contexts=contexts)}
                for term_id, text in found
            ]
        if fuzzy:
            for term_id, score, text in fuzzy_matches(g, query, limit=1, min_score=min_score, reverse=True):
                return [{"query": query, "match": "fuzzy", "score": score, "matched_translation": text,
                         **term_record(g, term_id, contexts=contexts)}]
        return []
    key = _key(query)
    if not key:
        return []
    rows = g.conn.execute(_RECORD_BY_KEY, (key,)).fetchall()
    if rows:  # the common case: one query
        return [_record(g, rows, contexts, (query, "exact", 100.0))]
    found = _find_inexact(g, key)
    if found:
        return [{"query": query, "match": found[1], "score": 100.0, **term_record(g, found[0], contexts=contexts)}]
    if fuzzy:
        for term_id, score, _matched in fuzzy_matches(g, query, limit=1, min_score=min_score):
            return [{"query": query, "match": "fuzzy", "score": score, **term_record(g, term_id, contexts=contexts)}]
    return []


def lookup(
    g: Glossary,
    queries: list[str] | str,
    *,
    contexts: int = 3,
    fuzzy: bool = False,
    reverse: bool = False,
    min_score: float = FUZZY_MIN_SCORE,
) -> list[dict]:
    """Records for the queries that were found (in query order); missing queries are left out.

    ``fuzzy`` adds a similarity level (rapidfuzz) after exact/variant/compound/lemma;
    ``reverse`` looks English up and gives the Dutch terms translated by it."""
    if isinstance(queries, str):
        queries = [queries]
    out: list[dict] = []
    for query in queries:
        out.extend(lookup_one(g, query, contexts=contexts, fuzzy=fuzzy, reverse=reverse, min_score=min_score))
    return out
