"""ACTER term-extraction benchmark (TermEval 2020 scoring) for glossary.extract, with YAKE
as a baseline.

Usage: .venv/bin/python benchmarks/ate.py [ACTER_DIR] [--lang nl] [--no-yake] [--dump DIR]

ACTER_DIR (default ../shared/eval/acter-dev) holds, per domain, texts (``.../<domain>/**/texts/*.txt``)
and gold lists ``<domain>_<lang>_terms.tsv`` / ``<domain>_<lang>_terms_nes.tsv`` anywhere below it.
Scoring as in TermEval 2020: both lists lower-cased, NFC, dashes and quotes unified, unique
terms; precision, recall, F1. "with NEs" scores all extracted entries against
``*_terms_nes.tsv``; "without NEs" drops entries of kind "name" and scores against
``*_terms.tsv``. Each entry counts with all its grouped surface variants. The extractor
chooses its own threshold; YAKE (Dutch stoplist, n<=3) is given the gold count.
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


def _collect(domains):
    """Per domain: (feature names, X, per-entry forms, gold_nes) over all candidates (no threshold)."""
    import numpy as np

    from glossary.extract.pipeline import run

    out = []
    for domain, texts, nes_path, _plain in domains:
        docs = [p.read_text(encoding="utf-8") for p in texts]
        dbg: list = []
        ex = run(docs, None, dbg)
        feats = dict(dbg)
        names = sorted(next(iter(feats.values())))
        X, forms = [], []
        for t in ex.terms:
            X.append([1.0] + [feats[t.key][k] for k in names])
            forms.append({norm(t.term)} | {norm(v) for v in t.variants})
        out.append((domain, ["bias"] + names, np.array(X), forms, read_gold(nes_path)))
    return out


def _fit(X, y, l2=1.0, iters=30):
    import numpy as np

    w = np.zeros(X.shape[1])
    for _ in range(iters):  # Newton / IRLS with an L2 penalty
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y) + l2 * w
        H = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.eye(len(w))
        w -= np.linalg.solve(H, g)
    return w


def _sweep(scores, forms, gold):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    pred: set[str] = set()
    best = (0.0, 0.0)
    curve = []
    for i in order:
        pred |= forms[i]
        tp = len(pred & gold)
        p, r = tp / len(pred), tp / len(gold)
        f = 2 * p * r / (p + r) if tp else 0.0
        curve.append((scores[i], f))
        best = max(best, (f, scores[i]))
    return best, curve


def _f1_at(scores, forms, gold, th):
    pred: set[str] = set()
    for s, fm in zip(scores, forms):
        if s >= th:
            pred |= fm
    return prf(pred, gold)


def fit(domains) -> None:
    """Fit the scoring weights (logistic regression on generic features), cross-domain check."""
    import numpy as np

    data = _collect(domains)
    names = data[0][1]
    labels = [np.array([float(bool(fm & gold)) for fm in forms]) for _, _, _, forms, gold in data]
    for i, (dom, _, X, forms, gold) in enumerate(data):
        others = [j for j in range(len(data)) if j != i]
        if not others:
            continue
        Xt = np.vstack([data[j][2] for j in others])
        yt = np.concatenate([labels[j] for j in others])
        w = _fit(Xt, yt)
        ths = [_sweep(data[j][2] @ w, data[j][3], data[j][4])[0][1] for j in others]
        th = float(np.mean(ths))
        from glossary.extract.scoring import auto_threshold

        th2 = auto_threshold(list(X @ w))
        print(f"   expected-F1 threshold {th2:.2f} -> P/R/F1 " + "/".join(f"{x:.3f}" for x in _f1_at(X @ w, forms, gold, th2)))
        print(f"train on others, test {dom}: threshold {th:.2f} -> P/R/F1 "
              + "/".join(f"{x:.3f}" for x in _f1_at(X @ w, forms, gold, th))
              + f"   (oracle best F1 {_sweep(X @ w, forms, gold)[0][0]:.3f})")
    X = np.vstack([d[2] for d in data])
    y = np.concatenate(labels)
    w = _fit(X, y)
    ths = [_sweep(d[2] @ w, d[3], d[4])[0][1] for d in data]
    print("WEIGHTS =", {k: round(float(v), 3) for k, v in zip(names, w)})
    print("THRESHOLD =", round(float(np.mean(ths)), 2), "(per domain:", [round(float(t), 2) for t in ths], ")")
    from glossary.extract.scoring import auto_threshold

    for d in data:
        th2 = auto_threshold(list(d[2] @ w))
        print(f"   {d[0]} (fitted on all) expected-F1 threshold {th2:.2f} -> P/R/F1 "
              + "/".join(f"{x:.3f}" for x in _f1_at(d[2] @ w, d[3], d[4], th2)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("acter_dir", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "acter-dev"))
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--no-yake", action="store_true")
    ap.add_argument("--fit", action="store_true", help="fit the scoring weights on these corpora (prints them)")
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
    t0 = time.perf_counter()
    from glossary.extract import extract
    from glossary.extract.lemma import lemma
    from glossary.extract.lexicon import dutch, english
    from glossary.extract.tagger import load_tagger

    load_tagger()
    dutch()
    english()
    lemma("kredietsystemen")
    print(f"model load {time.perf_counter() - t0:.2f}s")
    total_words = total_time = total_cpu = 0.0
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
            forms = {norm(term.term)} | {norm(v) for v in term.variants}
            pred_all |= forms
            if term.kind != "name":
                pred_terms |= forms
        if args.dump:
            d = Path(args.dump)
            d.mkdir(parents=True, exist_ok=True)
            with open(d / f"{domain}.tsv", "w", encoding="utf-8") as fh:
                for term in ex.terms:
                    hit = "+" if norm(term.term) in gold_nes else "-"
                    fh.write(f"{hit}\t{term.score:.3f}\t{term.kind}\t{term.frequency}\t{term.term}\t{'|'.join(term.variants)}\n")
        res = {
            "domain": domain, "words": words, "secs": dt, "n": len(ex.terms),
            "nes": prf(pred_all, gold_nes), "plain": prf(pred_terms, gold),
            "n_gold_nes": len(gold_nes), "n_gold": len(gold),
        }
        if not args.no_yake:
            text = "\n".join(docs)
            yk = [norm(k) for k in yake_terms(text, max(len(gold_nes), len(gold)))]
            res["yake_nes"] = prf(set(yk[: len(gold_nes)]), gold_nes)
            res["yake_plain"] = prf(set(yk[: len(gold)]), gold)
        rows.append(res)
    print()
    print(f"{'domain':8} {'words':>7} {'entries':>7}  {'with NEs P/R/F1':>20}  {'without NEs P/R/F1':>20}"
          + ("" if args.no_yake else f"  {'YAKE with NEs':>20}  {'YAKE without':>20}"))
    fmt = lambda t: f"{t[0]:.3f}/{t[1]:.3f}/{t[2]:.3f}"  # noqa: E731
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
    print(f"\nthroughput: {total_words / total_time:,.0f} words/s wall clock, {total_words / total_cpu:,.0f} words per "
          f"CPU-second on one core ({total_words:.0f} words, {total_time:.2f}s wall, {total_cpu:.2f}s CPU, after model load)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
