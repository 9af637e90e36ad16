"""Exports opened by independent readers; TBX validated; round trips; hostile XML refused."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from lxml import etree

from glossary import formats
from glossary.errors import InputError
from glossary.formats import xmlsafe
from glossary.formats.model import collect, neutralise, unneutralise
from glossary.store import Glossary
from tests.conftest import require_msgfmt
from tests.test_formats_fixture import FORMULA_EN, FORMULA_TERM, content, make_glossary


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    glossary = make_glossary(tmp_path_factory.mktemp("fmt") / "g.db")
    yield glossary
    glossary.close()


def export(g, fmt, **kw) -> bytes:
    buf = io.BytesIO()
    formats.export(g, buf, fmt, **kw)
    return buf.getvalue()


# -- round trips ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "csv", "tbx", "po", "xlsx"])
def test_round_trip(g, tmp_path, fmt):
    # TSV carries no kinds: the term "bank" and the name "Bank" would be one entry there
    first = export(g, fmt, kind="term" if fmt == "tsv" else None)
    expected = len(collect(g, kind="term" if fmt == "tsv" else None))
    path = tmp_path / f"g.{'jsonl' if fmt == 'jsonl' else fmt}"
    path.write_bytes(first)
    with Glossary(tmp_path / "empty.db") as fresh:
        report = formats.import_file(fresh, path, fmt)
        assert report.terms_added == expected and not report.conflicts
        second = export(fresh, fmt, kind="term" if fmt == "tsv" else None)
        if fmt == "tsv":
            assert second == first  # TSV carries nothing corpus-derived: byte for byte
        assert content(formats.read(second, fmt, "second")) == content(formats.read(first, fmt, "first"))
        # and again: idempotent
        again = formats.import_file(fresh, path, fmt)
        assert not again.changed and again.unchanged == expected


def test_json_round_trip_keeps_everything_a_glossary_can_carry(g, tmp_path):
    path = tmp_path / "g.json"
    path.write_bytes(export(g, "json"))
    with Glossary(tmp_path / "empty.db") as fresh:
        formats.import_file(fresh, path)
        assert content(collect(fresh)) == content(collect(g))
        guanxi = next(e for e in collect(fresh) if e.term == "Guanxi")
        assert guanxi.kind == "loanword" and guanxi.note == "Chinese loanword; keep in italics"
        assert {(t.text, t.status, t.source, t.origin) for t in guanxi.translations} == {
            ("connections", "candidate", "import", "g.json"), ("relationships", "rejected", "import", "g.json")}


def test_json_is_the_lookup_schema(g):
    import json

    from glossary.lookup import term_record

    records = json.loads(export(g, "json"))
    for rec in records:
        assert rec == term_record(g, rec["id"], contexts=3)
    lines = export(g, "jsonl").decode().splitlines()
    assert [json.loads(line) for line in lines] == records


# -- independent readers ------------------------------------------------------------------------

def test_csv_read_by_python_csv_and_formulas_neutralised(g):
    rows = list(csv.reader(io.StringIO(export(g, "csv").decode("utf-8"))))
    assert rows[0] == ["term", "english", "status", "kind", "lemma", "variants", "note", "documents"]
    by_term = {r[0]: r for r in rows[1:]}
    assert by_term["sociaal krediet"][1:4] == ["social credit", "approved", "term"]
    assert by_term["sociaal krediet"][5] == "sociale kredieten"
    assert by_term["'" + FORMULA_TERM][1] == "'" + FORMULA_EN
    for r in rows:
        for cell in r:
            assert not cell[:1] in ("=", "+", "-", "@")


def test_tsv_is_omegat_layout(g):
    text = export(g, "tsv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(r) == 3 for r in rows)
    assert ["sociaal krediet", "social credit", ""] in rows
    assert ["Guanxi", "connections", "[candidate] Chinese loanword; keep in italics"] in rows
    assert ["'" + FORMULA_TERM, "'" + FORMULA_EN, ""] in rows
    assert not text.startswith("term\t")  # no header


def test_formula_escaping_is_reversible():
    for text in ["=1+1", "+31", "-x", "@a", "'=a", "''+b", "plain", "'quoted'", ""]:
        assert unneutralise(neutralise(text)) == text
        assert not neutralise(text)[:1] in ("=", "+", "-", "@")


def test_xlsx_read_by_openpyxl(g):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export(g, "xlsx")))
    assert wb.sheetnames == ["Terms", "Contexts"]
    ws = wb["Terms"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == ws.dimensions
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("term", "english", "status")
    formula = next(r for r in rows if r[0] and r[0].startswith("'="))
    assert formula[1] == "'" + FORMULA_EN
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    contexts = list(wb["Contexts"].iter_rows(values_only=True))
    assert contexts[0] == ("term", "document", "sentence", "translation")
    assert ("sociaal krediet", "artikel een.txt", "Het sociaal krediet groeit snel.",
            "Social credit is growing fast.") in contexts


def test_po_read_by_translate_toolkit_and_msgfmt(g, tmp_path):
    from translate.storage import pypo

    data = export(g, "po")
    store = pypo.pofile(io.BytesIO(data))
    units = {(u.getcontext(), u.source): u for u in store.units if not u.isheader()}
    assert units[("", "sociaal krediet")].target == "social credit"
    assert "artikel_een.txt" in " ".join(units[("", "sociaal krediet")].getlocations())
    assert "context: Het sociaal krediet groeit snel." in units[("", "sociaal krediet")].getnotes("translator")
    assert units[("", "Guanxi")].target == ""  # no approved English
    # the same text twice (a term and a name): told apart by msgctxt
    assert units[("term", "bank")].target == "bank" and units[("name", "Bank")].target == ""
    msgfmt = require_msgfmt()  # skips on a developer machine without gettext, fails in CI
    path = tmp_path / "g.po"
    path.write_bytes(data)
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_po_duplicate_msgids_get_msgctxt(tmp_path):
    with Glossary(tmp_path / "d.db") as g:
        a = g.add_term("bank")
        b = g.add_term("bank", key="bank#name", kind="name")
        c = g.add_term("bank", key="bank#name2", kind="name")
        for tid, en in ((a, "bank"), (b, "Bank"), (c, "Banque")):
            g.add_translation(tid, en, source="human", status="approved")
        import polib

        po = polib.pofile(export(g, "po").decode())
        assert sorted((e.msgctxt, e.msgid) for e in po) == [("name", "bank"), ("name 2", "bank"), ("term", "bank")]
        msgfmt = require_msgfmt()
        (tmp_path / "d.po").write_bytes(export(g, "po"))
        assert subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(tmp_path / "d.po")]).returncode == 0


def test_tmx_read_by_translate_toolkit(g):
    from translate.storage import tmx

    data = export(g, "tmx")
    assert b'<tmx version="1.4">' in data
    store = tmx.tmxfile(io.BytesIO(data), "nl", "en")
    pairs = {(u.source, u.target) for u in store.units}
    assert pairs == {("Het sociaal krediet groeit snel.", "Social credit is growing fast."),
                     ("Guanxi is belangrijk in China.", "Guanxi matters in China.")}


def test_tbx_v2_read_by_translate_toolkit(g):
    from translate.storage import tbx

    data = export(g, "tbx", tbx_version=2)
    assert data.count(b"<termEntry") == 7
    store = tbx.tbxfile(io.BytesIO(data), "nl", "en")
    units = {u.source: u for u in store.units}
    assert "sociaal krediet" in units
    assert units["sociaal krediet"].target == "social credit"
    # and our reader takes it back (older TBX on import)
    entries = formats.read(data, "tbx", "v2.tbx")
    assert content(entries) == content(formats.read(export(g, "tbx"), "tbx", "v3.tbx"))


def test_tbx_written_by_translate_toolkit_imports(tmp_path):
    from translate.storage import tbx

    store = tbx.tbxfile(sourcelanguage="nl", targetlanguage="en")
    unit = store.addsourceunit("kredietwaardigheid")
    unit.target = "creditworthiness"
    store.addsourceunit("burgerscore").target = "citizen score"
    path = tmp_path / "toolkit.tbx"
    path.write_bytes(bytes(store))
    with Glossary(tmp_path / "t.db") as g:
        report = formats.import_file(g, path)
        assert report.terms_added == 2
        got = {e.term: [(t.text, t.status) for t in e.translations] for e in collect(g)}
        assert got["kredietwaardigheid"] == [("creditworthiness", "approved")]


# -- TBX-Basic validation -----------------------------------------------------------------------
# The TBX-Basic RNG/Schematron (LTAC-Global/TBX-Basic_dialect) carries no licence file, so it is
# not copied here; this checks the same structure (TBXcoreStructV03, DCA style) and the
# TBX-Basic data-category values with lxml.

NS = "{urn:iso:std:iso:30042:ed:3.0}"
AUX = "(descrip|descripGrp|admin|adminGrp|transacGrp|note|ref|xref)"
CONTENT = {
    "tbx": r"tbxHeader text",
    "tbxHeader": r"fileDesc( encodingDesc)?( revisionDesc)?",
    "fileDesc": r"(titleStmt )?(publicationStmt )?sourceDesc( sourceDesc)*",
    "titleStmt": r"title( note)*",
    "sourceDesc": r"p( p)*",
    "text": r"body( back)?",
    "body": r"conceptEntry( conceptEntry)*",
    "conceptEntry": rf"({AUX} )*langSec( langSec)*",
    "langSec": rf"({AUX} )*termSec( termSec)*",
    "termSec": rf"term( (termNote|termNoteGrp))*( {AUX})*",
    "descripGrp": r"descrip( (descripNote|admin|adminGrp|transacGrp|note|ref|xref))*",
}
VALUES = {
    ("termNote", "partOfSpeech"): {"adjective", "noun", "other", "verb", "adverb"},
    ("termNote", "termType"): {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
    ("termNote", "administrativeStatus"): {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                                           "supersededTerm-admn-sts", "preferredTerm-admn-sts"},
}
TYPES = {"termNote": {"partOfSpeech", "termType", "administrativeStatus", "grammaticalGender",
                      "geographicalUsage", "termLocation"},
         "descrip": {"context", "definition", "subjectField"},
         "admin": {"source", "customerSubset", "projectSubset"}}


def validate_tbx_basic(data: bytes) -> None:
    import re

    root = etree.fromstring(data)
    assert root.tag == NS + "tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang")
    ids = [n.get("id") for n in root.iter() if n.get("id")]
    assert len(ids) == len(set(ids)) and all(re.match(r"^[A-Za-z_][\w.-]*$", i) for i in ids)
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        assert node.tag.startswith(NS), node.tag
        name = node.tag[len(NS):]
        if name in CONTENT:
            children = " ".join(c.tag[len(NS):] for c in node if isinstance(c.tag, str))
            assert re.fullmatch(CONTENT[name], children), f"<{name}> content {children!r}"
        if name == "langSec":
            assert node.get("{http://www.w3.org/XML/1998/namespace}lang")
        if name in TYPES:
            assert node.get("type") in TYPES[name], (name, node.get("type"))
            allowed = VALUES.get((name, node.get("type")))
            if allowed:
                assert node.text in allowed, (name, node.get("type"), node.text)
        if name == "termNote":
            assert node.getparent().tag in (NS + "termSec", NS + "termNoteGrp")
        if name == "descrip" and node.get("type") == "context":
            parent = node.getparent()
            assert parent.tag == NS + "termSec" or (parent.tag == NS + "descripGrp"
                                                    and parent.getparent().tag == NS + "termSec")


def test_tbx_v3_is_tbx_basic(g):
    data = export(g, "tbx")
    validate_tbx_basic(data)
    root = etree.fromstring(data)
    concepts = root.findall(f".//{NS}conceptEntry")
    assert len(concepts) == 7
    sk = next(c for c in concepts if c.findtext(f"{NS}langSec/{NS}termSec/{NS}term") == "sociaal krediet")
    en = sk.find(f"{NS}langSec[@{{http://www.w3.org/XML/1998/namespace}}lang='en']")
    statuses = {s.findtext(f"{NS}term"): s.findtext(f"{NS}termNote[@type='administrativeStatus']")
                for s in en.findall(f"{NS}termSec")}
    assert statuses == {"social credit": "preferredTerm-admn-sts", "social loan": "admittedTerm-admn-sts"}
    assert sk.findtext(f".//{NS}descrip[@type='context']") == "Het sociaal krediet groeit snel."
    gx = next(c for c in concepts if c.findtext(f"{NS}langSec/{NS}termSec/{NS}term") == "Guanxi")
    assert "deprecatedTerm-admn-sts" in etree.tostring(gx).decode()


def test_validator_catches_broken_tbx(g):
    data = export(g, "tbx").replace(b">noun<", b">substantive<", 1)
    with pytest.raises(AssertionError):
        validate_tbx_basic(data)


# -- hostile and malformed input ----------------------------------------------------------------

HOSTILE = {
    "xxe": b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tbx>&x;</tbx>',
    "billion_laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;'
                      b'&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
                      b'&lol2;&lol2;&lol2;&lol2;">]><tbx>&lol3;</tbx>',
    "parameter_entity": b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'
                        b'<tbx/>',
    "utf16_xxe": '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tbx [<!ENTITY x SYSTEM '
                 '"file:///etc/passwd">]><tbx>&x;</tbx>'.encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_refused(name, tmp_path):
    path = tmp_path / f"{name}.tbx"
    path.write_bytes(HOSTILE[name])
    with Glossary(tmp_path / "h.db") as g:
        with pytest.raises(InputError) as err:
            formats.import_file(g, path)
        assert "entit" in str(err.value) and "\n" not in str(err.value)
        assert "root:" not in str(err.value)
        assert g.stats()["terms"] == 0


def test_external_dtd_is_not_loaded(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY s "LEAKED">')
    data = (f'<?xml version="1.0"?><!DOCTYPE martif SYSTEM "{secret.as_uri()}">'
            '<martif type="TBX"><text><body><termEntry><langSet xml:lang="nl"><tig><term>x&amp;y</term></tig>'
            '</langSet></termEntry></body></text></martif>').encode()
    entries = formats.read(data, "tbx", "old.tbx")  # the DTD is ignored, not fetched
    assert [e.term for e in entries] == ["x&y"]
    with pytest.raises(InputError):
        xmlsafe.parse(data.replace(b"x&amp;y", b"&s;"), "old.tbx")


@pytest.mark.parametrize("fmt,data,where", [
    ("tbx", b'<?xml version="1.0"?>\n<tbx>\n  <text><body></tbx>', "old.tbx:3:"),
    ("json", b'[\n {"term": "a",}\n]', "old.json:2:"),
    ("jsonl", b'{"term": "a"}\n{"term": \n', "old.jsonl:2:"),
    ("tsv", b"a\tb\nnot a glossary line\n", "old.tsv:2:"),
    ("tsv", b"a\tb\n\xff\xfe\tx\n", "old.tsv:2:1"),
    ("csv", b"english\nx\n", "old.csv:1:"),
    ("csv", b'term,english\n"a,b\n', "old.csv:"),
    ("po", b'msgid "a"\nfoo bar\n', "old.po:2:"),
    ("xlsx", b"PK\x03\x04 not really", "old.xlsx"),
    ("tbx", b"<html><body/></html>", "old.tbx"),
])
def test_malformed_input_one_clear_error(fmt, data, where):
    with pytest.raises(InputError) as err:
        formats.read(data, fmt, "old." + fmt)
    message = str(err.value)
    assert message.startswith(where) and "\n" not in message, message


def test_formula_escaping_property():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="'=+-@ab\t", max_size=8))
    def check(text):
        escaped = neutralise(text)
        assert unneutralise(escaped) == text
        assert escaped[:1] not in ("=", "+", "-", "@")

    check()


def test_po_fuzzy_and_msgctxt_on_import():
    data = (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            b'# note: a note\n#, fuzzy\nmsgid "burgerscore"\nmsgstr "citizen score"\n\n'
            b'msgctxt "name"\nmsgid "Alibaba"\nmsgstr "Alibaba"\n\n'
            b'#~ msgid "oud"\n#~ msgstr "old"\n')
    entries = formats.read(data, "po", "x.po")
    assert content(entries) == [("burgerscore", "term", [], "a note", [("citizen score", "candidate")]),
                                ("Alibaba", "name", [], None, [("Alibaba", "approved")])]


def test_tbx_v3_statuses_on_import():
    data = b"""<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed:3.0" type="TBX-Basic" style="dca" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="a">
 <langSec xml:lang="nl-NL"><termSec><term>schandpaal</term><note>kind: term</note><note>pillory</note></termSec>
   <termSec><term>schandpalen</term><termNote type="termType">variant</termNote></termSec></langSec>
 <langSec xml:lang="en-GB">
   <termSec><term>pillory</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
   <termSec><term>stocks</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
   <termSec><term>pilory</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
 </langSec></conceptEntry></body></text></tbx>"""
    assert content(formats.read(data, "tbx", "x.tbx")) == [
        ("schandpaal", "term", ["schandpalen"], "pillory",
         [("pillory", "approved"), ("stocks", "candidate"), ("pilory", "rejected")])]


def test_tbx_without_dutch_is_an_error():
    data = (b'<martif type="TBX"><text><body><termEntry><langSet xml:lang="de"><tig><term>Bank</term></tig>'
            b'</langSet></termEntry></body></text></martif>')
    with pytest.raises(InputError, match="no Dutch terms .* languages: de"):
        formats.read(data, "tbx", "de.tbx")


def test_no_network_for_external_dtd_or_entities():
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/x.dtd"
    try:
        dtd_only = (f'<?xml version="1.0"?><!DOCTYPE martif SYSTEM "{url}"><martif><text><body><termEntry>'
                    '<langSet xml:lang="nl"><tig><term>a</term></tig></langSet></termEntry></body></text></martif>')
        assert [e.term for e in formats.read(dtd_only.encode(), "tbx", "x.tbx")] == ["a"]
        with pytest.raises(InputError):
            xmlsafe.parse(f'<!DOCTYPE x [<!ENTITY % p SYSTEM "{url}"> %p;]><x/>'.encode(), "p.tbx")
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected
    finally:
        server.close()
