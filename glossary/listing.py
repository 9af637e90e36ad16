"""Term listings with their chosen English (used by `glossary terms`, the TUI and exports).

The chosen English, the listing statuses and the sort orders are defined once, in
:mod:`glossary.vocabulary`; this module only assembles the query."""

from __future__ import annotations

from glossary.store import Glossary
from glossary.vocabulary import CHOSEN_SQL, LISTING_FILTERS, STATUS_SQL, TERM_ORDERS

__all__ = ["CHOSEN_SQL", "STATUS_SQL", "list_terms"]


def list_terms(g: Glossary, *, status: str = "all", kind: str | None = None,
               limit: int | None = None, offset: int = 0, order: str = "score") -> list[dict]:
    """Terms with ``english`` (chosen translation) and ``status`` (untranslated, candidate,
    approved, rejected, not-a-term). ``status='all'`` leaves out not-a-term entries."""
    from glossary.errors import GlossaryError

    if order not in TERM_ORDERS:
        raise GlossaryError(f"unknown order {order!r}: use one of {', '.join(TERM_ORDERS)}")
    if status not in LISTING_FILTERS:
        raise GlossaryError(f"unknown status {status!r}: use one of {', '.join(LISTING_FILTERS)}")
    sql = (f"SELECT * FROM (SELECT t.id, t.term, t.lemma, t.kind, t.score, t.frequency, t.doc_count, "
           f"({CHOSEN_SQL}) AS english, ({STATUS_SQL}) AS status FROM terms t WHERE 1=1")
    params: list = []
    if kind:
        sql += " AND t.kind=?"
        params.append(kind)
    sql += f" ORDER BY {TERM_ORDERS[order]})"
    if status == "all":
        sql += " WHERE status != 'not-a-term'"
    else:
        sql += " WHERE status = ?"
        params.append(status)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [dict(r) for r in g.conn.execute(sql, params)]
