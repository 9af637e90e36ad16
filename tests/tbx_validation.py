"""Validating TBX against the real TBX files in ../shared/eval/tbx (no tests in here):

- :func:`relaxng_errors`: the TBX core grammar ``TBXcoreStructV03.rng`` (lxml RelaxNG);
- :func:`schematron_errors`: the asserts of TBX-Basic's ``TBX-Basic_DCA.sch`` (value sets and
  element positions), run with elementpath's XPath 2 (the rules use ``matches()`` and
  ``./local-name()``, which lxml's XPath 1 lacks), first-matching rule per pattern as Schematron does.

The LTAC-Global files carry no licence file, so they are read from ../shared, never copied here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

SCH = "{http://purl.oclc.org/dsdl/schematron}"


@lru_cache(maxsize=2)
def _relaxng(path: str):
    return etree.RelaxNG(etree.parse(path))


def relaxng_errors(data: bytes, rng: Path) -> list[str]:
    schema = _relaxng(str(rng))
    doc = etree.fromstring(data)
    if schema.validate(doc):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


@lru_cache(maxsize=2)
def _rules(path: str):
    root = etree.parse(path).getroot()
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iter(f"{SCH}ns")}
    patterns = []
    for pattern in root.iter(f"{SCH}pattern"):
        rules = []
        for rule in pattern.iter(f"{SCH}rule"):
            asserts = [(a.get("test"), " ".join("".join(a.itertext()).split())) for a in rule.iter(f"{SCH}assert")]
            rules.append((rule.get("context"), asserts))
        patterns.append((pattern.get("id"), rules))
    return namespaces, patterns


def schematron_errors(data: bytes, sch: Path) -> list[str]:
    import elementpath
    from elementpath.xpath2 import XPath2Parser

    namespaces, patterns = _rules(str(sch))
    doc = etree.ElementTree(etree.fromstring(data))
    errors = []
    for pattern_id, rules in patterns:
        fired: set[int] = set()  # a node fires the first rule of a pattern that matches it
        for context, asserts in rules:
            nodes = elementpath.select(doc, f"//{context}", namespaces=namespaces, parser=XPath2Parser)
            for node in nodes:
                element = isinstance(node, etree._Element)  # attribute contexts come as their values
                if element:
                    if id(node) in fired:
                        continue
                    fired.add(id(node))
                for test, message in asserts:
                    ok = elementpath.select(doc, test, namespaces=namespaces, parser=XPath2Parser, item=node)
                    if not _true(ok):
                        where = f"line {node.sourceline}" if element else f"value {node!r}"
                        errors.append(f"{pattern_id}: {where}: {message}")
    return errors


def _true(value) -> bool:
    """The effective boolean value of an assert's result."""
    if isinstance(value, list):
        return bool(value) and (len(value) > 1 or value[0] is not False)
    return bool(value)
