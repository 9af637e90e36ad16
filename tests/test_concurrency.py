"""Concurrency (issue 8): several processes read and write one glossary at once, also while a
``build`` runs; no write is lost and no "database is locked" reaches anybody.

The writers run in separate processes (``python -c "from tests.test_concurrency import ..."``)
because SQLite locking between processes is what is being tested.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary import Glossary
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # make test-fast leaves these out

OPS = 1000
TERMS_PER_WORKER = 12


def _start(func: str, *args, **popen) -> subprocess.Popen:
    code = f"import sys; from tests.test_concurrency import {func}; {func}(*sys.argv[1:])"
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _wait_until(start_at: float) -> None:
    while time.time() < start_at:
        time.sleep(0.001)


# -- worker processes -------------------------------------------------------------------

def approve_and_edit_worker(db: str, worker: str, ops: str, start_at: str, log: str) -> None:
    """``ops`` approvals and edits by actor ``worker``, with a read before every write."""
    rng = random.Random(worker)
    g = Glossary(db, create=False)
    mine = [dict(r) for r in g.conn.execute(
        "SELECT id, key FROM terms WHERE key LIKE ? ORDER BY id", (f"{worker}-%",))]
    shared = g.term_by_key("gedeeld")["id"]
    own_human = {t["id"]: g.conn.execute(
        "SELECT id FROM translations WHERE term_id=? AND source='human'", (t["id"],)).fetchone()[0] for t in mine}
    shared_human = g.conn.execute(
        "SELECT id FROM translations WHERE term_id=? AND source='human' AND text=?",
        (shared, f"{worker} shared")).fetchone()[0]
    approved: dict[int, int] = {}
    edited: dict[int, str] = {}
    _wait_until(float(start_at))
    for i in range(int(ops)):
        term = rng.choice(mine)["id"]
        g.translations(term)  # a read, as the TUI does before each change
        roll = rng.random()
        if roll < 0.1:
            text = f"{worker} shared {i}"
            g.edit_translation(shared_human, text, actor=worker)
            edited[shared_human] = text
        elif roll < 0.55:
            current = g.conn.execute(
                "SELECT id FROM translations WHERE term_id=? AND status='approved'", (term,)).fetchone()
            choices = [r[0] for r in g.conn.execute(
                "SELECT id FROM translations WHERE term_id=? AND source='mt'", (term,))
                if not current or r[0] != current[0]]
            tid = rng.choice(choices)
            g.approve(tid, actor=worker)
            approved[term] = tid
        else:
            text = f"{worker} edit {i}"
            g.edit_translation(own_human[term], text, actor=worker)
            edited[own_human[term]] = text
    g.close()
    Path(log).write_text(json.dumps({"approved": approved, "edited": edited}))


def translate_while_building_worker(db: str, until_file: str, log: str) -> None:
    """Until ``until_file`` exists: read terms and type human translations for them."""
    rng = random.Random(7)
    while not Path(db).exists():
        time.sleep(0.01)
    g = Glossary(db)
    done: list[tuple[str, str]] = []
    reads = 0
    i = 0
    while not Path(until_file).exists() or i < 50:
        rows = g.conn.execute("SELECT id, key FROM terms WHERE status='active' ORDER BY random() LIMIT 5").fetchall()
        reads += 1
        if not rows:
            time.sleep(0.005)
            continue
        term_id, key = rng.choice(rows)
        text = f"translation {i}"
        g.set_translation(term_id, text, actor="translator")
        g.lookup(key)
        done.append((key, text))
        i += 1
        time.sleep(0.005)  # a fast translator, not a tight loop hogging one of two cores
    g.close()
    Path(log).write_text(json.dumps({"done": done, "reads": reads}))


# -- tests ------------------------------------------------------------------------------

@pytest.fixture
def seeded(tmp_path):
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        shared = g.add_term("gedeeld")
        for worker in ("w1", "w2"):
            g.set_translation(shared, f"{worker} shared", approve=False, actor="setup")
            for n in range(TERMS_PER_WORKER):
                term = g.add_term(f"{worker}-term-{n}", actor="setup")
                for k in range(3):
                    g.add_translation(term, f"{worker} candidate {n}.{k}", source="mt", score=0.5)
                g.set_translation(term, f"{worker} human {n}", approve=False, actor="setup")
    return db


def test_two_processes_1000_writes_each_lose_nothing(seeded, tmp_path):
    start_at = time.time() + 1.5  # both start writing at the same moment
    procs = {w: _start("approve_and_edit_worker", seeded, w, OPS, start_at, tmp_path / f"{w}.json")
             for w in ("w1", "w2")}
    for _w, proc in procs.items():
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err
    with Glossary(seeded) as g:
        c = g.conn
        assert [r[0] for r in c.execute("PRAGMA integrity_check")] == ["ok"]
        for w in ("w1", "w2"):
            log = json.loads((tmp_path / f"{w}.json").read_text())
            # every write is in the history, once
            assert c.execute("SELECT count(*) FROM history WHERE actor=?", (w,)).fetchone()[0] == OPS
            # and the glossary holds each worker's last decision for every row it touched
            for term, tid in log["approved"].items():
                rows = c.execute("SELECT id FROM translations WHERE term_id=? AND status='approved'",
                                 (int(term),)).fetchall()
                assert [r[0] for r in rows] == [tid]
            for tid, text in log["edited"].items():
                assert c.execute("SELECT text FROM translations WHERE id=?", (int(tid),)).fetchone()[0] == text
        # no term ever has two approved translations
        assert c.execute("SELECT count(*) FROM (SELECT term_id FROM translations WHERE status='approved'"
                         " GROUP BY term_id HAVING count(*) > 1)").fetchone()[0] == 0


def test_translator_keeps_working_while_build_runs(tmp_path):
    """A build (two rounds, the second re-extracts the whole corpus in one transaction) runs
    while another process reads and writes; every translation typed meanwhile survives."""
    from tests.test_crash import make_docs

    docs = make_docs(tmp_path / "all")
    first = tmp_path / "first"
    first.mkdir()
    for path in docs[:15]:
        (first / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "g.db"
    until = tmp_path / "build-finished"
    translator = _start("translate_while_building_worker", db, until, tmp_path / "t.json")
    for folder in (first, tmp_path / "all"):
        build = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "build", str(folder),
                                "--no-translate"], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert build.returncode == 0, build.stderr
        assert "locked" not in build.stderr
    until.write_text("")
    out, err = translator.communicate(timeout=240)
    assert translator.returncode == 0, err
    assert "locked" not in err and "Traceback" not in err, err
    log = json.loads((tmp_path / "t.json").read_text())
    assert len(log["done"]) >= 50
    with Glossary(db) as g:
        last: dict[str, str] = {}
        for key, text in log["done"]:
            term = g.term_by_key(key)
            assert term is not None, f"term {key!r} with a typed translation was removed"
            assert any(t["text"] == text and t["source"] == "human" for t in g.translations(term["id"]))
            last[key] = text
        for key, text in last.items():
            approved = [t["text"] for t in g.translations(g.term_by_key(key)["id"]) if t["status"] == "approved"]
            assert approved == [text]
        assert g.conn.execute("SELECT count(*) FROM history WHERE actor='translator'").fetchone()[0] >= len(last)
        assert g.stats()["documents"] == 30


def test_many_processes_create_the_same_new_glossary_at_once(tmp_path):
    """Opening a database that does not exist yet from several processes at the same moment:
    exactly one migrates it, the others wait and use it."""
    code = ("import sys, time\nfrom glossary.store import Glossary\n"
            "t=float(sys.argv[2])\nwhile time.time()<t: pass\n"
            "g=Glossary(sys.argv[1]); g.add_term('term '+sys.argv[3]); g.close()\n")
    for round_ in range(2):
        db = tmp_path / f"new{round_}.db"
        start_at = time.time() + 1.0
        procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(start_at), str(i)], cwd=ROOT,
                                  stderr=subprocess.PIPE, text=True) for i in range(4)]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        with Glossary(db) as g:
            assert g.conn.execute("SELECT count(*) FROM terms").fetchone()[0] == 4
