"""gettext PO: msgid = the Dutch term, msgstr = its approved English (empty when none).

Translator comments carry the kind (``kind: name``, when not a plain term), the note
(``note: ...``), the frequency, the variants (``variant: ...``), the documents (``document:
...``), the best unapproved candidate (``candidate: ...``) and the context sentences
(``context (document): ...``); references (``#:``) name the documents too, for gettext tools.
Two terms with the same text (different kinds) are told apart by ``msgctxt`` (the kind, plus a
number if that is not enough). The file passes ``msgfmt --check``.

Import parses strictly (:func:`parse`: what msgfmt refuses is refused, with the line number);
an entry's msgstr (a plural entry's ``msgstr[0]``) is an approved translation (a *fuzzy* one a
candidate), ``candidate:`` comments are candidates; msgctxt, when it is a kind, gives the kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from glossary import __version__
from glossary.errors import InputError
from glossary.formats.model import Context, Entry, Translation, clean
from glossary.keys import simple_key
from glossary.vocabulary import KINDS


def _ref(name: str) -> str:
    return re.sub(r"\s+", "_", name)


def write(entries, out, *, title: str = "glossary", **_options) -> None:
    import polib

    po = polib.POFile(wrapwidth=0)
    po.header = f"{title}: Dutch terms (msgid) and their approved English (msgstr)."
    po.metadata = {
        "Project-Id-Version": f"{title} (glossary {__version__})",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
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
        comments += [f"variant: {clean(v)}" for v in e.variants]
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
    out: list[str] = []
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
            m = _HEX.match(line, i + 2) if nxt == "x" else None
            if m:
                out.append(chr(int(m.group(), 16) & 0xFF))
                i = m.end()
                continue
            raise _malformed(where(i + 2), "invalid control sequence")
        out.append(ch)
        i += 1
    raise _malformed(where(None), 'end-of-line within string (a missing closing ")')


def _malformed(where: str, message: str) -> InputError:
    return InputError(f"{where}: malformed PO file: {message}")


def _check_entry(item: _Item, keyword: str | None, where: str) -> None:
    """What msgfmt requires of a complete entry."""
    fields = item.fields
    if keyword is not None and keyword not in fields:
        raise _malformed(where, f"syntax error ({keyword} has no string)")
    if "msgid" not in fields:
        raise _malformed(where, "missing 'msgid' section")
    plural = [k for k in item.order if k.startswith("msgstr[")]
    if "msgid_plural" in fields:
        if "msgstr" in fields:
            raise _malformed(where, "'msgstr' where 'msgstr[0]' was expected (plural entry)")
        if not plural:
            raise _malformed(where, "missing 'msgstr[]' section")
        if [int(k[7:-1]) for k in plural] != list(range(len(plural))):
            raise _malformed(where, "plural forms must be numbered msgstr[0], msgstr[1], ...")
    elif plural:
        raise _malformed(where, "missing 'msgid_plural' section")
    elif "msgstr" not in fields:
        raise _malformed(where, "missing 'msgstr' section")


class _Parser:
    def __init__(self, name: str):
        self.name = name
        self.items: list[_Item] = []
        self.current: _Item | None = None
        self.pending = _Item(0)  # comments before the next entry
        self.keyword: str | None = None  # the field continuation strings go to

    def finish(self) -> None:
        if self.current is not None:
            _check_entry(self.current, self.keyword, f"{self.name}:{self.current.line}")
            self.items.append(self.current)
        self.current, self.keyword = None, None

    def comment(self, stripped: str) -> None:
        self.finish()  # a comment ends the entry (msgfmt: "missing 'msgstr'" when it is incomplete)
        if stripped.startswith("#~"):
            return
        body = stripped[2:]
        if stripped.startswith("#,"):
            self.pending.flags.update(f.strip() for f in body.split(",") if f.strip())
        elif stripped.startswith("#:"):
            self.pending.references.extend(body.split())
        elif stripped[1:2] in ("", " ", "\t"):
            self.pending.comments.append(body)

    def keyword_at(self, word: str, number: int, where: str) -> None:
        current = self.current
        if word.startswith("msgstr"):
            if current is None or "msgid" not in current.fields or word in current.fields:
                raise _malformed(where, f"syntax error ({word} without msgid)")
        elif word == "msgid_plural":
            if current is None or current.order[-1:] != ["msgid"]:
                raise _malformed(where, "syntax error (msgid_plural not after msgid)")
        else:  # msgctxt / msgid start an entry (msgid also continues one that has only msgctxt)
            if current is not None and not (word == "msgid" and current.order == ["msgctxt"]):
                self.finish()
            if self.current is None:
                self.current = _Item(number, comments=self.pending.comments,
                                     references=self.pending.references, flags=self.pending.flags)
                self.pending = _Item(0)
            current = self.current
            if word in current.fields or (word == "msgctxt" and current.order):
                raise _malformed(where, f"syntax error (unexpected {word})")
        if self.keyword is not None and self.keyword not in current.fields:
            raise _malformed(where, f"syntax error ({self.keyword} has no string)")
        self.keyword = word
        current.order.append(word)

    def line(self, line: str, number: int) -> None:
        stripped = line.lstrip()
        if not stripped:
            return  # msgfmt's lexer skips blank lines: they do not end an entry
        if stripped.startswith("#"):
            self.comment(stripped)
            return

        def where(col, number=number):
            return f"{self.name}:{number}" + (f":{col}" if col else "")

        pos = len(line) - len(stripped)
        while pos < len(line):
            ch = line[pos]
            if ch in " \t":
                pos += 1
            elif ch == '"':
                if self.keyword is None or self.current is None:
                    raise _malformed(where(pos + 1), "syntax error (a string without a keyword)")
                value, pos = _string(line, pos, where)
                self.current.fields[self.keyword] = self.current.fields.get(self.keyword, "") + value
            else:
                m = _KEYWORD.match(line, pos)
                if not m:
                    raise _malformed(where(pos + 1), "syntax error")
                self.keyword_at(m.group(1), number, where(pos + 1))
                pos = m.end()


def parse(text: str, name: str) -> list[_Item]:
    """The entries of a PO file (obsolete ``#~`` entries left out); InputError with
    ``name:line:col`` for whatever msgfmt would refuse: syntax errors, unterminated strings, bad
    escapes, a msgid without msgstr (also when a comment interrupts the entry), plural forms
    without msgid_plural or not from [0], and duplicate message definitions. As in msgfmt,
    blank lines separate nothing: a string after one continues the field before it."""
    parser = _Parser(name)
    for number, raw in enumerate(text.splitlines(), 1):
        parser.line(raw.rstrip("\r"), number)
    parser.finish()
    seen: dict = {}
    for item in parser.items:
        key = (item.fields.get("msgctxt"), item.fields["msgid"])
        if key in seen:
            raise _malformed(f"{name}:{item.line}", f"duplicate message definition (first at line {seen[key]})")
        seen[key] = item.line
    return parser.items


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
        candidates, contexts, documents, variants = [], [], [], []
        frequency = 0
        for comment in item.comments:
            label, _, value = comment.partition(": ")
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
            elif label == "variant" and value and value not in variants and value != clean(item.fields["msgid"]):
                variants.append(value)
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
        out.append(Entry(term=msgid, kind=kind, variants=variants, note=note, translations=translations,
                         contexts=contexts, documents=documents, frequency=frequency, doc_count=len(documents)))
    return out
