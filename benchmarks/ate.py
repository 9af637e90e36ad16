"""ACTER term-extraction benchmark (TermEval 2020 scoring) for glossary.extract, with YAKE
as a baseline.

Usage: .venv/bin/python benchmarks/ate.py [ACTER_DIR] [--lang nl] [--no-yake] [--no-loo] [--dump DIR]
       .venv/bin/python benchmarks/ate.py --fit      (fit scoring.WEIGHTS and MIXTURE; prints them)
       .venv/bin/python benchmarks/ate.py --analyse  (error analysis: candidate recall, precision
                                                      per candidate pattern, leave-one-domain-out;
                                                      the top 50 false positives and the 50 best
                                                      false negatives below the cut per domain)

ACTER_DIR (default ../shared/eval/acter-dev) holds, per domain, texts (``.../<domain>/**/texts/*.txt``)
and gold lists ``<domain>_<lang>_terms.tsv`` / ``<domain>_<lang>_terms_nes.tsv`` anywhere below it.
Scoring as in TermEval 2020: both lists lower-cased, NFC, dashes and quotes unified, unique
terms; precision, recall, F1. "with NEs" scores all extracted entries against
``*_terms_nes.tsv``; "without NEs" drops entries of kind "name" and scores against
``*_terms.tsv``. Each entry counts with all its grouped surface variants. The extractor
chooses its own threshold; YAKE (Dutch stoplist, n<=3) is given the gold count and is timed
on the same texts in the same run (CPU time, after each tool's model load).

The headline is leave-one-domain-out: the weights and the score mixture are fitted on the
other domain(s) only and applied to this one with the adaptive cut, the situation of a
domain the tool has never seen; the in-domain figures (shipped weights) are printed beside.
Exits 0 with a printed reason when the data is absent.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_TRANS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})


# issue 13's targets: leave-one-domain-out F1 with named entities, variants counted; speed
TARGETS = {"corp": 0.48, "wind": 0.55}
SPEED_TARGET = 30_000


def norm(term: str) -> str:
    t = unicodedata.normalize("NFC", term).lower().translate(_TRANS)
    return re.sub(r"\s+", " ", t).strip()


def read_gold(path: Path) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        t = line.split("\t")[0]
        if t.strip():
            out.add(norm(t))
    return out


def prf(pred: set[str], gold: set[str]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def find_domains(root: Path, lang: str) -> list[tuple[str, list[Path], Path, Path]]:
    out = []
    for nes in sorted(root.rglob(f"*_{lang}_terms_nes.tsv")):
        domain = nes.name[: -len(f"_{lang}_terms_nes.tsv")]
        plain = nes.with_name(f"{domain}_{lang}_terms.tsv")
        # the domain folder is the nearest ancestor named after the domain
        ddir = next((p for p in nes.parents if p.name == domain), None)
        if ddir is None or not plain.exists():
            continue
        texts = sorted(p for p in ddir.rglob("*.txt") if p.parent.name == "texts")
        if texts:
            out.append((domain, texts, nes, plain))
    return out


def yake_terms(text: str, top: int) -> list[str]:
    import yake

    kw = yake.KeywordExtractor(lan="nl", n=3, top=top)
    return [k for k, _ in kw.extract_keywords(text)]


def _forms(t) -> set[str]:
    """Every surface form an entry met in the corpus (its headword may be a base form that
    the text never used: it is not submitted then)."""
    forms = getattr(t, "forms", None) or [t.term, *t.variants]
    return {norm(f) for f in forms}


def _collect(domains):
    """Per domain: (name, feature names, X, per-entry forms, gold_nes, per-entry is-name, gold,
    per-entry headword) over all candidates (no threshold)."""
    import numpy as np

    from glossary.extract.pipeline import run

    out = []
    for domain, texts, nes_path, plain_path in domains:
        docs = [p.read_text(encoding="utf-8") for p in texts]
        dbg: list = []
        ex = run(docs, None, dbg)
        feats = dict(dbg)
        names = sorted(next(iter(feats.values())))
        X, forms, is_name, heads = [], [], [], []
        for t in ex.terms:
            X.append([1.0] + [feats[t.key][k] for k in names])
            forms.append(_forms(t))
            is_name.append(t.kind == "name")
            heads.append(t.term)
        out.append((domain, ["bias"] + names, np.array(X), forms, read_gold(nes_path), np.array(is_name),
                    read_gold(plain_path), heads))
    return out


# L2 penalty of the logistic fit, chosen by leave-one-domain-out F1 on corp and wind (both
# directions, never one domain's figure): 0.1, 1, 3, 5, 10, 20, 30, 50, 100 tried
# (docs/extraction.md); 10 is the best mean and no worse on either domain than 1.
L2 = 10.0


def _fit(X, y, l2=L2, iters=30):
    import numpy as np

    w = np.zeros(X.shape[1])
    for _ in range(iters):  # Newton / IRLS with an L2 penalty (deterministic)
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y) + l2 * w
        H = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.eye(len(w))
        w -= np.linalg.solve(H, g)
    return w


def _mixture(scores, y) -> dict[str, float]:
    """The two-class score mixture of a fitting corpus (scoring.MIXTURE)."""
    s1, s0 = scores[y == 1], scores[y == 0]
    return {"m1": round(float(s1.mean()), 3), "s1": round(float(s1.std()), 3),
            "m0": round(float(s0.mean()), 3), "s0": round(float(s0.std()), 3), "pi": round(float(y.mean()), 3)}


def _sweep(scores, forms, gold):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    pred: set[str] = set()
    best = (0.0, 0.0)
    for i in order:
        pred |= forms[i]
        tp = len(pred & gold)
        p, r = tp / len(pred), tp / len(gold)
        f = 2 * p * r / (p + r) if tp else 0.0
        best = max(best, (f, scores[i]))
    return best


def _f1_at(scores, forms, gold, th, keep=None):
    pred: set[str] = set()
    for i, (s, fm) in enumerate(zip(scores, forms)):
        if s >= th and (keep is None or keep[i]):
            pred |= fm
    return prf(pred, gold)


def _labels(data):
    import numpy as np

    return [np.array([float(bool(fm & d[4])) for fm in d[3]]) for d in data]


def leave_one_out(data, adapt: bool = True):
    """Per domain: weights and score mixture fitted on the other domains only, applied to this
    one with the automatic cut. Returns rows (domain, with-NEs P/R/F1, without-NEs P/R/F1,
    oracle F1 of the ranking, threshold, kept entries)."""
    import numpy as np

    from glossary.extract.scoring import auto_threshold

    labels = _labels(data)
    rows = []
    for i, (dom, _, X, forms, gold, is_name, gold_plain, _) in enumerate(data):
        others = [j for j in range(len(data)) if j != i]
        if not others:
            continue
        Xt = np.vstack([data[j][2] for j in others])
        yt = np.concatenate([labels[j] for j in others])
        w = _fit(Xt, yt)
        s = X @ w
        th = auto_threshold(list(s), adapt=adapt, prior=_mixture(Xt @ w, yt))
        rows.append((dom, _f1_at(s, forms, gold, th), _f1_at(s, forms, gold_plain, th, ~is_name),
                     _sweep(s, forms, gold)[0], th, int((s >= th).sum())))
    return rows


# candidate patterns, told apart by the entry's features (the order decides: first match)
_PATTERNS = (
    ("name", lambda F: F["name"] > 0),
    ("verb", lambda F: F["verb"] >= 0.5),
    ("single adjective", lambda F: F["adj"] >= 0.5),
    ("with preposition", lambda F: F["prep"] > 0),
    ("one word, compound", lambda F: (F["n2"] + F["n3"] == 0) & (F["compound"] > 0)),
    ("one word, simple", lambda F: F["n2"] + F["n3"] == 0),
    ("two words", lambda F: F["n2"] > 0),
    ("three words or more", lambda F: F["n3"] > 0),
)


def analyse(domains, errors: int = 50) -> None:
    """Error analysis: what share of the gold terms any candidate reaches (the ceiling of the
    ranking), precision per candidate pattern over all candidates and among those kept in the
    leave-one-domain-out run, the gold terms below the cut per pattern, and the ``errors``
    highest-scored non-terms and the ``errors`` best-scored terms below the cut of that run."""
    import numpy as np

    from glossary.extract.scoring import auto_threshold

    data = _collect(domains)
    labels = _labels(data)
    cuts = {}
    for i in range(len(data)):
        others = [j for j in range(len(data)) if j != i]
        if others:
            Xt = np.vstack([data[j][2] for j in others])
            yt = np.concatenate([labels[j] for j in others])
            w = _fit(Xt, yt)
            s = data[i][2] @ w
            cuts[i] = (s, auto_threshold(list(s), prior=_mixture(Xt @ w, yt)))
    for i, (dom, names, X, forms, gold, _, _, heads) in enumerate(data):
        y = labels[i] > 0
        reach = set().union(*forms) & gold
        print(f"{dom}: {len(forms)} candidate entries, {int(y.sum())} of them terms; the candidates reach "
              f"{len(reach)} of {len(gold)} gold terms ({len(reach) / len(gold):.1%})")
        F = {n: X[:, k] for k, n in enumerate(names)}
        kept = cuts[i][0] >= cuts[i][1] if i in cuts else np.ones(len(y), bool)
        left = np.ones(len(y), bool)
        print(f"  {'pattern':22} {'entries':>7} {'terms':>6} {'precision':>9}   {'kept':>5} {'precision':>9}"
              f" {'terms below the cut':>19}")
        for name, rule in _PATTERNS:
            m = rule(F) & left
            left &= ~m
            mk = m & kept
            print(f"  {name:22} {int(m.sum()):>7} {int(y[m].sum()):>6} {y[m].mean() if m.any() else 0:>9.3f}   "
                  f"{int(mk.sum()):>5} {y[mk].mean() if mk.any() else 0:>9.3f} {int((m & ~kept & y).sum()):>19}")
        out = sorted(gold - set().union(*forms))
        print(f"  never a candidate ({len(out)}), e.g.: " + ", ".join(out[:: max(1, len(out) // 25)][:25]))
        if i in cuts and errors:
            s, th = cuts[i]
            order = np.argsort(-s, kind="stable")
            fp = [k for k in order if not y[k]][:errors]
            fn = [k for k in order if y[k] and s[k] < th][:errors]
            print(f"  highest-scored non-terms (leave-one-domain-out, cut {th:.2f}): "
                  + ", ".join(f"{heads[k]} ({s[k]:.2f})" for k in fp))
            print("  best-scored terms below the cut: " + ", ".join(f"{heads[k]} ({s[k]:.2f})" for k in fn))


def fit(domains) -> None:
    """Fit the scoring weights and score mixture on all domains (prints them for scoring.py),
    with the leave-one-domain-out check."""
    import numpy as np

    from glossary.extract.scoring import auto_threshold

    data = _collect(domains)
    names = data[0][1]
    for adapt in (False, True):
        for dom, nes, plain, oracle, th, kept in leave_one_out(data, adapt):
            print(f"fit on the others, test {dom} ({'adaptive' if adapt else 'fixed calibration'} cut {th:.2f}, "
                  f"{kept} kept): with NEs P/R/F1 " + "/".join(f"{x:.3f}" for x in nes)
                  + "  without NEs " + "/".join(f"{x:.3f}" for x in plain) + f"  (best cut {oracle:.3f})")
    labels = _labels(data)
    X = np.vstack([d[2] for d in data])
    y = np.concatenate(labels)
    w = _fit(X, y)
    print("WEIGHTS: dict[str, float] =", {k: round(float(v), 3) for k, v in zip(names, w)})
    mix = _mixture(X @ w, y)
    print("MIXTURE: dict[str, float] =", mix)
    for d in data:
        s = d[2] @ w
        th = auto_threshold(list(s), prior=mix)
        print(f"   {d[0]} (fitted on all) adaptive cut {th:.2f} -> P/R/F1 "
              + "/".join(f"{x:.3f}" for x in _f1_at(s, d[3], d[4], th)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("acter_dir", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "acter-dev"))
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--no-yake", action="store_true")
    ap.add_argument("--no-loo", action="store_true", help="skip the leave-one-domain-out figures")
    ap.add_argument("--fit", action="store_true", help="fit the scoring weights on these corpora (prints them)")
    ap.add_argument("--analyse", action="store_true",
                    help="error analysis: candidate recall, precision per candidate pattern, the top "
                         "false positives and the false negatives just below the cut")
    ap.add_argument("--dump", help="write extracted terms per domain to this folder (for inspection)")
    args = ap.parse_args()
    root = Path(args.acter_dir)
    if not root.is_dir():
        print(f"SKIP: ACTER folder {root} not found (the evaluation data lives in ../shared)")
        return 0
    domains = find_domains(root, args.lang)
    if not domains:
        print(f"SKIP: no <domain>_{args.lang}_terms_nes.tsv with texts under {root}")
        return 0
    if args.fit:
        fit(domains)
        return 0
    if args.analyse:
        analyse(domains)
        return 0
    t0 = time.perf_counter()
    # the extractor's code is imported here, with the models: importing (and compiling, where no
    # bytecode is cached) its modules is start-up, not throughput
    import glossary.extract.pipeline  # noqa: F401
    from glossary.extract import extract
    from glossary.extract.lemma import lemma
    from glossary.extract.lexicon import dutch, english
    from glossary.extract.tagger import load_tagger

    load_tagger()
    dutch()
    english()
    lemma("kredietsystemen")
    print(f"model load {time.perf_counter() - t0:.2f}s")
    if not args.no_yake:
        yake_terms("De windturbine levert stroom aan het net.", 5)  # YAKE's own load, not timed either
    total_words = total_time = total_cpu = yake_cpu = 0.0
    rows = []
    for domain, texts, nes_path, plain_path in domains:
        docs = [p.read_text(encoding="utf-8") for p in texts]
        words = sum(len(d.split()) for d in docs)
        t = time.perf_counter()
        c = time.process_time()
        ex = extract(docs)
        dt = time.perf_counter() - t
        total_cpu += time.process_time() - c
        total_words += words
        total_time += dt
        gold_nes, gold = read_gold(nes_path), read_gold(plain_path)
        pred_all, pred_terms = set(), set()
        for term in ex.terms:
            forms = _forms(term)
            pred_all |= forms
            if term.kind != "name":
                pred_terms |= forms
        if args.dump:
            d = Path(args.dump)
            d.mkdir(parents=True, exist_ok=True)
            with open(d / f"{domain}.tsv", "w", encoding="utf-8") as fh:
                for term in ex.terms:
                    hit = "+" if _forms(term) & gold_nes else "-"
                    fh.write(f"{hit}\t{term.score:.3f}\t{term.kind}\t{term.frequency}\t{term.term}\t{'|'.join(term.variants)}\n")
        res = {
            "domain": domain, "words": words, "secs": dt, "n": len(ex.terms),
            "nes": prf(pred_all, gold_nes), "plain": prf(pred_terms, gold),
        }
        if not args.no_yake:
            text = "\n".join(docs)
            c = time.process_time()
            yk = [norm(k) for k in yake_terms(text, max(len(gold_nes), len(gold)))]
            yake_cpu += time.process_time() - c
            res["yake_nes"] = prf(set(yk[: len(gold_nes)]), gold_nes)
            res["yake_plain"] = prf(set(yk[: len(gold)]), gold)
        rows.append(res)
    fmt = lambda t: f"{t[0]:.3f}/{t[1]:.3f}/{t[2]:.3f}"  # noqa: E731
    loo = {}
    if not args.no_loo and len(domains) > 1:
        loo = {r[0]: r for r in leave_one_out(_collect(domains))}
    print()
    if loo:
        print("Leave-one-domain-out (weights and score mixture fitted on the other domain only, adaptive cut;"
              " every entry counted with its surface variants):")
        print(f"{'domain':8} {'kept':>6}  {'with NEs P/R/F1':>20}  {'without NEs P/R/F1':>20}  {'best cut F1':>11}"
              f"  {'in-domain with NEs F1':>21}")
        for r in rows:
            d = loo.get(r["domain"])
            if d:
                print(f"{r['domain']:8} {d[5]:>6}  {fmt(d[1]):>20}  {fmt(d[2]):>20}  {d[3]:>11.3f}  {r['nes'][2]:>21.3f}")
        n = len(loo)
        print(f"{'mean F1':8} {'':>6}  {sum(d[1][2] for d in loo.values()) / n:>20.3f}  "
              f"{sum(d[2][2] for d in loo.values()) / n:>20.3f}")
        print()
    print("In-domain (the shipped weights, fitted on these domains):")
    print(f"{'domain':8} {'words':>7} {'entries':>7}  {'with NEs P/R/F1':>20}  {'without NEs P/R/F1':>20}"
          + ("" if args.no_yake else f"  {'YAKE with NEs':>20}  {'YAKE without':>20}"))
    for r in rows:
        line = f"{r['domain']:8} {r['words']:>7} {r['n']:>7}  {fmt(r['nes']):>20}  {fmt(r['plain']):>20}"
        if not args.no_yake:
            line += f"  {fmt(r['yake_nes']):>20}  {fmt(r['yake_plain']):>20}"
        print(line)
    if rows:
        mean = lambda k: sum(r[k][2] for r in rows) / len(rows)  # noqa: E731
        line = f"{'mean F1':8} {'':>7} {'':>7}  {mean('nes'):>20.3f}  {mean('plain'):>20.3f}"
        if not args.no_yake:
            line += f"  {mean('yake_nes'):>20.3f}  {mean('yake_plain'):>20.3f}"
        print(line)
    rate = total_words / total_cpu if total_cpu else 0.0
    print(f"\nthroughput: {total_words / total_time:,.0f} words/s wall clock, {rate:,.0f} words per "
          f"CPU-second on one core ({total_words:.0f} words, {total_time:.2f}s wall, {total_cpu:.2f}s CPU, after model load)")
    targets = []
    for dom, bar in TARGETS.items():
        if dom in loo:
            f1 = loo[dom][1][2]
            targets.append(f"{dom} leave-one-domain-out F1 {f1:.3f} (target {bar}: {'met' if f1 >= bar else 'NOT met'})")
    targets.append(f"{rate:,.0f} words per CPU-second (target {SPEED_TARGET:,}: "
                   f"{'met' if rate >= SPEED_TARGET else 'NOT met'}; CPU time is inflated on a loaded machine)")
    if not args.no_yake and yake_cpu:
        yrate = total_words / yake_cpu
        print(f"YAKE on the same texts in this run: {yrate:,.0f} words per CPU-second ({yake_cpu:.2f}s CPU); "
              f"glossary.extract is {rate / yrate:.2f}x YAKE")
        targets.append(f"{rate / yrate:.2f}x YAKE (target 1.5x: {'met' if rate / yrate >= 1.5 else 'NOT met'})")
    print("targets (issue 13): " + "; ".join(targets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
