"""Full-text search over terms, translations and contexts. Reads only; imports only sqlite3.

User queries are never passed to FTS5 as they are: :func:`fts_query` rebuilds them from quoted
words, so quotes, parentheses, ``*``, ``-``, ``AND``/``OR``/``NOT``, column filters and
unbalanced syntax cannot cause an FTS5 syntax error. What it understands:

``krediet systeem``      both words (in any order)
``"sociaal krediet"``    the phrase (an unclosed quote runs to the end)
``krediet*``             words starting with *krediet*
``krediet OR lening``    either
``-china`` / ``NOT china``  excluding *china*

Two entry points:

- :func:`search` -- hits in terms, translations and contexts (``glossary search``);
- :func:`search_terms` -- ranked term rows for search-as-you-type (the TUI): the last word is a
  prefix, exact and prefix matches on the term itself come first, offset/limit pages.
"""

from __future__ import annotations

import sqlite3

from glossary.errors import GlossaryError
from glossary.keys import simple_key
from glossary.store import Glossary
from glossary.vocabulary import APPROVED_SQL, BEST_FIRST_SQL, CHOSEN_SQL, LIVE_SQL

FIELDS = ("term", "translation", "context")
#: filters understood by :func:`search_terms`
STATUS_FILTERS = ("approved", "translated", "untranslated", "unapproved")


# Plain classes, not dataclasses: `import dataclasses` pulls in inspect (~15 ms at start-up).
class _Clause:
    __slots__ = ("words", "prefix")

    def __init__(self, words: list[str], prefix: bool = False):
        self.words = words
        self.prefix = prefix

    def fts(self) -> str:
        phrase = '"' + " ".join(self.words) + '"'
        return phrase + "*" if self.prefix else phrase

    def __eq__(self, other) -> bool:
        return isinstance(other, _Clause) and (self.words, self.prefix) == (other.words, other.prefix)

    def __repr__(self) -> str:
        return f"_Clause(words={self.words!r}, prefix={self.prefix!r})"


class ParsedQuery:
    """A user query: ``groups`` (OR of ANDs of clauses) and ``excluded`` clauses."""

    __slots__ = ("groups", "excluded")

    def __init__(self, groups: list[list[_Clause]] | None = None, excluded: list[_Clause] | None = None):
        self.groups = [] if groups is None else groups
        self.excluded = [] if excluded is None else excluded

    def fts(self) -> str:
        positive = " OR ".join("(" + " AND ".join(c.fts() for c in group) + ")" for group in self.groups)
        if len(self.groups) > 1:
            positive = "(" + positive + ")"
        if not self.excluded:
            return positive
        return positive + " NOT (" + " OR ".join(c.fts() for c in self.excluded) + ")"

    @property
    def empty(self) -> bool:
        return not self.groups

    def __eq__(self, other) -> bool:
        return isinstance(other, ParsedQuery) and (self.groups, self.excluded) == (other.groups, other.excluded)

    def __repr__(self) -> str:
        return f"ParsedQuery(groups={self.groups!r}, excluded={self.excluded!r})"


def clean(text: str) -> str:
    """``text`` with anything SQLite cannot store (lone surrogates) replaced."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def fts_words(text: str) -> list[str]:
    """Words as the unicode61 tokenizer sees them (runs of letters and digits)."""
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


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Split a user query into (token, quoted) pairs; an unclosed quote runs to the end."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "()":
            i += 1
            continue
        if ch == '"' or (ch == "-" and i + 1 < n and text[i + 1] == '"'):
            neg = ch == "-"
            start = i + 2 if neg else i + 1
            end = text.find('"', start)
            if end < 0:
                end = n
            prefix = end + 1 < n and text[end + 1] == "*"
            out.append((("-" if neg else "") + text[start:end] + ("*" if prefix else ""), True))
            i = end + (2 if prefix else 1)
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '()"':
            j += 1
        out.append((text[i:j], False))
        i = j
    return out


def parse_query(text: str, *, prefix_last: bool = False) -> ParsedQuery:
    """Turn any user text into a safe query. ``prefix_last`` makes the last word a prefix
    (search-as-you-type) unless the text ends with a space."""
    parsed = ParsedQuery()
    text = clean(text or "")
    group: list[_Clause] = []
    negate_next = False
    tokens = _tokens(text or "")
    last_positive: _Clause | None = None
    for token, quoted in tokens:
        if not quoted and token in ("AND", "&&"):
            continue
        if not quoted and token in ("OR", "||", "|"):
            if group:
                parsed.groups.append(group)
                group = []
            continue
        if not quoted and token == "NOT":
            negate_next = True
            continue
        neg = negate_next or (token.startswith("-") and len(token) > 1)
        negate_next = False
        body = token.lstrip("-") if token.startswith("-") else token
        prefix = body.endswith("*")
        words = fts_words(body)
        if not words:
            continue
        clause = _Clause(words, prefix)
        if neg:
            parsed.excluded.append(clause)
        else:
            group.append(clause)
            last_positive = clause
    if group:
        parsed.groups.append(group)
    if prefix_last and last_positive is not None and text and not text[-1].isspace() and text.rstrip()[-1] != '"':
        last_positive.prefix = True
    return parsed


def fts_query(text: str, *, prefix_last: bool = False) -> str | None:
    """A safe FTS5 MATCH expression for ``text``, or None when it has nothing to search for."""
    parsed = parse_query(text, prefix_last=prefix_last)
    return None if parsed.empty else parsed.fts()


def _match(g: Glossary, sql: str, params: tuple, query: str) -> list[sqlite3.Row]:
    try:
        return g.conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:  # should not happen: fts_query only builds valid syntax
        raise GlossaryError(f"cannot search for {query!r}: {exc}") from None


def _require(text: str, *, prefix_last: bool = False) -> str:
    expr = fts_query(text, prefix_last=prefix_last)
    if expr is None:
        if parse_query(text).excluded:
            raise GlossaryError(f"nothing to search for in {text!r}: give at least one word that is not excluded")
        raise GlossaryError(f"nothing to search for in {text!r}: give a word to look for")
    return expr


def search(
    g: Glossary,
    query: str,
    *,
    limit: int = 20,
    fields: tuple[str, ...] | list[str] = FIELDS,
    prefix: bool = False,
) -> list[dict]:
    """Full-text hits for ``query``, best first within each field (terms, then translations,
    then contexts), at most ``limit`` per field. Each hit::

        {"field": "term"|"translation"|"context", "id": term id or None, "term", "approved",
         "text": the matching text, "snippet": it with [matches] marked, "document": for contexts,
         "terms": for contexts, the terms occurring in the sentence}

    Raises :class:`GlossaryError` for a query with nothing to search for."""
    if limit < 1:
        raise GlossaryError("the limit must be at least 1")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise GlossaryError(f"unknown search field {sorted(unknown)[0]!r}: use {', '.join(FIELDS)}")
    expr = _require(query, prefix_last=prefix)
    hits: list[dict] = []
    if "term" in fields:
        rows = _match(
            g,
            "SELECT t.id, t.term, t.variants, snippet(terms_fts, -1, '[', ']', '…', 12) AS snip"
            " FROM terms_fts f JOIN terms t ON t.id=f.rowid"
            " WHERE terms_fts MATCH ? AND t.status='active'"
            " ORDER BY bm25(terms_fts, 10.0, 5.0, 2.0), t.score DESC NULLS LAST LIMIT ?",
            (expr, limit),
            query,
        )
        for r in rows:
            hits.append({"field": "term", "id": r["id"], "term": r["term"], "approved": _approved(g, r["id"]),
                         "text": r["term"], "snippet": r["snip"], "document": None, "terms": []})
    if "translation" in fields:
        rows = _match(
            g,
            "SELECT t.id, t.term, x.text, x.status, snippet(translations_fts, 0, '[', ']', '…', 12) AS snip"
            " FROM translations_fts f JOIN translations x ON x.id=f.rowid JOIN terms t ON t.id=x.term_id"
            f" WHERE translations_fts MATCH ? AND t.status='active' AND x.status {LIVE_SQL}"
            " ORDER BY bm25(translations_fts), x.status!='approved', t.score DESC NULLS LAST LIMIT ?",
            (expr, limit),
            query,
        )
        for r in rows:
            hits.append({"field": "translation", "id": r["id"], "term": r["term"], "approved": _approved(g, r["id"]),
                         "text": r["text"], "snippet": r["snip"], "document": None, "terms": [],
                         "status": r["status"]})
    if "context" in fields:
        rows = _match(
            g,
            "SELECT c.id, c.text, d.name AS document, snippet(contexts_fts, 0, '[', ']', '…', 16) AS snip"
            " FROM contexts_fts f JOIN contexts c ON c.id=f.rowid LEFT JOIN documents d ON d.id=c.document_id"
            " WHERE contexts_fts MATCH ? ORDER BY bm25(contexts_fts), c.document_id, c.position LIMIT ?",
            (expr, limit),
            query,
        )
        for r in rows:
            terms = g.conn.execute(
                "SELECT DISTINCT t.id, t.term FROM occurrences o JOIN terms t ON t.id=o.term_id"
                " WHERE o.context_id=? AND t.status='active' ORDER BY o.start",
                (r["id"],),
            ).fetchall()
            hits.append({"field": "context", "id": terms[0]["id"] if terms else None,
                         "term": terms[0]["term"] if terms else None,
                         "approved": _approved(g, terms[0]["id"]) if terms else None,
                         "text": r["text"], "snippet": r["snip"], "document": r["document"],
                         "terms": [t["term"] for t in terms]})
    return hits


_APPROVED_BY_ID = f"SELECT ({APPROVED_SQL}) FROM terms t WHERE t.id=?"


def _approved(g: Glossary, term_id: int) -> str | None:
    row = g.conn.execute(_APPROVED_BY_ID, (term_id,)).fetchone()
    return row[0] if row else None


# -- search-as-you-type ------------------------------------------------------------------------


def _filter_sql(filters: dict | None) -> tuple[str, list]:
    """SQL conditions on ``terms t`` for the TUI's filters: status, kind, include_not_terms."""
    filters = dict(filters or {})
    where = [] if filters.pop("include_not_terms", False) else ["t.status='active'"]
    params: list = []
    kind = filters.pop("kind", None)
    if kind:
        where.append("t.kind=?")
        params.append(kind)
    status = filters.pop("status", None)
    if status and status != "all":
        if status == "approved":
            where.append("EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='approved')")
        elif status == "unapproved":
            where.append("NOT EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='approved')")
        elif status == "translated":
            where.append(f"EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status {LIVE_SQL})")
        elif status == "untranslated":
            where.append(f"NOT EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status {LIVE_SQL})")
        else:
            raise GlossaryError(f"unknown status filter {status!r}: use {', '.join(STATUS_FILTERS)} or all")
    if filters:
        raise GlossaryError(f"unknown search filter {sorted(filters)[0]!r}")
    return " AND ".join(where) or "1", params


def search_term_ids(
    g: Glossary, text: str, *, limit: int = 50, offset: int = 0, filters: dict | None = None,
    translations: bool = True,
) -> list[int]:
    """Term ids for search-as-you-type, ranked: the exact term, terms starting with the text
    (by score), full-text matches in term/lemma/variants (last word as a prefix), then terms
    whose translations match. Empty text lists all terms by score. Never raises on odd text."""
    limit = max(0, int(limit))
    offset = max(0, int(offset))
    need = offset + limit
    where, params = _filter_sql(filters)
    c = g.conn
    text = clean(text or "")
    key = simple_key(text)
    if not key:
        rows = c.execute(
            f"SELECT t.id FROM terms t WHERE {where} ORDER BY {BEST_FIRST_SQL} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [r[0] for r in rows]
    ids: list[int] = []
    seen: set[int] = set()

    def take(rows) -> bool:
        for (term_id,) in rows:
            if term_id not in seen:
                seen.add(term_id)
                ids.append(term_id)
        return len(ids) >= need

    # 1. exact key, 2. key prefix (the unique index on key makes this a range scan)
    if take(c.execute(f"SELECT t.id FROM terms t WHERE t.key=? AND {where}", (key, *params))):
        return ids[offset:need]
    upper = key + "\U0010ffff"
    if take(c.execute(
        f"SELECT t.id FROM terms t WHERE t.key>? AND t.key<? AND {where}"
        f" ORDER BY {BEST_FIRST_SQL} LIMIT ?",
        (key, upper, *params, need + 1),
    )):
        return ids[offset:need]
    expr = fts_query(text, prefix_last=True)
    if expr is None:
        return ids[offset:need]
    try:
        rows = c.execute(
            f"SELECT t.id FROM terms_fts f JOIN terms t ON t.id=f.rowid WHERE terms_fts MATCH ? AND {where}"
            " ORDER BY bm25(terms_fts, 10.0, 5.0, 2.0), t.score DESC NULLS LAST LIMIT ?",
            (expr, *params, need + len(ids)),
        ).fetchall()
        if take(rows) or not translations:
            return ids[offset:need]
        rows = c.execute(
            f"SELECT DISTINCT t.id FROM translations_fts f JOIN translations x ON x.id=f.rowid"
            f" JOIN terms t ON t.id=x.term_id WHERE translations_fts MATCH ? AND x.status {LIVE_SQL} AND {where}"
            " ORDER BY bm25(translations_fts) LIMIT ?",
            (expr, *params, need + len(ids)),
        ).fetchall()
        take(rows)
    except sqlite3.OperationalError:  # defensive: a half-typed query must never break the UI
        pass
    return ids[offset:need]


def search_terms(
    g: Glossary, text: str, limit: int = 50, offset: int = 0, filters: dict | None = None
) -> list[dict]:
    """Ranked term rows for search-as-you-type (see :func:`search_term_ids`): dicts with
    id, term, lemma, kind, score, frequency, doc_count, status, approved, translation
    (approved or best candidate), translations (count of non-rejected)."""
    ids = search_term_ids(g, text, limit=limit, offset=offset, filters=filters)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = g.conn.execute(
        "SELECT t.id, t.term, t.lemma, t.kind, t.score, t.frequency, t.doc_count, t.status,"
        f" ({APPROVED_SQL}) AS approved, ({CHOSEN_SQL}) AS translation,"
        f" (SELECT count(*) FROM translations x WHERE x.term_id=t.id AND +x.status {LIVE_SQL}) AS translations"
        f" FROM terms t WHERE t.id IN ({marks})",
        ids,
    ).fetchall()
    by_id = {r["id"]: dict(r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]
