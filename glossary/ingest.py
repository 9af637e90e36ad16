"""Reading documents: .txt, .md, .html, .docx, .pdf -> plain text.

Every failure raises :class:`InputError` with one line that names the file. Heavy readers
(trafilatura, python-docx, pypdf) are imported only for their own format.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from glossary.errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

#: Documents larger than this are refused (a glossary source is text, not a data dump).
#: It bounds .docx and .pdf files, which are mostly images; their text is bounded below.
MAX_BYTES = 200 * 1024 * 1024
#: Issue 8: the most text one document may hold (~3 million Dutch words, some 6,000 pages).
#: A .txt/.md/.html file is checked before it is read, the text of any format after. Without
#: it a 100 MB text file took 1.3 GB of memory just to read, and its 15 million words went
#: to the extractor as one document (one job, unbounded memory): such a file is an export or a
#: data dump, and it is refused with a message saying to split it.
MAX_TEXT_BYTES = 20 * 1024 * 1024
#: A .docx whose uncompressed XML exceeds this is treated as a zip bomb.
MAX_DOCX_UNCOMPRESSED = 500 * 1024 * 1024
#: Issue 16: lxml's HTML parser is quadratic (worse) in the attributes of one element: 20,000
#: took 2.5 s, a 2.2 MB page with 200,000 ran for more than 5 minutes. Real pages have tens.
MAX_HTML_ATTRIBUTES = 1000
#: Legacy encodings tried first for text that is not UTF-8.
WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]


@dataclass
class Document:
    path: Path
    name: str
    format: str
    title: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def words(self) -> int:
        return len(self.text.split())


def iter_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, InputError | None]]:
    """Expand files and folders (recursively, supported suffixes, sorted) to files.

    Yields ``(path, None)`` for each document and ``(path, error)`` for a path that
    cannot be used (missing, unreadable folder, symlink loop, FIFO, ...), so the caller can
    report it and go on.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield path, InputError(f"{display_path(path)}: {exc.strerror or exc}")
            continue
        if not exists:
            if os.path.islink(path):
                yield path, InputError(f"{display_path(path)}: broken symbolic link or symbolic link loop")
            else:
                yield path, InputError(f"{display_path(path)}: no such file or folder")
        elif is_dir:
            found = False
            errors: list[InputError] = []
            for child in _walk(path, errors):
                if child.suffix.lower() in SUPPORTED:
                    found = True
                    yield child, None
            for error in errors:
                yield path, error
            if not found and not errors:
                kinds = ", ".join(sorted(SUPPORTED))
                yield path, InputError(f"{display_path(path)}: no supported documents in this folder ({kinds})")
        else:
            yield path, None


def _walk(folder: Path, errors: list[InputError]) -> list[Path]:
    """Regular files under ``folder`` (sorted; hidden files and folders skipped; symlinked
    folders not followed, so a loop cannot recurse), noting unreadable folders in ``errors``."""
    found: list[Path] = []

    def onerror(exc: OSError) -> None:
        errors.append(InputError(f"{display_path(exc.filename or folder)}: cannot read folder ({exc.strerror or exc})"))

    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            child = Path(root, name)
            try:
                if not child.is_file():  # FIFO, socket, device, broken link: not a document
                    continue
            except OSError:
                continue
            found.append(child)
    return sorted(found)


def display_path(path: str | Path) -> str:
    """``path`` as it can be printed and stored: bytes of a non-UTF-8 file name (which Python
    keeps as surrogate escapes) become U+FFFD."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "replace")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_document(path: str | Path) -> Document:
    """Read one document; raises InputError (one line, naming the file) when it can't."""
    real = Path(path)
    path = Path(display_path(real))  # what is stored and shown (the real name may not be UTF-8)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(f"{path}: unsupported format {suffix or '(no extension)'}; use one of {', '.join(sorted(SUPPORTED))}")
    data = read_file_bytes(real, MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES | HTML_SUFFIXES else MAX_BYTES)
    if not data.strip():
        raise InputError(f"{path}: empty document")
    try:
        if suffix in TEXT_SUFFIXES:
            title, text = _read_text(path, data)
        elif suffix in HTML_SUFFIXES:
            title, text = _read_html(path, data)
        elif suffix == ".docx":
            title, text = _read_docx(path, data)
        else:
            title, text = _read_pdf(path, data)
    except InputError:
        raise
    except Exception as exc:  # a reader library failing on a broken file
        raise InputError(f"{path}: cannot read {suffix[1:]} document ({type(exc).__name__}: {_one_line(exc)})") from None
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{path}: no text found in document")
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InputError(_too_much_text(path, len(text.encode("utf-8"))))
    return Document(path=path, name=path.name, format=suffix.lstrip("."), title=title or path.stem, text=text)


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, trailing spaces trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00ad", "").replace("\ufeff", "")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    # Issue 8: trailing blanks are stripped per line. The regex used before,
    # [ \t\u00a0]+\n, took quadratic time on a long run of blanks not followed by a newline
    # (80,000 spaces: 44 s), so a hostile text file hung the build.
    text = "\n".join(line.rstrip(" \t\u00a0") for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _too_much_text(path: Path, size: int) -> str:
    return (f"{path}: too much text for one document ({size / (1024 * 1024):.0f} MiB; the limit is "
            f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB, about 3 million words): split it into smaller files")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def require_regular_file(path: str | Path) -> None:
    """InputError (one line naming the file) unless ``path`` is a regular file: missing, a
    folder, a symlink loop, or a FIFO/socket/device (opening a FIFO blocks until someone
    writes to it: a command would hang)."""
    import errno
    import stat

    shown = display_path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.lexists(path):
            raise InputError(f"{shown}: broken symbolic link") from None
        raise InputError(f"{shown}: cannot read (no such file)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{shown}: symbolic link loop") from None
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{shown}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(f"{shown}: not a regular file (a FIFO, socket or device)")


def read_file_bytes(path: str | Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them; InputError (one line naming
    the file) for a missing, unreadable, special (FIFO: reading would block) or too large
    file."""
    shown = display_path(path)
    require_regular_file(path)
    try:
        info = os.stat(path)
        if info.st_size > limit:
            if limit == MAX_TEXT_BYTES:
                raise InputError(_too_much_text(Path(shown), info.st_size))
            mib = 1024 * 1024
            raise InputError(f"{shown}: file is too large ({info.st_size // mib} MiB; the limit is {limit // mib} MiB)")
        with open(path, "rb") as fh:
            return fh.read(limit + 1)[:limit]
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})") from None


def read_text_file(path: str | Path) -> str:
    """The text of a user's text file (``-``: standard input), decoded by :func:`decode_text`:
    the one decoding that build, annotate and check share (BOM, UTF-8, else the detected
    legacy encoding, e.g. Latin-1). One-line InputError when it cannot be read."""
    import sys

    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES:
            raise InputError(_too_much_text(Path("stdin"), len(data)))
        return decode_text(Path("stdin"), data)
    return decode_text(Path(display_path(path)), read_file_bytes(path))


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes: BOMs, then UTF-8, then charset-normalizer's best guess."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if _looks_binary(data):
        raise InputError(f"{path}: binary file, not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Dutch documents in a legacy encoding are nearly always Western European; ask the
    # detector to choose among those first, and among all encodings only when none fits.
    best = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best() or from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: cannot detect the text encoding")
    return str(best)


def _read_text(path: Path, data: bytes) -> tuple[str, str]:
    text = decode_text(path, data)
    if path.suffix.lower() in (".md", ".markdown"):
        text = _strip_markdown(text)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200], text


# Issue 8 (reliability): every pattern below runs in linear time. The earlier versions let a
# repeated quantifier scan to the end of the text from every possible start ("[a" * 40_000 in
# a .md file took 49 s, "*a *" * 20_000 took 95 s, 20_000 blank lines 45 s): a hostile or
# broken .md file hung the build. Now a scan from one start stops at the next possible start
# (no "[" inside link text, no "*" inside italics) and a run of blank lines is scanned once.
_MD_RULES = [
    (re.compile(r"^```.*?^```", re.S | re.M), ""),  # fenced code
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)"), ""),  # images
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),  # links -> text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # quotes
    # \s*+ is possessive (Python >= 3.11) and the blanks are given back when no marker follows
    # (_keep_blanks), so a run of blank lines is scanned once, not once per line in it
    (re.compile(r"^(\s*+)(([-*+]|\d+[.)])\s+)?", re.M), "_keep_blanks"),  # list markers
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italic
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"^(\s*+)((?:[-*_]\s*){3,}$)?", re.M), "_keep_blanks"),  # rules
]


def _keep_blanks(match: re.Match) -> str:
    """Drop the match when its marker group matched, else give the blanks back unchanged."""
    return "" if match.group(2) is not None else match.group(1)


def _strip_markdown(text: str) -> str:
    for pattern, repl in _MD_RULES:
        text = pattern.sub(_keep_blanks if repl == "_keep_blanks" else repl, text)
    return text


_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{4096,}")


def _check_html_bounds(path: Path, data: bytes) -> None:
    """Refuse, before parsing, an element with more attributes than any real page has (the
    parser's time grows faster than quadratically with them). Linear: only tags of 4 KB and
    more are looked at."""
    for match in _LONG_TAG.finditer(data):
        attributes = len(match.group().split()) - 1
        if attributes > MAX_HTML_ATTRIBUTES:
            raise InputError(
                f"{path}: an HTML element with {attributes:,} attributes (the limit is "
                f"{MAX_HTML_ATTRIBUTES:,}): not a page this tool reads"
            )


def _read_html(path: Path, data: bytes) -> tuple[str, str]:
    if _looks_binary(data):
        raise InputError(f"{path}: binary file, not an HTML document")
    _check_html_bounds(path, data)
    import trafilatura

    html = decode_text(path, data)
    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=True,
    )
    title = ""
    meta = trafilatura.extract_metadata(html)
    if meta is not None and meta.title:
        title = meta.title
    if not text:
        raise InputError(f"{path}: no main text found in HTML")
    return title, text


def _read_docx(path: Path, data: bytes) -> tuple[str, str]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not a valid .docx file (not a zip archive)") from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_DOCX_UNCOMPRESSED:
        raise InputError(f"{path}: .docx expands to {total // (1024 * 1024)} MiB; refusing a possible zip bomb")
    if "word/document.xml" not in archive.namelist():
        raise InputError(f"{path}: not a valid .docx file (no word/document.xml)")
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text for cell in row.cells))
    title = document.core_properties.title or next((p for p in paragraphs if p.strip()), "")
    return title[:200], "\n\n".join(p for p in paragraphs if p.strip())


def _read_pdf(path: Path, data: bytes) -> tuple[str, str]:
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.startswith(b"%PDF"):
        raise InputError(f"{path}: not a PDF file")
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            raise InputError(f"{path}: PDF is encrypted") from None
    pages = [page.extract_text() or "" for page in reader.pages]
    text = "\n\n".join(pages)
    if not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned? run OCR first)")
    title = ""
    if reader.metadata is not None and reader.metadata.title:
        title = str(reader.metadata.title)
    # join words hyphenated across line ends: "krediet-\nwaardigheid" -> "kredietwaardigheid"
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return title[:200], text
