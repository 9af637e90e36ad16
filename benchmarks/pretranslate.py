#!/usr/bin/env python3
"""``glossary pretranslate`` against one ``argostranslate.translate.translate()`` call per segment.

    .venv/bin/python benchmarks/pretranslate.py [--package FILE.argosmodel] [--docs DIR] [--sample N]
                                                [--beam N] [--steps] [--json]

1. Builds (or takes) the ``base`` test package (scripts/make_test_model.py: Transformer base,
   6+6 layers, d_model 512, random weights: the shape and cost of the published nl->en
   package) and installs it in a temporary ARGOS_PACKAGES_DIR.
2. Builds a glossary from ../shared/seeds (else data/corpus) without translation and approves
   an English rendering for every term: its dictionary candidate when a dictionary is
   installed, else the Dutch term itself (a name-like rendering). What the English is does
   not matter here: the random model never writes it, so every occurrence must be enforced.
3. Segments the documents and pre-translates them (the library call ``glossary pretranslate``
   makes, the model loaded beforehand and timed apart) with each enforcement method:
   ``replace`` (the default: one decoding) and ``prefix`` (constrained decoding: the forced
   segments decoded a second time), with the command's own settings: beam 4 and length
   penalty 0.2 (Argos' own; ``--beam N`` sets the beam of both sides), the same model and compute type, batched (length-sorted,
   64 decoder rows a batch, one batch per core); each batch's decoding capped by its source
   length, and every output that reached its cap decoded again with twice the cap, up to
   Argos' 256 (so a cap never shortens a translation).
4. Baseline: ``argostranslate.translate.translate(segment, "nl", "en")``, one call per segment,
   same model, Argos' own settings (beam 4, length penalty 0.2, cap 256), model loaded by a
   first call before timing. CPU is shared, so an evenly spread sample of ``--sample``
   segments is timed, half before and half after the pre-translation runs (the machine's load
   changes), and the per-segment rates are compared: wall clock (the headline) and process
   CPU time (all threads; less sensitive to other processes on the machine). Argos' sentence
   splitter (MiniSBD, which downloads a model on first use) is replaced by a pass-through:
   every item is one sentence, as our segments are.
5. Checks: every approved-term occurrence's English is in its segment's target (100 %
   required), ``check`` finds no issue in any segment, and the sampled segments without
   approved terms got exactly Argos' own output, text for text (the batching and caps change
   no translation). Exit 1 when one fails.
6. ``--steps`` (about 2 CPU minutes more): every segment decoded alone with Argos' search
   (the benchmark's beam, length penalty 0.2, cap 256), counting the decoder steps the search takes (it runs
   until as many hypotheses as the beam have finished) against the length of the output it returns and against
   pretranslate's length caps: what the caps save, and what no batching of the same search
   can save (docs/pretranslate.md).
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

from glossary.translate.decoding import DEFAULT_BEAM, MAX_BEAM  # noqa: E402

ARGOS_BEAM = DEFAULT_BEAM  # what argostranslate.translate.translate() decodes with by default (its ARGOS_BEAM_SIZE)


def decoding_text(beam: int) -> str:
    which = "Argos' default" if beam == ARGOS_BEAM else f"Argos' default is {ARGOS_BEAM}; set by its ARGOS_BEAM_SIZE"
    return (f"both sides: same model and compute type, beam {beam} ({which}), length penalty 0.2; Argos one call "
            f"per segment, cap 256; ours batched, length caps, any output reaching its cap decoded again with "
            f"twice the cap, up to Argos' 256")


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
    parser.add_argument("--sample", type=int, default=30,
                        help="segments timed through argostranslate (default 30; 0: all, the most exact and slowest)")
    parser.add_argument("--beam", type=int, default=ARGOS_BEAM,
                        help="the beam size of both sides (default 4, Argos' own; Argos gets it as ARGOS_BEAM_SIZE)")
    parser.add_argument("--steps", action="store_true",
                        help="also count the decoder steps of Argos' search per segment (about 2 CPU minutes)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.beam <= MAX_BEAM:
        parser.error(f"--beam takes 1 to {MAX_BEAM}")

    tmp, docs, info = prepare(args, "glossary-pretranslate-bench-")

    from glossary import vocabulary
    from glossary.build import build
    from glossary.pretranslate import pretranslate, read_documents
    from glossary.store import Glossary
    from glossary.translate import available_backends, translate_glossary
    from glossary.translate.argos import ArgosTranslator
    from glossary.translate.decoding import DEFAULT_METHOD, METHODS

    g = Glossary(tmp / "bench.db")
    build(g, [docs], translate=False)
    if "dictionary" in available_backends(g):
        translate_glossary(g, only_missing=True, backends=["dictionary"])
    approved = 0
    for term in list(g.iter_terms()):
        best = vocabulary.chosen(g.translations(term["id"]))
        g.set_translation(term["id"], best["text"] if best else term["term"], approve=True)
        approved += 1
    documents = read_documents([docs])

    t = time.perf_counter()
    mt = ArgosTranslator(info)
    load_s = time.perf_counter() - t

    import argostranslate.sbd
    import argostranslate.translate

    argostranslate.sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]
    import argostranslate.settings

    argostranslate.settings.beam_size = args.beam  # what ARGOS_BEAM_SIZE sets; read by every translate() call
    segments_all = [s for d in documents for s in segment_sources(d)]
    n = len(segments_all)
    if args.sample <= 0 or args.sample >= n:
        sample = list(range(n))
    else:
        step = max(1, n // args.sample)
        sample = list(range(0, n, step))[: args.sample]
    argostranslate.translate.translate("Dit is een zin.", "nl", "en")  # loads the model
    baseline: dict[int, str] = {}

    def run_baseline(indexes) -> tuple[float, float]:
        t, c = time.perf_counter(), time.process_time()
        for i in indexes:
            baseline[i] = argostranslate.translate.translate(segments_all[i], "nl", "en")
        return time.perf_counter() - t, time.process_time() - c

    half = len(sample) // 2
    base_wall, base_cpu = run_baseline(sample[:half])

    runs = {}
    for method in METHODS:  # the default first
        load_before = _load()
        t, c = time.perf_counter(), time.process_time()
        result = pretranslate(g, documents, model=info, method=method, beam=args.beam, translator=mt)
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        total, found, issues = _enforcement(g, result)
        summary = result.summary()
        runs[method] = {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "segments": summary["segments"],
                        "beam": args.beam, "approved_occurrences": total, "enforced": found, "check_issues": issues,
                        "enforcement": summary["enforcement"], "decoded_again_doubled_cap": result.recoded,
                        "stages_s": {k: round(v, 2) for k, v in result.timings.items()},
                        "load_average_before_after": [load_before, _load()], "result": result}
        print(f"pretranslate --method {method} --beam {args.beam}: {seconds:.1f} s (CPU {cpu:.1f} s), "
              f"{summary['segments']} segments, approved occurrences enforced {found}/{total} "
              f"({summary['enforcement']}), check issues {issues}; decodings again with a doubled cap: "
              f"{result.recoded}; stages {runs[method]['stages_s']}; load {load_before} -> {_load()}", flush=True)

    wall2, cpu2 = run_baseline(sample[half:])
    base_wall, base_cpu = base_wall + wall2, base_cpu + cpu2
    per_segment_base = base_wall / max(1, len(sample))
    cpu_per_segment_base = base_cpu / max(1, len(sample))

    segments = runs[DEFAULT_METHOD]["result"].segments()
    assert [s.source for s in segments] == segments_all
    plain = [i for i in sample if not any(t.status == "approved" for t in segments[i].terms)]
    same = sum(segments[i].target == baseline[i] for i in plain)
    differing = [(segments[i].source, segments[i].target, baseline[i]) for i in plain if segments[i].target != baseline[i]]
    steps = _count_steps(mt, segments_all, args.beam) if args.steps else None
    if steps:  # how much costlier than the average segment the timed sample is, in Argos' decoder steps
        per = steps.pop("per_segment")
        steps["timed_sample_vs_all"] = round((sum(per[i] for i in sample) / len(sample)) / (sum(per) / len(per)), 2)

    out = {
        "docs": str(docs),
        "package": info.name,
        "decoding": decoding_text(args.beam),
        "approved_terms": approved,
        "segments": n,
        "model_load_s": round(load_s, 2),
        "baseline_sample": len(sample),
        "baseline_s": round(base_wall, 2),
        "baseline_s_per_segment": round(per_segment_base, 3),
        "baseline_cpu_s_per_segment": round(cpu_per_segment_base, 3),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "identical_unconstrained": f"{same}/{len(plain)}",
        "identical_to": f"Argos' translate() at beam {args.beam}",
        "argos_search_steps": steps,
    }
    failed = bool(differing)
    for name, run in runs.items():
        per_segment = run["seconds"] / max(1, run["segments"])
        cpu_per_segment = run["cpu_s"] / max(1, run["segments"])
        run["s_per_segment"] = round(per_segment, 4)
        run["speedup"] = round(per_segment_base / per_segment, 1) if per_segment else None
        run["speedup_cpu"] = round(cpu_per_segment_base / cpu_per_segment, 1) if cpu_per_segment else None
        run["enforced_share"] = round(run["enforced"] / run["approved_occurrences"], 4) if run["approved_occurrences"] else None
        run.pop("result")
        out[name] = run
        if run["enforced"] != run["approved_occurrences"] or run["check_issues"]:
            failed = True
    default = out[DEFAULT_METHOD]
    out["headline"] = (f"pretranslate (--method {DEFAULT_METHOD}, beam {args.beam}) vs one "
                       f"argostranslate.translate() per segment (beam {args.beam}): {default['speedup']}x wall clock, "
                       f"{default['speedup_cpu']}x CPU time (target >= 10x: "
                       f"{'met' if (default['speedup'] or 0) >= 10 else 'NOT met'})")
    if steps:
        bias = steps["timed_sample_vs_all"]
        out["headline"] += (f"; adjusted for the timed sample's cost ({bias}x the average segment's decoder steps): "
                            f"{default['speedup'] / bias:.1f}x wall, {default['speedup_cpu'] / bias:.1f}x CPU")
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"decoding: {decoding_text(args.beam)}")
        print(f"argostranslate.translate.translate() per segment: {per_segment_base:.3f} s/segment "
              f"(CPU {cpu_per_segment_base:.3f} s; {len(sample)} segments timed, half before and half after); "
              f"model load (ours) {load_s:.1f} s")
        for name, run in runs.items():
            print(f"  --method {name}{' (default)' if name == DEFAULT_METHOD else ''}, beam {args.beam}: "
                  f"{run['s_per_segment']:.4f} s/segment (CPU {run['cpu_s'] / max(1, run['segments']):.4f} s) -> "
                  f"{run['speedup']}x wall clock, {run['speedup_cpu']}x CPU time; enforced "
                  f"{run['enforced']}/{run['approved_occurrences']}, check issues {run['check_issues']}")
        print(f"sampled segments without approved terms identical to Argos' translate() at beam {args.beam}: "
              f"{same}/{len(plain)}")
        if steps:
            print(f"Argos' search, each segment alone: {steps['steps']} decoder steps, of which the returned outputs "
                  f"(with their </s>) need {steps['output_steps']}: {steps['steps_per_output_step']}x; within "
                  f"pretranslate's length caps {steps['steps_within_our_caps']} "
                  f"({steps['cpu_s']} CPU s); the timed sample takes {steps['timed_sample_vs_all']}x the decoder "
                  f"steps of the average segment, so the default's speed-ups adjusted for the sample are about "
                  f"{default['speedup'] / steps['timed_sample_vs_all']:.1f}x wall, "
                  f"{default['speedup_cpu'] / steps['timed_sample_vs_all']:.1f}x CPU")
        print(f"load average {out['load_average']} on {os.cpu_count()} cores (other processes slow both sides)")
        print(f"HEADLINE: {out['headline']}; --method prefix: {out['prefix']['speedup']}x wall, "
              f"{out['prefix']['speedup_cpu']}x CPU; enforcement {default['enforced']}/{default['approved_occurrences']}, "
              f"check issues {default['check_issues']}")
    for source, ours, theirs in differing[:5]:
        print(f"DIFFERENT: {source!r}\n  ours:  {ours!r}\n  Argos: {theirs!r}", file=sys.stderr)
    g.close()
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _count_steps(mt, segments: list[str], beam: int) -> dict:
    """Decoder steps of Argos' beam search (beam ``beam``, its length penalty and cap), each
    segment alone: the search stops when ``beam`` hypotheses have finished, so the longest of the
    ``beam`` returned is the number of steps it ran; the first is the output it returns."""
    from glossary.translate.argos import ARGOS_SETTINGS, decoding_cap

    cap = ARGOS_SETTINGS["max_decoding_length"]

    c = time.process_time()
    pending, caps = [], []
    for text in segments:
        source = mt.encode(text)[0] or ["▁"]
        caps.append(decoding_cap(len(source)))
        prefix = [[mt.target_prefix]] if mt.target_prefix else None
        pending.append(mt.translator.translate_batch([source], target_prefix=prefix, beam_size=beam, num_hypotheses=beam,
                                                     length_penalty=ARGOS_SETTINGS["length_penalty"],
                                                     max_decoding_length=cap,
                                                     replace_unknowns=True, asynchronous=True)[0])
    per_segment, needed = [], 0
    for future in pending:
        hypotheses = future.result().hypotheses
        needed += min(cap, len(hypotheses[0]) + 1)  # the output and its </s>
        per_segment.append(min(cap, max(len(h) for h in hypotheses) + 1))
    steps = sum(per_segment)
    return {"steps": steps, "output_steps": needed, "steps_per_output_step": round(steps / max(1, needed), 2),
            "steps_within_our_caps": sum(min(n, cap) for n, cap in zip(per_segment, caps)),
            "cpu_s": round(time.process_time() - c, 1), "per_segment": per_segment}


def segment_sources(document) -> list[str]:
    from glossary.pretranslate import segment_text

    return [sentence for _paragraph, _sep, sentence in segment_text(document.text)]


if __name__ == "__main__":
    sys.exit(main())
