"""Hostile and broken documents (issue 8): every reader either returns a Document or raises
InputError (one line, naming the file) -- in bounded time and memory -- and a build that meets
them leaves an existing glossary byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import InputError
from glossary.ingest import MAX_TEXT_BYTES, read_document
from tests.conftest import CORPUS, ROOT
from tests.fixtures_docs import DUTCH, write_docx, write_pdf

SUFFIXES = [".txt", ".md", ".html", ".docx", ".pdf"]


def test_every_document_reader_is_fuzzed():
    """Each kind of document the build reads is fuzzed here; the suffixes left out are only
    other spellings of the plain-text and HTML readers (a new format must be added above)."""
    from glossary import ingest

    assert set(SUFFIXES) <= ingest.SUPPORTED
    assert ingest.SUPPORTED - set(SUFFIXES) <= ingest.TEXT_SUFFIXES | ingest.HTML_SUFFIXES
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def read_or_input_error(path: Path, seconds: float = 10.0):
    """read_document must return a Document or raise a one-line InputError naming the file."""
    started = time.perf_counter()
    try:
        doc = read_document(path)
    except InputError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(str(path)), message
        doc = None
    assert time.perf_counter() - started < seconds, f"{path.name} took too long"
    if doc is not None:
        assert doc.text.strip() and "\x00" not in doc.text
    return doc


def valid_bytes(suffix: str, tmp: Path) -> bytes:
    path = tmp / f"valid{suffix}"
    if suffix == ".docx":
        write_docx(path, [DUTCH, DUTCH])
    elif suffix == ".pdf":
        write_pdf(path, [DUTCH[:80], DUTCH[80:160]])
    elif suffix == ".html":
        path.write_text(f"<html><head><title>t</title></head><body><article><p>{DUTCH}</p>"
                        f"<p>{DUTCH}</p></article></body></html>", encoding="utf-8")
    else:
        path.write_text(f"# Titel\n\n{DUTCH}\n\n- *een* [link](http://x) **vet**\n", encoding="utf-8")
    return path.read_bytes()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_random_bytes(tmp_path, suffix):
    @FUZZ
    @given(st.binary(max_size=4096))
    def check(data):
        path = tmp_path / f"random{suffix}"
        path.write_bytes(data)
        read_or_input_error(path)

    check()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_truncated_and_corrupted_files(tmp_path, suffix):
    good = valid_bytes(suffix, tmp_path)
    assert read_or_input_error(tmp_path / f"valid{suffix}") is not None

    @FUZZ
    @given(st.integers(0, len(good)), st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)), max_size=8))
    def check(cut, flips):
        data = bytearray(good[:cut] if cut < len(good) else good)
        for pos, value in flips:
            if pos < len(data):
                data[pos] = value
        path = tmp_path / f"broken{suffix}"
        path.write_bytes(bytes(data))
        read_or_input_error(path)

    check()


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "mac_roman", "cp850"]


def test_wrong_and_mixed_encodings(tmp_path):
    dutch = st.sampled_from(["één", "geïnterpreteerd", "coördinatie", "privé", "zeeën", "café", "crème",
                             "kredietwaardigheid", "sociaal", "burger", "—", "€ 12,50", "‘citaat’"])

    @FUZZ
    @given(st.lists(st.tuples(st.lists(dutch, min_size=1, max_size=8), st.sampled_from(ENCODINGS)),
                    min_size=1, max_size=4))
    def check(parts):
        data = b"".join(" ".join(words).encode(enc, errors="replace") + b"\n" for words, enc in parts)
        path = tmp_path / "mixed.txt"
        path.write_bytes(data)
        doc = read_or_input_error(path)
        if len(parts) == 1 and parts[0][1] in ("utf-8", "utf-8-sig", "utf-16"):
            assert doc is not None and doc.text.split() == " ".join(parts[0][0]).split()

    check()


def test_huge_files_are_refused_quickly(tmp_path):
    for suffix in (".txt", ".md", ".html"):
        path = tmp_path / f"huge{suffix}"
        with open(path, "wb") as f:  # 100 MB, sparse: costs no disk and no time to make
            f.write(b"Het sociaal krediet. ")
            f.truncate(100_000_000)
        started = time.perf_counter()
        with pytest.raises(InputError, match="too much text for one document"):
            read_document(path)
        assert time.perf_counter() - started < 1
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as f:
        f.truncate(201 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        read_document(big)
    # just under the text limit is still read (bounded: ~13x the file size in memory)
    ok = tmp_path / "large.txt"
    ok.write_text((DUTCH + "\n") * ((MAX_TEXT_BYTES // 4) // (len(DUTCH) + 1)), encoding="utf-8")
    assert read_or_input_error(ok, seconds=30) is not None


PATHOLOGICAL_MARKDOWN = {
    "links": "[a" * 200_000,
    "images": "![a](" * 100_000,
    "italics": "*a *" * 100_000,
    "blank-lines": " \n" * 200_000 + "x",
    "rules": "-" + " \n" * 200_000,
    "trailing-blanks": "a" + " " * 1_000_000 + "b",
    "fences": "```\n" * 100_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_MARKDOWN))
def test_pathological_markdown_is_linear(tmp_path, name):
    """Regexes that backtracked quadratically once hung the build on such files."""
    path = tmp_path / f"{name}.md"
    path.write_text(PATHOLOGICAL_MARKDOWN[name], encoding="utf-8")
    read_or_input_error(path, seconds=5)


def _docx_with(document_xml: bytes, *, compress=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    template = io.BytesIO()
    import docx

    docx.Document().save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(buf, "w", compress) as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item.filename))
        out.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def test_deeply_nested_and_entity_bomb_docx(tmp_path):
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    nested = (f'<w:document {ns}><w:body>' + "<w:sdt><w:sdtContent>" * 50_000
              + "<w:p><w:r><w:t>diep</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * 50_000
              + "</w:body></w:document>").encode()
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i else "")) * 10}">' for i in range(1, 10))
              + f']><w:document {ns}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>').encode()
    for name, xml in (("nested", nested), ("laughs", laughs)):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(_docx_with(xml))
        doc = read_or_input_error(path, seconds=20)
        if doc is not None:
            assert len(doc.text) < 10_000  # entities were not expanded


def test_zip_bomb_docx(tmp_path):
    # sizes in the headers: 600 MiB of XML (written as a small file whose headers say so,
    # which is what a real 600 MiB-in-600 KiB bomb looks like before it is inflated)
    xml = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' + b" " * 4000
    data = _docx_with(xml).replace(struct.pack("<I", len(xml)), struct.pack("<I", 600 << 20))
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    with pytest.raises(InputError, match="zip bomb"):
        read_document(path)
    # lying sizes: the headers claim 2 KiB, the stream inflates to 20 MiB
    xml = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    xml += b"<w:p><w:r><w:t>bom</w:t></w:r></w:p>" * (20 * (1 << 20) // 36) + b"</w:body></w:document>"
    data = bytearray(_docx_with(xml))
    real = struct.pack("<I", len(xml) & 0xFFFFFFFF)
    fake = struct.pack("<I", 2048)
    assert data.count(real) >= 2
    data = data.replace(real, fake)
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    doc = read_or_input_error(path, seconds=30)
    assert doc is None or len(doc.text) < 10_000


def test_deeply_nested_html(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{DUTCH}</p>" + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    read_or_input_error(path, seconds=30)


def _db_state(db: Path) -> tuple:
    conn = sqlite3.connect(str(db))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dump = list(conn.iterdump())
    conn.close()
    files = tuple(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
                  for p in (db, Path(f"{db}-wal")))
    return dump, files


def test_build_on_hostile_files_leaves_the_glossary_unchanged(tmp_path):
    db = tmp_path / "g.db"
    build = [sys.executable, "-m", "glossary", "--db", str(db), "build", "--no-translate"]
    proc = subprocess.run([*build, str(CORPUS / "sociaal-krediet.txt")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    before = _db_state(db)
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "random.docx").write_bytes(bytes(range(256)) * 40)
    (hostile / "random.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    (hostile / "binary.txt").write_bytes(b"\x00\x01\x02" * 1000)
    (hostile / "empty.md").write_bytes(b"   \n")
    (hostile / "truncated.docx").write_bytes(valid_bytes(".docx", tmp_path)[:900])
    with open(hostile / "huge.txt", "wb") as f:
        f.truncate(100_000_000)
    (hostile / "bomb.docx").write_bytes(_docx_with(b"<w:document>" + b"<a>" * 100_000))
    proc = subprocess.run([*build, str(hostile)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 7 and all(line.startswith("glossary: ") for line in lines), proc.stderr
    assert "Traceback" not in proc.stderr
    assert _db_state(db) == before
