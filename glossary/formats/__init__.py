"""Exchange formats: one module per format (issue 6). See docs/formats.md.

Every module has ``write(entries, out, *, options) -> None`` (``out`` a binary file) and, when
the format can be imported, ``read(data: bytes, name: str) -> list[Entry]``. Modules are
imported on demand so the CLI stays cheap to start.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from glossary.errors import InputError

#: format name -> (module, file extensions)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tbx": ("tbx", (".tbx",)),
    "tsv": ("tsv", (".tsv", ".tab", ".utf8", ".txt")),
    "csv": ("csv_", (".csv",)),
    "po": ("po", (".po", ".pot")),
    "tmx": ("tmx", (".tmx",)),
    "xlsx": ("xlsx", (".xlsx",)),
    "json": ("json_", (".json",)),
    "jsonl": ("json_", (".jsonl", ".ndjson")),
}
EXPORT_FORMATS = tuple(FORMATS)
IMPORT_FORMATS = ("tbx", "tsv", "csv", "po", "json", "jsonl", "xlsx")


def guess_format(path: str | Path, *, formats=EXPORT_FORMATS) -> str:
    """The format named by a file's extension (``.tbx`` -> ``tbx``)."""
    suffix = Path(str(path)).suffix.lower()
    for name, (_, extensions) in FORMATS.items():
        if name in formats and suffix in extensions:
            return name
    raise InputError(
        f"cannot tell the format of {str(path)!r} from its extension: give --format "
        f"({'|'.join(formats)})"
    )


def module(name: str):
    if name not in FORMATS:
        raise InputError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    return importlib.import_module(f"glossary.formats.{FORMATS[name][0]}")


def export(g, out, fmt: str, *, status="all", document=None, kind=None, contexts=3, title=None,
           **options) -> int:
    """Write the (filtered) glossary to the binary file ``out``. Returns the number of terms.
    ``options`` go to the format's writer (``tbx_version=2``)."""
    from glossary.formats.model import collect

    mod = module(fmt)
    entries = collect(g, status=status, document=document, kind=kind,
                      contexts=None if fmt == "tmx" else contexts)
    mod.write(entries, out, format=fmt, title=title or f"glossary {Path(str(g.path)).stem}", **options)
    return len(entries)


def read(data: bytes, fmt: str, name: str):
    if fmt not in IMPORT_FORMATS:
        raise InputError(f"{fmt} files cannot be imported: import one of {', '.join(IMPORT_FORMATS)}")
    mod = module(fmt)
    if fmt == "jsonl":
        return mod.read_lines(data, name)
    return mod.read(data, name)


# A 100,000-term TSV is about 5 MiB and imports in ~8 s; a 13 MB one (270,000 terms) takes
# ~30 s and ~1.1 GB of memory (one transaction, with its undo record). 32 MiB (~650,000
# terms) bounds an import to a few minutes and a few GB; past it, split the file.
MAX_IMPORT_BYTES = 32 * 2**20


def import_file(g, path: str | Path, fmt: str | None = None, *, dry_run: bool = False):
    """Read ``path`` and merge it into ``g`` (one transaction). Returns an ImportReport."""
    entries = read_import(path, fmt)
    return merge_into(g, entries, origin=Path(path).name, dry_run=dry_run)


def merge_into(g, entries, *, origin: str, dry_run: bool = False):
    """Write imported entries through the store (:meth:`glossary.store.Glossary.import_entries`,
    the merge rules of docs/formats.md "Import rules")."""
    return g.import_entries(entries, origin=origin, dry_run=dry_run)


def read_import(path: str | Path, fmt: str | None = None) -> list:
    """The entries of an import file (format from ``fmt`` or the extension), checked for size
    and readability; raises InputError before anything touches a glossary."""
    path = Path(path)
    if fmt is None:
        try:
            fmt = guess_format(path)
        except InputError:
            guess_format(path, formats=IMPORT_FORMATS)  # raises, naming the importable formats
    if fmt not in IMPORT_FORMATS:
        raise InputError(f"{fmt} files cannot be imported: import one of {', '.join(IMPORT_FORMATS)}")
    return read(read_bytes(path, max_bytes=MAX_IMPORT_BYTES, limit="import limit"), fmt, path.name)


# Translation memories for `align`/`check` may be larger than glossaries.
MAX_MEMORY_BYTES = 512 * 2**20


def read_bytes(path: str | Path, *, max_bytes: int = MAX_MEMORY_BYTES, limit: str = "limit") -> bytes:
    """The bytes of a file to read (import, check, align, dict add), or one InputError line:
    missing, unreadable, a directory, or larger than ``max_bytes``."""
    from glossary.ingest import require_regular_file

    path = Path(path)
    require_regular_file(path)  # a FIFO would hang the reader; a symlink loop, a directory: one line
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path.name}: {size / 2**20:.0f} MiB is larger than the {limit} of "
                             f"{max_bytes // 2**20} MiB; split the file")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
