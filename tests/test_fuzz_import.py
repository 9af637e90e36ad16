"""Hostile and broken exchange files (issue 8): every importer returns entries or raises
InputError, and `glossary import` of a bad file exits non-zero with one line and leaves the
glossary byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary import formats
from glossary.errors import GlossaryError
from glossary.store import Glossary
from tests.conftest import ROOT

FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SUFFIX = {"tbx": ".tbx", "tsv": ".tsv", "csv": ".csv", "po": ".po", "json": ".json", "jsonl": ".jsonl",
          "xlsx": ".xlsx"}
IMPORTS = list(formats.IMPORT_FORMATS)


def test_every_import_format_is_fuzzed():
    """A new import format must get a suffix here (and so fuzzing), not be left out silently."""
    assert set(IMPORTS) <= set(SUFFIX), sorted(set(IMPORTS) - set(SUFFIX))
    assert {"tbx", "xlsx", "csv", "po", "json"} <= set(IMPORTS)


def read_or_input_error(data: bytes, fmt: str, seconds: float = 10.0):
    started = time.perf_counter()
    try:
        entries = formats.read(data, fmt, f"fuzz{SUFFIX[fmt]}")
    except GlossaryError as exc:
        assert "\n" not in str(exc), str(exc)
        entries = None
    assert time.perf_counter() - started < seconds
    return entries


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A valid file of every importable format, exported from a small glossary."""
    tmp = tmp_path_factory.mktemp("exports")
    out = {}
    with Glossary(tmp / "src.db") as g:
        for n, (nl, en) in enumerate([("sociaal krediet", "social credit"), ("kredietwaardigheid", "creditworthiness"),
                                      ("burgerscore", "citizen score"), ("privé", "private")]):
            term = g.add_term(nl)
            g.set_translation(term, en)
            g.set_note(term, f"note {n}; \"quoted\", tab\there")
        for fmt in IMPORTS:
            buf = io.BytesIO()
            formats.export(g, buf, fmt)
            out[fmt] = buf.getvalue()
    return out


@pytest.mark.parametrize("fmt", IMPORTS)
def test_random_bytes(fmt):
    @FUZZ
    @given(st.binary(max_size=2048))
    def check(data):
        read_or_input_error(data, fmt)

    check()


def test_malformed_xml_error_is_one_line():
    with pytest.raises(GlossaryError) as info:
        formats.read(b"<\x00", "tbx", "probe.tbx")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("probe.tbx:")


@pytest.mark.parametrize("fmt", IMPORTS)
def test_truncated_and_corrupted(fmt, exported):
    good = exported[fmt]
    assert read_or_input_error(good, fmt), f"the {fmt} export does not import"

    @FUZZ
    @given(st.integers(0, len(good)), st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)), max_size=6))
    def check(cut, flips):
        data = bytearray(good[:cut])
        for pos, value in flips:
            if pos < len(data):
                data[pos] = value
        read_or_input_error(bytes(data), fmt)

    check()


XML_BOMBS = {
    "nested": b"<martif>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</martif>",
    "laughs": (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
               + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10) for i in range(1, 10))
               + b']><martif type="TBX"><text><body><termEntry><langSet xml:lang="nl"><tig><term>&a9;</term></tig>'
               + b"</langSet></termEntry></body></text></martif>"),
    "external": (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 b'<martif type="TBX"><text><body><termEntry><langSet xml:lang="nl"><tig><term>&x;</term></tig>'
                 b"</langSet></termEntry></body></text></martif>"),
}


@pytest.mark.parametrize("name", sorted(XML_BOMBS))
def test_hostile_tbx(name):
    entries = read_or_input_error(XML_BOMBS[name], "tbx")
    text = repr(entries)
    assert "root:" not in text and len(text) < 100_000


def test_formula_like_spreadsheet_cells_stay_text(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nl", "en"])
    formulas = ['=HYPERLINK("http://evil.example","klik")', "=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "=cmd|' /C calc'!A0"]
    for n, cell in enumerate(formulas):
        sheet.append([f"term {n}", cell])
    buf = io.BytesIO()
    book.save(buf)
    entries = read_or_input_error(buf.getvalue(), "xlsx")
    # a formula is kept as its literal text or dropped, never evaluated: no "2" for "=1+1"
    texts = {e.term: [t.text for t in e.translations] for e in entries or []}
    for n, cell in enumerate(formulas):
        assert texts.get(f"term {n}", []) in ([], [cell]), texts


def _db_state(db: Path) -> tuple:
    conn = sqlite3.connect(str(db))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dump = list(conn.iterdump())
    conn.close()
    return dump, tuple(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
                       for p in (db, Path(f"{db}-wal")))


def test_cli_import_of_bad_files_changes_nothing(tmp_path, exported):
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        term = g.add_term("bestaand")
        g.set_translation(term, "existing")
    before = _db_state(db)
    bad = {
        "random.tbx": bytes(range(256)) * 8,
        "nested.tbx": XML_BOMBS["nested"],
        "truncated.xlsx": exported.get("xlsx", b"PK")[:300],
        "binary.csv": b"\x00\xff" * 500,
        "broken.json": b'{"terms": [',
        "broken.po": b'msgid "a\nmsgstr',
    }
    assert all(Path(name).suffix[1:] in IMPORTS for name in bad)  # none dropped
    for name, data in bad.items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "import", str(path)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert "Traceback" not in proc.stderr, proc.stderr
        if proc.returncode != 0:
            assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
            assert _db_state(db) == before, f"a failed import of {name} changed the glossary"
        else:  # read as a (possibly empty) glossary: allowed, but then it must not have hurt anything
            with Glossary(db) as g:
                assert g.translations(g.term_by_key("bestaand")["id"])[0]["status"] == "approved"
            before = _db_state(db)


@pytest.mark.parametrize("fmt", ["tsv", "tbx", "xlsx"])
def test_100_mb_import_is_refused_before_reading(tmp_path, fmt):
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        g.add_term("bestaand")
    before = _db_state(db)
    path = tmp_path / f"huge.{fmt}"
    with open(path, "wb") as f:  # sparse: 100 MB on paper, nothing on disk
        f.write(b"a\tb\n")
        f.truncate(100_000_000)
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "import", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "larger than the import limit" in proc.stderr
    assert _db_state(db) == before


def test_failed_import_into_a_new_path_creates_no_glossary(tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_bytes(b"<martif><text><body><termEntry>")
    db = tmp_path / "new.db"
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "import", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1 and "malformed XML" in proc.stderr
    assert not db.exists()
