"""The build pipeline in-process: per-document transactions, re-ranking keeps decisions."""

from __future__ import annotations

import shutil

import pytest

from glossary.build import build
from glossary.store import Glossary
from tests.conftest import CORPUS


def test_a_failing_document_write_leaves_earlier_documents_whole(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    original = Glossary.add_document
    calls = []

    def flaky(self, doc):
        calls.append(doc.name)
        if len(calls) == 3:
            with self.transaction():
                self.conn.execute("INSERT INTO documents(sha256, name, text) VALUES('x', 'half', 'half')")
                raise KeyboardInterrupt  # the process is stopped in the middle of a document
        return original(self, doc)

    monkeypatch.setattr(Glossary, "add_document", flaky)
    with Glossary(tmp_path / "g.db") as g:
        with pytest.raises(KeyboardInterrupt):
            build(g, [docs], translate=False)
        names = [d["name"] for d in g.documents()]
        assert names == calls[:2]  # two whole documents, nothing of the third
    monkeypatch.setattr(Glossary, "add_document", original)
    with Glossary(tmp_path / "g.db") as g:
        summary = build(g, [docs], translate=False)
        assert summary.added == 2 and summary.unchanged == 2 and summary.terms > 50


def test_rebuild_with_new_document_keeps_translator_work(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "sociaal-krediet.txt", docs)
    with Glossary(tmp_path / "g.db") as g:
        build(g, [docs], translate=False)
        term = g.term_by_key("sociaal krediet") or g.term_by_key("sociaal kredietsysteem")
        assert term is not None
        approved = g.set_translation(term["id"], "social credit")
        g.set_note(term["id"], "keep this")
        frequency = term["frequency"]
        shutil.copy(CORPUS / "kredietwaardigheid.md", docs)
        summary = build(g, [docs], translate=False)
        assert summary.added == 1 and summary.extracted
        after = g.term(term["id"])
        assert after["note"] == "keep this"
        assert after["frequency"] >= frequency
        assert g.translations(term["id"])[0]["id"] == approved
        assert g.translations(term["id"])[0]["status"] == "approved"
        # contexts point at existing documents and at the right words
        for ctx in g.term_contexts(term["id"], limit=None):
            assert ctx["text"][ctx["start"]:ctx["end"]] == ctx["surface"]
