"""Document ingestion: each format, encodings, bad input."""

from __future__ import annotations

import pytest

from glossary.errors import InputError
from glossary.ingest import iter_paths, read_document
from tests.fixtures_docs import DUTCH, HTML_PAGE, write_docx, write_pdf


def test_txt_utf8(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Titel van het stuk\n\n" + DUTCH, encoding="utf-8")
    doc = read_document(p)
    assert doc.title == "Titel van het stuk"
    assert "kredietwaardigheid" in doc.text
    assert doc.format == "txt"
    assert doc.words == len(doc.text.split())


def test_txt_latin1_and_utf16_are_detected(tmp_path):
    text = "Privacy en gezichtsherkenning: één café, geïnteresseerde burgers en financiële kredietwaardigheid. " * 5
    latin = tmp_path / "latin.txt"
    latin.write_bytes(text.encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))
    for path in (latin, utf16):
        doc = read_document(path)
        assert "één café" in doc.text
        assert "financiële" in doc.text


def test_same_text_same_hash_whatever_the_encoding(tmp_path):
    text = "Één financiële kredietwaardigheid.\n"
    a = tmp_path / "a.txt"
    a.write_text(text, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_bytes(text.encode("utf-8-sig"))
    assert read_document(a).sha256 == read_document(b).sha256


def test_markdown_markup_removed(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Kopje\n\nEen **vet** woord en een [link](http://x.nl).\n\n- punt een\n- punt twee\n")
    doc = read_document(p)
    assert "**" not in doc.text and "](" not in doc.text and "#" not in doc.text
    assert "Een vet woord en een link." in doc.text
    assert doc.title == "Kopje"


def test_html_main_text_only(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    doc = read_document(p)
    assert "sociaal kredietsysteem" in doc.text
    assert "burgerscore" in doc.text
    for junk in ("Nieuwsoverzicht menu", "Geef een reactie", "Plaats reactie", "Alle rechten voorbehouden", "Beeld Jan"):
        assert junk not in doc.text
    assert doc.title == "Kredietscores in China"


def test_docx(tmp_path):
    p = write_docx(tmp_path / "a.docx", ["Kredietscores", DUTCH])
    doc = read_document(p)
    assert "guanxi" in doc.text
    assert doc.format == "docx"


def test_pdf_text_layer(tmp_path):
    p = write_pdf(tmp_path / "a.pdf", ["Het sociaal kredietsysteem meet de", "kredietwaardigheid van burgers."])
    doc = read_document(p)
    assert "sociaal kredietsysteem" in doc.text
    assert "kredietwaardigheid" in doc.text


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty document"),
        ("blank.txt", b"   \n\n ", "empty document"),
        ("binary.txt", bytes(range(256)) * 20, "binary file"),
        ("fake.docx", b"this is not a zip", "not a valid .docx"),
        ("fake.pdf", b"hello, not a pdf at all", "not a PDF"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "cannot read pdf"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "unsupported format"),
    ],
)
def test_bad_files_give_one_line_naming_the_file(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(p)
    text = str(info.value)
    assert name in text and message in text
    assert "\n" not in text


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    results = list(iter_paths([tmp_path / "nope.txt", tmp_path / "empty"]))
    assert [bool(err) for _, err in results] == [True, True]
    assert "no such file" in str(results[0][1])


def test_folders_are_searched_recursively_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "skip.jpg").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("x")
    found = [p.name for p, err in iter_paths([tmp_path]) if err is None]
    assert found == ["a.md", "z.txt"]
