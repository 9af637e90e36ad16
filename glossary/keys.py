"""Text keys: the one definition of how a piece of text is turned into an identity key.

- :func:`simple_key` -- casefolded, NFC, single-spaced, dashes folded: the key of a term's
  surface form (``terms.key`` without lemmatisation, ``variants.key``), of a user's query, of
  an imported entry. Lemmatised keys come from :func:`glossary.extract.normalise_key`, which
  ends in ``simple_key`` too.
- :func:`sentence_key` -- the key of a context sentence (``sentence_translations.key``): a SHA-1
  of the whitespace-normalised text.
- :func:`query_key` -- :func:`simple_key` for user input, fast on ASCII and safe for text SQLite
  cannot store (lone surrogates).

This module imports nothing from ``glossary``: every layer may use it.
"""

from __future__ import annotations

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def simple_key(text: str) -> str:
    """Casefolded, NFC, single-spaced form of ``text`` (no lemmatisation)."""
    if not text.isascii():  # NFC and the dash folding change nothing in ASCII text
        from unicodedata import normalize

        text = normalize("NFC", text).translate(_DASHES)
    return " ".join(text.casefold().split())


def query_key(text: str) -> str:
    """:func:`simple_key` of user input: a fast path for ASCII text, and lone surrogates
    (which SQLite cannot take) replaced."""
    if text.isascii():
        return " ".join(text.casefold().split())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return simple_key(text)


def _sha1():
    try:  # the small built-in module: hashlib loads OpenSSL (~5-10 ms at start-up)
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1
    return sha1


def sentence_key(text: str) -> str:
    """The key of a sentence: SHA-1 of its words joined by single spaces."""
    return _sha1()(" ".join(text.split()).encode("utf-8")).hexdigest()
