"""Issue 16: a mature tool on every path: read-only glossaries, the live glossary never
overwritten, ``--db`` anywhere, Ctrl-C, full disks, odd file names, hostile HTML and model
packages: one line and a non-zero exit, never a traceback, never a damaged glossary.

Read-only media and full disks are real where the machine allows it: tests run as root, and
root writes a chmod-ed file anyway, so those tests mount a read-only bind mount or a tiny
tmpfs inside a private mount namespace (``unshare -m``: the mounts vanish with the process).
Where that is impossible they skip, and the simulated variants (``path_writable`` patched to
say "not writable", the same code path a non-root user's chmod takes) still run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.errors import InputError
from glossary.store import Glossary

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
PY = sys.executable


def cli(*args, cwd=ROOT, env=None, timeout=300):
    return subprocess.run([PY, "-m", "glossary", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout)


def one_line_error(proc, *needles: str) -> str:
    """The process failed with exactly one line on stderr (no traceback) containing needles."""
    assert proc.returncode != 0, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _mount_ns_works() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"],
                           capture_output=True)
    return probe.returncode == 0


MOUNT_NS = _mount_ns_works()
needs_mounts = pytest.mark.skipif(not MOUNT_NS, reason="needs root and unshare -m (a private mount namespace)")


def in_mount_ns(setup: str, driver: str, timeout=300) -> dict:
    """Run ``setup`` (shell: mounts) then the Python ``driver`` in a private mount namespace;
    the driver prints one JSON document, returned here."""
    script = f"set -e\n{setup}\nexec {PY} -c {shlex_quote(driver)}"
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A glossary of data/corpus with one approved translation (built once)."""
    db = tmp_path_factory.mktemp("built") / "g.db"
    assert cli("--db", db, "build", CORPUS, "--no-translate").returncode == 0
    assert cli("--db", db, "approve", "guanxi", "relationships").returncode == 0
    with sqlite3.connect(db) as conn:  # a self-contained file: no -wal beside it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


# -- read-only glossaries -----------------------------------------------------------------------

READ_COMMANDS = [
    ["stats"], ["stats", "--json"], ["terms", "--limit", "5"], ["lookup", "guanxi"], ["lookup", "guanxi", "--json"],
    ["search", "krediet"], ["annotate", "{doc}"], ["check", "{pairs}"], ["export", "-o", "{out}/g.tbx"],
    ["export", "-f", "json", "-o", "-"], ["backup", "{out}/backup.db"], ["dict", "list"],
]
WRITE_COMMANDS = [
    ["approve", "kredietwaardigheid", "creditworthiness"], ["reject", "guanxi", "relationships"],
    ["import", "{pairs}"], ["build", "{doc}"], ["dict", "add", "{pairs}"], ["restore", "{out}/backup.db", "--force"],
]

def _inputs(tmp_path: Path) -> dict:
    out = tmp_path / "out"
    out.mkdir()
    doc = out / "doc.txt"
    doc.write_text("Het sociaal krediet en guanxi bepalen de kredietwaardigheid.\n", encoding="utf-8")
    pairs = out / "pairs.tsv"
    pairs.write_text("guanxi\trelationships\n", encoding="utf-8")
    return {"out": str(out), "doc": str(doc), "pairs": str(pairs)}


def _driver(db: str, commands: list[list[str]], values: dict, tui: bool) -> str:
    return textwrap.dedent(f"""
        import asyncio, json, os, subprocess, sys
        db = {db!r}
        results = []
        for command in {commands!r}:
            args = [a.format(**{values!r}) for a in command]
            p = subprocess.run([sys.executable, "-m", "glossary", "--db", db, *args],
                               capture_output=True, text=True, timeout=120)
            results.append({{"command": args, "rc": p.returncode, "stderr": p.stderr, "stdout": p.stdout[:2000]}})
        tui_rows = None
        if {tui!r}:
            from glossary_tui.app import GlossaryApp
            async def run():
                app = GlossaryApp(db)
                async with app.run_test(size=(100, 30)) as pilot:
                    await pilot.pause()
                    rows = app.screen.table.row_count
                    await pilot.press("ctrl+q")
                return rows
            tui_rows = asyncio.run(run())
        print(json.dumps({{"results": results, "tui_rows": tui_rows,
                           "files": sorted(os.listdir(os.path.dirname(db)))}}))
    """)


def _check_read_results(results: list[dict]) -> None:
    for r in results:
        assert r["rc"] == 0, r
        assert "Traceback" not in r["stderr"] and "read-only" not in r["stderr"], r
    by = {" ".join(r["command"][:2]): r for r in results}
    assert "guanxi" in by["lookup guanxi"]["stdout"] and "relationships" in by["lookup guanxi"]["stdout"]
    assert "146" in by["stats"]["stdout"] or "terms:" in by["stats"]["stdout"]


def _check_write_results(results: list[dict], db: str) -> None:
    for r in results:
        assert r["rc"] != 0, r
        assert "Traceback" not in r["stderr"], r
        lines = [line for line in r["stderr"].splitlines() if line.strip()]
        assert lines == [f"glossary: error: glossary is read-only: {db}"], r


@needs_mounts
def test_every_read_command_works_on_read_only_media_and_every_write_says_so(built, tmp_path):
    """A glossary on a read-only medium (a read-only bind mount: root cannot write it either):
    every read command answers (mode=ro + immutable=1, no -wal/-shm made), the TUI starts,
    every write command says "glossary is read-only: PATH" in one line."""
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    shutil.copy(built, src / "g.db")
    values = _inputs(tmp_path)
    db = str(ro / "g.db")
    setup = f"mount --bind {src} {ro}\nmount -o remount,ro,bind {ro}"
    data = in_mount_ns(setup, _driver(db, READ_COMMANDS + WRITE_COMMANDS, values, tui=True))
    results = data["results"]
    _check_read_results(results[:len(READ_COMMANDS)])
    _check_write_results(results[len(READ_COMMANDS):], db)
    assert data["tui_rows"] and data["tui_rows"] > 10
    assert data["files"] == ["g.db"]  # immutable: no -wal/-shm needed, none made
    with sqlite3.connect(src / "g.db") as conn:  # nothing changed underneath
        assert conn.execute("SELECT count(*) FROM translations").fetchone()[0] == 1


@needs_mounts
def test_read_only_file_in_a_writable_folder(built, tmp_path):
    """Only the file is read-only (bind-mounted read-only over itself): mode=ro."""
    folder = tmp_path / "w"
    folder.mkdir()
    shutil.copy(built, folder / "g.db")
    values = _inputs(tmp_path)
    db = str(folder / "g.db")
    setup = f"mount --bind {db} {db}\nmount -o remount,ro,bind {db}"
    reads = [["lookup", "guanxi"], ["terms", "--limit", "3"], ["stats"]]
    data = in_mount_ns(setup, _driver(db, reads + WRITE_COMMANDS[:4], values, tui=False))
    _check_read_results(data["results"][:3])
    _check_write_results(data["results"][3:], db)


def test_read_only_simulated_without_mounts(built, tmp_path, monkeypatch, capsys):
    """Simulated (works as any user): the glossary and its folder report "not writable", as
    a chmod-ed file does for a non-root user. Reads answer; a write is one line."""
    db = tmp_path / "g.db"
    shutil.copy(built, db)
    import glossary.store

    monkeypatch.setattr(glossary.store, "path_writable", lambda path: False)
    with Glossary(db, create=False) as g:
        assert g.readonly and g.lookup("guanxi")
        with pytest.raises(Exception, match=f"glossary is read-only: {db}"):
            g.add_term("nieuwe term")
    assert main(["--db", str(db), "lookup", "guanxi"]) == 0
    assert main(["--db", str(db), "approve", "kredietwaardigheid", "creditworthiness"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"glossary: error: glossary is read-only: {db}"
    assert not (tmp_path / "g.db-wal").exists()  # folder "read-only": opened immutable


# -- the live glossary is never a target; --db anywhere; --db "" -------------------------------

def test_export_backup_restore_refuse_the_live_glossary(built, tmp_path):
    db = tmp_path / "g.db"
    shutil.copy(built, db)
    before = db.read_bytes()
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(db)
    spellings = [db, "g.db", "./sub/../g.db", link]
    for target in spellings:
        one_line_error(cli("--db", db, "export", "-f", "tbx", "-o", target, cwd=tmp_path), "is the glossary itself")
        one_line_error(cli("--db", db, "backup", target, "--force", cwd=tmp_path), "is the glossary itself")
        one_line_error(cli("--db", db, "restore", target, "--force", cwd=tmp_path), "is the glossary itself")
    one_line_error(cli("--db", db, "export", "-f", "tsv", "-o", f"{db}-wal", cwd=tmp_path), "wal file")
    assert db.read_bytes() == before
    assert cli("--db", db, "export", "-o", tmp_path / "x.tbx").returncode == 0  # a real target works


def test_db_after_the_command_and_empty_db(built, tmp_path):
    db = tmp_path / "w.db"
    shutil.copy(built, db)
    after = cli("lookup", "guanxi", "--db", db, env={"GLOSSARY_DB": str(tmp_path / "other.db")})
    assert after.returncode == 0 and "relationships" in after.stdout
    equals = cli("terms", "--limit", "2", f"--db={db}")
    assert equals.returncode == 0 and equals.stdout.count("\n") == 2
    for args in (["--db", "", "stats"], ["stats", "--db", ""], ["--db=", "lookup", "guanxi"]):
        one_line_error(cli(*args, env={"GLOSSARY_DB": str(db)}), "--db needs a path")
    assert not Path(ROOT / "glossary.db").exists()


# -- odd paths ------------------------------------------------------------------------------------

def test_fifo_symlink_loop_folder_as_database(tmp_path):
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.db"
    loop.symlink_to(tmp_path / "loop2.db")
    (tmp_path / "loop2.db").symlink_to(loop)
    for db, needle in ((fifo, "not a regular file"), (loop, "symbolic link loop"), (tmp_path, "is a directory")):
        for command in (["stats"], ["lookup", "x"], ["build", CORPUS]):
            one_line_error(cli("--db", db, *command, timeout=60), str(db), needle)


def test_fifo_and_symlink_loop_as_input_files(built, tmp_path):
    """Reading a FIFO blocks until someone writes to it: every command that reads a file
    refuses one (and a symlink loop) in one line instead of hanging."""
    db = tmp_path / "g.db"
    shutil.copy(built, db)
    fifo = tmp_path / "in.tsv"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.tsv"
    loop.symlink_to(tmp_path / "loop2.tsv")
    (tmp_path / "loop2.tsv").symlink_to(loop)
    for path, needle in ((fifo, "not a regular file"), (loop, "symbolic link loop")):
        for command in (["import"], ["dict", "add"], ["align"], ["check"], ["annotate"], ["models", "install", "--from"]):
            one_line_error(cli("--db", db, *command, path, timeout=30), str(path), needle)


def test_non_utf8_file_names_are_stored_with_replacement(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    bad = os.fsencode(docs) + b"/caf\xe9-krediet.txt"
    with open(bad, "wb") as fh:
        fh.write("Het sociaal krediet meet de kredietwaardigheid van burgers.\n".encode())
    (docs / "ok.txt").write_text("De kredietwaardigheid van het sociaal krediet.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    proc = cli("--db", db, "build", docs, "--no-translate")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    with sqlite3.connect(db) as conn:
        names = sorted(r[0] for r in conn.execute("SELECT name FROM documents"))
    assert names == ["caf\ufffd-krediet.txt", "ok.txt"]
    tsv = os.fsencode(tmp_path) + b"/w\xe9.tsv"
    with open(tsv, "wb") as fh:
        fh.write(b"sociaal krediet\tsocial credit\n")
    tsv_arg = os.fsdecode(tsv)
    imported = cli("--db", db, "import", tsv_arg)
    assert imported.returncode == 0 and "w\ufffd.tsv" in imported.stdout, imported.stderr
    one_line_error(cli("--db", db, "dict", "add", tsv_arg), "not valid UTF-8")
    checked = cli("--db", db, "check", tsv_arg)
    assert "Traceback" not in checked.stderr and checked.returncode in (0, 1)
    listed = cli("--db", db, "lookup", "sociaal krediet")
    assert listed.returncode == 0 and "caf\ufffd-krediet.txt" in listed.stdout


def test_latin1_file_decoded_the_same_by_build_annotate_and_check(tmp_path):
    text = "Het café en de crèche: sociaal krediet en kredietwaardigheid.\n"
    doc = tmp_path / "latin1.txt"
    doc.write_bytes(text.encode("latin-1"))
    pairs = tmp_path / "pairs.tsv"
    pairs.write_bytes("sociaal krediet in het café\tsocial credit in the café\n".encode("latin-1"))
    db = tmp_path / "g.db"
    assert cli("--db", db, "build", doc, "--no-translate").returncode == 0
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT text FROM documents").fetchone()[0]
    assert "café" in stored and "crèche" in stored
    annotated = cli("--db", db, "annotate", doc)
    assert annotated.returncode == 0 and "café" in annotated.stdout and "crèche" in annotated.stdout
    checked = cli("--db", db, "check", pairs)
    assert "not UTF-8" not in checked.stderr and "Traceback" not in checked.stderr, checked.stderr
    assert checked.returncode in (0, 1)


# -- full disks -----------------------------------------------------------------------------------

@needs_mounts
def test_disk_full_during_build_and_approve_is_one_line_and_harmless(built, tmp_path):
    """A tmpfs just larger than the glossary: a build of a big document fills it (SQLITE_FULL),
    then an approve on the full disk; each one line, the glossary intact afterwards."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(built, src / "g.db")
    big = tmp_path / "big.txt"
    sentence = "De kredietwaardigheid van burgers en bedrijven wordt gemeten door het sociaal krediet. "
    big.write_text("\n\n".join(f"{sentence} Alinea {i}." for i in range(8000)), encoding="utf-8")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    size = (src / "g.db").stat().st_size + 256 * 1024
    setup = f"mount -t tmpfs -o size={size} tmpfs {mnt}\ncp {src}/g.db {mnt}/g.db"
    driver = textwrap.dedent(f"""
        import json, sqlite3, subprocess, sys
        db = "{mnt}/g.db"
        def run(*args):
            p = subprocess.run([sys.executable, "-m", "glossary", "--db", db, *args], capture_output=True, text=True)
            return {{"rc": p.returncode, "stderr": p.stderr}}
        out = {{"build": run("build", "{big}", "--no-translate")}}
        import os
        fd = os.open("{mnt}/fill", os.O_WRONLY | os.O_CREAT)  # take what space is left
        try:
            while True:
                os.write(fd, b"x" * 4096)
        except OSError:
            pass
        os.close(fd)
        out["approve"] = run("approve", "kredietwaardigheid", "creditworthiness")
        import os
        os.remove("{mnt}/fill")
        conn = sqlite3.connect(db)
        out["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
        out["documents"] = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        out["translations"] = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
        print(json.dumps(out))
    """)
    data = in_mount_ns(setup, driver)
    for step in ("build", "approve"):
        r = data[step]
        assert r["rc"] != 0 and "Traceback" not in r["stderr"], r
        assert [line for line in r["stderr"].splitlines() if line.strip()] == [
            f"glossary: error: disk full: cannot write the glossary {mnt}/g.db (nothing was changed)"], r
    assert data["integrity"] == "ok"
    assert data["documents"] == 4 and data["translations"] == 1  # as before


def test_disk_full_simulated(built, tmp_path, monkeypatch, capsys):
    """Simulated SQLITE_FULL (any user): the error raised at COMMIT becomes the one line."""
    db = tmp_path / "g.db"
    shutil.copy(built, db)

    class FullConnection:
        def __init__(self, conn):
            self._conn = conn

        def execute(self, sql, *args):
            if sql == "COMMIT":
                error = sqlite3.OperationalError("database or disk is full")
                error.sqlite_errorname = "SQLITE_FULL"
                raise error
            return self._conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    real_init = Glossary.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.conn = FullConnection(self.conn)

    monkeypatch.setattr(Glossary, "__init__", init)
    assert main(["--db", str(db), "approve", "kredietwaardigheid", "creditworthiness"]) == 1
    assert capsys.readouterr().err.strip() == f"glossary: error: disk full: cannot write the glossary {db} (nothing was changed)"
    monkeypatch.undo()
    with Glossary(db) as g:
        assert g.conn.execute("SELECT count(*) FROM translations").fetchone()[0] == 1


# -- Ctrl-C --------------------------------------------------------------------------------------

def _corpus(dest: Path, n: int = 24) -> Path:
    dest.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for i in range(n):
        (dest / f"doc{i:02}.txt").write_text(f"Document {i}.\n\n{texts[i % len(texts)]}", encoding="utf-8")
    return dest


def _content(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {
            "terms": conn.execute("SELECT key, term, kind, round(score, 6), frequency, doc_count FROM terms"
                                  " ORDER BY key").fetchall(),
            "contexts": conn.execute("SELECT count(*) FROM contexts").fetchone()[0],
            "occurrences": conn.execute("SELECT count(*) FROM occurrences").fetchone()[0],
        }


@pytest.mark.slow
def test_ctrl_c_during_extraction(tmp_path):
    """SIGINT to the process group while the extraction's worker pool runs: exit 130, one
    line, no worker traceback; stats says the extraction is pending; `glossary build`
    finishes it, with exactly the content of a clean build."""
    docs = _corpus(tmp_path / "docs")
    db = tmp_path / "g.db"
    started = tmp_path / "started"
    # the real CLI and extractor, with the worker pool forced on (the corpus is small) and
    # each document's analysis slowed down so the signal lands in the middle of it
    driver = textwrap.dedent(f"""
        import os, signal, sys, time
        import glossary.extract.pipeline as pipeline
        pipeline.PARALLEL_WORDS = 0
        real = pipeline.analyse
        def slow(*args):
            # which process analyses, and whether it leaves Ctrl-C to the main process (a
            # worker that does not prints a traceback, unless the pool is torn down first)
            with open({str(started)!r}, "a") as fh:
                fh.write(f"{{os.getpid()}} {{signal.getsignal(signal.SIGINT) == signal.SIG_IGN}}\\n")
            time.sleep(0.3)
            return real(*args)
        pipeline.analyse = slow
        from glossary.cli import main
        sys.exit(main(["--db", {str(db)!r}, "build", {str(docs)!r}, "--no-translate"]))
    """)
    proc = subprocess.Popen([PY, "-c", driver], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not started.exists() or not started.read_text():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert err == "glossary: interrupted\n", err
    workers = [line.split() for line in started.read_text().splitlines()]
    assert workers and all(pid != str(proc.pid) for pid, _ in workers)  # the pool ran
    assert all(ignores == "True" for _, ignores in workers)
    stats = json.loads(cli("--db", db, "stats", "--json").stdout)
    assert stats["documents"] == 24 and stats["terms"] == 0 and stats["extraction_pending"] is True
    text = cli("--db", db, "stats").stdout
    assert "extraction: pending" in text
    resumed = cli("--db", db, "build")  # no PATH: finish the interrupted build
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean.db"
    assert cli("--db", clean, "build", docs, "--no-translate").returncode == 0
    assert _content(db) == _content(clean)
    assert json.loads(cli("--db", db, "stats", "--json").stdout)["extraction_pending"] is False


# -- hostile inputs -------------------------------------------------------------------------------

def test_pathological_html_is_refused_quickly(tmp_path):
    """2.2 MB of HTML with 200,000 attributes on one element (lxml would take hours): one line
    for that file, the others built."""
    page = tmp_path / "page.html"
    attrs = " ".join(f"data-a{i}=x" for i in range(200_000))
    page.write_text(f"<html><body><p>Het sociaal krediet.</p><div {attrs}>tekst</div></body></html>", encoding="utf-8")
    assert page.stat().st_size > 2_000_000
    db = tmp_path / "g.db"
    started = time.monotonic()
    proc = cli("--db", db, "build", page, CORPUS, "--no-translate", timeout=120)
    assert time.monotonic() - started < 100
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert [line for line in proc.stderr.splitlines() if "page.html" in line] == [
        f"glossary: {page}: an HTML element with 200,000 attributes (the limit is 1,000): not a page this tool reads"]
    assert "4 added" in proc.stdout  # the rest of the corpus, HTML included


def test_html_ingestion_works(tmp_path):
    """lxml_html_clean is installed (jusText, used by trafilatura, needs lxml.html.clean)."""
    from glossary.ingest import read_document

    doc = read_document(CORPUS / "privacy-en-toezicht.html")
    assert doc.words > 100 and doc.format == "html"


def _zip_model(path: Path, files: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _meta(**extra) -> bytes:
    return json.dumps({"from_code": "nl", "to_code": "en", "type": "translate", "package_version": "1.0",
                       **extra}).encode()


def test_model_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    from glossary.translate import models

    bomb = _zip_model(tmp_path / "bomb.argosmodel", {
        "pkg/metadata.json": _meta(), "pkg/sentencepiece.model": b"x", "pkg/model/model.bin": b"\0" * (64 * 1024 * 1024),
    })
    assert bomb.stat().st_size < 1024 * 1024  # 64 MiB of zeros in well under 1 MiB
    proc = cli("models", "install", "--from", bomb)
    one_line_error(proc, "bomb.argosmodel", "compression ratio")
    assert not models.packages_dir().exists() or not any(models.packages_dir().iterdir())
    # and the total size limit, whatever the ratio
    stored = _zip_model(tmp_path / "big.argosmodel", {
        "pkg/metadata.json": _meta(), "pkg/sentencepiece.model": os.urandom(600), "pkg/model/model.bin": os.urandom(600),
    }, compression=zipfile.ZIP_STORED)
    monkeypatch.setattr(models, "MAX_MODEL_BYTES", 1000)
    with pytest.raises(InputError, match="big.argosmodel unpacks to 1,"):
        models.install_from_file(stored, verify=False)
    assert not models.packages_dir().exists() or not any(models.packages_dir().iterdir())


def test_deeply_nested_metadata_and_escape_sequences(tmp_path, monkeypatch):
    """A model folder whose metadata.json nests 100,000 deep is skipped, not a crash of
    `models list`, `translate` or `build`; escape sequences in metadata and in terms are not
    sent to the terminal raw."""
    from glossary.translate import models

    root = models.packages_dir()
    deep = root / "deep"
    deep.mkdir(parents=True)
    (deep / "metadata.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    evil = root / "evil"
    evil.mkdir()
    (evil / "metadata.json").write_bytes(_meta(package_version="1.0\x1b]0;pwned\x07\x1b[31m"))
    listed = cli("models", "list")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "evil" in listed.stdout
    db = tmp_path / "g.db"
    assert cli("--db", db, "build", CORPUS, "--no-translate").returncode == 0
    tsv = tmp_path / "evil.tsv"
    tsv.write_text("guanxi\tconn\x1b[2Jections\x1b]8;;http://x\x07\n", encoding="utf-8")
    assert cli("--db", db, "import", tsv).returncode == 0
    for command in (["lookup", "guanxi"], ["terms", "--limit", "200"], ["search", "guanxi"]):
        proc = cli("--db", db, *command)
        assert proc.returncode == 0, proc.stderr
        assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout, command
        if command[0] == "lookup":
            assert "conn" in proc.stdout and "ections" in proc.stdout
    as_json = json.loads(cli("--db", db, "lookup", "guanxi", "--json").stdout)  # JSON keeps data exact
    assert any("\x1b[2J" in t["text"] for r in as_json for t in r.get("translations", []))


# -- unavailable backends and resources; --help examples; stale temp files ------------------------

def test_requested_backend_unavailable_exits_non_zero(built, tmp_path):
    db = tmp_path / "g.db"
    shutil.copy(built, db)
    one_line_error(cli("--db", db, "translate", "--backend", "argos"), "argos")


def test_vanished_dictionary_is_reported(built, tmp_path):
    db = tmp_path / "g.db"
    shutil.copy(built, db)
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("guanxi\tconnections\n", encoding="utf-8")
    assert cli("--db", db, "dict", "add", tsv).returncode == 0
    tsv.unlink()
    listed = cli("--db", db, "dict", "list")
    assert "missing" in listed.stdout, listed.stdout
    proc = cli("--db", db, "translate", "--backend", "dictionary")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert str(tsv) in proc.stderr


def test_every_help_has_an_example():
    from glossary.cli import _command_modules

    for name in _command_modules():
        command = name.rstrip("_")
        proc = cli(command, "--help")
        assert proc.returncode == 0 and "example" in proc.stdout, command
    for sub in (["dict", "add"], ["dict", "list"], ["dict", "remove"], ["models", "list"], ["models", "install"],
                ["models", "remove"]):
        proc = cli(*sub, "--help")
        assert proc.returncode == 0 and "example" in proc.stdout, sub


def test_interrupted_backup_temp_file_removed_next_time(built, tmp_path):
    db = tmp_path / "g.db"
    shutil.copy(built, db)
    dead = subprocess.run([PY, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".backup.db.tmp-{dead.stdout.strip()}"
    stale.write_bytes(b"\0" * 100_000)  # what a killed backup leaves
    running = tmp_path / f".backup.db.tmp-{os.getpid()}"  # a backup still running (this process)
    running.write_bytes(b"\0")
    proc = cli("--db", db, "backup", tmp_path / "backup.db")
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and running.exists()
    assert (tmp_path / "backup.db").is_file()
