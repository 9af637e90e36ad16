"""Term listings with their chosen English (used by `glossary terms`, the TUI and exports)."""

from __future__ import annotations

from glossary.store import Glossary

#: The chosen English of a term: the approved translation, else the best candidate.
CHOSEN_SQL = """
SELECT x.text FROM translations x WHERE x.term_id = t.id AND x.status != 'rejected'
ORDER BY CASE x.status WHEN 'approved' THEN 0 ELSE 1 END,
         CASE x.source WHEN 'human' THEN 0 WHEN 'import' THEN 1 ELSE 2 END,
         x.score DESC NULLS LAST, x.id LIMIT 1
"""

STATUS_SQL = """
CASE WHEN t.status = 'not_a_term' THEN 'not-a-term'
     WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status='approved') THEN 'approved'
     WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status='candidate') THEN 'candidate'
     WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id) THEN 'rejected'
     ELSE 'untranslated' END
"""


def list_terms(g: Glossary, *, status: str = "all", kind: str | None = None,
               limit: int | None = None, offset: int = 0, order: str = "score") -> list[dict]:
    """Terms with ``english`` (chosen translation) and ``status`` (untranslated, candidate,
    approved, rejected, not-a-term). ``status='all'`` leaves out not-a-term entries."""
    order_sql = {
        "score": "t.score DESC NULLS LAST, t.id",
        "term": "t.term COLLATE NOCASE, t.id",
        "frequency": "t.frequency DESC, t.id",
    }[order]
    sql = (f"SELECT * FROM (SELECT t.id, t.term, t.lemma, t.kind, t.score, t.frequency, t.doc_count, "
           f"({CHOSEN_SQL}) AS english, ({STATUS_SQL}) AS status FROM terms t WHERE 1=1")
    params: list = []
    if kind:
        sql += " AND t.kind=?"
        params.append(kind)
    sql += f" ORDER BY {order_sql})"
    if status == "all":
        sql += " WHERE status != 'not-a-term'"
    else:
        sql += " WHERE status = ?"
        params.append(status)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [dict(r) for r in g.conn.execute(sql, params)]
