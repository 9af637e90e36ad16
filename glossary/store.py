"""The glossary database: opening, migrating, transactions, and every write.

Reads on the hot path (lookup, search, TUI) use the plain ``sqlite3`` connection ``g.conn``;
``sqlite_utils`` (slow to import) is loaded only to create or migrate the schema and for
bulk writes. Importing this module costs little more than ``import sqlite3``: ``json`` and
``hashlib`` are imported where they are used (history, signatures). ``Glossary(path,
readonly=True)`` opens the file read-only (``mode=ro``: no WAL switch, no checkpoint on close,
no write lock), which is how the read-only commands open it. All writes happen inside
:meth:`Glossary.transaction` (``BEGIN IMMEDIATE``), so another process never sees half a
document, half an import or half an edit.

Data-safety rules enforced here, not by callers:
- a machine source (mt, dictionary, tm) never changes an approved, rejected or human translation;
- every user change (approve, reject, edit, add, note, not-a-term, merge) writes a ``history`` row
  holding the rows before and after, which :meth:`undo` replays.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator  # already imported by sqlite3
from datetime import UTC
from pathlib import Path

from glossary.config import check_db_path, default_actor, path_writable, resolve_db_path
from glossary.errors import GlossaryError, SchemaError, db_error, sqlite_error_name
from glossary.keys import sentence_key, simple_key
from glossary.vocabulary import (
    EXCHANGE_STATUSES,
    KINDS,
    LIVE_SQL,
    MACHINE_SOURCES,
    MACHINE_STATUSES,
    SOURCES,
    STATUSES,
    WEAK,
    sql_in,
    translation_order_sql,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Glossary", "KINDS", "MACHINE_SOURCES", "SOURCES", "STATUSES", "now", "sentence_key", "simple_key"]

BUSY_TIMEOUT_S = 30.0
#: reads go through a memory map of the file (no read() system call per page): ~15% faster
#: lookups on a large glossary. SQLite still writes with write().
MMAP_BYTES = 256 * 1024 * 1024


def now() -> str:
    from datetime import datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just wrote (typed: sqlite3 says ``int | None``)."""
    row_id = cursor.lastrowid
    if row_id is None:  # pragma: no cover - an INSERT always sets it
        raise GlossaryError("the database did not return the id of a new row")
    return row_id


def _gather_occurrences(by_doc: dict[int, list], term_id: int, occurrences) -> None:
    """Add a term's occurrences to ``by_doc`` (document -> [array of term id, sentence, start,
    end; surfaces or None]). The extractor's occurrences give their ``positions()`` without
    reading text (the surface is cut from the sentence when the document is written); other
    sequences of ``Occurrence`` objects bring their surface along."""
    from array import array

    positions = getattr(occurrences, "positions", None)
    rows = positions() if positions else ((o.doc, o.sentence, o.start, o.end) for o in occurrences)
    surfaces = None if positions else iter([o.surface for o in occurrences])
    for doc, sent, start, end in rows:
        entry = by_doc.get(doc)
        if entry is None:
            entry = by_doc[doc] = [array("i"), None if positions else []]
        entry[0].extend((term_id, sent, start, end))
        if surfaces is not None:
            entry[1].append(next(surfaces))


def _doc_occurrences(entry: list, sentences) -> Iterator[tuple[int, int, int, int, str]]:
    """One document's ``(term id, sentence, start, end, surface)``, in the order the terms gave
    them."""
    packed, surfaces = entry
    for k in range(0, len(packed), 4):
        term_id, sent, start, end = packed[k:k + 4]
        surface = surfaces[k // 4] if surfaces is not None else sentences.surface(sent, start, end)
        yield term_id, sent, start, end, surface


class Glossary:
    """A glossary database.

    ``Glossary(path)`` opens (and creates or migrates) the database at ``path``; with no path,
    ``$GLOSSARY_DB`` or the platform default is used. ``create=False`` refuses to create a
    missing database (read-only commands use it). ``readonly=True`` (implies ``create=False``)
    opens the file read-only: every write raises ``GlossaryError("glossary is read-only: PATH")``;
    a database at an older schema version is migrated first (that one open is read-write). A
    file, folder or medium that cannot be written is opened read-only whatever was asked
    (``immutable=1`` when not even a -wal/-shm file can be made), so reads work and writes
    fail with that one line. ``sqlite3`` errors users can cause (disk full, I/O errors) become
    one-line ``GlossaryError``s naming the file (:func:`glossary.errors.db_error`).
    """

    _db: Any  # the sqlite_utils.Database of :attr:`db`, made on first use
    _actor: str | None

    def __init__(self, path: str | Path | None = None, *, create: bool = True, readonly: bool = False,
                 actor: str | None = None):
        self._actor = actor  # who this session's changes belong to (history, undo); see actor
        self.path = resolve_db_path(path)
        self.readonly = False
        self._db = None
        check_db_path(self.path)
        if readonly and self._open_readonly():
            return
        if not self.path.exists():
            if not create or readonly:
                raise GlossaryError(
                    f"no glossary at {self.path}: build one with `glossary build DOCS...` "
                    "or choose another with --db"
                )
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise GlossaryError(f"cannot create the folder of the glossary {self.path} ({exc.strerror or exc})") from None
        elif not path_writable(self.path):
            # a read-only file, folder or medium: every read works, every write says so
            if self._open_readonly(fallback=True):
                return
        try:
            self.conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise GlossaryError(f"cannot open the glossary {self.path} ({exc})") from None
        self.conn.row_factory = sqlite3.Row
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if sqlite_error_name(exc) in ("SQLITE_READONLY", "SQLITE_CANTOPEN") and self.path.is_file() \
                    and self._open_readonly(fallback=True):
                return
            mapped = db_error(exc, self.path)
            if mapped is not None:
                raise mapped from None
            raise SchemaError(f"{self.path} is not a glossary database ({exc})") from None
        except GlossaryError:
            self.conn.close()
            raise

    def _prepare(self) -> None:
        """Set the connection up and migrate the schema. Several processes opening a new
        database at the same moment race for the switch to WAL and the first migration; SQLite
        answers some of those races with an immediate SQLITE_BUSY (no busy handler), so the
        whole step is retried until the busy timeout runs out."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                self.conn.execute("PRAGMA foreign_keys=ON")
                # version and tables from one snapshot: a process that commits the first
                # migration in between must not make a new glossary look like a foreign file
                self.conn.execute("BEGIN")
                try:
                    version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                    foreign = version == 0 and self._has_foreign_tables()
                finally:
                    if self.conn.in_transaction:  # an error (disk full, I/O) may have ended it
                        self.conn.execute("COMMIT")
                if foreign:
                    raise SchemaError(f"{self.path} is an SQLite database but not a glossary")
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
                self._migrate(version)
                return
            except sqlite3.OperationalError as exc:
                message = str(exc)
                if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                    raise
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _open_readonly(self, *, fallback: bool = False) -> bool:
        """Open ``self.path`` with ``mode=ro`` (plus ``immutable=1`` when its folder cannot be
        written, so no -wal/-shm file is needed: read-only media). False when it has to be
        opened read-write instead: missing (the caller reports it), not a current glossary
        (migrate or refuse). ``fallback``: the file cannot be written, so there is no
        read-write open to fall back on; a glossary that is not current raises here."""
        if not self.path.is_file():
            return False
        folder_writable = path_writable(self.path.parent)
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            wal_pending = wal.exists() and wal.stat().st_size > 0
        except OSError:
            wal_pending = True
        # immutable only when no writer can exist (the folder is read-only, so no -wal can be
        # made) and no committed transactions wait in a -wal file
        query = "?mode=ro" if folder_writable or wal_pending else "?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(
                self.path.absolute().as_uri() + query,
                uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False,
            )
        except sqlite3.Error as exc:
            if fallback:
                raise GlossaryError(f"cannot open the read-only glossary {self.path} ({exc})") from None
            return False
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            version = None
            if fallback:
                conn.close()
                raise SchemaError(f"{self.path} is not a glossary database ({exc})") from None
        from glossary.schema import SCHEMA_VERSION

        if version != SCHEMA_VERSION:  # old, newer, empty or not a database: the full checks
            conn.close()
            if not fallback:
                return False
            if version == 0:
                raise SchemaError(f"{self.path} is not a glossary database (or an empty file)")
            if version > SCHEMA_VERSION:
                raise SchemaError(
                    f"{self.path} has schema version {version}; this glossary understands up to "
                    f"{SCHEMA_VERSION}: upgrade glossary"
                )
            raise GlossaryError(
                f"glossary is read-only: {self.path} (schema version {version} needs upgrading to "
                f"{SCHEMA_VERSION}; open it once where it can be written)"
            )
        conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        conn.row_factory = sqlite3.Row
        self.conn = conn
        self.readonly = True
        return True

    # -- lifecycle -------------------------------------------------------------------------

    def __getattr__(self, name: str):
        """Only reached for a missing attribute: point callers of the query facade (which lives
        one layer up, in :mod:`glossary.api`) to it."""
        if name in ("lookup", "search", "search_terms", "annotate", "check"):
            raise AttributeError(f"glossary.store.Glossary has no {name!r}: the queries are on the public "
                                 "glossary.Glossary (from glossary import Glossary)")
        raise AttributeError(name)

    @property
    def actor(self) -> str:
        """Who this session's changes belong to: ``Glossary(actor=...)``, else
        :func:`glossary.config.default_actor` (read when first needed: read-only sessions never
        ask)."""
        if self._actor is None:
            self._actor = default_actor()
        return self._actor

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Glossary:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def db(self):
        """A ``sqlite_utils.Database`` on the same connection (imported on first use)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _has_foreign_tables(self) -> bool:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return bool(rows)

    def _migrate(self, version: int) -> None:
        from glossary.schema import MIGRATIONS, SCHEMA_VERSION

        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"{self.path} has schema version {version}; this glossary understands up to "
                f"{SCHEMA_VERSION}: upgrade glossary"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            # re-read inside the write lock: another process may have migrated meanwhile
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](self.db)
                self.conn.execute(f"PRAGMA user_version={number + 1}")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Glossary]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; nested calls become savepoints.

        Waits (up to the busy timeout, then retries) for a concurrent writer to finish.
        """
        if self.readonly:
            raise GlossaryError(f"glossary is read-only: {self.path}")
        if self.conn.in_transaction:
            name = f"sp{time.monotonic_ns()}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        for attempt in range(5):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    mapped = db_error(exc, self.path)
                    if mapped is not None:
                        raise mapped from None
                    raise
                if attempt == 4:
                    raise GlossaryError(f"the glossary {self.path} stayed locked by another program") from None
                time.sleep(0.2 * (attempt + 1))
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:  # SQLite may have rolled back itself (disk full, I/O error)
                    pass
            mapped = db_error(exc, self.path) if isinstance(exc, sqlite3.Error) else None
            if mapped is not None:
                raise mapped from None
            raise

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    # -- documents -------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE sha256=?", (sha256,)).fetchone() is not None

    def add_document(self, doc) -> tuple[int, bool]:
        """Store a :class:`glossary.ingest.Document` once. Returns ``(id, added)``."""
        with self.transaction():
            row = self.conn.execute("SELECT id FROM documents WHERE sha256=?", (doc.sha256,)).fetchone()
            if row:
                return row[0], False
            cur = self.conn.execute(
                "INSERT INTO documents(sha256, name, path, format, title, text, words, added_at) "
                "VALUES(?,?,?,?,?,?,?,?)",
                (doc.sha256, doc.name, str(doc.path), doc.format, doc.title, doc.text, doc.words, now()),
            )
            return _new_id(cur), True

    def documents(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT id, name, path, format, title, words, added_at, sha256 FROM documents ORDER BY id"
        )
        return [dict(r) for r in rows]

    def corpus_signature(self) -> str:
        """A hash of the set of documents: extraction is current when it matches meta."""
        from hashlib import sha256

        digest = sha256()
        for (sha,) in self.conn.execute("SELECT sha256 FROM documents WHERE format IS NOT 'import' ORDER BY sha256"):
            digest.update(sha.encode())
        return digest.hexdigest()

    # -- extraction results ----------------------------------------------------------------

    def store_extraction(self, doc_ids: list[int], extraction, *, signature: str | None = None) -> dict:
        """Replace all machine-derived contexts and occurrences with ``extraction``.

        ``doc_ids[i]`` is the database id of the i-th text given to the extractor. Terms are
        matched by key: scores and counts are refreshed, translations, notes and decisions
        kept. An extracted term that no longer comes out of the corpus is removed only when
        nobody has worked on it (no human/approved/rejected translation, no note); otherwise
        it stays with frequency 0. One transaction.
        """
        stamp = now()
        with self.transaction():
            c = self.conn
            # the contexts of imported documents (format "import": sentences an import brought,
            # no text to extract from) are not the extractor's: they stay
            c.execute("DELETE FROM occurrences WHERE document_id NOT IN (SELECT id FROM documents WHERE format='import')")
            c.execute("DELETE FROM contexts WHERE document_id NOT IN (SELECT id FROM documents WHERE format='import')")
            existing = {row["key"]: row["id"] for row in c.execute("SELECT id, key FROM terms")}
            seen: set[int] = set()
            # occurrences by document, gathered without reading any text: the contexts and
            # occurrences are then written one document at a time, so a document's text is
            # needed (and kept) only while its own rows are written
            by_doc: dict[int, list] = {}
            for term in extraction.terms:
                variants = " | ".join(term.variants)
                parts = "+".join(term.parts or [])
                term_id = existing.get(term.key)
                if term_id is None:
                    term_id = _new_id(c.execute(
                        "INSERT INTO terms(key, term, lemma, kind, score, frequency, doc_count, variants,"
                        " parts, status, origin, created_at, updated_at)"
                        " VALUES(?,?,?,?,?,?,?,?,?,'active','extracted',?,?)",
                        (term.key, term.term, term.lemma, term.kind, term.score, term.frequency,
                         term.doc_count, variants, parts, stamp, stamp),
                    ))
                    existing[term.key] = term_id
                else:
                    # same key, so the same entry: an extracted entry takes the extractor's
                    # current headword (base form: kredietscores -> kredietscore); a term a
                    # person added keeps the form they wrote
                    c.execute(
                        "UPDATE terms SET score=?, frequency=?, doc_count=?, variants=?, parts=?,"
                        " lemma=coalesce(lemma, ?), term=CASE WHEN origin='extracted' THEN ? ELSE term END,"
                        " updated_at=? WHERE id=?",
                        (term.score, term.frequency, term.doc_count, variants, parts, term.lemma, term.term, stamp,
                         term_id),
                    )
                seen.add(term_id)
                c.execute("DELETE FROM variants WHERE term_id=?", (term_id,))
                c.executemany(
                    "INSERT OR IGNORE INTO variants(term_id, text, key) VALUES(?,?,?)",
                    [(term_id, form, simple_key(form)) for form in {term.term, *term.variants}],
                )
                _gather_occurrences(by_doc, term_id, term.occurrences)
            n_contexts = 0
            for doc in sorted(by_doc):
                sentences = extraction.sentences[doc]
                context_ids: dict[int, int] = {}
                for term_id, sent, start, end, surface in _doc_occurrences(by_doc.pop(doc), sentences):
                    context_id = context_ids.get(sent)
                    if context_id is None:
                        sentence = sentences[sent]
                        context_id = context_ids[sent] = _new_id(c.execute(
                            "INSERT INTO contexts(document_id, position, start, end, text) VALUES(?,?,?,?,?)",
                            (doc_ids[doc], sent, sentence.start, sentence.end, sentence.text),
                        ))
                    c.execute(
                        "INSERT OR IGNORE INTO occurrences(term_id, context_id, document_id, start, end, surface)"
                        " VALUES(?,?,?,?,?,?)",
                        (term_id, context_id, doc_ids[doc], start, end, surface),
                    )
                n_contexts += len(context_ids)
                release = getattr(sentences, "release", None)
                if release is not None:
                    release()  # the document's text is not needed any more
            stale = [tid for key, tid in existing.items() if tid not in seen]
            removed = 0
            for term_id in stale:
                row = c.execute(
                    "SELECT origin, note FROM terms WHERE id=?", (term_id,)
                ).fetchone()
                worked_on = row["origin"] != "extracted" or row["note"] or c.execute(
                    "SELECT 1 FROM translations WHERE term_id=? AND (source NOT IN ('mt','dictionary','tm')"
                    f" OR status NOT {sql_in(MACHINE_STATUSES)}) LIMIT 1",
                    (term_id,),
                ).fetchone()
                if worked_on and c.execute("SELECT 1 FROM occurrences WHERE term_id=? LIMIT 1", (term_id,)).fetchone():
                    pass  # an imported term with its imported contexts: its counts are the file's
                elif worked_on:
                    c.execute("UPDATE terms SET frequency=0, doc_count=0, updated_at=? WHERE id=?", (stamp, term_id))
                else:
                    c.execute("DELETE FROM translations WHERE term_id=?", (term_id,))
                    c.execute("DELETE FROM variants WHERE term_id=?", (term_id,))
                    c.execute("DELETE FROM terms WHERE id=?", (term_id,))
                    removed += 1
            if signature is not None:
                c.execute(
                    "INSERT INTO meta(key, value) VALUES('extracted_corpus', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    (signature,),
                )
        return {"terms": len(extraction.terms), "contexts": n_contexts, "removed": removed}

    # -- terms -----------------------------------------------------------------------------

    def term(self, term_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM terms WHERE id=?", (term_id,)).fetchone()
        return dict(row) if row else None

    def term_by_key(self, key: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM terms WHERE key=?", (key,)).fetchone()
        return dict(row) if row else None

    def add_term(
        self,
        term: str,
        *,
        lemma: str | None = None,
        key: str | None = None,
        kind: str = "term",
        origin: str = "human",
        note: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Add a term (or return the id of the term with the same key)."""
        term = " ".join(term.split())
        if not term:
            raise GlossaryError("a term cannot be empty")
        if kind not in KINDS:
            raise GlossaryError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        key = key or simple_key(lemma or term)
        with self.transaction():
            row = self.conn.execute("SELECT id FROM terms WHERE key=?", (key,)).fetchone()
            if row:
                return row[0]
            stamp = now()
            term_id = _new_id(self.conn.execute(
                "INSERT INTO terms(key, term, lemma, kind, score, frequency, doc_count, variants, parts,"
                " status, origin, note, created_at, updated_at) VALUES(?,?,?,?,NULL,0,0,'','','active',?,?,?,?)",
                (key, term, lemma or term, kind, origin, note, stamp, stamp),
            ))
            variant_id = _new_id(self.conn.execute(
                "INSERT INTO variants(term_id, text, key) VALUES(?,?,?)",
                (term_id, term, simple_key(term)),
            ))
            self._history("add_term", term_id=term_id,
                          before=[("variants", variant_id, None), ("terms", term_id, None)],
                          after=[("variants", variant_id, self._row("variants", variant_id)),
                                 ("terms", term_id, self._row("terms", term_id))], actor=actor)
            return term_id

    def iter_terms(self, only_missing: bool = False, include_not_terms: bool = False) -> Iterator[dict]:
        """Terms as dicts (id, term, lemma, key, kind, parts as a list), best first."""
        sql = "SELECT id, term, lemma, key, kind, parts, score, frequency FROM terms t WHERE 1=1"
        if not include_not_terms:
            sql += " AND status='active'"
        if only_missing:
            sql += f" AND NOT EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status {LIVE_SQL})"
        sql += " ORDER BY score DESC NULLS LAST, id"
        for row in self.conn.execute(sql).fetchall():
            item = dict(row)
            item["parts"] = [p for p in (item["parts"] or "").split("+") if p]
            yield item

    def term_contexts(self, term_id: int, limit: int | None = 5) -> list[dict]:
        """Context sentences of a term: id, text, document, start, end (term offsets in text),
        and ``translation`` (English of the sentence, when known)."""
        sql = (
            "SELECT c.id, c.text, d.name AS document, o.start, o.end, o.surface"
            " FROM occurrences o JOIN contexts c ON c.id=o.context_id JOIN documents d ON d.id=o.document_id"
            " WHERE o.term_id=? ORDER BY o.document_id, c.position, o.start"
        )
        params: tuple = (term_id,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (term_id, limit)
        out = []
        for row in self.conn.execute(sql, params):
            item = dict(row)
            tr = self.conn.execute(
                "SELECT text FROM sentence_translations WHERE key=? ORDER BY id DESC LIMIT 1",
                (sentence_key(item["text"]),),
            ).fetchone()
            item["translation"] = tr[0] if tr else None
            out.append(item)
        return out

    def term_documents(self, term_id: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT d.name FROM occurrences o JOIN documents d ON d.id=o.document_id"
            " WHERE o.term_id=? ORDER BY d.name",
            (term_id,),
        )
        return [r[0] for r in rows]

    def translations(self, term_id: int) -> list[dict]:
        """Translations of a term: approved first, then candidates by score, weak ones, rejected
        last (:func:`glossary.vocabulary.translation_order_sql`)."""
        rows = self.conn.execute(
            f"SELECT * FROM translations x WHERE term_id=? ORDER BY {translation_order_sql('x')}",
            (term_id,),
        )
        return [dict(r) for r in rows]

    def set_note(self, term_id: int, note: str | None, *, actor: str | None = None) -> None:
        self._update_term(term_id, "note", {"note": note or None}, actor)

    def set_term_status(self, term_id: int, status: str, *, actor: str | None = None) -> None:
        """``active`` or ``not_a_term`` (hidden from lists and exports, never deleted)."""
        if status not in ("active", "not_a_term"):
            raise GlossaryError(f"unknown term status {status!r}")
        self._update_term(term_id, status if status == "not_a_term" else "restore", {"status": status}, actor)

    def _update_term(self, term_id: int, action: str, values: dict, actor: str | None) -> None:
        with self.transaction():
            before = self._row("terms", term_id)
            if before is None:
                raise GlossaryError(f"no term with id {term_id}")
            assignments = ", ".join(f"{col}=?" for col in values)
            self.conn.execute(
                f"UPDATE terms SET {assignments}, updated_at=? WHERE id=?",
                (*values.values(), now(), term_id),
            )
            self._history(action, term_id=term_id, before=[("terms", term_id, before)],
                          after=[("terms", term_id, self._row("terms", term_id))], actor=actor)

    # -- translations ----------------------------------------------------------------------

    def add_translation(
        self,
        term_id: int,
        text: str,
        *,
        source: str,
        origin: str | None = None,
        origin_version: str | None = None,
        score: float | None = None,
        status: str = "candidate",
        note: str | None = None,
        actor: str | None = None,
    ) -> int | None:
        """Add a translation candidate; idempotent on (term, source, text).

        Machine sources (mt, dictionary, tm) only ever add candidates (status ``candidate``, or
        ``weak`` when its score is below the suggestion floor: the caller says which) or refresh
        the score and that status of their own candidates; they never touch an approved, rejected
        or human row. Returns the translation id (None for an empty text).
        """
        text = " ".join((text or "").split())
        if not text:
            return None
        if source not in SOURCES:
            raise GlossaryError(f"unknown translation source {source!r}")
        if status not in STATUSES:
            raise GlossaryError(f"unknown translation status {status!r}")
        machine = source in MACHINE_SOURCES
        if machine:
            status = WEAK if status == WEAK else "candidate"
        elif status == WEAK:
            raise GlossaryError("only a machine source writes a weak candidate")
        with self.transaction():
            c = self.conn
            row = c.execute(
                "SELECT * FROM translations WHERE term_id=? AND source=? AND text=?", (term_id, source, text)
            ).fetchone()
            stamp = now()
            if row is not None:
                if machine:
                    if row["status"] in MACHINE_STATUSES:
                        c.execute(
                            "UPDATE translations SET score=?, status=?, origin=?, origin_version=?, updated_at=?"
                            " WHERE id=?",
                            (score, status, origin, origin_version, stamp, row["id"]),
                        )
                    return row["id"]
                if status == "approved" and row["status"] != "approved":
                    self.approve(row["id"], actor=actor)
                return row["id"]
            if c.execute("SELECT 1 FROM terms WHERE id=?", (term_id,)).fetchone() is None:
                raise GlossaryError(f"no term with id {term_id}")
            before_rows = []
            if status == "approved":
                before_rows = self._approved_rows(term_id)
                self._demote_approved(term_id, stamp)
            tid = _new_id(c.execute(
                "INSERT INTO translations(term_id, text, source, origin, origin_version, score, status, note,"
                " created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?)",
                (term_id, text, source, origin, origin_version, score, status, note, stamp, stamp),
            ))
            if not machine:
                self._history(
                    "add",
                    term_id=term_id,
                    translation_id=tid,
                    before=[("translations", tid, None)] + before_rows,
                    after=[("translations", tid, self._row("translations", tid))]
                    + [("translations", r[1], self._row("translations", r[1])) for r in before_rows],
                    actor=actor,
                )
            return tid

    def add_sentence_translation(self, nl_text: str, en_text: str, *, origin: str, origin_version: str | None = None) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO sentence_translations(key, source_text, text, origin, origin_version, created_at)"
                " VALUES(?,?,?,?,?,?) ON CONFLICT(key, origin) DO UPDATE SET text=excluded.text,"
                " origin_version=excluded.origin_version",
                (sentence_key(nl_text), nl_text, en_text, origin, origin_version, now()),
            )

    def _approved_rows(self, term_id: int) -> list[tuple]:
        rows = self.conn.execute(
            "SELECT id FROM translations WHERE term_id=? AND status='approved'", (term_id,)
        ).fetchall()
        return [("translations", r[0], self._row("translations", r[0])) for r in rows]

    def approve(self, translation_id: int, *, actor: str | None = None) -> None:
        """Approve a translation; the term's previously approved one becomes a candidate."""
        with self.transaction():
            row = self._row("translations", translation_id)
            if row is None:
                raise GlossaryError(f"no translation with id {translation_id}")
            if row["status"] == "approved":
                return
            before = self._approved_rows(row["term_id"]) + [("translations", translation_id, row)]
            stamp = now()
            self._demote_approved(row["term_id"], stamp)
            self.conn.execute(
                "UPDATE translations SET status='approved', updated_at=? WHERE id=?", (stamp, translation_id)
            )
            after = [(t, i, self._row(t, i)) for t, i, _ in before]
            self._history("approve", term_id=row["term_id"], translation_id=translation_id,
                          before=before, after=after, actor=actor)

    def reject(self, translation_id: int, *, actor: str | None = None) -> None:
        self._set_translation_status(translation_id, "rejected", "reject", actor)

    def unreject(self, translation_id: int, *, actor: str | None = None) -> None:
        """Un-reject a translation: it is again what it was before (a machine's weak candidate
        stays weak), a candidate when that is not known."""
        row = self._row("translations", translation_id)
        status = self._status_before_decision(row) if row is not None else "candidate"
        self._set_translation_status(translation_id, status, "unreject", actor)

    def _status_before_decision(self, row: dict) -> str:
        """What a machine's approved or rejected row was before a translator decided on it
        (``candidate`` or ``weak``, from the history of its term), else ``candidate``: so undoing
        a decision some other way (un-reject, another approval) never makes a weak candidate a
        suggestion. Human and imported rows are candidates."""
        import json

        if row.get("source") not in MACHINE_SOURCES:
            return "candidate"
        for (before,) in self.conn.execute(
            "SELECT before FROM history WHERE term_id=? AND translation_id IS NOT NULL ORDER BY id DESC",
            (row["term_id"],),
        ):
            try:
                items = json.loads(before)
            except ValueError:
                continue
            for item in items:
                if (isinstance(item, list) and len(item) == 3 and item[0] == "translations"
                        and item[1] == row["id"] and isinstance(item[2], dict)
                        and item[2].get("status") in MACHINE_STATUSES):
                    return str(item[2]["status"])
        return "candidate"

    def _demote_approved(self, term_id: int, stamp: str) -> None:
        """The term's approved translation steps back for a new one: to what it was before its
        approval (:meth:`_status_before_decision`)."""
        for old in self.conn.execute(
            "SELECT * FROM translations WHERE term_id=? AND status='approved'", (term_id,)
        ).fetchall():
            self.conn.execute("UPDATE translations SET status=?, updated_at=? WHERE id=?",
                              (self._status_before_decision(dict(old)), stamp, old["id"]))

    def _set_translation_status(self, translation_id: int, status: str, action: str, actor: str | None) -> None:
        with self.transaction():
            row = self._row("translations", translation_id)
            if row is None:
                raise GlossaryError(f"no translation with id {translation_id}")
            self.conn.execute(
                "UPDATE translations SET status=?, updated_at=? WHERE id=?", (status, now(), translation_id)
            )
            self._history(action, term_id=row["term_id"], translation_id=translation_id,
                          before=[("translations", translation_id, row)],
                          after=[("translations", translation_id, self._row("translations", translation_id))],
                          actor=actor)

    def set_translation(self, term_id: int, text: str, *, approve: bool = True, actor: str | None = None) -> int | None:
        """The translator types an English rendering: stored as a human translation."""
        return self.add_translation(
            term_id, text, source="human", status="approved" if approve else "candidate", actor=actor
        )

    def edit_translation(self, translation_id: int, text: str, *, actor: str | None = None) -> int | None:
        """Edit a translation. A human row changes in place; editing a machine or imported
        candidate keeps it and adds the edited text as an approved human translation."""
        row = self._row("translations", translation_id)
        if row is None:
            raise GlossaryError(f"no translation with id {translation_id}")
        text = " ".join(text.split())
        if row["source"] != "human":
            return self.set_translation(row["term_id"], text, actor=actor)
        with self.transaction():
            clash = self.conn.execute(
                "SELECT id FROM translations WHERE term_id=? AND source='human' AND text=? AND id!=?",
                (row["term_id"], text, translation_id),
            ).fetchone()
            if clash:
                raise GlossaryError(f"the term already has the human translation {text!r}")
            self.conn.execute(
                "UPDATE translations SET text=?, updated_at=? WHERE id=?", (text, now(), translation_id)
            )
            self._history("edit", term_id=row["term_id"], translation_id=translation_id,
                          before=[("translations", translation_id, row)],
                          after=[("translations", translation_id, self._row("translations", translation_id))],
                          actor=actor)
        return translation_id

    # -- history / undo ----------------------------------------------------------------------

    def _row(self, table: str, row_id: int) -> dict | None:
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id=?", (row_id,)).fetchone()
        return dict(row) if row else None

    def _history(self, action: str, *, term_id=None, translation_id=None, before=(), after=(),
                 actor: str | None = None, origin: str | None = None) -> int:
        """One history entry: the rows ``before`` and ``after`` the change, as
        ``(table, id, row dict or None)`` triples; :meth:`undo` replays ``before``."""
        import json

        return _new_id(self.conn.execute(
            "INSERT INTO history(at, term_id, translation_id, action, before, after, actor, origin, undone)"
            " VALUES(?,?,?,?,?,?,?,?,0)",
            (now(), term_id, translation_id, action, json.dumps(list(before), ensure_ascii=False),
             json.dumps(list(after), ensure_ascii=False), actor or self.actor, origin),
        ))

    def history(self, term_id: int | None = None, limit: int = 50, *, actor: str | None = None) -> list[dict]:
        """History entries, newest first (of one term, of one actor)."""
        sql = "SELECT * FROM history WHERE 1=1"
        params: list = []
        if term_id is not None:
            sql += " AND term_id=?"
            params.append(term_id)
        if actor is not None:
            sql += " AND actor=?"
            params.append(actor)
        sql += " ORDER BY id DESC LIMIT ?"
        return [dict(r) for r in self.conn.execute(sql, (*params, limit))]

    def describe_change(self, entry: dict) -> str:
        """One line for a history entry: "approve 'credit rating' for kredietwaardigheid"."""
        action = entry["action"]
        term = self._row("terms", entry["term_id"]) if entry.get("term_id") else None
        name = term["term"] if term else None
        text = None
        if entry.get("translation_id"):
            tr = self._row("translations", entry["translation_id"])
            if tr is None:  # deleted since (an undone add): its text is in the history
                import json

                for table, row_id, row in json.loads(entry["after"] or "[]"):
                    if table == "translations" and row_id == entry["translation_id"] and row:
                        tr = row
            text = tr["text"] if tr else None
        if action == "import":
            return f"import of {entry.get('origin') or 'a file'}"
        if action == "merge":
            return f"merge into {name}" if name else "merge of two terms"
        words = {"add": "add", "approve": "approve", "reject": "reject", "unreject": "unreject",
                 "edit": "edit", "note": "note on", "not_a_term": "not-a-term", "restore": "restore",
                 "add_term": "add term"}
        verb = words.get(action, action)
        if text and name:
            return f"{verb} {text!r} for {name}"
        return f"{verb} {name}" if name else verb

    def undo(self, *, actor: str | None = None) -> dict | None:
        """Undo the most recent change of ``actor`` (default: this session's :attr:`actor`) that
        is not undone yet. Returns its history row plus ``description`` (one line) and ``kept``
        (rows left as they are, see below), or None when there is nothing to undo.

        A change whose rows were changed since (by another actor, or another change) is not
        undone: the entry is marked skipped (the next undo goes further back) and a
        :class:`GlossaryError` says so in one line. An import is undone row by row: what was
        changed since (a translation approved after the import, a term somebody gave a
        translation) stays, and ``kept`` says how many rows stayed. The undo is recorded too."""
        import json

        actor = actor or self.actor
        refusal = None
        with self.transaction():
            row = self.conn.execute(
                "SELECT * FROM history WHERE actor=? AND undone=0 AND action!='undo' ORDER BY id DESC LIMIT 1",
                (actor,),
            ).fetchone()
            if row is None:
                return None
            entry = dict(row)
            entry["description"] = self.describe_change(entry)
            before = [tuple(item) for item in json.loads(row["before"])]
            after = {(t, i): r for t, i, r in json.loads(row["after"])}
            partial = row["action"] == "import"
            ops, changed = [], []
            for table, row_id, old in before:
                current = self._row(table, row_id)
                if (table, row_id) in after and not _same_row(table, current, after[(table, row_id)]):
                    changed.append((table, row_id))
                    continue
                ops.append((table, row_id, old, current))
            blocked = self._blocked_deletions(ops)
            if blocked and partial:
                # keep the terms others built on, and their variants
                ops = [op for op in ops if not (op[2] is None and op[0] in ("terms", "variants")
                                                and _owner(op) in blocked)]
                changed.extend(("terms", t) for t in blocked)
            elif blocked:
                changed.extend(("terms", t) for t in blocked)
            if changed and not partial:
                self.conn.execute("UPDATE history SET undone=2 WHERE id=?", (row["id"],))
                refusal = (f"not undone: {entry['description']} ({self._changed_by(row, changed)});"
                           " the next undo goes further back")
            else:
                try:
                    with self.transaction():
                        for table, row_id, old, current in sorted(ops, key=_undo_order):
                            self._restore(table, row_id, old, current)
                except sqlite3.IntegrityError as exc:
                    raise GlossaryError(f"cannot undo {entry['description']}: {exc}") from None
                self.conn.execute("UPDATE history SET undone=1 WHERE id=?", (row["id"],))
                self._history("undo", term_id=row["term_id"], translation_id=row["translation_id"],
                              before=[(t, i, c) for t, i, _o, c in ops], after=[(t, i, o) for t, i, o, _c in ops],
                              actor=actor, origin=f"history:{row['id']}")
                entry["kept"] = len(changed)
                if changed:
                    entry["description"] += f" (kept {len(changed)} rows changed since)"
                return entry
        raise GlossaryError(refusal)

    def _restore(self, table: str, row_id: int, old: dict | None, current: dict | None) -> None:
        if old is None:
            if current is not None:
                self.conn.execute(f"DELETE FROM {table} WHERE id=?", (row_id,))
        elif current is None:
            names = ", ".join(old)
            marks = ", ".join("?" for _ in old)
            self.conn.execute(f"INSERT INTO {table}({names}) VALUES({marks})", tuple(old.values()))
        else:
            cols = [c for c in old if c != "id"]
            assignments = ", ".join(f"{c}=?" for c in cols)
            self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id=?", (*(old[c] for c in cols), row_id))

    def _blocked_deletions(self, ops: list) -> set[int]:
        """Terms the undo would delete that rows outside the undo still point to."""
        deleted = {(t, i) for t, i, old, cur in ops if old is None and cur is not None}
        out: set[int] = set()
        for table, row_id in deleted:
            if table != "terms":
                continue
            for dependent in ("translations", "variants", "occurrences"):
                ids = self.conn.execute(f"SELECT id FROM {dependent} WHERE term_id=?", (row_id,)).fetchall()
                if any((dependent, r[0]) not in deleted for r in ids):
                    out.add(row_id)
        return out

    def _changed_by(self, row, changed: list) -> str:
        """Who changed the rows of history entry ``row`` since: "changed since by bob"."""
        import json

        terms = {row["term_id"]} if row["term_id"] else set()
        terms |= {i for t, i in changed if t == "terms"}
        for table, row_id in changed:
            if table != "terms":
                current = self._row(table, row_id)
                if current and current.get("term_id"):
                    terms.add(current["term_id"])
        for later in self.conn.execute(
            "SELECT * FROM history WHERE id>? AND action!='undo' AND undone=0 ORDER BY id DESC", (row["id"],)
        ):
            touched = {(t, i) for t, i, _r in json.loads(later["before"])}
            if touched & set(changed) or any(("terms", t) in touched for t in terms) or later["term_id"] in terms:
                return f"changed since by {later['actor']}: {self.describe_change(dict(later))}"
        return "changed since by another change"

    # -- imports and merges --------------------------------------------------------------------

    def import_entries(self, entries: Iterable, *, origin: str, dry_run: bool = False,
                       actor: str | None = None) -> ImportReport:
        """Merge exchange entries (:class:`glossary.formats.model.Entry` objects, or anything
        with the same attributes) into the glossary; the rules are in docs/formats.md
        ("Import rules"):

        - an entry matches a term by key (its term, lemma and variants; term keys first, then
          the variants table), preferring a term of the same kind; unmatched entries become new
          terms (origin ``import``);
        - a translation approved in the file approves the same English already present as a
          candidate (whatever its source: an MT candidate stays ``mt``); a different approved
          English already in the glossary is a *conflict*, reported and never overwritten (the
          file's text is kept as an import candidate); a text the glossary rejected stays
          rejected (a conflict too);
        - other translations are added as ``import`` candidates (origin = the file);
        - notes, frequency/document counts and contexts (with their documents) from the file
          fill what the term lacks; nothing the glossary has is overwritten;
        - one transaction and ONE history entry (action ``import``, the actor, origin = the
          file): one :meth:`undo` reverts the whole import, except what was changed since;
        - ``dry_run`` computes the same report and rolls everything back;
        - importing the same file again changes nothing.
        """
        report = ImportReport(origin=origin, dry_run=dry_run)
        try:
            with self.transaction():
                _Import(self, origin, report, actor or self.actor).run(_group_entries(entries))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            report.history_id = None
        return report

    def merge_terms(self, keep_id: int, other_id: int, *, actor: str | None = None) -> None:
        """Merge term ``other_id`` into ``keep_id``: the other's form and variants become
        variants of the kept term (so looking the merged-away form up finds the kept term), its
        translations (sources kept: an imported one stays ``import``), occurrences and contexts
        move over, its note is appended, and it is marked not-a-term (so a rebuild does not bring
        it back). Duplicate translations are folded into the kept term's; when both terms have an
        approved translation the kept term's stays approved. One history entry: one undo reverts
        all of it."""
        with self.transaction():
            keep, other = self._row("terms", keep_id), self._row("terms", other_id)
            if keep is None or other is None:
                raise GlossaryError(f"no term with id {other_id if keep else keep_id}")
            if keep_id == other_id:
                raise GlossaryError("choose two different terms to merge")
            c = self.conn
            before: list = [("terms", keep_id, keep), ("terms", other_id, other)]
            touched: list = []
            stamp = now()
            keep_texts = {(r["source"], r["text"]): dict(r) for r in
                          c.execute("SELECT * FROM translations WHERE term_id=?", (keep_id,))}
            has_approved = any(r["status"] == "approved" for r in keep_texts.values())
            for tr in [dict(r) for r in c.execute("SELECT * FROM translations WHERE term_id=? ORDER BY id",
                                                  (other_id,))]:
                before.append(("translations", tr["id"], tr))
                touched.append(("translations", tr["id"]))
                same = keep_texts.get((tr["source"], tr["text"]))
                if same is not None:  # the kept term has it already: fold in its decision
                    folded = None
                    if tr["status"] == "approved" and not has_approved and same["status"] in MACHINE_STATUSES:
                        folded = "approved"
                        has_approved = True
                    elif tr["status"] == "rejected" and same["status"] in MACHINE_STATUSES:
                        folded = "rejected"  # a translator's rejection is not lost in a merge
                    elif tr["status"] == "candidate" and same["status"] == WEAK:
                        folded = "candidate"  # a suggestion of the other term stays one
                    c.execute("DELETE FROM translations WHERE id=?", (tr["id"],))
                    if folded is not None:
                        before.append(("translations", same["id"], same))
                        touched.append(("translations", same["id"]))
                        c.execute("UPDATE translations SET status=?, updated_at=? WHERE id=?",
                                  (folded, stamp, same["id"]))
                    continue
                status = tr["status"]
                if status == "approved" and has_approved:
                    status = "candidate"
                c.execute("UPDATE translations SET term_id=?, status=?, updated_at=? WHERE id=?",
                          (keep_id, status, stamp, tr["id"]))
                has_approved = has_approved or status == "approved"
            keep_variants = {r[0] for r in c.execute("SELECT key FROM variants WHERE term_id=?", (keep_id,))}
            for var in [dict(r) for r in c.execute("SELECT * FROM variants WHERE term_id=?", (other_id,))]:
                before.append(("variants", var["id"], var))
                touched.append(("variants", var["id"]))
                if var["key"] in keep_variants or var["text"] == keep["term"]:
                    c.execute("DELETE FROM variants WHERE id=?", (var["id"],))
                else:
                    c.execute("UPDATE variants SET term_id=? WHERE id=?", (keep_id, var["id"]))
                    keep_variants.add(var["key"])
            for form in (other["term"], other["key"]):
                vkey = simple_key(form)
                if vkey not in keep_variants:
                    vid = _new_id(c.execute("INSERT INTO variants(term_id, text, key) VALUES(?,?,?)",
                                    (keep_id, form, vkey)))
                    before.append(("variants", vid, None))
                    touched.append(("variants", vid))
                    keep_variants.add(vkey)
            spans = {(r[0], r[1], r[2]) for r in
                     c.execute("SELECT context_id, start, end FROM occurrences WHERE term_id=?", (keep_id,))}
            for occ in [dict(r) for r in c.execute("SELECT * FROM occurrences WHERE term_id=?", (other_id,))]:
                before.append(("occurrences", occ["id"], occ))
                touched.append(("occurrences", occ["id"]))
                if (occ["context_id"], occ["start"], occ["end"]) in spans:
                    c.execute("DELETE FROM occurrences WHERE id=?", (occ["id"],))
                else:
                    c.execute("UPDATE occurrences SET term_id=? WHERE id=?", (keep_id, occ["id"]))
            variants = [v for v in (keep["variants"] or "").split(" | ") if v]
            for form in [other["term"], *[v for v in (other["variants"] or "").split(" | ") if v]]:
                if form != keep["term"] and form not in variants:
                    variants.append(form)
            lines = [keep["note"] or "", f"merged: {other['term']}"]
            if other["note"]:
                lines.append(f"{other['term']}: {other['note']}")
            doc_count = c.execute("SELECT count(DISTINCT document_id) FROM occurrences WHERE term_id=?",
                                  (keep_id,)).fetchone()[0]
            c.execute(
                "UPDATE terms SET variants=?, note=?, frequency=?, doc_count=?, updated_at=? WHERE id=?",
                (" | ".join(variants), "\n".join(line for line in lines if line),
                 (keep["frequency"] or 0) + (other["frequency"] or 0), max(doc_count, keep["doc_count"] or 0),
                 stamp, keep_id),
            )
            c.execute("UPDATE terms SET status='not_a_term', frequency=0, doc_count=0, updated_at=? WHERE id=?",
                      (stamp, other_id))
            after = [("terms", keep_id, self._row("terms", keep_id)), ("terms", other_id, self._row("terms", other_id))]
            after += [(t, i, self._row(t, i)) for t, i in touched]
            self._history("merge", term_id=keep_id, before=before, after=after, actor=actor,
                          origin=f"term:{other_id}")

    # -- resources (registered dictionaries / termbases) ---------------------------------------

    def add_resource(self, kind: str, path: str, name: str | None = None, version: str | None = None) -> int:
        with self.transaction():
            row = self.conn.execute("SELECT id FROM resources WHERE kind=? AND path=?", (kind, str(path))).fetchone()
            if row:
                self.conn.execute("UPDATE resources SET name=?, version=? WHERE id=?", (name, version, row[0]))
                return row[0]
            return _new_id(self.conn.execute(
                "INSERT INTO resources(kind, name, path, version, added_at) VALUES(?,?,?,?,?)",
                (kind, name or Path(path).stem, str(path), version, now()),
            ))

    def list_resources(self, kind: str | None = None) -> list[dict]:
        if kind:
            rows = self.conn.execute("SELECT * FROM resources WHERE kind=? ORDER BY id", (kind,))
        else:
            rows = self.conn.execute("SELECT * FROM resources ORDER BY id")
        return [dict(r) for r in rows]

    def remove_resource(self, resource_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM resources WHERE id=?", (resource_id,))

    def stats(self) -> dict:
        c = self.conn

        def count(sql: str) -> int:
            return c.execute(sql).fetchone()[0]

        # one pass over terms for both counts; the EXISTS probes read the covering
        # translations(term_id, status) index (schema version 2)
        active, not_terms = c.execute(
            "SELECT count(*) FILTER (WHERE status='active'), count(*) FILTER (WHERE status='not_a_term')"
            " FROM terms"
        ).fetchone()
        return {
            "db_path": str(self.path),
            "schema_version": self.schema_version,
            "documents": count("SELECT count(*) FROM documents"),
            "words": count("SELECT coalesce(sum(words), 0) FROM documents"),
            "terms": active,
            "not_terms": not_terms,
            "translated": count(
                "SELECT count(*) FROM terms t WHERE status='active' AND EXISTS"
                f" (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status {LIVE_SQL})"
            ),
            "approved": count(
                "SELECT count(*) FROM terms t WHERE status='active' AND EXISTS"
                " (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status='approved')"
            ),
            "translations": count(f"SELECT count(*) FROM translations WHERE status != '{WEAK}'"),
            "weak": count(f"SELECT count(*) FROM translations WHERE status = '{WEAK}'"),
            "contexts": count("SELECT count(*) FROM contexts"),
            "occurrences": count("SELECT count(*) FROM occurrences"),
            "history": count("SELECT count(*) FROM history"),
        }


# -- imports ---------------------------------------------------------------------------------


def _clean(text) -> str:
    """One line, single-spaced."""
    return " ".join(str(text or "").split())


class Conflict:
    """An approval in a file that the glossary does not take (reported, never applied)."""

    __slots__ = ("term", "glossary", "file", "reason")

    def __init__(self, term: str, glossary: str, file: str, reason: str = "approved"):
        self.term, self.glossary, self.file, self.reason = term, glossary, file, reason

    def __str__(self) -> str:
        if self.reason == "rejected":
            return f"{self.term}: the file approves {self.file!r}, which the glossary rejected"
        return f"{self.term}: the glossary has {self.glossary!r} approved, the file says {self.file!r}"

    def as_dict(self) -> dict:
        return {"term": self.term, "glossary": self.glossary, "file": self.file, "reason": self.reason}


class ImportReport:
    """What an import changed (or, with ``dry_run``, would change): counts, conflicts and one
    line per change (``changes``), the same for a dry run and a real one."""

    COUNTS = ("entries", "terms_added", "terms_matched", "translations_added", "approved", "notes_set",
              "contexts_added", "counts_set", "unchanged")

    def __init__(self, origin: str, dry_run: bool = False):
        self.origin, self.dry_run = origin, dry_run
        self.entries = 0  # entries read (after grouping)
        self.terms_added = 0
        self.terms_matched = 0
        self.translations_added = 0
        self.approved = 0  # approvals: new approved translations and candidates approved
        self.notes_set = 0
        self.contexts_added = 0
        self.counts_set = 0  # terms given the file's frequency / document count
        self.unchanged = 0
        self.conflicts: list[Conflict] = []
        self.changes: list[str] = []
        self.history_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.terms_added or self.translations_added or self.approved or self.notes_set
                    or self.contexts_added or self.counts_set)

    def as_dict(self) -> dict:
        out: dict = {"file": self.origin, "dry_run": self.dry_run}
        out.update((name, getattr(self, name)) for name in self.COUNTS)
        out["conflicts"] = [c.as_dict() for c in self.conflicts]
        return out


class _DryRun(Exception):
    pass


def _group_entries(entries: Iterable) -> list:
    """Entries with the same key and kind (the same term written twice, PO msgctxt duplicates,
    several TSV lines for one term) become one, translations in file order."""
    out: dict[tuple, Any] = {}
    for entry in entries:
        entry.term = _clean(entry.term)
        if not entry.term:
            continue
        term_key = simple_key(entry.term)
        lemma_key = simple_key(entry.lemma) if entry.lemma and entry.lemma != entry.term else term_key
        key = (lemma_key, entry.kind)
        seen = out.get(key)
        if seen is None:
            entry._keys = (term_key, lemma_key)
            out[key] = entry
            continue
        seen.translations.extend(entry.translations)
        seen.variants.extend(v for v in entry.variants if v not in seen.variants)
        seen.note = seen.note or entry.note
        seen.contexts.extend(getattr(entry, "contexts", []) or [])
        seen.documents.extend(d for d in getattr(entry, "documents", []) or [] if d not in seen.documents)
        seen.frequency = max(seen.frequency or 0, entry.frequency or 0)
        seen.doc_count = max(seen.doc_count or 0, entry.doc_count or 0)
    return list(out.values())


class _Import:
    """One import (see :meth:`Glossary.import_entries`): every row it writes or changes is
    recorded (before/after) for the one history entry."""

    def __init__(self, g: Glossary, origin: str, report: ImportReport, actor: str):
        self.g, self.c, self.origin, self.report, self.actor = g, g.conn, origin, report, actor
        self.stamp = now()
        self.before: list = []
        self.created: dict[tuple[str, int], dict] = {}  # new rows: their decision columns
        self.updated: dict[tuple[str, int], None] = {}  # changed rows (in order)
        self.docs: dict[str, int] = {}  # document name -> id (existing, or created for the import)
        c = self.c
        self.keys: dict[str, int] = {k: i for k, i in c.execute("SELECT key, id FROM terms")}
        self.kinds: dict[int, str] = dict(c.execute("SELECT id, kind FROM terms"))
        self.variant_keys: dict[str, list[int]] = {}
        for key, term_id in c.execute("SELECT key, term_id FROM variants ORDER BY id"):
            self.variant_keys.setdefault(key, []).append(term_id)
        self.claimed: dict[int, str] = {}
        self.existing: dict[int, list[dict]] = {}  # term id -> its translations (read once)
        for row in c.execute("SELECT id, term_id, text, source, status FROM translations ORDER BY id"):
            self.existing.setdefault(row[1], []).append(
                {"id": row[0], "text": row[2], "source": row[3], "status": row[4]})
        self.with_contexts = {r[0] for r in c.execute("SELECT DISTINCT term_id FROM occurrences")}
        self.new_terms: set[int] = set()
        #: rows of new terms, written with executemany by flush(): nothing else points to them
        self.pending: dict[str, list[dict]] = {"variants": [], "translations": []}

    def log(self, line: str) -> None:
        self.report.changes.append(line)

    def _insert(self, table: str, values: dict) -> int:
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        row_id = _new_id(self.c.execute(f"INSERT INTO {table}({cols}) VALUES({marks})", tuple(values.values())))
        self.before.append((table, row_id, None))
        columns = _DECISION_COLUMNS.get(table)
        self.created[(table, row_id)] = {"id": row_id, **(
            {c: values.get(c) for c in columns} if columns else values)}
        return row_id

    def _update(self, table: str, row_id: int, values: dict) -> None:
        if (table, row_id) in self.created:
            self.created[(table, row_id)].update((c, v) for c, v in values.items()
                                                 if c in self.created[(table, row_id)])
        elif (table, row_id) not in self.updated:
            self.before.append((table, row_id, self.g._row(table, row_id)))
            self.updated[(table, row_id)] = None
        assignments = ", ".join(f"{c}=?" for c in values)
        self.c.execute(f"UPDATE {table} SET {assignments} WHERE id=?", (*values.values(), row_id))

    def run(self, entries: list) -> None:
        changed_terms: list[int] = []
        unchanged: list[int] = []
        pending: list[tuple[int, list]] = []  # (term id, contexts) for terms without contexts
        for entry in entries:
            self.report.entries += 1
            term_id, changed = self.entry(entry)
            contexts = [ctx for ctx in getattr(entry, "contexts", None) or [] if _clean(ctx.text)]
            if contexts and term_id not in self.with_contexts:
                pending.append((term_id, contexts))
                self.with_contexts.add(term_id)
            (changed_terms if changed else unchanged).append(term_id)
        self.flush()
        if pending:
            with_contexts = self.contexts(pending)
            changed_terms += [t for t in unchanged if t in with_contexts]
            unchanged = [t for t in unchanged if t not in with_contexts]
        self.report.unchanged = len(unchanged)
        if self.before:
            # new rows: the columns an undo compares (see _same_row); changed rows: all
            after: list[tuple[str, int, dict | None]] = [(t, i, row) for (t, i), row in self.created.items()]
            after += [(t, i, self.g._row(t, i)) for t, i in self.updated]
            self.report.history_id = self.g._history(
                "import", term_id=changed_terms[0] if len(set(changed_terms)) == 1 else None,
                before=self.before, after=after, actor=self.actor, origin=self.origin)

    def flush(self) -> None:
        """Write the pending rows of the new terms in bulk (one executemany per table), then read
        their ids back (all rows of a new term are this import's) for the history."""
        if not self.new_terms:
            return
        first = min(self.new_terms)
        for table, rows in self.pending.items():
            if not rows:
                continue
            columns = list(rows[0])
            self.c.executemany(f"INSERT INTO {table}({', '.join(columns)}) VALUES({', '.join('?' * len(columns))})",
                               [tuple(row[c] for c in columns) for row in rows])
            decision = _DECISION_COLUMNS[table]
            for row in self.c.execute(f"SELECT id, {', '.join(decision)} FROM {table} WHERE term_id>=?", (first,)):
                if row["term_id"] in self.new_terms:
                    self.before.append((table, row["id"], None))
                    self.created[(table, row["id"])] = dict(row)
            rows.clear()

    def match(self, entry, kind: str) -> int | None:
        term_key, lemma_key = getattr(entry, "_keys", None) or (
            simple_key(entry.term), simple_key(entry.lemma or entry.term))
        found: list[int] = []
        for key in dict.fromkeys((term_key, lemma_key, *(simple_key(v) for v in entry.variants))):
            if key:
                if key in self.keys:
                    found.append(self.keys[key])
                found.extend(self.variant_keys.get(key, ()))
        found = [t for t in dict.fromkeys(found) if self.claimed.get(t, kind) == kind]
        # same key, different kinds (PO msgctxt, "bank" and the name "Bank"): prefer the same kind
        return next((t for t in found if self.kinds.get(t) == kind), found[0] if found else None)

    def entry(self, entry) -> tuple[int, bool]:
        kind = entry.kind if entry.kind in KINDS else "term"
        term_id = self.match(entry, kind)
        changed = False
        if term_id is None:
            term_id = self.new_term(entry, kind)
            changed = True
        else:
            self.report.terms_matched += 1
            changed = self.fill_term(term_id, entry)
        self.claimed.setdefault(term_id, kind)
        changed = self.translations(term_id, entry) or changed
        return term_id, changed

    def new_term(self, entry, kind: str) -> int:
        term_key, lemma_key = getattr(entry, "_keys", None) or (
            simple_key(entry.term), simple_key(entry.lemma or entry.term))
        key, n = lemma_key, 1
        while key in self.keys:  # the key belongs to a term of another kind
            n += 1
            key = f"{lemma_key} [{kind}]" if n == 2 else f"{lemma_key} [{kind} {n}]"
        variants = [v for v in dict.fromkeys(_clean(v) for v in entry.variants) if v and v != entry.term]
        note = _clean(entry.note) or None
        term_id = self._insert("terms", {
            "key": key, "term": entry.term, "lemma": _clean(entry.lemma) or entry.term, "kind": kind,
            "score": None, "frequency": _count(entry.frequency), "doc_count": _count(entry.doc_count),
            "variants": " | ".join(variants), "parts": "", "status": "active", "origin": "import",
            "note": note, "created_at": self.stamp, "updated_at": self.stamp})
        self.keys[key] = term_id
        self.kinds[term_id] = kind
        self.new_terms.add(term_id)
        for form in dict.fromkeys([entry.term, *variants]):
            vkey = term_key if form == entry.term else simple_key(form)
            self.pending["variants"].append({"term_id": term_id, "text": form, "key": vkey})
            self.variant_keys.setdefault(vkey, []).append(term_id)
        self.report.terms_added += 1
        self.report.notes_set += bool(note)
        self.report.counts_set += bool(_count(entry.frequency))
        self.log(f"+ term {entry.term!r} ({kind})")
        return term_id

    def fill_term(self, term_id: int, entry) -> bool:
        """Fill the note and the counts an existing term lacks."""
        row = self.c.execute("SELECT note, frequency, doc_count FROM terms WHERE id=?", (term_id,)).fetchone()
        values: dict = {}
        note = _clean(entry.note)
        if note and not row["note"]:
            values["note"] = note
            self.report.notes_set += 1
            self.log(f"~ note of {entry.term!r}: {note!r}")
        if _count(entry.frequency) and not row["frequency"]:
            values.update(frequency=_count(entry.frequency), doc_count=_count(entry.doc_count))
            self.report.counts_set += 1
            self.log(f"~ frequency of {entry.term!r}: {_count(entry.frequency)}")
        if values:
            self._update("terms", term_id, {**values, "updated_at": self.stamp})
        return bool(values)

    def translations(self, term_id: int, entry) -> bool:
        rows = self.existing.setdefault(term_id, [])
        changed = False
        for tr in entry.translations:
            text = _clean(tr.text)
            if not text:
                continue
            if tr.status == WEAK:
                continue  # a machine's unsuggested candidate is not exchange data
            status = tr.status if tr.status in EXCHANGE_STATUSES else "candidate"
            same = [x for x in rows if x["text"] == text]
            approved = next((x for x in rows if x["status"] == "approved"), None)
            if status == "approved":
                if approved is not None and approved["text"] == text:
                    continue
                if approved is not None:
                    self.report.conflicts.append(Conflict(entry.term, approved["text"], text))
                    status = "candidate"  # kept to choose from, never overwriting
                elif any(x["status"] == "rejected" for x in same):
                    self.report.conflicts.append(Conflict(entry.term, text, text, reason="rejected"))
                    continue
                elif same:  # the same English as a candidate (any source): approve it
                    own = sorted(same, key=lambda x: (x["source"] != "import", x["id"] or 0))[0]
                    if own["id"] is None:  # written by this import (not yet in the table)
                        own["values"]["status"] = "approved"
                    else:
                        self._update("translations", own["id"], {"status": "approved", "updated_at": self.stamp})
                    own["status"] = "approved"
                    self.report.approved += 1
                    self.log(f"~ approve {entry.term!r} -> {text!r} ({own['source']} candidate)")
                    changed = True
                    continue
            if any(x["status"] != WEAK for x in same):
                continue  # a weak machine row of the same English does not hide the file's
            values = {"term_id": term_id, "text": text, "source": "import", "origin": self.origin,
                      "origin_version": None, "score": None, "status": status, "note": None,
                      "created_at": self.stamp, "updated_at": self.stamp}
            if term_id in self.new_terms:  # written in bulk at the end (see flush)
                self.pending["translations"].append(values)
                tid = None
            else:
                tid = self._insert("translations", values)
            rows.append({"id": tid, "text": text, "source": "import", "status": status, "values": values})
            self.report.translations_added += 1
            self.report.approved += status == "approved"
            self.log(f"+ {status} {entry.term!r} -> {text!r}")
            changed = True
        return changed

    def contexts(self, pending: list[tuple[int, list]]) -> set[int]:
        """The file's context sentences, for terms that have none (an import into a new
        glossary, or terms the documents here do not contain). The sentences of each document
        are stored in an order that keeps every term's own order of its contexts (as exported:
        by document, then position), documents in name order. Returns the terms given contexts."""
        sentences: dict[str, dict[str, int]] = {}  # document -> sentence -> first appearance
        edges: dict[str, dict[str, set[str]]] = {}  # document -> sentence -> sentences after it
        for _term_id, contexts in pending:
            last: dict[str, str] = {}
            for ctx in contexts:
                name, text = _clean(ctx.document) or self.origin, _clean(ctx.text)
                order = sentences.setdefault(name, {})
                order.setdefault(text, len(order))
                edges.setdefault(name, {}).setdefault(text, set())
                if name in last and last[name] != text:
                    edges[name][last[name]].add(text)
                last[name] = text
        context_ids: dict[tuple[str, str], tuple[int, int]] = {}
        for name in sorted(sentences):
            doc_id = self.document(name)
            for text in _ordered(sentences[name], edges[name]):
                row = self.c.execute("SELECT id FROM contexts WHERE document_id=? AND text=?", (doc_id, text)).fetchone()
                if row is None:
                    position = self.c.execute("SELECT coalesce(max(position), -1) + 1 FROM contexts"
                                              " WHERE document_id=?", (doc_id,)).fetchone()[0]
                    row = (self._insert("contexts", {"document_id": doc_id, "position": position,
                                                     "start": None, "end": None, "text": text}),)
                context_ids[(name, text)] = (doc_id, row[0])
        given: set[int] = set()
        for term_id, contexts in pending:
            term = self.c.execute("SELECT term FROM terms WHERE id=?", (term_id,)).fetchone()[0]
            added = 0
            for ctx in contexts:
                text = _clean(ctx.text)
                doc_id, context_id = context_ids[(_clean(ctx.document) or self.origin, text)]
                start, end = _span(text, term, ctx)
                if self.c.execute("SELECT 1 FROM occurrences WHERE context_id=? AND start=? AND end=? AND term_id=?",
                                  (context_id, start, end, term_id)).fetchone():
                    continue
                self._insert("occurrences", {"term_id": term_id, "context_id": context_id, "document_id": doc_id,
                                             "start": start, "end": end, "surface": text[start:end]})
                added += 1
            if not added:
                continue
            given.add(term_id)
            self.report.contexts_added += added
            self.log(f"+ {added} context{'s' if added > 1 else ''} of {term!r}")
            if not self.c.execute("SELECT frequency FROM terms WHERE id=?", (term_id,)).fetchone()[0]:
                # the file gave no counts: those of the occurrences it brought
                n, docs = self.c.execute("SELECT count(*), count(DISTINCT document_id) FROM occurrences"
                                         " WHERE term_id=?", (term_id,)).fetchone()
                self._update("terms", term_id, {"frequency": n, "doc_count": docs, "updated_at": self.stamp})
        return given

    def document(self, name: str) -> int:
        """The document called ``name``: the glossary's own, else one created for the import
        (format ``import``: no text, only the imported sentences as its contexts, which a
        rebuild keeps; it does not count in :meth:`corpus_signature`)."""
        doc_id = self.docs.get(name)
        if doc_id is None:
            row = self.c.execute("SELECT id FROM documents WHERE name=? ORDER BY format='import', id LIMIT 1",
                                 (name,)).fetchone()
            if row is not None:
                doc_id = row[0]
            else:
                from hashlib import sha256

                doc_id = self._insert("documents", {
                    "sha256": sha256(f"import:{self.origin}:{name}".encode()).hexdigest(), "name": name,
                    "path": f"{self.origin}#{name}", "format": "import", "title": name, "text": "",
                    "words": 0, "added_at": self.stamp})
            self.docs[name] = doc_id
        return doc_id


def _ordered(first_seen: dict[str, int], after: dict[str, set[str]]) -> list[str]:
    """Sentences in an order that respects every "a before b" in ``after`` (a topological
    order, ties and cycles broken by first appearance)."""
    import heapq

    incoming = dict.fromkeys(first_seen, 0)
    for targets in after.values():
        for b in targets:
            incoming[b] += 1
    ready = [(first_seen[s], s) for s, n in incoming.items() if n == 0]
    heapq.heapify(ready)
    out: list[str] = []
    done: set[str] = set()
    while len(out) < len(first_seen):
        if not ready:  # a cycle (two terms disagree on the order): take the earliest left
            rest = min((first_seen[s], s) for s in first_seen if s not in done)
            ready.append(rest)
        _, sentence = heapq.heappop(ready)
        if sentence in done:
            continue
        done.add(sentence)
        out.append(sentence)
        for b in after.get(sentence, ()):
            incoming[b] -= 1
            if incoming[b] == 0 and b not in done:
                heapq.heappush(ready, (first_seen[b], b))
    return out


def _count(value) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def _span(text: str, term: str, ctx) -> tuple[int, int]:
    """Where the term is in a context sentence: the file's offsets when they fit, else the
    first case-insensitive occurrence, else the whole sentence."""
    start, end = getattr(ctx, "start", None), getattr(ctx, "end", None)
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    at = text.casefold().find(term.casefold())
    if at >= 0 and len(text.casefold()) == len(text):
        return at, at + len(term)
    return 0, len(text)


#: the columns of a row that are a decision: an undo refuses when one of them changed since
#: (machine refreshes of scores, counts and timestamps do not count)
_DECISION_COLUMNS = {
    "translations": ("term_id", "text", "source", "status", "note"),
    "terms": ("key", "term", "kind", "status", "note"),
    "variants": ("term_id", "text", "key"),
}


def _same_row(table: str, current: dict | None, expected: dict | None) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    columns = _DECISION_COLUMNS.get(table) or [c for c in expected if c != "updated_at"]

    def value(row: dict, column: str):
        v = row.get(column)
        # a machine moving its own row between candidate and weak is a refresh, not a decision
        return "candidate" if table == "translations" and column == "status" and v == WEAK else v

    return all(value(current, c) == value(expected, c) for c in columns if c in expected)


def _owner(op: tuple) -> int | None:
    """The term a history row belongs to."""
    table, row_id, old, current = op
    if table == "terms":
        return row_id
    row = current or old
    return row.get("term_id") if row else None


def _undo_order(op: tuple) -> tuple:
    """Deletions first (dependents before their term), then restored terms, then other rows,
    approved translations last (the schema allows one approved translation per term)."""
    table, _row_id, old, _current = op
    if old is None:
        return (0, table == "terms")
    if table == "terms":
        return (1, False)
    return (2, old.get("status") == "approved")
