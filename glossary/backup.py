"""Backup and restore of a glossary database (issue 8).

Both use SQLite's online backup API (``sqlite3.Connection.backup``), so they are safe while
the glossary is open elsewhere (the TUI, a running build, a script):

- :func:`backup` copies a consistent snapshot of the live database (one read transaction; in
  WAL mode writers are not blocked) into a temporary file next to the destination, checks the
  copy with ``PRAGMA integrity_check``, makes it a self-contained single file (journal mode
  DELETE, no ``-wal``), fsyncs it and only then renames it into place. An existing file is
  never overwritten without ``force``; a failed backup leaves no half-written file.
- :func:`restore` checks a backup file (integrity, a glossary, a schema this version
  understands), keeps a safety copy of the current database (``<db>.before-restore-<time>``),
  and copies the backup into the live database in one step: other connections see the old
  glossary or the restored one, never a mixture.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from glossary.errors import GlossaryError, InputError
from glossary.files import replacing

_REQUIRED_TABLES = {"documents", "terms", "translations", "history", "meta"}


def _integrity(conn: sqlite3.Connection) -> str:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def _counts(conn: sqlite3.Connection) -> dict:
    out = {}
    for table in ("documents", "terms", "translations", "history"):
        out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out


def backup(db_path: str | Path | None, dest: str | Path, *, force: bool = False) -> dict:
    """Copy the glossary at ``db_path`` to ``dest``. Returns a summary dict (path, bytes,
    counts, integrity). Raises GlossaryError (one line) when it cannot."""
    from glossary.config import refuse_live_target
    from glossary.store import Glossary

    dest = Path(dest).expanduser()
    if not str(dest).strip():
        raise GlossaryError("give a file name for the backup")
    with Glossary(db_path, create=False, readonly=True) as g:
        refuse_live_target(dest, g.path, "backup")
        if dest.is_dir():
            raise GlossaryError(f"{dest} is a folder; give a file name for the backup")
        if dest.exists() and not force:
            raise GlossaryError(f"{dest} already exists; use --force to overwrite it")
        if not dest.parent.is_dir():
            raise GlossaryError(f"cannot write {dest}: folder {dest.parent} does not exist")
        tmp: Path | None = None
        try:
            with replacing(dest) as tmp:  # fsynced and renamed into place only when whole
                target = sqlite3.connect(str(tmp), isolation_level=None)
                try:
                    # pages=-1: the whole database in one step, i.e. one consistent snapshot taken
                    # in a single read transaction (a WAL reader never blocks the writers).
                    g.conn.backup(target, pages=-1)
                    target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                    check = _integrity(target)
                    if check != "ok":
                        raise GlossaryError(f"the backup copy failed its integrity check ({check}); {dest} not written")
                    summary = {
                        "source": str(g.path),
                        "backup": str(dest),
                        "schema_version": target.execute("PRAGMA user_version").fetchone()[0],
                        "integrity": check,
                        **_counts(target),
                    }
                finally:
                    target.close()
        except sqlite3.Error as exc:
            from glossary.errors import sqlite_error_name

            name = sqlite_error_name(exc)
            if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR")):
                reason = "disk full" if name.startswith("SQLITE_FULL") else str(exc)
                raise GlossaryError(f"cannot write {dest}: {reason}") from None
            raise GlossaryError(f"backup of {g.path} failed: {exc}") from None
        except OSError as exc:
            raise GlossaryError(f"cannot write {dest}: {exc.strerror or exc}") from None
        finally:
            if tmp is not None:  # SQLite's rollback journal of the copy, if a failure left one
                try:
                    tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
                except OSError:
                    pass
    summary["bytes"] = dest.stat().st_size
    return summary


def check_backup(path: str | Path) -> dict:
    """Open a backup read-only and check that it is a whole glossary. Returns its counts."""
    from glossary.schema import SCHEMA_VERSION

    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"{path}: no such backup file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise InputError(f"{path}: cannot open ({exc})") from None
    try:
        try:
            check = _integrity(conn)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: not a glossary backup ({exc})") from None
        if check != "ok":
            raise InputError(f"{path}: the backup is damaged (integrity check: {check})")
        if version == 0 or not _REQUIRED_TABLES <= tables:
            raise InputError(f"{path}: an SQLite database but not a glossary backup")
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{path}: schema version {version}; this glossary understands up to {SCHEMA_VERSION}: upgrade glossary"
            )
        return {"schema_version": version, "integrity": check, **_counts(conn)}
    finally:
        conn.close()


def restore(backup_path: str | Path, db_path: str | Path | None, *, force: bool = False) -> dict:
    """Replace the glossary at ``db_path`` with the backup at ``backup_path``.

    An existing glossary is replaced only with ``force``, and a copy of it is kept first
    (returned as ``previous``). The copy into the live database is one SQLite backup step,
    so a process that has the glossary open sees either the old or the restored content.
    """
    from glossary.config import check_db_path, path_writable, refuse_live_target, resolve_db_path
    from glossary.store import Glossary

    source = Path(backup_path).expanduser()
    target = resolve_db_path(db_path)
    check_db_path(target)
    refuse_live_target(source, target, "backup")
    info = check_backup(source)
    if target.exists() and not (path_writable(target) and path_writable(target.parent)):
        raise GlossaryError(f"glossary is read-only: {target}")
    previous = None
    if target.exists():
        if not force:
            raise GlossaryError(
                f"a glossary exists at {target}; use --force to replace it (a copy of it is kept first)"
            )
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        previous = target.with_name(f"{target.name}.before-restore-{stamp}")
        backup(target, previous, force=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, isolation_level=None)
    try:
        with Glossary(target) as g:
            try:
                src.backup(g.conn, pages=-1)
            except sqlite3.Error as exc:
                raise GlossaryError(f"restore into {target} failed: {exc}") from None
            g.conn.execute("PRAGMA journal_mode=WAL")
            check = _integrity(g.conn)
            if check != "ok":
                raise GlossaryError(f"{target} failed its integrity check after the restore ({check})")
            counts = _counts(g.conn)
    finally:
        src.close()
    # a backup from an older version is migrated on the next open, like any older glossary
    with Glossary(target):
        pass
    return {"db_path": str(target), "backup": str(source), "previous": str(previous) if previous else None,
            "integrity": check, "schema_version": info["schema_version"], **counts}
