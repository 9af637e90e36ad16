"""Merging imported entries into a glossary: a thin layer over
:meth:`glossary.store.Glossary.import_entries`, which holds the rules (docs/formats.md,
"Import rules") and does every write, with one history entry per import."""

from __future__ import annotations

from glossary.store import Conflict, Glossary, ImportReport, _group_entries

__all__ = ["Conflict", "ImportReport", "group_entries", "merge_entries"]


def group_entries(entries: list) -> list:
    """Entries with the same key and kind become one (translations in file order)."""
    return _group_entries(entries)


def merge_entries(g: Glossary, entries: list, *, origin: str, dry_run: bool = False) -> ImportReport:
    """Import ``entries`` (from the file ``origin``) into ``g``; see
    :meth:`glossary.store.Glossary.import_entries`."""
    return g.import_entries(entries, origin=origin, dry_run=dry_run)
