"""Finding glossary terms in running Dutch text (Aho-Corasick), for ``annotate`` and ``check``.

Every term is matched by its key, its canonical form, its known variants (``variants`` table)
and generated Dutch inflections (plurals of the last word, ``-e`` forms of the words before
it: *sociale kredietsystemen* for *sociaal kredietsysteem*). Matching is case-insensitive,
whole words only, leftmost-longest without overlaps: in *sociaal kredietsysteem* the whole
term is found, not *krediet* inside it. Offsets are into the original text.

The automaton is built once per glossary and kept until the database changes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import product

from glossary.cache import DerivedCache
from glossary.keys import simple_key
from glossary.store import Glossary
from glossary.vocabulary import APPROVED_SQL, BEST_FIRST_SQL, CHOSEN_SQL

# how a pattern was derived: lower wins when two terms claim the same form
FORM_KEY, FORM_VARIANT, FORM_INFLECTION = 0, 1, 2
FORM_NAMES = {FORM_KEY: "term", FORM_VARIANT: "variant", FORM_INFLECTION: "inflection"}
_MAX_FORMS = 48
_VOWELS = "aeiouy"

_TABLE = {ord(d): "-" for d in "\u2010\u2011\u2012\u2013\u2014\u2212"}
_TABLE.update({ord(s): " " for s in "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
               "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"})
_SPACES = re.compile(r" {2,}")


@dataclass(frozen=True)
class TermInfo:
    id: int
    term: str
    kind: str
    approved: str | None  # the approved English, if any
    translation: str | None  # approved, else the best candidate, else None

    @property
    def status(self) -> str:
        if self.approved:
            return "approved"
        return "candidate" if self.translation else "untranslated"


@dataclass(frozen=True)
class Match:
    start: int  # offsets into the original text
    end: int
    term: TermInfo
    form: int  # FORM_KEY, FORM_VARIANT or FORM_INFLECTION

    @property
    def match(self) -> str:
        return FORM_NAMES[self.form]


# -- Dutch inflections (generous: a form that never occurs in a text costs nothing) --------------


def _noun_forms(w: str) -> set[str]:
    forms = {w, w + "s", w + "'s", w + "en", w + "e"}
    if len(w) < 3 or not w[-1].isalpha():
        return forms
    if w.endswith("heid"):
        forms.add(w[:-4] + "heden")
    if w[-1] in "eé":
        forms.add(w + "n")
    last, before, before2 = w[-1], w[-2], w[-3]
    if last not in _VOWELS:
        if before in _VOWELS and before2 == before:  # systeem -> systemen, sociaal -> sociale
            stem = w[:-2] + last
            forms.update({stem + "en", stem + "e"})
            if last == "f":
                forms.add(w[:-2] + "ven")
            if last == "s":
                forms.add(w[:-2] + "zen")
        elif before in _VOWELS and before2 not in _VOWELS:  # bank no, kat -> katten
            forms.update({w + last + "en", w + last + "e"})
        if last == "f":
            forms.add(w[:-1] + "ven")
        if last == "s":
            forms.add(w[:-1] + "zen")
    return forms


def _adjective_forms(w: str) -> set[str]:
    forms = {w, w + "e"}
    if len(w) >= 3 and w[-1].isalpha() and w[-1] not in _VOWELS:
        last, before, before2 = w[-1], w[-2], w[-3]
        if before in _VOWELS and before2 == before:  # sociaal -> sociale
            forms.add(w[:-2] + last + "e")
        elif before in _VOWELS and before2 not in _VOWELS:  # wit -> witte
            forms.add(w + last + "e")
        if last == "f":
            forms.add(w[:-1] + "ve")
        if last == "s":
            forms.add(w[:-1] + "ze")
    return forms


def inflections(key: str) -> set[str]:
    """Generated surface forms of a term key (itself included)."""
    words = key.split(" ")
    if not words or not words[-1]:
        return {key}
    choices = [_adjective_forms(w) for w in words[:-1]] + [_noun_forms(words[-1])]
    out = set()
    for combo in product(*choices):
        out.add(" ".join(combo))
        if len(out) >= _MAX_FORMS:
            break
    out.add(key)
    return out


# -- text normalisation with offsets ---------------------------------------------------------------


def normalise(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Casefold ``text`` without changing its length where possible, collapse runs of spaces.

    Returns ``(norm, starts, origin)``: ``norm`` offset ``i`` is original offset
    ``origin[k] + (i - starts[k])`` with ``k = bisect_right(starts, i) - 1``; both None when
    offsets are unchanged."""
    t = text.translate(_TABLE)
    folded = t.casefold()
    if len(folded) != len(t):  # rare (ß, ligatures): fold char by char, keeping the length
        out = []
        for ch in t:
            cf = ch.casefold()
            if len(cf) != 1:
                cf = ch.lower() if len(ch.lower()) == 1 else ch
            out.append(cf)
        folded = "".join(out)
    if "  " not in folded:
        return folded, None, None
    pieces, starts, origin = [], [0], [0]
    pos = npos = 0
    for m in _SPACES.finditer(folded):
        pieces.append(folded[pos : m.start() + 1])
        npos += m.start() + 1 - pos
        pos = m.end()
        starts.append(npos)
        origin.append(pos)
    pieces.append(folded[pos:])
    return "".join(pieces), starts, origin


def _to_original(i: int, starts: list[int] | None, origin: list[int] | None) -> int:
    if starts is None or origin is None:
        return i
    k = bisect_right(starts, i) - 1
    return origin[k] + (i - starts[k])


# -- the matcher ----------------------------------------------------------------------------------


class TermMatcher:
    """An Aho-Corasick automaton over every form of every active term of a glossary."""

    def __init__(self, g: Glossary, *, inflect: bool = True):
        import ahocorasick

        c = g.conn
        infos: dict[int, TermInfo] = {}
        rows = c.execute(
            f"SELECT t.id, t.term, t.key, t.kind, ({APPROVED_SQL}), ({CHOSEN_SQL})"
            f" FROM terms t WHERE t.status='active' ORDER BY {BEST_FIRST_SQL}"
        ).fetchall()
        forms: dict[str, tuple[int, int]] = {}  # form -> (rank, term id); lower rank wins

        def add(form: str, kind: int, rank: int, term_id: int) -> None:
            if len(form) < 2:
                return
            old = forms.get(form)
            value = (kind * 10_000_000 + rank, term_id)
            if old is None or value < old:
                forms[form] = value

        keys: list[tuple[str, int, int]] = []
        for rank, (term_id, term, key, kind, approved, translation) in enumerate(rows):
            infos[term_id] = TermInfo(term_id, term, kind, approved, translation)
            add(key, FORM_KEY, rank, term_id)
            add(simple_key(term), FORM_KEY, rank, term_id)
            keys.append((key, rank, term_id))
        ranks = {term_id: rank for _key, rank, term_id in keys}
        for term_id, vkey in c.execute("SELECT term_id, key FROM variants"):
            if term_id in ranks:
                add(vkey, FORM_VARIANT, ranks[term_id], term_id)
        if inflect:
            for key, rank, term_id in keys:
                for form in inflections(key):
                    add(form, FORM_INFLECTION, rank, term_id)
        automaton = ahocorasick.Automaton()
        for form, (value, term_id) in forms.items():
            automaton.add_word(form, (len(form), term_id, value // 10_000_000))
        if forms:
            automaton.make_automaton()
        self.automaton = automaton if forms else None
        self.terms = infos
        self.patterns = len(forms)

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping, whole-word matches in ``text``."""
        if self.automaton is None or not text:
            return []
        norm, starts, origin = normalise(text)
        n = len(norm)
        candidates = []
        for end, (length, term_id, form) in self.automaton.iter(norm):
            start = end - length + 1
            if start > 0 and norm[start - 1].isalnum():
                continue
            if end + 1 < n and norm[end + 1].isalnum():
                continue
            candidates.append((start, -end, term_id, form))
        candidates.sort()
        out: list[Match] = []
        last = -1
        for start, neg_end, term_id, form in candidates:
            if start <= last:
                continue
            end = -neg_end
            last = end
            out.append(Match(_to_original(start, starts, origin), _to_original(end, starts, origin) + 1,
                             self.terms[term_id], form))
        return out


def _build(g: Glossary, inflect) -> TermMatcher:
    return TermMatcher(g, inflect=bool(inflect))


_CACHE = DerivedCache(_build, size=8)


def matcher_for(g: Glossary, *, inflect: bool = True) -> TermMatcher:
    """The (cached) matcher of ``g``; rebuilt after any change to the database."""
    return _CACHE.get(g, inflect)
