"""XLSX: sheet "Terms" (one row per term, the CSV columns, frozen and filterable header) and
sheet "Contexts" (term, document, Dutch sentence, English sentence). Cells a spreadsheet would
run as formulas get an apostrophe in front (stripped again on import). Characters XML cannot
hold (NUL, backspace, ...) are dropped on the way out and on the way in.

Import reads the Terms sheet (else the first sheet) with the CSV rules, and the contexts of the
Contexts sheet back into their terms."""

from __future__ import annotations

import io

from glossary.errors import InputError
from glossary.formats.csv_ import COLUMNS, row, rows_to_entries
from glossary.formats.model import Context, clean, neutralise, unneutralise
from glossary.formats.xmlsafe import xml_text

WIDTHS = {"A": 32, "B": 32, "C": 12, "D": 10, "E": 24, "F": 32, "G": 40, "H": 40}


def _sheet(wb, title, header, rows, widths):
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in rows:
        ws.append([neutralise(xml_text(v)) if isinstance(v, str) else v for v in values])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    return ws


def write(entries, out, **_options) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    _sheet(wb, "Terms", COLUMNS, (row(e) for e in entries), WIDTHS)
    contexts = ((e.term, c.document or "", c.text, c.translation or "") for e in entries for c in e.contexts)
    _sheet(wb, "Contexts", ("term", "document", "sentence", "translation"), contexts,
           {"A": 32, "B": 28, "C": 80, "D": 80})
    buf = io.BytesIO()
    wb.save(buf)
    out.write(buf.getvalue())


def read(data: bytes, name: str):
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _refuse_zip_bomb(data, name)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{name}: not a readable XLSX workbook ({exc})") from None
    try:
        ws = wb["Terms"] if "Terms" in wb.sheetnames else wb.worksheets[0]
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
        contexts = []
        if "Contexts" in wb.sheetnames and ws.title == "Terms":
            contexts = [["" if v is None else str(v) for v in r] for r in wb["Contexts"].iter_rows(values_only=True)]
    except (KeyError, ValueError, TypeError, OSError) as exc:
        raise InputError(f"{name}: not a readable XLSX workbook ({exc})") from None
    finally:
        wb.close()
    entries = rows_to_entries(rows, f"{name} [{ws.title}]")
    _attach_contexts(entries, contexts)
    return entries


def _attach_contexts(entries, table) -> None:
    """Contexts-sheet rows (term, document, sentence, translation) into the entries of that term."""
    if not table:
        return
    header = [clean(h).lower() for h in table[0]]
    col = {h: i for i, h in enumerate(header)}
    if "term" not in col or "sentence" not in col:
        return
    by_term: dict = {}
    for e in entries:
        by_term.setdefault(e.term, e)

    def cell(r, key):
        i = col.get(key)
        return clean(unneutralise(r[i])) if i is not None and i < len(r) else ""

    for r in table[1:]:
        entry = by_term.get(cell(r, "term"))
        text = cell(r, "sentence")
        if entry is not None and text:
            entry.contexts.append(Context(text, cell(r, "document") or None,
                                          translation=cell(r, "translation") or None))


# An XLSX is a zip: refuse archives that would inflate to far more than any glossary needs
# before openpyxl decompresses anything.
MAX_XLSX_UNCOMPRESSED = 512 * 2**20
MAX_XLSX_RATIO = 200


def _refuse_zip_bomb(data: bytes, name: str) -> None:
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{name}: not a readable XLSX workbook ({exc})") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_XLSX_UNCOMPRESSED or (total > 16 * 2**20 and total / packed > MAX_XLSX_RATIO):
        raise InputError(f"{name}: refused: the workbook would unpack to {total / 2**20:.0f} MiB "
                         f"(compression ratio {total / packed:.0f}:1); not a glossary spreadsheet")
