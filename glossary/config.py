"""Where things live: the database, the shipped data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "glossary"
DB_ENV = "GLOSSARY_DB"
DB_FILENAME = "glossary.db"

#: The project's shipped linguistic resources and sample corpus (``data/`` in the source tree).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``$GLOSSARY_DB`` is given."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """``--db`` wins over ``$GLOSSARY_DB``, which wins over the platform default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


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
