"""CSV with a header row: term, english, status, kind, lemma, variants, note, documents.

``english`` is the chosen English (approved, else the best candidate); ``status`` is the
term's status (approved, candidate, rejected, untranslated). Formula-like cells get an
apostrophe in front (stripped again on import). On import the header names the columns
(any order; ``source``/``target``/``comment`` are accepted too); only ``term`` is required.
"""

from __future__ import annotations

import csv
import io

from glossary.errors import InputError
from glossary.formats.delimited import decode
from glossary.formats.model import Entry, Translation, check_kind, check_status, clean, neutralise, unneutralise

COLUMNS = ("term", "english", "status", "kind", "lemma", "variants", "note", "documents")
ALIASES = {"source": "term", "dutch": "term", "nl": "term", "target": "english", "en": "english",
           "translation": "english", "comment": "note"}


def row(e: Entry) -> list[str]:
    chosen = e.chosen()
    return [e.term, chosen.text if chosen else "", e.status, e.kind, e.lemma or "", " | ".join(e.variants),
            clean(e.note), " | ".join(e.documents)]


def rows_to_entries(rows, name: str, *, first_line: int = 1) -> list[Entry]:
    """Entries from a header row and data rows (CSV and XLSX share this)."""
    rows = iter(rows)
    header = next(rows, None)
    if not header:
        return []
    names = [ALIASES.get(clean(h).lower(), clean(h).lower()) for h in header]
    if "term" not in names:
        raise InputError(f"{name}:{first_line}: the header row needs a 'term' column (found: {', '.join(names)})")
    out = []
    for number, cells in enumerate(rows, first_line + 1):
        if not any(clean(c) for c in cells):
            continue
        item = {n: clean(unneutralise(str(c) if c is not None else "")) for n, c in zip(names, cells)}
        where = f"{name}:{number}: "
        term = item.get("term", "")
        if not term:
            raise InputError(f"{where}empty term")
        status = (item.get("status") or "approved").lower()
        english = item.get("english", "")
        translations = []
        if english and status not in ("untranslated", "rejected"):
            translations.append(Translation(english, check_status(status, where)))
        out.append(Entry(
            term=term, kind=check_kind(item.get("kind"), where), lemma=item.get("lemma") or None,
            variants=[v.strip() for v in item.get("variants", "").split(" | ") if v.strip()],
            note=item.get("note") or None, translations=translations,
        ))
    return out


def write(entries, out, **_options) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for e in entries:
        w.writerow([neutralise(c) for c in row(e)])
    out.write(buf.getvalue().encode("utf-8"))


def read(data: bytes, name: str) -> list[Entry]:
    text = decode(data, name)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"{name}:{reader.line_num}: malformed CSV: {exc}") from None
    return rows_to_entries(rows, name)
