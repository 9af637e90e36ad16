"""gettext PO: msgid = the Dutch term, msgstr = its approved English (empty when none).

Translator comments carry the kind (``kind: name``, when not a plain term), the note (``note:
...``), the frequency, the documents (``document: ...``), the best unapproved candidate
(``candidate: ...``) and the context sentences (``context (document): ...``); references
(``#:``) name the documents too, for gettext tools. Two terms with the same text (different kinds) are told apart
by ``msgctxt`` (the kind, plus a number if that is not enough). The file passes ``msgfmt
--check``.

Import parses strictly (:func:`parse`: what msgfmt refuses is refused, with the line number);
an entry's msgstr (a plural entry's ``msgstr[0]``) is an approved translation (a *fuzzy* one a
candidate), ``candidate:`` comments are candidates; msgctxt, when it is a kind, gives the kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from glossary import __version__
from glossary.errors import InputError
from glossary.formats.model import Context, Entry, Translation, clean
from glossary.store import simple_key

KINDS = ("term", "name", "loanword")


def _ref(name: str) -> str:
    return re.sub(r"\s+", "_", name)


def write(entries, out, *, title: str = "glossary", **_options) -> None:
    import polib

    po = polib.POFile(wrapwidth=0)
    po.header = f"{title}: Dutch terms (msgid) and their approved English (msgstr)."
    po.metadata = {
        "Project-Id-Version": f"{title} (glossary {__version__})",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "glossary export",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Source-Language": "nl",
    }
    # msgids that are the same term for an importer (same key) need a msgctxt to stay apart
    counts = Counter(simple_key(e.term) for e in entries)
    used: set[tuple[str | None, str]] = set()
    for e in entries:
        msgid = clean(e.term)
        ctxt = None
        if counts[simple_key(msgid)] > 1:
            ctxt, n = e.kind, 1
            while (ctxt, msgid) in used:
                n += 1
                ctxt = f"{e.kind} {n}"
        used.add((ctxt, msgid))
        approved = e.approved()
        chosen = e.chosen()
        comments = []
        if e.kind != "term":
            comments.append(f"kind: {e.kind}")
        if e.note:
            comments.append(f"note: {clean(e.note)}")
        if e.frequency:
            comments.append(f"frequency: {e.frequency}")
        comments += [f"document: {clean(d)}" for d in e.documents]
        if chosen is not None and chosen is not approved:
            comments.append(f"candidate: {clean(chosen.text)}")
        comments += [f"context ({clean(c.document)}): {clean(c.text)}" if c.document and ")" not in c.document
                     else f"context: {clean(c.text)}" for c in e.contexts]
        po.append(polib.POEntry(
            msgid=msgid,
            msgstr=clean(approved.text) if approved else "",
            msgctxt=ctxt,
            tcomment="\n".join(comments),
            occurrences=[(_ref(d), "") for d in e.documents],
        ))
    out.write(str(po).encode("utf-8") + b"\n")


# -- reading: a strict PO parser ----------------------------------------------------------------
# polib's own parser is lenient (an unterminated string imports as a shortened term); this one
# refuses what msgfmt refuses, with msgfmt's line:column, and keeps plural entries.

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?![\w\[])")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"', "?": "?", "'": "'"}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclass
class _Item:
    line: int
    fields: dict = field(default_factory=dict)   # keyword -> text ("msgstr[1]" for plurals)
    order: list = field(default_factory=list)    # keywords in file order
    comments: list = field(default_factory=list)  # translator comments ("# ...")
    references: list = field(default_factory=list)
    flags: set = field(default_factory=set)


def _string(line: str, pos: int, where) -> tuple[str, int]:
    """The C string starting at ``line[pos] == '"'``: (value, position after it)."""
    out = []
    i = pos + 1
    while i < len(line):
        ch = line[i]
        if ch == '"':
            return "".join(out), i + 1
        if ch == "\\":
            nxt = line[i + 1: i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            m = _OCTAL.match(line, i + 1)
            if m:
                out.append(chr(int(m.group(), 8)))
                i = m.end()
                continue
            if nxt == "x" and _HEX.match(line, i + 2):
                m = _HEX.match(line, i + 2)
                out.append(chr(int(m.group(), 16) & 0xFF))
                i = m.end()
                continue
            raise InputError(f"{where(i + 2)}: malformed PO file: invalid control sequence")
        out.append(ch)
        i += 1
    raise InputError(f"{where(None)}: malformed PO file: end-of-line within string (a missing closing \")")


def parse(text: str, name: str) -> list[_Item]:
    """The entries of a PO file (obsolete ``#~`` entries left out); InputError with
    ``name:line:col`` for whatever msgfmt would refuse: syntax errors, unterminated strings, bad
    escapes, a msgid without msgstr (also when a comment interrupts the entry), plural forms
    without msgid_plural or not from [0], and duplicate message definitions. As in msgfmt,
    blank lines separate nothing: a string after one continues the field before it."""
    items: list[_Item] = []
    current: _Item | None = None
    pending = _Item(0)  # comments before the next entry
    keyword = None  # the field continuation strings go to

    def finish() -> None:
        nonlocal current, keyword
        if current is None:
            return
        where = f"{name}:{current.line}"
        fields = current.fields
        if keyword is not None and keyword not in fields:
            raise InputError(f"{where}: malformed PO file: syntax error ({keyword} has no string)")
        if "msgid" not in fields:
            raise InputError(f"{where}: malformed PO file: missing 'msgid' section")
        plural = [k for k in current.order if k.startswith("msgstr[")]
        if "msgid_plural" in fields:
            if "msgstr" in fields:
                raise InputError(f"{where}: malformed PO file: 'msgstr' where 'msgstr[0]' was expected (plural entry)")
            if not plural:
                raise InputError(f"{where}: malformed PO file: missing 'msgstr[]' section")
            indexes = [int(k[7:-1]) for k in plural]
            if indexes != list(range(len(indexes))):
                raise InputError(f"{where}: malformed PO file: plural forms must be numbered msgstr[0], msgstr[1], ...")
        elif plural:
            raise InputError(f"{where}: malformed PO file: missing 'msgid_plural' section")
        elif "msgstr" not in fields:
            raise InputError(f"{where}: malformed PO file: missing 'msgstr' section")
        items.append(current)
        current, keyword = None, None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        stripped = line.lstrip()
        if not stripped:
            continue  # msgfmt's lexer skips blank lines: they do not end an entry
        if stripped.startswith("#"):
            finish()  # a comment ends the entry (msgfmt: "missing 'msgstr'" when it is incomplete)
            if stripped.startswith("#~"):
                continue
            body = stripped[2:] if len(stripped) > 1 else ""
            if stripped.startswith("#,"):
                pending.flags.update(f.strip() for f in body.split(",") if f.strip())
            elif stripped.startswith("#:"):
                pending.references.extend(body.split())
            elif stripped[1:2] in ("", " ", "\t"):
                pending.comments.append(stripped[2:] if stripped[1:2] else "")
            continue
        pos = len(line) - len(stripped)

        def where(col, number=number):
            return f"{name}:{number}" + (f":{col}" if col else "")

        while pos < len(line):
            ch = line[pos]
            if ch in " \t":
                pos += 1
                continue
            if ch == '"':
                if keyword is None:
                    raise InputError(f"{where(pos + 1)}: malformed PO file: syntax error (a string without a keyword)")
                value, pos = _string(line, pos, where)
                current.fields[keyword] = current.fields.get(keyword, "") + value
                continue
            m = _KEYWORD.match(line, pos)
            if not m:
                raise InputError(f"{where(pos + 1)}: malformed PO file: syntax error")
            word = m.group(1)
            if word.startswith("msgstr"):
                ok = current is not None and ("msgid" in current.fields) and (
                    word not in current.fields)
                if not ok:
                    raise InputError(f"{where(pos + 1)}: malformed PO file: syntax error ({word} without msgid)")
            elif word == "msgid_plural":
                if current is None or current.order[-1:] != ["msgid"]:
                    raise InputError(f"{where(pos + 1)}: malformed PO file: syntax error (msgid_plural not after msgid)")
            else:  # msgctxt / msgid start an entry (msgid also continues one that has only msgctxt)
                if current is not None and not (word == "msgid" and current.order == ["msgctxt"]):
                    finish()
                if current is None:
                    current = _Item(number, comments=pending.comments, references=pending.references,
                                    flags=pending.flags)
                    pending = _Item(0)
                if word in current.fields or (word == "msgctxt" and current.order):
                    raise InputError(f"{where(pos + 1)}: malformed PO file: syntax error (unexpected {word})")
            if keyword is not None and keyword not in current.fields:
                raise InputError(f"{where(pos + 1)}: malformed PO file: syntax error ({keyword} has no string)")
            keyword = word
            current.order.append(word)
            pos = m.end()
    finish()
    seen: dict = {}
    for item in items:
        key = (item.fields.get("msgctxt"), item.fields["msgid"])
        if key in seen:
            raise InputError(f"{name}:{item.line}: malformed PO file: duplicate message definition "
                             f"(first at line {seen[key]})")
        seen[key] = item.line
    return items


def read(data: bytes, name: str) -> list[Entry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 text") from None
    out = []
    for item in parse(text, name):
        msgid = clean(item.fields["msgid"])
        if not msgid:
            continue  # the header (or an empty msgid msgfmt would flag as the header)
        note = None
        kind = (item.fields.get("msgctxt") or "").split(" ")[0]
        kind = kind if kind in KINDS else "term"
        candidates, contexts, documents = [], [], []
        frequency = 0
        for line in item.comments:
            label, _, value = line.partition(": ")
            value = clean(value)
            if label == "note" and value:
                note = value
            elif label == "candidate" and value:
                candidates.append(value)
            elif label == "context" and value:
                contexts.append(Context(value))
            elif label.startswith("context (") and label.endswith(")") and value:
                contexts.append(Context(value, clean(label[len("context ("):-1]) or None))
            elif label == "document" and value and value not in documents:
                documents.append(value)
            elif label == "kind" and value in KINDS:
                kind = value
            elif label == "frequency" and value.isdigit():
                frequency = int(value)
        if not documents:  # a PO file of elsewhere: its references
            for ref in item.references:
                path = ref.rsplit(":", 1)[0] if re.search(r":\d+$", ref) else ref
                if path and path not in documents:
                    documents.append(path)
        english = clean(item.fields.get("msgstr", item.fields.get("msgstr[0]", "")))
        translations = []
        if english:
            translations.append(Translation(english, "candidate" if "fuzzy" in item.flags else "approved"))
        for text_ in candidates:
            if all(t.text != text_ for t in translations):
                translations.append(Translation(text_, "candidate"))
        out.append(Entry(term=msgid, kind=kind, note=note, translations=translations, contexts=contexts,
                         documents=documents, frequency=frequency, doc_count=len(documents)))
    return out
