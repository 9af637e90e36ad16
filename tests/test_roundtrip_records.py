"""Round trips through every exchange format, judged against the ORIGINAL glossary.

``glossary export`` a glossary, ``glossary import`` the file into an empty glossary, and compare
the new glossary's records (terms, kinds, English, statuses, notes, variants: what each format
carries) with the original glossary's records, not a second read of the file with a first.
Where the current code loses what a format carries (issue 15) the test is an ``xfail(strict)``:
it turns into a failure the day the loss is fixed, and the lead then removes the mark.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.store import Glossary
from tests.test_formats_fixture import make_glossary

IMPORTABLE = ["json", "jsonl", "tsv", "csv", "tbx", "po", "xlsx"]


def records(glossary_cli, db: Path) -> dict[tuple[str, str], dict]:
    """The glossary's records (the ``lookup --json`` schema) by (term, kind), read through the CLI."""
    proc = glossary_cli("--db", db, "export", "-f", "json", "-o", "-", "--contexts", "50")
    assert proc.returncode == 0, proc.stderr
    return {(r["term"], r["kind"]): r for r in json.loads(proc.stdout)}


def chosen(record: dict) -> tuple[str, str] | None:
    """The English a one-translation-per-row format writes: the approved one, else the best
    non-rejected candidate (the record lists translations best first)."""
    for t in record["translations"]:
        if t["status"] != "rejected":
            return t["text"], t["status"]
    return None


def carried(fmt: str, record: dict) -> tuple:
    """What ``fmt`` must carry of a record."""
    variants = tuple(sorted(record["variants"]))
    note = record["note"] or None
    if fmt in ("json", "jsonl", "tbx"):  # everything a glossary decides
        translations = tuple(sorted((t["text"], t["status"]) for t in record["translations"]))
        return record["term"], record["kind"], variants, note, record["approved"], translations
    if fmt in ("csv", "xlsx"):  # one English per row, with its status, kind, variants, note
        return record["term"], record["kind"], variants, note, chosen(record)
    if fmt == "tsv":  # OmegaT: term, English, comment (status tag + note)
        return record["term"], note, chosen(record)
    if fmt == "po":  # msgid, msgstr = the approved English, the note as a comment
        return record["term"], note, record["approved"]
    raise AssertionError(fmt)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    path = tmp_path_factory.mktemp("orig") / "orig.db"
    make_glossary(path).close()
    return path


def _export_import(glossary_cli, original: Path, tmp: Path, fmt: str, *extra) -> Path:
    out = tmp / f"export.{fmt}"
    proc = glossary_cli("--db", original, "export", "-f", fmt, "-o", out, *extra)
    assert proc.returncode == 0, proc.stderr
    fresh = tmp / f"fresh-{fmt}.db"
    proc = glossary_cli("--db", fresh, "import", "-f", fmt, out)
    assert proc.returncode == 0, proc.stderr
    return fresh


@pytest.mark.parametrize("fmt", IMPORTABLE)
def test_reimported_records_equal_the_original(glossary_cli, original, tmp_path, fmt):
    # TSV has no kind column: the term "bank" and the name "Bank" would be one row there
    extra = ("--kind", "term") if fmt == "tsv" else ()
    fresh = _export_import(glossary_cli, original, tmp_path, fmt, *extra)
    full = records(glossary_cli, original)
    # the fixture has what the comparison needs to mean something
    assert any(r["variants"] for r in full.values()) and any(r["note"] for r in full.values())
    assert any(t["status"] == "rejected" for r in full.values() for t in r["translations"])
    before = {k: r for k, r in full.items() if fmt != "tsv" or r["kind"] == "term"}
    after = records(glossary_cli, fresh)
    want = sorted(carried(fmt, r) for r in before.values())
    got = sorted(carried(fmt, r) for r in after.values())
    assert got == want


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_variants_column_is_read(glossary_cli, tmp_path, fmt):
    """A colleague's sheet (not our export): the variants column makes the variants findable."""
    rows = [["term", "english", "status", "variants"],
            ["schandpaal", "pillory", "approved", "schandpalen | schandpaaltje"]]
    path = tmp_path / f"sheet.{fmt}"
    if fmt == "csv":
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    db = tmp_path / "g.db"
    proc = glossary_cli("--db", db, "import", path)
    assert proc.returncode == 0, proc.stderr
    found = glossary_cli("--db", db, "lookup", "schandpaaltje", "--json")
    assert found.returncode == 0, found.stdout + found.stderr
    [record] = json.loads(found.stdout)
    assert (record["match"], record["term"], record["approved"]) == ("variant", "schandpaal", "pillory")
    assert sorted(record["variants"]) == ["schandpaaltje", "schandpalen"]


# -- what the formats carry but the current import drops (issue 15) --------------------------------

ISSUE_15_CONTEXTS = pytest.mark.xfail(
    strict=True, reason="issue 15: import drops the contexts, documents and frequency the file carries")


@pytest.mark.parametrize("fmt", [pytest.param(f, marks=ISSUE_15_CONTEXTS) for f in ("json", "jsonl", "tbx", "xlsx")])
def test_reimport_restores_contexts_documents_and_frequency(glossary_cli, original, tmp_path, fmt):
    fresh = _export_import(glossary_cli, original, tmp_path, fmt, "--contexts", "50")
    before, after = records(glossary_cli, original), records(glossary_cli, fresh)
    for key, record in before.items():
        if not record["contexts"]:
            continue
        assert [c["text"] for c in after[key]["contexts"]] == [c["text"] for c in record["contexts"]], key
        assert after[key]["documents"] == record["documents"], key
        assert after[key]["frequency"] == record["frequency"], key


ISSUE_15_APPROVALS = pytest.mark.xfail(
    strict=True, reason="issue 15: an approval in the file does not approve the same English already "
                        "present as a candidate")


def _candidates_glossary(path: Path, approve: bool) -> None:
    """The same terms, the same English as machine candidates; approved in one glossary only."""
    with Glossary(path) as g:
        for nl, en in (("kredietwaardigheid", "creditworthiness"), ("burgerscore", "citizen score"),
                       ("sociaal krediet", "social credit")):
            term = g.add_term(nl)
            tid = g.add_translation(term, en, source="mt", origin="model", score=0.5)
            if approve:
                g.approve(tid)


@pytest.mark.parametrize("fmt", [pytest.param(f, marks=ISSUE_15_APPROVALS) for f in IMPORTABLE])
def test_approvals_carry_into_a_glossary_with_the_same_candidates(glossary_cli, tmp_path, fmt):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _candidates_glossary(a, approve=True)
    _candidates_glossary(b, approve=False)
    out = tmp_path / f"a.{fmt}"
    assert glossary_cli("--db", a, "export", "-f", fmt, "-o", out).returncode == 0
    proc = glossary_cli("--db", b, "import", "-f", fmt, out)
    assert proc.returncode == 0, proc.stderr
    approved = {r["term"]: r["approved"] for r in records(glossary_cli, b).values()}
    assert approved == {"kredietwaardigheid": "creditworthiness", "burgerscore": "citizen score",
                        "sociaal krediet": "social credit"}


@pytest.mark.xfail(strict=True, reason="issue 15: align refuses the project's own TMX export (its DOCTYPE "
                                       "line is taken for an inline DTD)")
def test_tmx_export_pairs_are_the_glossarys_context_translations(glossary_cli, original, tmp_path):
    """TMX is not imported as a glossary; `glossary align` reads it as a memory, and what it
    reads must be the original's (context, sentence translation) pairs."""
    from glossary.translate.align import read_bilingual

    out = tmp_path / "g.tmx"
    assert glossary_cli("--db", original, "export", "-o", out).returncode == 0
    want = {(c["text"], c["translation"]) for r in records(glossary_cli, original).values()
            for c in r["contexts"] if c["translation"]}
    assert want and set(read_bilingual(out)) == want
