"""CSV with a header row: term, english, status, kind, lemma, variants, note, documents.

``english`` is the chosen English (approved, else the best candidate, else the rejected one);
``status`` is the term's status (approved, candidate, rejected, untranslated). Formula-like cells get an
apostrophe in front (stripped again on import). On import the header names the columns
(any order; ``source``/``target``/``comment`` are accepted too); only ``term`` is required.
``status`` gives the English its status (approved when the column is missing or empty;
rejected keeps it as a rejected translation; untranslated brings only the term); ``documents``
and ``variants`` are `` | ``-separated. Control characters are dropped from every cell.
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
    # the chosen English; a term whose only English was rejected shows that (status rejected)
    chosen = e.chosen() or next((t for t in e.translations if t.status == "rejected"), None)
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
            raise InputError(f"{where}empty term (only spaces or invisible characters)")
        status = (item.get("status") or "approved").lower()
        english = item.get("english", "")
        translations = []
        if status != "untranslated":
            status = check_status(status, where)
            if english:
                translations.append(Translation(english, status))
        documents = _split(item.get("documents", ""))
        out.append(Entry(
            term=term, kind=check_kind(item.get("kind"), where), lemma=item.get("lemma") or None,
            variants=_split(item.get("variants", "")), note=item.get("note") or None,
            translations=translations, documents=documents, doc_count=len(documents),
        ))
    return out


def _split(cell: str) -> list[str]:
    out: list[str] = []
    for part in cell.split(" | "):
        part = clean(part)
        if part and part not in out:
            out.append(part)
    return out


def write(entries, out, **_options) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for e in entries:
        w.writerow([neutralise(c) for c in row(e)])
    out.write(buf.getvalue().encode("utf-8"))


def rows(data: bytes, name: str) -> list[list[str]]:
    """The rows of a CSV file (``,`` or ``;`` separated, RFC 4180 quoting, strict); one
    InputError with the line number when it is malformed."""
    text = decode(data, name)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise InputError(f"{name}:{reader.line_num}: malformed CSV: {exc}") from None


def read(data: bytes, name: str) -> list[Entry]:
    return rows_to_entries(rows(data, name), name)


def read_pairs(data: bytes, name: str, *, need_english: bool = True):
    """Dutch/English pairs of a bilingual CSV (first two columns, or the ones a header names),
    as :func:`glossary.formats.tsv.read_pairs` gives them for TSV."""
    from glossary.formats.delimited import pairs

    table = [(n, r) for n, r in enumerate(rows(data, name), 1) if any(clean(c) for c in r)]
    return pairs(table, name, need_english=need_english, separator="comma")
