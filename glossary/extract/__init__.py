"""Dutch term extraction (issue 3). See docs/extraction.md and docs/architecture.md.

Public API::

    extract(texts, progress=None) -> Extraction(sentences, terms)
    normalise_key(text) -> str
    split_compound(word) -> list[str]
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glossary.extract.compounds import split_compound

__all__ = ["Sentence", "Occurrence", "Term", "Extraction", "extract", "normalise_key", "split_compound"]


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Occurrence:
    doc: int
    sentence: int
    start: int
    end: int
    surface: str


@dataclass
class Term:
    term: str
    key: str
    lemma: str
    kind: str
    score: float
    frequency: int
    doc_count: int
    variants: list[str]
    parts: list[str]
    occurrences: Sequence[Occurrence]  # from extract(): a read-only sequence (compact.Occurrences)
    head: str = ""
    # every surface form met in the documents, most frequent first (``term`` is the base-form
    # headword, which the text may never use: kernwaarde for kernwaarden)
    forms: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    sentences: Sequence[Sequence[Sentence]]  # per document; from extract(): compact.DocSentences
    terms: list[Term]


def normalise_key(text: str) -> str:
    """Casefolded lemma form (NFC, quotes/dashes unified, single spaces) of a term."""
    from glossary.extract.lemma import lemma
    from glossary.extract.text import norm_chars, normalise_text, tokenise

    s = norm_chars(normalise_text(text)).strip()
    words = [t.text for t in tokenise(s)]
    return " ".join(lemma(w) if any(c.isalpha() for c in w) else w.lower() for w in words).casefold()


def extract(texts: Sequence[str], *, progress: Callable[[int], None] | None = None) -> Extraction:
    """Extract terms from documents. ``progress(n)`` is called with the number of documents
    analysed so far. Writes nothing."""
    from glossary.extract.pipeline import run

    return run(texts, progress)
