"""TMX 1.4b: a translation memory of context sentence pairs (the Dutch context sentence and
its English translation), for CAT tools. Only pairs with both sides; each pair once.

:func:`read_pairs` is the one TMX reader (``check``, ``align`` and anything else that takes a
translation memory use it): through :mod:`glossary.formats.xmlsafe`, so the usual
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` line is fine and inline DTDs/entities are refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from glossary import __version__
from glossary.errors import InputError
from glossary.formats import xmlsafe
from glossary.formats.model import clean

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DUTCH = ("nl", "nld", "dut")
ENGLISH = ("en", "eng")


def pairs(entries) -> list[tuple[str, str, str | None]]:
    seen: set[str] = set()
    out = []
    for e in entries:
        for c in e.contexts:
            if c.text and c.translation and c.text not in seen:
                seen.add(c.text)
                out.append((c.text, c.translation, c.document))
    return out


def write(entries, out, **_options) -> None:
    text = xmlsafe.xml_text
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "glossary", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "glossary", "adminlang": "en", "srclang": "nl", "datatype": "plaintext",
    })
    body = etree.SubElement(root, "body")
    for nl, en, document in pairs(entries):
        tu = etree.SubElement(body, "tu")
        if document:
            prop = etree.SubElement(tu, "prop", type="x-document")
            prop.text = text(document)
        for lang, value in (("nl", nl), ("en", en)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text(value)
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(etree.tostring(root, encoding="UTF-8", pretty_print=True))


# -- reading ------------------------------------------------------------------------------------

@dataclass
class Pair:
    nl: str
    en: str  # "" when the unit has no English side
    ref: str  # the unit's tuid, else "tu N"
    document: str | None = None  # <prop type="x-document">, as the export writes it


def _side(code: str) -> str | None:
    base = (code or "").casefold().replace("_", "-").split("-")[0]
    return "nl" if base in DUTCH else "en" if base in ENGLISH else None


def read_pairs(data: bytes, name: str, *, need_english: bool = True) -> list[Pair]:
    """The Dutch/English pairs of a TMX file (units without a Dutch side are skipped; without an
    English side too unless ``need_english`` is False). InputError (one line) when the file is not
    well-formed TMX."""
    root = xmlsafe.parse(data, name)
    if xmlsafe.local(root.tag) != "tmx":
        raise InputError(f"{name}: not a TMX file (root element <{xmlsafe.local(root.tag)}>, expected <tmx>)")
    out = []
    number = 0
    for tu in root.iter():
        if xmlsafe.local(tu.tag) != "tu":
            continue
        number += 1
        sides: dict[str, str] = {}
        document = None
        for child in tu:
            tag = xmlsafe.local(child.tag)
            if tag == "prop" and child.get("type") == "x-document":
                document = clean(child.text) or None
            if tag != "tuv":
                continue
            side = _side(child.get(XML_LANG) or child.get("lang") or "")
            seg = next((c for c in child if xmlsafe.local(c.tag) == "seg"), None)
            if side and seg is not None and side not in sides:
                sides[side] = clean("".join(seg.itertext()))
        if sides.get("nl") and (sides.get("en") or not need_english):
            out.append(Pair(sides["nl"], sides.get("en", ""), tu.get("tuid") or f"tu {number}", document))
    return out
