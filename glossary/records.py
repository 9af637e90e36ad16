"""The record of a term (the ``lookup --json`` schema and the JSON export's), assembled from
one query. Reads only; imports only sqlite3.

::

    {"query", "match", "score",            (lookup only)
     "id", "term", "lemma", "kind", "frequency", "doc_count", "documents", "variants", "note",
     "approved": the approved English or null,
     "translations": [{"text", "source", "status", "score", "origin"}]   (display order),
     "weak": [the same, for the machine's weak candidates: below the suggestion floor, shown to
              a translator, never the chosen English],
     "contexts": [{"text", "document", "start", "end", "translation"}]}
"""

from __future__ import annotations

from glossary.store import Glossary
from glossary.vocabulary import APPROVED, WEAK, translation_order_sql, translation_rank

# One query gives a whole record: the term row joined with its translations (one row per
# translation; one row with NULLs when there is none), and its documents as a NUL-separated list
# (document names are file names). No JSON on this path: `import json` alone costs more than a
# lookup. sqlite3 keeps these statements prepared (its per-connection statement cache). Columns
# are read by name (sqlite3.Row).
RECORD_SQL = """
SELECT t.id, t.term, t.lemma, t.kind, t.frequency, t.doc_count, t.variants, t.note,
 CASE WHEN t.frequency > 0 THEN (SELECT group_concat(name, char(0)) FROM
   (SELECT DISTINCT d.name FROM occurrences o JOIN documents d ON d.id=o.document_id
    WHERE o.term_id=t.id ORDER BY d.name)) END AS documents,
 x.text AS x_text, x.source AS x_source, x.status AS x_status, x.score AS x_score,
 x.origin AS x_origin, x.id AS x_id
FROM terms t LEFT JOIN translations x ON x.term_id=t.id"""
RECORD_BY_ID = RECORD_SQL + " WHERE t.id=?"
#: the exact level and the record in one indexed query (terms.key is unique)
RECORD_BY_KEY = RECORD_SQL + " WHERE t.key=? AND t.status='active'"
#: the order of Glossary.translations (glossary.vocabulary), for SQL; records apply it in Python
#: (most terms have one translation, and an ORDER BY costs a sorter per query)
RECORD_ORDER = " ORDER BY " + translation_order_sql("x")


def _translation_order(row) -> tuple:
    return translation_rank(row["x_status"], row["x_source"], row["x_score"], row["x_id"])


def record(g: Glossary, rows: list, contexts: int, head: tuple | None = None) -> dict:
    """The record from the rows of :data:`RECORD_SQL`; ``head`` = (query, match, score) first."""
    first = rows[0]
    approved = None
    translations: list[dict] = []
    weak: list[dict] = []
    if first["x_text"] is not None:
        if len(rows) > 1:
            rows = sorted(rows, key=_translation_order)
        for row in rows:  # the weak candidates apart, so `translations` means what it always did
            (weak if row["x_status"] == WEAK else translations).append(
                {"text": row["x_text"], "source": row["x_source"], "status": row["x_status"],
                 "score": row["x_score"], "origin": row["x_origin"]})
        approved = next((row["x_text"] for row in rows if row["x_status"] == APPROVED), None)
    frequency = first["frequency"]
    if contexts and frequency:
        context_rows = [
            {"text": r["text"], "document": r["document"], "start": r["start"], "end": r["end"],
             "translation": r["translation"]}
            for r in g.term_contexts(first["id"], limit=contexts)
        ]
    else:
        context_rows = []
    documents, variants = first["documents"], first["variants"]
    out = {} if head is None else {"query": head[0], "match": head[1], "score": head[2]}
    out.update(
        id=first["id"],
        term=first["term"],
        lemma=first["lemma"],
        kind=first["kind"],
        frequency=frequency,
        doc_count=first["doc_count"],
        documents=documents.split("\0") if documents is not None else [],
        variants=[v for v in variants.split(" | ") if v] if variants else [],
        note=first["note"],
        approved=approved,
        translations=translations,
        weak=weak,
        contexts=context_rows,
    )
    return out


def term_record(g: Glossary, term_id: int, *, contexts: int = 3) -> dict:
    """The record of a term (without ``query``/``match``/``score``); KeyError when there is none."""
    rows = g.conn.execute(RECORD_BY_ID, (term_id,)).fetchall()
    if not rows:
        raise KeyError(term_id)
    return record(g, rows, contexts)
