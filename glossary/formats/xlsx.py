"""XLSX: sheet "Terms" (one row per term, the CSV columns, frozen and filterable header) and
sheet "Contexts" (term, document, Dutch sentence, English sentence). Cells a spreadsheet would
run as formulas get an apostrophe in front (stripped again on import)."""

from __future__ import annotations

import io

from glossary.errors import InputError
from glossary.formats.csv_ import COLUMNS, row, rows_to_entries
from glossary.formats.model import neutralise

WIDTHS = {"A": 32, "B": 32, "C": 12, "D": 10, "E": 24, "F": 32, "G": 40, "H": 40}


def _sheet(wb, title, header, rows, widths):
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in rows:
        ws.append([neutralise(v) if isinstance(v, str) else v for v in values])
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
    ws = wb["Terms"] if "Terms" in wb.sheetnames else wb.worksheets[0]
    rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows_to_entries(rows, f"{name} [{ws.title}]")


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
