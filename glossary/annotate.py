"""Annotating a Dutch text with the glossary: every term found, with its English.

:func:`annotate` gives the spans; :func:`render_text` and :func:`render_html` print them.
A span::

    {"start", "end", "text": the words in the document, "id", "term", "kind",
     "translation": approved English, else the best candidate, else null,
     "status": "approved" | "candidate" | "untranslated",
     "match": "term" | "variant" | "inflection"}
"""

from __future__ import annotations

import html

from glossary.matcher import matcher_for
from glossary.store import Glossary


def annotate(g: Glossary, text: str, *, inflect: bool = True) -> list[dict]:
    """The glossary terms in ``text`` (longest match first, no overlaps), in text order."""
    spans = []
    for m in matcher_for(g, inflect=inflect).find(text):
        t = m.term
        spans.append({
            "start": m.start, "end": m.end, "text": text[m.start : m.end], "id": t.id, "term": t.term,
            "kind": t.kind, "translation": t.translation, "status": t.status, "match": m.match,
        })
    return spans


def _gloss(span: dict) -> str | None:
    if not span["translation"]:
        return None
    return span["translation"] if span["status"] == "approved" else span["translation"] + "?"


def render_text(text: str, spans: list[dict], *, untranslated: bool = False) -> str:
    """The text with ``[English]`` after each term (``[English?]`` for an unapproved candidate;
    with ``untranslated``, ``[?]`` for a term without any translation)."""
    out, pos = [], 0
    for s in spans:
        gloss = _gloss(s)
        if gloss is None and not untranslated:
            continue
        out.append(text[pos : s["end"]])
        out.append(f" [{gloss or '?'}]")
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


_STYLE = """\
body { font: 17px/1.6 Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #222; }
.text { white-space: pre-wrap; }
.term { border-bottom: 2px solid #2a7; cursor: help; }
.term.candidate { border-bottom: 2px dashed #d90; }
.term.untranslated { border-bottom: 2px dotted #c33; }
.legend { font: 13px sans-serif; color: #555; border-top: 1px solid #ccc; margin-top: 2em; padding-top: .5em; }
.legend span { margin-right: 1.5em; }
"""


def render_html(text: str, spans: list[dict], *, title: str = "Annotated text") -> str:
    """A standalone HTML page: terms underlined, their English as a tooltip. Everything escaped."""
    esc = html.escape
    body, pos = [], 0
    for s in spans:
        body.append(esc(text[pos : s["start"]]))
        tip = f"{s['term']} → {s['translation']}" if s["translation"] else f"{s['term']}: no translation yet"
        if s["status"] == "candidate":
            tip += " (not approved)"
        body.append(
            f'<span class="term {esc(s["status"])}" title="{esc(tip)}" data-term-id="{int(s["id"])}">'
            f"{esc(text[s['start']:s['end']])}</span>"
        )
        pos = s["end"]
    body.append(esc(text[pos:]))
    counts = {k: sum(1 for s in spans if s["status"] == k) for k in ("approved", "candidate", "untranslated")}
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{_STYLE}</style>\n</head>\n<body>\n"
        f"<div class=\"text\">{''.join(body)}</div>\n"
        "<p class=\"legend\">"
        f"<span class=\"term approved\">approved</span> {counts['approved']} "
        f"<span class=\"term candidate\">candidate</span> {counts['candidate']} "
        f"<span class=\"term untranslated\">untranslated</span> {counts['untranslated']} "
        "&mdash; hover a term for its English.</p>\n</body>\n</html>\n"
    )
