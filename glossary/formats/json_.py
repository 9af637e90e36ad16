"""JSON (one document: a list of term records in the ``lookup --json`` schema, see
:func:`glossary.lookup.term_record`) and JSONL (one record per line, for streams)."""

from __future__ import annotations

import json

from glossary.errors import InputError
from glossary.formats.model import Context, Entry, Translation, check_kind, check_status, clean


def record(e: Entry) -> dict:
    """The :func:`glossary.lookup.term_record` of an entry."""
    return {
        "id": e.id,
        "term": e.term,
        "lemma": e.lemma,
        "kind": e.kind,
        "frequency": e.frequency,
        "doc_count": e.doc_count,
        "documents": list(e.documents),
        "variants": list(e.variants),
        "note": e.note,
        "approved": approved.text if (approved := e.approved()) else None,
        "translations": [
            {"text": t.text, "source": t.source, "status": t.status, "score": t.score, "origin": t.origin}
            for t in e.translations
        ],
        "contexts": [
            {"text": c.text, "document": c.document, "start": c.start, "end": c.end, "translation": c.translation}
            for c in e.contexts
        ],
    }


def write(entries, out, *, format="json", **_options) -> None:
    if format == "jsonl":
        for e in entries:
            out.write(json.dumps(record(e), ensure_ascii=False).encode("utf-8") + b"\n")
        return
    out.write(b"[")
    for i, e in enumerate(entries):
        out.write((",\n  " if i else "\n  ").encode() + json.dumps(record(e), ensure_ascii=False).encode("utf-8"))
    out.write(b"\n]\n" if entries else b"]\n")


def from_record(obj, where: str) -> Entry:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a term object, found {type(obj).__name__}")
    term = clean(obj.get("term"))
    if not term:
        raise InputError(f"{where}: a term object needs a non-empty \"term\"")
    translations = []
    for x in obj.get("translations") or []:
        if isinstance(x, str):
            x = {"text": x}
        if not isinstance(x, dict):
            raise InputError(f"{where}: translations must be objects with \"text\"")
        if clean(x.get("text")):
            translations.append(Translation(clean(x.get("text")), check_status(x.get("status"), f"{where}: ", "candidate"),
                                            x.get("source"), x.get("origin"), x.get("score")))
    approved = clean(obj.get("approved"))
    if approved and not any(t.text == approved for t in translations):
        translations.append(Translation(approved, "approved"))
    if obj.get("english"):  # a simpler shape: {"term": ..., "english": ...}
        translations.append(Translation(clean(obj["english"]), check_status(obj.get("status"), f"{where}: ")))
    variants = obj.get("variants") or []
    if isinstance(variants, str):
        variants = [v for v in variants.split(" | ") if v.strip()]
    return Entry(
        term=term,
        kind=check_kind(obj.get("kind"), f"{where}: "),
        lemma=clean(obj.get("lemma")) or None,
        variants=[clean(v) for v in variants if clean(v)],
        note=obj.get("note") or None,
        translations=translations,
        contexts=[Context(c.get("text", ""), c.get("document")) for c in obj.get("contexts") or [] if isinstance(c, dict)],
        documents=list(obj.get("documents") or []),
    )


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 (byte {exc.start})") from None


def read(data: bytes, name: str) -> list[Entry]:
    text = _decode(data, name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}") from None
    if isinstance(doc, dict) and isinstance(doc.get("terms"), list):
        doc = doc["terms"]
    if not isinstance(doc, list):
        raise InputError(f"{name}: expected a JSON list of term objects (the `lookup --json` schema)")
    return [from_record(obj, f"{name}: item {i + 1}") for i, obj in enumerate(doc)]


def read_lines(data: bytes, name: str) -> list[Entry]:
    out = []
    for number, line in enumerate(_decode(data, name).splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{number}:{exc.colno}: malformed JSON line: {exc.msg}") from None
        out.append(from_record(obj, f"{name}:{number}"))
    return out
