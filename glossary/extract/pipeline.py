"""The extraction pipeline: per-document analysis (parallel for large inputs),
aggregation, variant grouping, scoring, threshold."""
from __future__ import annotations

import math
import os
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from glossary.extract import Extraction, Term
from glossary.extract.boilerplate import RepeatedLines
from glossary.extract.candidates import candidates, is_symbol
from glossary.extract.compact import _COUNT, DocSentences, Group, Occurrences, Texts
from glossary.extract.compounds import split_compound, split_surface
from glossary.extract.lemma import lemma
from glossary.extract.lexicon import zipf, zipf_en
from glossary.extract.scoring import auto_threshold, combine_rows, corpus_zipf, general_zipf, gradability
from glossary.extract.tagger import load_tagger, release_tagger, tagger_loaded
from glossary.extract.text import normalise_text, split_sentences, tokenise

PARALLEL_WORDS = 200_000
_HAS_ALPHA = re.compile(r"[^\W\d_]").search
_DIGIT = re.compile(r"\d").search
_CAPS_TAIL = re.compile(r"[A-Z]{2,6}[a-z]{1,2}").fullmatch  # GWh, MWh, NGOs
CONTENT = frozenset("ANP")


def _key_of(words: list[str]) -> str:
    return " ".join(lemma(w) for w in words).casefold()


@lru_cache(maxsize=200_000)
def _word_info(w: str) -> tuple[str | None, str]:
    """(lemma or None for a token without letters, lower-case form) of one token."""
    return (lemma(w) if _HAS_ALPHA(w) else None), w.lower()


def _tagged_sentences(text: str, repeated: frozenset[int], batch: int = 4096):
    """(start, end, text, tokens, in a heading line, words, tags) of each sentence of a
    document outside boilerplate lines, in order; tagged a batch of about ``batch`` tokens at a
    time (the tagger's arithmetic is done per batch; few tokens are held)."""
    from glossary.extract.boilerplate import is_boilerplate_line, is_repeated

    tagger = load_tagger()
    pending: list[tuple] = []
    size = 0
    pos = 0
    for line in text.split("\n"):
        ls = pos
        pos += len(line) + 1
        if not line.strip() or is_boilerplate_line(line) or is_repeated(line, repeated):
            continue
        # (13 parts: more than 12 words)
        heading_line = len(line.split(None, 12)) <= 12 and not line.rstrip().endswith((".", ";", ",", ":"))
        for a, b in split_sentences(line):
            st = line[a:b]
            toks = tokenise(st)
            if toks:
                pending.append((ls + a, ls + b, st, toks, heading_line, [t.text for t in toks]))
                size += len(toks)
                if size >= batch:
                    yield from _tag_pending(tagger, pending)
                    pending, size = [], 0
    yield from _tag_pending(tagger, pending)


def _tag_pending(tagger, pending: list[tuple]):
    for p, tags in zip(pending, tagger.tag_sentences([p[5] for p in pending])):
        yield (*p, tags)


def analyse(doc: int, text: str, repeated: frozenset[int]):
    """Sentence offsets and candidate statistics of one (normalised) document:
    (doc, array of sentence start/end, {key: [surface counts, kind counts, content lemmas,
    heading count, array of distinct (doc, sentence, start, end), opens]}, lemma counts,
    lemma surfaces, words). ``opens``: whether an occurrence whose surface does not start in
    lower case may owe its capital to its position (``_opens_a_sentence``), so that scoring
    need not read the sentences again."""
    sentences = array("q")
    cands: dict[str, list] = {}
    infos: Counter[tuple[str | None, str]] = Counter()  # (lemma, lower-case form) of the tokens
    for start, end, st, toks, heading_line, words, tags in _tagged_sentences(text, repeated):
        si = len(sentences) // 2
        sentences.extend((start, end))
        head = heading_line or si == 0
        seen = set()  # the same span may be proposed twice (noun phrase and name): counted once
        info = list(map(_word_info, words))
        infos.update(info)
        lem = [low if l is None else l for l, low in info]
        for c in candidates(toks, tags, st, words):
            a, b, surface = c.first, c.last, c.surface
            if c.expanded:
                from glossary.extract import normalise_key

                key = normalise_key(surface)  # the expanded compound (names the entry)
            else:
                key = (lem[a] if a == b else " ".join(lem[a:b + 1])).casefold()
            agg = cands.get(key)
            if agg is None:  # the content lemmas of the key's first occurrence
                content = (key,) if c.expanded else tuple(
                    [lem[i] for i in range(a, b + 1) if words[i].lower() not in _LINKS])
                agg = cands[key] = [{}, {}, content, 0, array("i"), False]
            surf, kinds = agg[0], agg[1]
            surf[surface] = surf.get(surface, 0) + 1
            kinds[c.kind] = kinds.get(c.kind, 0) + 1
            agg[3] += head
            ta, tb = toks[a].start, toks[b].end
            span = (key, ta, tb)
            if span not in seen:
                seen.add(span)
                agg[4].extend((doc, si, ta, tb))
                if not agg[5] and not surface[:1].islower():
                    agg[5] = _opens_a_sentence(st, ta)
    # lemma counts and surfaces of the tokens with letters (their order: each lemma's first token)
    lemma_count: Counter[str] = Counter()
    surfaces: dict[str, set[str]] = defaultdict(set)
    n_words = 0
    for (l, low), n in infos.items():
        if l is not None:
            n_words += n
            lemma_count[l] += n
            surfaces[l].add(low)
    return doc, sentences, cands, lemma_count, {k: tuple(v) for k, v in surfaces.items()}, n_words


# letter sequences typical of English, rare in native Dutch words
_ENGLISH_SPELLING = re.compile(r"ck|sh|th|ea|ay|ey|aw|ow|oa|y|w$|q")
# derivational suffixes of native Dutch words (an unknown word with one is not a loanword)
_DUTCH_SUFFIXES = ("ing", "ingen", "heid", "heden", "isch", "ische", "lijk", "lijke", "atie", "aties", "iteit",
                   "aar", "aars", "eur", "eurs", "ist", "isten", "loog", "logen", "schap", "baar", "baarheid",
                   "teit", "ie", "ies", "en", "er", "ers", "te", "de", "je", "jes", "tje", "tjes")
_LINKS = frozenset("van voor inzake ter tegen tot de der den het en of am for the and".split())


def _load_models() -> None:
    """Load what the analysis needs (tagger, lemmatiser, Dutch frequencies) and freeze the
    heap before forking workers: the forked workers then read these pages instead of loading
    private copies, and the collector neither traverses nor writes to them (``gc.freeze``),
    so they stay shared."""
    import gc

    load_tagger()
    lemma("kredietsystemen")
    zipf("krediet")
    gc.collect()
    gc.freeze()


def _quiet_worker() -> None:
    """Pool workers ignore Ctrl-C: the SIGINT sent to the whole process group is the main
    process's to handle (it stops the pool and says "interrupted" once), not a traceback in
    every worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyse_star(args):
    return analyse(*args)


def survey(texts: Sequence[str]) -> tuple[int, frozenset[int]]:
    """Words of the corpus and the ``line_hash`` values of its repeated lines, reading one
    text at a time."""
    words = 0
    repeated = RepeatedLines()
    for i in range(len(texts)):
        doc = normalise_text(texts[i])
        words += len(doc.split())
        repeated.add(doc)
    return words, (repeated.result() if len(texts) > 1 else frozenset())


def run(texts: Sequence[str], progress: Callable[[int], None] | None, debug=None) -> Extraction:
    """``texts[i]`` is the i-th document; it is read twice (survey, analysis; scoring reads
    none) and again when its sentences or occurrences are read, never all at once (see
    compact.Texts).

    The cyclic garbage collector is paused meanwhile (and in the forked workers, which inherit
    that): the extraction makes no reference cycles, and the collections the many surviving
    candidate records trigger, each walking every object, were a third of its time."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(texts, progress, debug)
    finally:
        if enabled:
            gc.enable()


def _run(texts: Sequence[str], progress: Callable[[int], None] | None, debug=None) -> Extraction:
    total_words, repeated = survey(texts)
    n_docs = len(texts)
    jobs = ((i, normalise_text(texts[i]), repeated) for i in range(n_docs))  # read as the pool takes them
    docs = Texts(texts)
    sentences: list[DocSentences] = []
    groups: dict[str, Group] = {}
    lemma_count: Counter[str] = Counter()
    surfaces: dict[str, set[str]] = defaultdict(set)
    n_words = 0

    def add(r) -> None:  # documents arrive in order; each is folded in and dropped
        nonlocal n_words
        doc, spans, cands, lemmas, surf, words = r
        sentences.append(DocSentences(docs, doc, spans))
        for key, (surface, kind, content, heading, occ, opens) in cands.items():
            g = groups.get(key)
            if g is None:
                g = groups[key] = Group(key, content)
            g.add_doc(surface, kind, heading, occ, opens)
        lemma_count.update(lemmas)
        for k, v in surf.items():
            surfaces[k].update(v)
        n_words += words
        if progress:
            progress(doc + 1)

    workers = min(2, os.cpu_count() or 1)
    if total_words > PARALLEL_WORDS and workers > 1 and n_docs > 1:
        import multiprocessing as mp

        ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
        frozen = ctx.get_start_method() == "fork"
        had_tagger = tagger_loaded()
        if frozen:  # the workers share the models' pages with this process instead of loading their own
            _load_models()
        try:
            with ctx.Pool(workers, initializer=_quiet_worker) as pool:
                for r in pool.imap(_analyse_star, jobs, chunksize=1):  # imap keeps the order
                    add(r)
        finally:
            if frozen:
                import gc

                gc.unfreeze()
                if not had_tagger:  # loaded for the workers only: this process does not tag
                    release_tagger()
    else:
        for j in jobs:
            add(analyse(*j))
    terms = score_terms(groups, sentences, lemma_count, surfaces, n_words, debug)
    return Extraction(sentences=sentences, terms=terms)


# the candidate features computed by score_terms, in the order it computes them (the debug
# dicts' key order; scoring.WEIGHTS names the weighted ones)
FEATURES = ("logf", "logdf", "spec_mean", "spec_max", "spec_min", "gz_min", "gz_max", "gz_first", "gz_head",
            "n2", "n3", "name", "compound", "prep", "unit", "logcval", "nested", "hyphen", "digit", "acro",
            "caps", "loglen", "unknown", "spec1", "gz1", "logf1", "namef", "namegz", "hapax", "heading", "adj",
            "verb", "grad", "ext")


def _lemma_general_zipf(l: str, surfaces: dict[str, set[str]]) -> float:
    # sorted: a float sum in set order would differ in the last bits between runs
    # (PYTHONHASHSEED), enough to move a candidate sitting on the threshold
    vals = [general_zipf(s) for s in sorted(surfaces.get(l, ()))] or [general_zipf(l)]
    vals.append(zipf(l))
    return math.log10(sum(10 ** v for v in vals if v > 0) or 10.0)


def score_terms(groups: dict[str, Group], sentences: list[DocSentences], lemma_count, surfaces, n_words,  # noqa: C901
                debug=None) -> list[Term]:
    # merge variants whose keys differ only by spaces/hyphens (Sociaal Krediet Systeem)
    compact: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        compact[key.replace(" ", "").replace("-", "")].append(key)
    merged: dict[str, Group] = {}
    for keys in compact.values():
        keys.sort(key=lambda k: (-groups[k].frequency, k.count(" "), k))  # ties: the closed compound
        g = groups[keys[0]]
        for k in keys[1:]:
            g.merge(groups[k])
        merged[g.key] = g
    groups.clear()  # the caller's dict: from here on the merged groups are the only references
    groups = merged
    del compact
    # C-value: frequency of longer candidates containing each candidate
    containers: dict[str, list[int]] = defaultdict(list)
    for key, g in groups.items():
        toks = key.split()
        n = len(toks)
        if n < 2:
            continue
        f = g.frequency
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i < n:
                    sub = " ".join(toks[i:j])
                    if sub in groups:
                        containers[sub].append(f)
    ext: Counter[str] = Counter()
    for k, g in groups.items():
        ck = k.replace(" ", "")
        parts = split_surface(k.split()[-1])
        if len(parts) > 1:  # strip the head part(s): prefix = candidate + modifier parts
            cut = len(ck)
            for p_ in reversed(parts[1:]):
                cut -= len(p_)
                ext[ck[:cut]] += g.frequency
                ext[ck[:cut].rstrip("s")] += 0  # link -s- variants share the entry below

    # per content lemma, computed once: (general-Dutch Zipf estimate, general-Dutch Zipf, corpus
    # count or None, domain specificity when the count is known); per corpus count: its corpus Zipf
    lemma_info: dict[str, tuple[float, float, int | None, float | None]] = {}
    cz_of: dict[int, float] = {}

    def cz(c: int) -> float:
        v = cz_of.get(c)
        if v is None:
            v = cz_of[c] = corpus_zipf(c, n_words)
        return v

    def info(l: str) -> tuple[float, float, int | None, float | None]:
        gz, c = _lemma_general_zipf(l, surfaces), lemma_count.get(l)
        v = lemma_info[l] = (gz, zipf(l), c, None if c is None else cz(c) - gz)
        return v

    log, log2 = math.log, math.log2
    # the features of a batch of candidates, one row after another in FEATURES order, scored
    # together (scoring.combine_rows: the same sums as combine, a tenth of the time)
    rows = array("d")
    scored: list = []
    pending: list = []

    def flush() -> None:
        for score, x in zip(combine_rows(FEATURES, rows), pending):
            x[0] = round(score, 4)
            scored.append(tuple(x))
        del rows[:]
        pending.clear()

    for key, g in groups.items():
        f = len(g.occ) >> 2  # g.frequency
        ntok = len(key.split())
        content = g.content
        if not content or ntok == 1 and _glued(key, f, groups):
            continue
        infos = [lemma_info.get(l) or info(l) for l in content]
        gzs = [i[0] for i in infos]
        specs = [cz(f) - i[0] if i[3] is None else i[3] for i in infos]
        cont = containers.get(key)
        cval = log2(1 + ntok) * (f - (sum(cont) / len(cont) if cont else 0.0))
        rare = min([1 if i[2] is None else i[2] for i in infos])
        kinds = g.kind
        kind_name = kinds.get("name", 0) > kinds.get("term", 0) + kinds.get("adj", 0) + kinds.get("verb", 0)
        surf = g.surf
        if len(surf) == 1:
            surf0, n = next(iter(surf.items()))
            caps = (n if surf0[:1].isupper() else 0) / max(1, n)
        else:
            surf0 = max(surf.items(), key=_COUNT)[0]  # = most_common(1)
            caps = sum([c for sf, c in surf.items() if sf[:1].isupper()]) / max(1, sum(surf.values()))
        logf = log(f)
        spec_mean = sum(specs) / len(specs)
        gz_min = min(gzs)
        name = float(kind_name)
        single = float(ntok == 1)
        adj = kinds.get("adj", 0) / f
        verb = kinds.get("verb", 0) / f
        # gradable (qualitative) first modifier or single adjective, used freely in the corpus
        # (specifieke maatregelen); a modifier mostly used in this phrase is lexicalised in it
        # (sociaal krediet)
        if (ntok > 1 or adj > 0) and not kind_name and verb < 0.5:
            share = f / max(f, lemma_count.get(content[0], 1)) if ntok > 1 else 0.0
            grad = gradability(surf0.split()[0]) * (1.0 - share)
        else:
            grad = 0.0
        feats = (  # in FEATURES order
            logf, log(g.doc_count()) if f > 1 else 0.0,  # one occurrence: one document, log 1 = 0
            spec_mean, max(specs), min(specs),
            gz_min, max(gzs), gzs[0], gzs[-1],
            float(ntok == 2), float(ntok >= 3), name,
            float(ntok == 1 and bool(split_surface(key))),
            float(len(content) < ntok), log(max(f, 1) / max(rare, 1)),
            log(1 + max(cval, 0.0)), float(bool(cont)),
            float("-" in key), float(_DIGIT(key) is not None),
            float(surf0.isupper()), caps, log(len(key)),
            float(min([i[1] for i in infos]) == 0),
            spec_mean * single, gz_min * single, logf * single,
            name * logf, name * gz_min,
            float(f == 1), float(g.heading > 0), adj, verb,
            grad,
            # compound family: longer candidates that extend this one by compounding
            # (sociaal krediet -> sociaal kredietsysteem, sociale kredietcode)
            log(1 + ext.get(key.replace(" ", ""), 0)),
        )
        if debug is not None:
            debug.append((key, dict(zip(FEATURES, feats))))
        rows.extend(feats)
        pending.append([0.0, key, g, kind_name, ntok])
        if len(pending) >= 4096:
            flush()
    flush()
    if debug is None:  # only the kept entries become Terms
        th = min(auto_threshold([x[0] for x in scored]), 0.0)
        scored = [x for x in scored if x[0] >= th]
        # the candidates below the cut (their spans: most of the memory) go before the kept
        # ones become Terms
        groups.clear()
        containers.clear()
        ext.clear()
        lemma_info.clear()
    terms: list[Term] = []
    for score, key, g, kind_name, ntok in scored:
        term = g.surf.most_common(1)[0][0]
        kind = "name" if kind_name else "term"
        if kind == "name" and ntok == 1 and _is_code(term):
            kind = "term"  # acronyms and codes (CABG, QRS, IEC61400) are terms, not names
        if kind == "term" and ntok == 1 and not any(c.isupper() for c in term) and "-" not in term:
            w = term.lower()
            zn, ze = zipf(w), zipf_en(w)
            if (zn == 0 and ze > 0 and not split_compound(w)) or (ze >= 3.0 and ze - zn >= 1.5) or (
                    ze >= 3.0 and ze - zn >= 0.3 and _ENGLISH_SPELLING.search(w)) or (
                    zn == 0 and ze == 0 and w.isalpha() and not split_compound(w) and not w.endswith(_DUTCH_SUFFIXES)):
                kind = "loanword"
        if kind != "name" and term[:1].isupper() and not term.isupper():
            low = [s for s in g.surf if s[:1].islower()]
            if low:
                term = max(low, key=lambda s: g.surf[s])
            elif (term.split()[0][1:].islower() and not any(w[:1].isupper() for w in term.split()[1:])
                  and g.opens):
                term = term[0].lower() + term[1:]  # sentence-initial capital
        if kind != "name":
            term = headword(term, g.surf)
        term_parts = split_compound(key) if ntok == 1 else []
        occ = Occurrences(g.occ, sentences)
        forms = sorted(g.surf, key=lambda s: (-g.surf[s], s))
        terms.append(Term(
            term=term, key=key, lemma=key, kind=kind, score=score, frequency=len(occ),
            doc_count=g.doc_count(), variants=sorted(s for s in g.surf if s != term),
            parts=term_parts, occurrences=occ, head=(term_parts[-1] if term_parts else key.split()[-1]), forms=forms,
        ))
    terms.sort(key=lambda t: (-t.score, t.key))
    return terms


_OPEN_QUOTES = " \t'\"\u2018\u2019\u201c\u201d\u00ab\u00bb("


def _opens_a_sentence(sentence: str, start: int) -> bool:
    """Whether an occurrence at ``start`` of ``sentence`` may owe its capital to its position:
    it opens its sentence, or follows a colon, a dash, a comma or semicolon of a flattened list,
    a list marker or a heading's capitalised word (``Bijlage B: Datavalidatie``, ``...;
    Snelheidsopnemers``). Only a word the text capitalises right after a lower-case word
    everywhere keeps its capital as the headword (*de Belgische China-specialist*, *namen als
    'Osmanthus-punten'*). Counted per key in ``analyse`` (``Group.opens``), read in scoring."""
    before = sentence[:start].rstrip(_OPEN_QUOTES) if start else ""
    return not before or not before[-1].islower()


_INFINITIVE = ("en", "aan", "oen", "ien", "ean")
# function words that text extraction (PDF) glues to the next word: deturbine, vantemperatuur
_GLUED = ("dezelfde", "deze", "het", "een", "van", "de", "die", "dat")


def _glued(key: str, f: int, groups) -> bool:
    """A word that is a function word glued to a word of the corpus (``deturbine``,
    ``vantemperatuur``, ``deolie``: a text-extraction error, not a term): unknown to general
    Dutch, rare (at most twice), and the rest is a general-Dutch word that the corpus uses on
    its own at least three times as often."""
    if f > 2 or zipf(key) > 0:
        return False
    for fw in _GLUED:
        rest = key[len(fw):]
        if key.startswith(fw) and len(rest) >= 4 and zipf(rest) >= 2.0:
            other = groups.get(lemma(rest).casefold())
            if other is not None and other.frequency >= 3 * f:
                return True
    return False


def _is_code(word: str) -> bool:
    """An acronym (all capitals, 2-8 letters: CABG, QRS; with a lower-case tail: GWh, NGOs), a
    code with digits (IEC61400, B19) or a unit/symbol in mixed case (kWh, pH)."""
    letters = [c for c in word if c.isalpha()]
    if not letters or len(word) > 12:
        return False
    return (bool(_DIGIT(word)) and word[:1].isalnum() or word.isupper() and 2 <= len(letters) <= 8
            or is_symbol(word) or _CAPS_TAIL(word) is not None)


def _base_word(word: str) -> str:
    """Base form of one token (singular noun, uninflected adjective), in the token's own
    capitals: kredietscores -> kredietscore, deurbelcamera's -> deurbelcamera,
    EU-lidstaten -> EU-lidstaat. Acronyms, codes and words without letters stay as they are."""
    if not _HAS_ALPHA(word) or _DIGIT(word) or word.isupper() and len(word) > 1:
        return word
    base = lemma(word)
    low = word.lower()
    if base == low or not base:
        return word
    if low.endswith(("je", "jes")):  # a diminutive is its own entry: kostenplaatje(s) -> kostenplaatje
        return word[:-1] if low.endswith("jes") else word
    if base.endswith(_INFINITIVE) and not low.endswith(_INFINITIVE[:1]):
        # a participle's verb lemma (aanbestedende -> aanbesteden): the adjective's base form
        # is the uninflected participle (aanbestedend, drukbevolkt)
        return word[:-1] if low.endswith(("ende", "de", "te")) else word
    if base.endswith(_INFINITIVE) and low.endswith("en"):
        return word  # a verb lemma for a plural noun (landenverslagen -> verslaan): keep the word
    n = 0
    while n < min(len(low), len(base)) and low[n] == base[n]:
        n += 1
    return word[:n] + base[n:]


def headword(term: str, surfaces) -> str:
    """The entry's headword: its base form (head noun singular, single adjective uninflected),
    as a terminologist writes the entry, the surface forms staying its variants.

    An observed surface already in base form is preferred (most frequent first: the
    modifiers then keep the inflection the text used with the singular, ``socialistische
    kernwaarde``); otherwise the head word of ``term`` is replaced by its base form
    (``kernwaarden`` -> ``kernwaarde``). Phrases with a preposition or conjunction inside keep
    their most frequent form (their first noun is the head, and the rest is fixed)."""
    words = term.split()
    if any(w.lower() in _LINKS for w in words):
        return term
    head = words[-1]
    base = _base_word(head)
    if base == head:
        return term
    key = " ".join(words[:-1] + [base]).lower()
    same = [s for s in surfaces if s.lower() != term.lower() and len(s.split()) == len(words)
            and _base_word(s.split()[-1]) == s.split()[-1] and s.split()[-1].lower() == base.lower()]
    if same:
        lower = [s for s in same if s[:1].islower()] or same
        best = max(lower, key=lambda s: (surfaces[s], s.lower() == key, s))
        if best[:1].isupper() and term[:1].islower():
            best = best[0].lower() + best[1:]
        return best
    return " ".join(words[:-1] + [base])
