"""glossary lookup: matching levels, reverse, fuzzy, stdin batches, output formats, exit codes,
and the start-up rule (no MT engine imported)."""

import json
import subprocess
import sys

import pytest

try:
    from test_lookup_fixture import build, run_cli
except ImportError:  # tests/ is a package
    from tests.test_lookup_fixture import build, run_cli

from glossary.lookup import find_term_id, fuzzy_matches, lookup, reverse_term_ids


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    path = tmp_path_factory.mktemp("lookup") / "g.db"
    g, ids = build(path)
    yield path, g, ids
    g.close()


def one(g, query, **kw):
    records = lookup(g, [query], **kw)
    assert len(records) == 1, records
    return records[0]


def test_exact_is_case_and_space_insensitive(fx):
    _, g, ids = fx
    r = one(g, "  Sociaal   KREDIET ")
    assert (r["match"], r["id"], r["score"]) == ("exact", ids["sociaal krediet"], 100.0)
    assert r["approved"] == "social credit"
    assert r["translations"][0] == {"text": "social credit", "source": "human", "status": "approved",
                                    "score": None, "origin": None}
    assert r["contexts"][0]["text"] == "Het sociaal krediet is nieuw."
    assert r["documents"] == ["doc.txt"]


def test_variant_level(fx):
    _, g, ids = fx
    r = one(g, "kredieten")
    assert (r["match"], r["term"]) == ("variant", "krediet")


def test_compound_level_joins_words(fx):
    _, g, ids = fx
    r = one(g, "Sociaal Krediet Systeem")
    assert (r["match"], r["term"]) == ("compound", "sociaal kredietsysteem")
    assert one(g, "sociaal krediet-systeem")["term"] == "sociaal kredietsysteem"


def test_lemma_level(fx):
    _, g, ids = fx
    r = one(g, "sociale kredieten")
    assert (r["match"], r["term"]) == ("lemma", "sociaal krediet")
    assert find_term_id(g, "Sociale Krediet Systemen")[0] == ids["sociaal kredietsysteem"]


def test_approved_translation_first(fx):
    _, g, _ = fx
    r = one(g, "kredietwaardigheid")
    assert [t["text"] for t in r["translations"]] == ["creditworthiness", "credit rating"]
    assert r["translations"][0]["status"] == "approved"


def test_fuzzy_only_when_asked(fx):
    _, g, ids = fx
    assert lookup(g, ["kredietwaardigheit"]) == []
    r = one(g, "kredietwaardigheit", fuzzy=True)
    assert (r["match"], r["id"]) == ("fuzzy", ids["kredietwaardigheid"])
    assert 75 <= r["score"] < 100
    assert lookup(g, ["zzzzqqqq"], fuzzy=True) == []
    found = fuzzy_matches(g, "sociaal kredit", limit=3)
    assert found[0][0] == ids["sociaal krediet"] and found == sorted(found, key=lambda x: -x[1])


def test_fuzzy_index_sees_new_terms(fx, tmp_path):
    g, ids = build(tmp_path / "f.db")
    assert lookup(g, ["burgerscoore"], fuzzy=True) == []
    g.add_term("burgerscore")
    assert one(g, "burgerscoore", fuzzy=True)["term"] == "burgerscore"
    g.close()


def test_reverse(fx):
    _, g, ids = fx
    r = one(g, "Social Credit", reverse=True)
    assert (r["match"], r["id"], r["matched_translation"]) == ("reverse", ids["sociaal krediet"], "social credit")
    assert one(g, "credit", reverse=True)["term"] == "krediet"
    assert lookup(g, ["sociaal krediet"], reverse=True) == []
    assert reverse_term_ids(g, '"credit" OR *') == []
    r = one(g, "credit ratting", reverse=True, fuzzy=True)
    assert (r["match"], r["term"]) == ("fuzzy", "kredietwaardigheid")


def test_several_terms_one_reverse_translation(tmp_path):
    g, ids = build(tmp_path / "r.db")
    other = g.add_term("burgerkrediet")
    g.set_translation(other, "social credit", approve=False)
    records = g.lookup("social credit", reverse=True)
    assert [r["term"] for r in records] == ["sociaal krediet", "burgerkrediet"]  # approved first
    g.close()


def test_python_api_lookup(fx):
    _, g, _ = fx
    records = g.lookup("guanxi", "nope", "Sesame credit")
    assert [r["term"] for r in records] == ["guanxi", "Sesame Credit"]
    assert records[1]["approved"] == "Sesame Credit" and records[1]["contexts"] == []
    assert g.lookup("guanxi", contexts=0)[0]["contexts"] == []


def test_cli_exit_codes_and_json(fx):
    path, _, _ = fx
    code, out, err = run_cli(path, "lookup", "kredieten", "guanxi", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [r["term"] for r in data] == ["krediet", "guanxi"]
    assert {"query", "match", "score", "id", "term", "lemma", "kind", "frequency", "doc_count", "documents",
            "variants", "note", "approved", "translations", "contexts"} <= set(data[0])
    code, out, err = run_cli(path, "lookup", "guanxi", "bestaat-niet")
    assert code == 1 and "not found: bestaat-niet" in err and "guanxi" in out
    assert run_cli(path, "lookup")[0] == 2
    assert run_cli(path, "lookup", "x", "--min-score", "300")[0] == 2
    assert run_cli(path, "lookup", "x", "--json", "--tsv")[0] == 2


def test_cli_human_output_approved_first(fx):
    path, _, _ = fx
    code, out, _ = run_cli(path, "lookup", "kredietwaardigheid")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("kredietwaardigheid  ->  creditworthiness  [approved, human]")
    assert any("also: credit rating" in line for line in lines)


def test_cli_stdin_batch_tsv(fx):
    path, _, _ = fx
    code, out, err = run_cli(path, "lookup", "-", "--tsv", stdin="kredieten\n\nSociaal Krediet Systeem\nxyzzy\n")
    assert code == 1 and "xyzzy" in err
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0][:4] == ["query", "match", "score", "term"]
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        ("kredieten", "variant", "krediet", ""),
        ("Sociaal Krediet Systeem", "compound", "sociaal kredietsysteem", "social credit system"),
    ]
    code, out, _ = run_cli(path, "lookup", "-", "--reverse", "--tsv", stdin="social credit system\n")
    assert code == 0 and out.splitlines()[1].split("\t")[3] == "sociaal kredietsysteem"
    assert run_cli(path, "lookup", "-", stdin="")[0] == 2


def test_cli_fuzzy(fx):
    path, _, _ = fx
    code, out, _ = run_cli(path, "lookup", "kredietwaardigheit", "--fuzzy")
    assert code == 0 and "fuzzy" in out and "creditworthiness" in out


def test_missing_database_is_an_error(tmp_path):
    code, _, err = run_cli(tmp_path / "none.db", "lookup", "x")
    assert code == 1 and "no glossary" in err
    assert not (tmp_path / "none.db").exists()


PROBE = """
import sys
from glossary.cli import main
code = main(["--db", sys.argv[1], "lookup", *sys.argv[2:]])
heavy = [m for m in ("argostranslate.translate", "argostranslate", "ctranslate2", "torch", "stanza", "spacy",
                     "sqlite_utils", "rich", "textual", "rapidfuzz") if m in sys.modules]
print(code, ",".join(heavy) or "-", "glossary.extract" in sys.modules)
"""


@pytest.mark.parametrize("query, lemmatiser", [("kredieten", False), ("sociale kredieten", True)])
def test_lookup_imports_nothing_heavy(fx, query, lemmatiser):
    path, _, _ = fx
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path), query], capture_output=True, text=True,
                          timeout=60)
    code, heavy, extract_loaded = proc.stdout.split()[-3:]
    assert (code, heavy) == ("0", "-"), proc.stdout + proc.stderr
    assert extract_loaded == str(lemmatiser)  # the lemmatiser is loaded only when exact/variant failed
