#!/usr/bin/env python3
"""Translation-memory term alignment on ACTER's aligned corruption corpus (dev documents).

    .venv/bin/python benchmarks/align.py [--shared ../shared] [--json]

For every Dutch gold term (nl/corp/gold) that occurs in the Dutch side of
``corp_nl_en_aligned_dev.tsv`` and gets a proposal, is the top proposal in the English gold list
(en/corp/gold)? Reported, in the same run and on the SAME aligned units (sentence pairs where
both sides have as many sentences, paragraphs otherwise), for glossary's aligner (IBM-1 word
alignment + association/cognate/length evidence + agreement with the dictionary backend's
candidates, as `glossary align` runs it), the same without the dictionary agreement (alignment
only) and without the word alignment (co-occurrence only), and a plain Dice baseline (English n-grams of up to 3 words, not starting
or ending with a function word, highest Dice wins). Both gold lists are used: with named
entities (``*_terms_nes.tsv``) and without. Scoring follows TermEval: lower-case, NFC, unified
dashes and quotes. Determinism: the proposals are computed again in two subprocesses under
PYTHONHASHSEED=1 and 2 and must be identical (``--no-seed-check`` skips that).

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


def hints_for(nl_terms: set[str]) -> dict[str, list[str]]:
    """What `glossary align` gives the aligner: the dictionary backend's candidates per term
    (shipped lexicon and composition; no gold data)."""
    from glossary.translate.align import dictionary_hints

    terms = sorted(nl_terms)
    return dictionary_hints([{"id": t, "term": t, "lemma": None, "kind": "term"} for t in terms])


def evaluate(aligner: Aligner, nl_terms: set[str], en_gold: set[str]) -> dict:
    counts = {name: [0, 0] for name in ("ours", "alignment_only", "cooccurrence_only", "dice_baseline")}
    hints = hints_for(nl_terms)
    occurring = 0
    for term in sorted(nl_terms):
        if not aligner.segments_with(term):
            continue
        occurring += 1
        found = {
            "ours": (aligner.propose(term, top=1, hints=hints.get(term)) or [{}])[0].get("text"),
            "alignment_only": (aligner.propose(term, top=1) or [{}])[0].get("text"),
            "cooccurrence_only": (aligner.propose(term, top=1, use_alignment=False) or [{}])[0].get("text"),
            "dice_baseline": (aligner.dice_baseline(term) or (None,))[0],
        }
        for name, text in found.items():
            if text:
                counts[name][0] += 1
                counts[name][1] += norm(text) in en_gold
    out: dict = {"dutch_terms_occurring": occurring}
    for name, (proposed, hits) in counts.items():
        out[name] = {"proposed": proposed, "top1_in_en_gold": hits,
                     "accuracy": round(hits / proposed, 3) if proposed else None}
    return out


def proposals_digest(tsv: Path, seed: str) -> str:
    """Every gold term's proposals computed in a subprocess under PYTHONHASHSEED=seed."""
    import os
    import subprocess

    code = ("import hashlib, json, sys; sys.path.insert(0, %r)\n"
            "from glossary.translate.align import Aligner, read_bilingual, dictionary_hints\n"
            "from pathlib import Path\n"
            "a = Aligner(read_bilingual(%r))\n"
            "terms = sorted({l.split('\\t')[0] for l in Path(%r).read_text(encoding='utf-8').splitlines() if l.strip()})\n"
            "h = dictionary_hints([{'id': t, 'term': t, 'lemma': None, 'kind': 'term'} for t in terms])\n"
            "print(hashlib.sha256(json.dumps([a.propose(t, hints=h.get(t)) for t in terms]).encode()).hexdigest())\n"
            % (str(ROOT), str(tsv), str(tsv.parent / "nl" / "corp" / "gold" / "corp_nl_terms_nes.tsv")))
    env = dict(os.environ, PYTHONHASHSEED=seed)
    res = subprocess.run([sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True, timeout=600)
    return res.stdout.strip() or f"error: {res.stderr.strip().splitlines()[-1:]}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-seed-check", action="store_true", help="skip the two-hash-seed determinism check")
    args = parser.parse_args(argv)
    acter = args.shared / "eval" / "acter-dev"
    tsv = acter / "corp_nl_en_aligned_dev.tsv"
    if not tsv.is_file():
        print(f"SKIP: {tsv} not found (the shared evaluation data is absent)")
        return 0
    started = time.perf_counter()
    pairs = read_bilingual(tsv)
    aligner = Aligner(pairs)  # every method below works on these same aligned units
    results = {"pairs": len(pairs), "aligned_units": len(aligner.pairs), "empty_units": aligner.empty_units}
    for label, suffix in (("with_named_entities", "_terms_nes.tsv"), ("terms_only", "_terms.tsv")):
        nl_terms = gold(acter / "nl" / "corp" / "gold" / f"corp_nl{suffix}")
        en_gold = gold(acter / "en" / "corp" / "gold" / f"corp_en{suffix}")
        results[label] = evaluate(aligner, nl_terms, en_gold)
    results["seconds"] = round(time.perf_counter() - started, 1)
    if not args.no_seed_check:
        digests = [proposals_digest(tsv, seed) for seed in ("1", "2")]
        results["identical_under_two_hash_seeds"] = digests[0] == digests[1] and not digests[0].startswith("error")
        results["digests"] = digests
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"ACTER corp nl-en dev: {results['pairs']} paragraph pairs -> {results['aligned_units']} aligned units")
        for label in ("with_named_entities", "terms_only"):
            r = results[label]
            print(f"{label}: {r['dutch_terms_occurring']} Dutch gold terms occur")
            for name in ("ours", "alignment_only", "cooccurrence_only", "dice_baseline"):
                x = r[name]
                print(f"  {name:<18} top-1 in English gold: {x['top1_in_en_gold']}/{x['proposed']} = {x['accuracy']}")
        print(f"({results['seconds']} s)")
        if "digests" in results:
            print(f"identical proposals under PYTHONHASHSEED=1 and 2: {results['identical_under_two_hash_seeds']}"
                  f" ({results['digests'][0][:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
