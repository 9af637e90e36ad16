#!/usr/bin/env python3
"""``glossary pretranslate`` against one ``argostranslate.translate.translate()`` call per segment.

    .venv/bin/python benchmarks/pretranslate.py [--package FILE.argosmodel] [--docs DIR] [--sample N] [--json]

1. Builds (or takes) the ``base`` test package (scripts/make_test_model.py: Transformer base,
   6+6 layers, d_model 512, random weights: the shape and cost of the published nl->en
   package) and installs it in a temporary ARGOS_PACKAGES_DIR.
2. Builds a glossary from ../shared/seeds (else data/corpus) without translation and approves
   an English rendering for every term: its dictionary candidate when a dictionary is
   installed, else the Dutch term itself (a name-like rendering). What the English is does
   not matter here: the random model never writes it, so every occurrence must be enforced.
3. Segments the documents and pre-translates them (the library call ``glossary pretranslate``
   makes, the model loaded beforehand and timed apart) with each enforcement method:
   ``prefix`` (constrained decoding, the default) and ``replace`` (no second decoding), with
   the command's decoding settings (beam 4, length penalty 0.2 as Argos; decoding cap 1.5 x
   source tokens + 10); and the sampled segments (below) once more with exactly Argos'
   settings (cap 256, padding-free batches).
4. Baseline: ``argostranslate.translate.translate(segment, "nl", "en")``, one call per segment,
   same model, beam 4 and length penalty 0.2 (Argos' own), model loaded by a first call
   before timing. CPU is shared, so only an evenly spread sample of ``--sample`` segments is
   timed and the per-segment rate is compared. Argos' sentence splitter (MiniSBD, which
   downloads a model on first use) is replaced by a pass-through: every item is one sentence.
5. Checks: every approved-term occurrence's English is in its segment's target (100 %
   required), ``check`` finds no issue in any segment, and with Argos' settings the segments
   without approved terms are Argos' own output, text for text. Exit 1 when one fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _mt_setup import add_model_arguments, prepare  # noqa: E402 - benchmarks/ is on sys.path


def _enforcement(g, result) -> tuple[int, int, int]:
    """(approved occurrences, with the English in the target, check issues)."""
    from glossary.check import check_segments, has_translation

    total = found = 0
    pairs = []
    for s in result.segments():
        if s.target is None:
            continue
        pairs.append((s.source, s.target))
        for t in s.terms:
            if t.status == "approved":
                total += 1
                found += has_translation(s.target, t.english)
    return total, found, len(check_segments(g, pairs))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_model_arguments(parser, docs_help="documents to pre-translate (and build the glossary from)")
    parser.add_argument("--sample", type=int, default=30, help="segments timed through argostranslate (default 30)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    tmp, docs, info = prepare(args, "glossary-pretranslate-bench-")

    from glossary.build import build
    from glossary.pretranslate import pretranslate, read_documents
    from glossary.store import Glossary
    from glossary.translate import available_backends, translate_glossary
    from glossary.translate.argos import ArgosTranslator

    g = Glossary(tmp / "bench.db")
    build(g, [docs], translate=False)
    if "dictionary" in available_backends(g):
        translate_glossary(g, only_missing=True, backends=["dictionary"])
    approved = 0
    for term in list(g.iter_terms()):
        best = next((x for x in g.translations(term["id"]) if x["status"] != "rejected"), None)
        g.set_translation(term["id"], best["text"] if best else term["term"], approve=True)
        approved += 1
    documents = read_documents([docs])

    t = time.perf_counter()
    mt = ArgosTranslator(info)
    load_s = time.perf_counter() - t

    runs = {}
    for name, method, decoding in (("prefix", "prefix", None), ("replace", "replace", None)):
        t = time.perf_counter()
        result = pretranslate(g, documents, model=info, method=method, translator=mt, decoding=decoding)
        seconds = time.perf_counter() - t
        total, found, issues = _enforcement(g, result)
        summary = result.summary()
        runs[name] = {"seconds": round(seconds, 2), "segments": summary["segments"],
                      "approved_occurrences": total, "enforced": found, "check_issues": issues,
                      "enforcement": summary["enforcement"], "result": result}
        print(f"pretranslate --method {method}{' (Argos settings)' if decoding else ''}: {seconds:.1f} s, "
              f"{summary['segments']} segments, approved occurrences enforced {found}/{total} "
              f"({summary['enforcement']}), check issues {issues}")
    segments = runs["prefix"]["result"].segments()
    n = len(segments)

    import argostranslate.sbd
    import argostranslate.translate

    argostranslate.sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]
    step = max(1, n // max(1, args.sample))
    sample = list(range(0, n, step))[: args.sample]
    argostranslate.translate.translate("Dit is een zin.", "nl", "en")  # loads the model
    t = time.perf_counter()
    baseline = {i: argostranslate.translate.translate(segments[i].source, "nl", "en") for i in sample}
    base_s = time.perf_counter() - t
    per_segment_base = base_s / max(1, len(sample))

    # Argos' exact settings (cap 256, padding-free batches) on the sampled segments, as one
    # document: the segments without approved terms must be Argos' own output
    from types import SimpleNamespace

    sampled = SimpleNamespace(path=Path("sample.txt"), name="sample.txt", format="txt", title="sample",
                              text="\n\n".join(segments[i].source for i in sample) + "\n")
    argos_run = pretranslate(g, [sampled], model=info, translator=mt,
                             decoding={"max_decoding_length": 256, "pad_free": True}).segments()
    by_source = {s.source: s for s in argos_run}
    plain = [i for i in sample if not any(t.status == "approved" for t in segments[i].terms)]
    same = sum(by_source[segments[i].source].target == baseline[i] for i in plain)
    total, found, issues = _enforcement(g, SimpleNamespace(segments=lambda: argos_run))
    print(f"Argos' settings on the sample: enforced {found}/{total}, check issues {issues}")
    sample_check = {"approved_occurrences": total, "enforced": found, "check_issues": issues}

    out = {
        "docs": str(docs),
        "package": info.name,
        "approved_terms": approved,
        "segments": n,
        "model_load_s": round(load_s, 2),
        "baseline_sample": len(sample),
        "baseline_s": round(base_s, 2),
        "baseline_s_per_segment": round(per_segment_base, 3),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "identical_to_argos_unconstrained": f"{same}/{len(plain)}",
        "sample_argos_settings": sample_check,
    }
    failed = False
    for name, run in runs.items():
        per_segment = run["seconds"] / max(1, run["segments"])
        run["s_per_segment"] = round(per_segment, 4)
        run["speedup"] = round(per_segment_base / per_segment, 1) if per_segment else None
        run["enforced_share"] = round(run["enforced"] / run["approved_occurrences"], 4) if run["approved_occurrences"] else None
        run.pop("result")
        out[name] = run
        if run["enforced"] != run["approved_occurrences"] or run["check_issues"]:
            failed = True
    if same != len(plain) or found != total or issues:
        failed = True
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"argostranslate.translate.translate() per segment: {per_segment_base:.3f} s/segment "
              f"({len(sample)} segments timed, {base_s:.1f} s); model load (ours) {load_s:.1f} s")
        for name, run in runs.items():
            print(f"  {name}: {run['s_per_segment']:.4f} s/segment -> speed-up {run['speedup']}x "
                  f"(target >= 10x: {'met' if (run['speedup'] or 0) >= 10 else 'NOT met'}); "
                  f"enforced {run['enforced']}/{run['approved_occurrences']}")
        print(f"Argos' settings, segments without approved terms identical to Argos: {same}/{len(plain)}")
        print(f"load average {out['load_average']}")
    g.close()
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
