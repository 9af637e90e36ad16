"""Calibrated candidate scores: the estimated probability that a translator accepts a candidate.

A candidate's evidence (how it was found, agreement between sources, rank, English frequency,
composition) is a feature vector; a logistic model maps it to a probability. The weights are
fitted by ``benchmarks/translate_terms.py --fit`` on one half of a reference term list (EU CPV)
and written to ``data/lexicon/calibration.json``; that benchmark reports on the other half.
The label is "the candidate equals the reference translation" (normalised for case, articles,
plural, -ise/-ize), so the probability is a *lower bound* on acceptance: a translator also
accepts synonyms the reference does not list.

Two floors, both fitted with the weights by the same rule on the fit half (the highest floor
that costs it at most 2.5 % of its matches):

- :data:`FLOOR`, the *suggestion* floor (2.5 % of the top-1 matches): a candidate at or above it
  is a suggestion (status ``candidate``: chosen, exported, counted);
- :data:`LIST_FLOOR`, the *listing* floor (2.5 % of the any-candidate matches): a dictionary
  candidate between the two is stored as ``weak``, listed after the suggestions in the TUI and
  by ``lookup`` for a translator to see and approve, but never chosen nor exported (see
  :mod:`glossary.vocabulary`); below it a candidate is not stored at all. A TM proposal
  (:mod:`glossary.translate.align`) is stored only as a suggestion (:func:`keep`).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from glossary.vocabulary import CANDIDATE, WEAK

#: used when data/lexicon/calibration.json has no floor / no list_floor
DEFAULT_FLOOR = 0.08
DEFAULT_LIST_FLOOR = 0.02

FEATURES = (
    "bias",
    "m_termbase", "m_lexicon", "m_dictd", "m_kept", "m_composed", "m_partial", "m_cognate",
    "rank", "agree", "lexscore", "zipf", "lemma", "parts", "closed", "methods", "alts", "words", "reordered",
    "attested", "attested_part", "extra_words", "part_only", "gap", "en_words", "collocated",
)

#: used when data/lexicon/calibration.json is missing (the values it held when this was written)
DEFAULT_WEIGHTS = {
    "bias": -2.0, "m_termbase": 3.5, "m_lexicon": 0.6, "m_dictd": 0.3, "m_kept": 0.5, "m_composed": 0.0,
    "m_partial": -1.5, "m_cognate": 0.0, "rank": -0.6, "agree": 0.3, "lexscore": 0.3, "zipf": 0.1, "lemma": -0.1,
    "parts": -0.1, "closed": 0.3, "methods": 0.8, "alts": -0.2, "words": -0.2, "reordered": 0.0,
    "attested": 0.5, "attested_part": 0.5, "extra_words": -0.3, "part_only": -0.3, "gap": -1.0, "en_words": -1.0,
    "collocated": 1.0,
}


def calibration_path() -> Path:
    from glossary.config import DATA_DIR

    return Path(DATA_DIR) / "lexicon" / "calibration.json"


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    try:
        data = json.loads(calibration_path().read_text(encoding="utf-8"))
        w = {k: float(data["weights"][k]) for k in FEATURES}
        return w
    except (OSError, ValueError, KeyError, TypeError):
        return dict(DEFAULT_WEIGHTS)


def _fitted_floor(name: str = "floor", default: float = DEFAULT_FLOOR) -> float:
    try:
        value = float(json.loads(calibration_path().read_text(encoding="utf-8"))[name])
    except (OSError, ValueError, KeyError, TypeError):
        return default
    return value if 0.0 <= value < 1.0 else default


#: candidates below this estimated acceptance probability are not suggestions; chosen with the
#: weights (``benchmarks/translate_terms.py --fit``: the highest floor that keeps 97.5 % of the
#: fit half's top-1 matches) and read from calibration.json
FLOOR = _fitted_floor()
#: dictionary candidates below this one are not stored at all (between the two: ``weak``); the
#: highest floor that keeps 97.5 % of the fit half's any-candidate matches, never above FLOOR
LIST_FLOOR = min(_fitted_floor("list_floor", DEFAULT_LIST_FLOOR), FLOOR)


def vector(features: dict) -> list[float]:
    return [1.0 if k == "bias" else float(features.get(k, 0.0)) for k in FEATURES]


def probability(features: dict, w: dict[str, float] | None = None) -> float:
    w = weights() if w is None else w
    z = sum(w[k] * x for k, x in zip(FEATURES, vector(features)))
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def keep(score: float | None) -> bool:
    """Whether a machine candidate with this score is a suggestion (None: unscored, kept)."""
    return score is None or score >= FLOOR


def status_of(score: float | None) -> str | None:
    """How a dictionary candidate with this score is stored: ``candidate`` (a suggestion),
    ``weak`` (listed, not suggested) or None (not stored)."""
    if keep(score):
        return CANDIDATE
    return WEAK if score is not None and score >= LIST_FLOOR else None


def fit(rows: list[tuple[dict, int]], *, l2: float = 1.0, iterations: int = 300) -> dict[str, float]:
    """Logistic regression (Newton steps, L2 on all but the bias) on (features, label) rows."""
    import numpy as np

    x = np.array([vector(f) for f, _ in rows], dtype=float)
    y = np.array([label for _, label in rows], dtype=float)
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {k: round(float(v), 4) for k, v in zip(FEATURES, w)}
