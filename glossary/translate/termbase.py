"""Reference termbases the user registers (``glossary dict add FILE``): TBX or TSV.

TBX: every ``termEntry`` / ``conceptEntry`` with a Dutch and an English ``langSet`` (or
``langSec``) gives Dutch term(s) -> English term(s). Parsed with lxml, entities not resolved,
no network. TSV: ``dutch<TAB>english`` per line (more columns are ignored; a header naming
``nl``/``en`` or ``dutch``/``english`` columns picks those columns instead; ``#`` lines are
comments).
"""

from __future__ import annotations

import csv
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
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path} is not a UTF-8 TSV file ({exc})") from None
        rows = [r for r in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and not r[0].startswith("#")]
        if not rows:
            return
        nl_col, en_col = 0, 1
        header = [c.strip().casefold() for c in rows[0]]
        if any(c in NL for c in header) and any(c in EN for c in header):
            nl_col = next(i for i, c in enumerate(header) if c in NL)
            en_col = next(i for i, c in enumerate(header) if c in EN)
            rows = rows[1:]
        for number, row in enumerate(rows, 1):
            if len(row) <= max(nl_col, en_col):
                raise InputError(f"{self.path}: line {number} has no tab-separated Dutch and English columns")
            self._add(row[nl_col], row[en_col])

    def _read_tbx(self) -> None:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.parse(str(self.path), parser).getroot()
        except (etree.XMLSyntaxError, OSError) as exc:
            raise InputError(f"{self.path} is not well-formed TBX ({str(exc).splitlines()[0]})") from None
        if root.getroottree().docinfo.internalDTD is not None:
            raise InputError(f"{self.path}: TBX with an inline DTD (entity declarations) is refused")

        def local(tag) -> str:
            return etree.QName(tag).localname if isinstance(tag, str) else ""

        xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
        entries = [e for e in root.iter() if local(e.tag) in ("termEntry", "conceptEntry")]
        if not entries and local(root.tag) not in ("martif", "tbx"):
            raise InputError(f"{self.path} is XML but not TBX (root <{local(root.tag)}>)")
        for entry in entries:
            langs: dict[str, list[str]] = {"nl": [], "en": []}
            for lang_set in entry:
                if local(lang_set.tag) not in ("langSet", "langSec"):
                    continue
                code = (lang_set.get(xml_lang) or lang_set.get("lang") or "").casefold()
                side = "nl" if code.split("-")[0] in ("nl", "nld", "dut") else "en" if code.split("-")[0] in ("en", "eng") else None
                if side is None:
                    continue
                for term in lang_set.iter():
                    if local(term.tag) == "term":
                        text = "".join(term.itertext())
                        if text.strip():
                            langs[side].append(text)
            for nl in langs["nl"]:
                for en in langs["en"]:
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
