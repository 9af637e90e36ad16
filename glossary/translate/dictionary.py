"""Dictionary backend: registered termbases (TBX/TSV), dictd dictionaries (FreeDict nld-eng).

For each term, in order of trust:
1. a registered reference termbase entry for the term or its lemma (score 0.95);
2. dictd senses of the term or its lemma (first sense 0.8, later ones lower);
3. when no dictionary has the term: a *composed* rendering, word by word for a multi-word term
   (sociaal krediet -> social credit) or part by part for a compound (kredietsysteem ->
   krediet + systeem -> credit system), marked "composed" in the note (score 0.45).

Sources come from ``g.list_resources()`` (kinds tbx, tsv, dictd; added by ``glossary dict add``)
plus the system's dictd folder (``/usr/share/dictd``, or ``$GLOSSARY_DICTD_PATH``).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from glossary.errors import GlossaryError

MAX_SENSES = 3
TERMBASE_SCORE = 0.95
DICT_SCORE = 0.8
COMPOSED_SCORE = 0.45
LINKERS = ("s", "en", "e", "-")


@dataclass
class Source:
    kind: str  # termbase | dictd
    name: str
    version: str | None
    lookup: Callable[[str], list[str]]


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


def _lemma(word: str) -> str:
    try:
        from glossary.extract.lemma import lemma

        return lemma(word)
    except Exception:  # noqa: BLE001 - extraction module absent or broken: plain lower case
        try:
            import simplemma

            return simplemma.lemmatize(word.lower(), lang="nl").lower()
        except Exception:  # noqa: BLE001
            return word.lower()


def _same_word_lemma(word: str) -> list[str]:
    """The lemma of ``word`` when it is an inflection of the same word (systemen -> systeem,
    sociale -> sociaal, camera's -> camera), none when the lemmatiser jumps to another word
    (the noun gegeven is not the verb geven)."""
    lemma = _lemma(word)
    if not lemma or lemma == word:
        return []
    common = len(os.path.commonprefix([word.lower(), lemma.lower()]))
    return [lemma] if common >= min(4, len(lemma) - 2) else []


def _split_compound(word: str, known: Callable[[str], bool]) -> list[str]:
    try:
        from glossary.extract import split_compound

        parts = split_compound(word)
    except ImportError:
        parts = None
    if parts and len(parts) >= 2:
        # the extractor's split (frequency-based) is trusted over a dictionary-driven one:
        # when one of its parts is not in the dictionary, a re-split into whatever short
        # words the dictionary has (ach + ter + stand ...) only renders nonsense
        return parts if all(known(p) for p in parts) else []
    return _fallback_split(word.lower(), known)


#: shortest part the fallback split accepts: three-letter dictionary words (ach, ter, nat)
#: hide inside many longer words
MIN_PART = 4


def _fallback_split(word: str, known: Callable[[str], bool], depth: int = 0) -> list[str]:
    """Longest-head split into dictionary words, allowing linking s/e/en (fallback for a word
    the extractor cannot split); at most three parts of four letters or more."""
    if depth > 1:
        return []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:i], word[i:]
        heads = [right] if known(right) else []
        if not heads:
            sub = _fallback_split(right, known, depth + 1)
            if not sub:
                continue
            heads = sub
        if known(left):
            return [left, *heads]
        for link in LINKERS:
            if left.endswith(link) and len(left) > len(link) + 2 and known(left[: -len(link)]):
                return [left[: -len(link)], *heads]
    return []


_AFFIX = ("-", "\u2010", "\u2011", "\u2013")


def usable_senses(senses: list[str], form: str) -> list[str]:
    """Dictionary senses fit for a word: affix entries (-ness) dropped; for a lower-case Dutch
    word, lower-case English senses first (FreeDict lists zwart as "Negro; black")."""
    words = [s for s in senses if s and not s.startswith(_AFFIX)]
    n_words = len(form.split())
    fixed = []
    for sense in words:
        # FreeDict glues some multi-word names together (Europese Unie -> EuropeanUnion).
        if n_words > 1 and " " not in sense:
            split = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", sense)
            if len(split.split()) == n_words:
                sense = split
        fixed.append(sense)
    if form[:1].islower():
        fixed.sort(key=lambda s: s[:1].isupper() and not s.isupper())
    return fixed


def dictionary_candidates(term: dict, sources: list[Source]) -> list[dict]:
    """Candidates for one term: dicts with text, origin, origin_version, score, note."""
    text = term["term"]
    lemma = term.get("lemma") or text
    forms = [text] + ([lemma] if lemma.casefold() != text.casefold() else [])
    out: list[dict] = []

    def add(value: str, source: Source, score: float, note: str) -> None:
        value = " ".join(value.split())
        if value and all(c["text"].casefold() != value.casefold() for c in out):
            out.append({"text": value, "origin": source.name, "origin_version": source.version,
                        "score": round(score, 3), "note": note})

    for source in sources:
        for form in forms:
            senses = usable_senses(source.lookup(form), form)
            if term.get("kind") == "name":
                # a name is rendered only by a name: Lammers is not "lamb", Dalen not "decrease"
                senses = [s for s in senses if s[:1].isupper()]
            if not senses:
                continue
            for rank, sense in enumerate(senses[:MAX_SENSES]):
                if source.kind == "termbase":
                    add(sense, source, TERMBASE_SCORE - 0.05 * rank, f"termbase {source.name}: {form}")
                else:
                    how = "lemma " if form is not text else ""
                    add(sense, source, DICT_SCORE - 0.15 * rank, f"{source.name}: {how}{form}")
            break
    if out or term.get("kind") == "name":
        return out  # names are never composed from parts (Zwartkruis is not "black cross")
    dicts = [s for s in sources if s.kind == "dictd"] or sources
    if not dicts:
        return out

    def first_sense(word: str) -> tuple[str, Source] | None:
        if len(word) <= 5 and word.upper() in text.replace("-", " ").split() and dicts:
            return word.upper(), dicts[0]  # an acronym (AI, EU) stays as written
        for candidate in (word, *_same_word_lemma(word)):
            for source in dicts:
                senses = usable_senses(source.lookup(candidate), candidate)
                if senses:
                    return senses[0], source
        return None

    def known(word: str) -> bool:
        return first_sense(word) is not None

    words = text.split()
    if len(words) > 1:
        rendered: list[str] = []
        used: list[Source] = []
        for word in words:
            hit = first_sense(word)
            if hit is None:
                parts = _split_compound(word, known)
                found = [first_sense(p) for p in parts]
                hits = [h for h in found if h is not None]
                if not parts or len(hits) < len(found):
                    return out
                rendered.append(" ".join(h[0] for h in hits))
                used.extend(h[1] for h in hits)
            else:
                rendered.append(hit[0])
                used.append(hit[1])
        add(" ".join(rendered), used[-1], COMPOSED_SCORE, "composed word by word: " + " + ".join(words))
        return out
    # the surface split, not the stored lemmatised parts: first_sense lemmatises each part
    # itself, and refuses a lemma that is another word (gegeven -> geven)
    parts = _split_compound(text, known)
    if len(parts) >= 2:
        found = [first_sense(p) for p in parts]
        hits = [h for h in found if h is not None]
        if len(hits) == len(found):
            add(" ".join(h[0] for h in hits), hits[-1][1], COMPOSED_SCORE,
                "composed from parts: " + " + ".join(parts))
    return out


def translate_terms(g, terms: list[dict], *, progress=None, sources: list[Source] | None = None) -> dict:
    started = time.perf_counter()
    sources = load_sources(g) if sources is None else sources
    if not sources:
        return {"skipped": "no dictionary or termbase available"}
    stored = composed = found = 0
    with g.transaction():
        for n, term in enumerate(terms, 1):
            cands = dictionary_candidates(term, sources)
            found += bool(cands)
            for c in cands:
                composed += c["note"].startswith("composed")
                if g.add_translation(term["id"], c["text"], source="dictionary", origin=c["origin"],
                                     origin_version=c["origin_version"], score=c["score"], note=c["note"]) is not None:
                    stored += 1
            if progress and n % 50 == 0:
                progress(50)
        if progress and len(terms) % 50:
            progress(len(terms) % 50)
    return {
        "sources": [s.name for s in sources],
        "terms": len(terms),
        "terms_found": found,
        "candidates": stored,
        "composed": composed,
        "seconds": round(time.perf_counter() - started, 2),
    }
