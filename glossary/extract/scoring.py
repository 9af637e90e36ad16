"""Termhood x unithood scoring and the automatic threshold.

For every grouped candidate:

* domain specificity (termhood) -- how much more frequent the candidate's words are in
  this corpus than in general Dutch (wordfreq Zipf scale): ``Zc - Zg`` per content word,
  where an unknown compound gets the general frequency of its rarest part minus a margin;
* C-value (termhood of nested multi-word terms, Frantzi et al. 2000):
  ``log2(1 + n) * (f - mean f of longer candidates containing it)``;
* unithood of multi-word candidates -- how often the words occur together compared with
  apart (a Dice-style ratio of the phrase frequency to its rarest word's frequency).

The combined score is on a fixed scale, so the threshold is a constant chosen once
(``THRESHOLD``); no number of terms is needed.
"""
from __future__ import annotations

import math

from glossary.extract.compounds import split_surface
from glossary.extract.lexicon import zipf

THRESHOLD = 1.0


def general_zipf(word: str) -> float:
    """General-Dutch Zipf frequency of a lower-case word, estimated for unknown compounds."""
    z = zipf(word)
    if z > 0:
        return z
    parts = split_surface(word)
    if parts:
        return max(1.0, min(zipf(p) for p in parts) - 2.5)
    return 1.0


def corpus_zipf(f: int, n_words: int) -> float:
    return math.log10(max(f, 1) / max(n_words, 1)) + 9.0


def specificity(word_freqs: list[tuple[str, int]], n_words: int) -> float:
    """Mean (corpus Zipf - general Zipf) over the content words of a candidate."""
    vals = [corpus_zipf(f, n_words) - general_zipf(w) for w, f in word_freqs]
    return sum(vals) / len(vals) if vals else 0.0


# Logistic weights over the features computed in pipeline.score_terms (fitted with
# ``benchmarks/ate.py --fit``; see docs/extraction.md). The score is the log-odds that a
# candidate is a term; THRESHOLD is the cut that maximised F1 when fitted.
WEIGHTS: dict[str, float] = {"bias": 0.0, "spec_mean": 1.0, "logf": 0.3}


def combine(feats: dict[str, float]) -> float:
    s = WEIGHTS.get("bias", 0.0)
    for k, v in feats.items():
        s += WEIGHTS.get(k, 0.0) * v
    return s


def auto_threshold(scores: list[float]) -> float:
    """The score cut that maximises the *expected* F1 of the kept candidates.

    With p_i = sigmoid(score_i) read as the probability that candidate i is a term, keeping
    the k best gives expected F1 ~ 2 * sum_{i<=k} p_i / (k + sum_all p). The tool keeps the k
    that maximises it, so the cut adapts to each corpus; no number of terms is given.
    """
    if not scores:
        return 0.0
    ps = sorted((1.0 / (1.0 + math.exp(-s)) for s in scores), reverse=True)
    total = sum(ps)
    best, best_k, cum = -1.0, 1, 0.0
    for k, p in enumerate(ps, 1):
        cum += p
        f = 2 * cum / (k + total)
        if f > best:
            best, best_k = f, k
    p = ps[best_k - 1]
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p)) - 1e-9
