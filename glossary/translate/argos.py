"""MT backend: an installed Argos Translate package driven through CTranslate2 in batches.

Instead of one ``argostranslate.translate.translate()`` call per item (sentence splitting,
tokenising and a one-example ``translate_batch`` each time), every distinct term and context
sentence is tokenised once and goes through ``ctranslate2.Translator.translate_batch`` in
length-sorted batches, with the package's own sentencepiece model and model directory, loaded
once. All batches (terms and sentences) are queued asynchronously, so CTranslate2's worker
threads (one per core) never wait for Python. Inputs of similar length share a batch, so the
decoding length can be capped per batch (a two-word term does not get 256 decoding steps).

With :data:`ARGOS_SETTINGS` (beam 4, length penalty 0.2, replace_unknowns, cap 256, and
padding-free batches) the decoding is the one ``argostranslate.translate`` performs, so the
outputs are the same text (``benchmarks/mt.py`` checks this). Padding-free: a batch holds only
inputs of the same token length. A padded input is decoded with the same arithmetic but not
the same float rounding (the attention sums run over more, masked, positions), and a beam
search that sits on a near tie can take another path; without padding the output is the one
of translating the input alone, bit for bit.

Each term is translated on its own and inside (up to ``contexts_per_term``) context sentences;
its rendering inside a sentence translation is found by the decoder's attention (the target
tokens whose strongest source token lies inside the term), and confirmed by matching the
term-alone translation against the words of the sentence translation.

Heavy imports (ctranslate2, sentencepiece) happen inside :class:`ArgosTranslator`.
"""

from __future__ import annotations

import difflib
import json
import math
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from glossary.translate.models import ModelInfo, find_model

#: the decoding settings argostranslate.translate uses for translate(): beam_size=max(1, 4)
ARGOS_MAX_DECODING = 256  # CTranslate2's default max_decoding_length, which argostranslate keeps
ARGOS_SETTINGS = {"beam_size": 4, "length_penalty": 0.2, "max_decoding_length": ARGOS_MAX_DECODING, "pad_free": True}
BATCH_ROWS = 64  # decoder rows (examples x beam) per CTranslate2 batch
CAP_SPREAD = 0.8  # a batch holds inputs whose own decoding cap is >= 0.8 x the batch's cap
TERM_BEAM = 4  # terms: argostranslate's beam
SENTENCE_BEAM = 1  # context sentences: greedy
PUNCT = " \t\n\"'“”‘’«»()[]{}.,;:!?…-–—/"


@dataclass
class Result:
    text: str
    score: float  # mean log-probability per target token (<= 0)
    source_tokens: list[str]
    target_tokens: list[str]
    attention: list[list[float]] | None = None
    source_offsets: list[tuple[int, int]] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return math.exp(self.score)


def decoding_cap(source_length: int) -> int:
    """Maximum target tokens for a source of ``source_length`` tokens (terms: 2n + 10;
    sentences: 1.5n + 10, still well above the ~1.1n English takes for Dutch)."""
    if source_length <= 8:
        return 2 * source_length + 10
    return min(256, int(1.5 * source_length) + 10)


class ArgosTranslator:
    """Batch translation with one installed Argos package (loaded once)."""

    def __init__(self, model: ModelInfo, *, device: str = "cpu", compute_type: str = "auto",
                 inter_threads: int | None = None, intra_threads: int = 1,
                 batch_rows: int = BATCH_ROWS, cap_spread: float = CAP_SPREAD):
        import os

        import ctranslate2

        if inter_threads is None:  # one batch per core beats splitting each matrix product
            inter_threads = max(1, min(4, os.cpu_count() or 1))

        self.model = model
        self.recoded = 0  # outputs decoded again because they reached a length cap (verify_cap)
        self.batch_rows = batch_rows
        self.cap_spread = cap_spread
        try:
            self.metadata = json.loads((model.path / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.metadata = {}
        self.target_prefix = self.metadata.get("target_prefix", "") or ""
        sp_path = model.path / "sentencepiece.model"
        self.sp = None
        self.bpe = None
        if sp_path.is_file():
            import sentencepiece as spm

            self.sp = spm.SentencePieceProcessor(model_file=str(sp_path))
        else:  # older packages: Moses + BPE, through argostranslate's own tokenizer
            from argostranslate.tokenizer import BPETokenizer

            self.bpe = BPETokenizer(model.path / "bpe.model", model.from_code, model.to_code)
        self.translator = ctranslate2.Translator(
            str(model.model_dir), device=device, compute_type=compute_type,
            inter_threads=inter_threads, intra_threads=intra_threads,
        )

    # -- tokenizer (the same calls argostranslate's SentencePieceTokenizer makes) -------------

    def encode(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        if self.sp is not None:
            proto = self.sp.encode(text, return_type="proto")
            return [p.piece for p in proto.pieces], char_offsets(text, [(p.begin, p.end) for p in proto.pieces])
        assert self.bpe is not None  # one of the two tokenizers is set in __init__
        tokens = self.bpe.encode(text)
        return tokens, []

    def decode(self, tokens: Sequence[str]) -> str:
        if self.sp is not None:
            value = self.sp.decode_pieces(list(tokens)).replace("▁", " ").replace("_", " ")
        else:
            assert self.bpe is not None
            value = self.bpe.decode(list(tokens))
        if self.target_prefix and value.startswith(self.target_prefix):
            value = value[len(self.target_prefix):]
        if value.startswith(" "):
            value = value[1:]
        return value

    # -- translation ---------------------------------------------------------------------------

    def submit(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 4,
        length_penalty: float = 0.2,
        max_decoding_length: int | None = None,
        return_attention: bool = False,
        batch_rows: int | None = None,
        cap_spread: float | None = None,
        pad_free: bool = False,
        verify_cap: bool = False,
        min_cap: int = 0,
        attention_for: Collection[str] | None = None,
    ) -> _Pending:
        """Queue ``texts`` for translation and return at once; :meth:`collect` waits for them.

        Identical texts are translated once. The unique texts are sorted by length, longest
        first, and cut into batches of at most ``batch_rows`` decoder rows (examples x beam).
        ``max_decoding_length=None`` caps each batch by :func:`decoding_cap` of its longest
        input, and a batch is closed when the next input's own cap would be below
        ``cap_spread`` x that cap, so that no input gets much more room than its own cap. Every
        batch is handed to CTranslate2 asynchronously: batches of this call and of other
        pending calls run side by side on the translator's ``inter_threads`` workers. Give
        ``max_decoding_length`` (e.g. 256, argostranslate's) to use it for all.
        ``pad_free=True`` puts only inputs of the same token length in a batch, so each output
        is exactly the one of translating that input alone (see the module docstring).
        ``verify_cap=True`` (with the length caps): every output that reached its batch's cap
        (it may have been cut short) is decoded again, in :meth:`collect`, with twice the cap
        (at least ``min_cap``), and so on up to Argos' cap (256 tokens), so a cap never
        shortens a translation; the short caps only spare the decoder the steps a finished
        translation never takes (CTranslate2's beam search with a length penalty runs on until
        ``beam_size`` hypotheses have finished, or to the cap).
        ``attention_for`` (with ``return_attention``): keep the attention of these texts only
        (the others are decoded in the same batches, their attention dropped at once)."""
        batch_rows = batch_rows or self.batch_rows
        cap_spread = self.cap_spread if cap_spread is None else cap_spread
        unique: dict[str, int] = {}
        for text in texts:
            unique.setdefault(text, len(unique))
        encoded = [self.encode(t) for t in unique]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]), reverse=True)
        per_batch = max(1, batch_rows // max(1, beam_size))
        batches: list[list[int]] = []
        first_cap = 0
        for i in order:  # longest first: the costliest batches start first
            cap = max_decoding_length or min(ARGOS_MAX_DECODING, max(min_cap, decoding_cap(max(1, len(encoded[i][0])))))
            fits = batches and len(batches[-1]) < per_batch and cap >= cap_spread * first_cap
            if fits and pad_free:
                fits = len(encoded[i][0]) == len(encoded[batches[-1][0]][0])
            if fits:
                batches[-1].append(i)
            else:
                batches.append([i])
                first_cap = cap
        jobs = []
        for chunk in batches:
            longest = max(1, len(encoded[chunk[0]][0]))
            cap = max_decoding_length or min(ARGOS_MAX_DECODING, max(min_cap, decoding_cap(longest)))
            source = [encoded[i][0] or ["▁"] for i in chunk]
            prefix = [[self.target_prefix] for _ in chunk] if self.target_prefix else None
            futures = self.translator.translate_batch(
                source,
                target_prefix=prefix,
                asynchronous=True,
                replace_unknowns=True,
                max_batch_size=0,  # one batch: already sized here
                beam_size=beam_size,
                num_hypotheses=1,
                length_penalty=length_penalty,
                max_decoding_length=cap,
                return_scores=True,
                return_attention=return_attention,
            )
            jobs.append((chunk, futures, cap))
        redo = None
        if verify_cap and max_decoding_length is None:
            redo = dict(beam_size=beam_size, length_penalty=length_penalty, return_attention=return_attention,
                        batch_rows=batch_rows, pad_free=pad_free, verify_cap=True)
        keep = None if attention_for is None else {unique[t] for t in attention_for if t in unique}
        return _Pending(list(unique), [unique[t] for t in texts], encoded, jobs, length_penalty, return_attention,
                        redo, keep)

    def collect(self, pending: _Pending, progress: Callable[[int], None] | None = None) -> list[Result]:
        """Wait for the texts :meth:`submit` queued; their results in the order given."""
        results: list[Result | None] = [None] * len(pending.unique)
        again: list[tuple[list[int], _Pending]] = []  # verify_cap: queued at once, beside the batches still running
        for chunk, futures, cap in pending.jobs:
            capped: list[int] = []
            for i, future in zip(chunk, futures):
                res = future.result()
                tokens = list(res.hypotheses[0])
                raw = res.scores[0] if res.scores else 0.0
                n = max(1, len(tokens) + 1)
                mean = raw * (n ** pending.length_penalty) / n  # undo CTranslate2's length normalisation
                results[i] = Result(
                    text=self.decode(tokens) if tokens else "",
                    score=min(0.0, mean),
                    source_tokens=pending.encoded[i][0],
                    target_tokens=tokens,
                    attention=res.attention[0] if pending.return_attention and res.attention
                    and (pending.keep_attention is None or i in pending.keep_attention) else None,
                    source_offsets=pending.encoded[i][1],
                )
                if pending.redo is not None and cap < ARGOS_MAX_DECODING and len(tokens) >= cap - 1:
                    capped.append(i)
            if capped:  # outputs the cap may have cut: decoded again with twice the cap (verified again)
                keep = pending.keep_attention
                again.append((capped, self.submit([pending.unique[i] for i in capped], **(pending.redo or {}),
                                                  min_cap=2 * cap,
                                                  attention_for=None if keep is None else
                                                  [pending.unique[i] for i in capped if i in keep])))
                self.recoded += len(capped)
            if progress:
                progress(len(chunk))
        for capped, redo in again:
            for i, res in zip(capped, self.collect(redo)):
                results[i] = res
        return [results[k] for k in pending.index]  # type: ignore[misc]

    def translate(self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None,
                  **options) -> list[Result]:
        """Translate ``texts`` (see :meth:`submit` for the options) and wait for the results."""
        return self.collect(self.submit(texts, **options), progress)


@dataclass
class _Pending:
    unique: list[str]
    index: list[int]  # for each text given, its position in ``unique``
    encoded: list[tuple[list[str], list[tuple[int, int]]]]
    jobs: list[tuple[list[int], list, int]]  # (inputs, futures, decoding cap)
    length_penalty: float
    return_attention: bool
    redo: dict | None = None  # verify_cap: the options to decode a capped output again
    keep_attention: set[int] | None = None  # with return_attention: the unique texts whose attention is kept


def char_offsets(text: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """sentencepiece's piece offsets are UTF-8 byte offsets: as character offsets of ``text``
    (what ``attention_span`` and the constrained decoder compare with term spans)."""
    if text.isascii() or not offsets:
        return list(offsets)
    to_char = []
    for i, ch in enumerate(text):
        to_char.extend([i] * len(ch.encode("utf-8")))
    to_char.append(len(text))
    last = len(to_char) - 1
    return [(to_char[min(b, last)], to_char[min(e, last)]) for b, e in offsets]



# -- picking a term's rendering out of a sentence translation ----------------------------------


def aligned_tokens(attention: list[list[float]], n_tokens: int, source_offsets: list[tuple[int, int]],
                   start: int, end: int, skip: Callable[[int], bool] | None = None) -> list[int]:
    """Indexes of the first ``n_tokens`` target tokens whose attention argmax falls on a source
    token overlapping characters start..end (``skip(t)`` leaves token t out), in order."""
    inside = {j for j, (b, e) in enumerate(source_offsets) if b < end and e > start}
    if not inside:
        return []
    hits = []
    for t, row in enumerate(attention[:n_tokens]):
        if not row or skip is not None and skip(t):
            continue
        if max(range(len(row)), key=row.__getitem__) in inside:
            hits.append(t)
    return hits


def attention_span(result: Result, start: int, end: int) -> str | None:
    """The words of ``result`` aligned (by attention argmax) to source characters start..end."""
    if not result.attention or not result.source_offsets or not result.target_tokens:
        return None
    tokens = result.target_tokens
    hits = aligned_tokens(result.attention, len(tokens), result.source_offsets, start, end)
    if not hits:
        return None
    lo, hi = min(hits), max(hits)
    while lo > 0 and not tokens[lo].startswith("▁"):
        lo -= 1
    while hi + 1 < len(tokens) and not tokens[hi + 1].startswith("▁"):
        hi += 1
    words = "".join(tokens[lo:hi + 1]).replace("▁", " ").strip(PUNCT)
    words = " ".join(words.split())
    if not words or len(words.split()) > 3 * max(1, (end - start) // 6 + 1) + 2:
        return None
    return words


def best_match(sentence_translation: str, wanted: str, threshold: float = 0.8) -> str | None:
    """The n-gram of ``sentence_translation`` most similar to ``wanted`` (ratio >= threshold)."""
    words = [w.strip(PUNCT) for w in sentence_translation.split()]
    words = [w for w in words if w]
    target = wanted.casefold().strip(PUNCT)
    if not words or not target:
        return None
    from rapidfuzz.distance import LCSseq

    n = len(target.split())
    matcher = difflib.SequenceMatcher(None, "", target)  # the target is indexed once
    # Every n-gram (in the order that breaks ties: the first one wins) gets an upper bound of
    # its ratio: difflib's matching blocks form a common subsequence, so 2 x LCS / total length
    # (computed in C by rapidfuzz) is never below ratio(). ratio() itself, the costly part, is
    # computed best bound first, until no bound can beat the best ratio found. The result is
    # the first n-gram of highest ratio, exactly as if each had been scored.
    bounded: list[tuple[float, int, str]] = []
    for size in {max(1, n - 1), n, n + 1}:
        for i in range(0, max(0, len(words) - size) + 1):
            cand = " ".join(words[i:i + size])
            folded = cand.casefold()
            total = len(folded) + len(target)
            if 2.0 * min(len(folded), len(target)) / total < threshold:
                continue
            bound = 2.0 * LCSseq.similarity(folded, target) / total
            if bound >= threshold:
                bounded.append((-bound, len(bounded), cand))
    bounded.sort()
    best, best_ratio, best_rank = None, 0.0, -1
    for neg_bound, rank, cand in bounded:
        if -neg_bound < best_ratio:
            break
        matcher.set_seq1(cand.casefold())
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and rank < best_rank):
            best, best_ratio, best_rank = cand, ratio, rank
    return best if best_ratio >= threshold else None


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(PUNCT)


def translate_terms(g, terms: list[dict], *, contexts_per_term: int = 3, progress=None,
                    model: ModelInfo | None = None) -> dict:
    """Translate ``terms`` (dicts from ``g.iter_terms``) with the installed nl->en package and
    store every candidate (source ``mt``, origin = package name, origin_version, score)."""
    model = model or find_model("nl", "en")
    if model is None:
        return {"skipped": "no nl->en model installed"}
    started = time.perf_counter()
    mt = ArgosTranslator(model)
    term_texts = [t["term"] for t in terms]
    sentences: list[str] = []
    sentence_index: dict[str, int] = {}
    uses: list[list[tuple[int, int, int]]] = []  # per term: (sentence index, start, end)
    for t in terms:
        mine = []
        seen = set()
        for ctx in g.term_contexts(t["id"], limit=contexts_per_term * 3):
            if ctx["text"] in seen:
                continue
            seen.add(ctx["text"])
            k = sentence_index.setdefault(ctx["text"], len(sentences))
            if k == len(sentences):
                sentences.append(ctx["text"])
            mine.append((k, ctx["start"], ctx["end"]))
            if len(mine) >= contexts_per_term:
                break
        uses.append(mine)
    # context sentences: greedy decoding is enough to locate the term's rendering and is
    # ~beam-size times cheaper; the sentence English is stored as a rough gloss. Both sets are
    # queued before either is awaited, so their batches share the worker threads.
    pending_sentences = mt.submit(sentences, beam_size=SENTENCE_BEAM, return_attention=True)
    pending_terms = mt.submit(term_texts, beam_size=TERM_BEAM)
    in_context = mt.collect(pending_sentences, progress)
    alone = mt.collect(pending_terms, progress)

    # reverse model (en->nl), when installed: round-trip check of each candidate
    candidates: list[dict[str, dict]] = []
    for _term, res, mine in zip(terms, alone, uses):
        cands: dict[str, dict] = {}
        alone_text = _clean(res.text)
        if alone_text:
            cands[alone_text] = {"alone": res.confidence, "contexts": 0}
        for k, start, end in mine:
            sres = in_context[k]
            picked = None
            if alone_text:
                picked = best_match(sres.text, alone_text)
            if picked is None:
                picked = attention_span(sres, start, end)
            if picked:
                picked = _clean(picked)
                entry = cands.setdefault(picked, {"alone": None, "contexts": 0})
                entry["contexts"] += 1
                entry.setdefault("ctx_conf", []).append(sres.confidence)
        candidates.append(cands)
    reverse = find_model("en", "nl")
    back: dict[str, str] = {}
    if reverse is not None:
        texts = sorted({c for cands in candidates for c in cands})
        if texts:
            rmt = ArgosTranslator(reverse)
            back = {src: _clean(r.text).casefold() for src, r in zip(texts, rmt.translate(texts))}
    stored = 0
    origin, version = model.name, model.version
    with g.transaction():
        for nl, res in zip(sentences, in_context):
            if res.text:
                g.add_sentence_translation(nl, res.text, origin=origin, origin_version=version)
        for t, cands, mine in zip(terms, candidates, uses):
            n_ctx = max(1, len(mine))
            for text, info in cands.items():
                support = info["contexts"] / n_ctx
                if info["alone"] is not None:
                    score = 0.5 * info["alone"] + 0.5 * support
                else:
                    score = 0.4 * support * max(info.get("ctx_conf") or [0.0])
                notes = []
                if info["alone"] is not None:
                    notes.append("term alone")
                if info["contexts"]:
                    notes.append(f"in {info['contexts']}/{len(mine)} context sentences")
                if back and reverse is not None and back.get(text) in {t["term"].casefold(), (t.get("lemma") or "").casefold()}:
                    score = min(1.0, score + 0.1)
                    notes.append(f"round-trip via {reverse.name}")
                if model.test_model:
                    notes.append("TEST MODEL (random weights)")
                if g.add_translation(t["id"], text, source="mt", origin=origin, origin_version=version,
                                     score=round(score, 4), note="; ".join(notes)) is not None:
                    stored += 1
    return {
        "model": origin,
        "version": version,
        "terms": len(terms),
        "sentences": len(sentences),
        "candidates": stored,
        "reverse_model": reverse.name if reverse else None,
        "seconds": round(time.perf_counter() - started, 2),
    }
