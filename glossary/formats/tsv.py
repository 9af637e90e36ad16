"""TSV in OmegaT's glossary layout: ``source<TAB>target<TAB>comment``, UTF-8, no header.

One line per translated term: the Dutch term, its chosen English (approved, else the best
candidate) and a comment: the term's note, prefixed ``[candidate]`` when the English is not
approved yet. Terms without English are left out (an OmegaT glossary row without a target is
noise) unless the writer is given ``include_untranslated=True`` (``export
--include-untranslated``). Cells are single-line; a cell a spreadsheet would run as a formula
gets an apostrophe in front (stripped again on import). On import a line's English is approved
unless its comment starts with ``[candidate]``.

:func:`rows` is the one TSV tokenizer (decoding, control characters, line numbers);
:func:`read` (import), :func:`read_pairs` (``check``, ``align``, ``dict add``) build on it.
"""

from __future__ import annotations

from glossary.errors import InputError
from glossary.formats.delimited import DUTCH_HEADERS, ENGLISH_HEADERS, Pair, decode, pairs
from glossary.formats.model import Entry, Translation, clean, neutralise, strip_controls, unneutralise

CANDIDATE = "[candidate]"
__all__ = ["CANDIDATE", "DUTCH_HEADERS", "ENGLISH_HEADERS", "Pair", "read", "read_pairs", "rows", "write"]


def comment(e: Entry) -> str:
    chosen = e.chosen()
    parts = []
    if chosen is not None and chosen.status != "approved":
        parts.append(CANDIDATE)
    if e.note:
        parts.append(clean(e.note))
    return " ".join(parts)


def write(entries, out, *, include_untranslated: bool = False, **_options) -> None:
    lines = []
    for e in entries:
        chosen = e.chosen()
        if chosen is None and not include_untranslated:
            continue
        cells = [clean(e.term), clean(chosen.text) if chosen else "", comment(e)]
        lines.append("\t".join(neutralise(c) for c in cells))
    out.write(("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))


def rows(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank line; cells keep their text but lose control
    characters (NUL, backspace, BOM, ...)."""
    out = []
    for number, line in enumerate(decode(data, name).splitlines(), 1):
        cells = [strip_controls(c) for c in line.split("\t")]
        if any(c.strip() for c in cells):
            out.append((number, cells))
    return out


def read(data: bytes, name: str) -> list[Entry]:
    out = []
    for number, cells in rows(data, name):
        if len(cells) < 2:
            raise InputError(f"{name}:{number}:{len(cells[0]) + 1}: expected TAB-separated source term and"
                             " target term (OmegaT glossary layout)")
        term = clean(unneutralise(cells[0]))
        english = clean(unneutralise(cells[1]))
        note = clean(unneutralise("\t".join(cells[2:]))) if len(cells) > 2 else ""
        status = "approved"
        if note.startswith(CANDIDATE):
            status, note = "candidate", note[len(CANDIDATE):].strip()
        if not term:
            raise InputError(f"{name}:{number}:1: empty source term (only spaces or invisible characters)")
        out.append(Entry(term=term, note=note or None,
                         translations=[Translation(english, status)] if english else []))
    return out


def read_pairs(data: bytes, name: str, *, last_two: bool = False, allow_comments: bool = False,
               need_english: bool = True) -> list[Pair]:
    """Dutch/English pairs of a bilingual TSV (:func:`glossary.formats.delimited.pairs`: first
    or ``last_two`` columns, or the ones a header names). ``allow_comments``: ``#`` lines are
    skipped."""
    table = rows(data, name)
    if allow_comments:
        table = [(n, cells) for n, cells in table if not cells[0].lstrip().startswith("#")]
    return pairs(table, name, last_two=last_two, need_english=need_english)
