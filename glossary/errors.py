"""Errors the CLI turns into one line on stderr and a non-zero exit code."""


class GlossaryError(Exception):
    """Base class. ``str(error)`` is a complete one-line message for the user."""

    exit_code = 1


class InputError(GlossaryError):
    """A file or value given by the user cannot be read or understood."""


class UsageError(GlossaryError):
    """The command line is wrong (exit code 2, like argparse)."""

    exit_code = 2


class SchemaError(GlossaryError):
    """The database was written by a newer version of glossary, or is not a glossary."""


def sqlite_error_name(exc: BaseException) -> str:
    """``exc.sqlite_errorname`` (``SQLITE_FULL``, ``SQLITE_READONLY``, ...), or ``""``."""
    return getattr(exc, "sqlite_errorname", "") or ""


def db_error(exc: BaseException, path) -> GlossaryError | None:
    """The one-line error for an ``sqlite3`` error a user can cause (disk full, read-only,
    I/O error, corrupt file, ...), naming the glossary ``path``; None for anything else (a
    bug, which should not be dressed up)."""
    name = sqlite_error_name(exc)
    message = " ".join(str(exc).split())
    if name.startswith("SQLITE_FULL") or "disk is full" in message or (
            name.startswith("SQLITE_IOERR") and _disk_full(path)):
        return GlossaryError(f"disk full: cannot write the glossary {path} (nothing was changed)")
    if name.startswith("SQLITE_READONLY") or "readonly database" in message:
        return GlossaryError(f"glossary is read-only: {path}")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in message:
        return GlossaryError(f"I/O error on the glossary {path} ({message})")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in message:
        return GlossaryError(f"cannot open the glossary {path} ({message})")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in message:
        return SchemaError(f"{path} is damaged or not a glossary database ({message})")
    if name.startswith(("SQLITE_PERM", "SQLITE_AUTH")):
        return GlossaryError(f"permission denied on the glossary {path} ({message})")
    return None


def os_error_line(exc: OSError) -> str:
    """One line for an ``OSError``, naming its path(s): "PATH: No space left on device"."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    names = [n for n in (exc.filename, exc.filename2) if n is not None]
    if names:
        return f"{' -> '.join(safe_name(n) for n in names)}: {reason}"
    return reason


def safe_name(name) -> str:
    """A path as it can be printed: undecodable bytes (a non-UTF-8 file name) replaced."""
    import os

    if isinstance(name, bytes):
        return name.decode("utf-8", "replace")
    text = os.fspath(name) if hasattr(name, "__fspath__") else str(name)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _disk_full(path) -> bool:
    """Whether the file system holding ``path`` has (next to) no space left: SQLite reports
    a full disk while growing its -shm file as an I/O error."""
    import os
    import shutil

    try:
        folder = os.path.dirname(os.path.abspath(os.fspath(path))) or "."
        return shutil.disk_usage(folder).free < 64 * 1024
    except (OSError, TypeError, ValueError):
        return False
