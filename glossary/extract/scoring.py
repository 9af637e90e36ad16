"""Termhood x unithood scoring and the automatic threshold.

Features (computed in ``pipeline.score_terms``) include, per candidate:

* domain specificity (termhood): how much more frequent its words are in this corpus than in
  general Dutch (wordfreq Zipf scale), ``Zc - Zg`` per content word, where an unknown
  compound gets the general frequency of its rarest part minus a margin;
* C-value (Frantzi et al. 2000): ``log2(1 + n) * (f - mean f of longer candidates containing it)``;
* unithood of multi-word candidates: phrase frequency against its rarest word's frequency;
* shape: length, number of words, preposition inside, name, compound, hyphen, digits...

``combine`` turns them into the log-odds of being a term (weights ``WEIGHTS``, fitted with
``benchmarks/ate.py --fit``); ``auto_threshold`` picks the cut per corpus.
"""
from __future__ import annotations

import math

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


def corpus_zipf(f: int, n_words: int) -> float:
    return math.log10(max(f, 1) / max(n_words, 1)) + 9.0


# Logistic weights over the features computed in pipeline.score_terms (fitted with
# ``benchmarks/ate.py --fit``; see docs/extraction.md). The score is the log-odds that a
# candidate is a term (the threshold is chosen per corpus by auto_threshold).
WEIGHTS: dict[str, float] = {'bias': -0.695, 'acro': 0.159, 'adj': -0.47, 'caps': -0.178, 'compound': 0.081, 'digit': 0.086, 'ext': 0.262, 'gz1': -0.195, 'gz_first': -0.322, 'gz_head': -0.11, 'gz_max': -0.215, 'gz_min': 0.153, 'hapax': -0.414, 'heading': 0.095, 'hyphen': -0.681, 'logcval': 0.343, 'logdf': 0.341, 'logf': 0.419, 'logf1': -0.47, 'loglen': 0.349, 'n2': -0.536, 'n3': -0.762, 'name': 0.876, 'namef': -0.292, 'namegz': 0.517, 'nested': 0.156, 'prep': -0.926, 'spec1': -0.151, 'spec_max': -0.008, 'spec_mean': 0.015, 'spec_min': 0.299, 'unit': 0.109, 'unknown': -0.181}


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
