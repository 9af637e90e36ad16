"""The shipped Dutch->English lexicon (``data/lexicon/nl-en.sqlite``, built by
``scripts/build_lexicon.py`` from Open Dutch WordNet, Princeton WordNet and Wiktionary; CC BY-SA).

One row per (Dutch, English) pair: part of speech, the sources that assert it, the Princeton
WordNet sense count, the English word frequency and a rank score (agreement between sources
first). The shipped file is an indexed SQLite database opened read-only: a build pays only for
the words it looks up (a few milliseconds to open, not a second to parse 160k rows). A gzip or
plain TSV file with the same columns (``nl en pos sources tagcount zipf score``, optionally
``modifier_score``) is read whole instead. The SQLite file also holds English multi-word
expressions (table ``phrases``: the English side, Princeton WordNet and Wiktionary lemmas), the
evidence :meth:`Lexicon.attested` gives composition; a TSV file's are its own English side; and
pairs of English words WordNet's glosses write together (table ``collocations``,
:meth:`Lexicon.collocated`).
A missing or corrupt file gives one warning line on stderr and ``None``, and translation goes on
with the other sources.

``$GLOSSARY_LEXICON`` names another file; set to the empty string it disables the lexicon.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from glossary.errors import InputError
from glossary.translate.spelling import respell

LEXICON_ENV = "GLOSSARY_LEXICON"
NAME = "lexicon"
FILENAME = "nl-en.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Sense:
    text: str
    score: float  # the builder's rank score (agreement, sense count, English frequency)
    sources: tuple[str, ...]
    pos: str = ""
    tagcount: int = 0
    #: the rank score for the word as a compound's modifier (weg- -> road), when the source has one
    modifier_score: float | None = None


def phrase_key(text: str) -> str:
    """The form an English multi-word expression is stored and looked up in: lower case, hyphens
    as spaces, British spelling, each word without a plural -s (*Swimming-pools* -> *swimming
    pool*; *behavior patterns* -> *behaviour pattern*). Crude, but the same on both sides."""
    words = respell(" ".join(text.casefold().replace("-", " ").split()), "british").split()
    return " ".join(crude_singular(w) for w in words)


def crude_singular(word: str) -> str:
    """One English word in lower case without a plural -s (*pools* -> *pool*, *policies* ->
    *policy*; *glass*, *status*, *analysis* stay): the key of the lexicon's expressions and of its
    builder's head and modifier evidence. Not for output (see compose.singularise)."""
    w = word.casefold()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def default_path() -> Path | None:
    env = os.environ.get(LEXICON_ENV)
    if env is not None:
        return Path(env) if env else None
    from glossary.config import DATA_DIR

    return Path(DATA_DIR) / "lexicon" / FILENAME


class Lexicon:
    """Dutch word -> senses, best first. Lookup is case-insensitive; an entry written with the
    same case as the query comes first (*Internet* vs *internet*)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = NAME
        self.version: str | None = None
        self._db: sqlite3.Connection | None = None
        self._rows: dict[str, list[tuple[str, Sense]]] = {}  # a TSV file, read whole
        self._cache: dict[str, list[tuple[str, Sense]]] = {}  # the SQLite file: the words asked for
        #: English multi-word expressions (phrase keys): a TSV file's English side; the SQLite
        #: file's table ``phrases`` is queried per phrase instead
        self._phrases: set[str] = set()
        self._has_phrases = False
        self._has_collocations = False
        self._has_relational = False
        self._phrase_cache: dict[tuple[str, str], bool] = {}
        self._relational_cache: dict[str, list[str]] = {}
        try:
            with self.path.open("rb") as fh:
                head = fh.read(16)
        except FileNotFoundError:
            raise InputError(f"{self.path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{self.path} is not a readable lexicon ({exc})") from None
        if head == SQLITE_MAGIC:
            self._open_sqlite()
        else:
            self._read_tsv()

    # -- SQLite (the shipped file): queried per word --------------------------------------------

    def _open_sqlite(self) -> None:
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                 check_same_thread=False)
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
            db.execute("SELECT key, en, nl, pos, sources, tagcount, score, modifier_score FROM senses LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise InputError(f"{self.path} is not a readable lexicon ({exc})") from None
        if meta.get("format") != "glossary-lexicon-1":
            raise InputError(f"{self.path} is not a glossary lexicon (no format mark)")
        self.version = meta.get("version")
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self._has_phrases = "phrases" in tables
        self._has_collocations = "collocations" in tables
        self._has_relational = "relational" in tables
        self._db = db

    def _query(self, key: str) -> list[tuple[str, Sense]]:
        assert self._db is not None
        try:
            rows = self._db.execute("SELECT nl, en, pos, sources, tagcount, score, modifier_score FROM senses "
                                    "WHERE key = ? ORDER BY score DESC, en", (key,)).fetchall()
        except sqlite3.Error:
            return []  # a page gone bad under a running build: that word is unknown, the rest goes on
        return [(nl or key, Sense(en, float(score), tuple(sources.split(",")), pos or "", int(tagcount or 0),
                                  None if mod is None else float(mod)))
                for nl, en, pos, sources, tagcount, score, mod in rows]

    # -- TSV (a user's own file): read whole ------------------------------------------------------

    def _read_tsv(self) -> None:
        try:
            raw = self.path.read_bytes()
            text = gzip.decompress(raw).decode("utf-8") if raw[:2] == b"\x1f\x8b" else raw.decode("utf-8")
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path} is not a readable lexicon ({exc})") from None
        for number, line in enumerate(text.split("\n"), 1):
            if not line:
                continue
            if line.startswith("#"):
                if line.startswith("# version:"):
                    self.version = line.split(":", 1)[1].strip()
                continue
            fields = line.split("\t")
            if len(fields) not in (7, 8):
                raise InputError(f"{self.path}:{number}: not a lexicon row (7 or 8 tab-separated fields)")
            nl, en, pos, sources, tagcount, _zipf, score = fields[:7]
            try:
                sense = Sense(en, float(score), tuple(sources.split(",")), pos, int(tagcount),
                              float(fields[7]) if len(fields) == 8 else None)
            except ValueError:
                raise InputError(f"{self.path}:{number}: bad number in a lexicon row") from None
            self._rows.setdefault(nl.casefold(), []).append((nl, sense))
            if " " in en.strip():
                self._phrases.add(phrase_key(en))
        if not self._rows:
            raise InputError(f"{self.path} holds no lexicon rows")

    # -- lookups -----------------------------------------------------------------------------------

    def _entries(self, word: str) -> list[tuple[str, Sense]]:
        key = word.casefold()
        if self._db is None:
            return self._rows.get(key, [])
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            found = self._cache[key] = self._query(key)
        return found

    def __contains__(self, word: str) -> bool:
        return bool(self._entries(word))

    def __len__(self) -> int:
        """Dutch headwords (case-folded)."""
        if self._db is None:
            return len(self._rows)
        (n,) = self._db.execute("SELECT count(DISTINCT key) FROM senses").fetchone()
        return int(n)

    def senses(self, word: str) -> list[Sense]:
        rows = self._entries(word)
        if not rows:
            return []
        exact = [s for nl, s in rows if nl == word]
        rest = [s for nl, s in rows if nl != word]
        out, seen = [], set()
        for s in sorted(exact, key=lambda s: -s.score) + sorted(rest, key=lambda s: -s.score):
            if s.text.casefold() not in seen:
                seen.add(s.text.casefold())
                out.append(s)
        return out

    def lookup(self, word: str) -> list[str]:
        return [s.text for s in self.senses(word)]

    def relational(self, noun: str) -> list[str]:
        """English relational adjectives of an English noun, most frequent first (Princeton WordNet
        pertainyms: *law* -> *legal*, *juridical*; *person* -> *personal*); [] for a TSV lexicon or
        a file without the table."""
        key = noun.casefold()
        if self._db is None or not self._has_relational or " " in key:
            return []
        found = self._relational_cache.get(key)
        if found is None:
            try:
                found = [a for (a,) in self._db.execute("SELECT adj FROM relational WHERE noun = ? ORDER BY rank", (key,))]
            except sqlite3.Error:
                found = []
            self._relational_cache[key] = found
        return found

    def attested(self, text: str) -> bool:
        """Whether English writes ``text`` (two words or more) as an expression of its own: it is
        the English of a lexicon pair, a Princeton WordNet or Wiktionary lemma (*credit rating*,
        *swimming pool*, *fire brigade*); compared by :func:`phrase_key`."""
        key = phrase_key(text)
        if " " not in key:
            return False
        if self._db is None:
            return key in self._phrases
        return self._has_phrases and self._holds("phrases", key)

    def collocated(self, text: str) -> bool:
        """Whether two neighbouring English words are a collocation Princeton WordNet's glosses
        write (*precious metals*, *pest control*; table ``collocations``, compared by
        :func:`phrase_key`): weaker evidence than :meth:`attested`. False for a TSV lexicon or a
        file without the table."""
        key = phrase_key(text)
        if self._db is None or not self._has_collocations or key.count(" ") != 1:
            return False
        return self._holds("collocations", key)

    def _holds(self, table: str, key: str) -> bool:
        assert self._db is not None
        found = self._phrase_cache.get((table, key))
        if found is None:
            try:
                found = self._db.execute(f"SELECT 1 FROM {table} WHERE key = ?", (key,)).fetchone() is not None
            except sqlite3.Error:
                found = False
            if len(self._phrase_cache) > 200_000:
                self._phrase_cache.clear()
            self._phrase_cache[table, key] = found
        return found


_warned: set[str] = set()


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon | None:
    try:
        return Lexicon(path)
    except InputError as exc:
        if path not in _warned:
            _warned.add(path)
            print(f"warning: lexicon not used: {exc}", file=sys.stderr)
        return None


def load(path: str | Path | None = None) -> Lexicon | None:
    """The lexicon (cached), or None with one warning line when it is missing or corrupt."""
    path = default_path() if path is None else Path(path)
    if path is None:
        return None
    return _load(str(path))


def is_available() -> bool:
    path = default_path()
    return path is not None and path.is_file()


def prefix_share(a: str, b: str, min_prefix: int = 4) -> float:
    """The shared-prefix share of two spellings (``installatie`` ~ ``installation`` 0.83): the
    length of their common prefix over the longer one, 0 when the prefix is shorter than
    ``min_prefix``. The cognate evidence of the lexicon build, word alignment and TM alignment."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n / max(len(a), len(b)) if n >= min_prefix else 0.0

