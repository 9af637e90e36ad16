"""Termhood x unithood scoring and the automatic threshold.

Features (computed in ``pipeline.score_terms``) include, per candidate:

* domain specificity (termhood): how much more frequent its words are in this corpus than in
  general Dutch (wordfreq Zipf scale), ``Zc - Zg`` per content word, where an unknown
  compound gets the general frequency of its rarest part minus a margin;
* C-value (Frantzi et al. 2000): ``log2(1 + n) * (f - mean f of longer candidates containing it)``;
* unithood of multi-word candidates: phrase frequency against its rarest word's frequency;
* gradability of the first modifier (``gradability``): qualitative adjectives have
  comparatives in general Dutch, classifying ones (the term-forming kind) do not;
* shape: length, number of words, preposition inside, name, compound, hyphen, digits...

``combine`` turns them into the log-odds of being a term (weights ``WEIGHTS``, fitted with
``benchmarks/ate.py --fit``); ``auto_threshold`` picks the cut per corpus.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import repeat
from operator import mul

from glossary.extract.compounds import split_surface
from glossary.extract.lexicon import zipf


def general_zipf(word: str) -> float:
    """General-Dutch Zipf frequency of a lower-case word, estimated for unknown compounds."""
    z = zipf(word)
    if z > 0:
        return z
    parts = split_surface(word)
    if parts:
        return max(1.0, min(zipf(p) for p in parts) - 2.5)
    return 1.0


_SHORT_CLOSED = re.compile(r"(?:^|[^aeiou])[aeiou]([bdfgklmnprstz])$")   # dik -> dikker
_LONG_VOWEL = re.compile(r"(aa|ee|oo|uu)([^aeiou])$")                    # groot -> groter


@lru_cache(maxsize=50_000)
def gradability(word: str) -> float:
    """How gradable an adjective is in general Dutch: the wordfreq Zipf of its best
    comparative/superlative form (``specifieke`` -> ``specifieker``, ``groot`` -> ``grootste``)
    minus that of its base form, + 3, floored at 0 (graded uses below 1 in 1000 count as none).
    Qualitative adjectives are gradable, classifying ones (``strafrechtelijke``, ``financiële``,
    ``akoestische``) are not, and a classifying modifier is what makes a noun phrase a term."""
    from glossary.extract.lemma import lemma_simple

    w = word.lower()
    bases = {w[:-1] if w.endswith("e") and len(w) > 3 else w}
    lw = lemma_simple(w)
    if not lw.endswith("en") and lw.isalpha():
        bases.add(lw)
    forms = set()
    for b in bases:
        if len(b) < 3:
            continue
        forms.add(b + "ste")
        if b.endswith("r"):
            forms.add(b + "der")
        elif b.endswith("f"):
            forms.add(b[:-1] + "ver")
        elif b.endswith("s"):
            forms.add(b[:-1] + "zer")
        else:
            forms.add(b + "er")
        m = _LONG_VOWEL.search(b)
        if m:
            short = b[: m.start()] + m.group(1)[0] + m.group(2)
            forms.add(short + ("der" if short.endswith("r") else "er"))
        elif _SHORT_CLOSED.search(b):
            forms.add(b + b[-1] + "er")
    if not forms:
        return 0.0
    zc = max(zipf(f) for f in forms)
    if not zc:
        return 0.0
    # relative to the base form: the share of graded uses (10^-3 of them or fewer counts as none)
    return max(0.0, zc - max(zipf(b) for b in bases) + 3.0)


def corpus_zipf(f: int, n_words: int) -> float:
    return math.log10(max(f, 1) / max(n_words, 1)) + 9.0


# Logistic weights over the features computed in pipeline.score_terms (fitted with
# ``benchmarks/ate.py --fit``; see docs/extraction.md). The score is the log-odds that a
# candidate is a term (the threshold is chosen per corpus by auto_threshold).
WEIGHTS: dict[str, float] = {'bias': -0.791, 'acro': -0.008, 'adj': -0.384, 'caps': -0.171, 'compound': 0.089, 'digit': 0.083, 'ext': 0.252, 'grad': -0.425, 'gz1': -0.232, 'gz_first': -0.265, 'gz_head': -0.132, 'gz_max': -0.181, 'gz_min': 0.152, 'hapax': -0.428, 'heading': 0.105, 'hyphen': -0.703, 'logcval': 0.415, 'logdf': 0.369, 'logf': 0.341, 'logf1': -0.495, 'loglen': 0.334, 'n2': -0.679, 'n3': -0.961, 'name': 1.122, 'namef': -0.286, 'namegz': 0.474, 'nested': 0.189, 'prep': -0.945, 'spec1': -0.167, 'spec_max': -0.037, 'spec_mean': 0.04, 'spec_min': 0.34, 'unit': 0.097, 'unknown': -0.177}


_NAMES = [k for k in WEIGHTS if k != "bias"]
_COEF = [WEIGHTS[k] for k in _NAMES]


def combine(feats: dict[str, float]) -> float:
    """bias + sum of weight x feature (features without a weight count 0)."""
    return WEIGHTS.get("bias", 0.0) + sum(map(mul, _COEF, map(feats.get, _NAMES, repeat(0.0))))


# Share of a corpus's terms that the candidate patterns can propose at all (verbs, phrases
# with a determiner inside, split coordinations are out of reach): measured on the two ACTER
# dev corpora with their gold lists (0.84 corruption, 0.82 wind energy), not tuned.
CANDIDATE_COVERAGE = 0.83


def auto_threshold(scores: list[float]) -> float:
    """The score cut that maximises the *expected* F1 of the kept candidates.

    With p_i = sigmoid(score_i) read as the probability that candidate i is a term, keeping
    the k best gives expected F1 ~ 2 * sum_{i<=k} p_i / (k + T), where T, the expected number
    of terms in the corpus, is sum_all p over the candidates divided by the candidate
    coverage (the terms no pattern proposes count in the recall too). The tool keeps the k
    that maximises it, so the cut adapts to each corpus; no number of terms is given.
    """
    if not scores:
        return 0.0
    ps = sorted((1.0 / (1.0 + math.exp(-s)) for s in scores), reverse=True)
    total = sum(ps) / CANDIDATE_COVERAGE
    best, best_k, cum = -1.0, 1, 0.0
    for k, p in enumerate(ps, 1):
        cum += p
        f = 2 * cum / (k + total)
        if f > best:
            best, best_k = f, k
    p = ps[best_k - 1]
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p)) - 1e-9
