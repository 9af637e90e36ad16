"""English spelling preference for machine candidates: British by default (EU and UK
translators write *behaviour*, *centre*, *sulphur*, *organisation*), American on request.

``$GLOSSARY_SPELLING`` is ``british`` (the default) or ``american``. Only candidates the tool
makes itself (lexicon senses, composed and cognate renderings) are respelled; a termbase's,
a translation memory's or a human's English is never touched, nor are names kept as written.

The word lists are breame's (Apache-2.0; American <-> British spelling pairs); an agent noun in
*-izer* that the lists lack is written *-iser* in British (*homogeniser*). A few pairs where
British English keeps the American form in a sense terminology uses are left alone (a gas
*meter*, a computer *program*, a *disk*, a *check*).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

SPELLING_ENV = "GLOSSARY_SPELLING"
CHOICES = ("british", "american")
#: words British English also writes the American way in a common technical sense
KEEP = frozenset({
    "meter", "meters", "program", "programs", "disk", "disks", "check", "checks", "tire", "tires", "ton", "tons",
    "draft", "drafts", "analog", "curb", "curbs", "story", "stories", "inquiry", "inquiries",
})
_WORD = re.compile(r"[A-Za-z]+")


def preference() -> str:
    """``british`` or ``american`` (an unknown value falls back to ``british``)."""
    value = os.environ.get(SPELLING_ENV, "").strip().lower()
    return value if value in CHOICES else "british"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    try:
        from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS
    except ImportError:  # pragma: no cover - breame is a dependency; without it spelling is left as is
        return {}, {}
    return dict(AMERICAN_ENGLISH_SPELLINGS), dict(BRITISH_ENGLISH_SPELLINGS)


def _match_case(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def respell(text: str, style: str | None = None) -> str:
    """``text`` with each word in the preferred spelling (*color sensor* -> *colour sensor*);
    ``style`` defaults to :func:`preference`."""
    return _respell(text, style or preference())


@lru_cache(maxsize=100_000)
def _respell(text: str, style: str) -> str:
    to_british, to_american = _tables()
    table = to_british if style == "british" else to_american

    def one(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if low in KEEP:
            return word
        new = table.get(low)
        if not new and style == "british" and re.fullmatch(r"[a-z]{4,}iz(er|ers)", low):
            new = low[:-3] + "ser" if low.endswith("zer") else low[:-4] + "sers"  # homogenizer -> homogeniser
        return _match_case(word, new) if new and new != low else word

    return _WORD.sub(one, text)
