"""Train the shipped Dutch UPOS tagger (averaged perceptron) on UD Dutch.

Usage: .venv/bin/python scripts/train_tagger.py [UD_DIR] [--out data/models/nl_upos_perceptron.json.gz]

UD_DIR defaults to ../shared/data/ud-dutch (UD Dutch Alpino + LassySmall dev/test files,
CC BY-SA 4.0). Every 10th sentence is held out; the accuracy on it is printed, and the
model trained on the other 90 % is written (gzip JSON, weights rounded, tiny ones pruned).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.extract.tagger import END, START, next_features, prev_features, tag_features, word_features  # noqa: E402


def read_conllu(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        cur.append((cols[1], cols[3]))
    if cur:
        sents.append(cur)
    return sents


def features(words: list[str], i: int, p1: str, p2: str) -> list[str]:
    return (
        word_features(words[i], i == 0)
        + prev_features(words[i - 1] if i else START)
        + next_features(words[i + 1] if i + 1 < len(words) else END)
        + tag_features(p1, p2)
    )


class Perceptron:
    def __init__(self, tags: list[str]):
        self.tags = tags
        self.w: dict[str, dict[str, float]] = defaultdict(dict)
        self.tot: dict[tuple[str, str], float] = defaultdict(float)
        self.ts: dict[tuple[str, str], int] = defaultdict(int)
        self.i = 0

    def predict(self, feats: list[str]) -> str:
        scores = dict.fromkeys(self.tags, 0.0)
        w = self.w
        for f in feats:
            tw = w.get(f)
            if tw:
                for t, x in tw.items():
                    scores[t] += x
        return max(self.tags, key=lambda t: (scores[t], t))

    def update(self, truth: str, guess: str, feats: list[str]) -> None:
        self.i += 1
        if truth == guess:
            return
        for f in feats:
            tw = self.w[f]
            for t, d in ((truth, 1.0), (guess, -1.0)):
                k = (f, t)
                old = tw.get(t, 0.0)
                self.tot[k] += (self.i - self.ts[k]) * old
                self.ts[k] = self.i
                tw[t] = old + d

    def average(self) -> None:
        for f, tw in self.w.items():
            for t, x in list(tw.items()):
                k = (f, t)
                total = self.tot[k] + (self.i - self.ts[k]) * x
                tw[t] = total / self.i


def tag_sentence(model: Perceptron, words: list[str]) -> list[str]:
    p1 = p2 = START
    out = []
    for i in range(len(words)):
        t = model.predict(features(words, i, p1, p2))
        out.append(t)
        p2, p1 = p1, t
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ud_dir", nargs="?", default=str(ROOT.parent / "shared" / "data" / "ud-dutch"))
    ap.add_argument("--out", default=str(ROOT / "data" / "models" / "nl_upos_perceptron.json.gz"))
    ap.add_argument("--epochs", type=int, default=6)
    args = ap.parse_args()
    ud = Path(args.ud_dir)
    if not ud.is_dir():
        print(f"skip: {ud} not found")
        return
    sents = []
    for p in sorted(ud.glob("*.conllu")):
        sents.extend(read_conllu(p))
    train = [s for i, s in enumerate(sents) if i % 10 != 9]
    held = [s for i, s in enumerate(sents) if i % 10 == 9]
    tags = sorted({t for s in sents for _, t in s})
    model = Perceptron(tags)
    rng = random.Random(13)
    t0 = time.time()
    for ep in range(args.epochs):
        rng.shuffle(train)
        right = total = 0
        for s in train:
            words = [w for w, _ in s]
            p1 = p2 = START
            for i, (_, gold) in enumerate(s):
                feats = features(words, i, p1, p2)
                guess = model.predict(feats)
                model.update(gold, guess, feats)
                right += guess == gold
                total += 1
                p2, p1 = p1, guess
        print(f"epoch {ep + 1}: train acc {right / total:.4f} ({time.time() - t0:.0f}s)")
    model.average()
    # prune and round
    weights = {}
    for f, tw in model.w.items():
        kept = {t: round(x, 3) for t, x in tw.items() if abs(x) >= 0.05}
        if kept:
            weights[f] = kept
    right = total = 0
    for s in held:
        pred = tag_sentence(model, [w for w, _ in s])
        right += sum(p == g for p, (_, g) in zip(pred, s))
        total += len(s)
    acc = right / total
    print(f"held-out accuracy (every 10th sentence, {total} tokens): {acc:.4f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "tags": tags,
        "weights": weights,
        "meta": {
            "trained_on": "UD Dutch Alpino + LassySmall (dev+test files, 90%), CC BY-SA 4.0",
            "held_out_accuracy": round(acc, 4),
            "held_out_tokens": total,
            "train_tokens": sum(len(s) for s in train),
        },
    }
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB, {len(weights)} features)")
    # the shipped form: pruned/rounded weights, numpy scoring, post-correction rule
    from glossary.extract.tagger import load_tagger

    shipped = load_tagger(out)
    right = total = 0
    for s in held:
        pred = shipped.tag([w for w, _ in s])
        right += sum(p == g for p, (_, g) in zip(pred, s))
        total += len(s)
    print(f"held-out accuracy of the shipped tagger (as used by glossary.extract): {right / total:.4f}")


if __name__ == "__main__":
    main()
