"""JSON (one document: a list of term records in the ``lookup --json`` schema, see
:func:`glossary.lookup.term_record`) and JSONL (one record per line, for streams)."""

from __future__ import annotations

import json

from glossary.errors import InputError
from glossary.formats.model import Context, Entry, Translation, check_kind, check_status, clean, strip_controls


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
        "weak": [],  # the lookup schema's weak candidates: never exported
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


_NAMES = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number",
          bool: "true/false", type(None): "null"}


def _what(value) -> str:
    return _NAMES.get(type(value), type(value).__name__)


def _text(obj: dict, key: str, where: str) -> str | None:
    """An optional string field (null or missing: None), cleaned of control characters."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: \"{key}\" must be a string or null, found {_what(value)}")
    return clean(value) or None


def _note(obj: dict, where: str) -> str | None:
    """The note: a string like the others, but JSON may carry its line breaks and tabs."""
    _text(obj, "note", where)  # type check
    value = strip_controls(obj.get("note") or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return value or None


def _count(obj: dict, key: str, where: str) -> int:
    value = obj.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{where}: \"{key}\" must be a whole number >= 0 or null, found {value!r:.40}")
    return value


def _position(obj: dict, key: str, where: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where}: \"{key}\" must be a whole number or null, found {_what(value)}")
    return value


def _list(obj: dict, key: str, where: str) -> list:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{where}: \"{key}\" must be a list, found {_what(value)}")
    return value


def _strings(obj: dict, key: str, where: str) -> list[str]:
    value = obj.get(key)
    if isinstance(value, str):  # "a | b", as CSV writes it
        value = value.split(" | ")
    out: list[str] = []
    for item in _list({key: value}, key, where):
        if not isinstance(item, str):
            raise InputError(f"{where}: \"{key}\" must be a list of strings, found {_what(item)} in it")
        if clean(item) and clean(item) not in out:
            out.append(clean(item))
    return out


def from_record(obj, where: str) -> Entry:
    """An Entry from one term record; every field is type-checked (InputError, one line)."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a term object, found {_what(obj)}")
    if not isinstance(obj.get("term"), str):
        raise InputError(f"{where}: a term object needs \"term\" (a string), found {_what(obj.get('term'))}")
    term = clean(obj.get("term"))
    if not term:
        raise InputError(f"{where}: a term object needs a non-empty \"term\" (only spaces or invisible characters)")
    translations: list[Translation] = []

    def add(t: Translation) -> None:
        same = next((x for x in translations if x.text == t.text), None)
        if same is None:
            translations.append(t)
        elif t.status == "approved" and same.status != "approved":
            same.status = "approved"

    for i, x in enumerate(_list(obj, "translations", where), 1):
        if isinstance(x, str):
            x = {"text": x}
        at = f"{where}: translation {i}"
        if not isinstance(x, dict):
            raise InputError(f"{at}: must be an object with \"text\" (or a string), found {_what(x)}")
        if not isinstance(x.get("text"), str):
            raise InputError(f"{at}: \"text\" must be a string, found {_what(x.get('text'))}")
        score = x.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            raise InputError(f"{at}: \"score\" must be a number or null, found {_what(score)}")
        text = clean(x["text"])
        if text and (_text(x, "status", at) or "").strip().lower() == "weak":
            continue  # `lookup --json` lists a machine's weak candidates; they are not exchanged
        if text:
            add(Translation(text, check_status(_text(x, "status", at), f"{at}: ", "candidate"),
                            _text(x, "source", at), _text(x, "origin", at),
                            float(score) if score is not None else None))
    approved = _text(obj, "approved", where)
    if approved:
        add(Translation(approved, "approved"))
    english = _text(obj, "english", where)
    if english:  # a simpler shape: {"term": ..., "english": ..., "status": ...}
        add(Translation(english, check_status(_text(obj, "status", where), f"{where}: ")))
    contexts = []
    for i, item in enumerate(_list(obj, "contexts", where), 1):
        at = f"{where}: context {i}"
        c = {"text": item} if isinstance(item, str) else item
        if not isinstance(c, dict):
            raise InputError(f"{at}: must be an object with \"text\", found {_what(c)}")
        sentence = _text(c, "text", at)
        if sentence:
            contexts.append(Context(sentence, _text(c, "document", at), _position(c, "start", at),
                                    _position(c, "end", at), _text(c, "translation", at)))
    documents = _strings(obj, "documents", where)
    return Entry(
        term=term,
        kind=check_kind(_text(obj, "kind", where), f"{where}: "),
        lemma=_text(obj, "lemma", where),
        variants=[v for v in _strings(obj, "variants", where) if v != term],
        note=_note(obj, where),
        translations=translations,
        contexts=contexts,
        documents=documents,
        frequency=_count(obj, "frequency", where),
        doc_count=_count(obj, "doc_count", where) or len(documents),
    )


def _loads(text: str, name: str, line: int | None = None):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{name}:{line}:{exc.colno}: malformed JSON line" if line else \
            f"{name}:{exc.lineno}:{exc.colno}: malformed JSON"
        raise InputError(f"{where}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{name}{f':{line}' if line else ''}: refused: the JSON is nested too deeply "
                         "(a term record is at most 3 levels deep)") from None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 (byte {exc.start})") from None


def read(data: bytes, name: str) -> list[Entry]:
    doc = _loads(_decode(data, name), name)
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
        obj = _loads(line, name, number)
        out.append(from_record(obj, f"{name}:{number}"))
    return out
