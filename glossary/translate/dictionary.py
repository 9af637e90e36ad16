"""Dictionary backend: registered termbases (TBX/TSV), the shipped lexicon, dictd dictionaries.

For each term (see :mod:`glossary.translate.compose`):
1. registered reference termbase entries for the term or its lemma;
2. senses of the term or its lemma from the shipped Dutch-English lexicon
   (:mod:`glossary.translate.lexicon`) and dictd dictionaries such as FreeDict nld-eng;
3. the term kept as itself (names, acronyms, loanwords, English words), origin ``kept``;
4. a *composed* rendering of a compound or a multi-word term, marked "composed" (or "partial"
   when one word of a multi-word term is unknown) in the note.

Each candidate's score is the calibrated probability that a translator accepts it
(:mod:`glossary.translate.score`); candidates below ``score.FLOOR`` are stored as ``weak``
(listed, not suggested) down to ``score.LIST_FLOOR``, below which they are not stored.

Sources come from ``g.list_resources()`` (kinds tbx, tsv, dictd; added by ``glossary dict add``),
the shipped lexicon (``data/lexicon/``; ``$GLOSSARY_LEXICON``) and the system's dictd folder
(``/usr/share/dictd``, or ``$GLOSSARY_DICTD_PATH``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.translate.lexicon import Sense
from glossary.vocabulary import CANDIDATE, WEAK

#: score of a registered termbase's first entry (later entries 0.05 lower each)
TERMBASE_SCORE = 0.95
#: how many candidates a term keeps at most (best calibrated score first)
MAX_CANDIDATES = 4


@dataclass
class Source:
    kind: str  # termbase | lexicon | dictd
    name: str
    version: str | None
    lookup: Callable[[str], list[str]]
    rich: Callable[[str], list[Sense]] | None = None
    #: whether English writes a multi-word text as an expression of its own (the lexicon's)
    attested: Callable[[str], bool] | None = None
    #: English relational adjectives of an English noun (the lexicon's: law -> legal)
    relational: Callable[[str], list[str]] | None = None
    #: whether two neighbouring English words are a collocation (the lexicon's: precious metals)
    collocated: Callable[[str], bool] | None = None

    def senses(self, word: str) -> list[Sense]:
        if self.rich is not None:
            return self.rich(word)
        # a dictd sense counts as one source's word, like a single-source lexicon pair
        base = 4.0 if self.kind == "termbase" else 1.2
        return [Sense(text, base - 0.2 * rank, (self.name,)) for rank, text in enumerate(self.lookup(word))]


def load_sources(g, *, include_system: bool = True) -> list[Source]:
    from glossary.translate import dictd, termbase

    sources: list[Source] = []
    seen: set[str] = set()
    resources = g.list_resources() if g is not None else []
    for res in resources:
        if res["kind"] in ("tbx", "tsv"):
            try:
                tb = termbase.Termbase(res["path"], res["kind"])
            except GlossaryError:
                continue  # registered file gone or changed: `glossary dict list` shows it
            sources.append(Source("termbase", res["name"] or tb.name, res["version"], tb.lookup))
    if include_system:
        from glossary.translate import lexicon

        lex = lexicon.load()
        if lex is not None:
            sources.append(Source("lexicon", lex.name, lex.version, lex.lookup, lex.senses, lex.attested,
                                  lex.relational, lex.collocated))
    dictd_paths = [Path(r["path"]) for r in resources if r["kind"] == "dictd"]
    if include_system:
        dictd_paths += dictd.system_dictionaries()
    for path in dictd_paths:
        base = dictd.base_path(path)
        if str(base) in seen:
            continue
        seen.add(str(base))
        try:
            d = _load_dictd(str(base))
        except GlossaryError:
            continue
        sources.append(Source("dictd", d.name, d.version, d.senses))
    return sources


@lru_cache(maxsize=8)
def _load_dictd(base: str):
    from glossary.translate.dictd import DictdDictionary

    return DictdDictionary(base)


def usable_senses(senses: list[str], form: str) -> list[str]:
    """Dictionary senses fit for a word: affix entries (-ness) and glued senses (havefaith)
    dropped, glued multi-word names split (EuropeanUnion); for a lower-case Dutch word,
    lower-case English senses first (FreeDict lists zwart as "Negro; black")."""
    from glossary.translate.compose import clean_senses

    return [s.text for s in clean_senses([Sense(t, 0.0, ()) for t in senses], form)]


def dictionary_candidates(term: dict, sources: list[Source], *, floor: bool = True, resolver=None) -> list[dict]:
    """Candidates for one term: dicts with text, origin, origin_version, score, note, features,
    status, best first. ``score`` is the calibrated acceptance probability and ``status`` what it
    makes the candidate (:func:`score.status_of`: ``candidate``, ``weak``); with ``floor`` those
    below ``score.LIST_FLOOR`` are left out (without, their status is None)."""
    from glossary.translate import compose, score

    cands = compose.candidates(term, sources, resolver)  # type: ignore[arg-type]
    out = []
    for c in cands:
        if c.features.get("m_termbase"):
            # the user's own reference termbase: trusted, not estimated
            p = TERMBASE_SCORE - 0.05 * c.features.get("rank", 0)
        else:
            p = score.probability(c.features)
        status = score.status_of(p)
        if floor and status is None:
            continue
        out.append({"text": c.text, "origin": c.origin, "origin_version": c.origin_version,
                    "score": round(p, 3), "note": c.note, "features": c.features, "status": status})
    out.sort(key=lambda c: -c["score"])
    return out[:MAX_CANDIDATES]


def words_of_longer_names(terms: list[dict]) -> set[str]:
    """The words (case-folded) of the multi-word name terms: a one-word name among them is part of
    a person's or a work's name (*Berg* in *Marcel van den Berg*) and is not translated."""
    return {w.casefold() for t in terms if t.get("kind") == "name" and len(t["term"].split()) > 1
            for w in t["term"].split()}


def translate_terms(g, terms: list[dict], *, progress=None, sources: list[Source] | None = None) -> dict:
    started = time.perf_counter()
    sources = load_sources(g) if sources is None else sources
    if not sources:
        return {"skipped": "no dictionary or termbase available"}
    from glossary.translate.compose import Resolver

    resolver = Resolver(sources)  # type: ignore[arg-type]
    stored = composed = found = weak = 0
    in_names = words_of_longer_names(terms)
    with g.transaction():
        for n, term in enumerate(terms, 1):
            if term.get("kind") == "name" and term["term"].casefold() in in_names:
                term = dict(term, in_longer_name=True)
            cands = dictionary_candidates(term, sources, resolver=resolver)
            found += any(c["status"] == CANDIDATE for c in cands)
            for c in cands:
                composed += c["note"].startswith(("composed", "partial"))
                if g.add_translation(term["id"], c["text"], source="dictionary", origin=c["origin"],
                                     origin_version=c["origin_version"], score=c["score"], note=c["note"],
                                     status=c["status"]) is not None:
                    stored += 1
                    weak += c["status"] == WEAK
            if progress and n % 50 == 0:
                progress(50)
        if progress and len(terms) % 50:
            progress(len(terms) % 50)
    return {
        "sources": [s.name for s in sources],
        "terms": len(terms),
        "terms_found": found,
        "candidates": stored,
        "weak": weak,
        "composed": composed,
        "seconds": round(time.perf_counter() - started, 2),
    }
