#!/usr/bin/env python3
"""Batch MT (``glossary translate``) against one ``argostranslate.translate.translate()`` per item.

    .venv/bin/python benchmarks/mt.py [--package FILE.argosmodel] [--docs DIR] [--json]

1. Builds (or takes) the ``base`` test package: Transformer base, 6+6 layers, d_model 512,
   8 heads, FFN 2048, ~8k shared vocabulary, random weights: the shape and cost of the published
   nl->en package (scripts/make_test_model.py). Installs it in a temporary ARGOS_PACKAGES_DIR.
2. Builds a glossary (no translation) from ../shared/seeds (else data/corpus): all its terms
   and the context sentences ``glossary translate`` picks for them (up to 3 per term) are the
   items. Imports argostranslate.translate, so that neither timed run pays for imports.
3. Times ``translate_glossary(g, only_missing=False, backends=["argos"])``: model load, every
   term on its own and in its context sentences, batched, matched and stored.
4. Times the same items through ``argostranslate.translate.translate(item, "nl", "en")``, one
   call per item, same model (the first call loads it). Argos' sentence splitter (MiniSBD)
   downloads its model on first use, impossible offline, so it is replaced by a pass-through:
   each item is one sentence anyway, and this only makes the baseline faster.
5. Equal decoding settings (beam 4, length penalty 0.2, cap 256 tokens: argostranslate's):
   the batch backend's outputs are compared with the per-item outputs, text for text. The
   script exits 1 if any differs.

The headline speed-up is the FAIR one: batch backend vs per-item ``translate()`` with equal
decoding settings (step 5 vs step 4), and "target met" (>= 10x) is decided from it. The
``glossary translate`` figure (step 3 vs step 4) is printed beside it, labelled: it decodes
greedily with input-length caps, and with random weights (whose 1-3-word terms decode to ~20
tokens) most of that extra gain is an artefact, not something a real model would show.

Random weights make the text meaningless; the number of tokens decoded per item (printed) is
what costs time, and a bias on ``</s>`` keeps it in the range of real translations.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _mt_setup import add_model_arguments, prepare  # noqa: E402 - benchmarks/ is on sys.path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_model_arguments(parser, docs_help="documents to build the glossary from")
    parser.add_argument("--limit", type=int, default=0, help="only the first N terms (0 = all)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    tmp, docs, info = prepare(args, "glossary-mt-bench-")

    from glossary.build import build
    from glossary.store import Glossary
    from glossary.translate import translate_glossary

    g = Glossary(tmp / "bench.db")
    build(g, [docs], translate=False)
    terms = list(g.iter_terms())
    if args.limit:
        keep = {t["id"] for t in terms[: args.limit]}
        ids = ",".join(map(str, keep))
        for table in ("occurrences", "variants", "translations"):
            g.conn.execute(f"DELETE FROM {table} WHERE term_id NOT IN ({ids})")
        g.conn.execute(f"DELETE FROM terms WHERE id NOT IN ({ids})")
        terms = list(g.iter_terms())
    sentences: list[str] = []
    for t in terms:  # the same selection translate_terms makes
        seen = set()
        for ctx in g.term_contexts(t["id"], limit=9):
            if ctx["text"] in seen:
                continue
            seen.add(ctx["text"])
            if ctx["text"] not in sentences:
                sentences.append(ctx["text"])
            if len(seen) >= 3:
                break
    items = [t["term"] for t in terms] + sentences
    print(f"glossary from {docs}: {len(terms)} terms, {len(sentences)} context sentences -> {len(items)} items")

    # Everything both runs import is imported (and warm) before either is timed: argostranslate
    # (torch, stanza, ...) for the baseline; ctranslate2 and sentencepiece are already loaded
    # (install_from_file loaded the model once). Model loading is timed on both sides.
    import argostranslate.sbd
    import argostranslate.translate

    # Argos' sentence splitter (MiniSBD) downloads its model on first use (impossible offline):
    # a pass-through instead. Each item is one sentence, and this only makes the baseline faster.
    argostranslate.sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]

    # 1. glossary translate (batch backend): model load, tokenising, translating, matching and
    #    storing every candidate
    t = time.perf_counter()
    summary = translate_glossary(g, only_missing=False, backends=["argos"])
    batch_s = time.perf_counter() - t
    argos_summary = summary["backends"]["argos"]
    print(f"glossary translate (batched, capped): {batch_s:.1f} s  {argos_summary}")
    if (argos_summary.get("terms"), argos_summary.get("sentences")) != (len(terms), len(sentences)):
        print("glossary translate did not translate the benchmark's items", file=sys.stderr)
        return 1

    # 2. baseline: one argostranslate.translate.translate() call per item (the first call loads
    #    the model)
    t = time.perf_counter()
    baseline = [argostranslate.translate.translate(item, "nl", "en") for item in items]
    base_s = time.perf_counter() - t
    print(f"argostranslate.translate.translate() per item: {base_s:.1f} s")

    # 3. batch backend with argostranslate's decoding settings, for the identity check
    from glossary.translate.argos import ARGOS_SETTINGS, ArgosTranslator

    t = time.perf_counter()
    mt = ArgosTranslator(info)
    equal = mt.translate(items, **ARGOS_SETTINGS)
    batch_equal_s = time.perf_counter() - t
    out_tokens = [len(r.target_tokens) for r in equal]
    print(f"batch backend, argostranslate's settings: {batch_equal_s:.1f} s")

    same = sum(a.text == b for a, b in zip(equal, baseline))
    differing = [(item, a.text, b) for item, a, b in zip(items, equal, baseline) if a.text != b]
    result = {
        "docs": str(docs),
        "package": info.name,
        "terms": len(terms),
        "sentences": len(sentences),
        "items": len(items),
        "glossary_translate_s": round(batch_s, 2),
        "batch_argos_settings_s": round(batch_equal_s, 2),
        "per_item_translate_s": round(base_s, 2),
        # the headline: equal decoding settings on both sides
        "speedup_equal_settings": round(base_s / batch_equal_s, 1),
        "target_met": base_s / batch_equal_s >= 10,
        # beside it, labelled: glossary translate's own settings (greedy, capped) vs argos' defaults
        "speedup_glossary_translate_capped_greedy": round(base_s / batch_s, 1),
        "identical_outputs": same,
        "identical_share": round(same / len(items), 4) if items else None,
        "mean_output_tokens": round(statistics.mean(out_tokens), 1) if out_tokens else 0,
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        fair = result["speedup_equal_settings"]
        print(f"SPEED-UP (headline), batch backend vs per-item translate(), equal decoding settings: {fair}x "
              f"(target >= 10x: {'met' if result['target_met'] else 'NOT met'})")
        print(f"  beside it: glossary translate (greedy, capped decoding) vs per-item translate() (beam 4): "
              f"{result['speedup_glossary_translate_capped_greedy']}x -- different settings, not the target figure")
        print(f"identical outputs with equal settings: {same}/{len(items)}")
        print(f"mean output length: {result['mean_output_tokens']} tokens; load average {result['load_average']}")
    for item, ours, theirs in differing[:5]:
        print(f"DIFFERENT: {item!r}\n  batch:    {ours!r}\n  per item: {theirs!r}", file=sys.stderr)
    g.close()
    return 0 if not differing else 1


if __name__ == "__main__":
    sys.exit(main())
