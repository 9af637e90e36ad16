"""Shared fixture for the lookup/search/annotate/check tests (built through the Glossary API)."""
import hashlib
from types import SimpleNamespace

from glossary import Glossary
from glossary.extract import Extraction, Occurrence, Sentence, Term

TEXT = ("Het sociaal krediet is nieuw. Het sociale kredietsysteem meet kredietwaardigheid. "
        "Banken geven kredieten op basis van guanxi.")

def build(path):
    """A small glossary: 5 extracted terms with contexts, translations, one added name."""
    g = Glossary(path)
    doc = SimpleNamespace(sha256=hashlib.sha256(TEXT.encode()).hexdigest(), name="doc.txt", path="doc.txt",
                          format="txt", title="Doc", text=TEXT, words=len(TEXT.split()))
    doc_id, _ = g.add_document(doc)
    sents, pos = [], 0
    for s in TEXT.split(". "):
        s = s if s.endswith(".") else s + "."
        start = TEXT.index(s[:-1], pos)
        sents.append(Sentence(start, start + len(s), s)); pos = start + len(s)
    def occ(i, surface):
        st = sents[i].text.index(surface)
        return Occurrence(0, i, st, st + len(surface), surface)
    terms = [
        Term("sociaal krediet", "sociaal krediet", "sociaal krediet", "term", 9.0, 1, 1, ["sociale krediet"], [], [occ(0, "sociaal krediet")]),
        Term("sociaal kredietsysteem", "sociaal kredietsysteem", "sociaal kredietsysteem", "term", 8.0, 1, 1,
             ["sociale kredietsysteem", "sociale kredietsystemen"], ["krediet", "systeem"], [occ(1, "sociale kredietsysteem")]),
        Term("kredietwaardigheid", "kredietwaardigheid", "kredietwaardigheid", "term", 7.0, 1, 1, [], ["krediet", "waardigheid"], [occ(1, "kredietwaardigheid")]),
        Term("krediet", "krediet", "krediet", "term", 6.0, 1, 1, ["kredieten"], [], [occ(2, "kredieten")]),
        Term("guanxi", "guanxi", "guanxi", "loanword", 5.0, 1, 1, [], [], [occ(2, "guanxi")]),
    ]
    g.store_extraction([doc_id], Extraction([sents], terms))
    ids = {t.term: g.term_by_key(t.key)["id"] for t in terms}
    g.set_translation(ids["sociaal krediet"], "social credit")
    g.set_translation(ids["sociaal kredietsysteem"], "social credit system")
    g.add_translation(ids["kredietwaardigheid"], "credit rating", source="mt", score=0.7)
    g.set_translation(ids["kredietwaardigheid"], "creditworthiness")
    g.add_translation(ids["krediet"], "credit", source="mt", score=0.9)
    g.add_translation(ids["guanxi"], "guanxi", source="dictionary")
    sk = g.add_term("Sesame Credit", kind="name")
    g.set_translation(sk, "Sesame Credit")
    return g, ids


def run_cli(db, *args, stdin: str | None = None):
    """Run ``glossary --db DB ARGS`` in a subprocess: (exit code, stdout, stderr)."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(db), *args],
        input=stdin, capture_output=True, text=True, timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr


# ``fx`` (this glossary, once per module) lives in conftest.py; re-exported for old imports
from tests.conftest import fx  # noqa: E402,F401
