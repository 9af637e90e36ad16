#!/usr/bin/env python3
"""Translation-memory term alignment on ACTER's aligned corruption corpus (dev documents).

    .venv/bin/python benchmarks/align.py [--shared ../shared] [--json]

For every Dutch gold term (nl/corp/gold) that occurs in the Dutch side of
``corp_nl_en_aligned_dev.tsv`` and gets a proposal, is the top proposal in the English gold list
(en/corp/gold)? Reported for glossary's aligner and, in the same run, for a plain Dice
co-occurrence baseline (paragraph pairs as given, English n-grams of up to 3 words, not starting or
ending with a function word, highest Dice wins). Both use the lists with named entities (``*_terms_nes.tsv``) and the
one without. Scoring follows TermEval: lower-case, NFC, unified dashes and quotes.

Skips (exit 0, with a reason) when ../shared is absent. ACTER is CC BY-NC-SA 4.0, evaluation only:
nothing of it is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.translate.align import Aligner, read_bilingual  # noqa: E402


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    for a, b in (("\u2010", "-"), ("\u2011", "-"), ("\u2013", "-"), ("\u2014", "-"), ("\u2019", "'"), ("\u2018", "'"),
                 ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return " ".join(text.split())


def gold(path: Path) -> set[str]:
    return {norm(line.split("\t")[0]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def evaluate(aligner: Aligner, plain: Aligner, nl_terms: set[str], en_gold: set[str]) -> dict:
    ours = base = proposed_ours = proposed_base = 0
    occurring = 0
    for term in sorted(nl_terms):
        if not aligner.segments_with(term):
            continue
        occurring += 1
        props = aligner.propose(term, top=1)
        if props:
            proposed_ours += 1
            ours += norm(props[0]["text"]) in en_gold
        b = plain.dice_baseline(term) if plain.segments_with(term) else None
        if b:
            proposed_base += 1
            base += norm(b[0]) in en_gold
    return {
        "dutch_terms_occurring": occurring,
        "ours": {"proposed": proposed_ours, "top1_in_en_gold": ours,
                 "accuracy": round(ours / proposed_ours, 3) if proposed_ours else None},
        "dice_baseline": {"proposed": proposed_base, "top1_in_en_gold": base,
                          "accuracy": round(base / proposed_base, 3) if proposed_base else None},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    acter = args.shared / "eval" / "acter-dev"
    tsv = acter / "corp_nl_en_aligned_dev.tsv"
    if not tsv.is_file():
        print(f"SKIP: {tsv} not found (the shared evaluation data is absent)")
        return 0
    started = time.perf_counter()
    pairs = read_bilingual(tsv)
    aligner = Aligner(pairs)
    plain = Aligner(pairs, split_sentences=False)  # the baseline works on the paragraphs as given
    results = {"pairs": len(pairs), "aligned_units": len(aligner.pairs)}
    for label, suffix in (("with_named_entities", "_terms_nes.tsv"), ("terms_only", "_terms.tsv")):
        nl_terms = gold(acter / "nl" / "corp" / "gold" / f"corp_nl{suffix}")
        en_gold = gold(acter / "en" / "corp" / "gold" / f"corp_en{suffix}")
        results[label] = evaluate(aligner, plain, nl_terms, en_gold)
    results["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"ACTER corp nl-en dev: {results['pairs']} paragraph pairs -> {results['aligned_units']} aligned units")
        for label in ("with_named_entities", "terms_only"):
            r = results[label]
            print(f"{label}: {r['dutch_terms_occurring']} Dutch gold terms occur")
            for name in ("ours", "dice_baseline"):
                x = r[name]
                print(f"  {name:<14} top-1 in English gold: {x['top1_in_en_gold']}/{x['proposed']} = {x['accuracy']}")
        print(f"({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
