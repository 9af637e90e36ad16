"""glossary approve / reject: settle translations from the shell, through the library (history,
undo), never deleting anything."""

import json

import pytest

from glossary import Glossary
from glossary.cli import main


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "g.db"
    with Glossary(path) as g:
        term = g.add_term("kredietwaardigheid")
        g.add_translation(term, "ability", source="dictionary", score=0.8)
        g.add_translation(term, "credit dignity", source="dictionary", score=0.45)
        g.add_term("guanxi", kind="loanword")
    return path


def translations(path, term="kredietwaardigheid"):
    with Glossary(path) as g:
        return {r["text"]: (r["source"], r["status"]) for r in g.translations(g.term_by_key(term)["id"])}


def test_approve_best_candidate_then_a_typed_one(db, capsys):
    assert main(["--db", str(db), "approve", "kredietwaardigheid"]) == 0
    assert "approved: kredietwaardigheid -> ability" in capsys.readouterr().out
    assert translations(db)["ability"] == ("dictionary", "approved")
    # a text that is no candidate becomes the translator's own; the old approval is a candidate again
    assert main(["--db", str(db), "approve", "Kredietwaardigheid", "creditworthiness", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["translations"][0] == {"text": "creditworthiness", "source": "human", "status": "approved",
                                      "score": None, "origin": None}
    assert translations(db) == {"creditworthiness": ("human", "approved"),
                                "ability": ("dictionary", "candidate"),
                                "credit dignity": ("dictionary", "candidate")}
    # approving a candidate by its text (case-insensitive)
    assert main(["--db", str(db), "approve", "kredietwaardigheid", "Credit  Dignity"]) == 0
    assert translations(db)["credit dignity"] == ("dictionary", "approved")
    with Glossary(db) as g:
        actions = [h["action"] for h in g.history(limit=10)]
        assert actions[:3] == ["approve", "add", "approve"]
        g.undo()
    assert translations(db)["creditworthiness"] == ("human", "approved")


def test_reject_keeps_the_row(db, capsys):
    assert main(["--db", str(db), "reject", "kredietwaardigheid", "ability"]) == 0
    assert translations(db)["ability"] == ("dictionary", "rejected")
    # the best candidate is now the next one
    assert main(["--db", str(db), "approve", "kredietwaardigheid"]) == 0
    assert translations(db)["credit dignity"] == ("dictionary", "approved")
    assert len(translations(db)) == 2


def test_errors_are_one_line_and_change_nothing(db, capsys):
    before = translations(db)
    assert main(["--db", str(db), "approve", "onbekend"]) == 1
    assert main(["--db", str(db), "approve", "guanxi"]) == 1  # no candidate to approve
    assert main(["--db", str(db), "reject", "kredietwaardigheid", "credit"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("glossary: error: ") for line in err)
    assert "not found: onbekend" in err[0] and "no candidate" in err[1] and "'ability'" in err[2]
    assert translations(db) == before
    assert main(["--db", str(db.parent / "missing.db"), "approve", "x"]) == 1
    assert not (db.parent / "missing.db").exists()
