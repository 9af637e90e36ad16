"""Compact storage of candidate statistics, occurrences and sentences (flat memory).

The extractor keeps no object per candidate occurrence or sentence: per candidate key it
keeps counters and an ``array`` of integers (document, sentence, start, end); per document
an ``array`` of sentence offsets into the normalised text. Sentence and occurrence texts are
slices of that text, so ``Sentence`` and ``Occurrence`` objects are made only when read,
through the read-only sequences below (they compare equal to lists of the same items). The
texts themselves are read only when a sentence or occurrence is (``Texts``).
"""
from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

from glossary.extract import Occurrence, Sentence
from glossary.extract.text import normalise_text


class _View(Sequence):
    """A read-only list of items made on access."""

    __slots__ = ()

    def _item(self, i: int):
        raise NotImplementedError

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._item(i)

    def __iter__(self):
        return (self._item(i) for i in range(len(self)))

    def __eq__(self, other):
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # unhashable, like a list

    def __repr__(self) -> str:
        return repr(list(self))


class Texts:
    """The normalised texts of the documents, made from ``source[i]`` (the raw texts: a list,
    or a sequence that reads them from the database) when first asked for, then kept until
    :meth:`DocSentences.release` (``store_extraction`` releases each document it has written)."""

    __slots__ = ("source", "kept")

    def __init__(self, source: Sequence[str]):
        self.source = source
        self.kept: dict = {}

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, i: int) -> str:
        text = self.kept.get(i)
        if text is None:
            text = self.kept[i] = normalise_text(self.source[i])
        return text


class DocSentences(_View):
    """The sentences of document ``doc``: ``spans`` holds start, end pairs into its text."""

    __slots__ = ("texts", "doc", "spans")

    def __init__(self, texts: Texts, doc: int, spans: array):
        self.texts, self.doc, self.spans = texts, doc, spans

    @property
    def text(self) -> str:
        return self.texts[self.doc]

    def __len__(self) -> int:
        return len(self.spans) // 2

    def _item(self, i: int) -> Sentence:
        a, b = self.spans[2 * i], self.spans[2 * i + 1]
        return Sentence(a, b, self.text[a:b])

    def start(self, i: int) -> int:
        return self.spans[2 * i]

    def surface(self, i: int, start: int, end: int) -> str:
        """The text of sentence ``i`` from ``start`` to ``end`` (offsets in the sentence)."""
        base = self.spans[2 * i]
        return self.text[base + start:base + end]

    def release(self) -> None:
        """Forget the document's normalised text (read again from the source if needed)."""
        self.texts.kept.pop(self.doc, None)


class Occurrences(_View):
    """A term's occurrences: ``quads`` holds (document, sentence, start, end) per occurrence,
    start/end relative to the sentence; the surface is the sentence text between them."""

    __slots__ = ("quads", "sentences")

    def __init__(self, quads: array, sentences: Sequence[DocSentences]):
        self.quads, self.sentences = quads, sentences

    def __len__(self) -> int:
        return len(self.quads) // 4

    def _item(self, i: int) -> Occurrence:
        d, si, a, b = self.quads[4 * i:4 * i + 4]
        return Occurrence(d, si, a, b, self.sentences[d].surface(si, a, b))

    def positions(self):
        """``(document, sentence, start, end)`` of each occurrence, without reading any text."""
        q = self.quads
        return (tuple(q[i:i + 4]) for i in range(0, len(q), 4))


class Counts(Counter):
    """A ``Counter`` whose ``most_common(1)`` skips the general path (``heapq.nlargest``, which
    for one item is ``max`` over the items: the same first item on ties). Called for every
    candidate key."""

    __slots__ = ()

    def most_common(self, n=None):
        if n == 1:
            return [max(self.items(), key=_COUNT)] if self else []
        return super().most_common(n)


_COUNT = itemgetter(1)


class Group:
    """Statistics of one candidate key over the corpus (occurrences deduplicated by span).
    ``opens``: whether some occurrence whose surface does not start in lower case may owe its
    capital to its position (``pipeline._opens_a_sentence``; counted by ``analyse``)."""

    __slots__ = ("key", "surf", "kind", "content", "heading", "occ", "opens")

    def __init__(self, key: str, content: tuple[str, ...]):
        self.key, self.content = key, content
        self.surf: Counter[str] = Counts()
        self.kind: Counter[str] = Counts()
        self.heading = 0
        self.occ = array("i")  # (doc, sentence, start, end) per distinct span
        self.opens = False

    @property
    def frequency(self) -> int:
        return len(self.occ) // 4

    def doc_count(self) -> int:
        return len(set(self.occ[0::4]))

    def add_doc(self, surf: dict[str, int], kind: dict[str, int], heading: int, occ: array,
                opens: bool) -> None:
        """Add one document's statistics (``occ``: its distinct (doc, sentence, start, end))."""
        for counts, new in ((self.surf, surf), (self.kind, kind)):  # what Counter.update does with a dict
            if counts:
                get = counts.get
                for k, n in new.items():
                    counts[k] = n + get(k, 0)
            else:
                dict.update(counts, new)
        self.heading += heading
        self.occ.extend(occ)
        self.opens = self.opens or opens

    def merge(self, other: Group) -> None:
        """Take in a variant's statistics; its spans not seen here come after ours."""
        self.surf.update(other.surf)
        self.kind.update(other.kind)
        self.opens = self.opens or other.opens
        mine = self.occ
        seen = {tuple(mine[i:i + 4]) for i in range(0, len(mine), 4)}
        theirs = other.occ
        for i in range(0, len(theirs), 4):
            q = tuple(theirs[i:i + 4])
            if q not in seen:
                seen.add(q)
                mine.extend(q)
