"""The glossary's vocabulary, defined once: translation sources and statuses, term statuses
and kinds, the statuses a listing shows, sort orders, and **the chosen English of a term**.

The chosen English of a term (what ``glossary terms``, ``lookup``, ``search``, ``annotate``,
``check``, every export and the TUI show as *the* translation):

1. its approved translation (the schema allows at most one), else
2. the best candidate: by source rank (``human`` 0, ``import`` 1, the machine sources
   ``tm``/``dictionary``/``mt`` 2), then by score (higher first, no score last), then by id
   (older first). Rejected translations are never chosen, nor weak ones.

A *weak* translation is a machine candidate whose calibrated score is below the suggestion floor
(``glossary.translate.score.FLOOR``): kept, so a translator can see and approve it (the TUI and
``lookup`` list it after the suggestions, marked weak), but never chosen, never exported, never
counted as a translation and never searched as one. Only machine writes make a row weak; a
translator's approval or rejection of it is the same as of any candidate.

It exists twice, as SQL (:data:`CHOSEN_SQL`, a scalar sub-query over ``terms t``) and as
Python (:func:`chosen` over translation dicts or objects), and the tests check the two agree.
This module imports nothing from ``glossary``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs ~2.5 ms at start-up
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

# -- translations --------------------------------------------------------------------------

#: machine sources: they only ever add candidates, never touch a human decision
MACHINE_SOURCES = frozenset({"mt", "dictionary", "tm"})
#: every translation source
SOURCES = MACHINE_SOURCES | {"human", "import"}
#: translation statuses
STATUSES = ("candidate", "approved", "rejected", "weak")
APPROVED, CANDIDATE, REJECTED, WEAK = STATUSES[1], STATUSES[0], STATUSES[2], STATUSES[3]
#: the statuses exchange files carry (weak translations are never exported, nor imported)
EXCHANGE_STATUSES = (CANDIDATE, APPROVED, REJECTED)
#: a *live* translation: one that can be chosen (approved, or a candidate suggested)
LIVE_STATUSES = (APPROVED, CANDIDATE)
#: statuses machine sources write and may change on their own rows
MACHINE_STATUSES = (CANDIDATE, WEAK)


def sql_in(statuses: Iterable[str]) -> str:
    """An SQL test of a status column against ``statuses`` (``x.status`` + this): ``IN ('a', 'b')``."""
    return "IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


#: SQL test of a live translation's status (``x.status`` ... with the column before it)
LIVE_SQL = sql_in(LIVE_STATUSES)

#: rank of a source among candidates (lower wins); unknown and machine sources share 2
SOURCE_RANK = {"human": 0, "import": 1}
MACHINE_RANK = 2
#: rank of a status in a term's translation list (approved first, weak after the candidates,
#: rejected last)
STATUS_RANK = {"approved": 0, "candidate": 1, "weak": 2, "rejected": 3}
#: an unknown status sorts with the rejected ones
UNKNOWN_STATUS_RANK = STATUS_RANK["rejected"]

# -- terms ---------------------------------------------------------------------------------

KINDS = ("term", "name", "loanword")
#: ``terms.status``
TERM_STATUSES = ("active", "not_a_term")
#: ``terms.origin``
TERM_ORIGINS = ("extracted", "import", "human")

#: the status of a term in a listing (``glossary terms``, the TUI, exports' ``--status``)
LISTING_STATUSES = ("untranslated", "candidate", "approved", "rejected", "not-a-term")
#: the ``--status`` filters of term listings: all (every active term) and each listing status
LISTING_FILTERS = ("all", *LISTING_STATUSES)
#: the filters of exports: listing filters without not-a-term (never exported)
EXPORT_FILTERS = ("all", "approved", "candidate", "rejected", "untranslated")

# -- SQL -----------------------------------------------------------------------------------


def translation_order_sql(alias: str = "x") -> str:
    """ORDER BY terms for a term's translations in display order: approved, candidates
    (source rank, score, id), weak, rejected."""
    a = alias
    ranks = " ".join(f"WHEN '{s}' THEN {r}" for s, r in STATUS_RANK.items())
    return (f"CASE {a}.status {ranks} ELSE {UNKNOWN_STATUS_RANK} END,"
            f" CASE {a}.source WHEN 'human' THEN 0 WHEN 'import' THEN 1 ELSE 2 END,"
            f" {a}.score DESC NULLS LAST, {a}.id")


#: The chosen English of term ``t`` (a scalar sub-query). ``+x.status`` keeps SQLite on the
#: translations(term_id, status) index: without statistics it would otherwise pick the index on
#: translations.status and scan every approved row for every term.
CHOSEN_SQL = (
    f"SELECT x.text FROM translations x WHERE x.term_id = t.id AND +x.status {LIVE_SQL}"
    f" ORDER BY {translation_order_sql('x')} LIMIT 1"
)

#: The approved English of term ``t`` (a scalar sub-query), or NULL.
APPROVED_SQL = "SELECT x.text FROM translations x WHERE x.term_id = t.id AND +x.status = 'approved' LIMIT 1"

#: The listing status of term ``t`` (one of :data:`LISTING_STATUSES`).
STATUS_SQL = (
    "CASE WHEN t.status = 'not_a_term' THEN 'not-a-term'"
    " WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='approved') THEN 'approved'"
    " WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='candidate') THEN 'candidate'"
    " WHEN EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND +x.status='rejected') THEN 'rejected'"
    " ELSE 'untranslated' END"
)

#: Sort orders of term listings (terms alias ``t``); every tie ends with the id.
TERM_ORDERS = {
    "score": "t.score DESC NULLS LAST, t.id",
    "term": "t.term COLLATE NOCASE, t.id",
    "frequency": "t.frequency DESC, t.score DESC NULLS LAST, t.id",
    "documents": "t.doc_count DESC, t.score DESC NULLS LAST, t.id",
}
#: the order of terms "best first" (exports, translation runs, the matcher's tie rule)
BEST_FIRST_SQL = TERM_ORDERS["score"]

# -- Python ------------------------------------------------------------------------------------

def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _score(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def translation_rank(status: str | None, source: str | None, score: Any, ident: int | None = None) -> tuple:
    """The sort key of one translation in display order (the Python twin of
    :func:`translation_order_sql`)."""
    value = _score(score)
    return (STATUS_RANK.get(status or "", UNKNOWN_STATUS_RANK), SOURCE_RANK.get(source or "", MACHINE_RANK),
            value is None, -(value or 0.0), ident if ident is not None else 0)


def sort_translations(items: Iterable[T]) -> list[T]:
    """Translations (dicts with, or objects with attributes ``status``, ``source``, ``score``,
    optionally ``id``) in display order; items without an id keep their given order on ties."""
    return sorted(items, key=lambda t: translation_rank(
        _field(t, "status"), _field(t, "source"), _field(t, "score"), _field(t, "id")))


def chosen(items: Iterable[T]) -> T | None:
    """The chosen English among a term's translations: the approved one, else the best
    candidate (source rank, score, id). None when all are rejected or weak, or there are none."""
    live = [t for t in items if _field(t, "status") in LIVE_STATUSES]
    ordered = sort_translations(live)
    return ordered[0] if ordered else None


def approved(items: Iterable[T]) -> T | None:
    return next((t for t in items if _field(t, "status") == APPROVED), None)


def listing_status(items: Iterable[Any], *, term_status: str = "active") -> str:
    """The listing status of a term with these translations (Python twin of :data:`STATUS_SQL`)."""
    if term_status == "not_a_term":
        return "not-a-term"
    statuses = {_field(t, "status") for t in items}
    for status in (APPROVED, CANDIDATE, REJECTED):
        if status in statuses:
            return status
    return "untranslated"
