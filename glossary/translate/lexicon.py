"""The shipped Dutch->English lexicon (``data/lexicon/nl-en.tsv.gz``, built by
``scripts/build_lexicon.py`` from Open Dutch WordNet, Princeton WordNet and Wiktionary; CC BY-SA).

One row per (Dutch, English) pair: part of speech, the sources that assert it, the Princeton
WordNet sense count, the English word frequency and a rank score (agreement between sources
first). :func:`load` reads it once per process (about a second); a missing or corrupt file gives
one warning line on stderr and ``None``, and translation goes on with the other sources.

``$GLOSSARY_LEXICON`` names another file; set to the empty string it disables the lexicon.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from glossary.errors import InputError

LEXICON_ENV = "GLOSSARY_LEXICON"
NAME = "lexicon"


@dataclass(frozen=True)
class Sense:
    text: str
    score: float  # the builder's rank score (agreement, sense count, English frequency)
    sources: tuple[str, ...]
    pos: str = ""
    tagcount: int = 0


def default_path() -> Path | None:
    env = os.environ.get(LEXICON_ENV)
    if env is not None:
        return Path(env) if env else None
    from glossary.config import DATA_DIR

    return Path(DATA_DIR) / "lexicon" / "nl-en.tsv.gz"


class Lexicon:
    """Dutch word -> senses, best first. Lookup is case-insensitive; an entry written with the
    same case as the query comes first (*Internet* vs *internet*)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = NAME
        self.entries: dict[str, list[tuple[str, Sense]]] = {}
        try:
            raw = self.path.read_bytes()
            text = gzip.decompress(raw).decode("utf-8") if raw[:2] == b"\x1f\x8b" else raw.decode("utf-8")
        except FileNotFoundError:
            raise InputError(f"{self.path}: no such file") from None
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path} is not a readable lexicon ({exc})") from None
        self.version = None
        for number, line in enumerate(text.split("\n"), 1):
            if not line:
                continue
            if line.startswith("#"):
                if line.startswith("# version:"):
                    self.version = line.split(":", 1)[1].strip()
                continue
            fields = line.split("\t")
            if len(fields) != 7:
                raise InputError(f"{self.path}:{number}: not a lexicon row (7 tab-separated fields)")
            nl, en, pos, sources, tagcount, _zipf, score = fields
            try:
                sense = Sense(en, float(score), tuple(sources.split(",")), pos, int(tagcount))
            except ValueError:
                raise InputError(f"{self.path}:{number}: bad number in a lexicon row") from None
            self.entries.setdefault(nl.casefold(), []).append((nl, sense))
        if not self.entries:
            raise InputError(f"{self.path} holds no lexicon rows")

    def __contains__(self, word: str) -> bool:
        return word.casefold() in self.entries

    def senses(self, word: str) -> list[Sense]:
        rows = self.entries.get(word.casefold())
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
