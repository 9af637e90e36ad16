"""Compact word tables for the extractor: wordfreq's frequencies and simplemma's Dutch
dictionary in MARISA tries (``marisa-trie``), built once per machine into a cache file.

As Python dicts these tables are most of what a process holding the extraction models
keeps (about 33 MiB for each wordfreq list and 42 MiB for simplemma's Dutch dictionary);
as tries they take 0.8 and 2.4 MiB. Lookups give exactly the values the dicts give
(``tests/test_extract_tables.py`` compares them entry by entry).

The tries are built from the installed packages' own data the first time they are needed
and saved under the user's cache folder (``$GLOSSARY_CACHE_DIR`` if set, else the
platform's, e.g. ``~/.cache/glossary/extract``), named by the package versions; later
processes read the file (a millisecond). If the folder cannot be written, the table is
built in memory each time (slower to start, same results). Building frees its transient
memory back to the system (``malloc_trim``), so the process does not keep it.
"""
from __future__ import annotations

import math
import os
from array import array
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from glossary.files import write_atomically

FORMAT = 1  # bump when the layout of a cache file changes


def cache_dir() -> Path:
    env = os.environ.get("GLOSSARY_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    from glossary.config import APP_NAME

    return user_cache_path(APP_NAME, appauthor=False) / "extract"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
        return "unknown"


def trim_heap() -> None:
    """Give freed heap memory back to the system (glibc's ``malloc_trim``; a no-op elsewhere).
    Loading a table's source data leaves megabytes of freed blocks that glibc keeps
    otherwise, resident in this process and in every process forked from it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def cached_bytes(name: str, build: Callable[[], bytes]) -> bytes:
    """The bytes of cache file ``name``, made by ``build()`` and saved when missing."""
    folder = cache_dir()
    path = folder / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = build()
    trim_heap()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)  # a concurrent reader sees no file or the whole new one
    except OSError:
        pass  # a read-only or full cache folder: the table lives in memory this time
    return data


class Frequencies:
    """``word -> frequency`` of one wordfreq list, equal to ``wordfreq.get_frequency_dict(lang)``
    (read-only; ``get``, ``in``, ``[]``, ``len``) plus ``zipf(word)``.

    A word's frequency is that of its wordfreq bucket (``10 ** (-bucket / 100)``, computed as
    wordfreq computes it); the trie maps a word to its key id, ``bins[id]`` is its bucket."""

    __slots__ = ("trie", "bins", "freqs", "zipfs")

    def __init__(self, trie, bins: array, buckets: int):
        self.trie, self.bins = trie, bins
        # wordfreq.cB_to_freq(-i), the same expression (without importing wordfreq)
        self.freqs = [10 ** (-i / 100) for i in range(buckets)]
        self.zipfs = [math.log10(f) + 9.0 if f else 0.0 for f in self.freqs]

    def _id(self, word: str):
        try:
            return self.trie.get(word)
        except (UnicodeEncodeError, TypeError):  # a lone surrogate, not a str: never a word
            return None

    def get(self, word: str, default=None):
        i = self._id(word)
        return default if i is None else self.freqs[self.bins[i]]

    def zipf(self, word: str) -> float:
        """wordfreq's Zipf value (log10 of the frequency + 9) of ``word``; 0.0 when unknown."""
        i = self._id(word)
        return 0.0 if i is None else self.zipfs[self.bins[i]]

    def __getitem__(self, word: str) -> float:
        i = self._id(word)
        if i is None:
            raise KeyError(word)
        return self.freqs[self.bins[i]]

    def __contains__(self, word) -> bool:
        return self._id(word) is not None

    def __len__(self) -> int:
        return len(self.trie)

    def items(self):
        for word, i in self.trie.iteritems():
            yield word, self.freqs[self.bins[i]]


def _build_frequencies(lang: str) -> bytes:
    """The cache file of one wordfreq list: bucket count, trie size, trie, then the buckets."""
    import marisa_trie
    import wordfreq

    pack = wordfreq.get_frequency_list(lang)
    bucket: dict[str, int] = {}
    for i, words in enumerate(pack):
        for w in words:
            bucket[w] = i  # a word listed twice keeps its last bucket, as get_frequency_dict does
    buckets = len(pack)
    del pack
    wordfreq.get_frequency_list.cache_clear()  # wordfreq's own copy of the list
    trie = marisa_trie.Trie(bucket)
    bins = array("H", bytes(2 * len(trie)))
    for w, i in trie.iteritems():
        bins[i] = bucket[w]
    del bucket
    blob = trie.tobytes()
    return (buckets.to_bytes(4, "little") + len(blob).to_bytes(8, "little") + blob + bins.tobytes())


@cache
def frequencies(lang: str) -> Frequencies:
    """wordfreq's frequency list for ``lang`` as a compact :class:`Frequencies`."""
    import marisa_trie

    name = f"wordfreq-{lang}-{_version('wordfreq')}-{_version('marisa-trie')}-{FORMAT}.bin"
    data = cached_bytes(name, lambda: _build_frequencies(lang))
    try:
        return _parse_frequencies(data, marisa_trie)
    except Exception:  # a damaged cache file: build again, in memory
        return _parse_frequencies(_build_frequencies(lang), marisa_trie)


def _parse_frequencies(data: bytes, marisa_trie) -> Frequencies:
    buckets = int.from_bytes(data[:4], "little")
    size = int.from_bytes(data[4:12], "little")
    trie = marisa_trie.Trie().frombytes(data[12:12 + size])
    bins = array("H")
    bins.frombytes(data[12 + size:])
    if len(bins) != len(trie) or not buckets or (bins and max(bins) >= buckets):
        raise ValueError("damaged word-frequency table")
    return Frequencies(trie, bins, buckets)


def _build_reversed_words(lang: str, min_zipf: float, min_len: int) -> bytes:
    import marisa_trie

    table = frequencies(lang)
    zipfs, bins = table.zipfs, table.bins
    words = [w[::-1] for w, i in table.trie.iteritems() if len(w) >= min_len and zipfs[bins[i]] >= min_zipf]
    return marisa_trie.Trie(words).tobytes()


@cache
def reversed_words(lang: str, min_zipf: float, min_len: int):
    """The words of ``lang``'s wordfreq list with a Zipf frequency of at least ``min_zipf`` and
    at least ``min_len`` letters, each reversed, in a MARISA trie: its ``prefixes(x[::-1])`` are
    those of the words that end ``x``, found with one look-up (the compound splitter's heads).
    Built once from the frequency table into the cache folder (about 1 MiB)."""
    import marisa_trie

    name = f"wordfreq-{lang}-reversed-{min_zipf}-{min_len}-{_version('wordfreq')}-{_version('marisa-trie')}-{FORMAT}.bin"
    data = cached_bytes(name, lambda: _build_reversed_words(lang, min_zipf, min_len))
    try:
        return marisa_trie.Trie().frombytes(data)
    except Exception:  # a damaged cache file: build again, in memory
        return marisa_trie.Trie().frombytes(_build_reversed_words(lang, min_zipf, min_len))


@lru_cache(maxsize=1)
def dutch_lemmatizer():
    """A simplemma ``Lemmatizer`` for Dutch whose dictionary is a trie (simplemma's own
    ``TrieDictionaryFactory``, its cache in our cache folder): the same lemmas as
    ``simplemma.lemmatize(word, lang="nl")`` with 2.4 MiB instead of 42 MiB of dictionary.
    No result cache of its own (``lemma.lemma_simple`` keeps one)."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    from glossary.config import path_writable

    folder = cache_dir() / f"simplemma-{_version('simplemma')}-{_version('marisa-trie')}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writable = path_writable(folder)
    except OSError:
        writable = False
    factory = TrieDictionaryFactory(use_disk_cache=writable, disk_cache_dir=str(folder))
    factory.get_dictionary("nl")  # load (or build and save) it now, then free the build's memory
    trim_heap()
    return Lemmatizer(cache_max_size=0, lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
