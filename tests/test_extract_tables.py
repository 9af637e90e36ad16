"""The compact word tables (glossary/extract/tables.py) give exactly what the dicts they
replace give: wordfreq's frequency dicts and simplemma's Dutch lemmas."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from glossary.extract import tables

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_frequencies_equal_wordfreq_dict(lang):
    import wordfreq

    expected = wordfreq.get_frequency_dict(lang)
    table = tables.frequencies(lang)
    assert len(table) == len(expected)
    for word, freq in expected.items():
        assert table.get(word) == freq, word  # the same float, bit for bit
    assert dict(table.items()) == expected
    assert table.get("xqzvbnonword") is None and "xqzvbnonword" not in table
    assert table.zipf("xqzvbnonword") == 0.0
    with pytest.raises(KeyError):
        table["xqzvbnonword"]
    assert table.get("\ud800") is None  # a lone surrogate is no word (and no error)


def test_zipf_matches_wordfreq():
    import math

    import wordfreq

    from glossary.extract.lexicon import zipf, zipf_en

    nl, en = wordfreq.get_frequency_dict("nl"), wordfreq.get_frequency_dict("en")
    for word in ["krediet", "de", "kredietwaardigheid", "guanxi", "systeem", "onbestaandwoordx"]:
        f = nl.get(word)
        assert zipf(word) == (math.log10(f) + 9.0 if f else 0.0)
    for word in ["credit", "the", "guanxi", "database", "xqzvbn"]:
        f = en.get(word)
        assert zipf_en(word) == (math.log10(f) + 9.0 if f else 0.0)
    assert zipf("krediet") > 3 and zipf_en("the") > 7


def test_dutch_lemmatizer_equals_simplemma():
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    lemmatizer = tables.dutch_lemmatizer()
    raw = _load_dictionary_from_disk("nl")
    keys = [k.decode() for k in itertools.islice(raw, 0, None, 97)]  # every 97th dictionary entry
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "corpus").glob("*.txt")))
    words = {w.strip(".,;:()\"'!?").lower() for w in text.split()} - {""}
    # words the dictionary does not have go through simplemma's rules and decompositions
    words |= {"kredietbeoordelingssystemen", "deurbelcamera's", "windturbinefundamenten", "geconfisqueerde"}
    assert len(keys) > 3000 and len(words) > 500
    for w in keys + sorted(words):
        assert lemmatizer.lemmatize(w, "nl") == simplemma.lemmatize(w, lang="nl"), w


def test_tables_cached_on_disk_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    built = tables.frequencies.__wrapped__("nl")
    files = list((tmp_path / "cache").glob("wordfreq-nl-*.bin"))
    assert len(files) == 1 and files[0].stat().st_size > 100_000
    again = tables.frequencies.__wrapped__("nl")  # read from the file
    assert again.get("krediet") == built.get("krediet") and len(again) == len(built)
    files[0].write_bytes(files[0].read_bytes()[:5000])  # a damaged (truncated) cache file
    repaired = tables.frequencies.__wrapped__("nl")
    assert len(repaired) == len(built) and repaired.zipf("krediet") == built.zipf("krediet")


def test_tables_work_without_a_writable_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    table = tables.frequencies.__wrapped__("en")
    assert table.get("the") is not None and not (blocker / "cache").exists()
