"""A hardened XML parser for files from elsewhere (TBX, TMX).

Refused before parsing: any DOCTYPE with an internal subset (``<!DOCTYPE x [ ... ]>``: entity
declarations, billion laughs, quadratic blow-up, external and parameter entities). A plain
DOCTYPE line naming an external DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, ``<!DOCTYPE martif
SYSTEM "TBXcoreStructV02.dtd">``), as TMX and TBX v2 files carry, is accepted and ignored.
The parser itself never resolves entities, never loads
a DTD (an external DTD named in a DOCTYPE is ignored, not fetched), never touches the network,
and keeps libxml2's size limits (``huge_tree=False``). A malformed file gives one
:class:`~glossary.errors.InputError` with line and column.
"""

from __future__ import annotations

import codecs
import re

from glossary.errors import InputError

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
# a DOCTYPE with an internal subset: the name, then an optional external id, then "["
_SUBSET = re.compile(rb"""<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:"[^"]*"|'[^']*'))+)?\s*\[""", re.I)
# characters XML 1.0 cannot carry at all (writers drop them: a stored string never breaks an export)
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text) -> str:
    """``text`` with the characters XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone
    surrogates) removed, for the XML writers (TBX, TMX, XLSX)."""
    return _XML_ILLEGAL.sub("", str(text if text is not None else ""))


def _as_utf8_prefix(data: bytes) -> bytes:
    """The bytes to scan for declarations: UTF-16/32 input is decoded first."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace").encode("utf-8")
    if data[:4] in (b"<\0?\0", b"\0<\0?"):
        enc = "utf-16-le" if data[:1] == b"<" else "utf-16-be"
        return data.decode(enc, errors="replace").encode("utf-8")
    return data


def parse(data: bytes, name: str = "<input>"):
    """Parse ``data`` safely and return the root element (lxml)."""
    from lxml import etree

    scan = _as_utf8_prefix(data)
    entity = _ENTITY.search(scan)
    if entity is not None and _DOCTYPE.search(scan):
        line = scan[: entity.start()].count(b"\n") + 1
        raise InputError(f"{name}:{line}: refused: the file declares XML entities (DOCTYPE with ENTITY);"
                         " entity declarations are not accepted")
    subset = _SUBSET.search(scan)
    if subset:
        line = scan[: subset.start()].count(b"\n") + 1
        raise InputError(f"{name}:{line}: refused: the DOCTYPE has an internal subset ([...]: inline DTD"
                         " declarations); a DOCTYPE line naming an external DTD is fine")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno or 0, 0)
        msg = " ".join((exc.msg or str(exc)).split(", line ")[0].split())
        raise InputError(f"{name}:{line}:{col}: malformed XML: {msg}") from None
    if root is None:
        raise InputError(f"{name}: empty XML document")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (any(True for _ in dtd.iterentities()) or any(True for _ in dtd.iterelements())):
        raise InputError(f"{name}: refused: the file declares XML entities or an inline DTD")
    for node in root.iter():
        if node.tag is etree.Entity:
            raise InputError(f"{name}:{node.sourceline}: refused: entity reference &{node.name};")
    return root


def local(tag) -> str:
    """The local name of an element tag (``{ns}conceptEntry`` -> ``conceptEntry``)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(node) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""
