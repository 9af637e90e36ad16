"""Terminology QA: in each segment, the glossary terms of the Dutch whose approved English is
missing from the English.

Inputs (:func:`read_segments`):

- two plain-text files aligned by paragraph (paragraphs are separated by blank lines);
- one bilingual file: ``.tsv`` / ``.tab`` / ``.txt`` (Dutch, tab, English per line), ``.csv``,
  ``.tmx`` (parsed with entity resolution and network access off), ``.po`` / ``.pot`` (polib:
  msgid Dutch, msgstr English; swapped when the PO's ``Language`` is Dutch).

An issue::

    {"segment": 1-based number, "ref": line number / TMX tuid / PO msgctxt or line,
     "source": Dutch, "target": English, "start", "end": the term in the Dutch, "text": its words,
     "id", "term", "expected": the approved English}

Terms without an approved translation are not checked. The English is matched case-insensitively
as whole words, with regular plural and possessive forms (*credit scores* for *credit score*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputError
from glossary.matcher import matcher_for, normalise
from glossary.store import Glossary, simple_key


@dataclass
class Segment:
    source: str  # Dutch
    target: str  # English
    ref: str = ""  # where it comes from: line number, TMX tuid, PO msgctxt


# -- English matching -------------------------------------------------------------------------


_GLOSS = re.compile(r"\s*\([^()]*\)")


def _english_forms(text: str) -> set[str]:
    """``text`` and its regular plurals; for ``guanxi (personal connections)`` also the forms
    of ``guanxi``: a parenthesised gloss explains the term, translations need not repeat it."""
    bare = _GLOSS.sub("", text).strip()
    if bare and bare != text.strip():
        return _inflections(text) | _inflections(bare)
    return _inflections(text)


def _inflections(text: str) -> set[str]:
    key = simple_key(text)
    if not key:
        return set()
    head, _, last = key.rpartition(" ")
    prefix = head + " " if head else ""
    forms = {last, last + "s", last + "es", last + "'s", last + "s'"}
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    if last.endswith("f"):
        forms.add(last[:-1] + "ves")
    if last.endswith("fe"):
        forms.add(last[:-2] + "ves")
    return {prefix + f for f in forms}


_PATTERNS: dict[str, re.Pattern] = {}


def english_pattern(expected: str) -> re.Pattern:
    """A regex finding ``expected`` (or a regular plural) as whole words in normalised English."""
    pattern = _PATTERNS.get(expected)
    if pattern is None:
        forms = sorted(_english_forms(expected), key=len, reverse=True)
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace(" ", r"\s+") for f in forms)
        pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        if len(_PATTERNS) > 50_000:
            _PATTERNS.clear()
        _PATTERNS[expected] = pattern
    return pattern


def has_translation(english: str, expected: str) -> bool:
    """Whether ``expected`` occurs in ``english`` (case-insensitive, whole words, plurals ok)."""
    norm, _, _ = normalise(english)
    return english_pattern(expected).search(norm) is not None


# -- checking ------------------------------------------------------------------------------------


def check_segments(g: Glossary, segments: list[Segment] | list[tuple[str, str]]) -> list[dict]:
    """The issues in ``segments`` (Segment objects or ``(dutch, english)`` pairs), in order."""
    matcher = matcher_for(g)
    issues: list[dict] = []
    for number, seg in enumerate(segments, 1):
        if not isinstance(seg, Segment):
            seg = Segment(seg[0], seg[1], str(number))
        if not seg.source or not seg.source.strip():
            continue
        norm_target = None
        reported: set[int] = set()
        for m in matcher.find(seg.source):
            expected = m.term.approved
            if not expected or m.term.id in reported:
                continue
            if norm_target is None:
                norm_target = normalise(seg.target or "")[0]
            if english_pattern(expected).search(norm_target):
                continue
            reported.add(m.term.id)
            issues.append({
                "segment": number, "ref": seg.ref, "source": seg.source, "target": seg.target,
                "start": m.start, "end": m.end, "text": seg.source[m.start : m.end],
                "id": m.term.id, "term": m.term.term, "expected": expected,
            })
    return issues


def check(g: Glossary, source: str | Path, target: str | Path | None = None) -> list[dict]:
    """Check files: ``check(g, "nl.txt", "en.txt")`` or ``check(g, "memory.tmx")``."""
    return check_segments(g, read_segments(source, target))


# -- reading ----------------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    """Decoded as `glossary build` decodes documents (one function: ingest.read_text_file)."""
    from glossary.ingest import read_text_file

    return read_text_file(path)


_PARAGRAPHS = re.compile(r"\n[ \t]*(?:\r?\n[ \t]*)+")


def paragraphs(text: str) -> list[tuple[str, int]]:
    """Non-empty paragraphs (blank-line separated) with their 1-based first line numbers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out, pos = [], 0
    for m in list(_PARAGRAPHS.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((" ".join(chunk.split()), text.count("\n", 0, pos + lead) + 1))
        if m:
            pos = m.end()
    return out


def read_segments(source: str | Path, target: str | Path | None = None) -> list[Segment]:
    """Segments from two paragraph-aligned text files, or from one bilingual file."""
    src = Path(source)
    if target is not None:
        tgt = Path(target)
        nl, en = paragraphs(_read_text(src)), paragraphs(_read_text(tgt))
        if len(nl) != len(en):
            raise InputError(
                f"{src} has {len(nl)} paragraphs but {tgt} has {len(en)}: check needs the two "
                "files aligned paragraph by paragraph (separated by blank lines)"
            )
        return [Segment(a, b, f"paragraph {i} (lines {la}/{lb})") for i, ((a, la), (b, lb)) in enumerate(zip(nl, en), 1)]
    suffix = src.suffix.lower()
    if suffix == ".tmx":
        return _read_tmx(src)
    if suffix in (".po", ".pot"):
        return _read_po(src)
    if suffix in (".tsv", ".tab", ".txt", ".csv"):
        return _read_delimited(src, "," if suffix == ".csv" else "\t")
    raise InputError(
        f"cannot check {src}: give a .tsv, .csv, .tmx or .po file, or two text files (Dutch and English)"
    )


_HEADERS = {"nl", "en", "dutch", "english", "source", "target", "nederlands", "engels", "term",
            "translation", "nl-nl", "en-gb", "en-us", "src", "tgt"}


def _read_delimited(path: Path, delimiter: str) -> list[Segment]:
    import csv
    import io

    text = _read_text(path)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter,
                           quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE))
    out = []
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if number == 1 and len(cells) >= 2 and cells[0].lower() in _HEADERS and cells[1].lower() in _HEADERS:
            continue
        if len(cells) < 2:
            raise InputError(f"{path}, line {number}: expected Dutch{'TAB' if delimiter == chr(9) else ','}English")
        out.append(Segment(cells[0], cells[1], f"line {number}"))
    return out


def _read_tmx(path: Path) -> list[Segment]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(f"{path} is not a readable TMX file: {exc}") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    out = []
    for number, tu in enumerate(root.iter("tu"), 1):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(xml_lang) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            if seg is not None and lang and lang not in texts:
                texts[lang] = " ".join("".join(seg.itertext()).split())
        if "nl" in texts:
            out.append(Segment(texts["nl"], texts.get("en", ""), tu.get("tuid") or f"tu {number}"))
    if not out and root.tag != "tmx":
        raise InputError(f"{path} is not a TMX file (root element <{root.tag}>)")
    return out


def _read_po(path: Path) -> list[Segment]:
    import polib

    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not a readable PO file: {exc}") from None
    swap = (po.metadata.get("Language") or "").lower().startswith("nl")
    out = []
    for entry in po:
        if entry.obsolete:
            continue
        target = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
        if swap:
            source, target = target, entry.msgid
        else:
            source = entry.msgid
        ref = entry.msgctxt or f"line {entry.linenum}"
        out.append(Segment(source, target, ref))
    return out
