"""Boilerplate removal: image captions and credits, bylines, comment forms, share/tip
lines, copyright lines and lines repeated across documents.

Works on lines; a removed line yields no sentences (the document text is not changed).
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from hashlib import blake2b

from glossary.extract.text import norm_chars

_PATTERNS = [
    # captions / credits: "Beeld Henk Brandsma", "null Beeld ANP", "Foto: Reuters"
    r"^(null\s+)?(beeld|foto'?s?|illustratie|afbeelding|video|bron|credits?|photo|image|fotografie)\b\s*[:|-]?\s*\S[^.!?]{0,80}$",
    r"^null\b",
    # comment forms and social widgets
    r"^(geef|plaats|laat|schrijf)\s+(een|je|uw)\s+(reactie|bericht|commentaar)",
    r"^(\w+|één|\d+)\s+(reactie|reacties|gedachten?)\s+(op|over)\b",
    r"^(reacties?|reageer|reageren|commentaar|comments?)\s*(\(\d+\))?\s*:?\s*$",
    r"(e-?mailadres|emailadres)\s+wordt\s+niet\s+gepubliceerd",
    r"vereiste\s+velden\s+zijn\s+gemarkeerd",
    r"^(deel|delen|share|tweet|print|mail)\b.{0,30}(artikel|facebook|twitter|linkedin|whatsapp|e-?mail)",
    r"^(lees|bekijk|luister)\s+(ook|hier|meer|verder)\b",
    r"^tekst\s+loopt\s+door",
    r"^(tip|tips)\s+(hier\s+)?(onze|de)\s+(redactie|journalisten)",
    r"^wilt?\s+(u|je)\s+.{0,60}\bdelen\s+met\b",
    r"^(abonneer|meld\s+je\s+aan|schrijf\s+je\s+in)\b",
    r"^(volg\s+ons|cookies?|privacy)",
    # copyright
    r"©|\(c\)\s*\d{4}|\bcopyright\b|alle\s+rechten\s+voorbehouden|all\s+rights\s+reserved",
]
# patterns anchored at the line start are tried there only (re.match); the others anywhere
_BOILER_START = re.compile("|".join(f"(?:{p[1:]})" for p in _PATTERNS if p.startswith("^")), re.IGNORECASE)
_BOILER_ANY = re.compile("|".join(f"(?:{p})" for p in _PATTERNS if not p.startswith("^")), re.IGNORECASE)
# bylines: short lines of capitalised names, typically glued ("Marije VlaskampMichael Persson")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'-]*|en|van|de|der|den|het|door|and|&|,)$")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")
_END_PUNCT = re.compile(r"[.!?:;]$").search


# _BOILER_ANY cannot match a line without one of these (lower-cased; none has an i, s or k,
# the letters that re.IGNORECASE also matches to other characters: ı, ſ, K), and searching
# for them is a twentieth of the time of the pattern's search
_ANY_NEEDS = ("wordt", "velden", "\u00a9", "(c)", "copyr", "rechten", "erved")


def is_boilerplate_line(line: str) -> bool:
    s = norm_chars(line).strip()
    if not s:
        return True
    if _BOILER_START.match(s):
        return True
    low = s.lower()
    if any(n in low for n in _ANY_NEEDS) and _BOILER_ANY.search(s):
        return True
    words = s.split(None, 8)  # (9 parts: more than 8 words; up to 8: all of them)
    if len(words) <= 8 and not _END_PUNCT(s):
        if all(_NAME_WORD.match(w) for w in words) and (
            _GLUED.search(s) or words[0].lower() == "door"
        ):
            return True
    return False


def _line_key(line: str) -> str:
    return " ".join(norm_chars(line).lower().split())


def _key_hash(key: str) -> int:
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def line_hash(line: str) -> int:
    """64-bit hash of a line's normalised key (the same in every process)."""
    return _key_hash(_line_key(line))


def _countable(key: str) -> bool:
    """Whether a line with this key can count as repeated (2 to 20 words, or one that is not a
    plain word: a repeated heading such as "Inleiding" is harmless)."""
    if not key:
        return False
    n = key.count(" ") + 1  # the key's words are joined by single spaces
    return n <= 20 and (n >= 2 or not key.isalpha())


def is_repeated(line: str, repeated: frozenset[int]) -> bool:
    """Whether ``line`` is one of the ``repeated`` lines (``RepeatedLines.result()``); lines
    that cannot be counted are not hashed."""
    if not repeated:
        return False
    key = _line_key(line)
    return _countable(key) and _key_hash(key) in repeated


class RepeatedLines:
    """Lines that recur across documents (in 2 of up to 10 documents, else in 3) or at least 3
    times within one, found document by document: ``add`` each document, then ``result()`` is
    the set of their ``line_hash`` values. Keeps 8 bytes per distinct line of each document (a
    64-bit hash of its normalised key), not the lines. A repeated single word (a heading such
    as "Inleiding") is harmless and not counted."""

    BUCKETS = 64  # counted a bucket at a time: a small Counter at once

    def __init__(self) -> None:
        self.docs = 0
        self.within: set[int] = set()
        self.buckets = [array("Q") for _ in range(self.BUCKETS)]

    def add(self, doc: str) -> None:
        self.docs += 1
        counts: Counter[int] = Counter()
        for line in doc.split("\n"):
            k = _line_key(line)
            if _countable(k):
                counts[_key_hash(k)] += 1
        for h, c in counts.items():
            self.buckets[h % self.BUCKETS].append(h)
            if c >= 3:
                self.within.add(h)

    def result(self) -> frozenset[int]:
        need = 2 if self.docs <= 10 else 3
        out = set(self.within)
        for bucket in self.buckets:
            out.update(h for h, c in Counter(bucket).items() if c >= need)
        return frozenset(out)
