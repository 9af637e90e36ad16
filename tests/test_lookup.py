"""glossary lookup: matching levels, reverse, fuzzy, stdin batches, output formats, exit codes,
and the start-up rule (no MT engine imported)."""

import json
import sqlite3
import subprocess
import sys

import pytest

try:
    from test_lookup_fixture import build, run_cli  # noqa: F401
except ImportError:  # tests/ is a package
    from tests.test_lookup_fixture import build, run_cli  # noqa: F401

from glossary.lookup import find_term_id, fuzzy_matches, lookup, reverse_term_ids




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
    # the words as typed join to a variant: the compound level answers ...
    assert find_term_id(g, "Sociale Krediet Systemen") == (ids["sociaal kredietsysteem"], "compound")
    # ... only the lemmas joined give the term: the lemma level's compound fallback answers
    assert find_term_id(g, "sociaal krediet systemen") == (ids["sociaal kredietsysteem"], "lemma")


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


# -- start-up: the plain command line needs neither argparse nor json ------------------------------

LEAN = """
import sys
from glossary.cli import main
code = main(["--db", sys.argv[1], "lookup", *sys.argv[2:]])
loaded = [m for m in ("argparse", "json", "hashlib", "shutil", "locale", "typing", "dataclasses", "inspect",
                      "sqlite_utils", "platformdirs", "rich", "numpy", "rapidfuzz")
          if m in sys.modules]
print(code, ",".join(loaded) or "-")
"""


@pytest.mark.parametrize("args, expected", [
    (["kredieten"], "-"),
    (["kredieten", "--contexts", "1", "--tsv"], "-"),
    (["kredieten", "--json"], "json"),  # json only to print JSON
])
def test_plain_lookup_imports_only_sqlite3_and_glossary(fx, args, expected):
    path, _, _ = fx
    proc = subprocess.run([sys.executable, "-c", LEAN, str(path), *args], capture_output=True, text=True,
                          timeout=60)
    code, loaded = proc.stdout.split()[-2:]
    assert (code, loaded) == ("0", expected), proc.stdout + proc.stderr


FAST_CASES = [
    ["x"], ["x", "y", "--json"], ["--tsv", "x"], ["x", "--fuzzy", "--min-score", "80"], ["x", "--min-score=80.5"],
    ["x", "--contexts", "0"], ["x", "--contexts=2", "--reverse"], ["-", "--tsv"], ["x", "-"],
]
# argparse's business (the fast parser declines: None): errors, help, abbreviations, odd forms,
# with what argparse then does (an exit code, or None: it parses them)
ARGPARSE_CASES = [
    ([], 2), (["--json"], 2), (["x", "--json", "--tsv"], 2), (["x", "--js"], None), (["x", "--help"], 0),
    (["x", "-h"], 0), (["x", "--contexts", "two"], 2), (["x", "--min-score"], 2), (["x", "--min-score", "-5"], None),
    (["x", "--json", "y"], 2), (["--", "-x"], None), (["x", "--bogus"], 2), (["x", "--db", "other.db"], 2),
    (["x", "--contexts", "-1"], None),
]


def _argparse(args):
    from glossary.cli import make_parser

    return make_parser(["lookup", "x"], all_commands=False).parse_args(["lookup", *args])


@pytest.mark.parametrize("args", FAST_CASES)
def test_fast_parser_agrees_with_argparse(args):
    from glossary.commands.lookup import parse_fast

    fast = parse_fast(list(args))
    assert fast is not None, f"the fast path no longer parses {args}"
    parsed = _argparse(args)
    fast.db, fast.command = None, "lookup"
    assert vars(fast) == vars(parsed)


@pytest.mark.parametrize("args, exit_code", ARGPARSE_CASES)
def test_fast_parser_leaves_the_rest_to_argparse(args, exit_code, capsys):
    from glossary.commands.lookup import parse_fast

    assert parse_fast(list(args)) is None  # never a guess: argparse decides these
    if exit_code is None:
        assert _argparse(args).terms
    else:
        with pytest.raises(SystemExit) as info:
            _argparse(args)
        assert info.value.code == exit_code
        if exit_code == 2:
            assert "usage:" in capsys.readouterr().err


def test_fast_cli_path_and_argparse_path_print_the_same(fx):
    path, _, _ = fx
    fast = run_cli(path, "lookup", "kredieten", "--tsv")
    slow = run_cli(path, "lookup", "kredieten", "--ts")  # an abbreviation: argparse parses it
    assert fast == slow and fast[0] == 0
    assert run_cli(path, "lookup", "kredieten", "--json", "--tsv")[0] == 2


# -- the database is opened read-only; an old schema is migrated first ---------------------------------


def test_lookup_opens_read_only(fx):
    from glossary.store import Glossary

    path, _, _ = fx
    with Glossary(path, readonly=True) as g:
        assert g.readonly and g.lookup("kredieten")[0]["term"] == "krediet"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            g.conn.execute("DELETE FROM terms")


def test_read_only_open_of_an_old_glossary_migrates_it(tmp_path, monkeypatch):
    import glossary.schema as schema
    from glossary.store import Glossary

    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    with Glossary(path) as g:
        g.set_translation(g.add_term("guanxi"), "connections")
    monkeypatch.undo()
    code, out, err = run_cli(path, "lookup", "guanxi")
    assert code == 0 and "connections" in out, err
    with Glossary(path, readonly=True) as g:
        assert g.readonly and g.schema_version == schema.SCHEMA_VERSION


# -- the fuzzy trigram index finds what comparing with every key finds -----------------------------------


def _fuzzy_glossary(path, words):
    from glossary.store import Glossary, now

    g = Glossary(path)
    with g.transaction():
        g.conn.executemany(
            "INSERT INTO terms(key, term, lemma, kind, score, status, origin, created_at, updated_at)"
            " VALUES(?,?,?,'term',1.0,'active','import',?,?)",
            [(w, w, w, now(), now()) for w in words],
        )
        g.conn.execute(
            "INSERT INTO variants(term_id, text, key) SELECT id, key || 'en', key || 'en' FROM terms WHERE id % 3 = 0"
        )
    return g


@pytest.mark.parametrize("alphabet", ["latin", "wide"])
def test_fuzzy_index_agrees_with_full_comparison(tmp_path, monkeypatch, alphabet):
    import random

    import glossary.lookup as L
    from rapidfuzz import fuzz, process

    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyzéë" if alphabet == "latin" else [chr(0x4E00 + i) for i in range(1400)]
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(5, 14))) for _ in range(3000)})
    g = _fuzzy_glossary(tmp_path / f"{alphabet}.db", words)
    monkeypatch.setattr(L, "_INDEX_MIN_KEYS", 0)
    monkeypatch.setattr(L, "_INDEX_AFTER", 0)
    monkeypatch.setattr(L, "_NUMPY_IMPORT_KEYS", 0)
    index = L._fuzzy_index(g, False)
    assert index.candidates("abc") is not None and index.grams  # the index is used
    same = 0
    queries = []
    for _ in range(60):
        w = list(rng.choice(words))
        w[rng.randrange(len(w))] = rng.choice(letters)
        queries.append("".join(w))
    for q in queries:
        truth = process.extractOne(q, index.keys, scorer=fuzz.ratio, score_cutoff=75, processor=None)
        found = L.fuzzy_matches(g, q, limit=1)
        if truth is None:
            same += not found
        elif found and found[0][1] == round(truth[1], 1):
            same += 1
    assert same >= len(queries) - 1, same
    g.close()
