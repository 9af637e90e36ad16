"""Looking terms up: the matching levels. Reads only; imports only sqlite3 (lemmatisation and
rapidfuzz are loaded only when the cheap levels failed / fuzzy matching is asked for).

The fuzzy level (a trigram index) is :mod:`glossary.fuzzy`; the record of a found term is
assembled by :mod:`glossary.records`.

Matching levels, in order (the first that finds the term wins; ``match`` in the record):

``exact``     the casefolded form is a term's key
``variant``   it is a known surface form of a term (``variants`` table)
``compound``  joining its words gives a term (*Sociaal Krediet Systeem* -> *sociaal kredietsysteem*)
``lemma``     its lemma form (``glossary.extract.normalise_key``) is a term or variant, also joined
``fuzzy``     (only with ``fuzzy=True``) the most similar term by rapidfuzz ratio, with ``score``
``reverse``   (only with ``reverse=True``) English -> Dutch: a term with that translation

The record for a found term (the ``lookup --json`` schema, see :mod:`glossary.records`)::

    {"query", "match", "score", "id", "term", "lemma", "kind", "frequency", "doc_count", "documents",
     "variants", "note", "approved",
     "translations": [{"text", "source", "status", "score", "origin"}],
     "contexts": [{"text", "document", "start", "end", "translation"}]}

``score`` is the similarity (0-100) for fuzzy matches and 100 otherwise; ``approved`` is the
approved English translation or null. Reverse records also have ``matched_translation``.
"""

from __future__ import annotations

from itertools import product

from glossary.fuzzy import FUZZY_MIN_SCORE, fuzzy_matches
from glossary.keys import query_key, simple_key
from glossary.records import RECORD_BY_KEY, record, term_record
from glossary.search import fts_words
from glossary.store import Glossary
from glossary.vocabulary import LIVE_SQL

__all__ = ["FUZZY_MIN_SCORE", "find_term_id", "fuzzy_matches", "lookup", "lookup_one", "reverse_term_ids",
           "term_record"]

_MAX_JOIN_WORDS = 6


# -- exact / variant / compound / lemma ----------------------------------------------------


_key = query_key


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
        f" WHERE translations_fts MATCH ? AND t.status='active' AND x.status {LIVE_SQL}"
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


# -- lookups -----------------------------------------------------------------------------------


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
    rows = g.conn.execute(RECORD_BY_KEY, (key,)).fetchall()
    if rows:  # the common case: one query
        return [record(g, rows, contexts, (query, "exact", 100.0))]
    inexact = _find_inexact(g, key)
    if inexact:
        term_id, match = inexact
        return [{"query": query, "match": match, "score": 100.0, **term_record(g, term_id, contexts=contexts)}]
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
