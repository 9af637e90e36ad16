"""Offline translation of glossary terms (issue 4).

Backends, each storing candidates through ``Glossary.add_translation`` (which never touches an
approved, rejected or human translation):

- ``argos``: an installed Argos Translate nl->en package, driven through CTranslate2 in batches
  (:mod:`glossary.translate.argos`; models managed by :mod:`glossary.translate.models`);
- ``dictionary``: registered TBX/TSV termbases, the shipped Dutch-English lexicon and dictd
  dictionaries such as FreeDict nld-eng, with names kept and composition
  (:mod:`glossary.translate.dictionary`, :mod:`glossary.translate.compose`);
- ``tm``: bilingual files registered with ``glossary align`` (:mod:`glossary.translate.align`).

This module is cheap to import and :func:`available_backends` imports neither ctranslate2 nor
torch nor argostranslate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

BACKENDS = ("argos", "dictionary", "tm")
SOURCE_OF = {"argos": "mt", "dictionary": "dictionary", "tm": "tm"}


def available_backends(g) -> list[str]:
    """Backends that can run now, in the order :func:`translate_glossary` runs them."""
    from glossary.translate.dictd import system_dictionaries
    from glossary.translate.lexicon import is_available as lexicon_available
    from glossary.translate.models import find_model

    out = []
    if find_model("nl", "en") is not None:
        out.append("argos")
    kinds = {r["kind"] for r in g.list_resources()} if g is not None else set()
    if kinds & {"tbx", "tsv", "dictd"} or lexicon_available() or system_dictionaries():
        out.append("dictionary")
    if "tm" in kinds:
        out.append("tm")
    return out


def translate_glossary(
    g,
    *,
    only_missing: bool = True,
    backends: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Translate the glossary's terms with ``backends`` (default: every available one).

    ``only_missing`` restricts the work to terms without any (non-rejected) translation at the
    start of the run; every backend then sees the same terms. Returns summary counts per backend.
    """
    from glossary.errors import UsageError

    started = time.perf_counter()
    available = available_backends(g)
    if backends is None:
        chosen = available
    else:
        chosen = list(dict.fromkeys(backends))
        unknown = [b for b in chosen if b not in BACKENDS]
        if unknown:
            raise UsageError(f"unknown backend {unknown[0]!r}: use {', '.join(BACKENDS)}")
    terms = list(g.iter_terms(only_missing=only_missing))
    summary: dict = {"terms": len(terms), "backends": {}}
    for name in chosen:
        if name not in available:
            summary["backends"][name] = {"skipped": _why_unavailable(name)}
            continue
        if not terms:
            summary["backends"][name] = {"terms": 0, "candidates": 0}
            continue
        import importlib

        module = {"argos": "argos", "dictionary": "dictionary"}.get(name, "align")  # else: memories
        backend = importlib.import_module(f"glossary.translate.{module}")
        summary["backends"][name] = backend.translate_terms(g, terms, progress=progress)
    summary["candidates"] = sum(b.get("candidates", 0) for b in summary["backends"].values())
    summary["weak"] = sum(b.get("weak", 0) for b in summary["backends"].values())  # of those, weak
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _why_unavailable(name: str) -> str:
    if name == "argos":
        return "no nl->en model installed (`glossary models install nl en`, or --from FILE offline)"
    if name == "dictionary":
        return "no dictionary: the shipped lexicon is missing; `glossary dict add FILE` or install dict-freedict-nld-eng"
    return "no translation memory: `glossary align FILE.tmx` first"
