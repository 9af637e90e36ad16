"""One rule for everything derived from a glossary's content and kept in memory (the fuzzy
lookup index, the annotate/check automaton): keep it until the database changes.

"Changed" means: another connection committed (``PRAGMA data_version`` moves) or this
connection wrote (``total_changes`` moves). Both are cheap to read, so every use checks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def db_stamp(g) -> tuple:
    """What changes whenever the content of ``g``'s database does."""
    try:
        return (g.conn.execute("PRAGMA data_version").fetchone()[0], g.conn.total_changes)
    except sqlite3.Error:  # a closed connection: never equal to a real stamp
        return (None, None)


class DerivedCache:
    """Values built from a glossary by ``build(g, key)``, one per (glossary object, key), rebuilt
    when the database changed (:func:`db_stamp`). At most ``size`` entries (then it starts over:
    a process normally holds one or two glossaries)."""

    def __init__(self, build: Callable[[Any, Hashable], Any], size: int = 16):
        self.build = build
        self.size = size
        self.items: dict[tuple[int, Hashable], tuple[Any, tuple, Any]] = {}

    def get(self, g, key: Hashable = None):
        stamp = db_stamp(g)
        cached = self.items.get((id(g), key))
        if cached is not None and cached[0] is g and cached[1] == stamp:
            return cached[2]
        value = self.build(g, key)
        if len(self.items) >= self.size:
            self.items.clear()
        self.items[(id(g), key)] = (g, stamp, value)
        return value

    def clear(self) -> None:
        self.items.clear()
