"""Shared reading/writing of delimited text (TSV, CSV)."""

from __future__ import annotations

from glossary.errors import InputError


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{name}:{line}:{col}: not UTF-8 text (save the file as UTF-8)") from None
