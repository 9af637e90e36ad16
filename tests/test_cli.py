"""The CLI contract of the spine: build, extract, lookup, stats, terms, exit codes."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.conftest import CORPUS
from tests.fixtures_docs import HTML_PAGE, write_docx


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One glossary built from the sample corpus, shared by the read-only tests here."""
    import os
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("built")
    db = tmp / "corpus.db"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp / "no-models")}
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "build", str(CORPUS), "--no-translate"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return db, proc


def test_build_summary(built):
    db, proc = built
    assert "documents:  4 (4 added, 0 unchanged)" in proc.stdout
    assert "translation: skipped (--no-translate)" in proc.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM terms").fetchone()[0] > 50


def test_lookup_json_contract(built, glossary_cli):
    db, _ = built
    proc = glossary_cli("--db", db, "lookup", "sociaal krediet", "kredietwaardigheid", "guanxi", "--json")
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["query"] for r in records] == ["sociaal krediet", "kredietwaardigheid", "guanxi"]
    for r in records:
        for key in ("term", "lemma", "kind", "frequency", "documents", "translations", "contexts"):
            assert key in r
        assert r["frequency"] >= 1 and r["documents"]
        assert r["contexts"] and all({"text", "document"} <= set(c) for c in r["contexts"])
        # start/end are the term's offsets in the sentence: the span is the term or one of its variants
        forms = {f.casefold() for f in [r["term"], *r["variants"]]}
        for c in r["contexts"]:
            assert 0 <= c["start"] < c["end"] <= len(c["text"]), c
            assert " ".join(c["text"][c["start"]:c["end"]].casefold().split()) in forms, (r["term"], c)


def test_lookup_exit_codes(built, glossary_cli):
    db, _ = built
    some_missing = glossary_cli("--db", db, "lookup", "guanxi", "xyzzyplughterm")
    assert some_missing.returncode == 1
    assert "not found: xyzzyplughterm" in some_missing.stderr
    assert glossary_cli("--db", db, "lookup").returncode == 2  # usage error
    stdin = glossary_cli("--db", db, "lookup", "-", "--json", input="guanxi\nkredietwaardigheid\n")
    assert stdin.returncode == 0
    assert [r["term"] for r in json.loads(stdin.stdout)] == ["guanxi", "kredietwaardigheid"]


def test_lookup_on_missing_database_is_clear(tmp_path, glossary_cli):
    proc = glossary_cli("--db", tmp_path / "none.db", "lookup", "guanxi")
    assert proc.returncode == 1
    assert "no glossary at" in proc.stderr
    assert not (tmp_path / "none.db").exists()


def test_stats_json_and_env_var(built, glossary_cli):
    db, _ = built
    proc = glossary_cli("stats", "--json", env={"GLOSSARY_DB": str(db)})
    stats = json.loads(proc.stdout)
    assert stats["db_path"] == str(db)
    assert stats["documents"] == 4 and stats["terms"] > 50 and stats["translated"] == 0
    human = glossary_cli("--db", db, "stats")
    assert str(db) in human.stdout


def test_terms_listing(built, glossary_cli):
    db, _ = built
    proc = glossary_cli("--db", db, "terms", "--limit", "5", "--json")
    rows = json.loads(proc.stdout)
    assert len(rows) == 5
    assert rows == sorted(rows, key=lambda r: -r["score"])
    assert all(r["status"] == "untranslated" for r in rows)
    by_freq = json.loads(glossary_cli("--db", db, "terms", "--kind", "term", "--sort", "frequency", "--json").stdout)
    assert len(by_freq) > 5 and {r["kind"] for r in by_freq} == {"term"}
    assert [r["frequency"] for r in by_freq] == sorted((r["frequency"] for r in by_freq), reverse=True)
    alpha = json.loads(glossary_cli("--db", db, "terms", "--sort", "term", "--json").stdout)
    assert [r["term"].casefold() for r in alpha] == sorted(r["term"].casefold() for r in alpha)


def test_extract_formats_write_nothing(tmp_path, glossary_cli):
    db = tmp_path / "untouched.db"
    lines = glossary_cli("--db", db, "extract", CORPUS, "--limit", "10")
    assert lines.returncode == 0, lines.stderr
    assert len(lines.stdout.splitlines()) == 10
    tsv = glossary_cli("--db", db, "extract", CORPUS, "--format", "tsv", "--limit", "3")
    header, *rows = tsv.stdout.splitlines()
    assert header.split("\t")[:3] == ["term", "score", "kind"] and len(rows) == 3
    js = json.loads(glossary_cli("--db", db, "extract", CORPUS, "--format", "json").stdout)
    assert len(js) > 10 and {"term", "score", "kind", "frequency", "variants"} <= set(js[0])
    assert [t["term"] for t in js[:10]] == lines.stdout.splitlines()
    assert not db.exists()


def test_rebuild_is_idempotent_and_bad_files_are_reported(tmp_path, glossary_cli):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    db = tmp_path / "g.db"
    first = glossary_cli("--db", db, "build", docs, "--no-translate", "--json")
    assert first.returncode == 0, first.stderr
    dump1 = "\n".join(sqlite3.connect(db).iterdump())
    again = glossary_cli("--db", db, "build", docs, "--no-translate", "--json")
    summary = json.loads(again.stdout)
    assert summary["added"] == 0 and summary["unchanged"] == 4 and summary["extracted"] is False
    assert "\n".join(sqlite3.connect(db).iterdump()) == dump1
    # now add a good document in another format and some bad ones
    write_docx(docs / "extra.docx", ["Gezichtsherkenning en camerabewaking zijn vormen van massasurveillance."])
    (docs / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "noise.txt").write_bytes(bytes(range(256)) * 10)
    proc = glossary_cli("--db", db, "build", docs, tmp_path / "missing.pdf", "--no-translate", "--json")
    assert proc.returncode == 1
    summary = json.loads(proc.stdout)
    assert summary["added"] == 2 and summary["unchanged"] == 4 and len(summary["failed"]) == 3
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 3
    assert any("empty.txt" in e for e in errors) and any("noise.txt" in e for e in errors)
    assert any("missing.pdf" in e for e in errors)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 6


def test_help_teaches(glossary_cli):
    proc = glossary_cli("--help")
    assert proc.returncode == 0
    for command in ("build", "extract", "lookup", "stats", "tui", "terms"):
        assert command in proc.stdout
    build = glossary_cli("build", "--help")
    assert "examples:" in build.stdout
