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
from pathlib import Path

from glossary.config import check_db_path, path_writable, resolve_db_path
from glossary.errors import GlossaryError, SchemaError, db_error, sqlite_error_name

MACHINE_SOURCES = frozenset({"mt", "dictionary", "tm"})
SOURCES = MACHINE_SOURCES | {"human", "import"}
STATUSES = ("candidate", "approved", "rejected")
KINDS = ("term", "name", "loanword")
BUSY_TIMEOUT_S = 30.0
#: reads go through a memory map of the file (no read() system call per page): ~15% faster
#: lookups on a large glossary. SQLite still writes with write().
MMAP_BYTES = 256 * 1024 * 1024


def now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def simple_key(text: str) -> str:
    """Casefolded, NFC, single-spaced form of ``text`` (no lemmatisation)."""
    if not text.isascii():  # NFC and the dash folding change nothing in ASCII text
        from unicodedata import normalize

        text = normalize("NFC", text).translate(_DASHES)
    return " ".join(text.casefold().split())


def _sha1():
    try:  # the small built-in module: hashlib loads OpenSSL (~5-10 ms at start-up)
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1
    return sha1


def sentence_key(text: str) -> str:
    return _sha1()(" ".join(text.split()).encode("utf-8")).hexdigest()


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

    def __init__(self, path: str | Path | None = None, *, create: bool = True, readonly: bool = False):
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

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Glossary":
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
    def transaction(self) -> Iterator["Glossary"]:
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
            return cur.lastrowid, True

    def documents(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT id, name, path, format, title, words, added_at, sha256 FROM documents ORDER BY id"
        )
        return [dict(r) for r in rows]

    def corpus_signature(self) -> str:
        """A hash of the set of documents: extraction is current when it matches meta."""
        from hashlib import sha256

        digest = sha256()
        for (sha,) in self.conn.execute("SELECT sha256 FROM documents ORDER BY sha256"):
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
            c.execute("DELETE FROM occurrences")
            c.execute("DELETE FROM contexts")
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
                    term_id = c.execute(
                        "INSERT INTO terms(key, term, lemma, kind, score, frequency, doc_count, variants,"
                        " parts, status, origin, created_at, updated_at)"
                        " VALUES(?,?,?,?,?,?,?,?,?,'active','extracted',?,?)",
                        (term.key, term.term, term.lemma, term.kind, term.score, term.frequency,
                         term.doc_count, variants, parts, stamp, stamp),
                    ).lastrowid
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
                        context_id = context_ids[sent] = c.execute(
                            "INSERT INTO contexts(document_id, position, start, end, text) VALUES(?,?,?,?,?)",
                            (doc_ids[doc], sent, sentence.start, sentence.end, sentence.text),
                        ).lastrowid
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
                    " OR status != 'candidate') LIMIT 1",
                    (term_id,),
                ).fetchone()
                if worked_on:
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
        actor: str = "user",
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
            term_id = self.conn.execute(
                "INSERT INTO terms(key, term, lemma, kind, score, frequency, doc_count, variants, parts,"
                " status, origin, note, created_at, updated_at) VALUES(?,?,?,?,NULL,0,0,'','','active',?,?,?,?)",
                (key, term, lemma or term, kind, origin, note, stamp, stamp),
            ).lastrowid
            self.conn.execute(
                "INSERT OR IGNORE INTO variants(term_id, text, key) VALUES(?,?,?)",
                (term_id, term, simple_key(term)),
            )
            self._history("add_term", term_id=term_id, before=[("terms", term_id, None)],
                          after=[("terms", term_id, self._row("terms", term_id))], actor=actor)
            return term_id

    def iter_terms(self, only_missing: bool = False, include_not_terms: bool = False) -> Iterator[dict]:
        """Terms as dicts (id, term, lemma, key, kind, parts as a list), best first."""
        sql = "SELECT id, term, lemma, key, kind, parts, score, frequency FROM terms t WHERE 1=1"
        if not include_not_terms:
            sql += " AND status='active'"
        if only_missing:
            sql += " AND NOT EXISTS (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status!='rejected')"
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
        """Translations of a term: approved first, then candidates by score, rejected last."""
        rows = self.conn.execute(
            "SELECT * FROM translations WHERE term_id=? ORDER BY"
            " CASE status WHEN 'approved' THEN 0 WHEN 'candidate' THEN 1 ELSE 2 END,"
            " CASE source WHEN 'human' THEN 0 WHEN 'import' THEN 1 ELSE 2 END,"
            " score DESC NULLS LAST, id",
            (term_id,),
        )
        return [dict(r) for r in rows]

    def set_note(self, term_id: int, note: str | None, *, actor: str = "user") -> None:
        self._update_term(term_id, "note", {"note": note or None}, actor)

    def set_term_status(self, term_id: int, status: str, *, actor: str = "user") -> None:
        """``active`` or ``not_a_term`` (hidden from lists and exports, never deleted)."""
        if status not in ("active", "not_a_term"):
            raise GlossaryError(f"unknown term status {status!r}")
        self._update_term(term_id, status if status == "not_a_term" else "restore", {"status": status}, actor)

    def _update_term(self, term_id: int, action: str, values: dict, actor: str) -> None:
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

        Machine sources (mt, dictionary, tm) only ever add candidates or refresh the score of
        their own candidates; they never touch an approved, rejected or human row. Returns the
        translation id (None for an empty text).
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
            status = "candidate"
        with self.transaction():
            c = self.conn
            row = c.execute(
                "SELECT * FROM translations WHERE term_id=? AND source=? AND text=?", (term_id, source, text)
            ).fetchone()
            stamp = now()
            if row is not None:
                if machine:
                    if row["status"] == "candidate":
                        c.execute(
                            "UPDATE translations SET score=?, origin=?, origin_version=?, updated_at=? WHERE id=?",
                            (score, origin, origin_version, stamp, row["id"]),
                        )
                    return row["id"]
                if status == "approved" and row["status"] != "approved":
                    self.approve(row["id"], actor=actor or "user")
                return row["id"]
            if c.execute("SELECT 1 FROM terms WHERE id=?", (term_id,)).fetchone() is None:
                raise GlossaryError(f"no term with id {term_id}")
            before_rows = []
            if status == "approved":
                before_rows = self._approved_rows(term_id)
                c.execute(
                    "UPDATE translations SET status='candidate', updated_at=? WHERE term_id=? AND status='approved'",
                    (stamp, term_id),
                )
            tid = c.execute(
                "INSERT INTO translations(term_id, text, source, origin, origin_version, score, status, note,"
                " created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?)",
                (term_id, text, source, origin, origin_version, score, status, note, stamp, stamp),
            ).lastrowid
            if not machine:
                self._history(
                    "add",
                    term_id=term_id,
                    translation_id=tid,
                    before=[("translations", tid, None)] + before_rows,
                    after=[("translations", tid, self._row("translations", tid))]
                    + [("translations", r[1], self._row("translations", r[1])) for r in before_rows],
                    actor=actor or ("user" if source == "human" else source),
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

    def approve(self, translation_id: int, *, actor: str = "user") -> None:
        """Approve a translation; the term's previously approved one becomes a candidate."""
        with self.transaction():
            row = self._row("translations", translation_id)
            if row is None:
                raise GlossaryError(f"no translation with id {translation_id}")
            if row["status"] == "approved":
                return
            before = self._approved_rows(row["term_id"]) + [("translations", translation_id, row)]
            stamp = now()
            self.conn.execute(
                "UPDATE translations SET status='candidate', updated_at=? WHERE term_id=? AND status='approved'",
                (stamp, row["term_id"]),
            )
            self.conn.execute(
                "UPDATE translations SET status='approved', updated_at=? WHERE id=?", (stamp, translation_id)
            )
            after = [(t, i, self._row(t, i)) for t, i, _ in before]
            self._history("approve", term_id=row["term_id"], translation_id=translation_id,
                          before=before, after=after, actor=actor)

    def reject(self, translation_id: int, *, actor: str = "user") -> None:
        self._set_translation_status(translation_id, "rejected", "reject", actor)

    def unreject(self, translation_id: int, *, actor: str = "user") -> None:
        self._set_translation_status(translation_id, "candidate", "unreject", actor)

    def _set_translation_status(self, translation_id: int, status: str, action: str, actor: str) -> None:
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

    def set_translation(self, term_id: int, text: str, *, approve: bool = True, actor: str = "user") -> int | None:
        """The translator types an English rendering: stored as a human translation."""
        return self.add_translation(
            term_id, text, source="human", status="approved" if approve else "candidate", actor=actor
        )

    def edit_translation(self, translation_id: int, text: str, *, actor: str = "user") -> int | None:
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

    def _history(self, action: str, *, term_id=None, translation_id=None, before=(), after=(), actor="user") -> int:
        import json

        return self.conn.execute(
            "INSERT INTO history(at, term_id, translation_id, action, before, after, actor, undone)"
            " VALUES(?,?,?,?,?,?,?,0)",
            (now(), term_id, translation_id, action, json.dumps(list(before), ensure_ascii=False),
             json.dumps(list(after), ensure_ascii=False), actor),
        ).lastrowid

    def history(self, term_id: int | None = None, limit: int = 50) -> list[dict]:
        sql = "SELECT * FROM history"
        params: tuple = ()
        if term_id is not None:
            sql += " WHERE term_id=?"
            params = (term_id,)
        sql += " ORDER BY id DESC LIMIT ?"
        return [dict(r) for r in self.conn.execute(sql, (*params, limit))]

    def undo(self, *, actor: str = "user") -> dict | None:
        """Undo the most recent change by ``actor`` that is not undone yet. Returns its history
        row, or None when there is nothing to undo. The undo itself is recorded too."""
        import json

        with self.transaction():
            row = self.conn.execute(
                "SELECT * FROM history WHERE actor=? AND undone=0 AND action!='undo' ORDER BY id DESC LIMIT 1",
                (actor,),
            ).fetchone()
            if row is None:
                return None
            current = []
            for table, row_id, old in json.loads(row["before"]):
                current.append((table, row_id, self._row(table, row_id)))
                if old is None:
                    self.conn.execute(f"DELETE FROM {table} WHERE id=?", (row_id,))
                else:
                    cols = ", ".join(old)
                    marks = ", ".join("?" for _ in old)
                    self.conn.execute(f"INSERT OR REPLACE INTO {table}({cols}) VALUES({marks})", tuple(old.values()))
            self.conn.execute("UPDATE history SET undone=1 WHERE id=?", (row["id"],))
            self._history("undo", term_id=row["term_id"], translation_id=row["translation_id"],
                          before=current, after=json.loads(row["before"]), actor=actor)
            return dict(row)

    # -- resources (registered dictionaries / termbases) ---------------------------------------

    def add_resource(self, kind: str, path: str, name: str | None = None, version: str | None = None) -> int:
        with self.transaction():
            row = self.conn.execute("SELECT id FROM resources WHERE kind=? AND path=?", (kind, str(path))).fetchone()
            if row:
                self.conn.execute("UPDATE resources SET name=?, version=? WHERE id=?", (name, version, row[0]))
                return row[0]
            return self.conn.execute(
                "INSERT INTO resources(kind, name, path, version, added_at) VALUES(?,?,?,?,?)",
                (kind, name or Path(path).stem, str(path), version, now()),
            ).lastrowid

    def list_resources(self, kind: str | None = None) -> list[dict]:
        if kind:
            rows = self.conn.execute("SELECT * FROM resources WHERE kind=? ORDER BY id", (kind,))
        else:
            rows = self.conn.execute("SELECT * FROM resources ORDER BY id")
        return [dict(r) for r in rows]

    def remove_resource(self, resource_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM resources WHERE id=?", (resource_id,))

    # -- queries -----------------------------------------------------------------------------

    def lookup(self, *terms: str, **options) -> list[dict]:
        """Look terms up (options: contexts, fuzzy, reverse, min_score); see
        :func:`glossary.lookup.lookup`."""
        module = _LOOKUP or _load_lookup()
        if len(terms) == 1:
            return module.lookup_one(self, terms[0], **options)
        return module.lookup(self, list(terms), **options)

    def search(self, query: str, **options) -> list[dict]:
        """Full-text search (options: limit, fields, prefix); see :func:`glossary.search.search`."""
        from glossary.search import search

        return search(self, query, **options)

    def search_terms(self, text: str, limit: int = 50, offset: int = 0, filters: dict | None = None) -> list[dict]:
        """Ranked term rows for search-as-you-type; see :func:`glossary.search.search_terms`."""
        from glossary.search import search_terms

        return search_terms(self, text, limit, offset, filters)

    def annotate(self, text: str, **options) -> list[dict]:
        """The glossary terms in a Dutch text as spans; see :func:`glossary.annotate.annotate`."""
        from glossary.annotate import annotate

        return annotate(self, text, **options)

    def check(self, segments) -> list[dict]:
        """Terminology issues in ``(dutch, english)`` pairs; see :func:`glossary.check.check_segments`."""
        from glossary.check import check_segments

        return check_segments(self, segments)

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
                " (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status!='rejected')"
            ),
            "approved": count(
                "SELECT count(*) FROM terms t WHERE status='active' AND EXISTS"
                " (SELECT 1 FROM translations x WHERE x.term_id=t.id AND x.status='approved')"
            ),
            "translations": count("SELECT count(*) FROM translations"),
            "contexts": count("SELECT count(*) FROM contexts"),
            "occurrences": count("SELECT count(*) FROM occurrences"),
            "history": count("SELECT count(*) FROM history"),
        }


_LOOKUP = None  # glossary.lookup, once imported (an import statement per lookup costs ~3 us)


def _load_lookup():
    global _LOOKUP
    import glossary.lookup

    _LOOKUP = glossary.lookup
    return _LOOKUP


def chunks(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
