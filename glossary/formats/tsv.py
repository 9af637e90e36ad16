"""TSV in OmegaT's glossary layout: ``source<TAB>target<TAB>comment``, UTF-8, no header.

One line per term: the Dutch term, its chosen English (approved, else the best candidate,
else empty) and a comment: the term's note, prefixed ``[candidate]`` when the English is not
approved yet. Cells are single-line; a cell a spreadsheet would run as a formula gets an
apostrophe in front (stripped again on import). On import a line's English is approved unless
its comment starts with ``[candidate]``.
"""

from __future__ import annotations

from glossary.errors import InputError
from glossary.formats.delimited import decode
from glossary.formats.model import Entry, Translation, clean, neutralise, unneutralise

CANDIDATE = "[candidate]"


def comment(e: Entry) -> str:
    chosen = e.chosen()
    parts = []
    if chosen is not None and chosen.status != "approved":
        parts.append(CANDIDATE)
    if e.note:
        parts.append(clean(e.note))
    return " ".join(parts)


def write(entries, out, **_options) -> None:
    lines = []
    for e in entries:
        chosen = e.chosen()
        cells = [clean(e.term), clean(chosen.text) if chosen else "", comment(e)]
        lines.append("\t".join(neutralise(c) for c in cells))
    out.write(("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))


def read(data: bytes, name: str) -> list[Entry]:
    out = []
    for number, line in enumerate(decode(data, name).splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError(f"{name}:{number}:{len(line) + 1}: expected TAB-separated source term and"
                             " target term (OmegaT glossary layout)")
        term = clean(unneutralise(cells[0]))
        english = clean(unneutralise(cells[1]))
        note = clean(unneutralise("\t".join(cells[2:]))) if len(cells) > 2 else ""
        status = "approved"
        if note.startswith(CANDIDATE):
            status, note = "candidate", note[len(CANDIDATE):].strip()
        if not term:
            raise InputError(f"{name}:{number}:1: empty source term")
        out.append(Entry(term=term, note=note or None,
                         translations=[Translation(english, status)] if english else []))
    return out
