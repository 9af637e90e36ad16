"""Train the shipped Dutch UPOS tagger (averaged perceptron) on UD Dutch, with a
part-of-speech lexicon as features.

Usage: .venv/bin/python scripts/train_tagger.py [UD_DIR] [--lexicons DIR] [--no-lexicon]
                                                [--out data/models/nl_upos_perceptron.json.gz]

UD_DIR defaults to ../shared/data/ud-dutch (UD Dutch Alpino + LassySmall dev/test files,
CC BY-SA 4.0: every file there is used). The lexicon (word -> classes among n, v, a, r) is
built from ../shared/data/lexicons: Open Dutch WordNet (odwn/, CC BY-SA 4.0), the
Wiktionary-derived wordnet lemmas (omw-wiktionary/, CC BY-SA 3.0), the CLTL Wiktionary and
OmegaWiki links (odwn-cltl/, CC BY-SA 4.0) and the English Wiktionary translation tables
(wiktionary-en-nl/, CC BY-SA 3.0; the Dutch side takes the English headword's class, and a
gender mark means a noun). It is stored in the model file (``lexicon``).

Every 10th sentence is held out; the accuracy on it is printed, overall and on words not seen
in training, and the model trained on the other 90 % is written (gzip JSON, weights rounded,
tiny ones pruned). Deterministic (fixed shuffle seed).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.extract.tagger import (  # noqa: E402
    END,
    START,
    next_features,
    pack_lexicon,
    prev_features,
    tag_features,
    word_features,
)

_WORD = re.compile(r"^[^\W\d_][\w'-]*$")
_WIKT_POS = {"n": "n", "v": "v", "adj": "a", "adv": "r"}


def build_lexicon(root: Path) -> dict[str, str]:
    """word -> sorted class letters (n noun, v verb, a adjective, r adverb), single words only."""
    classes: dict[str, set[str]] = defaultdict(set)

    def add(word: str, pos: str) -> None:
        w = word.strip().lower()
        if pos in ("n", "v", "a", "r") and _WORD.match(w) and len(w) > 1:
            classes[w].add(pos)

    for rel in ("odwn/wn-data-nld.tab", "omw-wiktionary/wikt__wn-wikt-nld.tab"):
        p = root / rel
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) == 3 and not line.startswith("#") and cols[1].endswith("lemma"):
                    add(cols[2], cols[0].rsplit("-", 1)[-1].replace("s", "a"))
    for rel in ("odwn-cltl/wn-wiktionary-nld.txt", "odwn-cltl/wn-omegawiki-nld.txt"):
        p = root / rel
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) == 2:
                    add(cols[1], cols[0].rsplit("-", 1)[-1].replace("s", "a"))
    p = root / "wiktionary-en-nl" / "src" / "en-nl-enwiktionary.txt"
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or " :: " not in line:
                continue
            left, right = line.split(" :: ", 1)
            m = re.search(r"\{(\w+)\}", left)
            pos = _WIKT_POS.get(m.group(1)) if m else None
            for item in right.split(","):
                genders = re.findall(r"\{(\w+)\}", item)
                word = re.sub(r"\{[^}]*\}|\[[^]]*\]|\([^)]*\)", "", item).strip()
                if " " in word:
                    continue
                if any(g in ("m", "f", "n", "c") for g in genders):
                    add(word, "n")
                elif pos:
                    add(word, pos)
    return {w: "".join(sorted(c)) for w, c in classes.items()}


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


LEX: dict[str, str] | None = None


def features(words: list[str], i: int, p1: str, p2: str) -> list[str]:
    return (
        word_features(words[i], i == 0, LEX)
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
    ap.add_argument("--lexicons", default=str(ROOT.parent / "shared" / "data" / "lexicons"))
    ap.add_argument("--no-lexicon", action="store_true", help="train without the lexicon features (comparison)")
    args = ap.parse_args()
    global LEX
    lex_dir = Path(args.lexicons)
    if not args.no_lexicon:
        if not lex_dir.is_dir():
            print(f"skip: {lex_dir} not found (use --no-lexicon to train without it)")
            return
        LEX = build_lexicon(lex_dir)
        print(f"lexicon: {len(LEX)} words")
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
    seen = {w for s in train for w, _ in s}

    def accuracy(tag) -> tuple[float, float, int, int]:
        right = total = uright = utotal = 0
        for s in held:
            pred = tag([w for w, _ in s])
            for p, (w, g) in zip(pred, s):
                right += p == g
                total += 1
                if w not in seen:
                    uright += p == g
                    utotal += 1
        return right / total, uright / max(utotal, 1), total, utotal

    acc, uacc, total, utotal = accuracy(lambda ws: tag_sentence(model, ws))
    print(f"held-out accuracy (every 10th sentence, {total} tokens): {acc:.4f}; "
          f"on the {utotal} tokens unseen in training: {uacc:.4f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "tags": tags,
        "weights": weights,
        **({"lexicon": pack_lexicon(LEX)} if LEX else {}),
        "meta": {
            "trained_on": "UD Dutch Alpino + LassySmall (dev+test files, 90%), CC BY-SA 4.0",
            "held_out_accuracy": round(acc, 4),
            "held_out_unknown_accuracy": round(uacc, 4),
            "held_out_tokens": total,
            "lexicon": "Open Dutch WordNet, OMW Wiktionary, CLTL Wiktionary/OmegaWiki, English Wiktionary"
                       " translation tables (CC BY-SA)" if LEX else None,
            "train_tokens": sum(len(s) for s in train),
        },
    }
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB, {len(weights)} features)")
    # the shipped form: pruned/rounded weights, numpy scoring, post-correction rule
    from glossary.extract.tagger import load_tagger

    shipped = load_tagger(out)
    acc, uacc, _, _ = accuracy(shipped.tag)
    print(f"held-out accuracy of the shipped tagger (as used by glossary.extract): {acc:.4f}; unseen words {uacc:.4f}")


if __name__ == "__main__":
    main()
