"""TBX: TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style; older TBX on import.

Export, one ``conceptEntry`` per term::

    <conceptEntry id="c12">
      <langSec xml:lang="nl">
        <termSec>
          <term>sociaal krediet</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="termType">fullForm</termNote>          (variants: variant)
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <descripGrp><descrip type="context">...</descrip><admin type="source">doc.txt</admin></descripGrp>
          <admin type="source">extracted from: doc.txt, ...</admin>
          <note>kind: name</note>  <note>the term's note</note>
        </termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>social credit</term> ... administrativeStatus: preferredTerm-admn-sts
          (approved), admittedTerm-admn-sts (candidate), deprecatedTerm-admn-sts (rejected);
          <admin type="source">mt: opus-mt-nl-en</admin></termSec>
      </langSec>
    </conceptEntry>

``--tbx-version 2`` writes the same content as TBX v2 (``martif``/``termEntry``/``langSet``/
``tig``), which older tools (and translate-toolkit) read. Import accepts both; Dutch terms are
the ``nl*`` language section, English the ``en*`` one.
"""

from __future__ import annotations

from lxml import etree

from glossary import __version__
from glossary.errors import InputError
from glossary.formats import xmlsafe
from glossary.formats.model import Entry, Translation, clean

NS3 = "urn:iso:std:iso:30042:ed:3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RNG_HREF = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
            "TBXcoreStructV03_TBX-Basic_integrated.rng")
SCH_HREF = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
STATUS_TO_ADMN = {"approved": "preferredTerm-admn-sts", "candidate": "admittedTerm-admn-sts",
                  "rejected": "deprecatedTerm-admn-sts"}
ADMN_TO_STATUS = {
    "preferredterm-admn-sts": "approved", "preferredterm": "approved", "preferred": "approved",
    "admittedterm-admn-sts": "candidate", "admittedterm": "candidate", "admitted": "candidate",
    "deprecatedterm-admn-sts": "rejected", "deprecatedterm": "rejected", "deprecated": "rejected",
    "supersededterm-admn-sts": "rejected", "supersededterm": "rejected",
}
KIND_NOTE = "kind: "


def write(entries, out, *, tbx_version: int = 3, title: str = "glossary", **_options) -> None:
    v3 = tbx_version == 3
    E = (lambda tag: f"{{{NS3}}}{tag}") if v3 else (lambda tag: tag)

    def sub(parent, tag, text=None, **attrs):
        node = etree.SubElement(parent, E(tag), {k.replace("lang", XML_LANG) if k == "lang" else k: v
                                                 for k, v in attrs.items()})
        if text is not None:
            node.text = text
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

    def term_sec(parent, text, term_type, status):
        if v3:
            sec = sub(parent, "termSec")
            sub(sec, "term", text)
            notes = sec
        else:
            sec = sub(parent, "tig")
            sub(sec, "term", text)
            notes = sec
        sub(notes, "termNote", "noun", type="partOfSpeech")
        sub(notes, "termNote", term_type, type="termType")
        sub(notes, "termNote", STATUS_TO_ADMN[status], type="administrativeStatus")
        return sec

    for e in entries:
        concept = sub(body, entry_tag, id=f"c{e.id}" if e.id is not None else None) if e.id is not None \
            else sub(body, entry_tag)
        nl = sub(concept, lang_tag, lang="nl")
        sec = term_sec(nl, e.term, "fullForm", "approved")
        for c in e.contexts:
            grp = sub(sec, "descripGrp")
            sub(grp, "descrip", c.text, type="context")
            if c.document:
                sub(grp, "admin", c.document, type="source")
        if e.documents:
            sub(sec, "admin", "extracted from: " + ", ".join(e.documents), type="source")
        if e.kind != "term":
            sub(sec, "note", KIND_NOTE + e.kind)
        if e.note:
            sub(sec, "note", e.note)
        for v in e.variants:
            term_sec(nl, v, "variant", "candidate")
        if e.translations:
            en = sub(concept, lang_tag, lang="en")
            for t in e.translations:
                tsec = term_sec(en, t.text, "fullForm", t.status if t.status in STATUS_TO_ADMN else "candidate")
                if t.source:
                    sub(tsec, "admin", f"{t.source}: {t.origin}" if t.origin else t.source, type="source")
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


def _terms(lang_node):
    """(term text, termNote dict, notes) for each term section (v3 termSec, v2 tig/ntig)."""
    for sec in _children(lang_node, "termSec", "tig", "ntig"):
        holder = sec
        if xmlsafe.local(sec.tag) == "ntig":
            holder = next(iter(_children(sec, "termGrp")), sec)
        term_node = next(iter(_children(holder, "term")), None)
        if term_node is None:
            continue
        notes: dict[str, str] = {}
        free: list[str] = []
        for node in sec.iter():
            name = xmlsafe.local(node.tag)
            if name == "termNote" and node.get("type"):
                notes.setdefault(node.get("type"), xmlsafe.text_of(node))
            elif name == "note":
                free.append(xmlsafe.text_of(node))
        yield xmlsafe.text_of(term_node), notes, free


def _status(notes: dict) -> str | None:
    value = notes.get("administrativeStatus") or notes.get("normativeAuthorization")
    return ADMN_TO_STATUS.get((value or "").strip().lower())


def read(data: bytes, name: str) -> list[Entry]:
    root = xmlsafe.parse(data, name)
    if xmlsafe.local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"{name}: not a TBX file (root element <{xmlsafe.local(root.tag)}>, expected <tbx> or <martif>)")
    out = []
    languages: set[str] = set()
    for concept in root.iter():
        if xmlsafe.local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        dutch, english = [], []
        concept_notes = [xmlsafe.text_of(n) for n in _children(concept, "note")]
        for lang_node in _children(concept, "langSec", "langSet"):
            lang = (lang_node.get(XML_LANG) or lang_node.get("lang") or "").lower()
            languages.add(lang or "?")
            if lang.startswith("nl"):
                dutch.extend(_terms(lang_node))
            elif lang.startswith("en"):
                english.extend(_terms(lang_node))
        dutch = [d for d in dutch if d[0]]
        if not dutch:
            continue
        # the main Dutch term: the first that is not marked as a variant
        main = next((d for d in dutch if d[1].get("termType") != "variant"), dutch[0])
        kind, notes = "term", []
        for text in main[2] + concept_notes:
            if text.startswith(KIND_NOTE) and text[len(KIND_NOTE):].strip() in ("term", "name", "loanword"):
                kind = text[len(KIND_NOTE):].strip()
            elif text:
                notes.append(text)
        out.append(Entry(
            term=clean(main[0]),
            kind=kind,
            variants=[clean(d[0]) for d in dutch if d is not main],
            note=" ".join(notes) or None,
            translations=[Translation(clean(t), _status(n) or "approved") for t, n, _ in english if clean(t)],
        ))
    if not out and languages:
        raise InputError(f"{name}: no Dutch terms (xml:lang nl) in the file; its languages: "
                         f"{', '.join(sorted(languages))}")
    return out
