"""Glossary-constrained MT: sentence translations in which given English renderings must appear.

Used by ``glossary pretranslate`` (:mod:`glossary.pretranslate`). Each segment comes with
*constraints*: a character span of the Dutch (an approved glossary term as the matcher found it)
and the English that must appear in the translation. The method (docs/pretranslate.md):

1. **Translate** every segment once, batched (:meth:`ArgosTranslator.submit`), with the
   decoder's attention. A constraint whose English the model already wrote (``check``'s
   whole-word, plural-tolerant test) is *kept* as the model wrote it.
2. **Place** each missing English, in source order: at the target words aligned to the term
   (the first run of target tokens whose strongest source token, by attention, lies inside the
   term, widened to whole words), replacing them; without such a token, at the position
   proportional to the term's place in the source (inserted, nothing removed).
   ``method="replace"`` (the default): no second decoding, the placed English replaces the
   aligned words and the rest is the first output. ``method="prefix"`` (constrained
   decoding): everything up to and including the last placed English becomes a CTranslate2
   ``target_prefix``, and the model decodes the rest of the sentence after it, conditioned on
   the forced words (one more batched decoding of the segments that needed it, identical ones
   once; the last English of a segment is ``forced``, earlier ones of the same segment are
   ``replaced`` inside the prefix). A first output with no word after the last placed English
   has nothing to continue: it is not decoded again (``replaced``).
3. **Guarantee**: the output is assembled from token chunks with the forced English inserted
   verbatim (never re-tokenised), with a space on both sides where a word would otherwise be
   glued to it, so the English is in the text as whole words whatever the model decoded. Each
   constraint ends as ``kept`` (the model's own), ``forced`` (prefix decoding) or ``replaced``
   (the fallback, or ``method="replace"``); the character span of the English in the output is
   returned for marking.

No text is made up: a segment without model output has no target. Heavy imports stay in
:mod:`glossary.translate.argos`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glossary.translate.argos import ARGOS_MAX_DECODING, ArgosTranslator, aligned_tokens, decoding_cap
from glossary.translate.decoding import DEFAULT_BEAM, DEFAULT_METHOD, METHODS

CONTINUATION_SPREAD = 1.5  # the continuation after a forced English: at most 1.5 x ...
CONTINUATION_SLACK = 8  # ... + 8 tokens of what the first output had after the term
_WORDISH = re.compile(r"\w")


@dataclass
class Constraint:
    start: int  # the term in the Dutch segment (character offsets)
    end: int
    english: str  # what must appear in the translation
    term_id: int | None = None
    # filled in by translate_constrained
    how: str = ""  # kept | forced | replaced
    span: tuple[int, int] | None = None  # the English in the output text (character offsets)


@dataclass
class Output:
    text: str
    tokens: list[str]
    score: float
    constraints: list[Constraint] = field(default_factory=list)
    rounds: int = 0  # 1 when the segment was decoded again after a forced prefix


@dataclass
class _State:
    tokens: list[str]
    attention: list[list[float]] | None
    source_offsets: list[tuple[int, int]]
    source_len: int  # characters
    score: float
    forced: list[tuple[int, int, int]] = field(default_factory=list)  # (token start, token end, constraint index)
    pending: list[int] = field(default_factory=list)  # constraint indexes to force (source order)
    rounds: int = 0
    prefix_len: int = 0
    remainder: int = 0


def _aligned(state: _State, start: int, end: int, after: int) -> tuple[int, int] | None:
    """Target token range [lo, hi) aligned (attention argmax) to source characters start..end,
    widened to whole words, at or after token ``after``; None when no token is aligned."""
    if not state.attention or not state.source_offsets:
        return None
    tokens = state.tokens
    hits = aligned_tokens(state.attention, len(tokens), state.source_offsets, start, end,
                          skip=lambda t: t < after or any(a <= t < b for a, b, _ in state.forced))
    if not hits:
        return None
    lo = hits[0]
    hi = lo + 1  # the first run of aligned tokens
    while hi < len(tokens) and hi in hits:
        hi += 1
    lo = _word_start(tokens, lo, after)
    while hi < len(tokens) and not tokens[hi].startswith("▁") and not any(a <= hi < b for a, b, _ in state.forced):
        hi += 1
    return lo, hi


def _floor(mt: ArgosTranslator, state: _State) -> int:
    """The first token that may be replaced (after the package's own target prefix)."""
    return 1 if mt.target_prefix and state.tokens[:1] == [mt.target_prefix] else 0


def _word_start(tokens: list[str], t: int, floor: int) -> int:
    while t > floor and t < len(tokens) and not tokens[t].startswith("▁"):
        t -= 1
    return max(t, floor)


def _proportional(state: _State, start: int, after: int) -> int:
    n = len(state.tokens)
    t = round(n * start / max(1, state.source_len))
    t = min(max(t, after), n)
    return _word_start(state.tokens, t, after)


def _english_pieces(mt: ArgosTranslator, english: str) -> list[str]:
    pieces = mt.encode(english)[0]
    pieces = [p for p in pieces if p]
    if not pieces:
        return ["▁"]
    if mt.sp is not None and not pieces[0].startswith("▁"):
        pieces[0] = "▁" + pieces[0]
    return pieces


_OPENERS = "([{“‘„«/-"


def _render(mt: ArgosTranslator, tokens: list[str], forced: list[tuple[int, int, int]],
            english: list[str]) -> tuple[str, dict[int, tuple[int, int]]]:
    """The output text, with each forced token range replaced by its English verbatim, and
    the character span of each forced English. A forced English at the very start gets a
    capital letter (it begins the sentence); a word is never glued to it."""
    spans: dict[int, tuple[int, int]] = {}
    if mt.target_prefix and tokens and tokens[0] == mt.target_prefix:
        tokens = tokens[1:]
        forced = [(a - 1, b - 1, k) for a, b, k in forced]
    pieces: list[tuple[str, int | None]] = []  # (text, constraint index or None)
    pos = 0
    for a, b, k in sorted(forced):
        if a > pos:
            pieces.append((_chunk(mt, tokens[pos:a]), None))
        pieces.append((english[k], k))
        pos = max(pos, b)
    if pos < len(tokens):
        pieces.append((_chunk(mt, tokens[pos:]), None))
    out = ""
    after_forced = False
    for text, index in pieces:
        if index is None:
            body = text.lstrip(" ")
            if not body.strip():
                continue
            if out and (text.startswith(" ") or (after_forced and _WORDISH.match(body[0]))):
                out += " "
            out += body
            after_forced = False
        else:
            if out and not out.endswith(" ") and out[-1] not in _OPENERS:
                out += " "
            if not out.strip():
                out = ""
                text = text[:1].upper() + text[1:]
            spans[index] = (len(out), len(out) + len(text))
            out += text
            after_forced = True
    return out.rstrip(), spans


def _chunk(mt: ArgosTranslator, tokens: list[str]) -> str:
    """Decoded tokens; a leading space when the chunk starts a new word."""
    if not tokens:
        return ""
    if mt.sp is not None:
        text = mt.sp.decode_pieces(list(tokens)).replace("▁", " ").replace("_", " ")  # as Argos decodes
        return (" " + text.lstrip(" ")) if tokens[0].startswith("▁") else text
    assert mt.bpe is not None  # the model has one of the two tokenizers
    return " " + mt.bpe.decode(list(tokens))


def translate_constrained(
    mt: ArgosTranslator,
    segments: Sequence[str],
    constraints: Sequence[Sequence[Constraint]],
    *,
    method: str = DEFAULT_METHOD,
    beam_size: int = DEFAULT_BEAM,
    length_penalty: float = 0.2,
    max_decoding_length: int | None = None,
    pad_free: bool = False,
    verify_cap: bool = True,
    progress: Callable[[int], None] | None = None,
    timings: dict | None = None,
) -> list[Output]:
    """Translate ``segments`` so that every constraint's English is in its output (see the
    module docstring). ``constraints[i]`` are the constraints of ``segments[i]``; they are
    updated in place (``how``, ``span``) and returned in each :class:`Output`.

    Decoding: ``beam_size`` and ``length_penalty`` as Argos Translate; each batch is capped
    by the length of its inputs (:func:`~glossary.translate.argos.decoding_cap`; after a
    forced prefix: the prefix plus 1.5 x what followed the term, + 8), and with
    ``verify_cap`` (the default) every output that reached its cap is decoded again with twice
    the cap, and so on up to Argos' cap of 256 tokens: the caps save decoding steps, they never
    shorten a translation.
    ``max_decoding_length`` fixes one cap for all (256: Argos' own). ``timings``: a dict that
    gets the seconds of each stage (``first pass``, ``placing``, ``prefix pass``, ``rendering``)."""
    import time

    clock = time.perf_counter()
    timings = {} if timings is None else timings

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    from glossary.check import has_translation

    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    options: dict = dict(beam_size=beam_size, length_penalty=length_penalty, max_decoding_length=max_decoding_length,
                         pad_free=pad_free, verify_cap=verify_cap)
    # all segments in one pool of length-sorted batches (fuller batches than two groups); the
    # attention (it costs the decoder nothing measurable) kept where a constraint may need placing
    needing = [text for text, cons in zip(segments, constraints) if cons]
    first: list = mt.collect(mt.submit(segments, return_attention=True, attention_for=needing, **options), progress)
    lap("first pass")
    states: list[_State] = []
    for text, res, cons in zip(segments, first, constraints):
        state = _State(list(res.target_tokens), res.attention, list(res.source_offsets),
                       len(text), res.score)
        for k, c in enumerate(cons):
            if res.target_tokens and has_translation(res.text, c.english):
                c.how = "kept"
            else:  # also when the model wrote nothing: the English is forced all the same
                state.pending.append(k)
        state.pending.sort(key=lambda k: cons[k].start)
        states.append(state)
    english = [[c.english for c in cons] for cons in constraints]
    pieces = [[_english_pieces(mt, c.english) for c in cons] for cons in constraints]

    # plan: where each missing English goes in the first output (source order, no overlaps)
    for i, s in enumerate(states):
        if not s.pending:
            continue
        tokens, new_tokens, forced = s.tokens, [], []
        pos = _floor(mt, s)
        new_tokens = tokens[:pos]
        for k in s.pending:
            c = constraints[i][k]
            span = _aligned(s, c.start, c.end, pos)
            if span is None:
                at = _proportional(s, c.start, pos)
                span = (at, at)
            lo, hi = span
            new_tokens += tokens[pos:lo]
            forced.append((len(new_tokens), len(new_tokens) + len(pieces[i][k]), k))
            new_tokens += pieces[i][k]
            pos = hi
            c.how = "replaced"
        s.prefix_len = len(new_tokens)  # everything up to the last forced English
        s.remainder = len(tokens) - pos  # what the first output had after the last term
        s.tokens, s.forced = new_tokens + tokens[pos:], forced

    lap("placing")
    if method == "prefix":
        # one more decoding round for the segments with forced English: the model continues
        # after the last one (the earlier ones of the segment are in the prefix as placed)
        # (a first output with no word after its last placed English leaves nothing to continue:
        # that segment keeps it, replaced, and is not decoded again)
        todo = [i for i, s in enumerate(states) if s.pending and _has_words(s.tokens[s.prefix_len:])]
        prefixes = [states[i].tokens[: states[i].prefix_len] for i in todo]
        caps = []
        for i, prefix in zip(todo, prefixes):
            # the continuation gets 1.5 x (+ 8 tokens) what the first output had after the
            # term, within the segment's own cap plus the forced English
            cap = max_decoding_length or min(256, decoding_cap(max(1, len(first[i].source_tokens))))
            cap += sum(b - a for a, b, _k in states[i].forced)
            caps.append(min(cap, len(prefix) + CONTINUATION_SLACK + int(CONTINUATION_SPREAD * states[i].remainder)))
        if todo:
            results = _decode_with_prefix(mt, [first[i].source_tokens for i in todo], prefixes, caps,
                                          beam_size=beam_size, length_penalty=length_penalty,
                                          verify_cap=verify_cap and not max_decoding_length)
            for i, (tokens, _attention, score) in zip(todo, results):
                s = states[i]
                s.tokens, s.score, s.rounds = tokens, score, 1
                last = max(s.forced)[2]
                constraints[i][last].how = "forced"
            if progress:
                progress(len(todo))

        lap("prefix pass")
    outputs = []
    for i, (s, cons) in enumerate(zip(states, constraints)):
        s.pending = []
        if not s.tokens:
            outputs.append(Output("", [], s.score, list(cons), s.rounds))
            continue
        if s.forced:
            text, spans = _render(mt, s.tokens, s.forced, english[i])
        else:  # nothing forced: exactly the text Argos Translate would give
            text, spans = mt.decode(s.tokens), {}
        for k, c in enumerate(cons):
            if k in spans:
                c.span = spans[k]
            elif c.how == "kept":
                c.span = find_english(text, c.english)
        outputs.append(Output(text, s.tokens, s.score, list(cons), s.rounds))
    lap("rendering")
    return outputs


def _has_words(tokens: list[str]) -> bool:
    return any(_WORDISH.search(t.replace("▁", "")) for t in tokens)


def _decode_with_prefix(mt: ArgosTranslator, sources: list[list[str]], prefixes: list[list[str]],
                        caps: list[int], *, beam_size: int, length_penalty: float, verify_cap: bool = False):
    """One batched ``translate_batch`` round with a target prefix per example; returns
    (tokens, attention, mean log-probability) per example, prefix included. Identical
    (source, prefix) examples are decoded once. ``verify_cap``: the examples whose output
    reached its cap are decoded again with twice the cap (up to 256)."""
    unique: dict[tuple, int] = {}
    index = [unique.setdefault((tuple(src), tuple(pre)), len(unique)) for src, pre in zip(sources, prefixes)]
    if len(unique) < len(sources):
        keep = [0] * len(unique)  # the first example of each key
        for i in reversed(range(len(index))):
            keep[index[i]] = i
        cap_of: dict[int, int] = {}
        for k, cap in zip(index, caps):
            cap_of[k] = max(cap_of.get(k, 0), cap)
        done = _decode_with_prefix(mt, [sources[i] for i in keep], [prefixes[i] for i in keep],
                                   [cap_of[k] for k in range(len(unique))], beam_size=beam_size,
                                   length_penalty=length_penalty, verify_cap=verify_cap)
        return [(list(done[k][0]), done[k][1], done[k][2]) for k in index]
    caps = list(caps)
    results = _prefix_round(mt, sources, prefixes, caps, beam_size=beam_size, length_penalty=length_penalty)
    todo = list(range(len(sources)))
    while verify_cap and todo:  # outputs that reached their cap: again with twice the cap, up to 256
        todo = [k for k in todo if caps[k] < ARGOS_MAX_DECODING and len(results[k][0]) >= caps[k] - 1]
        if not todo:
            break
        mt.recoded += len(todo)
        for k in todo:
            caps[k] = min(ARGOS_MAX_DECODING, 2 * caps[k])
        redone = _prefix_round(mt, [sources[k] for k in todo], [prefixes[k] for k in todo], [caps[k] for k in todo],
                               beam_size=beam_size, length_penalty=length_penalty)
        for k, res in zip(todo, redone):
            results[k] = res
    return results


def _prefix_round(mt: ArgosTranslator, sources: list[list[str]], prefixes: list[list[str]],
                  caps: list[int], *, beam_size: int, length_penalty: float):
    order = sorted(range(len(sources)), key=lambda i: (caps[i], len(sources[i])), reverse=True)
    per_batch = max(1, mt.batch_rows // max(1, beam_size))
    jobs = []
    for b in range(0, len(order), per_batch):
        chunk = order[b:b + per_batch]
        futures = mt.translator.translate_batch(
            [sources[i] or ["▁"] for i in chunk],
            target_prefix=[prefixes[i] for i in chunk],
            asynchronous=True,
            replace_unknowns=True,
            max_batch_size=0,
            beam_size=beam_size,
            num_hypotheses=1,
            length_penalty=length_penalty,
            max_decoding_length=max(caps[i] for i in chunk),
            return_scores=True,
            return_attention=True,
        )
        jobs.append((chunk, futures))
    out: list = [None] * len(sources)
    for chunk, futures in jobs:
        for i, future in zip(chunk, futures):
            res = future.result()
            tokens = list(res.hypotheses[0])
            if tokens[: len(prefixes[i])] != prefixes[i]:  # CTranslate2 returns the prefix; be safe
                tokens = prefixes[i] + tokens
            raw = res.scores[0] if res.scores else 0.0
            n = max(1, len(tokens) + 1)
            attention = res.attention[0] if res.attention else None
            out[i] = (tokens, attention, min(0.0, raw * (n ** length_penalty) / n))
    return out


def find_english(text: str, english: str) -> tuple[int, int] | None:
    """The character span of ``english`` (or a regular plural) in ``text``, as ``check`` finds it."""
    from bisect import bisect_right

    from glossary.check import english_pattern
    from glossary.matcher import normalise

    norm, starts, origin = normalise(text)
    m = english_pattern(english).search(norm)
    if m is None:
        return None

    def back(i: int) -> int:
        if starts is None or origin is None:
            return i
        k = bisect_right(starts, i) - 1
        return origin[k] + (i - starts[k])

    return back(m.start()), back(m.end() - 1) + 1
