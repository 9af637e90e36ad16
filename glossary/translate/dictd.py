"""Reader for dictd dictionaries (``NAME.index`` + ``NAME.dict`` or ``NAME.dict.dz``).

The index has one line per headword: ``headword<TAB>offset<TAB>length[<TAB>original]``, with
offset and length in dictd's base64 (``A``-``Z``, ``a``-``z``, ``0``-``9``, ``+``, ``/``).
``.dict.dz`` is dictzip, which is gzip-compatible: it is decompressed once into memory (the
FreeDict nld-eng data is ~1.5 MB). Entries whose headword starts with ``00database`` hold
metadata (``00databaseshort`` is the title with its version).

FreeDict entries look like ``headword /pronunciation/\\n1. sense\\n2. sense``; :meth:`senses`
returns the English senses in order.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from pathlib import Path

from glossary.errors import InputError

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: i for i, c in enumerate(B64)}

#: where system dictd dictionaries live (Debian's dict-freedict-* packages)
SYSTEM_DIRS = ("/usr/share/dictd",)
DICTD_PATH_ENV = "GLOSSARY_DICTD_PATH"  # colon-separated folders; empty = none


def b64_decode(text: str) -> int:
    value = 0
    for char in text:
        try:
            value = value * 64 + _B64_VALUE[char]
        except KeyError:
            raise ValueError(f"bad dictd base64 number {text!r}") from None
    return value


def b64_encode(number: int) -> str:
    if number == 0:
        return "A"
    out = ""
    while number:
        number, rest = divmod(number, 64)
        out = B64[rest] + out
    return out


def base_path(path: str | Path) -> Path:
    """``x.index``, ``x.dict``, ``x.dict.dz`` or ``x`` -> ``x``."""
    p = Path(path)
    name = p.name
    for suffix in (".dict.dz", ".dict", ".index"):
        if name.endswith(suffix):
            return p.with_name(name[: -len(suffix)])
    return p


def system_dictionaries(pair: str = "nld-eng") -> list[Path]:
    """Installed dictd dictionaries for ``pair`` (e.g. FreeDict's ``freedict-nld-eng``)."""
    env = os.environ.get(DICTD_PATH_ENV)
    dirs = [d for d in env.split(os.pathsep) if d] if env is not None else list(SYSTEM_DIRS)
    found = []
    for folder in dirs:
        d = Path(folder)
        if not d.is_dir():
            continue
        for index in sorted(d.glob(f"*{pair}*.index")):
            base = base_path(index)
            if base.with_name(base.name + ".dict.dz").is_file() or base.with_name(base.name + ".dict").is_file():
                found.append(base)
    return found


class DictdDictionary:
    """A dictd dictionary loaded into memory; case-insensitive headword lookup."""

    def __init__(self, path: str | Path):
        self.base = base_path(path)
        self.name = self.base.name
        index = self.base.with_name(self.name + ".index")
        data_candidates = [self.base.with_name(self.name + ".dict.dz"), self.base.with_name(self.name + ".dict")]
        data_path = next((p for p in data_candidates if p.is_file()), None)
        if not index.is_file() or data_path is None:
            raise InputError(f"{self.base}: a dictd dictionary needs {self.name}.index and {self.name}.dict(.dz)")
        try:
            raw = data_path.read_bytes()
            self.data = gzip.decompress(raw) if data_path.suffix == ".dz" else raw
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(f"{data_path} cannot be read as dictd data ({exc})") from None
        self.entries: dict[str, list[tuple[int, int]]] = {}
        try:
            lines = index.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{index} is not a dictd index ({exc})") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < 3:
                raise InputError(f"{index}:{number}: not a dictd index line (headword, offset, length)")
            try:
                offset, length = b64_decode(fields[1]), b64_decode(fields[2])
            except ValueError as exc:
                raise InputError(f"{index}:{number}: {exc}") from None
            if offset + length > len(self.data):
                raise InputError(f"{index}:{number}: entry points past the end of the .dict data")
            self.entries.setdefault(fields[0].strip().casefold(), []).append((offset, length))
        if not self.entries:
            raise InputError(f"{index} has no entries")
        short = self.raw("00databaseshort") or self.raw("00-database-short") or ""
        short = short.split("\n", 1)[-1].strip() if short.startswith("00") else short.strip()
        self.title = short.splitlines()[0].strip() if short else self.name
        match = re.search(r"ver(?:sion|\.)?\s*([0-9][\w.\-]*)", self.title)
        self.version = match.group(1) if match else None

    def __contains__(self, word: str) -> bool:
        return word.casefold() in self.entries

    def raw(self, headword: str) -> str | None:
        spans = self.entries.get(headword.casefold())
        if not spans:
            return None
        return "\n".join(self.data[o:o + n].decode("utf-8", "replace") for o, n in spans)

    def senses(self, headword: str) -> list[str]:
        """English senses of ``headword``, best (first) first, without duplicates."""
        spans = self.entries.get(headword.casefold())
        if not spans:
            return []
        out: list[str] = []
        for offset, length in spans:
            text = self.data[offset:offset + length].decode("utf-8", "replace")
            lines = text.splitlines()
            if lines and (lines[0].split(" /")[0].strip().casefold() == headword.casefold()
                          or "/" in lines[0]):
                lines = lines[1:]
            for line in lines:
                line = re.sub(r"^\s*\d+\.\s*", "", line).strip()
                line = re.sub(r"<[^>]*>|\{[^}]*\}|\([^)]*\)", "", line).strip()
                for sense in re.split(r"\s*[;,]\s*", line):
                    sense = " ".join(sense.split()).strip(" .")
                    if sense and sense.casefold() not in (s.casefold() for s in out):
                        out.append(sense)
        return out


def write_dictd(base: str | Path, entries: dict[str, list[str]], *, short: str = "Test dictionary ver. 1.0",
                compress: bool = True) -> Path:
    """Write a small dictd dictionary (FreeDict-style entries); used by tests and fixtures."""
    base = Path(base)
    chunks: list[bytes] = []
    index_lines = []
    offset = 0
    items = [("00databaseshort", f"00databaseshort\n{short}\n")] + [
        (word, word + "\n" + "\n".join(
            f"{i}. {s}" if len(senses) > 1 else s for i, s in enumerate(senses, 1)) + "\n")
        for word, senses in sorted(entries.items())
    ]
    for word, body in items:
        data = body.encode("utf-8")
        index_lines.append(f"{word}\t{b64_encode(offset)}\t{b64_encode(len(data))}")
        chunks.append(data)
        offset += len(data)
    base.parent.mkdir(parents=True, exist_ok=True)
    base.with_name(base.name + ".index").write_text("\n".join(index_lines) + "\n", encoding="utf-8")
    blob = b"".join(chunks)
    if compress:
        base.with_name(base.name + ".dict.dz").write_bytes(gzip.compress(blob))
    else:
        base.with_name(base.name + ".dict").write_bytes(blob)
    return base
