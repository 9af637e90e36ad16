"""Reference termbases the user registers (``glossary dict add FILE``): TBX or TSV.

TBX (v2 or v3, with or without a DOCTYPE line): every ``termEntry`` / ``conceptEntry`` with
a Dutch and an English language section gives its Dutch term and variants -> its English terms
that are not rejected (read by :func:`glossary.formats.tbx.read`). TSV: ``dutch<TAB>english``
per line (more columns are ignored; a header naming ``nl``/``en`` or ``dutch``/``english``
columns picks those columns instead; ``#`` lines are comments), read by
:func:`glossary.formats.tsv.read_pairs`.
"""

from __future__ import annotations

from pathlib import Path

from glossary.errors import InputError
from glossary.keys import simple_key

NL = {"nl", "nld", "dut", "dutch", "nederlands", "nl-nl", "nl-be", "source"}
EN = {"en", "eng", "english", "engels", "en-gb", "en-us", "target"}


class Termbase:
    """Dutch key -> list of English terms, in file order."""

    def __init__(self, path: str | Path, kind: str | None = None):
        self.path = Path(path)
        self.name = self.path.stem
        self.kind = kind or kind_of(self.path)
        self.entries: dict[str, list[str]] = {}
        if not self.path.is_file():
            raise InputError(f"{self.path}: no such file")
        if self.kind == "tbx":
            self._read_tbx()
        elif self.kind == "tsv":
            self._read_tsv()
        else:
            raise InputError(f"{self.path}: unknown termbase format (use .tbx or .tsv)")
        if not self.entries:
            raise InputError(f"{self.path} holds no Dutch-English term pairs")

    def _add(self, nl: str, en: str) -> None:
        nl, en = " ".join(nl.split()), " ".join(en.split())
        if not nl or not en:
            return
        bucket = self.entries.setdefault(simple_key(nl), [])
        if en not in bucket:
            bucket.append(en)

    def _read_tsv(self) -> None:
        from glossary.formats import read_bytes, tsv

        for pair in tsv.read_pairs(read_bytes(self.path), str(self.path), allow_comments=True):
            self._add(pair.nl, pair.en)

    def _read_tbx(self) -> None:
        from glossary.formats import read_bytes, tbx

        for entry in tbx.read(read_bytes(self.path), str(self.path)):
            english = [t.text for t in entry.translations if t.status != "rejected"]
            for nl in [entry.term, *entry.variants]:
                for en in english:
                    self._add(nl, en)

    def lookup(self, text: str) -> list[str]:
        return list(self.entries.get(simple_key(text), []))


def kind_of(path: str | Path) -> str:
    name = str(path).casefold()
    if name.endswith(".tbx") or name.endswith(".xml"):
        return "tbx"
    if name.endswith((".tsv", ".tab", ".txt")):
        return "tsv"
    if name.endswith((".index", ".dict", ".dict.dz")):
        return "dictd"
    return "unknown"
