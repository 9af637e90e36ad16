"""Exchange that loses nothing (issue 15): approvals carried between glossaries, round-trip
properties for every format, strict readers, exports that never fail, one reader per format."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from glossary import formats
from glossary.errors import InputError
from glossary.formats import po, tbx, tmx, tsv
from glossary.formats.model import collect
from glossary.store import Glossary, simple_key
from tests.conftest import ROOT, require_msgfmt

FILE_NAME = {"jsonl": "g.jsonl", "json": "g.json", "tbx": "g.tbx", "tsv": "g.tsv", "csv": "g.csv",
             "po": "g.po", "xlsx": "g.xlsx"}
IMPORTABLE = ("json", "jsonl", "tbx", "tsv", "csv", "po", "xlsx")


def export(g, fmt, **kw) -> bytes:
    buf = io.BytesIO()
    formats.export(g, buf, fmt, **kw)
    return buf.getvalue()


def import_bytes(g, data: bytes, fmt: str, tmp_path: Path, name: str | None = None):
    path = tmp_path / (name or FILE_NAME[fmt])
    path.write_bytes(data)
    return formats.import_file(g, path, fmt)


def db_state(db: Path):
    conn = sqlite3.connect(str(db))
    dump = list(conn.iterdump())
    conn.close()
    return dump


# -- a glossary built from documents, as `build` makes it ---------------------------------------

def build(path: Path, terms: list[dict]) -> Glossary:
    """A glossary with one document holding a sentence per term, each term with its kind,
    candidates/approvals/rejections and note (``terms``: dicts term/kind/translations/note)."""
    g = Glossary(path)
    sentences, start = [], 0
    for i, t in enumerate(terms):
        text = f"Zin {i} gaat over {t['term']} hier."
        sentences.append(SimpleNamespace(start=start, end=start + len(text), text=text))
        start += len(text) + 1
    body = " ".join(s.text for s in sentences)
    doc = SimpleNamespace(sha256=hashlib.sha256(body.encode()).hexdigest(), name="bron document.txt",
                          path="/data/bron document.txt", format="txt", title="Bron", text=body,
                          words=len(body.split()))
    doc_id, _ = g.add_document(doc)
    extracted = []
    for i, t in enumerate(terms):
        s = sentences[i].text
        at = s.index(t["term"], len(f"Zin {i} gaat over ") - 1)
        occ = SimpleNamespace(doc=0, sentence=i, start=at, end=at + len(t["term"]), surface=t["term"])
        extracted.append(SimpleNamespace(term=t["term"], key=simple_key(t["term"]), lemma=t["term"],
                                         kind=t.get("kind", "term"), score=100.0 - i, frequency=1,
                                         doc_count=1, variants=[], parts=[], occurrences=[occ]))
    g.store_extraction([doc_id], SimpleNamespace(sentences=[sentences], terms=extracted))
    ids = {row["term"]: row["id"] for row in g.conn.execute("SELECT id, term FROM terms")}
    for t in terms:
        tid = ids[t["term"]]
        for n, (text, status) in enumerate(t.get("translations", [])):
            source = "human" if status == "approved" else "mt"
            tr = g.add_translation(tid, text, source=source, origin="test-mt" if source == "mt" else None,
                                   score=0.9 - n / 10 if source == "mt" else None,
                                   status="approved" if status == "approved" else "candidate")
            if status == "rejected":
                g.reject(tr)
        if t.get("note"):
            g.set_note(tid, t["note"])
    return g


SAMPLE = [
    {"term": "sociaal krediet", "translations": [("social credit", "candidate"), ("social loan", "candidate")]},
    {"term": "kredietwaardigheid", "translations": [("creditworthiness", "candidate")]},
    {"term": "Sesame Credit", "kind": "name", "translations": [("Sesame Credit", "candidate")]},
    {"term": "guanxi", "kind": "loanword", "translations": [("connections", "candidate")], "note": "Chinees"},
    {"term": "burgerscore", "translations": [("citizen score", "candidate")]},
    {"term": "zwarte lijst", "translations": [("blacklist", "candidate"), ("black list", "candidate")]},
]
APPROVE = {"sociaal krediet": "social credit", "kredietwaardigheid": "creditworthiness",
           "Sesame Credit": "Sesame Credit", "burgerscore": "citizen score", "zwarte lijst": "blacklist"}


def approved_english(g) -> dict[str, str]:
    return {e.term: e.approved().text for e in collect(g) if e.approved()}


# -- the "done when" test: approvals travel ------------------------------------------------------

@pytest.mark.parametrize("fmt", IMPORTABLE)
def test_approvals_in_one_glossary_reach_the_other_in_every_format(tmp_path, fmt):
    a = build(tmp_path / "a.db", SAMPLE)
    b = build(tmp_path / "b.db", SAMPLE)  # the same documents, the same machine candidates
    try:
        for e in collect(a):
            if e.term in APPROVE:
                t = next(t for t in a.translations(e.id) if t["text"] == APPROVE[e.term])
                a.approve(t["id"])
        assert approved_english(a) == APPROVE and approved_english(b) == {}
        report = import_bytes(b, export(a, fmt, status="approved"), fmt, tmp_path)
        assert not report.conflicts
        assert approved_english(b) == APPROVE
        # and nothing a human decided is touched by importing it again
        again = import_bytes(b, export(a, fmt, status="approved"), fmt, tmp_path)
        assert not again.changed and approved_english(b) == APPROVE
    finally:
        a.close()
        b.close()


# -- round-trip properties -----------------------------------------------------------------------

WORD = st.text(alphabet="abcdeéëijklmnoöprstuvwzABCDKLMSZ'&<>\"-", min_size=1, max_size=8)
PHRASE = st.lists(WORD, min_size=1, max_size=3).map(" ".join).filter(
    lambda s: s.strip() and s[0] not in "=+-@'" and "  " not in s)


@st.composite
def glossaries(draw):
    terms = draw(st.lists(PHRASE, min_size=1, max_size=5, unique_by=simple_key))
    out = []
    for term in terms:
        english = draw(st.lists(PHRASE, max_size=3, unique=True))
        statuses = draw(st.lists(st.sampled_from(["approved", "candidate", "rejected"]),
                                 min_size=len(english), max_size=len(english)))
        seen_approved = False
        translations = []
        for text, status in zip(english, statuses):
            if status == "approved":
                if seen_approved:
                    status = "candidate"
                seen_approved = True
            translations.append((text, status))
        out.append({"term": term, "kind": draw(st.sampled_from(["term", "name", "loanword"])),
                    "translations": translations, "note": draw(st.none() | PHRASE)})
    return out


def view(fmt: str, g) -> list:
    """What ``fmt`` carries of a glossary: terms, English, statuses, notes (and kinds, contexts
    where the format holds them), in a comparable form."""
    entries = collect(g)
    if fmt == "tsv":  # chosen English, approved or not, and the note; no kinds; no untranslated rows
        return sorted((e.term, e.chosen().text, e.chosen().status == "approved", e.note)
                      for e in entries if e.chosen())
    if fmt in ("csv", "xlsx"):  # the chosen (else the rejected) English and the term's status
        def shown(e):
            t = e.chosen() or next((t for t in e.translations if t.status == "rejected"), None)
            return t.text if t else None
        return sorted((e.term, e.kind, shown(e), e.status, e.note) for e in entries)
    if fmt == "po":  # approved English (msgstr) and the best candidate (a comment)
        return sorted((e.term, e.kind, e.approved().text if e.approved() else None,
                       e.chosen().text if e.chosen() and not e.approved() else None, e.note)
                      for e in entries)
    # tbx, json, jsonl: every translation with its status
    return sorted((e.term, e.kind, sorted((t.text, t.status) for t in e.translations), e.note)
                  for e in entries)


def context_view(fmt: str, g) -> list:
    """Contexts (text and, where carried, document), documents, frequency."""
    out = []
    for e in collect(g, contexts=None):
        if fmt == "tsv":
            continue
        contexts = sorted((c.text, c.document) for c in e.contexts)
        if fmt in ("csv",):
            contexts = []
        frequency = e.frequency if fmt in ("tbx", "json", "jsonl", "po") else None
        out.append((e.term, contexts, sorted(e.documents), frequency))
    return sorted(out)


def round_trip(fmt, original, tmp_path, n):
    first = export(original, fmt, contexts=100)
    fresh = Glossary(tmp_path / f"fresh-{fmt}-{n}.db")
    report = import_bytes(fresh, first, fmt, tmp_path)
    assert not report.conflicts, report.conflicts
    second = export(fresh, fmt, contexts=100)
    return fresh, first, second


_counter = iter(range(10**9))
PROPERTY = settings(max_examples=6, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("fmt", IMPORTABLE)
def test_round_trip_keeps_terms_english_statuses_notes(tmp_path, fmt):
    @PROPERTY
    @given(glossaries())
    def check(terms):
        n = next(_counter)
        with build(tmp_path / f"orig-{n}.db", terms) as original:
            fresh, first, second = round_trip(fmt, original, tmp_path, n)
            with fresh:
                assert view(fmt, fresh) == view(fmt, original)
                # the second export says the same as the first
                assert [(e.term, e.kind if fmt != "tsv" else None, e.note,
                         sorted((t.text, t.status) for t in e.translations))
                        for e in formats.read(second, fmt, "second")] == \
                       [(e.term, e.kind if fmt != "tsv" else None, e.note,
                         sorted((t.text, t.status) for t in e.translations))
                        for e in formats.read(first, fmt, "first")]

    check()


SENTENCE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(st.lists(st.tuples(SENTENCE, SENTENCE, st.none() | PHRASE), max_size=5))
def test_tmx_round_trip_through_the_one_tmx_reader(units):
    """TMX is not a glossary import; its round trip is the sentence memory: what the writer puts
    in (any stored text, control characters and all) the reader (check, align) gets back, cleaned."""
    from glossary.formats.model import Context, Entry, clean
    from glossary.formats.xmlsafe import xml_text

    entries = [Entry(term=f"t{i}", contexts=[Context(nl, doc, translation=en)])
               for i, (nl, en, doc) in enumerate(units)]
    buf = io.BytesIO()
    tmx.write(entries, buf)
    expected = [(clean(xml_text(nl)), clean(xml_text(en)), clean(doc) or None)
                for nl, en, doc in tmx.pairs(entries)]
    expected = [x for x in expected if x[0] and x[1]]
    got = [(p.nl, p.en, p.document) for p in tmx.read_pairs(buf.getvalue(), "m.tmx")]
    assert got == expected


@pytest.mark.parametrize("fmt", ["tbx", "json", "jsonl", "po", "xlsx", pytest.param("csv", marks=pytest.mark.xfail(
    strict=True, reason="CSV carries documents but no contexts; the store's import rules restore "
                        "documents only through contexts (occurrences), so a CSV round trip loses them"))])
def test_round_trip_restores_contexts_documents_frequency(tmp_path, fmt):
    # while it is an expected failure, do not spend minutes shrinking the first failing example
    quick = {} if fmt != "csv" else {"phases": (Phase.explicit, Phase.generate)}

    @settings(PROPERTY, **quick)
    @given(glossaries())
    def check(terms):
        n = next(_counter)
        with build(tmp_path / f"orig-{n}.db", terms) as original:
            fresh, _, _ = round_trip(fmt, original, tmp_path, n)
            with fresh:
                assert context_view(fmt, fresh) == context_view(fmt, original)

    check()


@pytest.mark.parametrize("fmt", ["tbx", "json", "jsonl", "po", "xlsx", "csv"])
def test_readers_fill_contexts_documents_frequency(tmp_path, fmt):
    """The reader side of the property above: the entries read from an export carry what the
    glossary had (what the store then restores)."""
    with build(tmp_path / "g.db", SAMPLE) as g:
        read = {e.term: e for e in formats.read(export(g, fmt, contexts=100), fmt, FILE_NAME[fmt])}
        for e in collect(g, contexts=None):
            got = read[e.term]
            assert got.documents == e.documents == ["bron document.txt"]
            if fmt != "csv":
                assert [c.text for c in got.contexts] == [c.text for c in e.contexts]
            if fmt != "csv":
                assert [c.document for c in got.contexts] == [c.document for c in e.contexts]
            if fmt in ("tbx", "json", "jsonl", "po"):
                assert got.frequency == e.frequency == 1


# -- TBX ----------------------------------------------------------------------------------------

def test_tbx_statuses_are_honest_and_names_are_proper_nouns_in_v2(tmp_path):
    terms = [{"term": "Alibaba", "kind": "name", "translations": [("Alibaba", "approved")]},
             {"term": "kredietscore", "translations": [("credit score", "candidate"), ("credit points", "rejected")]}]
    with build(tmp_path / "g.db", terms) as g:
        v3 = export(g, "tbx")
        v2 = export(g, "tbx", tbx_version=2)
    assert b"admittedTerm-admn-sts" not in v3 and b"admittedTerm-admn-sts" not in v2
    root = tbx.xmlsafe.parse(v3)
    statuses = {}
    for lang_sec in root.iter(f"{{{tbx.NS3}}}langSec"):
        for sec in lang_sec.iter(f"{{{tbx.NS3}}}termSec"):
            key = (lang_sec.get(tbx.XML_LANG), sec.findtext(f"{{{tbx.NS3}}}term"))
            statuses[key[1] if key[0] == "en" else key] = (
                sec.findtext(f"{{{tbx.NS3}}}termNote[@type='administrativeStatus']"),
                [n.text for n in sec.findall(f"{{{tbx.NS3}}}note")])
    assert statuses[("nl", "Alibaba")] == (None, ["kind: name", "frequency: 1"])  # the Dutch term
    assert statuses["Alibaba"][0] == "preferredTerm-admn-sts"
    assert statuses["credit score"] == (None, [tbx.CANDIDATE_NOTE])
    assert statuses["credit points"][0] == "deprecatedTerm-admn-sts"
    assert b">properNoun<" in v2 and b">properNoun<" not in v3  # TBX-Basic v3 has no properNoun
    # read back: the same statuses and kinds, from both versions
    for data in (v2, v3):
        entries = {e.term: e for e in formats.read(data, "tbx", "x.tbx")}
        assert entries["Alibaba"].kind == "name"
        assert [(t.text, t.status) for t in entries["kredietscore"].translations] == [
            ("credit score", "candidate"), ("credit points", "rejected")]


TBX_V2 = b"""<?xml version="1.0" encoding="UTF-8"?>
%s<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="t1">
<langSet xml:lang="nl"><tig><term>schuldsanering</term></tig></langSet>
<langSet xml:lang="en"><tig><term>debt restructuring</term>
  <termNote type="administrativeStatus">preferred</termNote></tig>
  <ntig><termGrp><term>debt rescheduling</term>
    <termNote type="administrativeStatus">admitted</termNote></termGrp></ntig>
  <tig><term>debt sanitation</term><termNote type="administrativeStatus">notRecommended</termNote></tig>
  <tig><term>debt cleanup</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize("doctype", [
    b"", b'<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n',
    b'<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">\n'])
def test_tbx_v2_read_with_or_without_doctype(doctype):
    entries = formats.read(TBX_V2 % doctype, "tbx", "old.tbx")
    assert [(e.term, [(t.text, t.status) for t in e.translations]) for e in entries] == [
        ("schuldsanering", [("debt restructuring", "approved"), ("debt rescheduling", "candidate"),
                            ("debt sanitation", "rejected"), ("debt cleanup", "rejected")])]


def test_tbx_internal_subset_refused_even_without_entities():
    data = TBX_V2 % b"<!DOCTYPE martif [<!ELEMENT martif ANY>]>\n"
    with pytest.raises(InputError, match="internal subset"):
        formats.read(data, "tbx", "old.tbx")


def test_tbx_v3_file_of_elsewhere_reads(tmp_path):
    from tests.conftest import shared_or_skip

    example = shared_or_skip("eval", "tbx", "Example_Astronomy_DCA_VALID.tbx")
    # it is English/other languages only: refused with the languages it has, one line
    with pytest.raises(InputError) as err:
        formats.read(example.read_bytes(), "tbx", example.name)
    assert "no Dutch terms" in str(err.value) and "\n" not in str(err.value)
    dutch = example.read_bytes().replace(b'xml:lang="fr"', b'xml:lang="nl"')
    if dutch != example.read_bytes():
        assert formats.read(dutch, "tbx", example.name)


# -- one reader per format: align, check, dict add take our own exports ---------------------------

def test_align_and_check_accept_the_projects_own_tmx(tmp_path, glossary_cli):
    from glossary.translate.align import read_bilingual
    from tests.test_formats_fixture import make_glossary

    with make_glossary(tmp_path / "g.db") as g:
        data = export(g, "tmx")
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in data
    path = tmp_path / "memory.tmx"
    path.write_bytes(data)
    assert read_bilingual(path) == [("Het sociaal krediet groeit snel.", "Social credit is growing fast."),
                                    ("Guanxi is belangrijk in China.", "Guanxi matters in China.")]
    pairs = tmx.read_pairs(data, "memory.tmx")
    assert [p.document for p in pairs] == ["artikel een.txt", "artikel een.txt"]
    db = tmp_path / "check.db"
    with make_glossary(db):
        pass
    proc = glossary_cli("--db", db, "check", path, "--json")
    assert proc.returncode in (0, 1) and "error" not in proc.stderr, proc.stderr
    proc = glossary_cli("--db", db, "align", path)
    assert "inline DTD" not in proc.stderr and "refused" not in proc.stderr, proc.stderr


def test_dict_add_accepts_tbx_with_a_doctype_line(tmp_path, glossary_cli):
    path = tmp_path / "bank.tbx"
    path.write_bytes(TBX_V2 % b'<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n')
    db = tmp_path / "g.db"
    proc = glossary_cli("--db", db, "dict", "add", path)
    assert proc.returncode == 0, proc.stderr
    assert "registered bank (tbx, 1 entries)" in proc.stdout
    from glossary.translate.termbase import Termbase

    # rejected English is not offered as a translation
    assert Termbase(path).lookup("schuldsanering") == ["debt restructuring", "debt rescheduling"]
    evil = tmp_path / "evil.tbx"
    evil.write_bytes(TBX_V2.replace(b"schuldsanering", b"&x;") % b'<!DOCTYPE martif [<!ENTITY x "boom">]>\n')
    proc = glossary_cli("--db", db, "dict", "add", evil)
    assert proc.returncode == 1 and "entit" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_dict_add_tsv_through_the_tsv_reader(tmp_path):
    from glossary.translate.termbase import Termbase

    path = tmp_path / "t.tsv"
    path.write_bytes(b"# comment\nid\tnl\ten\n1\tbank\x00\tbank\n2\tkrediet\tcredit\n")
    tb = Termbase(path)
    assert tb.lookup("bank") == ["bank"] and tb.lookup("krediet") == ["credit"]


def test_no_duplicate_xml_parsers_left():
    """TMX/TBX are parsed in one place each (glossary/formats), through xmlsafe."""
    offenders = []
    for path in (ROOT / "glossary").rglob("*.py"):
        if path.parent.name == "formats":
            continue
        text = path.read_text(encoding="utf-8")
        if "etree.parse(" in text or "etree.fromstring(" in text or "XMLParser(" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# -- strict readers -----------------------------------------------------------------------------

PO_HEADER = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
PO_CASES = {
    "unterminated": (b'msgid "foo\nmsgstr "bar"\n', "end-of-line within string"),
    "bad_escape": (b'msgid "a"\nmsgstr "b\\q"\n', "invalid control sequence"),
    "no_msgstr": (b'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', "missing 'msgstr'"),
    "duplicate": (b'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', "duplicate message definition"),
    "plural_without_index": (b'msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', "msgstr[0]"),
    "index_without_plural": (b'msgid "a"\nmsgstr[0] "x"\n', "msgid_plural"),
    "plural_from_one": (b'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\n', "msgstr[0]"),
    "keyword_without_string": (b'msgid "a"\nmsgstr\n', "syntax error"),
    "comment_inside_entry": (b'msgid "a"\n# c\nmsgstr "b"\n', "missing 'msgstr'"),
    "garbage": (b'msgid "a"\nmsgstr "x"\nfoo bar\n', "syntax error"),
    "msgstr_first": (b'msgstr "x"\n', "syntax error"),
}
PO_GOOD = {
    "plural": (b'msgid "kredietscore"\nmsgid_plural "kredietscores"\n'
               b'msgstr[0] "credit score"\nmsgstr[1] "credit scores"\n'),
    "continued": b'msgid ""\n"sociaal "\n"krediet"\nmsgstr "social " "credit"\n',
    "escapes": b'msgid "a\\tb"\nmsgstr "x\\\\ \\" \\101 \\x41"\n',
    "blank_lines_inside": b'msgid "a"\n\nmsgstr "b"\n\n"c"\n',
    "comments_between": b'# note: x\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n# next\nmsgid "c"\nmsgstr "d"\n',
}


@pytest.mark.parametrize("case", sorted(PO_CASES))
def test_po_refused_like_msgfmt_with_the_line(case, tmp_path):
    body, message = PO_CASES[case]
    data = PO_HEADER + body
    with pytest.raises(InputError) as err:
        formats.read(data, "po", "bad.po")
    text = str(err.value)
    assert text.startswith("bad.po:") and message in text and "\n" not in text, text
    line = int(text.split(":")[1])
    assert 5 <= line <= data.count(b"\n")  # a line in the entry, not the header
    msgfmt = require_msgfmt()  # skips on a developer machine without gettext, fails in CI
    path = tmp_path / "bad.po"
    path.write_bytes(data)
    assert subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0


@pytest.mark.parametrize("case", sorted(PO_GOOD))
def test_po_accepted_like_msgfmt(case, tmp_path):
    data = PO_HEADER + PO_GOOD[case]
    entries = formats.read(data, "po", "good.po")
    assert entries and all(e.term for e in entries)
    msgfmt = require_msgfmt()
    path = tmp_path / "good.po"
    path.write_bytes(data)
    proc = subprocess.run([msgfmt, "--check-format", "--check-domain", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_po_plural_keeps_its_translation_and_continuations_join():
    entries = {e.term: e for e in formats.read(PO_HEADER + PO_GOOD["plural"] + b"\n" + PO_GOOD["continued"],
                                               "po", "p.po")}
    assert [(t.text, t.status) for t in entries["kredietscore"].translations] == [("credit score", "approved")]
    assert [t.text for t in entries["sociaal krediet"].translations] == ["social credit"]


def test_po_the_issues_example_is_refused_not_shortened(tmp_path, glossary_cli):
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid "foo\nmsgstr "bar"\n')
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        g.add_term("bestaand")
    before = db_state(db)
    proc = glossary_cli("--db", db, "import", path)
    assert proc.returncode == 1 and proc.stderr.startswith("glossary: error: bad.po:1:")
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert db_state(db) == before


JSON_BAD = {
    "term_number": (b'[{"term": 5}]', '"term" (a string)'),
    "note_list": (b'[{"term": "a", "note": ["x"]}]', '"note" must be a string'),
    "translations_object": (b'[{"term": "a", "translations": {"text": "x"}}]', '"translations" must be a list'),
    "translation_text_number": (b'[{"term": "a", "translations": [{"text": 1}]}]', '"text" must be a string'),
    "score_string": (b'[{"term": "a", "translations": [{"text": "x", "score": "high"}]}]', '"score" must be a number'),
    "context_nested": (b'[{"term": "a", "contexts": [[["x"]]]}]', "context 1: must be an object"),
    "frequency_negative": (b'[{"term": "a", "frequency": -3}]', '"frequency" must be a whole number'),
    "documents_nested": (b'[{"term": "a", "documents": [["d"]]}]', '"documents" must be a list of strings'),
    "deep": (b"[" * 50000 + b"]" * 50000, "nested too deeply"),
    "deep_object": (b'[{"term": "a", "note": ' + b'{"x":' * 30000 + b"1" + b"}" * 30000 + b"}]", "nested too deeply"),
    "status_unknown": (b'[{"term": "a", "english": "b", "status": "maybe"}]', "unknown status"),
}


@pytest.mark.parametrize("case", sorted(JSON_BAD))
def test_json_wrong_types_and_nesting_refused_in_one_line(case):
    data, message = JSON_BAD[case]
    for fmt in ("json", "jsonl"):
        if fmt == "jsonl":
            if data.startswith(b"[{"):
                data = data[1:-1]
            else:
                continue
        with pytest.raises(InputError) as err:
            formats.read(data, fmt, f"x.{fmt}")
        assert message in str(err.value) and "\n" not in str(err.value), str(err.value)


CONTROL = "a\x00b\x08c\x1b\x7f\ufeffd"


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "jsonl", "xlsx"])
def test_control_characters_are_cleaned_on_the_way_in(tmp_path, fmt):
    if fmt == "tsv":
        data = f"{CONTROL}\tcre\x00dit\tno\x08te\n".encode()
    elif fmt == "csv":
        data = f"term,english,note\n{CONTROL},cre\x00dit,no\x08te\n".encode()
    elif fmt in ("json", "jsonl"):
        record = {"term": CONTROL, "english": "cre\x00dit", "note": "no\x08te"}
        data = (json.dumps([record]) if fmt == "json" else json.dumps(record)).encode()
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Terms"
        ws.append(["term", "english", "note"])
        ws.append(["a\ufeffbcd", "credit", "note"])  # openpyxl itself refuses C0 controls in cells
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    [entry] = formats.read(data, fmt, f"x.{fmt}")
    assert entry.term == "abcd" and entry.translations[0].text == "credit" and entry.note == "note"


def test_exports_never_fail_on_a_stored_string(tmp_path):
    """Whatever the store holds (NUL, backspace, escape, lone BOM), every export writes a file
    every reader takes back."""
    with Glossary(tmp_path / "g.db") as g:
        tid = g.add_term("kre\x00diet\x08")
        g.add_translation(tid, "cre\x1bdit\x0c", source="human", status="approved")
        g.set_note(tid, "no\x00te\ufffe")
        for fmt in formats.EXPORT_FORMATS:
            data = export(g, fmt)
            assert data
            if fmt in IMPORTABLE:
                [entry] = formats.read(data, fmt, f"x.{fmt}")
                assert entry.term == "krediet" and [t.text for t in entry.translations] == ["credit"]
                assert entry.note == "note"


def test_a_term_that_is_only_a_bom_or_spaces_is_refused_never_lost(tmp_path, glossary_cli):
    db = tmp_path / "g.db"
    with Glossary(db):
        pass
    before = db_state(db)
    cases = {
        "bom.tsv": "kredie\tcredit\n\ufeff\tnothing\n".encode(),
        "bom.csv": "term,english\r\n\ufeff \u200b,nothing\r\n".encode(),
        "bom.json": json.dumps([{"term": "\ufeff\t "}]).encode(),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = glossary_cli("--db", db, "import", path)
        assert proc.returncode == 1 and "empty" in proc.stderr, (name, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1
        assert db_state(db) == before


MALFORMED = {
    "bad.po": b'msgid "foo\nmsgstr "bar"\n',
    "bad.json": b'[{"term": "a", "translations": 7}]',
    "deep.json": b"[" * 100000 + b"]" * 100000,
    "bad.csv": b'term,english\n"kapot,broken\n',
    "bad.tbx": b'<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n</tbx>',
    "evil.tbx": b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x "y">]><tbx>&x;</tbx>',
    "bad.jsonl": b'{"term": "a"}\n{"term": ["b"]}\n',
    "bad.tsv": b"a\tb\nline without a tab\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_cli_malformed_import_refused_one_line_glossary_unchanged(tmp_path, glossary_cli, name):
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        tid = g.add_term("bestaand")
        g.add_translation(tid, "existing", source="human", status="approved")
    before = db_state(db)
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    for args in (["import", path], ["import", path, "--dry-run"]):
        proc = glossary_cli("--db", db, *args)
        assert proc.returncode == 1, (name, proc.stdout, proc.stderr)
        assert proc.stderr.startswith(f"glossary: error: {name}") and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert db_state(db) == before


@pytest.mark.parametrize("name,data", [
    ("bad.tmx", b'<?xml version="1.0"?>\n<tmx><body><tu>\n'),
    ("evil.tmx", b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x "y">]><tmx><body/></tmx>'),
    ("html.tmx", b"<html/>"),
])
def test_cli_malformed_tmx_refused_by_check_and_align(tmp_path, glossary_cli, name, data):
    db = tmp_path / "g.db"
    with Glossary(db) as g:
        g.add_term("bestaand")
    before = db_state(db)
    path = tmp_path / name
    path.write_bytes(data)
    for command in ("check", "align"):
        proc = glossary_cli("--db", db, command, path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, (command, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and name in proc.stderr, proc.stderr
        assert db_state(db) == before


# -- CAT defaults --------------------------------------------------------------------------------

def test_omegat_tsv_has_no_empty_targets_unless_asked(tmp_path, glossary_cli):
    terms = SAMPLE + [{"term": "onvertaald"}, {"term": "alleen afgewezen", "translations": [("rejected", "rejected")]}]
    db = tmp_path / "g.db"
    build(db, terms).close()
    out = tmp_path / "glossary.txt"
    proc = glossary_cli("--db", db, "export", "--format", "tsv", "--output", out)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(SAMPLE) and all(r[1] for r in rows)
    assert "2 terms without English left out" in proc.stderr
    # unreviewed candidates say so in the comment column
    assert all(r[2].startswith(tsv.CANDIDATE) for r in rows)
    proc = glossary_cli("--db", db, "export", "--format", "tsv", "--output", out, "--include-untranslated")
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(terms) and sorted(r[0] for r in rows if not r[1]) == ["alleen afgewezen", "onvertaald"]


def test_po_and_tmx_readers_are_the_ones_check_uses(tmp_path):
    from glossary.check import read_segments

    path = tmp_path / "a.po"
    path.write_bytes(PO_HEADER + b'msgid "kredietscore"\nmsgid_plural "kredietscores"\nmsgstr[0] "credit score"\n'
                     b'msgstr[1] "credit scores"\n')
    assert [(s.source, s.target) for s in read_segments(path)] == [("kredietscore", "credit score")]
    path.write_bytes(PO_HEADER + b'msgid "foo\nmsgstr "bar"\n')
    with pytest.raises(InputError, match="a.po:6: malformed PO file: end-of-line within string"):
        read_segments(path)
    assert po.parse  # the one strict PO parser


def test_xlsx_writer_survives_illegal_characters(tmp_path):
    from openpyxl import load_workbook

    with Glossary(tmp_path / "g.db") as g:
        tid = g.add_term("a\x01b")
        g.set_note(tid, "\x02")
        wb = load_workbook(io.BytesIO(export(g, "xlsx")))
    assert list(wb["Terms"].iter_rows(values_only=True))[1][0] == "ab"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
