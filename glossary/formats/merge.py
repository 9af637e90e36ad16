"""Merging imported entries into a glossary.

Rules (see docs/formats.md):
- a file entry matches a glossary term by key (``simple_key`` of its term, then its lemma and
  variants), against term keys first and then the variants table; unmatched entries become new
  terms (origin ``import``);
- translations are added with source ``import`` and origin = the file name;
- an approved translation in the file becomes approved unless the term already has a different
  approved translation (or the glossary rejected that text): that is a *conflict*, reported,
  and nothing is overwritten (the file's text is kept as an import candidate to choose from);
- an empty note is filled from the file; a note the glossary has is kept;
- the whole import is one transaction; ``dry_run`` rolls it back after computing the report;
- the import writes one ``history`` row (action ``import``, actor ``import:<file>``) holding
  every row it created or changed, so ``Glossary.undo(actor="import:<file>")`` undoes it all;
- importing the same file again changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from glossary.formats.model import Entry, clean
from glossary.store import KINDS, STATUSES, Glossary, now, simple_key

TERM_COLUMNS = ("id", "key", "term", "lemma", "kind", "score", "frequency", "doc_count", "variants",
                "parts", "status", "origin", "note", "created_at", "updated_at")
TRANSLATION_COLUMNS = ("id", "term_id", "text", "source", "origin", "origin_version", "score",
                       "status", "note", "created_at", "updated_at")


@dataclass
class Conflict:
    term: str
    glossary: str  # what the glossary has (approved, or rejected)
    file: str      # what the file says
    reason: str = "approved"  # approved: a different approved translation; rejected: rejected here

    def __str__(self) -> str:
        if self.reason == "rejected":
            return f"{self.term}: the file approves {self.file!r}, which the glossary rejected"
        return f"{self.term}: the glossary has {self.glossary!r} approved, the file says {self.file!r}"


@dataclass
class ImportReport:
    origin: str
    dry_run: bool = False
    entries: int = 0
    terms_added: int = 0
    terms_matched: int = 0
    translations_added: int = 0
    approved: int = 0
    notes_set: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    history_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.terms_added or self.translations_added or self.approved or self.notes_set)

    def as_dict(self) -> dict:
        return {
            "file": self.origin, "dry_run": self.dry_run, "entries": self.entries,
            "terms_added": self.terms_added, "terms_matched": self.terms_matched,
            "translations_added": self.translations_added, "approved": self.approved,
            "notes_set": self.notes_set, "unchanged": self.unchanged,
            "conflicts": [{"term": c.term, "glossary": c.glossary, "file": c.file, "reason": c.reason}
                          for c in self.conflicts],
        }


class _DryRun(Exception):
    pass


def group_entries(entries: list[Entry]) -> list[Entry]:
    """Entries with the same key (same term written twice, PO msgctxt duplicates, several TSV
    lines for one source term) become one, translations in file order."""
    out: dict[tuple, Entry] = {}
    for entry in entries:
        entry.term = clean(entry.term)
        if not entry.term:
            continue
        term_key = simple_key(entry.term)
        lemma_key = simple_key(entry.lemma) if entry.lemma and entry.lemma != entry.term else term_key
        key = (lemma_key, entry.kind)
        seen = out.get(key)
        if seen is None:
            entry._keys = (term_key, lemma_key)  # computed once: matching needs them again
            out[key] = entry
            continue
        seen.translations.extend(entry.translations)
        seen.variants.extend(v for v in entry.variants if v not in seen.variants)
        seen.note = seen.note or entry.note
    return list(out.values())


def merge_entries(g: Glossary, entries: list[Entry], *, origin: str, dry_run: bool = False) -> ImportReport:
    report = ImportReport(origin=origin, dry_run=dry_run)
    try:
        with g.transaction():
            _merge(g, group_entries(entries), origin, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.history_id = None
    return report


def _merge(g: Glossary, entries: list[Entry], origin: str, report: ImportReport) -> None:
    c = g.conn
    dry = report.dry_run
    log = report.changes.append
    stamp = now()
    actor = f"import:{origin}"
    keys: dict[str, int] = {k: i for k, i in c.execute("SELECT key, id FROM terms")}
    kinds: dict[int, str] = dict(c.execute("SELECT id, kind FROM terms"))
    variant_keys: dict[str, list[int]] = defaultdict(list)
    for key, term_id in c.execute("SELECT key, term_id FROM variants ORDER BY id"):
        variant_keys[key].append(term_id)
    claimed: dict[int, str] = {}  # term id -> kind of the file entry that matched it
    notes: dict[int, str | None] = dict(c.execute("SELECT id, note FROM terms"))
    existing: dict[int, list[dict]] = defaultdict(list)
    for row in c.execute("SELECT id, term_id, text, source, status FROM translations"):
        existing[row[1]].append({"id": row[0], "text": row[2], "source": row[3], "status": row[4]})

    next_term = (c.execute("SELECT max(id) FROM terms").fetchone()[0] or 0) + 1
    next_tr = (c.execute("SELECT max(id) FROM translations").fetchone()[0] or 0) + 1
    next_var = (c.execute("SELECT max(id) FROM variants").fetchone()[0] or 0) + 1
    new_terms: list[tuple] = []
    pending_terms: dict[int, int] = {}  # new term id -> index in new_terms
    pending_trs: dict[int, int] = {}  # new translation id -> index in new_translations
    new_variants: list[tuple] = []
    new_translations: list[tuple] = []
    before_tr: list = []
    before_var: list = []
    before_terms: list = []
    after: list = []
    changed_terms: set[int] = set()

    for entry in entries:
        report.entries += 1
        kind = entry.kind if entry.kind in KINDS else "term"
        found: list[int] = []
        term_key, lemma_key = getattr(entry, "_keys", None) or (simple_key(entry.term), simple_key(entry.lemma or entry.term))
        for key in dict.fromkeys((term_key, lemma_key, *(simple_key(v) for v in entry.variants))):
            if key:
                if key in keys:
                    found.append(keys[key])
                found.extend(variant_keys.get(key, ()))
        found = [t for t in dict.fromkeys(found) if claimed.get(t, kind) == kind]
        # same key, different kinds (PO msgctxt, "bank" and the name "Bank"): prefer the same kind
        term_id = next((t for t in found if kinds.get(t) == kind), found[0] if found else None)
        changed = False
        if term_id is None:
            key, n = lemma_key, 1
            while key in keys:  # the key belongs to a term of another kind
                n += 1
                key = f"{lemma_key} [{kind}]" if n == 2 else f"{lemma_key} [{kind} {n}]"
            variants = [v for v in dict.fromkeys(clean(v) for v in entry.variants) if v and v != entry.term]
            note = clean(entry.note) or None
            values = (key, entry.term, clean(entry.lemma) or entry.term, kind, None, 0, 0, " | ".join(variants),
                      "", "active", "import", note, stamp, stamp)
            term_id = next_term
            next_term += 1
            pending_terms[term_id] = len(new_terms)
            new_terms.append((term_id, *values))
            keys[key] = term_id
            kinds[term_id] = kind
            notes[term_id] = note
            before_terms.append(("terms", term_id, None))
            after.append(("terms", term_id, {"term": entry.term, "kind": kind}))
            for form in dict.fromkeys([entry.term, *variants]):
                vkey = term_key if form == entry.term else simple_key(form)
                new_variants.append((next_var, term_id, form, vkey))
                before_var.append(("variants", next_var, None))
                next_var += 1
                variant_keys[vkey].append(term_id)
            report.terms_added += 1
            report.notes_set += bool(note)
            dry and log(f"+ term {entry.term!r} ({kind})")
            changed = True
        else:
            report.terms_matched += 1
            note = clean(entry.note)
            if note and not notes.get(term_id) and term_id in pending_terms:
                i = pending_terms[term_id]
                new_terms[i] = new_terms[i][:12] + (note,) + new_terms[i][13:]
                notes[term_id] = note
                changed = True
            elif note and not notes.get(term_id):
                before_terms.append(("terms", term_id, g._row("terms", term_id)))
                c.execute("UPDATE terms SET note=?, updated_at=? WHERE id=?", (note, stamp, term_id))
                notes[term_id] = note
                after.append(("terms", term_id, g._row("terms", term_id)))
                report.notes_set += 1
                dry and log(f"~ note of {entry.term!r}: {note!r}")
                changed = True
        claimed.setdefault(term_id, kind)
        rows = existing[term_id]
        for tr in entry.translations:
            text = clean(tr.text)
            if not text:
                continue
            status = tr.status if tr.status in STATUSES else "candidate"
            same = [x for x in rows if x["text"] == text]
            approved = next((x for x in rows if x["status"] == "approved"), None)
            if status == "approved":
                if approved is not None and approved["text"] == text:
                    continue
                if approved is not None:
                    report.conflicts.append(Conflict(entry.term, approved["text"], text))
                    status = "candidate"  # kept to choose from, never overwriting
                elif any(x["status"] == "rejected" for x in same):
                    report.conflicts.append(Conflict(entry.term, text, text, reason="rejected"))
                    continue
                else:
                    own = next((x for x in same if x["source"] == "import"), None)
                    if own is not None and own["id"] in pending_trs:  # written by this import
                        i = pending_trs[own["id"]]
                        new_translations[i] = new_translations[i][:7] + ("approved",) + new_translations[i][8:]
                        own["status"] = "approved"
                        report.approved += 1
                        changed = True
                        continue
                    if own is not None:  # an earlier import's candidate: approve it
                        before_tr.append(("translations", own["id"], g._row("translations", own["id"])))
                        c.execute("UPDATE translations SET status='approved', updated_at=? WHERE id=?",
                                  (stamp, own["id"]))
                        after.append(("translations", own["id"], g._row("translations", own["id"])))
                        own["status"] = "approved"
                        report.approved += 1
                        dry and log(f"~ approve {entry.term!r} -> {text!r}")
                        changed = True
                        continue
            if same:
                continue
            values = (term_id, text, "import", origin, None, None, status, None, stamp, stamp)
            tid = next_tr
            next_tr += 1
            pending_trs[tid] = len(new_translations)
            new_translations.append((tid, *values))
            rows.append({"id": tid, "text": text, "source": "import", "status": status})
            before_tr.append(("translations", tid, None))
            after.append(("translations", tid, {"term_id": term_id, "text": text, "status": status}))
            report.translations_added += 1
            if status == "approved":
                report.approved += 1
            dry and log(f"+ {status} {entry.term!r} -> {text!r}")
            changed = True
        if changed:
            changed_terms.add(term_id)
        else:
            report.unchanged += 1

    # ids were assigned above (we hold the write lock): write in bulk
    c.executemany(f"INSERT INTO terms({', '.join(TERM_COLUMNS)}) VALUES({', '.join('?' * len(TERM_COLUMNS))})",
                  new_terms)
    c.executemany("INSERT INTO variants(id, term_id, text, key) VALUES(?,?,?,?)", new_variants)
    c.executemany(f"INSERT INTO translations({', '.join(TRANSLATION_COLUMNS)})"
                  f" VALUES({', '.join('?' * len(TRANSLATION_COLUMNS))})", new_translations)
    if changed_terms:
        report.history_id = g._history(
            "import",
            term_id=next(iter(changed_terms)) if len(changed_terms) == 1 else None,
            before=before_tr + before_var + before_terms,
            after=after,
            actor=actor,
        )
