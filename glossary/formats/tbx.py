"""TBX: TBX v3 (ISO 30042:2019, namespace ``urn:iso:std:iso:30042:ed-2``), TBX-Basic dialect,
DCA style; TBX v2 (``martif``) on request and on import.

Export, one ``conceptEntry`` per term::

    <conceptEntry id="c12">
      <langSec xml:lang="nl">
        <termSec>
          <term>sociaal krediet</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="termType">fullForm</termNote>          (variants: variant)
          <descripGrp><descrip type="context">...</descrip><admin type="source">doc.txt</admin></descripGrp>
          <admin type="source">extracted from: doc.txt</admin>   (one per document)
          <note>kind: name</note> <note>frequency: 3</note> <note>the term's note</note>
        </termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>social credit</term> ... administrativeStatus preferredTerm-admn-sts
          (approved) or deprecatedTerm-admn-sts (rejected); a candidate has NO status (nobody has
          admitted it) but <note>status: candidate (unreviewed)</note>;
          <admin type="source">mt: opus-mt-nl-en</admin></termSec>
      </langSec>
    </conceptEntry>

Every value is one of TBX-Basic's (``TBX-Basic_DCA.sch``): ``partOfSpeech`` is ``noun`` in v3
(TBX-Basic v3 has no ``properNoun``; the kind is the ``kind:`` note), ``properNoun`` for names in
v2 (TBX-Basic v2's picklist has it). ``--tbx-version 2`` writes the same content as TBX v2
(``martif``/``termEntry``/``langSet``/``tig``), which older tools (and translate-toolkit) read.
Import accepts both, with or without a DOCTYPE line; Dutch terms are the ``nl*`` language
section, English the ``en*`` one.
"""

from __future__ import annotations

import re

from lxml import etree

from glossary import __version__
from glossary.errors import InputError
from glossary.formats import xmlsafe
from glossary.formats.model import Context, Entry, Translation, clean

NS3 = "urn:iso:std:iso:30042:ed-2"
OLD_NS3 = "urn:iso:std:iso:30042:ed:3.0"  # what glossary < 0.2 wrote; still read
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RNG_HREF = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
            "TBXcoreStructV03_TBX-Basic_integrated.rng")
SCH_HREF = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
# a candidate gets no administrativeStatus: admittedTerm would claim a terminologist admitted it
STATUS_TO_ADMN = {"approved": "preferredTerm-admn-sts", "rejected": "deprecatedTerm-admn-sts"}
ADMN_TO_STATUS = {
    "preferredterm-admn-sts": "approved", "preferredterm": "approved", "preferred": "approved",
    "admittedterm-admn-sts": "candidate", "admittedterm": "candidate", "admitted": "candidate",
    "deprecatedterm-admn-sts": "rejected", "deprecatedterm": "rejected", "deprecated": "rejected",
    "supersededterm-admn-sts": "rejected", "supersededterm": "rejected", "superseded": "rejected",
    "notrecommended": "rejected", "notrecommendedterm": "rejected", "notrecommendedterm-admn-sts": "rejected",
}
KIND_NOTE = "kind: "
FREQUENCY_NOTE = "frequency: "
CANDIDATE_NOTE = "status: candidate (unreviewed)"
DOCUMENT_SOURCE = "extracted from: "
_FREQUENCY = re.compile(r"frequency: (\d+)$")


def write(entries, out, *, tbx_version: int = 3, title: str = "glossary", **_options) -> None:
    v3 = tbx_version == 3
    E = (lambda tag: f"{{{NS3}}}{tag}") if v3 else (lambda tag: tag)

    def sub(parent, tag, text=None, **attrs):
        node = etree.SubElement(parent, E(tag), {XML_LANG if k == "lang" else k: v for k, v in attrs.items()})
        if text is not None:
            node.text = xmlsafe.xml_text(text)
        return node

    if v3:
        root = etree.Element(E("tbx"), {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"}, nsmap={None: NS3})
        header = sub(root, "tbxHeader")
    else:
        root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
        header = sub(root, "martifHeader")
    desc = sub(header, "fileDesc")
    sub(sub(desc, "titleStmt"), "title", title)
    sub(sub(desc, "sourceDesc"), "p", f"Exported by glossary {__version__} (Dutch-English terminology)")
    body = sub(sub(root, "text"), "body")
    entry_tag, lang_tag = ("conceptEntry", "langSec") if v3 else ("termEntry", "langSet")

    def term_sec(parent, text, term_type, status, kind="term"):
        if v3:
            sec = sub(parent, "termSec")
            sub(sec, "term", text)
        else:
            sec = sub(parent, "tig")
            sub(sec, "term", text)
        pos = "properNoun" if kind == "name" and not v3 else "noun"
        sub(sec, "termNote", pos, type="partOfSpeech")
        sub(sec, "termNote", term_type, type="termType")
        if status in STATUS_TO_ADMN:
            sub(sec, "termNote", STATUS_TO_ADMN[status], type="administrativeStatus")
        return sec

    used: set[str] = set()
    for number, e in enumerate(entries, 1):
        ident = f"c{e.id}" if e.id is not None and f"c{e.id}" not in used else f"e{number}"
        used.add(ident)
        concept = sub(body, entry_tag, id=ident)
        nl = sub(concept, lang_tag, lang="nl")
        sec = term_sec(nl, e.term, "fullForm", None, e.kind)
        for c in e.contexts:
            grp = sub(sec, "descripGrp")
            sub(grp, "descrip", c.text, type="context")
            if c.document:
                sub(grp, "admin", c.document, type="source")
        for document in e.documents:
            sub(sec, "admin", DOCUMENT_SOURCE + document, type="source")
        if e.kind != "term":
            sub(sec, "note", KIND_NOTE + e.kind)
        if e.frequency:
            sub(sec, "note", f"{FREQUENCY_NOTE}{e.frequency}")
        if e.note:
            sub(sec, "note", e.note)
        for v in e.variants:
            term_sec(nl, v, "variant", None, e.kind)
        if e.translations:
            en = sub(concept, lang_tag, lang="en")
            for t in e.translations:
                tsec = term_sec(en, t.text, "fullForm", t.status, e.kind)
                if t.source:
                    sub(tsec, "admin", f"{t.source}: {t.origin}" if t.origin else t.source, type="source")
                if t.status not in STATUS_TO_ADMN:
                    sub(tsec, "note", CANDIDATE_NOTE)
    tree = etree.ElementTree(root)
    if v3:
        for href, ns in ((RNG_HREF, "http://relaxng.org/ns/structure/1.0"),
                         (SCH_HREF, "http://purl.oclc.org/dsdl/schematron")):
            root.addprevious(etree.ProcessingInstruction(
                "xml-model", f'href="{href}" type="application/xml" schematypens="{ns}"'))
    out.write(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# -- reading ------------------------------------------------------------------------------------

def _children(node, *names):
    return [c for c in node if xmlsafe.local(c.tag) in names]


class _Sec:
    """One term section (v3 termSec, v2 tig/ntig) as read."""

    def __init__(self, sec):
        holder = sec
        if xmlsafe.local(sec.tag) == "ntig":
            holder = next(iter(_children(sec, "termGrp")), sec)
        term_node = next(iter(_children(holder, "term")), None)
        self.term = clean(xmlsafe.text_of(term_node)) if term_node is not None else ""
        self.notes: dict[str, str] = {}
        self.free: list[str] = []
        self.sources: list[str] = []
        self.contexts: list[Context] = []
        for node in sec.iter():
            name = xmlsafe.local(node.tag)
            if name == "termNote" and node.get("type"):
                self.notes.setdefault(node.get("type"), xmlsafe.text_of(node))
            elif name == "note" and node.getparent() is sec:
                self.free.append(xmlsafe.text_of(node))
            elif name == "admin" and node.get("type") == "source" and node.getparent() is sec:
                self.sources.append(xmlsafe.text_of(node))
            elif name == "descrip" and node.get("type") == "context":
                grp = node.getparent()
                document = None
                if xmlsafe.local(grp.tag) == "descripGrp":
                    document = next((clean(xmlsafe.text_of(a)) for a in _children(grp, "admin")
                                     if a.get("type") == "source"), None) or None
                text = clean(xmlsafe.text_of(node))
                if text:
                    self.contexts.append(Context(text, document))

    @property
    def status(self) -> str | None:
        value = self.notes.get("administrativeStatus") or self.notes.get("normativeAuthorization")
        return ADMN_TO_STATUS.get((value or "").strip().lower())


def _translation(sec: _Sec) -> Translation:
    status = sec.status
    if status is None:
        # our candidates carry a note instead of a status; a termbase entry without any status
        # is the termbase's (approved) translation
        status = "candidate" if CANDIDATE_NOTE in sec.free else "approved"
    source = origin = None
    if sec.sources:
        source, _, origin = sec.sources[0].partition(": ")
        source, origin = clean(source) or None, clean(origin) or None
    return Translation(sec.term, status, source, origin)


def read(data: bytes, name: str) -> list[Entry]:
    root = xmlsafe.parse(data, name)
    if xmlsafe.local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"{name}: not a TBX file (root element <{xmlsafe.local(root.tag)}>, "
                         "expected <tbx> or <martif>)")
    out = []
    languages: set[str] = set()
    for concept in root.iter():
        if xmlsafe.local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        dutch: list[_Sec] = []
        english: list[_Sec] = []
        concept_notes = [xmlsafe.text_of(n) for n in _children(concept, "note")]
        for lang_node in _children(concept, "langSec", "langSet"):
            lang = (lang_node.get(XML_LANG) or lang_node.get("lang") or "").lower()
            languages.add(lang or "?")
            secs = [_Sec(s) for s in _children(lang_node, "termSec", "tig", "ntig")]
            if lang.split("-")[0].split("_")[0] in ("nl", "nld", "dut"):
                dutch.extend(s for s in secs if s.term)
            elif lang.split("-")[0].split("_")[0] in ("en", "eng"):
                english.extend(s for s in secs if s.term)
        if not dutch:
            continue
        # the main Dutch term: the first that is not marked as a variant
        main = next((d for d in dutch if d.notes.get("termType") != "variant"), dutch[0])
        kind, notes, frequency = "term", [], 0
        if main.notes.get("partOfSpeech", "").strip() == "properNoun":
            kind = "name"
        for text in main.free + concept_notes:
            if text.startswith(KIND_NOTE) and text[len(KIND_NOTE):].strip() in ("term", "name", "loanword"):
                kind = text[len(KIND_NOTE):].strip()
            elif (count := _FREQUENCY.match(text)) is not None:
                frequency = int(count.group(1))
            elif text == CANDIDATE_NOTE:
                continue
            elif clean(text):
                notes.append(clean(text))
        documents = []
        for source in main.sources:
            if source.startswith(DOCUMENT_SOURCE):
                document = clean(source[len(DOCUMENT_SOURCE):])
                if document and document not in documents:
                    documents.append(document)
        variants: list[str] = []
        for d in dutch:
            if d is not main and d.term not in variants and d.term != main.term:
                variants.append(d.term)
        translations: list[Translation] = []
        for sec in english:
            if not any(t.text == sec.term for t in translations):
                translations.append(_translation(sec))
        out.append(Entry(
            term=main.term, kind=kind, variants=variants, note=" ".join(notes) or None,
            translations=translations, contexts=main.contexts, documents=documents,
            frequency=frequency, doc_count=len(documents),
        ))
    if not out and languages:
        raise InputError(f"{name}: no Dutch terms (xml:lang nl) in the file; its languages: "
                         f"{', '.join(sorted(languages))}")
    return out
