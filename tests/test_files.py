"""The one atomic file write (``glossary.files``) and its callers: the extractor's cache, export
(CLI and TUI), pretranslate and backup. A failure of any kind leaves the old file whole and no
temporary file behind; each caller keeps its own error policy (the cache silently skips an
unwritable folder, the commands say one line)."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glossary import files
from glossary.cli import main
from glossary.errors import GlossaryError
from glossary.store import Glossary
from tests.test_pack import in_mount_ns, needs_mounts, one_line_error
from tests.test_store_rules import _glossary_imports

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
OLD = b"the old content, whole\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def old(tmp_path) -> Path:
    target = tmp_path / "out.txt"
    target.write_bytes(OLD)
    return target


# -- the helper -------------------------------------------------------------------------------------

def test_files_is_layer_one():
    assert _glossary_imports(ROOT / "glossary" / "files.py") == set()


def test_writes_bytes_or_through_a_writer_and_replaces_the_old_file(old, tmp_path):
    files.write_atomically(old, b"new bytes")
    assert old.read_bytes() == b"new bytes"
    files.write_atomically(old, lambda fh: (fh.write(b"from "), fh.write(b"a writer")))
    assert old.read_bytes() == b"from a writer"
    files.write_atomically(str(tmp_path / "fresh.bin"), b"\0" * 70_000)  # a str path, a new file
    assert (tmp_path / "fresh.bin").read_bytes() == b"\0" * 70_000
    assert listing(tmp_path) == ["fresh.bin", "out.txt"]


def _raise_in_writer(exc):
    def write(fh):
        fh.write(b"half of the new cont")
        raise exc
    return write


@pytest.mark.parametrize("failure", ["writer error", "Ctrl-C in the writer", "disk full at fsync",
                                     "rename fails", "Ctrl-C at rename"])
def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temp(old, tmp_path, monkeypatch, failure):
    expected: type[BaseException] = OSError
    content = b"the whole new content"
    if failure == "writer error":
        content, expected = _raise_in_writer(ValueError("bad record")), ValueError
    elif failure == "Ctrl-C in the writer":
        content, expected = _raise_in_writer(KeyboardInterrupt()), KeyboardInterrupt
    elif failure == "disk full at fsync":
        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(files.os, "fsync", full)
    elif failure == "rename fails":
        def refuse(src, dst):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        monkeypatch.setattr(files.os, "replace", refuse)
    else:
        def interrupt(src, dst):
            raise KeyboardInterrupt
        monkeypatch.setattr(files.os, "replace", interrupt)
        expected = KeyboardInterrupt
    with pytest.raises(expected):
        files.write_atomically(old, content)
    assert old.read_bytes() == OLD
    assert listing(tmp_path) == ["out.txt"]


def test_replacing_gives_a_fresh_file_in_the_target_folder_fsynced_before_the_rename(old, tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))),
                                                       real_fsync(fd)))
    monkeypatch.setattr(files.os, "replace", lambda a, b: (events.append(("replace", os.fspath(a))), real_replace(a, b)))
    with files.replacing(old) as tmp:
        assert tmp.parent == old.parent  # same folder: os.replace is a rename on one file system
        assert tmp.read_bytes() == b"" and old.read_bytes() == OLD
        assert files.temp_files(old) == [tmp]
        tmp.write_bytes(b"written by name (as SQLite does)")
    assert old.read_bytes() == b"written by name (as SQLite does)"
    assert events[0] == ("fsync", str(tmp)) and events[1] == ("replace", str(tmp))
    assert listing(tmp_path) == ["out.txt"]


def test_replacing_removes_the_temp_when_the_block_raises(old, tmp_path):
    with pytest.raises(GlossaryError):
        with files.replacing(old) as tmp:
            tmp.write_bytes(b"a copy that failed its check")
            raise GlossaryError("integrity check failed")
    assert old.read_bytes() == OLD and listing(tmp_path) == ["out.txt"]


def test_permissions_new_file_follows_the_umask_a_replaced_file_keeps_its_own(tmp_path):
    saved = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.tsv"
        files.write_atomically(fresh, b"x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # 0o666 less the umask, as open() gives
        private = tmp_path / "private.tsv"
        private.write_bytes(b"old")
        private.chmod(0o600)
        files.write_atomically(private, b"new")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600  # a private file stays private
        shared = tmp_path / "shared.tsv"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        with files.replacing(shared) as tmp:
            tmp.write_bytes(b"new")
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    finally:
        os.umask(saved)


def test_a_symbolic_link_is_kept_and_the_file_behind_it_replaced(old, tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(old.name)
    files.write_atomically(link, b"through the link")
    assert link.is_symlink() and old.read_bytes() == b"through the link"
    assert listing(tmp_path) == ["link.txt", "out.txt"]


def test_temp_files_of_a_killed_process_are_removed_by_the_next_write(old, tmp_path):
    dead = int(subprocess.run([PY, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout)
    stale = tmp_path / f".out.txt{files.TEMP_MARK}{dead}-0badcafe"
    stale.write_bytes(b"\0" * 1000)
    alive = subprocess.Popen([PY, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".out.txt{files.TEMP_MARK}{alive.pid}-00c0ffee"  # another process writing now
        running.write_bytes(b"\0")
        with files.replacing(old) as mine:
            assert files.remove_stale_temp_files(old) == []  # this process's own write in progress is kept
            mine.write_bytes(b"new")
        assert not stale.exists() and running.exists() and not mine.exists()
        assert old.read_bytes() == b"new"
    finally:
        alive.kill()
        alive.wait()


def test_oserror_comes_through_unchanged_for_the_caller(tmp_path):
    with pytest.raises(FileNotFoundError):
        files.write_atomically(tmp_path / "no" / "such" / "folder.txt", b"x")
    assert listing(tmp_path) == []


# -- the callers' error policies, simulated (works as any user) ---------------------------------------

@pytest.fixture
def small_db(tmp_path) -> Path:
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        term = g.add_term("kredietwaardigheid")
        g.set_translation(term, "creditworthiness")
    return db


@pytest.fixture
def read_only_folder(monkeypatch):
    """Every atomic write fails as in a read-only folder (root writes a chmod-ed one anyway)."""
    def refuse(final):
        raise OSError(errno.EROFS, "Read-only file system", str(final.parent))
    monkeypatch.setattr(files, "_create_temp", refuse)


def _one_line(capsys) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "Traceback" not in err[0], err
    return err[0]


def test_export_to_a_read_only_folder_is_one_line(small_db, tmp_path, read_only_folder, capsys):
    out = tmp_path / "g.tbx"
    out.write_bytes(OLD)
    assert main(["--db", str(small_db), "export", "-o", str(out)]) == 1
    assert _one_line(capsys) == f"glossary: error: cannot write {out}: Read-only file system"
    assert out.read_bytes() == OLD


def test_pretranslate_to_a_read_only_folder_is_one_line(small_db, tmp_path, read_only_folder, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text("De kredietwaardigheid van burgers.\n", encoding="utf-8")
    out = tmp_path / "doc.xlf"
    code = main(["--db", str(small_db), "pretranslate", str(doc), "--no-mt", "-o", str(out)])
    assert code == 1
    assert _one_line(capsys) == f"glossary: error: cannot write {out}: Read-only file system"
    assert not out.exists()


def test_backup_to_a_read_only_folder_is_one_line(small_db, tmp_path, read_only_folder, capsys):
    out = tmp_path / "copy.db"
    assert main(["--db", str(small_db), "backup", str(out)]) == 1
    assert _one_line(capsys) == f"glossary: error: cannot write {out}: Read-only file system"
    assert not out.exists()


def test_extractor_cache_skips_a_read_only_folder_silently(tmp_path, monkeypatch, read_only_folder):
    from glossary.extract import tables

    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    assert tables.cached_bytes("t.bin", lambda: b"table bytes") == b"table bytes"
    assert listing(tmp_path / "cache") == []


def test_callers_leave_no_temp_file_after_a_good_write(small_db, tmp_path, monkeypatch, capsys):
    from glossary_tui.data import Query, export_glossary

    from glossary.extract import tables

    out = tmp_path / "out"
    out.mkdir()
    assert main(["--db", str(small_db), "export", "-o", str(out / "g.tsv")]) == 0
    assert (out / "g.tsv").read_text(encoding="utf-8").startswith("kredietwaardigheid\tcreditworthiness")
    assert main(["--db", str(small_db), "backup", str(out / "copy.db")]) == 0
    with Glossary(small_db, create=False) as g:
        assert export_glossary(g, "json", str(out / "tui.json"), Query()) == 1
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(out / "cache"))
    assert tables.cached_bytes("t.bin", lambda: b"table bytes") == b"table bytes"
    assert tables.cached_bytes("t.bin", lambda: b"not built again") == b"table bytes"
    assert listing(out) == ["cache", "copy.db", "g.tsv", "tui.json"] and listing(out / "cache") == ["t.bin"]
    assert json.loads((out / "tui.json").read_text(encoding="utf-8"))[0]["term"] == "kredietwaardigheid"


# -- a real read-only folder (a read-only bind mount: root cannot write it either) -------------------

@needs_mounts
def test_real_read_only_folder_each_caller_keeps_its_policy(small_db, tmp_path):
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    (src / "g.tbx").write_bytes(OLD)
    doc = tmp_path / "doc.txt"
    doc.write_text("De kredietwaardigheid van burgers.\n", encoding="utf-8")
    commands = [["export", "-o", f"{ro}/g.tbx"], ["export", "-f", "tsv", "-o", f"{ro}/new.tsv"],
                ["pretranslate", str(doc), "--no-mt", "-o", f"{ro}/doc.xlf"], ["backup", f"{ro}/copy.db"]]
    driver = textwrap.dedent(f"""
        import json, os, subprocess, sys
        results = []
        for args in {commands!r}:
            p = subprocess.run([sys.executable, "-m", "glossary", "--db", {str(small_db)!r}, *args],
                               capture_output=True, text=True, timeout=120)
            results.append({{"args": args, "rc": p.returncode, "stderr": p.stderr}})
        os.environ["GLOSSARY_CACHE_DIR"] = {str(ro / "cache")!r}
        from glossary.extract import tables
        cached = tables.cached_bytes("t.bin", lambda: b"table bytes").decode()
        print(json.dumps({{"results": results, "cached": cached, "files": sorted(os.listdir({str(ro)!r}))}}))
    """)
    data = in_mount_ns(f"mount --bind {src} {ro}\nmount -o remount,ro,bind {ro}", driver)
    for result in data["results"]:
        proc = subprocess.CompletedProcess(result["args"], result["rc"], "", result["stderr"])
        target = next(a for a in result["args"] if a.startswith(str(ro)))
        one_line_error(proc, f"cannot write {target}", "Read-only file system")
    assert data["cached"] == "table bytes"  # the cache: built in memory, no error
    assert data["files"] == ["g.tbx"] and (src / "g.tbx").read_bytes() == OLD
