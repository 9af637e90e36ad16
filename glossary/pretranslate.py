"""Pre-translating documents for a CAT tool, with the approved glossary enforced (issue 18).

    from glossary.pretranslate import read_documents, pretranslate
    result = pretranslate(g, read_documents(["artikel.docx"]))
    result.documents[0].segments[0].target     # None without an nl->en model

Documents are read exactly as ``glossary build`` reads them (:mod:`glossary.ingest`), split into
paragraphs (blank lines) and sentence segments (the extractor's sentence splitter; a line
break inside a paragraph joins two lines when the first does not end a sentence and the
second starts in lower case, i.e. hard-wrapped prose). Every glossary term in a segment is
found by the matcher (``Glossary.annotate``: variants and inflected forms). With an nl->en
Argos model the segments are translated in batches, and the approved English of every
approved term found is enforced (:mod:`glossary.translate.constrained`; candidates are noted,
never forced). Each segment then gets ``check``'s terminology QA. Writers:
:mod:`glossary.formats.xliff` (XLIFF 1.2), TMX (:mod:`glossary.formats.tmx`), and
:func:`render_text` (txt / md: the English alone, paragraphs kept).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.store import Glossary
from glossary.translate.decoding import DEFAULT_BEAM, DEFAULT_METHOD, MAX_BEAM, METHODS

FORMATS = ("xliff", "tmx", "txt", "md")
SUFFIX_FORMATS = {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".txt": "txt",
                  ".text": "txt", ".md": "md", ".markdown": "md"}

_UNCOUNTABLE = ("ness", "ism", "ics", "ing", "ware", "ship", "information", "data", "advice",
                "research", "evidence", "equipment", "knowledge", "news", "software")
_SENTENCE_END = re.compile(r"""[.!?…:;]['"”’»)\]]*$""")


@dataclass
class TermUse:
    """A glossary term found in a segment."""

    start: int  # in the Dutch segment
    end: int
    text: str  # the words in the document
    id: int
    term: str
    status: str  # approved | candidate | untranslated
    english: str | None  # the approved English (as enforced: number and case), or the candidate
    match: str  # term | variant | inflection
    enforced: str | None = None  # kept | forced | replaced (approved terms with a target)
    target_span: tuple[int, int] | None = None  # the English in the target

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "id": self.id, "term": self.term,
                "status": self.status, "english": self.english, "match": self.match,
                "enforced": self.enforced,
                "target_span": list(self.target_span) if self.target_span else None}


@dataclass
class Segment:
    id: int  # 1-based, unique in the whole run
    paragraph: int  # 1-based, per document
    sep: str  # what joins it to the previous segment of its paragraph: "" (first), " " or "\n"
    source: str
    target: str | None = None
    terms: list[TermUse] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)  # check's findings (with a target)

    def note_lines(self) -> list[str]:
        lines = []
        for t in self.terms:
            if t.status == "approved":
                how = {"kept": "the model's own", "forced": "enforced by constrained decoding",
                       "replaced": "enforced by replacement"}.get(t.enforced or "", "")
                lines.append(f"{t.text} → {t.english} (approved{', ' + how if how else ''})")
            elif t.status == "candidate":
                lines.append(f"{t.text} → {t.english}? (candidate, not approved: not enforced)")
            else:
                lines.append(f"{t.text}: no translation in the glossary yet")
        return lines

    def qa_lines(self) -> list[str]:
        if self.target is None:
            return []
        if not self.issues:
            return ["terminology check passed"] if any(t.status == "approved" for t in self.terms) else []
        return [f"{i['text']} ({i['term']}): approved English {i['expected']!r} missing" for i in self.issues]


@dataclass
class DocumentResult:
    path: Path
    name: str
    format: str
    title: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def paragraphs(self) -> int:
        return len({s.paragraph for s in self.segments})


@dataclass
class Pretranslation:
    documents: list[DocumentResult]
    model: object | None = None  # ModelInfo
    method: str = DEFAULT_METHOD
    beam: int = DEFAULT_BEAM
    seconds: float = 0.0
    stored: int = 0
    timings: dict = field(default_factory=dict)  # seconds per stage (segmenting and matching, MT stages, check, store)
    recoded: int = 0  # outputs decoded again because they reached a length cap

    def segments(self) -> list[Segment]:
        return [s for d in self.documents for s in d.segments]

    def summary(self) -> dict:
        segs = self.segments()
        approved = [t for s in segs for t in s.terms if t.status == "approved"]
        enforced = {how: sum(1 for t in approved if t.enforced == how) for how in ("kept", "forced", "replaced")}
        with_target = [s for s in segs if s.target is not None]
        return {
            "documents": len(self.documents),
            "paragraphs": sum(d.paragraphs for d in self.documents),
            "segments": len(segs),
            "segments_with_terms": sum(1 for s in segs if s.terms),
            "segments_without_model_output": len(segs) - len(with_target),
            "approved_occurrences": len(approved),
            "terms_enforced": sum(enforced.values()),
            "enforcement": enforced,
            "candidates_noted": sum(1 for s in segs for t in s.terms if t.status == "candidate"),
            "untranslated_noted": sum(1 for s in segs for t in s.terms if t.status == "untranslated"),
            "qa_issues": sum(len(s.issues) for s in segs),
            "model": getattr(self.model, "name", None),
            "model_version": getattr(self.model, "version", None),
            "test_model": bool(getattr(self.model, "test_model", False)),
            "method": self.method if self.model is not None else None,
            "beam": self.beam if self.model is not None else None,
            "stored": self.stored,
            "seconds": round(self.seconds, 2),
        }


# -- reading and segmenting -------------------------------------------------------------------


def read_documents(paths: Iterable[str | Path]) -> list:
    """Every document named (folders expanded as ``build`` does); the first unreadable one
    raises :class:`InputError` (one line)."""
    from glossary.ingest import iter_paths, read_document

    docs = []
    for path, error in iter_paths(paths):
        if error is not None:
            raise error
        docs.append(read_document(path))
    return docs


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def segment_text(text: str) -> list[tuple[int, str, str]]:
    """``(paragraph, sep, sentence)`` for every sentence of ``text`` (paragraph 1-based; ``sep``
    as in :class:`Segment`)."""
    from glossary.extract.text import split_sentences

    out = []
    number = 0
    pos = 0
    for m in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        para = text[pos:end]
        pos = m.end() if m else len(text)
        if not para.strip():
            continue
        number += 1
        # hard-wrapped prose: a line that does not end a sentence, followed by one in lower case
        lines = para.split("\n")
        joined = []
        for i, line in enumerate(lines):
            joined.append(line)
            if i + 1 < len(lines):
                nxt = lines[i + 1].lstrip()
                glue = line.strip() and nxt[:1].islower() and not _SENTENCE_END.search(line.rstrip())
                joined.append(" " if glue else "\n")
        para = "".join(joined)
        previous_end = None
        for a, b in split_sentences(para):
            sentence = " ".join(para[a:b].split())
            if previous_end is None:
                sep = ""
            else:
                sep = "\n" if "\n" in para[previous_end:a] else " "
            out.append((number, sep, sentence))
            previous_end = b
    return out


# -- the glossary in a segment ------------------------------------------------------------------


def _plural_english(english: str) -> str:
    head, _, last = english.rpartition(" ")
    low = last.casefold()
    if not last or not last[-1].isalpha() or low.endswith(("s", "x")) or low.endswith(_UNCOUNTABLE) \
            or last[0].isupper():
        return english
    if low.endswith(("ch", "sh", "z")):
        plural = last + "es"
    elif low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return (head + " " if head else "") + plural


def _is_plural(surface: str, term: str) -> bool:
    """Whether the Dutch surface is a plural of the term (last word longer, plural ending)."""
    s = surface.casefold().split()
    t = term.casefold().split()
    if not s or not t:
        return False
    s_last, t_last = s[-1], t[-1]
    if len(s_last) <= len(t_last) or t_last.endswith(("en", "s")):
        return False
    return s_last.endswith(("en", "s", "'s", "ën")) and s_last[:3] == t_last[:3]


def english_for(surface: str, term: str, english: str) -> str:
    """The approved English with the number and case of the Dutch occurrence: a plural Dutch
    form gets the regular English plural (not for uncountable-looking nouns or names), a Dutch
    occurrence in capitals gets capitals."""
    out = _plural_english(english) if _is_plural(surface, term) else english
    letters = [c for c in surface if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        out = out.upper()
    return out


def find_terms(g: Glossary, text: str, lemmas: dict[int, str] | None = None) -> list[TermUse]:
    """The glossary terms in ``text`` (:func:`glossary.annotate.annotate`), approved English in the number
    and case of each occurrence (compared with the term's lemma: the canonical form may be a
    plural, *kredietscores*). ``lemmas`` caches term id -> lemma across calls."""
    from glossary.annotate import annotate

    lemmas = {} if lemmas is None else lemmas
    out = []
    for span in annotate(g, text):
        english = span["translation"]
        if span["status"] == "approved" and english:
            if span["id"] not in lemmas:
                row = g.term(span["id"]) or {}
                lemmas[span["id"]] = row.get("lemma") or span["term"]
            english = english_for(span["text"], lemmas[span["id"]], english)
        out.append(TermUse(span["start"], span["end"], span["text"], span["id"], span["term"], span["status"],
                           english, span["match"]))
    return out


# -- the whole run --------------------------------------------------------------------------------


def pretranslate(
    g: Glossary,
    documents: list,
    *,
    model=None,
    method: str = DEFAULT_METHOD,
    beam: int = DEFAULT_BEAM,
    store: bool = False,
    progress: Callable[[int], None] | None = None,
    translator=None,
    decoding: dict | None = None,
) -> Pretranslation:
    """Segment ``documents`` (from :func:`read_documents`), find the glossary terms, and with
    ``model`` (a :class:`~glossary.translate.models.ModelInfo`; None: no translation) translate
    them with the approved English enforced. ``store`` adds each segment's translation to the
    glossary's sentence translations (origin ``<model>+glossary``). ``translator``: an
    :class:`~glossary.translate.argos.ArgosTranslator` already loaded for ``model``.
    ``method``: ``replace`` (the default: one decoding) or ``prefix`` (constrained decoding of
    the rest of the sentence after the forced English: a second decoding of those segments).
    ``beam``: the beam size (default 4, Argos Translate's; 1 = greedy decoding).
    ``decoding``: further options for :func:`~glossary.translate.constrained.translate_constrained`
    (default length penalty 0.2 as Argos Translate; decoding capped by the source
    length, an output that reaches its cap decoded again with twice the cap, up to Argos' 256;
    ``{"max_decoding_length": 256, "pad_free": True}`` gives Argos' own output exactly)."""
    if method not in METHODS:
        raise InputError(f"unknown enforcement method {method!r}: use {' or '.join(METHODS)}")
    if not isinstance(beam, int) or isinstance(beam, bool) or not 1 <= beam <= MAX_BEAM:
        raise InputError(f"beam size must be a whole number from 1 to {MAX_BEAM}, not {beam!r}")
    started = time.perf_counter()
    results = []
    number = 0
    lemmas: dict[int, str] = {}
    for doc in documents:
        res = DocumentResult(Path(doc.path), doc.name, doc.format, doc.title)
        for paragraph, sep, sentence in segment_text(doc.text):
            number += 1
            res.segments.append(Segment(number, paragraph, sep, sentence, terms=find_terms(g, sentence, lemmas)))
        results.append(res)
    out = Pretranslation(results, model, method, beam)
    segments = out.segments()
    out.timings["segmenting and matching"] = time.perf_counter() - started
    if model is not None and segments:
        from glossary.check import check_segments
        from glossary.translate.argos import ArgosTranslator
        from glossary.translate.constrained import Constraint, translate_constrained

        mt = translator or ArgosTranslator(model)
        constraints = [
            [Constraint(t.start, t.end, t.english, t.id) for t in s.terms if t.status == "approved" and t.english]
            for s in segments
        ]
        recoded = getattr(mt, "recoded", 0)
        options = {"beam_size": beam, **(decoding or {})}
        out.beam = options["beam_size"]
        outputs = translate_constrained(mt, [s.source for s in segments], constraints, method=method,
                                        progress=progress, timings=out.timings, **options)
        out.recoded = getattr(mt, "recoded", 0) - recoded
        clock = time.perf_counter()
        for s, o, cons in zip(segments, outputs, constraints):
            if not o.tokens and not cons:
                continue  # the model wrote nothing: no target (never made up)
            s.target = o.text
            approved = iter(t for t in s.terms if t.status == "approved" and t.english)
            for t, c in zip(approved, cons):
                t.enforced, t.target_span = c.how or None, c.span
        issues = check_segments(g, [(s.source, s.target) for s in segments if s.target is not None])
        with_target = [s for s in segments if s.target is not None]
        for issue in issues:
            with_target[issue["segment"] - 1].issues.append(issue)
        out.timings["check"] = time.perf_counter() - clock
        if store:
            origin = f"{model.name}+glossary"
            with g.transaction():
                for s in with_target:
                    if s.target:
                        g.add_sentence_translation(s.source, s.target, origin=origin, origin_version=model.version)
                        out.stored += 1
    out.seconds = time.perf_counter() - started
    return out


# -- plain-text output ----------------------------------------------------------------------------


def render_text(result: Pretranslation, *, markdown: bool = False) -> str:
    """The English alone, paragraph by paragraph (blank lines between paragraphs; lines
    inside a paragraph kept). Several documents: each starts with its name (``# name`` in
    Markdown). Raises InputError when a segment has no translation."""
    parts = []
    many = len(result.documents) > 1
    for doc in result.documents:
        paragraphs: list[str] = []
        last = None
        for s in doc.segments:
            if s.target is None:
                raise InputError(f"{doc.name}: segment {s.id} has no translation; txt/md output needs an nl->en model")
            if s.paragraph != last:
                paragraphs.append(s.target)
                last = s.paragraph
            else:
                paragraphs[-1] += (s.sep or " ") + s.target
        if many:
            parts.append(f"# {doc.name}" if markdown else f"{doc.name}\n{'=' * len(doc.name)}")
        parts.extend(paragraphs)
    return "\n\n".join(parts) + "\n"
