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

from dataclasses import dataclass

from glossary.errors import InputError
from glossary.formats.delimited import decode
from glossary.formats.model import Entry, Translation, clean, neutralise, strip_controls, unneutralise

CANDIDATE = "[candidate]"
DUTCH_HEADERS = {"nl", "nld", "dut", "dutch", "nederlands", "nl-nl", "nl-be", "source", "src", "term"}
ENGLISH_HEADERS = {"en", "eng", "english", "engels", "en-gb", "en-us", "target", "tgt", "translation"}


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


@dataclass
class Pair:
    nl: str
    en: str
    line: int


def read_pairs(data: bytes, name: str, *, last_two: bool = False, allow_comments: bool = False,
               need_english: bool = True) -> list[Pair]:
    """Dutch/English pairs of a bilingual TSV: the first two columns (``last_two``: the last two,
    for segment files with an id column first), or the columns a header row names (nl/en,
    dutch/english, source/target, ...). ``allow_comments``: ``#`` lines are skipped. Lines whose
    Dutch (or, when ``need_english``, English) is empty are skipped; a line with one column is an
    error."""
    table = rows(data, name)
    if allow_comments:
        table = [(n, cells) for n, cells in table if not cells[0].lstrip().startswith("#")]
    nl_col, en_col = (-2, -1) if last_two else (0, 1)
    if table:
        header = [clean(c).casefold() for c in table[0][1]]
        if any(c in DUTCH_HEADERS for c in header) and any(c in ENGLISH_HEADERS for c in header):
            nl_col = next(i for i, c in enumerate(header) if c in DUTCH_HEADERS)
            en_col = next(i for i, c in enumerate(header) if c in ENGLISH_HEADERS)
            table = table[1:]
    out = []
    for number, cells in table:
        if len(cells) < 2 or len(cells) <= max(nl_col, en_col):
            raise InputError(f"{name}:{number}: expected tab-separated Dutch and English columns")
        nl, en = clean(cells[nl_col]), clean(cells[en_col])
        if nl and (en or not need_english):
            out.append(Pair(nl, en, number))
    return out
