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

from itertools import product

from glossary.store import Glossary, simple_key

#: fuzzy matches below this similarity (0-100) are not reported
FUZZY_MIN_SCORE = 75.0
#: after this many fuzzy queries on one glossary an n-gram index is built (faster batches)
_INDEX_AFTER = 24
_MAX_JOIN_WORDS = 6
#: keys (sharing most trigrams with the query) compared by rapidfuzz once the index exists
_CANDIDATES = 256
#: the query's rarest trigrams used to pick candidates (a typo destroys at most 3)
_RARE_GRAMS = 10


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


def _lemma_key(key: str) -> str:
    """Lemmatise word by word (simplemma, loaded only when the exact match failed)."""
    try:
        from glossary.extract import normalise_key
    except ImportError:  # extractor not available: no lemma level
        return key
    try:
        return simple_key(normalise_key(key))
    except Exception:  # a lemmatiser failure must not break a lookup
        return key


# -- fuzzy -----------------------------------------------------------------------------------


class _FuzzyIndex:
    """All term/variant keys of a glossary in memory, refreshed when the database changes.

    After a few queries, a trigram index (numpy arrays) picks the keys sharing most trigrams
    with a query; only those are scored by rapidfuzz."""

    def __init__(self, g: Glossary, reverse: bool):
        self.stamp = _stamp(g)
        self.uses = 0
        self.codes = None
        best: dict[str, int] = {}
        if reverse:
            rows = g.conn.execute(
                "SELECT x.text, x.term_id FROM translations x JOIN terms t ON t.id=x.term_id"
                " WHERE t.status='active' AND x.status!='rejected' ORDER BY x.status='approved'"
            )
            for text, term_id in rows:
                best[_key(text)] = term_id  # approved rows come last and win
        else:
            active = {}
            for key, term_id in g.conn.execute("SELECT key, id FROM terms WHERE status='active'"):
                active[term_id] = key
                best[key] = term_id
            for key, term_id in g.conn.execute("SELECT key, term_id FROM variants"):
                if key not in best and term_id in active:
                    best[key] = term_id
        self.keys = list(best)
        self.ids = list(best.values())

    def _build(self) -> None:
        import numpy as np

        big = "\x00".join(f" {k} " for k in self.keys)
        chars = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        codes = (chars[:-2] << 42) | (chars[1:-1] << 21) | chars[2:]
        sep = chars == 0
        owner = np.cumsum(sep)[:-2]
        valid = ~(sep[:-2] | sep[1:-1] | sep[2:])
        codes, owner = codes[valid], owner[valid].astype(np.int32)
        order = np.argsort(codes, kind="stable")
        self.codes, self.owner, self._np = codes[order], owner[order], np

    def candidates(self, key: str) -> list[int] | None:
        """Indexes of the keys sharing most trigrams with ``key`` (None: compare with all)."""
        self.uses += 1
        if self.codes is None:
            if self.uses < _INDEX_AFTER or len(self.keys) < 5000:
                return None
            self._build()
        np = self._np
        chars = np.frombuffer(f" {key} ".encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        if len(chars) < 3:
            return None
        qcodes = np.unique((chars[:-2] << 42) | (chars[1:-1] << 21) | chars[2:])
        lo = np.searchsorted(self.codes, qcodes, "left")
        hi = np.searchsorted(self.codes, qcodes, "right")
        sizes = hi - lo
        rare = np.argsort(sizes, kind="stable")[: max(_RARE_GRAMS, len(sizes) // 2)]
        postings = [self.owner[lo[i] : hi[i]] for i in rare.tolist() if sizes[i] > 0]
        if not postings:
            return []
        counts = np.bincount(np.concatenate(postings))
        found = np.flatnonzero(counts)
        if len(found) > _CANDIDATES:
            found = found[np.argpartition(counts[found], -_CANDIDATES)[-_CANDIDATES:]]
        return found.tolist()


def _grams(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


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
    words = [w for w in _fts_words(key)]
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


def _fts_words(text: str) -> list[str]:
    """Words as the unicode61 tokenizer sees them (letters, digits)."""
    out, word = [], []
    for ch in text:
        if ch.isalnum():
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


# -- records -----------------------------------------------------------------------------------


# one query per record: the term, its translations (in the order of Glossary.translations:
# approved, candidates by source and score, rejected) and its documents, as JSON arrays
_RECORD_SQL = """
SELECT t.id, t.term, t.lemma, t.kind, t.frequency, t.doc_count, t.variants, t.note,
 (SELECT json_group_array(json_array(x.text, x.source, x.status, x.score, x.origin)) FROM
   (SELECT text, source, status, score, origin FROM translations WHERE term_id=t.id ORDER BY
     CASE status WHEN 'approved' THEN 0 WHEN 'candidate' THEN 1 ELSE 2 END,
     CASE source WHEN 'human' THEN 0 WHEN 'import' THEN 1 ELSE 2 END, score DESC NULLS LAST, id) x),
 CASE WHEN t.frequency > 0 THEN (SELECT json_group_array(name) FROM
   (SELECT DISTINCT d.name FROM occurrences o JOIN documents d ON d.id=o.document_id
    WHERE o.term_id=t.id ORDER BY d.name)) ELSE '[]' END
FROM terms t WHERE t.id=?"""


def term_record(g: Glossary, term_id: int, *, contexts: int = 3) -> dict:
    from json import loads

    row = g.conn.execute(_RECORD_SQL, (term_id,)).fetchone()
    tid, term, lemma, kind, frequency, doc_count, variants, note, translations_json, documents_json = row
    translations = [
        {"text": text, "source": source, "status": status, "score": score, "origin": origin}
        for text, source, status, score, origin in loads(translations_json)
    ]
    context_rows = g.term_contexts(term_id, limit=contexts) if contexts and frequency else []
    return {
        "id": tid,
        "term": term,
        "lemma": lemma,
        "kind": kind,
        "frequency": frequency,
        "doc_count": doc_count,
        "documents": loads(documents_json),
        "variants": [v for v in (variants or "").split(" | ") if v],
        "note": note,
        "approved": next((x["text"] for x in translations if x["status"] == "approved"), None),
        "translations": translations,
        "contexts": [
            {"text": r["text"], "document": r["document"], "start": r["start"], "end": r["end"],
             "translation": r["translation"]}
            for r in context_rows
        ],
    }


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
    found = find_term_id(g, query)
    if found:
        return [{"query": query, "match": found[1], "score": 100.0, **term_record(g, found[0], contexts=contexts)}]
    if fuzzy:
        for term_id, score, _key in fuzzy_matches(g, query, limit=1, min_score=min_score):
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
