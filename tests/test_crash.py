"""Crash safety (issue 8): ``kill -9`` at random moments of ``build`` never leaves a damaged
or half-written glossary, and a re-run reaches exactly the content of an uninterrupted run.

Most kills are done by a small "fork server" (one subprocess that imports and warms up the
pipeline once, then forks a child per build and SIGKILLs it) so that 20+ kills fit in a few
seconds. The kill moment is chosen at random either in time or as the n-th SQLite statement /
n-th block of VM instructions of the build (so kills land in the middle of a document's
transaction, of a migration, of ``store_extraction`` and of ``COMMIT`` too). A few more kills
hit the real ``python -m glossary build`` process at random times.

After every kill the database must pass ``PRAGMA integrity_check`` and
``PRAGMA foreign_key_check``, every stored document must be one of the input documents,
whole (its text and hash match), and the extraction must be all-or-nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

SEED = int(os.environ.get("GLOSSARY_CRASH_SEED", "8"))


# -- input ----------------------------------------------------------------------------------

def make_docs(dest: Path, n: int = 30) -> list[Path]:
    """``n`` small Dutch documents: the paragraphs of the sample corpus dealt round-robin."""
    from glossary.ingest import read_document

    paragraphs: list[str] = []
    for path in sorted(CORPUS.iterdir()):
        text = read_document(path).text
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.split()) > 3]
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        suffix = ".md" if i % 5 == 4 else ".txt"
        path = dest / f"deel-{i:02d}{suffix}"
        path.write_text("\n\n".join(paragraphs[i::n]) + "\n", encoding="utf-8")
        out.append(path)
    return out


def expected_texts(docs: list[Path]) -> dict[str, str]:
    from glossary.ingest import read_document

    return {hashlib.sha256(read_document(p).text.encode()).hexdigest(): read_document(p).text for p in docs}


# -- checks ---------------------------------------------------------------------------------

def inspect_db(db: Path) -> dict:
    """Facts about a database after a crash, read with plain sqlite3 (recovers the WAL)."""
    if not db.exists():
        return {"exists": False}
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        facts = {"exists": True}
        facts["integrity"] = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        facts["fk"] = conn.execute("PRAGMA foreign_key_check").fetchall()
        facts["user_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        facts["tables"] = sorted(tables)
        if "documents" not in tables:
            return facts
        facts["documents"] = [(sha, hashlib.sha256(text.encode()).hexdigest(), text)
                              for sha, text in conn.execute("SELECT sha256, text FROM documents ORDER BY id")]
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        facts["extracted_corpus"] = meta.get("extracted_corpus")
        digest = hashlib.sha256()
        for (sha,) in conn.execute("SELECT sha256 FROM documents ORDER BY sha256"):
            digest.update(sha.encode())
        facts["signature"] = digest.hexdigest()
        facts["content"] = content(conn)
        return facts
    finally:
        conn.close()


def content(conn: sqlite3.Connection) -> dict:
    """What a build produces, independent of row ids and timestamps (JSON-shaped)."""
    return json.loads(json.dumps({
        "documents": sorted(r[0] for r in conn.execute("SELECT sha256 FROM documents")),
        "terms": sorted(tuple(r) for r in conn.execute(
            "SELECT key, term, kind, round(score, 9), frequency, doc_count, variants, parts FROM terms")),
        "contexts": sorted(tuple(r) for r in conn.execute(
            "SELECT d.sha256, c.position, c.start, c.end, c.text FROM contexts c JOIN documents d ON d.id=c.document_id")),
        "occurrences": conn.execute("SELECT count(*) FROM occurrences").fetchone()[0],
    }))


def check_after_kill(facts: dict, texts: dict[str, str], reference: dict) -> None:
    if not facts["exists"]:
        return  # killed before the database file was created
    assert facts["integrity"] == ["ok"], facts["integrity"]
    assert facts["fk"] == []
    if facts["user_version"] == 0:
        # killed before the first migration committed: an empty database, no tables of ours
        assert not {"documents", "terms"} & set(facts["tables"]), facts["tables"]
        return
    for sha, real_sha, text in facts["documents"]:
        assert sha == real_sha, "a stored document does not match its hash"
        assert texts.get(sha) == text, "a stored document is not one of the input documents, whole"
    empty = {"documents": facts["content"]["documents"], "terms": [], "contexts": [], "occurrences": 0}
    if facts["extracted_corpus"] is None:
        assert facts["content"] == empty, "extraction results without the extraction's commit"
    else:
        # this chain starts from an empty database, so the only extraction that can commit
        # is the one over the whole input: it is there completely
        assert facts["extracted_corpus"] == facts["signature"] == reference["signature"]
        assert facts["content"] == reference["content"]


# -- the fork server (runs in its own process) --------------------------------------------

def fork_server(docs_dir: str, work: str, plan_file: str, out_file: str) -> None:
    """Warm up the pipeline, then for each planned kill fork a child that runs ``build`` on
    the chain's database, kill it as planned, and record what the database looks like."""
    from glossary.build import build
    from glossary.extract import extract
    from glossary.store import Glossary

    extract(["Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers."])
    plan = json.loads(Path(plan_file).read_text())
    records: list[dict] = []

    def child(db: str, mode: str, n: int) -> None:
        try:
            count = [0]
            if mode in ("statement", "vm"):
                original_init = Glossary.__init__

                def init(self, *a, **k):
                    # the kill hook is installed before the database is even opened, so
                    # kills can land in the middle of the first migration too
                    import sqlite3 as _sqlite3

                    real_connect = _sqlite3.connect

                    def connect(*ca, **ck):
                        conn = real_connect(*ca, **ck)

                        def tick(*_):
                            count[0] += 1
                            if count[0] >= n:
                                os.kill(os.getpid(), signal.SIGKILL)
                            return 0

                        if mode == "statement":
                            conn.set_trace_callback(tick)
                        else:
                            conn.set_progress_handler(tick, 2000)
                        return conn

                    _sqlite3.connect = connect
                    try:
                        original_init(self, *a, **k)
                    finally:
                        _sqlite3.connect = real_connect

                Glossary.__init__ = init
            with Glossary(db) as g:
                build(g, [docs_dir], translate=False)
        finally:
            os._exit(0)

    def run(db: str, step: dict) -> dict:
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            child(db, step["mode"], step.get("n", 0))
        status = None
        if step["mode"] == "time":
            deadline = started + step["delay"]
            while time.perf_counter() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                status = None
                time.sleep(0.001)
            else:
                os.kill(pid, signal.SIGKILL)
        if status is None:
            _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        return {**step, "killed": killed, "seconds": time.perf_counter() - started}

    # chains: a fresh database, builds killed one after the other on it (each resuming what
    # the previous one left) until a build gets through, then one uninterrupted build
    rng = random.Random(plan["seed"])
    kills = chain = 0
    while kills < plan["kills"] and chain < 40:  # (bounded: the test then reports too few kills)
        db = os.path.join(work, f"chain{chain}.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        for _ in range(plan["per_chain"]):
            mode = rng.choice(["statement", "statement", "vm", "time"])
            step = {"chain": chain, "mode": mode}
            if mode == "statement":
                # half of them among the first statements: the migration and the documents'
                # transactions (store_extraction alone runs most of a build's statements)
                statements = plan["statements"]
                step["n"] = rng.randint(1, min(300, statements) if rng.random() < 0.5 else statements)
            elif mode == "vm":
                step["n"] = rng.randint(1, plan["blocks"])
            else:
                step["delay"] = rng.uniform(0.0, plan["seconds"])
            record = run(db, step)
            record["facts"] = inspect_db(Path(db))
            records.append(record)
            if not record["killed"]:
                break  # this build got through
            kills += 1
        records.append(run(db, {"chain": chain, "mode": "complete"}))
        chain += 1
    Path(out_file).write_text(json.dumps(records))


def _count_statements(tmp: Path, docs_dir: Path) -> tuple[int, int]:
    """(SQL statements, 2000-VM-instruction blocks) of one uninterrupted build."""
    code = (
        "import sqlite3, json, sys\n"
        "from glossary.store import Glossary\nfrom glossary.build import build\n"
        "counts=[0,0]\nreal=sqlite3.connect\n"
        "def connect(*a, **k):\n"
        "    c=real(*a, **k)\n"
        "    c.set_trace_callback(lambda s: counts.__setitem__(0, counts[0]+1))\n"
        "    c.set_progress_handler(lambda: counts.__setitem__(1, counts[1]+1) or 0, 2000)\n"
        "    return c\n"
        "sqlite3.connect=connect\n"
        "with Glossary(sys.argv[1]) as g: build(g, [sys.argv[2]], translate=False)\n"
        "print(json.dumps(counts))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp / "count.db"), str(docs_dir)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    statements, blocks = json.loads(proc.stdout)
    return statements, blocks


@pytest.fixture(scope="module")
def crash_input(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    docs = make_docs(tmp / "docs")
    ref_db = tmp / "reference.db"
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(ref_db), "build", str(tmp / "docs"),
                           "--no-translate", "--json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    reference = inspect_db(ref_db)
    assert len(reference["content"]["documents"]) == 30 and len(reference["content"]["terms"]) > 20
    return tmp, docs, ref_db, reference


def stats_json(db: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "stats", "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(proc.stdout)
    stats.pop("db_path")
    return stats


def test_kill_9_during_build_never_damages_the_glossary(crash_input):
    tmp, docs, ref_db, reference = crash_input
    texts = expected_texts(docs)
    statements, blocks = _count_statements(tmp, tmp / "docs")
    plan = {"seed": SEED, "kills": 22, "per_chain": 6, "statements": statements, "blocks": blocks,
            "seconds": 0.4}
    plan_file, out_file = tmp / "plan.json", tmp / "records.json"
    plan_file.write_text(json.dumps(plan))
    code = "import sys; from tests.test_crash import fork_server; fork_server(*sys.argv[1:])"
    proc = subprocess.run([sys.executable, "-c", code, str(tmp / "docs"), str(tmp), str(plan_file), str(out_file)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(out_file.read_text())
    kills = [r for r in records if r["mode"] != "complete" and r["killed"]]
    assert len(kills) >= 20, f"only {len(kills)} builds were killed before they finished"
    for record in records:
        if record["mode"] != "complete":
            check_after_kill(record["facts"], texts, reference)
    # every chain, re-run after its crashes, reaches exactly the uninterrupted content
    ref_stats = stats_json(ref_db)
    for chain in range(records[-1]["chain"] + 1):
        db = tmp / f"chain{chain}.db"
        assert inspect_db(db)["content"] == reference["content"]
        if chain < 2:  # (each `glossary stats` costs a process start; content above is stricter)
            assert stats_json(db) == ref_stats


def test_kill_9_of_the_real_cli_build_then_rerun(crash_input):
    """The whole `python -m glossary build` process (and its process group) is killed at a
    random time, three times in a row on the same database; a fourth run completes."""
    tmp, docs, ref_db, reference = crash_input
    texts = expected_texts(docs)
    db = tmp / "cli.db"
    rng = random.Random(SEED + 1)
    argv = [sys.executable, "-m", "glossary", "--db", str(db), "build", str(tmp / "docs"), "--no-translate"]
    for _ in range(3):
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.3, 2.0))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=60)
        check_after_kill(inspect_db(db), texts, reference)
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert inspect_db(db)["content"] == reference["content"]
    assert stats_json(db) == stats_json(ref_db)


# -- import ----------------------------------------------------------------------------------

def import_content(db: Path) -> dict:
    """The glossary content an import changes, without row ids and timestamps."""
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return json.loads(json.dumps({
            "terms": sorted(tuple(r) for r in conn.execute("SELECT key, term, kind, status, origin, note FROM terms")),
            "translations": sorted(tuple(r) for r in conn.execute(
                "SELECT t.key, x.text, x.source, x.status, x.origin FROM translations x JOIN terms t ON t.id=x.term_id")),
            "history": sorted(tuple(r) for r in conn.execute("SELECT action, actor FROM history")),
        }))
    finally:
        conn.close()


def import_fork_server(template: str, source: str, work: str, plan_file: str, out_file: str) -> None:
    """For each planned kill: copy the template glossary, fork a child that imports
    ``source`` into it and SIGKILL it at its n-th SQL statement (or n-th VM block)."""
    import shutil

    import glossary.formats as formats
    from glossary.store import Glossary

    formats.read(Path(source).read_bytes(), "tsv", "warm.tsv")  # import the reader once
    records = []
    for k, step in enumerate(json.loads(Path(plan_file).read_text())):
        db = os.path.join(work, f"import{k}.db")
        shutil.copy(template, db)
        pid = os.fork()
        if pid == 0:
            try:
                g = Glossary(db)
                count = [0]

                def tick(*_):
                    count[0] += 1
                    if count[0] >= step["n"]:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return 0

                if step["mode"] == "statement":
                    g.conn.set_trace_callback(tick)
                else:
                    g.conn.set_progress_handler(tick, 1000)
                formats.import_file(g, source, "tsv")
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        records.append({**step, "db": db, "killed": os.WIFSIGNALED(status)})
    Path(out_file).write_text(json.dumps(records))


def test_kill_9_during_import_leaves_whole_imports_only(tmp_path):
    from glossary.store import Glossary

    template = tmp_path / "template.db"
    with Glossary(template) as g:
        for n in range(50):
            term = g.add_term(f"bestaande term {n}")
            g.set_translation(term, f"existing term {n}")
    source = tmp_path / "import.tsv"
    rows = ["nl\ten\tnote"] + [f"term nummer {n}\tterm number {n}\tnote {n}" for n in range(1500)]
    rows += [f"bestaande term {n}\tother {n}\t" for n in range(50)]  # conflicts with approved ones
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = import_content(template)
    reference = tmp_path / "reference.db"
    import shutil

    shutil.copy(template, reference)
    # count the statements of one uninterrupted import
    code = ("import sys, json\nfrom glossary.store import Glossary\nimport glossary.formats as f\n"
            "g=Glossary(sys.argv[1]); c=[0,0]\n"
            "g.conn.set_trace_callback(lambda s: c.__setitem__(0, c[0]+1))\n"
            "g.conn.set_progress_handler(lambda: c.__setitem__(1, c[1]+1) or 0, 1000)\n"
            "f.import_file(g, sys.argv[2], 'tsv'); print(json.dumps(c))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(reference), str(source)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    statements, blocks = json.loads(proc.stdout)
    after = import_content(reference)
    assert after != before
    rng = random.Random(SEED + 2)
    plan = [{"mode": "statement", "n": rng.randint(1, statements)} if k % 3 else
            {"mode": "vm", "n": rng.randint(1, blocks)} for k in range(20)]
    plan_file, out_file = tmp_path / "plan.json", tmp_path / "records.json"
    plan_file.write_text(json.dumps(plan))
    code = "import sys; from tests.test_crash import import_fork_server; import_fork_server(*sys.argv[1:])"
    proc = subprocess.run([sys.executable, "-c", code, str(template), str(source), str(tmp_path), str(plan_file),
                           str(out_file)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(out_file.read_text())
    assert sum(r["killed"] for r in records) >= 20
    seen = set()
    for record in records:
        state = import_content(Path(record["db"]))
        assert state in (before, after), "a killed import left part of itself behind"
        seen.add("after" if state == after else "before")
    # and a re-run completes it: the same content and counts as the uninterrupted import
    ref_stats = stats_json(reference)
    for record in records[:3]:
        db = Path(record["db"])
        proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "import", str(source)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert proc.returncode in (0, 1), proc.stderr  # 1: conflicts reported
        assert "Traceback" not in proc.stderr
        assert import_content(db) == after
        assert stats_json(db) == ref_stats
