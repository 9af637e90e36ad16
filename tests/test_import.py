"""Import merge rules: matching, conflicts, dry run, all-or-nothing, idempotence, undo, CLI."""

from __future__ import annotations

import json

import pytest

from glossary import formats
from glossary.cli import main
from glossary.errors import InputError
from glossary.formats.model import collect
from glossary.store import Glossary
from tests.test_formats_fixture import make_glossary


@pytest.fixture
def g(tmp_path):
    glossary = make_glossary(tmp_path / "g.db")
    yield glossary
    glossary.close()


def english(g, term):
    e = next(e for e in collect(g) if e.term == term)
    return [(t.text, t.status, t.source) for t in e.translations]


def snapshot(g):
    c = g.conn
    return [list(map(tuple, c.execute(f"SELECT * FROM {t} ORDER BY id"))) for t in
            ("terms", "translations", "variants", "history")]


def test_conflict_reported_nothing_overwritten(g, tmp_path):
    path = tmp_path / "colleague.tsv"
    path.write_text("sociaal krediet\tsocial scoring\t\nGuanxi\tguanxi\t\n", encoding="utf-8")
    report = formats.import_file(g, path)
    assert [(c.term, c.glossary, c.file) for c in report.conflicts] == [
        ("sociaal krediet", "social credit", "social scoring")]
    assert english(g, "sociaal krediet")[0] == ("social credit", "approved", "human")
    assert ("social scoring", "candidate", "import") in english(g, "sociaal krediet")
    # no approved English yet for Guanxi: the file's becomes approved, source import, origin file name
    assert english(g, "Guanxi")[0] == ("guanxi", "approved", "import")
    row = g.conn.execute("SELECT origin FROM translations WHERE text='guanxi'").fetchone()
    assert row[0] == "colleague.tsv"
    before = snapshot(g)
    again = formats.import_file(g, path)
    assert not again.changed and len(again.conflicts) == 1
    assert snapshot(g) == before  # idempotent: not even a history row


def test_rejected_text_is_not_approved_by_an_import(g, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("term,english,status\nguanxi,relationships,approved\n", encoding="utf-8")
    report = formats.import_file(g, path)
    assert report.conflicts and report.conflicts[0].reason == "rejected"
    assert ("relationships", "rejected", "mt") in english(g, "Guanxi")


def test_match_by_variant_and_case(g, tmp_path):
    path = tmp_path / "v.tsv"
    path.write_text("sociale kredieten\tsocial credits\t\nSOCIAAL  KREDIET\tsocial credit\t\n", encoding="utf-8")
    report = formats.import_file(g, path)
    assert report.terms_added == 0 and report.terms_matched == 2  # both lines name the same term
    assert len(collect(g)) == 7
    assert ("social credits", "candidate", "import") in english(g, "sociaal krediet")


def test_dry_run_changes_nothing(g, tmp_path):
    path = tmp_path / "new.json"
    path.write_text(json.dumps([{"term": "burgerscore", "kind": "term", "note": "new",
                                 "translations": [{"text": "citizen score", "status": "approved"}]}]))
    before = snapshot(g)
    report = formats.import_file(g, path, dry_run=True)
    assert report.terms_added == 1 and report.approved == 1
    assert "+ term 'burgerscore' (term)" in report.changes
    assert snapshot(g) == before


def test_one_transaction_all_or_nothing(g, tmp_path, monkeypatch):
    path = tmp_path / "new.tsv"
    path.write_text("burgerscore\tcitizen score\t\nGuanxi\tguanxi\t\n", encoding="utf-8")
    before = snapshot(g)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(g, "_history", boom)
    with pytest.raises(RuntimeError):
        formats.import_file(g, path)
    assert snapshot(g) == before


def test_bad_row_imports_nothing(g, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("term,english,kind\nburgerscore,citizen score,term\nx,y,verb\n", encoding="utf-8")
    before = snapshot(g)
    with pytest.raises(InputError, match=r"^bad.csv:3: unknown kind 'verb'"):
        formats.import_file(g, path)
    assert snapshot(g) == before


def test_import_is_one_undoable_history_entry(g, tmp_path):
    path = tmp_path / "more.tsv"
    path.write_text("burgerscore\tcitizen score\tnew term\nGuanxi\tguanxi\t\nbank\tbank\t\n", encoding="utf-8")
    before = snapshot(g)[:3]
    report = formats.import_file(g, path)
    assert report.terms_added == 1 and report.translations_added == 2
    assert report.notes_set == 1  # the new term's note counts
    row = g.history(limit=1)[0]
    assert row["action"] == "import" and row["actor"] == g.actor and row["origin"] == "more.tsv"
    undone = g.undo()
    assert undone["id"] == report.history_id and undone["description"] == "import of more.tsv"
    assert snapshot(g)[:3] == before


def test_note_filled_only_when_empty(g, tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("term,note\nguanxi,other note\nsesame credit,a company score\n", encoding="utf-8")
    report = formats.import_file(g, path)
    assert report.notes_set == 1
    notes = {e.term: e.note for e in collect(g)}
    assert notes["Guanxi"] == "Chinese loanword; keep in italics"
    assert notes["Sesame Credit"] == "a company score"


def test_candidate_then_approved_in_one_file(tmp_path):
    path = tmp_path / "twice.jsonl"
    path.write_text('{"term": "krediet", "translations": [{"text": "credit", "status": "candidate"}]}\n'
                    '{"term": "Krediet", "translations": [{"text": "credit", "status": "approved"}]}\n')
    with Glossary(tmp_path / "e.db") as g:
        report = formats.import_file(g, path)
        assert report.terms_added == 1
        assert english(g, "krediet") == [("credit", "approved", "import")]


def test_formula_apostrophe_stripped_on_import(tmp_path):
    path = tmp_path / "f.tsv"
    path.write_text("'=1+1\t'@x\t\n'quoted\t'-y\t\n", encoding="utf-8")
    with Glossary(tmp_path / "e.db") as g:
        formats.import_file(g, path)
        got = {e.term: e.translations[0].text for e in collect(g)}
        assert got == {"=1+1": "@x", "'quoted": "-y"}


def test_many_rows_bulk(tmp_path):
    lines = "".join(f"term{i}\tenglish {i}\t\n" for i in range(5000))
    path = tmp_path / "big.tsv"
    path.write_text(lines, encoding="utf-8")
    with Glossary(tmp_path / "b.db") as g:
        report = formats.import_file(g, path)
        assert report.terms_added == 5000 and report.approved == 5000
        assert g.conn.execute("SELECT count(*) FROM translations WHERE status='approved'").fetchone()[0] == 5000
        assert len(g.history(limit=10)) == 1
        assert not formats.import_file(g, path).changed


# -- CLI ----------------------------------------------------------------------------------------

def test_cli_export_import(g, tmp_path, capsys):
    db = str(g.path)
    out = tmp_path / "approved.tbx"
    assert main(["--db", db, "export", "--output", str(out), "--status", "approved"]) == 0
    assert out.read_bytes().count(b"<conceptEntry") == 4
    assert main(["--db", db, "export", "--format", "json", "--output", "-", "--kind", "name"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["term"] for r in records} == {"Sesame Credit", "Bank"}
    assert main(["--db", db, "export", "-f", "csv", "-o", "-", "--document", "artikel een.txt"]) == 0
    assert capsys.readouterr().out.count("\n") == 6  # header + 5 terms from the document
    new_db = str(tmp_path / "new.db")
    assert main(["--db", new_db, "import", str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "+ approved 'sociaal krediet' -> 'social credit'" in printed and "nothing was changed" in printed
    assert main(["--db", new_db, "import", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["terms_added"] == 4


def test_cli_errors_are_one_line(g, tmp_path, capsys):
    db = str(g.path)
    assert main(["--db", db, "export", "--output", str(tmp_path / "x.doc")]) == 1
    assert "give --format" in capsys.readouterr().err
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><text>")
    assert main(["--db", db, "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("glossary: error: bad.tbx:1:") and err.count("\n") == 1
    assert main(["--db", db, "export", "-f", "tsv", "-o", "-", "--document", "nope"]) == 1
    assert main(["--db", db, "import", str(tmp_path / "x.tmx")]) == 1
    assert main(["--db", db, "import", str(tmp_path / "missing.tsv")]) == 1


def test_later_import_approves_an_earlier_import_candidate_and_undo(g, tmp_path):
    first = tmp_path / "a.tsv"
    first.write_text("bank\tbank\t\nonvertaald begrip\tuntranslated notion\t[candidate] eerste\n", encoding="utf-8")
    formats.import_file(g, first)
    assert english(g, "onvertaald begrip") == [("untranslated notion", "candidate", "import")]
    before = snapshot(g)[:3]
    second = tmp_path / "b.tsv"
    second.write_text("onvertaald begrip\tuntranslated notion\t\n", encoding="utf-8")
    report = formats.import_file(g, second)
    assert report.approved == 1 and report.translations_added == 0
    assert english(g, "onvertaald begrip") == [("untranslated notion", "approved", "import")]
    g.undo()
    assert snapshot(g)[:3] == before


def test_xlsx_zip_bomb_refused_before_unpacking(g, tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 2**20))  # 40 MiB of zeros, ~40 KiB packed
    before = snapshot(g)
    with pytest.raises(InputError, match="refused: the workbook would unpack"):
        formats.import_file(g, path)
    assert snapshot(g) == before


def test_import_size_limit(g, tmp_path, monkeypatch):
    path = tmp_path / "big.tsv"
    path.write_text("sociaal krediet\tsocial credit\t\n" * 100, encoding="utf-8")
    monkeypatch.setattr(formats, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(InputError, match="larger than the import limit"):
        formats.import_file(g, path)


def test_empty_tbx_export_refused_other_formats_empty(tmp_path, capsys):
    db = tmp_path / "empty.db"
    Glossary(db).close()
    assert main(["--db", str(db), "export", "-f", "tbx", "-o", str(tmp_path / "e.tbx")]) == 1
    assert not (tmp_path / "e.tbx").exists()
    assert "nothing to export" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "-f", "json", "-o", str(tmp_path / "e.json")]) == 0
    assert json.loads((tmp_path / "e.json").read_text()) == []
    assert "no term matches" in capsys.readouterr().err


def test_tmx_export_without_translated_contexts_says_so(tmp_path, capsys):
    db = tmp_path / "terms.db"
    with Glossary(db) as g:
        g.add_term("sociaal krediet")
    assert main(["--db", str(db), "export", "-o", str(tmp_path / "c.tmx")]) == 0
    err = capsys.readouterr().err
    assert "no context sentence has an English translation" in err
    assert "exported 0 sentence pairs from 1 terms" in err
