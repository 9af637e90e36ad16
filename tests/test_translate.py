"""MT backend (issue 4): batch translation through CTranslate2 with a real (random-weight) Argos
package built by scripts/make_test_model.py, storage and provenance, idempotence, approved
translations untouched, and the start-up rule (no MT stack on lookup).

Assertions hold for any model: shapes, provenance, counts, never the text a random model writes.
The helpers here (``tiny_package``, ``argos_dir``, ``make_glossary``) are imported by the other
test_models/test_dict/test_align modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# hard dependencies (argostranslate pulls them): a broken install fails here, loudly
import ctranslate2  # noqa: E402,F401
import sentencepiece  # noqa: E402,F401

# the shared fixtures moved to conftest.py; re-exported for the modules that import them from here
from tests.conftest import argos_dir, tiny_package  # noqa: E402,F401
from tests.conftest import build_test_package as _build  # noqa: E402,F401

# Sample text written for these tests (not taken from any corpus).
DOC = (
    "Het sociaal kredietsysteem beoordeelt de kredietwaardigheid van burgers. "
    "Een lage kredietwaardigheid beperkt de toegang tot leningen. "
    "Banken delen gegevens over kredietwaardigheid met de overheid. "
    "Het kredietsysteem gebruikt ook gegevens uit sociale media."
)
TERMS = ["kredietwaardigheid", "kredietsysteem", "sociaal kredietsysteem", "banken"]


def make_glossary(path: Path, text: str = DOC, terms=TERMS):
    """A glossary with one document, its sentences as contexts and ``terms`` with occurrences,
    stored through the store's public ``store_extraction`` (no dependency on the extractor)."""
    import hashlib
    import re

    from glossary.store import Glossary, simple_key

    g = Glossary(path)
    doc = SimpleNamespace(sha256=hashlib.sha256(text.encode()).hexdigest(), name="sample.txt", path="sample.txt",
                          format="txt", title="sample", text=text, words=len(text.split()))
    doc_id, _ = g.add_document(doc)
    sentences = []
    for m in re.finditer(r"[^.]+\.", text):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        sentences.append(SimpleNamespace(start=start, end=m.end(), text=text[start:m.end()]))
    extracted = []
    for rank, term in enumerate(terms):
        occ = []
        for si, s in enumerate(sentences):
            for m in re.finditer(re.escape(term), s.text, re.IGNORECASE):
                occ.append(SimpleNamespace(doc=0, sentence=si, start=m.start(), end=m.end(), surface=m.group(0)))
        lemma = "bank" if term == "banken" else term
        extracted.append(SimpleNamespace(term=term, key=simple_key(lemma), lemma=lemma, kind="term",
                                         score=10.0 - rank, frequency=len(occ), doc_count=1, variants=[],
                                         parts=[], occurrences=occ))
    g.store_extraction([doc_id], SimpleNamespace(sentences=[sentences], terms=extracted))
    return g


@pytest.fixture
def installed(tiny_package, argos_dir):
    from glossary.translate.models import install_from_file

    return install_from_file(tiny_package, expect=("nl", "en"))


# -- batch translator ------------------------------------------------------------------------


def test_batch_translate_shapes_and_caps(installed):
    from glossary.translate.argos import ARGOS_SETTINGS, CAP_SPREAD, ArgosTranslator, decoding_cap

    mt = ArgosTranslator(installed)
    items = TERMS + [DOC.split(". ")[0] + "."] + [""]
    results = mt.translate(items, return_attention=True)
    assert len(results) == len(items)
    for item, res in zip(items, results):
        assert isinstance(res.text, str)
        assert res.score <= 0.0 and 0.0 < res.confidence <= 1.0
        # an input shares a batch only with inputs whose cap is at most 1/CAP_SPREAD x its own
        assert len(res.target_tokens) <= decoding_cap(len(res.source_tokens) or 1) / CAP_SPREAD
        if item:
            assert res.source_tokens and len(res.source_offsets) == len(res.source_tokens)
            assert res.attention is None or len(res.attention) >= len(res.target_tokens)
    # the same input gives the same output, batched or alone (deterministic decoding)
    alone = mt.translate([items[0]], **ARGOS_SETTINGS)[0]
    batched = mt.translate(items, **ARGOS_SETTINGS)[0]
    assert alone.text == batched.text


def test_submit_collect_dedupes_and_matches_translate(installed):
    """Queued calls run side by side; identical inputs are translated once; small and large
    batches and any order give the same text (decoding is per example)."""
    from glossary.translate.argos import ARGOS_SETTINGS, ArgosTranslator

    mt = ArgosTranslator(installed)
    sentences = [s.strip() + "." for s in DOC.split(".") if s.strip()]
    items = TERMS + sentences + TERMS[:2]
    pending_a = mt.submit(sentences, beam_size=1, return_attention=True)
    pending_b = mt.submit(items, **ARGOS_SETTINGS)
    assert sum(len(chunk) for chunk, *_ in pending_b.jobs) == len(TERMS) + len(sentences)
    # Argos' settings batch without padding: one token length per batch (padding changes the
    # float rounding, which can flip a near-tie beam decision)
    for chunk, *_ in pending_b.jobs:
        assert len({len(pending_b.encoded[i][0]) for i in chunk}) == 1
    assert any(len({len(pending_a.encoded[i][0]) for i in chunk}) > 1 for chunk, *_ in pending_a.jobs)
    b = mt.collect(pending_b)
    a = mt.collect(pending_a)
    assert [r.text for r in b[-2:]] == [r.text for r in b[:2]]
    one_by_one = [mt.translate([item], **ARGOS_SETTINGS)[0].text for item in reversed(items)][::-1]
    assert [r.text for r in b] == one_by_one
    small = ArgosTranslator(installed, batch_rows=4).translate(items, **ARGOS_SETTINGS)
    assert [r.text for r in small] == one_by_one
    assert [r.text for r in a] == [r.text for r in mt.translate(sentences, beam_size=1)]
    assert all(r.attention is not None for r in a if r.target_tokens)


def test_best_match_is_the_exhaustive_search():
    """The pruned n-gram search returns what scoring every n-gram with difflib returns."""
    import difflib
    import random

    from glossary.translate.argos import PUNCT, best_match

    def exhaustive(sentence, wanted, threshold=0.8):
        words = [w for w in (w.strip(PUNCT) for w in sentence.split()) if w]
        target = wanted.casefold().strip(PUNCT)
        if not words or not target:
            return None
        n = len(target.split())
        best, best_ratio = None, 0.0
        for size in {max(1, n - 1), n, n + 1}:
            for i in range(0, max(0, len(words) - size) + 1):
                cand = " ".join(words[i:i + size])
                ratio = difflib.SequenceMatcher(None, cand.casefold(), target).ratio()
                if ratio > best_ratio:
                    best, best_ratio = cand, ratio
        return best if best_ratio >= threshold else None

    rng = random.Random(7)
    vocab = ["credit", "Credit", "system", "systems", "the", "of", "worthiness", "bank", "banks",
             "data", "a", "ab", "ba", "x,", "(y)", "é", "STRASSE", "straße"]
    assert best_match("the social credit system rates", "credit systems") == "credit system"
    for _ in range(400):
        sentence = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 25)))
        wanted = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 5)))
        threshold = rng.choice([0.8, 0.8, 0.6, 0.3, 0.0])
        assert best_match(sentence, wanted, threshold) == exhaustive(sentence, wanted, threshold)


def test_translate_glossary_stores_provenance_and_is_idempotent(installed, tmp_path):
    from glossary.translate import available_backends, translate_glossary

    g = make_glossary(tmp_path / "g.db")
    assert available_backends(g) == ["argos"]
    summary = translate_glossary(g, only_missing=True)
    info = summary["backends"]["argos"]
    assert info["model"] == installed.name and info["version"] == installed.version
    assert info["terms"] == len(TERMS) and info["sentences"] == 4
    rows = g.conn.execute("SELECT * FROM translations").fetchall()
    assert rows and len(rows) == info["candidates"]
    for row in rows:
        assert row["source"] == "mt" and row["status"] == "candidate"
        assert row["origin"] == installed.name and row["origin_version"] == installed.version
        assert 0.0 <= row["score"] <= 1.0
        assert "TEST MODEL" in row["note"]
    translated = {r["term_id"] for r in rows}
    assert translated == {t["id"] for t in g.iter_terms()}
    assert g.conn.execute("SELECT count(*) FROM sentence_translations").fetchone()[0] == 4
    # a second run over all terms adds nothing new
    again = translate_glossary(g, only_missing=False)
    assert again["backends"]["argos"]["terms"] == len(TERMS)
    assert g.conn.execute("SELECT count(*) FROM translations").fetchone()[0] == len(rows)
    # only-missing: nothing left to do
    assert translate_glossary(g, only_missing=True)["terms"] == 0
    g.close()


def test_approved_and_human_translations_untouched(installed, tmp_path):
    from glossary.translate import translate_glossary

    g = make_glossary(tmp_path / "g.db")
    term = g.term_by_key("kredietwaardigheid")
    human = g.set_translation(term["id"], "creditworthiness")
    before = dict(g.conn.execute("SELECT * FROM translations WHERE id=?", (human,)).fetchone())
    translate_glossary(g, only_missing=True)
    # only-missing skips the translated term entirely
    assert [r["source"] for r in g.translations(term["id"])] == ["human"]
    translate_glossary(g, only_missing=False)
    after = dict(g.conn.execute("SELECT * FROM translations WHERE id=?", (human,)).fetchone())
    assert after == before
    approved = g.conn.execute("SELECT id FROM translations WHERE term_id=? AND status='approved'", (term["id"],)).fetchall()
    assert [r[0] for r in approved] == [human]
    g.close()


def test_equal_settings_match_argostranslate(installed, monkeypatch):
    """The batch backend with argostranslate's decoding settings gives translate()'s text."""
    import argostranslate.sbd
    import argostranslate.translate as argos_translate
    from argostranslate import settings

    from glossary.translate.argos import ARGOS_SETTINGS, ArgosTranslator

    monkeypatch.setattr(settings, "package_dirs", [installed.path.parent])
    monkeypatch.setattr(argostranslate.sbd.MiniSBDSentencizer, "split_sentences", lambda self, text: [text])
    argos_translate.get_installed_languages.cache_clear()
    items = TERMS + [DOC.split(". ")[1] + "."]
    expected = [argos_translate.translate(item, "nl", "en") for item in items]
    got = [r.text for r in ArgosTranslator(installed).translate(items, **ARGOS_SETTINGS)]
    argos_translate.get_installed_languages.cache_clear()
    assert got == expected


def test_translate_command(installed, tmp_path, capsys):
    from glossary.cli import main
    from glossary.store import Glossary

    db = tmp_path / "g.db"
    make_glossary(db).close()
    assert main(["--db", str(db), "translate", "--backend", "argos", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    with Glossary(db) as g:
        rows = g.conn.execute("SELECT status, origin FROM translations WHERE source='mt'").fetchall()
        before = g.conn.execute("SELECT * FROM translations ORDER BY id").fetchall()
    # the reported count is what was stored, each a candidate naming its model
    assert out["backends"]["argos"]["candidates"] == len(rows) > 0
    assert all(r["status"] == "candidate" and r["origin"] for r in rows)
    # issue 16: a backend asked for by name that cannot run is an error (one line), not a skip
    assert main(["--db", str(db), "translate", "--all", "--backend", "dictionary"]) == 1
    assert capsys.readouterr().err.strip().startswith("glossary: error: the dictionary backend is not available")
    with Glossary(db) as g:  # and nothing was written
        assert g.conn.execute("SELECT * FROM translations ORDER BY id").fetchall() == before


def test_no_backend_message(argos_dir, tmp_path, capsys):
    from glossary.cli import main

    db = tmp_path / "g.db"
    make_glossary(db).close()
    assert main(["--db", str(db), "translate"]) == 1
    assert "models install" in capsys.readouterr().out


def test_lookup_and_help_do_not_import_the_mt_stack(installed, tmp_path):
    """Start-up rule: lookup, stats, --help and available_backends never load MT modules."""
    db = tmp_path / "g.db"
    make_glossary(db).close()
    code = textwrap.dedent(f"""
        import sys, contextlib, io
        from glossary.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["--db", {str(db)!r}, "lookup", "kredietwaardigheid"])
            main(["--db", {str(db)!r}, "stats"])
            try:
                main(["--help"])
            except SystemExit:
                pass
        from glossary.store import Glossary
        from glossary.translate import available_backends
        g = Glossary({str(db)!r})
        assert available_backends(g) == ["argos"], available_backends(g)
        heavy = [m for m in ("argostranslate.translate", "ctranslate2", "torch", "stanza", "spacy") if m in sys.modules]
        print(heavy)
        sys.exit(1 if heavy else 0)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
