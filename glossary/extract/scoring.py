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
from array import array
from collections.abc import Sequence
from functools import lru_cache, reduce
from itertools import repeat
from operator import add, mul

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
WEIGHTS: dict[str, float] = {'bias': -0.192, 'acro': 0.091, 'adj': -0.344, 'caps': -0.158, 'compound': 0.122, 'digit': 0.062, 'ext': 0.216, 'grad': -0.441, 'gz1': -0.099, 'gz_first': -0.238, 'gz_head': -0.128, 'gz_max': -0.264, 'gz_min': -0.001, 'hapax': -0.446, 'heading': 0.094, 'hyphen': -0.582, 'logcval': 0.443, 'logdf': 0.355, 'logf': 0.324, 'logf1': -0.473, 'loglen': 0.213, 'n2': 0.044, 'n3': -0.279, 'name': 0.708, 'namef': -0.231, 'namegz': 0.583, 'nested': 0.176, 'prep': -0.725, 'spec1': -0.06, 'spec_max': -0.145, 'spec_mean': 0.029, 'spec_min': 0.274, 'unit': 0.039, 'unknown': -0.153, 'verb': -1.06}


_NAMES = [k for k in WEIGHTS if k != "bias"]
_COEF = [WEIGHTS[k] for k in _NAMES]


def combine(feats: dict[str, float]) -> float:
    """bias + sum of weight x feature (features without a weight count 0), summed left to
    right in ``WEIGHTS`` order (``reduce``: the plain running sum on every Python version;
    ``sum`` of floats is compensated from Python 3.12 on): the reference that :func:`combine_rows`
    (which scores the candidates of an extraction) equals bit for bit."""
    return WEIGHTS.get("bias", 0.0) + reduce(add, map(mul, _COEF, map(feats.get, _NAMES, repeat(0.0))), 0.0)


def combine_rows(names: Sequence[str], rows: array) -> list[float]:
    """``combine`` of many candidates at once: ``rows`` holds their features one candidate
    after another, each in the order of ``names``. The same products and the same left-to-right
    sum as ``combine``, done per weighted feature over all candidates (numpy's element-wise
    multiply and add are the IEEE operations Python's floats do, so every score is bit for bit
    ``combine``'s; ``tests/test_extract_speed.py`` compares them)."""
    import numpy as np

    k = len(names)
    m = np.frombuffer(rows, dtype=np.float64).reshape(-1, k) if len(rows) else np.zeros((0, k))
    col = {n: i for i, n in enumerate(names)}
    acc = np.zeros(len(m))
    for name, c in zip(_NAMES, _COEF):
        i = col.get(name)
        acc += c * m[:, i] if i is not None else c * 0.0
    acc = WEIGHTS.get("bias", 0.0) + acc
    return acc.tolist()


# Share of a corpus's terms that the candidate patterns can propose at all (verbs, phrases
# with a determiner inside, split coordinations are out of reach): measured on the two ACTER
# dev corpora with their gold lists (0.84 corruption, 0.82 wind energy), not tuned.
CANDIDATE_COVERAGE = 0.83

# The score distribution of the fitting corpora as a two-component Gaussian mixture (terms,
# non-terms): mean and standard deviation of the scores of each class and the share of terms
# among the candidates. Written by ``benchmarks/ate.py --fit`` together with WEIGHTS; it is
# the starting point (and the prior) of the per-corpus re-estimation in ``auto_threshold``.
MIXTURE: dict[str, float] = {'m1': -0.825, 's1': 1.284, 'm0': -2.576, 's0': 1.232, 'pi': 0.151}
# weight of MIXTURE in the re-estimation, in candidates (a small corpus stays near it);
# chosen by leave-one-domain-out on corp and wind (0, 20, 50, 100, 200, 500, 1000 tried)
PRIOR_WEIGHT = 50.0


def corpus_mixture(scores, prior: dict[str, float] | None = None, weight: float = PRIOR_WEIGHT,
                   iters: int = 500):
    """Re-estimate the term/non-term score mixture on this corpus's own scores (EM, MAP with
    ``prior`` counted as ``weight`` pseudo-candidates) and return it with each candidate's
    posterior probability of being a term under it (a numpy array).

    Weights fitted on other domains rank a new domain's candidates well but are not
    calibrated for it: how dense the corpus is in terms and where its terms' scores lie
    shift with the domain. The mixture finds where this corpus's own scores separate."""
    import numpy as np

    pm = dict(prior or MIXTURE)
    s = np.asarray(scores, dtype=float)
    if not len(s):
        return pm, np.zeros(0)
    w0 = float(weight)
    w1, w_0 = w0 * pm["pi"], w0 * (1 - pm["pi"])
    m1, s1, m0, s0, pi = pm["m1"], pm["s1"], pm["m0"], pm["s0"], pm["pi"]
    q = np.empty_like(s)
    t = np.empty_like(s)
    s_sum = float(s.sum())  # the same every iteration
    for _ in range(iters):
        # E step, in place: q = P(term | score) under the current mixture
        np.subtract(s, m0, out=t)
        t /= s0
        np.square(t, out=t)
        np.subtract(s, m1, out=q)
        q /= s1
        np.square(q, out=q)
        np.subtract(q, t, out=q)
        q *= 0.5
        q += math.log((1 - pi) / pi) + math.log(s1 / s0)  # = log-odds of non-term
        np.clip(q, -50, 50, out=q)
        np.exp(q, out=q)
        q += 1.0
        np.reciprocal(q, out=q)
        # M step (MAP: the prior mixture counts as ``weight`` candidates)
        sq = float(q.sum())
        n1 = sq + w1
        n0 = len(s) - sq + w_0
        qs = float(q @ s)
        new_pi = n1 / (n1 + n0)
        new_m1 = (qs + w1 * pm["m1"]) / n1
        new_m0 = (s_sum - qs + w_0 * pm["m0"]) / n0
        np.subtract(s, new_m1, out=t)
        np.square(t, out=t)
        v1 = float(q @ t)
        np.subtract(s, new_m0, out=t)
        np.square(t, out=t)
        v0 = float(t.sum()) - float(q @ t)
        new_s1 = math.sqrt((v1 + w1 * pm["s1"] ** 2) / n1)
        new_s0 = math.sqrt((max(v0, 0.0) + w_0 * pm["s0"] ** 2) / n0)
        change = max(abs(new_m1 - m1), abs(new_m0 - m0), abs(new_s1 - s1), abs(new_s0 - s0), abs(new_pi - pi))
        m1, m0, s1, s0, pi = new_m1, new_m0, max(new_s1, 0.05), max(new_s0, 0.05), min(max(new_pi, 1e-3), 1 - 1e-3)
        if change < 1e-7:
            break
    if m1 <= m0:  # degenerate (no separation found): keep the fitted calibration
        return pm, 1.0 / (1.0 + np.exp(-s))
    return {"m1": m1, "s1": s1, "m0": m0, "s0": s0, "pi": pi}, q


def expected_f1_cut(scores, probs, coverage: float = CANDIDATE_COVERAGE) -> float:
    """The score cut that maximises the expected F1 of keeping the best-scored candidates,
    ``probs[i]`` being candidate i's probability of being a term: keeping the k best gives
    expected F1 ~ 2 * sum_{i<=k} p_i / (k + T), with T = sum_all p / coverage the expected
    number of terms in the corpus (the terms no pattern proposes count in the recall too)."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    if not len(s):
        return 0.0
    p = np.asarray(probs, dtype=float)
    order = np.argsort(-s, kind="stable")
    cum = np.cumsum(p[order])
    f = 2 * cum / (np.arange(1, len(s) + 1) + p.sum() / coverage)
    return float(s[order[int(f.argmax())]]) - 1e-9


def auto_threshold(scores: list[float], adapt: bool = True, prior: dict[str, float] | None = None) -> float:
    """The score cut for this corpus: candidates scoring at least it are kept.

    With ``adapt`` (the default) each candidate's probability of being a term comes from the
    score mixture re-estimated on this corpus (``corpus_mixture``), so the cut follows the
    corpus's own density of terms; without it from ``sigmoid(score)``, the calibration of the
    fitting corpora. The cut maximises the expected F1 (``expected_f1_cut``); no number of
    terms is given. ``prior`` replaces MIXTURE (the benchmark's leave-one-domain-out runs).
    """
    import numpy as np

    s = np.asarray(scores, dtype=float)
    if not len(s):
        return 0.0
    if adapt:
        _, probs = corpus_mixture(s, prior)
    else:
        probs = 1.0 / (1.0 + np.exp(-s))
    return expected_f1_cut(s, probs)
