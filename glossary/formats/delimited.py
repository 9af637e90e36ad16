"""Shared reading/writing of delimited text (TSV, CSV): decoding, and the bilingual pairs
``check``, ``align`` and ``dict add`` read from either."""

from __future__ import annotations

from dataclasses import dataclass

from glossary.errors import InputError
from glossary.formats.model import clean

DUTCH_HEADERS = {"nl", "nld", "dut", "dutch", "nederlands", "nl-nl", "nl-be", "source", "src", "term"}
ENGLISH_HEADERS = {"en", "eng", "english", "engels", "en-gb", "en-us", "target", "tgt", "translation"}


@dataclass
class Pair:
    nl: str
    en: str
    line: int


def pairs(table: list[tuple[int, list[str]]], name: str, *, last_two: bool = False,
          need_english: bool = True, separator: str = "tab") -> list[Pair]:
    """Dutch/English pairs of (line, cells) rows: the first two columns (``last_two``: the last
    two), or the columns a header row names (nl/en, dutch/english, source/target, ...). Rows whose
    Dutch (or, when ``need_english``, English) is empty are skipped; a row with one column is an
    error naming the line."""
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
            raise InputError(f"{name}:{number}: expected {separator}-separated Dutch and English columns")
        nl, en = clean(cells[nl_col]), clean(cells[en_col])
        if nl and (en or not need_english):
            out.append(Pair(nl, en, number))
    return out


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{name}:{line}:{col}: not UTF-8 text (save the file as UTF-8)") from None
