"""The glossary store: schema, migrations, transactions, data-safety rules, history."""

from __future__ import annotations

import re
import sqlite3

import pytest

from glossary.errors import GlossaryError, SchemaError
from glossary.schema import SCHEMA_VERSION
from glossary.store import Glossary


def test_new_database_has_schema_wal_and_fts(db_path):
    with Glossary(db_path) as g:
        assert g.schema_version == SCHEMA_VERSION >= 1
        assert g.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in g.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for name in ("documents", "terms", "variants", "contexts", "occurrences", "translations",
                 "history", "terms_fts", "translations_fts", "contexts_fts"):
        assert name in tables


def test_migrates_from_empty_database_file(db_path):
    sqlite3.connect(db_path).close()  # an empty SQLite file, user_version 0
    with Glossary(db_path) as g:
        assert g.schema_version == SCHEMA_VERSION


def test_migration_runs_each_step_once_and_reopens(db_path, monkeypatch):
    import glossary.schema as schema

    calls = []
    original = list(schema.MIGRATIONS)

    def v2(db):  # a later schema version: must be applied on top of version 1
        calls.append("v2")
        db["terms"].add_column("domain", str)

    monkeypatch.setattr(schema, "MIGRATIONS", original)
    with Glossary(db_path) as g:  # version 1
        g.add_term("guanxi", kind="loanword")
    monkeypatch.setattr(schema, "MIGRATIONS", original + [v2])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(original) + 1)
    with Glossary(db_path) as g:
        assert g.schema_version == len(original) + 1
        assert g.term_by_key("guanxi")["domain"] is None  # old data kept, new column there
    with Glossary(db_path) as g:
        pass
    assert calls == ["v2"]


def test_refuses_newer_schema_and_foreign_files(db_path, tmp_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaError, match="upgrade glossary"):
        Glossary(db_path)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices(id)")
    conn.close()
    with pytest.raises(SchemaError, match="not a glossary"):
        Glossary(other)
    text = tmp_path / "notes.db"
    text.write_text("just some text, not sqlite" * 100)
    with pytest.raises(SchemaError, match="not a glossary database"):
        Glossary(text)


def test_missing_database_not_created_for_reads(tmp_path):
    with pytest.raises(GlossaryError, match="no glossary at"):
        Glossary(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_machine_never_overwrites_human_or_approved(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("sociaal krediet")
        mt = g.add_translation(t, "social credit", source="mt", origin="m", score=0.4)
        g.approve(mt)
        # a machine re-run with a new score must not change the approved row
        assert g.add_translation(t, "social credit", source="mt", origin="m2", score=0.9) == mt
        row = g.translations(t)[0]
        assert (row["status"], row["score"], row["origin"]) == ("approved", 0.4, "m")
        # a machine cannot add an approved translation
        other = g.add_translation(t, "social credit score", source="dictionary", status="approved")
        statuses = {x["id"]: x["status"] for x in g.translations(t)}
        assert statuses == {mt: "approved", other: "candidate"}
        # a rejected machine candidate stays rejected when the machine proposes it again
        g.reject(other)
        g.add_translation(t, "social credit score", source="dictionary", score=1.0)
        assert {x["id"]: x["status"] for x in g.translations(t)}[other] == "rejected"


def test_approve_demotes_previous_and_undo_restores(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("kredietwaardigheid")
        a = g.add_translation(t, "creditworthiness", source="mt")
        b = g.add_translation(t, "credit rating", source="dictionary")
        g.approve(a)
        g.approve(b)
        assert {x["id"]: x["status"] for x in g.translations(t)} == {a: "candidate", b: "approved"}
        undone = g.undo()
        assert undone["action"] == "approve"
        assert {x["id"]: x["status"] for x in g.translations(t)} == {a: "approved", b: "candidate"}
        human = g.set_translation(t, "creditworthiness (of a person)")
        assert g.translations(t)[0]["id"] == human
        g.undo()
        assert all(x["id"] != human for x in g.translations(t))
        actions = [h["action"] for h in g.history(t)]
        assert actions.count("undo") == 2 and "approve" in actions and "add" in actions


def test_edit_machine_translation_keeps_original(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("burgerscore")
        mt = g.add_translation(t, "citizen's score", source="mt")
        new = g.edit_translation(mt, "citizen score")
        rows = {x["id"]: x for x in g.translations(t)}
        assert rows[mt]["text"] == "citizen's score"
        assert rows[new]["source"] == "human" and rows[new]["status"] == "approved"
        g.edit_translation(new, "citizen rating")
        assert g.translations(t)[0]["text"] == "citizen rating"


def test_failed_transaction_leaves_nothing(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("guanxi")
        with pytest.raises(RuntimeError):
            with g.transaction():
                g.add_translation(t, "connections", source="human", status="approved")
                g.set_note(t, "a note")
                raise RuntimeError("boom")
        assert g.translations(t) == []
        assert g.term(t)["note"] is None
        assert g.history(t)[0]["action"] == "add_term"


def test_notes_and_not_a_term(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("Beeld Henk")
        g.set_term_status(t, "not_a_term")
        assert g.stats()["terms"] == 0 and g.stats()["not_terms"] == 1
        g.undo()
        assert g.stats()["terms"] == 1
        g.set_note(t, "photo credit")
        assert g.term(t)["note"] == "photo credit"


def test_fts_indexes_follow_writes(db_path):
    with Glossary(db_path) as g:
        t = g.add_term("sociaal kredietsysteem")
        g.add_translation(t, "social credit system", source="mt")
        hits = g.conn.execute("SELECT rowid FROM terms_fts WHERE terms_fts MATCH 'kredietsys*'").fetchall()
        assert [h[0] for h in hits] == [t]
        hits = g.conn.execute("SELECT count(*) FROM translations_fts WHERE translations_fts MATCH 'social'").fetchone()
        assert hits[0] == 1


def _version_1_database(path, monkeypatch) -> None:
    """A glossary as version 1 of the schema wrote it, with some data."""
    import glossary.schema as schema

    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    with Glossary(path) as g:
        t = g.add_term("sociaal krediet")
        g.set_translation(t, "social credit")
        g.add_translation(t, "social credit score", source="mt", score=0.5)
        assert g.schema_version == 1
    monkeypatch.undo()


def test_every_old_version_migrates_to_the_current_one(db_path, monkeypatch):
    _version_1_database(db_path, monkeypatch)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "idx_translations_term_id_status" not in {r[1] for r in conn.execute("PRAGMA index_list(translations)")}
    conn.close()
    with Glossary(db_path) as g:
        assert g.schema_version == SCHEMA_VERSION >= 2
        indexes = {r[1] for r in g.conn.execute("PRAGMA index_list(translations)")}
        assert "idx_translations_term_id_status" in indexes
        row = g.lookup("sociaal krediet")[0]  # the data came through
        assert row["approved"] == "social credit" and len(row["translations"]) == 2
        assert g.stats()["approved"] == 1


def test_migration_keeps_an_existing_equivalent_index(db_path, monkeypatch):
    _version_1_database(db_path, monkeypatch)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE INDEX my_index ON translations(term_id, status, text)")
    conn.commit()
    conn.close()
    with Glossary(db_path) as g:
        indexes = {r[1] for r in g.conn.execute("PRAGMA index_list(translations)")}
        assert "my_index" in indexes and "idx_translations_term_id_status" not in indexes


def test_read_only_open(db_path, monkeypatch):
    _version_1_database(db_path, monkeypatch)
    with Glossary(db_path, readonly=True) as g:  # an old version: migrated first, read-write
        assert not g.readonly and g.schema_version == SCHEMA_VERSION
    with Glossary(db_path, readonly=True) as g:
        assert g.readonly and g.stats()["terms"] == 1
        with pytest.raises(GlossaryError, match=f"glossary is read-only: {re.escape(str(db_path))}"):
            g.add_term("guanxi")
    with pytest.raises(GlossaryError, match="no glossary at"):
        Glossary(db_path.with_name("missing.db"), readonly=True)
    assert not db_path.with_name("missing.db").exists()
    other = db_path.with_name("other.db")
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices(id)")
    conn.close()
    with pytest.raises(SchemaError, match="not a glossary"):
        Glossary(other, readonly=True)


def test_lookup_stats_and_listing_queries_use_indexes(db_path):
    """EXPLAIN QUERY PLAN: no query of lookup, stats or listings walks a whole table per term."""
    from glossary.listing import CHOSEN_SQL, STATUS_SQL
    from glossary.lookup import _RECORD_BY_ID, _RECORD_BY_KEY

    with Glossary(db_path) as g:
        g.add_term("krediet")

        def plan(sql, params=()):
            return " | ".join(r[3] for r in g.conn.execute("EXPLAIN QUERY PLAN " + sql, params))

        assert "USING INDEX idx_terms_key" in plan(_RECORD_BY_KEY, ("krediet",))
        for sql in (_RECORD_BY_KEY, _RECORD_BY_ID):
            p = plan(sql, (1,))
            assert "SCAN" not in p.replace("SCAN (subquery", "") and "idx_translations_term_id_status" in p, p
        for status in ("approved", "candidate"):
            p = plan("SELECT count(*) FROM terms t WHERE status='active' AND EXISTS"
                     f" (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status='{status}')")
            assert "COVERING INDEX idx_translations_term_id_status (term_id=? AND status=?)" in p, p
        p = plan(f"SELECT t.id, ({CHOSEN_SQL}), ({STATUS_SQL}) FROM terms t ORDER BY t.score DESC NULLS LAST, t.id"
                 " LIMIT 20")
        assert "idx_translations_status" not in p and "SCAN t USING INDEX idx_terms_score" in p, p
        p = plan("SELECT t.id FROM terms t WHERE t.key>? AND t.key<? AND t.status='active'"
                 " ORDER BY t.score DESC NULLS LAST, t.id LIMIT 51", ("k", "l"))
        assert "USING INDEX idx_terms_key (key>? AND key<?)" in p, p
