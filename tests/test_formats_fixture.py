"""A small glossary built through the public API, shared by the format/import/export tests
(no tests in here)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

from glossary.store import Glossary, simple_key

FORMULA_TERM = "=HYPERLINK(\"http://x\")"
FORMULA_EN = "@SUM(A1)"

TEXT = ("Het sociaal krediet groeit snel. Guanxi is belangrijk in China. "
        "Sesame Credit geeft scores aan burgers. De bank en Bank of China.")


def _sentences(text):
    out, start = [], 0
    for part in text.split(". "):
        part = part if part.endswith(".") else part + "."
        idx = text.index(part.rstrip("."), start)
        out.append(SimpleNamespace(start=idx, end=idx + len(part), text=part))
        start = idx + len(part)
    return out


def make_glossary(path: Path) -> Glossary:
    g = Glossary(path)
    doc = SimpleNamespace(sha256=hashlib.sha256(TEXT.encode()).hexdigest(), name="artikel een.txt",
                          path="/data/artikel een.txt", format="txt", title="Artikel", text=TEXT, words=20)
    doc_id, _ = g.add_document(doc)
    sentences = _sentences(TEXT)

    def term(text, kind, sentence, variants=(), key=None, score=1.0):
        s = sentences[sentence].text
        start = s.index(text)
        occ = SimpleNamespace(doc=0, sentence=sentence, start=start, end=start + len(text), surface=text)
        return SimpleNamespace(term=text, key=key or simple_key(text), lemma=text, kind=kind, score=score,
                               frequency=1, doc_count=1, variants=list(variants), parts=[], occurrences=[occ])

    extraction = SimpleNamespace(sentences=[sentences], terms=[
        term("sociaal krediet", "term", 0, variants=["sociale kredieten"], score=5.0),
        term("Guanxi", "loanword", 1, score=4.0),
        term("Sesame Credit", "name", 2, score=3.0),
        term("bank", "term", 3, score=2.0),
        term("Bank", "name", 3, key="bank of china", score=1.5),
    ])
    g.store_extraction([doc_id], extraction)
    ids = {row["term"]: row["id"] for row in g.conn.execute("SELECT id, term FROM terms")}
    sk = ids["sociaal krediet"]
    g.add_translation(sk, "social loan", source="mt", origin="opus-mt", score=0.4)
    g.add_translation(sk, "social credit", source="human", status="approved")
    gx = ids["Guanxi"]
    bad = g.add_translation(gx, "relationships", source="mt", origin="opus-mt", score=0.9)
    g.reject(bad)
    g.add_translation(gx, "connections", source="dictionary", origin="freedict", score=0.5)
    g.set_note(gx, "Chinese loanword; keep in italics")
    g.add_translation(ids["Sesame Credit"], "Sesame Credit", source="human", status="approved")
    g.add_translation(ids["bank"], "bank", source="human", status="approved")
    g.add_translation(ids["Bank"], "Bank", source="dictionary", origin="freedict")
    f = g.add_term(FORMULA_TERM, kind="term")
    g.add_translation(f, FORMULA_EN, source="human", status="approved")
    g.add_term("onvertaald begrip")
    g.add_sentence_translation(sentences[0].text, "Social credit is growing fast.", origin="mt")
    g.add_sentence_translation(sentences[1].text, "Guanxi matters in China.", origin="mt")
    return g


def content(entries):
    """What a round trip must keep: term, kind, variants, note, translations (text, status)."""
    return [(e.term, e.kind, sorted(e.variants), e.note or None, [(t.text, t.status) for t in e.translations])
            for e in entries]
