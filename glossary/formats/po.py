"""gettext PO: msgid = the Dutch term, msgstr = its approved English (empty when none).

Translator comments carry the note (``note: ...``), the best unapproved candidate
(``candidate: ...``) and the context sentences (``context: ...``); references (``#:``) name the
documents the term occurs in. Two terms with the same text (different kinds) are told apart by
``msgctxt`` (the kind, plus a number if that is not enough). The file passes ``msgfmt --check``.
On import an entry's msgstr is an approved translation (a *fuzzy* one a candidate); msgctxt,
when it is a kind, gives the kind.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

from glossary import __version__
from glossary.errors import InputError
from glossary.formats.model import Entry, Translation, clean
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
        if e.note:
            comments.append(f"note: {clean(e.note)}")
        if chosen is not None and chosen is not approved:
            comments.append(f"candidate: {clean(chosen.text)}")
        comments += [f"context: {clean(c.text)}" for c in e.contexts]
        po.append(polib.POEntry(
            msgid=msgid,
            msgstr=clean(approved.text) if approved else "",
            msgctxt=ctxt,
            tcomment="\n".join(comments),
            occurrences=[(_ref(d), "") for d in e.documents],
        ))
    out.write(str(po).encode("utf-8") + b"\n")


def read(data: bytes, name: str) -> list[Entry]:
    import polib

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not UTF-8 text") from None
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        msg = str(exc).split("\n")[0]
        found = re.search(r"\(line (\d+)\)", msg)
        where = f"{name}:{found.group(1)}" if found else name
        msg = re.sub(r"\s*\(line \d+\)", "", msg).replace(" in po file", "")
        raise InputError(f"{where}: malformed PO file: {msg}") from None
    out = []
    for item in po:
        if item.obsolete or not clean(item.msgid):
            continue
        note = None
        for comment in (item.tcomment or "").splitlines():
            if comment.startswith("note: "):
                note = comment[len("note: "):].strip()
        kind = (item.msgctxt or "").split(" ")[0]
        english = clean(item.msgstr)
        out.append(Entry(
            term=clean(item.msgid),
            kind=kind if kind in KINDS else "term",
            note=note,
            translations=[Translation(english, "candidate" if item.fuzzy else "approved")] if english else [],
        ))
    return out
