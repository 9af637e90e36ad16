"""`glossary backup` / `glossary restore` (issue 8): online, verified, never overwriting by
accident, and safe while another process keeps writing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from glossary.backup import backup, check_backup, restore
from glossary.errors import GlossaryError, InputError
from glossary.store import Glossary
from tests.conftest import ROOT


@pytest.fixture
def worked_on(tmp_path):
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        for n in range(30):
            term = g.add_term(f"term {n}")
            g.add_translation(term, f"candidate {n}", source="mt", score=0.4)
            g.set_translation(term, f"human {n}")
    return db


def dump(path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_backup_is_a_whole_checked_single_file(worked_on, tmp_path):
    out = tmp_path / "copy.db"
    summary = backup(worked_on, out)
    assert summary["integrity"] == "ok" and summary["terms"] == 30 and summary["translations"] == 60
    assert not (tmp_path / "copy.db-wal").exists()  # self-contained
    assert dump(out) == dump(worked_on)
    assert check_backup(out)["history"] == 60  # add_term + set_translation
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_backup_refuses_to_overwrite_without_force(worked_on, tmp_path, glossary_cli):
    out = tmp_path / "copy.db"
    out.write_bytes(b"precious")
    proc = glossary_cli("--db", worked_on, "backup", out)
    assert proc.returncode == 1 and "--force" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert out.read_bytes() == b"precious"
    proc = glossary_cli("--db", worked_on, "backup", out, "--force", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["integrity"] == "ok"
    assert dump(out) == dump(worked_on)
    with pytest.raises(GlossaryError, match="the glossary itself"):
        backup(worked_on, worked_on, force=True)
    with pytest.raises(GlossaryError, match="no glossary"):
        backup(tmp_path / "missing.db", tmp_path / "x.db")


def test_backup_while_another_process_writes(worked_on, tmp_path):
    """Backups taken during a stream of writes are each a consistent snapshot: every history
    row's change is in the copy, and the writer never sees a lock error."""
    code = (
        "import sys\nfrom glossary.store import Glossary\n"
        "g=Glossary(sys.argv[1])\n"
        "ids=[r[0] for r in g.conn.execute(\"SELECT id FROM translations WHERE source='human'\")]\n"
        "for i in range(400):\n"
        "    g.edit_translation(ids[i % len(ids)], f'edit {i}', actor='writer')\n"
        "g.close()\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, str(worked_on)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    copies = []
    while writer.poll() is None and len(copies) < 20:
        out = tmp_path / f"copy{len(copies)}.db"
        backup(worked_on, out)
        copies.append(out)
        time.sleep(0.01)
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert copies
    for out in copies:
        conn = sqlite3.connect(str(out))
        # the copy is consistent: every translation the writer edited holds the text of its last
        # edit recorded in the copy's history, and none holds an edit the history does not record
        last = {}
        for tid, after in conn.execute("SELECT translation_id, after FROM history WHERE actor='writer' ORDER BY id"):
            last[tid] = json.loads(after)[0][2]["text"]
        texts = dict(conn.execute("SELECT id, text FROM translations WHERE source='human'").fetchall())
        assert {tid: texts[tid] for tid in last} == last, out
        assert all(not text.startswith("edit ") for tid, text in texts.items() if tid not in last), out
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def test_restore_round_trip_keeps_the_previous_glossary(worked_on, tmp_path, glossary_cli):
    saved = tmp_path / "saved.db"
    backup(worked_on, saved)
    before = dump(worked_on)
    with Glossary(worked_on) as g:  # work done after the backup
        g.set_note(g.term_by_key("term 1")["id"], "after the backup")
    after = dump(worked_on)
    proc = glossary_cli("--db", worked_on, "restore", saved)
    assert proc.returncode == 1 and "--force" in proc.stderr
    assert dump(worked_on) == after  # refused: nothing changed
    proc = glossary_cli("--db", worked_on, "restore", saved, "--force", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert dump(worked_on) == before
    assert dump(summary["previous"]) == after  # the replaced glossary is kept


def test_restore_refuses_broken_backups(worked_on, tmp_path):
    before = dump(worked_on)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + bytes(200))
    with pytest.raises(InputError):
        restore(junk, worked_on, force=True)
    other = tmp_path / "other.db"
    sqlite3.connect(str(other)).execute("CREATE TABLE x(y)").connection.commit()
    with pytest.raises(InputError, match="not a glossary"):
        restore(other, worked_on, force=True)
    truncated = tmp_path / "truncated.db"
    backup(worked_on, tmp_path / "good.db")
    truncated.write_bytes((tmp_path / "good.db").read_bytes()[:8192])
    with pytest.raises(InputError):
        restore(truncated, worked_on, force=True)
    with pytest.raises(InputError, match="no such backup"):
        restore(tmp_path / "missing.db", worked_on, force=True)
    assert dump(worked_on) == before


def test_restore_into_a_glossary_open_elsewhere(worked_on, tmp_path):
    saved = tmp_path / "saved.db"
    backup(worked_on, saved)
    with Glossary(worked_on) as reader:
        with Glossary(worked_on) as g:
            g.add_term("later")
        restore(saved, worked_on, force=True)
        # the open connection sees the restored glossary, not a mixture
        assert reader.term_by_key("later") is None
        assert reader.conn.execute("SELECT count(*) FROM terms").fetchone()[0] == 30
