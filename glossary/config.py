"""Where things live: the database, the shipped data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "glossary"
DB_ENV = "GLOSSARY_DB"
DB_FILENAME = "glossary.db"


def _data_dir() -> Path:
    """The shipped resources: ``glossary/_data`` in an installed wheel (pyproject maps the
    repository's ``data/`` there), the repository's ``data/`` in a source checkout or an
    editable install."""
    package = Path(__file__).resolve().parent
    installed = package / "_data"
    if installed.is_dir():
        return installed
    return package.parent / "data"


#: The project's shipped linguistic resources (``data/models/``, ``data/lexicon/``). Every file
#: the code opens at run time is opened through this (or :func:`resource_path`), so that it is
#: inside the installed package.
DATA_DIR = _data_dir()


def resource_path(relative: str) -> Path:
    """A shipped resource, e.g. ``resource_path("models/nl_upos_perceptron.json.gz")``."""
    return DATA_DIR / relative


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``$GLOSSARY_DB`` is given."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """``--db`` wins over ``$GLOSSARY_DB``, which wins over the platform default. An empty
    ``--db`` is an error (it used to fall back silently to another glossary)."""
    if cli_value is not None:
        if not os.fspath(cli_value).strip():
            from glossary.errors import UsageError

            raise UsageError("--db needs a path to a glossary file (got an empty string)")
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def path_writable(path: Path) -> bool:
    """Whether ``path`` (file or folder) can be written: False on read-only media (for root
    too) and for a file or folder this user may not write."""
    return os.access(path, os.W_OK)


def check_db_path(path: Path) -> None:
    """Refuse, in one line, a database path SQLite would hang on or misreport: a FIFO or
    device (opening it blocks), a folder, a symlink loop or a dangling link."""
    import errno
    import stat

    from glossary.errors import GlossaryError

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        # a dangling link, or no file (yet): another process may create it between the two
        # calls, so only a link that still points nowhere is refused
        if os.path.islink(path) and not os.path.exists(path):
            raise GlossaryError(f"{path} is a broken symbolic link") from None
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise GlossaryError(f"{path}: symbolic link loop") from None
        if exc.errno == errno.ENOTDIR:
            raise GlossaryError(f"{path}: a file stands where a folder should be") from None
        raise GlossaryError(f"cannot open the glossary {path} ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise GlossaryError(f"{path} is a directory, not a glossary database")
    if not stat.S_ISREG(mode):
        raise GlossaryError(f"{path} is not a regular file (a FIFO, socket or device), not a glossary database")


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether ``a`` and ``b`` name the same file, however spelt (relative, ``..``, symlinks,
    hard links); False when either does not exist."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def refuse_live_target(target: str | os.PathLike, db_path: str | os.PathLike, what: str) -> None:
    """Raise a one-line error when ``target`` (a file about to be written) is the live
    glossary ``db_path`` or one of its -wal/-shm/-journal files: writing it would destroy
    the glossary."""
    from glossary.errors import GlossaryError

    db = Path(db_path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        live = db.with_name(db.name + suffix)
        if same_file(target, live) or _resolved(target) == _resolved(live):
            kind = "the glossary itself" if not suffix else f"the glossary's {suffix[1:]} file"
            raise GlossaryError(f"{target} is {kind} ({db}); choose another {what} file")


def _resolved(path: str | os.PathLike) -> Path | None:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return None


ACTOR_ENV = "GLOSSARY_ACTOR"


def default_actor() -> str:
    """Who makes the changes of this session (history, undo): ``$GLOSSARY_ACTOR``, else the
    login name (``$USER`` / getpass), else ``user``."""
    for name in (ACTOR_ENV, "LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass.getuser's order
        actor = os.environ.get(name, "").strip()
        if actor:
            return actor
    try:  # no login name in the environment: the password database (importing getpass costs ~1 ms)
        import getpass

        actor = getpass.getuser().strip()
    except Exception:  # no login name (a container without a passwd entry)
        actor = ""
    return actor or "user"
