"""The fast paths of the extractor give exactly what the plain computations give (issue 13,
speed and memory): the tagger's batched type tables and decoder, the parallel analysis with
the models loaded before the fork, and the paused garbage collector."""
from __future__ import annotations

import gc
import gzip
import json
from functools import cache

import numpy as np

from glossary.extract import extract
from glossary.extract.tagger import MODEL_PATH, Tagger, _correct, load_tagger, next_features, prev_features, word_features
from glossary.extract.text import normalise_text, split_sentences, tokenise
from tests.conftest import CORPUS


def _docs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".md")]


def _sentences() -> list[list[str]]:
    out = []
    for doc in _docs():
        text = normalise_text(doc)
        for line in text.split("\n"):
            for a, b in split_sentences(line):
                words = [t.text for t in tokenise(line[a:b])]
                if words:
                    out.append(words)
    return out


def _plain_sum(tagger: Tagger, feats: list[str]) -> np.ndarray:
    """Reference: the features' weight rows added one after another, in feature order."""
    acc = tagger.zero.copy()
    for f in feats:
        if f in tagger.row:
            acc = acc + tagger.mat[tagger.row[f]]
    return acc


def _plain_tag(tagger: Tagger, words: list[str]) -> list[str]:
    """Reference greedy decoder: every token scored with the transitions, nothing cached."""
    lex = tagger.lex
    out: list[str] = []
    p1 = p2 = tagger.start
    for i, w in enumerate(words):
        prev = words[i - 1] if i else "<S>"
        nxt = words[i + 1] if i + 1 < len(words) else "</S>"
        row = _plain_sum(tagger, word_features(w, i == 0, lex)) + _plain_sum(tagger, prev_features(prev))
        row = row + _plain_sum(tagger, next_features(nxt))
        t = int((row + tagger.trans[p1, p2]).argmax())
        out.append(tagger.tags[t])
        p2, p1 = p1, t
    return _correct(words, out) if "VERB" in out else out


def test_type_tables_hold_the_exact_feature_sums():
    """The vectors summed for a whole batch of new types are bit for bit those of the
    one-type sum (a different summation order, e.g. np.add.reduceat, changes the last bits
    and with them some tags)."""
    tagger = load_tagger()
    words = sorted({w for s in _sentences() for w in s})
    tagger._reset(16)  # the tables must grow several times
    tagger._add_many(words)
    for w in words:
        i = tagger._vocab[w]
        assert tagger._W[i].tobytes() == tagger._word(w, False).tobytes(), w
        assert tagger._W[i].tobytes() == _plain_sum(tagger, word_features(w, False, tagger.lex)).tobytes(), w
        assert tagger._P[i].tobytes() == tagger._prev(w).tobytes(), w
        assert tagger._N[i].tobytes() == tagger._next(w).tobytes(), w
    # the sentence-initial vectors, summed a batch of first words at a time
    sentences = _sentences()
    tagger._reset(16)
    tagger.tag_sentences(sentences)
    firsts = {s[0] for s in sentences}
    assert set(tagger._first) == firsts
    for w in firsts:
        assert tagger._first[w].tobytes() == tagger._word(w, True).tobytes(), w


def test_batched_tagging_equals_the_plain_greedy_decoder(monkeypatch):
    """tag_sentences over many sentences (in small chunks, with the type tables starting again
    when full) gives the tags of the plain decoder, sentence by sentence; also a batch of one
    sentence of one or two words (the decoding rounds look two tokens back)."""
    tagger = load_tagger()
    sentences = _sentences()
    for short in ([s[:1] for s in sentences[:60]] + [s[:2] for s in sentences[:60]]):
        assert tagger.tag_sentences([short]) == [_plain_tag(tagger, short)], short
    assert tagger.tag_sentences([[], ["Zo"], []]) == [[], _plain_tag(tagger, ["Zo"]), []]
    assert len(sentences) > 100
    expected = [_plain_tag(tagger, s) for s in sentences]
    monkeypatch.setattr(Tagger, "CHUNK", 300)
    monkeypatch.setattr(Tagger, "MAX_TYPES", 1500)
    tagger._reset(16)
    assert tagger.tag_sentences([[], *sentences, []]) == [[], *expected, []]
    assert len(tagger._vocab) <= 1500
    assert [tagger.tag(s) for s in sentences[:50]] == expected[:50]


def test_extraction_makes_no_reference_cycles():
    """The collector is paused during an extraction (also in its forked workers): that is
    only safe while the extraction leaves no cyclic garbage behind."""
    docs = _docs()
    extract(docs)  # caches filled
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        extract(docs)
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
    assert gc.isenabled() == was


def _flat(ex):
    return [(t.term, t.key, t.kind, t.score, t.frequency, t.doc_count, t.variants, t.forms,
             [(o.doc, o.sentence, o.start, o.end, o.surface) for o in t.occurrences]) for t in ex.terms]


def test_parallel_analysis_equals_serial(monkeypatch):
    """The pool path (models loaded and the heap frozen before the fork) gives the serial
    result, and leaves the collector as it found it."""
    import glossary.extract.pipeline as pipeline

    docs = _docs()
    serial = extract(docs)
    monkeypatch.setattr(pipeline, "PARALLEL_WORDS", 0)
    parallel = extract(docs)
    assert _flat(parallel) == _flat(serial)
    assert [list(s) for s in parallel.sentences] == [list(s) for s in serial.sentences]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_tokeniser_without_addresses_uses_the_same_matches():
    """The token pattern without its web/e-mail alternative is used only where no address can
    match; there it finds the same tokens, and addresses stay whole tokens."""
    from glossary.extract.text import _TOKEN, _token_re

    sentences = [line[a:b] for doc in _docs() for line in normalise_text(doc).split("\n")
                 for a, b in split_sentences(line)]
    plain = [s for s in sentences if _token_re(s) is not _TOKEN]
    assert len(plain) > 100
    for s in plain:
        assert [(m.span(), m.lastgroup) for m in _token_re(s).finditer(s)] == \
            [(m.span(), m.lastgroup) for m in _TOKEN.finditer(s)], s
    s = "Mail info@voorbeeld.nl of zie https://voorbeeld.nl/a en www.test.nl nu."
    toks = [t.text for t in tokenise(s)]
    assert {"info@voorbeeld.nl", "https://voorbeeld.nl/a", "www.test.nl"} <= set(toks)


# the word alternative as it was: one alternation per character (the reference)
_WORD_PER_CHAR = r"""(?P<word>[^\W\d_](?:[\w]|[-'](?=\w)|\.(?=\w\.))*(?:-(?=\s+(?:en|of|tot|&)\s))?)"""


def test_word_pattern_matches_the_per_character_pattern():
    """The tokeniser's word pattern (runs of word characters joined by - ' or abbreviation
    dots) finds the same tokens as the per-character alternation it replaced."""
    import re

    from glossary.extract import text

    start = text._OTHER_TOKENS.index("(?P<word>")
    end = text._OTHER_TOKENS.index("\n", start)
    reference = re.compile(text._OTHER_TOKENS[:start] + _WORD_PER_CHAR + text._OTHER_TOKENS[end:], re.VERBOSE)
    assert reference.pattern != text._TOKEN_PLAIN.pattern
    tricky = ["d.w.z. bijv. o.a. plus- en minpunten auto's zo'n 's-Hertogenbosch a.b.c.d x-y-z a-'b",
              "e.g.x. foo--bar foo- of bar ab.cd.ef. A.B.C x.y. a.b c.d.e Noord-Brabant's CO2-uitstoot",
              "rock-'n-roll l'Oréal H.M. de Koning-Bouwman EU-lidstaten. Test- en meetapparatuur"]
    sentences = [line[a:b] for doc in _docs() for line in normalise_text(doc).split("\n")
                 for a, b in split_sentences(line)] + tricky
    for s in sentences:
        assert [(m.span(), m.lastgroup) for m in text._TOKEN_PLAIN.finditer(s)] == \
            [(m.span(), m.lastgroup) for m in reference.finditer(s)], s


def test_boilerplate_prefilter_keeps_every_match():
    """is_boilerplate_line searches the anywhere-patterns only in lines with one of their
    fixed words; it flags exactly the lines the patterns alone flag, in any capitals."""
    from glossary.extract import boilerplate as b

    def reference(line: str) -> bool:
        s = b.norm_chars(line).strip()
        if not s:
            return True
        if b._BOILER_START.match(s) or b._BOILER_ANY.search(s):
            return True
        saved = b._ANY_NEEDS
        try:  # the rest of the rule (bylines) unchanged
            b._ANY_NEEDS = ()
            return b.is_boilerplate_line(line)
        finally:
            b._ANY_NEEDS = saved

    lines = [line for doc in _docs() for line in normalise_text(doc).split("\n")]
    flagged = ["Je e-mailadres wordt niet gepubliceerd.", "Vereiste velden zijn gemarkeerd met *",
               "\u00a9 2023 De Krant", "(c) 2021 Uitgeverij", "Copyright Reuters", "Alle rechten voorbehouden.",
               "All rights reserved", "tekst (C) 1999 en meer"]
    for line in flagged:
        for variant in (line, line.upper(), line.lower(), line.title()):
            lines.append(variant)
            assert b.is_boilerplate_line(variant), variant
    lines += ["Het recht op vrije meningsuiting", "De velden lagen braak", "Een gereserveerde plaats"]
    assert len(lines) > 150
    for line in lines:
        assert b.is_boilerplate_line(line) == reference(line), line


def test_repeated_lines_found_without_hashing_uncountable_lines():
    """is_repeated gives line_hash(line) in repeated for every line; lines that cannot be
    counted as repeated (one plain word, more than 20 words) are never in the set."""
    from glossary.extract.boilerplate import RepeatedLines, is_repeated, line_hash

    docs = [normalise_text(d) for d in _docs()]
    footer = "Volg ons op sociale media en blijf op de hoogte"
    long_line = " ".join(["woord"] * 25)
    docs = [d + f"\n{footer}\nInleiding\n{long_line}\n" for d in docs]
    rl = RepeatedLines()
    for d in docs:
        rl.add(d)
    repeated = rl.result()
    assert line_hash(footer) in repeated
    assert line_hash("Inleiding") not in repeated and line_hash(long_line) not in repeated
    for d in docs:
        for line in d.split("\n"):
            assert is_repeated(line, repeated) == (line_hash(line) in repeated), line
    assert not is_repeated(footer, frozenset())


def test_type_features_equal_the_three_feature_functions():
    from glossary.extract.tagger import type_features

    tagger = load_tagger()
    words = sorted({w for s in _sentences() for w in s}) + ["kredietscores", "ß", "m²", "½", "—", "İstanbul"]
    for w in words:
        assert type_features(w, tagger.lex) == (word_features(w, False, tagger.lex), prev_features(w), next_features(w)), w


def test_build_reads_the_database_without_its_memory_map(tmp_path, monkeypatch):
    """During a build the connection reads with read(), not through the memory map (every
    page read through the map stays resident in the process); the map is back afterwards."""
    import glossary.build as build
    from glossary.store import MMAP_BYTES, Glossary

    seen = []

    def fake_extract(g, force=False):
        seen.append(g.conn.execute("PRAGMA mmap_size").fetchone()[0])
        return False

    monkeypatch.setattr(build, "extract_corpus", fake_extract)
    g = Glossary(tmp_path / "g.db")
    assert g.conn.execute("PRAGMA mmap_size").fetchone()[0] == MMAP_BYTES
    build.build(g, [CORPUS], translate=False)
    assert seen == [0]
    assert g.conn.execute("PRAGMA mmap_size").fetchone()[0] == MMAP_BYTES
    g.close()


def test_counts_most_common_one_is_counters():
    """compact.Counts.most_common(1) is Counter.most_common(1), ties included (the first
    inserted of the most frequent)."""
    from collections import Counter

    from glossary.extract.compact import Counts

    cases = [{}, {"a": 1}, {"b": 2, "a": 2}, {"x": 1, "y": 3, "z": 3, "w": 0}, {"q": -1, "r": -1}]
    for case in cases:
        assert Counts(case).most_common(1) == Counter(case).most_common(1), case
        assert Counts(case).most_common() == Counter(case).most_common()
        assert Counts(case).most_common(2) == Counter(case).most_common(2)
    c = Counts()
    c.update({"kredietscores": 2, "kredietscore": 2})
    c.update({"kredietscore": 1})
    assert c.most_common(1) == [("kredietscore", 3)] and isinstance(c, Counter)


def test_known_head_through_the_reversed_lexicon_equals_the_loop():
    """lexicon_features with the reversed-lexicon trie gives the features of the loop over
    every head and de-inflection, on the corpus's words, on compounds of lexicon words with
    every inflection the de-inflection rules undo, and on the heads of all of them."""
    from glossary.extract.tagger import _stems, lexicon_features, reversed_lexicon

    tagger = load_tagger()
    lex = tagger.lex
    rlex = reversed_lexicon(lex)
    words = {w.lower() for s in _sentences() for w in s}
    base = sorted(lex)[::7]
    for i, w in enumerate(base):  # krediet + lexicon word + an inflection: heads found by a rule
        for end in ("", "en", "e", "s", "n", "ën", "'s"):
            words.add(("krediet", "wind", "zorg")[i % 3] + w + end)
    words |= {"kredietbedden", "windadvocaten", "zorgbrieven", "stadshuizen", "vooraanzichten", "xyzqqqen"}
    words |= {w[k:] for w in list(words) for k in range(1, max(1, len(w) - 6))}
    assert len(words) > 20_000
    hits = 0
    for w in sorted(words):
        fast, slow = lexicon_features(w, lex, rlex), lexicon_features(w, lex)
        assert fast == slow, w
        hits += any(f.startswith("lh=") and f.endswith("+") for f in slow)
    assert hits > 100  # heads found through a de-inflection are exercised
    _stems.cache_clear()




@cache
def _model() -> tuple[dict, list[str]]:
    """The shipped tagger's weights and tags (to build a Tagger as ``load_tagger`` does)."""
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return data["weights"], data["tags"]


def _lookup_words(lex: dict[str, str]) -> list[str]:
    """The corpus's words, every 5th lexicon word, and compounds of lexicon words with an
    inflection: what the tagger looks up in the reversed lexicon."""
    words = {w.lower() for s in _sentences() for w in s}
    base = sorted(lex)[::5]
    words |= set(base) | {"krediet" + w + end for w in base[::3] for end in ("", "en", "s")}
    return sorted(words)


def test_reversed_lexicon_cached_on_disk_gives_the_fresh_tries_lookups(tmp_path, monkeypatch):
    """The reversed lexicon is built once into the cache folder, named by a digest of the
    lexicon's words, and read back from there (no build) by later loads, with the same keys and
    look-ups as a fresh build; another lexicon gets another file; a damaged file is replaced."""
    from glossary.extract import tagger as tg

    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    lex = load_tagger().lex
    fresh = tg.reversed_lexicon(lex)
    tg.cached_reversed_lexicon(lex)  # built and saved
    path = tmp_path / "cache" / tg.reversed_lexicon_name(lex)
    assert path.read_bytes() == fresh.tobytes()

    def no_build(_lex):
        raise AssertionError("built again: the cache file was not used")

    monkeypatch.setattr(tg, "reversed_lexicon", no_build)
    cached = tg.cached_reversed_lexicon(lex)  # read from the file
    assert sorted(cached.keys()) == sorted(fresh.keys()) and len(cached) == len(lex)
    words = _lookup_words(lex)
    assert len(words) > 10_000
    for w in words:
        assert cached.prefixes(w[::-1]) == fresh.prefixes(w[::-1]), w
        assert tg.lexicon_features(w, lex, cached) == tg.lexicon_features(w, lex, fresh), w
    # the tagger takes the cached trie (no build) and tags as with the fresh one
    sentences = _sentences()[:200]
    assert Tagger(*_model(), lex).rlex.keys() == fresh.keys()
    monkeypatch.undo()
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    assert Tagger(*_model(), lex).tag_sentences(sentences) == load_tagger().tag_sentences(sentences)

    # another lexicon (one word more): another file, with that word
    other = dict(lex, kwartelkoningsnest="n")
    assert tg.reversed_lexicon_name(other) != path.name
    assert "kwartelkoningsnest"[::-1] in tg.cached_reversed_lexicon(other)
    assert len(list((tmp_path / "cache").glob("tagger-reversed-lexicon-*.bin"))) == 2

    path.write_bytes(path.read_bytes()[:5000])  # a damaged (truncated) file
    repaired = tg.cached_reversed_lexicon(lex)
    assert repaired.keys() == fresh.keys() and path.read_bytes() == fresh.tobytes()


def test_reversed_lexicon_without_a_writable_cache(tmp_path, monkeypatch):
    """An unwritable cache folder: the trie is built in memory (the same one), nothing is
    written, and a tagger with it tags as the shipped one."""
    from glossary.extract import tagger as tg

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    lex = load_tagger().lex
    trie = tg.cached_reversed_lexicon(lex)
    assert trie.keys() == tg.reversed_lexicon(lex).keys() and not (blocker / "cache").exists()
    sentences = _sentences()[:200]
    assert Tagger(*_model(), lex).tag_sentences(sentences) == load_tagger().tag_sentences(sentences)
    assert not (blocker / "cache").exists()


def _tagged() -> list[tuple[list[str], list[str]]]:
    tagger = load_tagger()
    sentences = _sentences()
    return list(zip(sentences, tagger.tag_sentences(sentences)))


def test_type_classes_equal_the_token_rules():
    """classify's per-type classes (a token whose class does not depend on its neighbours)
    give what the token rules give, on the corpus's sentences with their tags and with every
    tag tried on every word (so each branch of the rules is met)."""
    import random

    from glossary.extract.candidates import classify

    tagged = _tagged()
    tags_all = sorted({t for _, tags in tagged for t in tags} | {"X", "PROPN", "VERB", "ADJ", "NOUN", "DET"})
    for words, tags in tagged:
        assert classify(words, tags) == classify(words, tags, fast=False), words
    rng = random.Random(13)
    extra = ["van", "Van", "de", "der", "den", "en", "of", "and", "kWh", "e-mail", "x-as", "2de", "ABC", "III",
             "China's", "Europese", "Unie", "lopen", "georganiseerde", "B19", "www.x.be", "inzake", "-"]
    for words, _ in tagged[:200]:
        words = [*words, *rng.sample(extra, 4)]
        rng.shuffle(words)
        for _ in range(4):
            tags = [rng.choice(tags_all) for _ in words]
            assert classify(words, tags) == classify(words, tags, fast=False), (words, tags)


def test_type_classes_equal_the_token_rules_in_every_context():
    """Every word kind (link words, conjunctions, capitals, symbols, participles, verbs...)
    with every tag between neighbours that trigger the context rules."""
    from glossary.extract.candidates import NAME_LINKS, classify

    words = sorted(NAME_LINKS) + ["en", "of", "tegen", "Tegen", "kWh", "e-mail", "x-as", "2de", "ABC", "Van",
                                  "China's", "Europese", "lopen", "georganiseerde", "grensoverschrijdende",
                                  "aangegane", "onderzoek", "B19", "www.x.be", "inzake", "zonder", "-", "guanxi"]
    tags = ["NOUN", "ADJ", "VERB", "PROPN", "X", "DET", "ADP", "CCONJ", "AUX"]
    for w in words:
        for prev in ("", "van", "voor", "Europees", "de", "groot"):
            for nxt in ("", "Comité", "onderzoek", "Sociaal"):
                sent = [x for x in (prev, w, nxt) if x]
                for t in tags:
                    for tp in ("DET", "ADJ", "NOUN", "ADP"):
                        for tn in ("NOUN", "ADJ", "PROPN"):
                            tg = ([tp] if prev else []) + [t] + ([tn] if nxt else [])
                            assert classify(sent, tg) == classify(sent, tg, fast=False), (sent, tg)


def test_combine_equals_the_plain_weighted_sum():
    """combine reads the weighted features with one itemgetter; the score is bit for bit the
    plain bias + left-to-right sum of weight x feature (absent features 0) over every
    candidate's features, and with a feature missing; combine_rows (score_terms: a batch of
    candidates at once, numpy) gives combine's score bit for bit, with all features and with
    one missing."""
    from array import array

    from glossary.extract.pipeline import FEATURES, run
    from glossary.extract.scoring import _COEF, _NAMES, WEIGHTS, combine, combine_rows

    def plain(feats):
        total = 0.0
        for name, c in zip(_NAMES, _COEF):
            total = total + c * feats.get(name, 0.0)
        return WEIGHTS.get("bias", 0.0) + total

    dbg: list = []
    run(_docs(), None, dbg)
    assert len(dbg) > 500
    for key, feats in dbg:
        assert list(feats) == list(FEATURES)
        assert combine(feats).hex() == plain(feats).hex(), key
        fewer = dict(feats)
        del fewer["logf"]
        assert combine(fewer).hex() == plain(fewer).hex(), key
    rows = array("d", [x for _, feats in dbg for x in feats.values()])
    batch = combine_rows(FEATURES, rows)
    assert [x.hex() for x in batch] == [combine(feats).hex() for _, feats in dbg]
    fewer_names = [n for n in FEATURES if n != "logf"]
    rows = array("d", [feats[n] for _, feats in dbg for n in fewer_names])
    batch = combine_rows(fewer_names, rows)
    assert [x.hex() for x in batch] == [combine({n: feats[n] for n in fewer_names}).hex() for _, feats in dbg]
    assert combine_rows(FEATURES, array("d")) == []


def _split_every_head(word: str, depth: int = 0):
    """Reference: compounds._split as it was, trying every head of the word."""
    from glossary.extract.compounds import _LINKS, MIN_PART, _known

    best = None
    n = len(word)
    for i in range(n - MIN_PART, MIN_PART - 1, -1):
        head = word[i:]
        zh = _known(head)
        if not zh:
            continue
        left = word[:i]
        for link in _LINKS:
            if link and not left.endswith(link):
                continue
            mod = left[: len(left) - len(link)] if link else left
            if len(mod) < MIN_PART:
                continue
            zm = _known(mod)
            if zm:
                cand = ((mod, head), min(zm, zh) - 0.3 * bool(link))
            elif depth < 3 and len(mod) >= 2 * MIN_PART:
                sub = _split_every_head(mod, depth + 1)
                if sub is None:
                    continue
                cand = (sub[0] + (head,), min(sub[1], zh) - 0.5 - 0.3 * bool(link))
            else:
                continue
            if best is None or (len(cand[0]), -cand[1]) < (len(best[0]), -best[1]):
                best = cand
    return best


def test_compound_split_through_the_reversed_words_equals_every_head_tried():
    """compounds._split tries only the heads the reversed-word trie knows: the same splits (and
    scores) as trying every head, on the corpus's words and on compounds made of them with
    every link (kredietsysteem, beoordelingssysteem, ...), at every depth."""
    import random

    from glossary.extract import compounds

    words = sorted({w.lower() for s in _sentences() for w in s if w.isalpha() and len(w) >= 3})
    rng = random.Random(13)
    made = [a + link + b for a, b in (rng.sample(words, 2) for _ in range(3000)) for link in ("", "s", "en", "e")]
    made += [a + b + c for a, b, c in (rng.sample(words, 3) for _ in range(500))]
    tested = [w for w in words + made if len(w) >= 6]
    assert len(tested) > 10_000
    compounds._split.cache_clear()
    found = 0
    for w in tested:
        got = compounds._split(w)
        assert got == _split_every_head(w), w
        found += got is not None and len(got[0]) > 2
    assert found > 50  # three-part splits (the recursion) are among them
