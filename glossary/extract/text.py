"""Dutch-aware preprocessing: Unicode normalisation, sentence splitting, tokenisation.

Tokens keep hyphenated compounds (``China-specialist``, ``ABC-boek``), elisions
(``auto's``, ``zo'n``), dotted abbreviations (``d.w.z.``, ``bijv.``) and truncated
coordination members (``plus-`` in ``plus- en minpunten``) together.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# characters unified before matching (the document text itself keeps them; see norm_chars)
_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": " ", "\u00ad": " ",
})


def normalise_text(text: str) -> str:
    """NFC, line endings unified. Length-changing steps only happen here (before offsets)."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_NEEDS_NORM = re.compile("[" + re.escape("".join(map(chr, _QUOTES))) + "]").search


def norm_chars(s: str) -> str:
    """Same-length unification of quotes, dashes and odd spaces (for matching)."""
    if s.isascii():  # known without reading the text; of the characters unified only ` is ASCII
        return s.translate(_QUOTES) if "`" in s else s
    return s.translate(_QUOTES) if _NEEDS_NORM(s) else s


# Common Dutch abbreviations that end in a dot and do not end a sentence.
ABBREVIATIONS = frozenset("""
aant afb afd afk alg art bijv bv blz ca cf dhr dr drs ed enz etc evt fig fa geb gem
hfdst ing ir jl jr kol lett max min mevr mln mld mr mrd mw nl nr ong pag par pct plm
prof resp sr st str tel vgl vlg vnl vs zgn zg zie wo afl red incl excl excl ex
""".split())

_URL = r"(?P<url>https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)"
_OTHER_TOKENS = r"""
    (?P<abbr>(?:[^\W\d_]{1,3}\.){2,}(?![^\W\d_]))            # d.w.z.  t.g.v.  o.a.
  | (?P<num>\d+(?:[.,:/]\d+)*(?:-\d+(?:[.,]\d+)*)*(?:[-][^\W\d_]+)*)   # 2008-2011  224.321  3-jarig
  | (?P<elis>'[st](?=[\s-]))                                   # 's avonds, 's-Hertogenbosch
  | (?P<word>[^\W\d_]\w*(?:(?:[-'](?=\w)|\.(?=\w\.))\w*)*(?:-(?=\s+(?:en|of|tot|&)\s))?)
  | (?P<other>[^\s])
    """
# (a word is its letter, a run of word characters, then runs joined by - or ' before a word
# character or by the dots of an abbreviation: the same matches as one alternation per
# character, 2.5 times faster)
_TOKEN = re.compile(_URL + "|" + _OTHER_TOKENS, re.VERBOSE)
# the same without the web/e-mail address, which can only match where "://", "www." or "@"
# occurs (almost no sentence has one; the e-mail pattern otherwise scans each word twice)
_TOKEN_PLAIN = re.compile(_OTHER_TOKENS, re.VERBOSE)


def _token_re(s: str) -> re.Pattern[str]:
    return _TOKEN if "@" in s or "://" in s or "www." in s else _TOKEN_PLAIN


@dataclass(slots=True)
class Token:
    text: str        # surface as in the document
    start: int       # offset in the sentence text
    end: int


def tokenise(sentence: str) -> list[Token]:
    """Tokens with offsets into ``sentence`` (quotes/dashes unified for matching only)."""
    s = norm_chars(sentence)
    out: list[Token] = []
    skip_to = 0
    for m in _token_re(s).finditer(s):
        a, b = m.span()
        if a < skip_to:
            continue
        if s[b:b + 1] == "." and m.lastgroup == "word" and sentence[a:b].lower() in ABBREVIATIONS:
            b += 1  # bijv.  nr.
            skip_to = b
        out.append(Token(sentence[a:b], a, b))
    return out


# sentence end: . ! ? (optionally followed by quotes/brackets) then space and an opener
_SENT_END = re.compile(r"""([.!?…]+['"\)\]]*|:)(?=\s+['"(\[]?[A-Z0-9\u00c0-\u00de])""")


_LAST_WORD = re.compile(r"(\w+)$").search
_DOTTED_END = re.compile(r"\w\.\w+$").search


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences. Lines are hard boundaries (headings, list items)."""
    spans: list[tuple[int, int]] = []
    norm = norm_chars(text)
    pos = 0
    for line in norm.split("\n"):
        ls = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        start = ls
        for m in _SENT_END.finditer(line):
            if m.group(1) == ":":
                continue  # colon splits are too eager for Dutch
            end = ls + m.end()
            # abbreviation or initial before the dot?
            before = line[max(0, m.start() - 60): m.start()]  # the word before the dot is enough
            wm = _LAST_WORD(before)
            if m.group(1) == "." and wm:
                w = wm.group(1)
                if w.lower() in ABBREVIATIONS or (len(w) == 1 and w.isupper()) or _DOTTED_END(before):
                    continue
            _add(spans, text, start, end)
            start = end
        _add(spans, text, start, ls + len(line))
    return spans


def _add(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
