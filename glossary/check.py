"""Terminology QA: in each segment, the glossary terms of the Dutch whose approved English is
missing from the English.

Inputs (:func:`read_segments`):

- two plain-text files aligned by paragraph (paragraphs are separated by blank lines);
- one bilingual file: ``.tsv`` / ``.tab`` / ``.txt`` (Dutch, tab, English per line), ``.csv``,
  ``.tmx``, ``.po`` / ``.pot`` (msgid Dutch, msgstr English; swapped when the PO's ``Language``
  is Dutch), ``.xlf`` / ``.xliff`` (source Dutch, target English; ``glossary pretranslate``'s
  output or a CAT tool's; units without a target are not checked), each read by the one reader
  of its format in :mod:`glossary.formats` (hardened XML, strict PO).

An issue::

    {"segment": 1-based number, "ref": line number / TMX tuid / PO msgctxt or line,
     "source": Dutch, "target": English, "start", "end": the term in the Dutch, "text": its words,
     "id", "term", "expected": the approved English}

Terms without an approved translation are not checked. The English is matched case-insensitively
as whole words, with regular plural and possessive forms (*credit scores* for *credit score*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputError
from glossary.keys import simple_key
from glossary.matcher import matcher_for, normalise
from glossary.store import Glossary


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


def check_segments(g: Glossary, segments: Sequence[Segment | tuple[str, str]]) -> list[dict]:
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
    from glossary.formats import csv_, po, read_bytes, tmx, tsv, xliff

    suffix = src.suffix.lower()
    if suffix not in (".tmx", ".xlf", ".xliff", ".po", ".pot", ".tsv", ".tab", ".txt", ".csv"):
        raise InputError(
            f"cannot check {src}: give a .tsv, .csv, .tmx, .xlf or .po file, or two text files (Dutch and English)"
        )
    data = read_bytes(src)
    if suffix in (".xlf", ".xliff"):
        return [Segment(p.source, p.target, p.ref) for p in xliff.read_pairs(data, str(src)) if p.target is not None]
    if suffix != ".tmx":  # text files are decoded as `build` decodes documents (ingest)
        data = _read_text(src).encode("utf-8")
    if suffix == ".tmx":
        return [Segment(p.nl, p.en, p.ref) for p in tmx.read_pairs(data, str(src), need_english=False)]
    if suffix in (".po", ".pot"):
        return _po_segments(po.parse(_decode(data, src), str(src)))
    if suffix == ".csv":
        return [Segment(p.nl, p.en, f"line {p.line}") for p in csv_.read_pairs(data, str(src), need_english=False)]
    return [Segment(p.nl, p.en, f"line {p.line}") for p in tsv.read_pairs(data, str(src), need_english=False)]


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


def _po_segments(items) -> list[Segment]:
    """Segments of a (strictly parsed) PO file: msgid -> msgstr (a plural entry's msgstr[0]);
    a file whose header says Language: nl holds Dutch in msgstr, so the sides swap."""
    header = next((i for i in items if i.fields.get("msgid") == ""), None)
    language = ""
    if header is not None:
        for line in header.fields.get("msgstr", "").splitlines():
            if line.lower().startswith("language:"):
                language = line.split(":", 1)[1].strip().lower()
    swap = language.startswith("nl")
    out = []
    for item in items:
        msgid = item.fields.get("msgid", "")
        if not msgid:
            continue
        target = item.fields.get("msgstr", item.fields.get("msgstr[0]", ""))
        source, target = (target, msgid) if swap else (msgid, target)
        out.append(Segment(source, target, item.fields.get("msgctxt") or f"line {item.line}"))
    return out
