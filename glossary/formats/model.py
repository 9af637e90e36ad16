"""The neutral entry model every format reads and writes, and :func:`collect`, which
gathers entries from a glossary in bulk (a few queries, not one per term)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from glossary import vocabulary
from glossary.errors import InputError
from glossary.keys import sentence_key
from glossary.store import Glossary
from glossary.vocabulary import EXCHANGE_STATUSES, KINDS
from glossary.vocabulary import EXPORT_FILTERS as STATUS_FILTERS


@dataclass
class Translation:
    text: str
    status: str = "candidate"  # candidate | approved | rejected
    source: str | None = None
    origin: str | None = None
    score: float | None = None


@dataclass
class Context:
    text: str
    document: str | None = None
    start: int | None = None
    end: int | None = None
    translation: str | None = None  # English of the sentence, when known


@dataclass
class Entry:
    term: str
    kind: str = "term"
    lemma: str | None = None
    variants: list[str] = field(default_factory=list)
    note: str | None = None
    translations: list[Translation] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    id: int | None = None
    frequency: int = 0
    doc_count: int = 0

    def approved(self) -> Translation | None:
        return next((t for t in self.translations if t.status == "approved"), None)

    def chosen(self) -> Translation | None:
        """The chosen English (:func:`glossary.vocabulary.chosen`: as every command shows it)."""
        return vocabulary.chosen(self.translations)

    @property
    def status(self) -> str:
        """approved | candidate | rejected | untranslated (as in :mod:`glossary.listing`)."""
        return vocabulary.listing_status(self.translations)


def sort_translations(items: list[Translation]) -> list[Translation]:
    return vocabulary.sort_translations(items)


# Characters no exchange value may carry: C0 controls but TAB/LF/CR (which :func:`clean` turns
# into spaces anyway), DEL, C1 controls, U+FEFF (a byte-order mark inside text: invisible, and
# lost by every reader that strips a leading BOM), the noncharacters U+FFFE/U+FFFF and lone
# surrogates (which cannot be encoded as UTF-8).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")


def strip_controls(text) -> str:
    """``text`` without the characters no glossary value may hold (see ``_CONTROL``)."""
    return _CONTROL.sub("", str(text or ""))


def clean(text) -> str:
    """One line, single-spaced, without control characters (every value a reader takes in:
    terms, translations, notes, contexts). A value that is only controls/BOM/whitespace or
    invisible format characters (U+200B, ...) is ``""``, which readers refuse for a term."""
    value = " ".join(strip_controls(text).split())
    if value and all(unicodedata.category(c) == "Cf" or c.isspace() for c in value):
        return ""  # only invisible format characters (zero-width spaces, joiners, ...)
    return value


def check_kind(kind: str | None, where: str = "") -> str:
    kind = (kind or "term").strip().lower() or "term"
    if kind not in KINDS:
        raise InputError(f"{where}unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    return kind


def check_status(status: str | None, where: str = "", default: str = "approved") -> str:
    status = (status or default).strip().lower() or default
    if status not in EXCHANGE_STATUSES:
        raise InputError(f"{where}unknown status {status!r}: use one of {', '.join(EXCHANGE_STATUSES)}")
    return status


# -- formula injection ------------------------------------------------------------------------

_FORMULA = re.compile(r"'*[=+\-@]")
_ESCAPED = re.compile(r"'+[=+\-@]")


def neutralise(cell: str | None) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula (leading = + - @).

    A cell that already is apostrophes followed by one of those gets one more, so that
    :func:`unneutralise` gives back exactly the original text."""
    if cell and _FORMULA.match(cell):
        return "'" + cell
    return cell or ""


def unneutralise(cell: str | None) -> str:
    if cell and _ESCAPED.match(cell):
        return cell[1:]
    return cell or ""


# -- gathering entries from a glossary ----------------------------------------------------------

def collect(
    g: Glossary,
    *,
    status: str = "all",
    document: str | None = None,
    kind: str | None = None,
    contexts: int | None = 3,
) -> list[Entry]:
    """The glossary's active terms (best first) as :class:`Entry` objects.

    ``status`` keeps only terms whose chosen English has that status (``all`` keeps all);
    ``document`` keeps terms that occur in the document of that name (or path);
    ``contexts`` is the number of context sentences per term (None: all)."""
    if status not in STATUS_FILTERS:
        raise InputError(f"unknown status {status!r}: use one of {', '.join(STATUS_FILTERS)}")
    c = g.conn
    sql = ("SELECT id, term, lemma, kind, frequency, doc_count, variants, note FROM terms"
           " WHERE status='active'")
    params: list = []
    if kind:
        sql += " AND kind=?"
        params.append(check_kind(kind))
    if document:
        ids = [r[0] for r in c.execute("SELECT id FROM documents WHERE name=? OR path=?", (document, document))]
        if not ids:
            names = ", ".join(d["name"] for d in g.documents()[:10]) or "none"
            raise InputError(f"no document named {document!r} in the glossary (documents: {names})")
        marks = ",".join("?" for _ in ids)
        sql += f" AND id IN (SELECT term_id FROM occurrences WHERE document_id IN ({marks}))"
        params += ids
    sql += " ORDER BY score DESC NULLS LAST, id"
    entries: dict[int, Entry] = {}
    for row in c.execute(sql, params):
        entries[row["id"]] = Entry(
            term=row["term"], kind=row["kind"], lemma=row["lemma"],
            variants=[v for v in (row["variants"] or "").split(" | ") if v],
            note=row["note"], id=row["id"], frequency=row["frequency"] or 0, doc_count=row["doc_count"] or 0,
        )
    if not entries:
        return []
    for row in c.execute(
        # weak candidates (below the suggestion floor) are never exported
        "SELECT term_id, text, source, status, score, origin FROM translations x"
        f" WHERE x.status {vocabulary.sql_in(EXCHANGE_STATUSES)}"
        " ORDER BY term_id, " + vocabulary.translation_order_sql("x")
    ):
        entry = entries.get(row[0])
        if entry is not None:
            entry.translations.append(Translation(row[1], row[3], row[2], row[5], row[4]))
    for term_id, name in c.execute(
        "SELECT DISTINCT o.term_id, d.name FROM occurrences o JOIN documents d ON d.id=o.document_id"
        " ORDER BY o.term_id, d.name"
    ):
        entry = entries.get(term_id)
        if entry is not None:
            entry.documents.append(name)
    if contexts is None or contexts > 0:
        english = {key: text for key, text in c.execute("SELECT key, text FROM sentence_translations ORDER BY id")}
        counts: dict[int, int] = defaultdict(int)
        for term_id, text, name, start, end in c.execute(
            "SELECT o.term_id, c.text, d.name, o.start, o.end FROM occurrences o"
            " JOIN contexts c ON c.id=o.context_id JOIN documents d ON d.id=o.document_id"
            " ORDER BY o.term_id, o.document_id, c.position, o.start"
        ):
            entry = entries.get(term_id)
            if entry is None or (contexts is not None and counts[term_id] >= contexts):
                continue
            counts[term_id] += 1
            entry.contexts.append(Context(text, name, start, end, english.get(sentence_key(text))))
    result = list(entries.values())
    if status != "all":
        result = [e for e in result if e.status == status]
    return result
