"""XLIFF 1.2 (``urn:oasis:names:tc:xliff:document:1.2``) for pre-translated documents: the
version OmegaT, memoQ, Trados and translate-toolkit all read.

One ``<file>`` per document (``original`` = its file name, ``datatype="plaintext"``,
``source-language="nl"``, ``target-language="en"``), one ``<group restype="x-paragraph">`` per
paragraph, one ``<trans-unit>`` per sentence segment with its ``<source>``; with a translation a
``<target state="needs-review-translation" state-qualifier="mt-suggestion">`` in which each
enforced glossary English is a ``<mrk mtype="term">``; notes ``from="developer"``, the origin
translate-toolkit's ``xliff2po`` turns into PO extracted comments (``#.``; it keeps only
``developer`` and ``translator`` notes) and CAT tools show beside the segment: one starting
``Glossary:`` (the terms found: Dutch -> approved English, or a candidate marked as such) and
one starting ``QA:`` (``check``'s findings). Without a translation there is no ``<target>``.

:func:`write` takes duck-typed documents (``name``, ``segments``), each segment with ``id``,
``paragraph``, ``source``, ``target`` (str or None), ``terms`` (objects with ``target_span``
and ``enforced``), ``note_lines()`` and ``qa_lines()`` -- :mod:`glossary.pretranslate`'s.
:func:`read_pairs` is the one XLIFF reader (``glossary check``): source/target pairs of any
XLIFF 1.2 (or 2.x) file, through the hardened parser of :mod:`glossary.formats.xmlsafe`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from glossary import __version__
from glossary.errors import InputError
from glossary.formats import xmlsafe

NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{NS}}}"
STATE = "needs-review-translation"
STATE_QUALIFIER = "mt-suggestion"
NOTE_FROM = "developer"  # kept by translate-toolkit (xliff2po: "#." comments) and shown by CAT tools


def _clean(text: str) -> str:
    """Text XML 1.0 can carry (no control characters)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff")


def _target(unit, segment) -> None:
    target = etree.SubElement(unit, _X + "target", state=STATE, **{"state-qualifier": STATE_QUALIFIER})
    text = segment.target
    spans = sorted({t.target_span for t in segment.terms if t.target_span and t.enforced})
    pos = 0
    last = None
    for a, b in spans:
        if a < pos or b > len(text):  # overlapping or out of range: leave unmarked
            continue
        chunk = _clean(text[pos:a])
        if last is None:
            target.text = chunk
        else:
            last.tail = chunk
        last = etree.SubElement(target, _X + "mrk", mtype="term")
        last.text = _clean(text[a:b])
        pos = b
    rest = _clean(text[pos:])
    if last is None:
        target.text = rest
    else:
        last.tail = rest


def write(documents, out, *, model: str | None = None, note: str | None = None) -> None:
    """Write ``documents`` as XLIFF 1.2 to the binary stream ``out``."""
    root = etree.Element(_X + "xliff", nsmap={None: NS}, version="1.2")
    for doc in documents:
        attrs = {"original": doc.name, "source-language": "nl", "datatype": "plaintext", "target-language": "en"}
        file_el = etree.SubElement(root, _X + "file", attrs)
        header = etree.SubElement(file_el, _X + "header")
        etree.SubElement(header, _X + "tool", {"tool-id": "glossary", "tool-name": "glossary",
                                               "tool-version": __version__})
        if note:
            etree.SubElement(header, _X + "note", {"from": "glossary"}).text = _clean(note)
        body = etree.SubElement(file_el, _X + "body")
        group = None
        paragraph = None
        for seg in doc.segments:
            if group is None or seg.paragraph != paragraph:
                paragraph = seg.paragraph
                group = etree.SubElement(body, _X + "group", id=f"p{paragraph}", restype="x-paragraph")
            unit = etree.SubElement(group, _X + "trans-unit", id=str(seg.id))
            etree.SubElement(unit, _X + "source").text = _clean(seg.source)
            if seg.target is not None:
                _target(unit, seg)
            lines = seg.note_lines()
            if lines:
                etree.SubElement(unit, _X + "note", {"from": NOTE_FROM}).text = _clean(
                    "Glossary: " + "; ".join(lines))
            qa = seg.qa_lines()
            if qa:
                etree.SubElement(unit, _X + "note", {"from": NOTE_FROM}).text = _clean("QA: " + "; ".join(qa))
    _indent(root)
    out.write(etree.tostring(root, encoding="UTF-8", xml_declaration=True))


_STRUCTURE = {_X + n for n in ("xliff", "file", "header", "body", "group", "trans-unit")}


def _indent(element, level: int = 0) -> None:
    """Line breaks and indentation between structural elements only: the content of
    ``source``, ``target`` (mixed with ``mrk``) and ``note`` is never touched (lxml's
    pretty printer would indent a ``target`` that starts with a ``mrk``)."""
    children = list(element)
    if element.tag not in _STRUCTURE or not children:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for i, child in enumerate(children):
        _indent(child, level + 1)
        child.tail = pad if i + 1 < len(children) else "\n" + "  " * level


# -- reading ------------------------------------------------------------------------------------


@dataclass
class Pair:
    source: str
    target: str | None  # None: the unit has no <target> (not translated)
    ref: str  # "<file original>#<unit id>" (or the unit's position)


def read_pairs(data: bytes, name: str) -> list[Pair]:
    """The source/target pairs of an XLIFF file, in document order: XLIFF 1.2 ``trans-unit``
    (a ``seg-source``/``mrk mtype="seg"`` split is read as the whole source and target), XLIFF
    2.x ``segment``. Inline markup (``mrk``, ``g``, ``x``...) contributes its text. Hostile or
    malformed XML, or a file that is not XLIFF, raises :class:`InputError` (one line)."""
    root = xmlsafe.parse(data, name)
    if xmlsafe.local(root.tag) != "xliff":
        raise InputError(f"{name}: not an XLIFF file (root element <{xmlsafe.local(root.tag)}>, expected <xliff>)")
    out: list[Pair] = []
    for file_number, file_el in enumerate((e for e in root if xmlsafe.local(e.tag) == "file"), 1):
        original = file_el.get("original") or f"file {file_number}"
        number = 0
        for unit in file_el.iter():
            kind = xmlsafe.local(unit.tag)
            if kind not in ("trans-unit", "segment"):
                continue
            if kind == "segment" and unit.getparent() is not None and xmlsafe.local(unit.getparent().tag) != "unit":
                continue
            number += 1
            source = next((c for c in unit if xmlsafe.local(c.tag) == "source"), None)
            if source is None:
                continue
            target = next((c for c in unit if xmlsafe.local(c.tag) == "target"), None)
            uid = unit.get("id") or (unit.getparent().get("id") if kind == "segment" else None) or str(number)
            out.append(Pair(xmlsafe.text_of(source), xmlsafe.text_of(target) if target is not None else None,
                            f"{original}#{uid}"))
    return out
