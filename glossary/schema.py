"""The glossary's SQLite schema and its migrations.

``PRAGMA user_version`` holds the number of migrations applied. Each migration moves the
database one version up and runs inside the caller's transaction, so a database is always
at exactly one version. Add a new migration by appending a function to ``MIGRATIONS``;
never edit one that has shipped.
"""

from __future__ import annotations

from datetime import UTC

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def _v1_initial(db) -> None:
    """Version 1: documents, terms, contexts, translations, history, FTS indexes."""
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["documents"].create(
        {
            "id": int,
            "sha256": str,  # hash of the extracted text: a document is stored once
            "name": str,
            "path": str,
            "format": str,
            "title": str,
            "text": str,
            "words": int,
            "added_at": str,
        },
        pk="id",
        not_null=["sha256", "name", "text"],
    )
    db["documents"].create_index(["sha256"], unique=True)
    db["terms"].create(
        {
            "id": int,
            "key": str,  # normalised identity (casefolded lemma form)
            "term": str,  # canonical Dutch form
            "lemma": str,
            "kind": str,  # term | name | loanword
            "score": float,
            "frequency": int,
            "doc_count": int,
            "variants": str,  # other surface forms, " | "-joined (for display and FTS)
            "parts": str,  # compound parts, "+"-joined, or ""
            "status": str,  # active | not_a_term
            "origin": str,  # extracted | import | human
            "note": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null=["key", "term", "kind", "status"],
        defaults={
            "kind": "term",
            "status": "active",
            "origin": "extracted",
            "frequency": 0,
            "doc_count": 0,
            "variants": "",
            "parts": "",
        },
    )
    db["terms"].create_index(["key"], unique=True)
    db["terms"].create_index(["score"])
    db["variants"].create(
        {"id": int, "term_id": int, "text": str, "key": str},
        pk="id",
        foreign_keys=[("term_id", "terms", "id")],
        not_null=["term_id", "text", "key"],
    )
    db["variants"].create_index(["term_id", "text"], unique=True)
    db["variants"].create_index(["key"])
    db["contexts"].create(
        {
            "id": int,
            "document_id": int,
            "position": int,  # sentence number in the document
            "start": int,  # character offsets of the sentence in the document text
            "end": int,
            "text": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null=["document_id", "text"],
    )
    db["contexts"].create_index(["document_id", "position"], unique=True)
    db["occurrences"].create(
        {
            "id": int,
            "term_id": int,
            "context_id": int,
            "document_id": int,
            "start": int,  # character offsets of the term inside the context sentence
            "end": int,
            "surface": str,
        },
        pk="id",
        foreign_keys=[
            ("term_id", "terms", "id"),
            ("context_id", "contexts", "id"),
            ("document_id", "documents", "id"),
        ],
        not_null=["term_id", "context_id", "document_id"],
    )
    db["occurrences"].create_index(["term_id"])
    db["occurrences"].create_index(["context_id", "start", "end", "term_id"], unique=True)
    db["translations"].create(
        {
            "id": int,
            "term_id": int,
            "text": str,
            "source": str,  # mt | dictionary | tm | human | import
            "origin": str,  # model or resource name
            "origin_version": str,
            "score": float,
            "status": str,  # candidate | approved | rejected
            "note": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("term_id", "terms", "id")],
        not_null=["term_id", "text", "source", "status"],
        defaults={"status": "candidate"},
    )
    db["translations"].create_index(["term_id", "source", "text"], unique=True)
    db["translations"].create_index(["status"])
    db["sentence_translations"].create(
        {
            "id": int,
            "key": str,  # sha1 of the Dutch sentence
            "source_text": str,
            "text": str,
            "origin": str,
            "origin_version": str,
            "created_at": str,
        },
        pk="id",
        not_null=["key", "source_text", "text"],
    )
    db["sentence_translations"].create_index(["key", "origin"], unique=True)
    db["resources"].create(
        {
            "id": int,
            "kind": str,  # dictd | tbx | tsv | tm
            "name": str,
            "path": str,
            "version": str,
            "added_at": str,
        },
        pk="id",
        not_null=["kind", "path"],
    )
    db["resources"].create_index(["kind", "path"], unique=True)
    db["history"].create(
        {
            "id": int,
            "at": str,
            "term_id": int,
            "translation_id": int,
            "action": str,  # approve | reject | edit | add | note | not_a_term | merge | undo | import ...
            "before": str,  # JSON of the changed row(s) before
            "after": str,  # JSON after
            "actor": str,  # "user", "import:<file>", ...
            "undone": int,
        },
        pk="id",
        not_null=["at", "action"],
        defaults={"undone": 0, "actor": "user"},
    )
    db["history"].create_index(["term_id"])
    db["terms"].enable_fts(["term", "lemma", "variants"], create_triggers=True, tokenize=FTS_TOKENIZE)
    db["translations"].enable_fts(["text"], create_triggers=True, tokenize=FTS_TOKENIZE)
    db["contexts"].enable_fts(["text"], create_triggers=True, tokenize=FTS_TOKENIZE)


def _has_index(conn, table: str, columns: list[str]) -> bool:
    """Whether ``table`` has an index whose leading columns are ``columns`` (in that order)."""
    for row in conn.execute(f"PRAGMA index_list({table})").fetchall():
        cols = [r[2] for r in conn.execute(f"PRAGMA index_info({row[1]!r})").fetchall()]
        if cols[: len(columns)] == columns:
            return True
    return False


def _v2_lookup_indexes(db) -> None:
    """Version 2: the index translations(term_id, status), unless an equivalent one exists.

    ``EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status=...)`` (stats,
    ``glossary terms``, search filters, the TUI) becomes a search of a covering index; without
    it SQLite (which has no statistics) walks the index on translations.status, i.e. every
    approved row for every term: minutes for ``glossary stats`` on 100,000 terms. Deliberately
    no index on terms.status: with a few distinct values and no statistics SQLite would prefer
    it to the key and score indexes (a key-prefix search would read every term)."""
    conn = db.conn if hasattr(db, "conn") else db
    if not _has_index(conn, "translations", ["term_id", "status"]):
        conn.execute("CREATE INDEX idx_translations_term_id_status ON translations(term_id, status)")


def _v3_one_approved(db) -> None:
    """Version 3: at most one approved translation per term, enforced by a partial unique
    index; history rows get an ``origin`` (the file of an import, the entry an undo reverts).

    Existing violations (two approved translations of one term, which two actors' undos could
    leave behind) are repaired first, deterministically: the approved translation kept is the
    one :mod:`glossary.vocabulary` would choose (human, then import, then machine sources; then
    score; then the older id); the others become candidates. Each repair is written to the
    history (action ``repair``, actor ``migration``) so nobody's decision vanishes silently."""
    import json

    conn = db.conn if hasattr(db, "conn") else db
    columns = [r[1] for r in conn.execute("PRAGMA table_info(history)").fetchall()]
    if "origin" not in columns:
        conn.execute("ALTER TABLE history ADD COLUMN origin TEXT")
    from datetime import datetime

    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    doubled = [r[0] for r in conn.execute(
        "SELECT term_id FROM translations WHERE status='approved' GROUP BY term_id HAVING count(*) > 1"
        " ORDER BY term_id")]
    for term_id in doubled:
        rows = conn.execute(
            "SELECT * FROM translations WHERE term_id=? AND status='approved' ORDER BY"
            " CASE source WHEN 'human' THEN 0 WHEN 'import' THEN 1 ELSE 2 END, score DESC NULLS LAST, id",
            (term_id,),
        ).fetchall()
        names = [d[0] for d in conn.execute("SELECT * FROM translations LIMIT 0").description]
        before = [dict(zip(names, tuple(r))) for r in rows[1:]]
        for row in before:
            conn.execute("UPDATE translations SET status='candidate', updated_at=? WHERE id=?", (stamp, row["id"]))
        after = [{**row, "status": "candidate", "updated_at": stamp} for row in before]
        conn.execute(
            "INSERT INTO history(at, term_id, translation_id, action, before, after, actor, origin, undone)"
            " VALUES(?,?,?,'repair',?,?,'migration','schema version 3',1)",
            (stamp, term_id, tuple(rows[0])[0],
             json.dumps([["translations", r["id"], r] for r in before], ensure_ascii=False),
             json.dumps([["translations", r["id"], r] for r in after], ensure_ascii=False)),
        )
    conn.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS idx_translations_one_approved ON translations(term_id)"
        " WHERE status='approved'"
    )


#: Migration i (0-based) takes the database from version i to version i + 1.
MIGRATIONS: list = [  # functions(db), db a sqlite_utils.Database
    _v1_initial,
    _v2_lookup_indexes,
    _v3_one_approved,
]

SCHEMA_VERSION = len(MIGRATIONS)
