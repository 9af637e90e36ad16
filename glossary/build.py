"""The build pipeline: ingest documents -> extract terms -> store contexts -> translate."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.ingest import iter_paths, read_document
from glossary.progress import progress_bar
from glossary.store import Glossary

INSTALL_HINT = "glossary models install nl en   (or: glossary models install --from FILE.argosmodel)"


@dataclass
class BuildSummary:
    documents: int = 0  # documents in the glossary after the build
    added: int = 0  # documents added by this build
    unchanged: int = 0  # documents already stored (same content)
    failed: list[str] = field(default_factory=list)  # one error line per failed path
    terms: int = 0
    translated: int = 0
    extracted: bool = False  # False when the corpus had not changed since the last build
    translation: dict | None = None  # what translate_glossary reported, None when skipped
    backends: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "added": self.added,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "terms": self.terms,
            "translated": self.translated,
            "extracted": self.extracted,
            "backends": self.backends,
            "translation": self.translation,
            "seconds": round(self.seconds, 2),
        }


def ingest(g: Glossary, paths: Iterable[str | Path], summary: BuildSummary,
           on_error: Callable[[str], None] | None = None) -> None:
    """Store every readable document, one transaction each; report the others."""
    items = list(iter_paths(paths))
    with progress_bar("Reading documents", len(items), enabled=None if len(items) > 20 else False) as advance:
        for path, error in items:
            try:
                if error is not None:
                    raise error
                doc = read_document(path)
                _, added = g.add_document(doc)
                if added:
                    summary.added += 1
                else:
                    summary.unchanged += 1
            except InputError as exc:
                summary.failed.append(str(exc))
                if on_error:
                    on_error(str(exc))
            advance(1)


def unavailable_resources(g: Glossary) -> list[str]:
    """One line per registered dictionary or termbase whose file is gone (``glossary dict
    add`` keeps the path; translation would otherwise skip it without a word)."""
    from glossary.translate.dictd import base_path

    lines = []
    for r in g.list_resources():
        if r["kind"] not in ("dictd", "tbx", "tsv"):
            continue
        path = Path(r["path"])
        if r["kind"] == "dictd":
            base = base_path(path)
            ok = base.with_name(base.name + ".index").is_file() or path.is_file()
        else:
            ok = path.is_file()
        if not ok:
            lines.append(f"the registered dictionary {r['name']!r} is missing: {path} "
                         f"(restore the file, or `glossary dict remove {r['name']}`)")
    return lines


class DocumentTexts(Sequence[str]):
    """The texts of the documents ``doc_ids``, each read from the database when asked for
    (the extractor holds a few at a time)."""

    def __init__(self, g: Glossary, doc_ids: list[int]):
        self.g, self.doc_ids = g, doc_ids

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self.g.conn.execute("SELECT text FROM documents WHERE id=?", (self.doc_ids[i],)).fetchone()
        return row[0]


def extract_corpus(g: Glossary, *, force: bool = False) -> bool:
    """Run the extractor over every stored document when the corpus changed. Returns
    True when it ran."""
    signature = g.corpus_signature()
    if not force and g.get_meta("extracted_corpus") == signature:
        return False
    from glossary.extract import extract

    doc_ids = [r["id"] for r in g.conn.execute("SELECT id FROM documents ORDER BY id")]
    if not doc_ids:
        return False
    texts = DocumentTexts(g, doc_ids)
    words = g.conn.execute("SELECT coalesce(sum(words), 0) FROM documents").fetchone()[0]
    n = len(texts)
    # stages, each with its own count: the survey (every text read once, no count of its own),
    # the analysis (documents), the scoring (a spinner), storing the terms, then the contexts
    with progress_bar("Surveying documents", None, enabled=None if words > 50_000 else False) as bar:
        started = False

        def analysed(done: int) -> None:  # the extractor reports a running total
            nonlocal started
            if not started:
                started = True
                bar.stage("Analysing documents", n)
            bar.done(done)
            if done >= n:  # what follows the last document: ranking the candidates
                bar.stage("Scoring terms", None)

        extraction = extract(texts, progress=analysed)
        bar.stage("Storing terms", len(extraction.terms))
        # the store walks extraction.terms once, then asks for each document's sentences
        # once, all in one transaction: count both as it goes
        n_docs = len(extraction.sentences)
        extraction.terms = _CountedList(extraction.terms, bar, then=lambda: bar.stage("Storing contexts", n_docs))
        extraction.sentences = _CountedLookups(extraction.sentences, bar)
        g.store_extraction(doc_ids, extraction, signature=signature)
    return True


class _CountedList(list):
    """A list that advances a progress bar by one per item as it is iterated, and calls
    ``then`` when an iteration is over."""

    def __init__(self, items, advance, then=None):
        super().__init__(items)
        self._advance, self._then = advance, then

    def __iter__(self):
        for item in super().__iter__():
            yield item
            self._advance(1)
        if self._then is not None:
            self._then()
            self._then = None


class _CountedLookups(list):
    """A list that advances a progress bar by one for each distinct index looked up."""

    def __init__(self, items, advance):
        super().__init__(items)
        self._advance, self._seen = advance, set()

    def __getitem__(self, i):
        if isinstance(i, int) and i not in self._seen:
            self._seen.add(i)
            self._advance(1)
        return super().__getitem__(i)


@contextmanager
def _reads_without_mmap(g: Glossary):
    """The database read with read() instead of its memory map meanwhile: a build reads every
    document text (and counts every row at the end), and each page read through the map stays
    mapped in the process, resident (its RSS) until the connection closes: about 170 MiB at
    5 M words. Through read() the pages stay in the system's page cache only."""
    c = g.conn
    before = c.execute("PRAGMA mmap_size").fetchone()[0]
    c.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        c.execute(f"PRAGMA mmap_size={int(before)}")


def build(
    g: Glossary,
    paths: Iterable[str | Path],
    *,
    translate: bool = True,
    on_error: Callable[[str], None] | None = None,
) -> BuildSummary:
    with _reads_without_mmap(g):
        return _build(g, paths, translate=translate, on_error=on_error)


def _build(
    g: Glossary,
    paths: Iterable[str | Path],
    *,
    translate: bool,
    on_error: Callable[[str], None] | None,
) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary()
    ingest(g, paths, summary, on_error)
    summary.extracted = extract_corpus(g)
    if translate:
        from glossary.translate import available_backends, translate_glossary

        summary.backends = available_backends(g)
        for line in unavailable_resources(g):
            summary.failed.append(line)
            if on_error:
                on_error(line)
        if summary.backends:
            with progress_bar("Translating terms", None) as advance:
                summary.translation = translate_glossary(g, only_missing=True, progress=advance)
    stats = g.stats()
    summary.documents = stats["documents"]
    summary.terms = stats["terms"]
    summary.translated = stats["translated"]
    summary.seconds = time.perf_counter() - started
    return summary
