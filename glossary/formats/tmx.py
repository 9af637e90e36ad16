"""TMX 1.4b: a translation memory of context sentence pairs (the Dutch context sentence and
its English translation), for CAT tools. Only pairs with both sides; each pair once."""

from __future__ import annotations

from lxml import etree

from glossary import __version__

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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
            prop.text = document
        for lang, text in (("nl", nl), ("en", en)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(etree.tostring(root, encoding="UTF-8", pretty_print=True))
