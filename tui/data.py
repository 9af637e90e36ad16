"""The TUI's reads: table pages, term details, search adapter. No Textual here.

Reads go through the public ``glossary`` API (``glossary.listing``, ``glossary.search``, the
:class:`glossary.store.Glossary` read methods and its ``conn`` for read-only SQL); every write
goes through a ``Glossary`` method so it lands in the history table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from glossary.store import Glossary
from glossary.vocabulary import CHOSEN_SQL, KINDS, LISTING_FILTERS, LIVE_SQL, LIVE_STATUSES, STATUS_SQL, TERM_ORDERS

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


@dataclass
class Hits:
    """What a search found: term ids best first, and how the library's lookup matched.

    ``match`` is the lookup level that named a term (exact, variant, compound, lemma: the same
    as ``glossary lookup``) and ``matched`` that term; when nothing matched at all, ``fuzzy`` holds
    the similar terms (the "did you mean" list) as ``(term, score)``."""

    ids: list[int] = field(default_factory=list)
    match: str | None = None
    matched: str | None = None
    fuzzy: list[tuple[str, float]] = field(default_factory=list)
    #: similar spellings were looked for (``fuzzy`` may still be empty)
    fuzzy_known: bool = False


#: fuzzy suggestions start at this many letters (shorter queries match too much to be useful)
FUZZY_MIN_CHARS = 4
FUZZY_LIMIT = 8
_HITS_CACHE: dict[tuple, Hits] = {}


def find(g: Glossary, text: str, *, kind: str | None = None, include_not_terms: bool = False,
         limit: int = SEARCH_LIMIT, fuzzy: bool = True) -> Hits:
    """Search-as-you-type through the library's lookup levels.

    1. ``Glossary.lookup`` (exact, variant, compound, lemma: *kredieten* -> *krediet*) names the
       term first; for an inexact match the terms of its family follow (search on its key);
    2. then the search-as-you-type results for the text itself (prefixes, FTS, English);
    3. only when both found nothing: fuzzy matches (``glossary.lookup.fuzzy_matches``), which
       the UI shows as "did you mean".

    Cached per (text, filters, database state): paging and re-renders do not search again."""
    stamp = (g.conn.total_changes, g.conn.execute("PRAGMA data_version").fetchone()[0])
    cache_key = (id(g), text, kind, include_not_terms, limit, fuzzy, stamp)
    cached = _HITS_CACHE.get(cache_key)
    if cached is not None:
        return cached
    hits = Hits()
    seen: set[int] = set()

    def take(ids) -> None:
        for term_id in ids:
            if term_id not in seen and len(hits.ids) < limit:
                seen.add(term_id)
                hits.ids.append(term_id)

    if text.strip() and not include_not_terms:
        try:
            found = g.lookup(text, contexts=0)
        except Exception:  # noqa: BLE001 - a lookup failure must never break typing
            found = []
        if found and (kind is None or found[0]["kind"] == kind):
            hits.match, hits.matched = found[0]["match"], found[0]["term"]
            take([found[0]["id"]])
    searched = search_ids(g, text, kind=kind, include_not_terms=include_not_terms, limit=limit)
    if hits.match and hits.match != "exact":
        term = g.term(hits.ids[0])
        if term is not None:
            take(search_ids(g, term["key"], kind=kind, limit=limit))
    take(searched)
    if not hits.ids and len(text.strip()) >= FUZZY_MIN_CHARS and not include_not_terms:
        known = _FUZZY_CACHE.get((str(g.path), text, kind))
        if known is None and fuzzy:
            known = fuzzy_suggestions(g, text, kind=kind)
        if known is not None:
            hits.fuzzy_known = True
            hits.fuzzy, ids = known
            take(ids)
            if hits.fuzzy:
                hits.match = "fuzzy"
    if len(_HITS_CACHE) > 32:
        _HITS_CACHE.clear()
    _HITS_CACHE[cache_key] = hits
    return hits


_FUZZY_CACHE: dict[tuple, tuple[list[tuple[str, float]], list[int]]] = {}


def remember_fuzzy(g: Glossary, text: str, kind: str | None, names: list[tuple[str, float]],
                   ids: list[int]) -> None:
    """Keep suggestions computed elsewhere (the UI's worker thread) for ``find(..., fuzzy=False)``."""
    if len(_FUZZY_CACHE) > 256:
        _FUZZY_CACHE.clear()
    _FUZZY_CACHE[(str(g.path), text, kind)] = (names, ids)
    _HITS_CACHE.clear()


def fuzzy_suggestions(g: Glossary, text: str, *, kind: str | None = None,
                      limit: int = FUZZY_LIMIT) -> tuple[list[tuple[str, float]], list[int]]:
    """Terms spelled like ``text`` ("did you mean"): ``([(term, score)], [ids])``, best first."""
    try:
        from glossary.lookup import fuzzy_matches

        found = fuzzy_matches(g, text, limit=limit * 2 if kind else limit)
    except Exception:  # noqa: BLE001 - rapidfuzz missing or an odd query: no suggestions
        return [], []
    if not found:
        return [], []
    marks = ",".join("?" * len(found))
    rows = {r["id"]: r for r in g.conn.execute(
        f"SELECT id, term, kind FROM terms WHERE id IN ({marks})", [f[0] for f in found])}
    names, ids = [], []
    for term_id, score, _key in found:
        row = rows.get(term_id)
        if row is None or (kind and row["kind"] != kind) or term_id in ids:
            continue
        names.append((row["term"], score))
        ids.append(term_id)
        if len(ids) >= limit:
            break
    return names, ids


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
                    f" WHERE translations_fts MATCH ? AND x.status {LIVE_SQL} LIMIT ?"):
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
        ids = find(g, q.text, kind=q.kind, include_not_terms=q.status == "not-a-term", fuzzy=False,
                   limit=offset + limit if plain else SEARCH_LIMIT).ids
        if plain:
            ids, offset = ids[offset:offset + limit], 0
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
    # compounds whose parts include it (krediet -> kredietsysteem, bankkrediet)
    having = _compounds_with(g, key)
    if having:
        marks = ",".join("?" * len(having))
        add(c.execute(
            f"SELECT id, term FROM terms WHERE id IN ({marks}) AND status='active' AND id!=?"
            " ORDER BY score DESC NULLS LAST LIMIT ?",
            (*having, term["id"], limit),
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


_PARTS: dict = {}


def _compounds_with(g: Glossary, key: str, most: int = 500) -> list[int]:
    """Ids of the compounds having ``key`` as a part. One scan of the terms' parts builds a map
    part -> ids, kept until another connection changes the database (the TUI itself never
    changes parts), so a detail pane costs a dict lookup instead of a scan of every term."""
    stamp = (id(g), g.conn.execute("PRAGMA data_version").fetchone()[0])
    if _PARTS.get("stamp") != stamp:
        index: dict[str, list[int]] = {}
        for term_id, parts in g.conn.execute("SELECT id, parts FROM terms WHERE parts != ''"):
            for part in set(parts.split("+")):
                if part:
                    index.setdefault(part, []).append(term_id)
        _PARTS.clear()
        _PARTS.update(stamp=stamp, index=index)
    return _PARTS["index"].get(key, [])[:most]


# -- writes that combine several library calls ---------------------------------------------


def merge_terms(g: Glossary, keep_id: int, other_id: int) -> None:
    """Merge ``other`` into ``keep`` as a variant (:meth:`glossary.store.Glossary.merge_terms`:
    one history entry, one undo)."""
    g.merge_terms(keep_id, other_id)


def export_glossary(g: Glossary, fmt: str, path: str, q: Query) -> int:
    """Export the glossary (the table's status/kind/document filters) to ``path``."""
    import io
    from pathlib import Path

    from glossary.config import refuse_live_target
    from glossary.files import write_atomically
    from glossary.formats import export

    refuse_live_target(path, g.path, "export")  # never truncate the glossary itself
    status = q.status if q.status in ("approved", "candidate", "rejected", "untranslated") else "all"
    buf = io.BytesIO()
    count = export(g, buf, fmt, status=status, document=q.document_name, kind=q.kind)
    write_atomically(Path(path), buf.getvalue())  # a failed export leaves nothing half-written
    return count


# -- review queue ----------------------------------------------------------------------------

#: why a term needs a decision (the review queue): no usable translation yet, only machine or
#: unapproved candidates, or an approved translation next to a different human/imported one
_REASON_SQL = f"""
CASE WHEN NOT EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status {LIVE_SQL})
          THEN 'untranslated'
     WHEN NOT EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='approved')
          THEN 'candidates'
     WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='candidate'
                  AND x.source IN ('human', 'import')) THEN 'conflict'
END
"""
REASONS = ("untranslated", "candidates", "conflict")
REASON_LABEL = {"untranslated": "no translation yet", "candidates": "candidates only",
                "conflict": "approved, but a different human/imported translation waits"}


def review_queue(g: Glossary, q: Query) -> list[tuple[int, str]]:
    """The terms needing a decision under the table's filters (kind, document, search text, and
    the status filter: *candidate* reviews the terms with candidates only, *untranslated* those
    without, *approved* the conflicts), in the table's order: ``[(term id, reason)]``, reason one
    of REASONS."""
    where, params = _conditions(Query(kind=q.kind, document=q.document,
                                      status=q.status if q.status != "not-a-term" else "all"))
    sql = f"SELECT t.id, ({_REASON_SQL}) AS reason FROM terms t WHERE {' AND '.join(where)}"
    if q.text.strip():
        ids = find(g, q.text, kind=q.kind, fuzzy=False).ids
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = g.conn.execute(f"{sql} AND t.id IN ({marks})", (*params, *ids)).fetchall()
        rank = {term_id: i for i, term_id in enumerate(ids)}
        found = sorted(((r[0], r[1]) for r in rows if r[1]), key=lambda r: rank[r[0]])
        return found if q.order == "score" else _reorder(g, found, q.order)
    rows = g.conn.execute(f"{sql} ORDER BY {_ORDER_SQL[q.order]}", params)
    return [(r[0], r[1]) for r in rows if r[1]]


def _reorder(g: Glossary, items: list[tuple[int, str]], order: str) -> list[tuple[int, str]]:
    if not items:
        return items
    marks = ",".join("?" * len(items))
    ids = [r[0] for r in g.conn.execute(
        f"SELECT t.id FROM terms t WHERE t.id IN ({marks}) ORDER BY {_ORDER_SQL[order]}", [i for i, _ in items])]
    reason = dict(items)
    return [(i, reason[i]) for i in ids]


def needs_decision(g: Glossary, term_id: int) -> str | None:
    """The term's reason to be in the review queue now (None: decided or not-a-term)."""
    row = g.conn.execute(
        f"SELECT t.status, ({_REASON_SQL}) FROM terms t WHERE t.id=?", (term_id,)).fetchone()
    if row is None or row[0] != "active":
        return None
    return row[1]


# -- undo ------------------------------------------------------------------------------------

ACTION_WORDS = {
    "approve": "approve", "reject": "reject", "unreject": "un-reject", "add": "add", "edit": "edit",
    "note": "note", "not_a_term": "not-a-term", "restore": "restore", "merge": "merge",
}


def describe_change(g: Glossary, row: dict) -> str:
    """One line naming an (undone) history row: its ``description`` when the store gives one,
    else built from the action, the translation's text and the term."""
    described = row.get("description")
    if described:
        return str(described)
    action = ACTION_WORDS.get(row.get("action") or "", row.get("action") or "change")
    term = g.term(row["term_id"]) if row.get("term_id") else None
    text = _translation_text(row)
    if text is None and row.get("translation_id") and row.get("term_id"):
        text = next((tr["text"] for tr in g.translations(row["term_id"]) if tr["id"] == row["translation_id"]),
                    None)
    what = action + (f" “{text}”" if text else "")
    return f"{what} for “{term['term']}”" if term else what


def _translation_text(row: dict) -> str | None:
    """The translation's text from the history row's before/after images, when it has them."""
    import json

    for side in ("after", "before"):
        try:
            images = json.loads(row.get(side) or "[]")
        except (TypeError, ValueError):
            continue
        for image in images:
            if (isinstance(image, list) and len(image) == 3 and image[0] == "translations"
                    and image[1] == row.get("translation_id") and isinstance(image[2], dict)):
                return image[2].get("text")
    return None


def term_count(g: Glossary) -> int:
    """How many terms the glossary has (any status): 0 means it was never built."""
    return g.conn.execute("SELECT count(*) FROM terms").fetchone()[0]


def is_live(tr: dict) -> bool:
    """Whether a translation can be chosen (approved, or a candidate suggested; not a weak or a
    rejected one): what a key that acts on "the term's translation" acts on."""
    return tr["status"] in LIVE_STATUSES
