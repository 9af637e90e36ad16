"""The TUI's reads: table pages, term details, search adapter. No Textual here.

Reads go through the public ``glossary`` API (``glossary.listing``, ``glossary.search``, the
:class:`glossary.store.Glossary` read methods and its ``conn`` for read-only SQL); every write
goes through a ``Glossary`` method so it lands in the history table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from glossary.store import Glossary
from glossary.vocabulary import CHOSEN_SQL, KINDS, LISTING_FILTERS, STATUS_SQL, TERM_ORDERS

PAGE = 60  # rows per page: a screenful or three; DataTable measures every cell it holds
#: how many search hits are ranked before the filters and pages apply
SEARCH_LIMIT = 1000
STATUS_FILTERS = LISTING_FILTERS
KIND_FILTERS = (None, *KINDS)
SORTS = tuple(TERM_ORDERS)
SOURCE_LABEL = {"mt": "MT", "dictionary": "dictionary", "tm": "TM", "human": "human", "import": "import"}

_ORDER_SQL = TERM_ORDERS
_STATUS_SQL = STATUS_SQL
_ROW_SQL = (
    "SELECT t.id, t.term, t.kind, t.score, t.frequency, t.doc_count, "
    f"({CHOSEN_SQL}) AS english, ({_STATUS_SQL}) AS status FROM terms t"
)


@dataclass
class Query:
    """What the table shows: search text, filters, sort."""

    text: str = ""
    status: str = "all"
    kind: str | None = None
    document: int | None = None  # document id
    document_name: str | None = None
    order: str = "score"  # with search text, "score" means relevance

    def describe(self) -> str:
        parts = [f"status: {self.status}", f"kind: {self.kind or 'any'}"]
        parts.append(f"doc: {self.document_name or 'any'}")
        parts.append(f"sort: {'relevance' if self.text.strip() and self.order == 'score' else self.order}")
        return " · ".join(parts)


def search_ids(g: Glossary, text: str, *, limit: int = SEARCH_LIMIT, kind: str | None = None,
               include_not_terms: bool = False) -> list[int]:
    """The search adapter: term ids matching ``text`` (Dutch or English, prefix and lemma
    aware), best first. Uses :func:`glossary.search.search_term_ids` when available, else a
    plain FTS5 prefix query."""
    try:
        from glossary.search import search_term_ids
    except ImportError:
        return _fts_ids(g, text, limit=limit)
    filters: dict = {}
    if kind:
        filters["kind"] = kind
    if include_not_terms:
        filters["include_not_terms"] = True
    return search_term_ids(g, text, limit=limit, filters=filters)


def _fts_ids(g: Glossary, text: str, *, limit: int) -> list[int]:
    words = ["".join(ch for ch in w if ch.isalnum()) for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return []
    expr = " AND ".join(f'"{w}"' for w in words[:-1]) + (" AND " if len(words) > 1 else "") + f'"{words[-1]}"*'
    ids: list[int] = []
    try:
        for sql in ("SELECT rowid FROM terms_fts WHERE terms_fts MATCH ? ORDER BY rank LIMIT ?",
                    "SELECT DISTINCT x.term_id FROM translations_fts f JOIN translations x ON x.id=f.rowid"
                    " WHERE translations_fts MATCH ? LIMIT ?"):
            for (term_id,) in g.conn.execute(sql, (expr, limit)):
                if term_id not in ids:
                    ids.append(term_id)
    except sqlite3.OperationalError:
        pass
    return ids[:limit]


def _conditions(q: Query) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if q.status == "not-a-term":
        where.append("t.status='not_a_term'")
    else:
        where.append("t.status='active'")
        if q.status != "all":
            where.append(f"({_STATUS_SQL})=?")
            params.append(q.status)
    if q.kind:
        where.append("t.kind=?")
        params.append(q.kind)
    if q.document is not None:
        where.append("EXISTS (SELECT 1 FROM occurrences o WHERE o.term_id=t.id AND o.document_id=?)")
        params.append(q.document)
    return where, params


def fetch_page(g: Glossary, q: Query, *, limit: int = PAGE, offset: int = 0) -> list[dict]:
    """One page of table rows: id, term, kind, score, frequency, doc_count, english, status."""
    where, params = _conditions(q)
    if q.text.strip():
        plain = q.status == "all" and q.document is None and q.order == "score"
        # without further filters only the requested page needs its rows computed
        ids = search_ids(g, q.text, kind=q.kind, limit=offset + limit if plain else SEARCH_LIMIT)
        if plain:
            ids, offset = ids[offset:], 0
        if q.status == "not-a-term":
            ids = search_ids(g, q.text, kind=q.kind, include_not_terms=True, limit=SEARCH_LIMIT)
        if not ids:
            return []
        rank = {term_id: i for i, term_id in enumerate(ids)}
        marks = ",".join("?" * len(ids))
        sql = f"{_ROW_SQL} WHERE t.id IN ({marks}) AND {' AND '.join(where)}"
        if q.order != "score":
            sql += f" ORDER BY {_ORDER_SQL[q.order]}"
        rows = [dict(r) for r in g.conn.execute(sql, (*ids, *params))]
        if q.order == "score":
            rows.sort(key=lambda r: rank[r["id"]])
        return rows[offset:offset + limit]
    sql = f"{_ROW_SQL} WHERE {' AND '.join(where)} ORDER BY {_ORDER_SQL[q.order]} LIMIT ? OFFSET ?"
    return [dict(r) for r in g.conn.execute(sql, (*params, limit, offset))]


def fetch_row(g: Glossary, term_id: int) -> dict | None:
    row = g.conn.execute(f"{_ROW_SQL} WHERE t.id=?", (term_id,)).fetchone()
    return dict(row) if row else None


def count_terms(g: Glossary, q: Query) -> int | None:
    """The number of rows for cheap cases (no search, no status computation); else None."""
    if q.text.strip() or q.status not in ("all", "not-a-term"):
        return None
    where, params = _conditions(q)
    return g.conn.execute(f"SELECT count(*) FROM terms t WHERE {' AND '.join(where)}", params).fetchone()[0]


def documents(g: Glossary) -> list[dict]:
    return g.documents()


@dataclass
class Detail:
    term: dict
    translations: list[dict]
    contexts: list[dict]
    documents: list[str]
    variants: list[str] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)


def term_detail(g: Glossary, term_id: int, *, contexts: int = 8) -> Detail | None:
    term = g.term(term_id)
    if term is None:
        return None
    variants = [v for v in (term.get("variants") or "").split(" | ") if v and v != term["term"]]
    for (text,) in g.conn.execute("SELECT text FROM variants WHERE term_id=? ORDER BY text", (term_id,)):
        if text != term["term"] and text not in variants:
            variants.append(text)
    parts = [p for p in (term.get("parts") or "").split("+") if p]
    return Detail(
        term=term,
        translations=g.translations(term_id),
        contexts=g.term_contexts(term_id, limit=contexts),
        documents=g.term_documents(term_id),
        variants=variants,
        related=related_terms(g, term, parts),
        parts=parts,
    )


def related_terms(g: Glossary, term: dict, parts: list[str], limit: int = 12) -> list[dict]:
    """Compounds and multi-word terms that contain this term, and its parts that are terms."""
    out: list[dict] = []
    seen = {term["id"]}

    def add(rows) -> None:
        for r in rows:
            if r["id"] not in seen and len(out) < limit:
                seen.add(r["id"])
                out.append({"id": r["id"], "term": r["term"]})

    key = term["key"]
    c = g.conn
    # its parts that are terms (kredietsysteem -> krediet, systeem)
    if parts:
        marks = ",".join("?" * len(parts))
        add(c.execute(f"SELECT id, term FROM terms WHERE key IN ({marks}) AND status='active'", parts))
    # compounds whose parts include it (krediet -> kredietsysteem)
    add(c.execute(
        "SELECT id, term FROM terms NOT INDEXED WHERE status='active' AND id!=? AND parts!=''"
        " AND instr('+' || parts || '+', ?) > 0 ORDER BY score DESC NULLS LAST LIMIT ?",
        (term["id"], f"+{key}+", limit),
    ))
    # multi-word terms and compounds starting with one of its words (FTS prefix)
    words = ["".join(ch for ch in w if ch.isalnum()) for w in key.split()]
    words = [w for w in words if w]
    if words:
        expr = " AND ".join(f'"{w}"' for w in words[:-1]) + (" AND " if len(words) > 1 else "") + f'"{words[-1]}"*'
        try:
            add(c.execute(
                "SELECT t.id, t.term FROM terms t WHERE t.id IN"
                " (SELECT rowid FROM terms_fts WHERE terms_fts MATCH ? ORDER BY rank LIMIT 200)"
                " AND t.status='active' ORDER BY t.score DESC NULLS LAST LIMIT ?",
                (expr, limit + 1),
            ))
        except sqlite3.OperationalError:
            pass
    return out


# -- writes that combine several library calls ---------------------------------------------


def merge_terms(g: Glossary, keep_id: int, other_id: int) -> None:
    """Merge ``other`` into ``keep`` as a variant (:meth:`glossary.store.Glossary.merge_terms`:
    one history entry, one undo)."""
    g.merge_terms(keep_id, other_id)


def export_glossary(g: Glossary, fmt: str, path: str, q: Query) -> int:
    """Export the glossary (the table's status/kind/document filters) to ``path``."""
    from glossary.formats import export

    status = q.status if q.status in ("approved", "candidate", "rejected", "untranslated") else "all"
    with open(path, "wb") as out:
        return export(g, out, fmt, status=status, document=q.document_name, kind=q.kind)
