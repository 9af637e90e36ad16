"""Small Dutch part-of-speech tagger (averaged perceptron, UPOS tags).

The weights are trained by ``scripts/train_tagger.py`` on UD Dutch Alpino + LassySmall
(CC BY-SA 4.0) and shipped as ``data/models/nl_upos_perceptron.json.gz``, together with a
compact part-of-speech lexicon (word -> noun/verb/adjective/adverb, from Open Dutch WordNet
and Wiktionary-derived wordnets, CC BY-SA) used as features: the word's own lexicon classes,
those of its de-inflected forms (geschenken -> geschenk: noun; advocaten -> advocaat) and of
its longest known head (kredietscores -> score), so words never seen in training still get
evidence of their class.

Features are split so that tagging is fast: features of the word itself, of the previous
word and of the next word depend only on word types and are summed once per type, into rows
of three float32 tables (bounded: emptied when full); a batch of sentences is then scored
with three gathers and two additions, and only tokens whose tag the two previous tags could
change are decided left to right with the transition weights (``Tagger.tag_sentences``).
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from glossary.config import resource_path  # noqa: E402 - the shipped data, also in a wheel

MODEL_PATH = resource_path("models/nl_upos_perceptron.json.gz")
_DIGIT = re.compile(r"\d").search
_HAS_LETTER = re.compile(r"[^\W\d_]").search
START = "<S>"
END = "</S>"


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if _DIGIT(word):
        return "dx"
    if not any(map(str.isalpha, word)):
        return "p"
    if word.isupper():
        return "X" if len(word) > 1 else "Xs"
    if word[0].isupper():
        return "Xx"
    if word.islower():
        return "x"
    return "xX"


_VOWELS = "aeiou"
_STEM_ENDS = frozenset("sne")  # the last letters of the suffixes _stems strips


@lru_cache(maxsize=100_000)  # heads recur across compounds (kredietscores, risicoscores: score)
def _stems(low: str) -> tuple[tuple[str, str], ...]:
    """(suffix, candidate base) pairs for an inflected Dutch form: plural/inflection -en, -s,
    -'s, -e, -n, -ën, -ies, with vowel doubling (advocaten -> advocaat), consonant
    de-doubling (bedden -> bed) and v/z -> f/s (brieven -> brief, huizen -> huis)."""
    out = []
    n = len(low)
    for suf in ("'s", "ën", "en", "s", "e", "n"):
        if n - len(suf) < 3 or not low.endswith(suf):
            continue
        st = low[: n - len(suf)]
        out.append((suf, st))
        if suf in ("en", "e"):
            if len(st) >= 3 and st[-1] == st[-2] and st[-1] not in _VOWELS:
                out.append((suf, st[:-1]))
            if len(st) >= 3 and st[-1] not in _VOWELS and st[-2] in _VOWELS and st[-3] not in _VOWELS:
                out.append((suf, st[:-1] + st[-2] + st[-1]))
            if st[-1:] in ("v", "z"):
                out.append((suf, st[:-1] + ("f" if st[-1] == "v" else "s")))
    return tuple(out)


def lexicon_features(low: str, lex: dict[str, str], rlex=None) -> list[str]:
    """Lexicon evidence for one lower-case word: its classes (``lx=``), those of a de-inflected
    form (``li=``), and those of its longest known head of >= 4 letters (``lh=``). ``rlex``
    (a trie of the lexicon's words reversed, ``reversed_lexicon``) finds the head with a few
    trie look-ups instead of one per head and de-inflection; the same features."""
    feats = []
    c = lex.get(low)
    feats.append("lx=" + (c or "-"))
    # every suffix _stems strips ends in s, n or e: a word (and so each of its heads) ending in
    # anything else has no de-inflected form
    stemmable = low[-1:] in _STEM_ENDS
    if stemmable:
        for suf, st in _stems(low):
            c2 = lex.get(st)
            if c2:
                feats.append("li=" + suf + ":" + c2)
                break
    if not c and len(low) >= 7 and low.isalpha() and rlex is not None:
        c3 = _known_head(low, lex, rlex, stemmable)
        if c3:
            feats.append("lh=" + c3)
    elif not c and len(low) >= 7 and low.isalpha():
        for k in range(2, len(low) - 3):
            head = low[k:]
            c3 = lex.get(head)
            if not c3 and stemmable:
                for _suf, st in _stems(head):
                    if len(st) >= 4 and lex.get(st):
                        c3 = lex[st] + "+"
                        break
            if c3:
                feats.append("lh=" + c3)
                break
    return feats


def reversed_lexicon(lex: dict[str, str]):
    """The lexicon's words reversed, in a MARISA trie: its ``prefixes(x[::-1])`` are the
    lexicon words that end ``x``."""
    import marisa_trie

    return marisa_trie.Trie(w[::-1] for w in lex)


RLEX_FORMAT = 1  # bump when the layout of the cached reversed lexicon changes


def reversed_lexicon_name(lex: dict[str, str]) -> str:
    """The cache file name of ``reversed_lexicon(lex)``: a digest of the lexicon's words (what
    the trie is built from: another model's lexicon gets another file) and the marisa-trie
    version (its serialised format)."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.blake2b("\n".join(lex).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    try:
        marisa = version("marisa-trie")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
        marisa = "unknown"
    return f"tagger-reversed-lexicon-{digest}-{marisa}-{RLEX_FORMAT}.bin"


def cached_reversed_lexicon(lex: dict[str, str]):
    """``reversed_lexicon(lex)``, built once into the extractor's cache folder and read back
    from there by later loads (``tables.cached_bytes``, as ``tables.reversed_words``). A
    damaged file is replaced; an unwritable folder means a build in memory at each load."""
    import marisa_trie

    from glossary.extract.tables import cache_dir, cached_bytes

    name = reversed_lexicon_name(lex)

    def build() -> bytes:
        return reversed_lexicon(lex).tobytes()

    def parse(data: bytes):
        try:
            trie = marisa_trie.Trie().frombytes(data)
        except Exception:  # marisa-trie raises RuntimeError on a truncated or foreign file
            return None
        return trie if len(trie) == len(lex) else None  # distinct words: one key each

    trie = parse(cached_bytes(name, build))
    if trie is None:  # a damaged cache file: removed, then built and saved again
        try:
            (cache_dir() / name).unlink(missing_ok=True)
        except OSError:
            return reversed_lexicon(lex)
        trie = parse(cached_bytes(name, build))
    return trie if trie is not None else reversed_lexicon(lex)


def _ends_in(rlex, x: str) -> set[int]:
    """The k with ``x[k:]`` in the lexicon."""
    n = len(x)
    return {n - len(r) for r in rlex.prefixes(x[::-1])}


def _known_head(low: str, lex: dict[str, str], rlex, stemmable: bool) -> str | None:
    """The ``lh=`` class of ``low``: that of its longest head ``low[k:]`` (k >= 2, >= 4
    letters) in the lexicon, else (``+``) that of the first of ``_stems(head)`` with >= 4
    letters in it; what the loop in ``lexicon_features`` finds, with one trie look-up per
    de-inflection rule instead of a look-up per head.

    Every head of ``low`` ends like ``low``, so a rule of ``_stems`` applies to all of them or
    none, and its base for the head ``low[k:]`` is ``x[k:]`` for one string ``x`` per rule
    (``low`` less the suffix, with the rule's change at the end), for k up to ``e - 3``."""
    n = len(low)
    direct = _ends_in(rlex, low)
    rules: list[tuple[int, str, int, set[int]]] = []  # (largest k, x, len(x), {k: x[k:] known})
    if stemmable:
        for suf in ("'s", "ën", "en", "s", "e", "n"):
            if not low.endswith(suf):
                continue
            e = n - len(suf)  # the base of head low[k:] is low[k:e], at least 3 letters
            xs = [low[:e]]
            if suf in ("en", "e"):
                a, b, c = low[e - 1], low[e - 2], low[e - 3]  # the base's last three letters
                if a == b and a not in _VOWELS:
                    xs.append(low[:e - 1])
                if a not in _VOWELS and b in _VOWELS and c not in _VOWELS:
                    xs.append(low[:e - 1] + b + a)
                if a in ("v", "z"):
                    xs.append(low[:e - 1] + ("f" if a == "v" else "s"))
            rules += [(e - 3, x, len(x), _ends_in(rlex, x)) for x in xs]
    for k in range(2, n - 3):
        if k in direct:
            c3 = lex[low[k:]]
            if c3:
                return c3
        for kmax, x, lx, known in rules:
            if k <= kmax and lx - k >= 4 and k in known:
                c2 = lex[x[k:]]
                if c2:
                    return c2 + "+"
    return None


def word_features(word: str, first: bool, lex: dict[str, str] | None = None) -> list[str]:
    """Features of the token itself (``first`` = first token of its sentence)."""
    return _word_features(word, word.lower(), _shape(word), first, lex)


def type_features(word: str, lex: dict[str, str] | None, rlex=None) -> tuple[list[str], list[str], list[str]]:
    """``word_features(word, False, lex)``, ``prev_features(word)`` and ``next_features(word)``
    at once (the lower-case form and the shape computed once; ``rlex``: see
    ``lexicon_features``)."""
    low = word.lower()
    sh = _shape(word)
    l3 = low[-3:]
    return _word_features(word, low, sh, False, lex, rlex), ["pw=" + low, "ps=" + l3], ["nw=" + low, "ns=" + l3, "nsh=" + sh]


_SUFFIX_KEYS = ("", "s1=", "s2=", "s3=", "s4=", "s5=")


def _word_features(word: str, low: str, sh: str, first: bool, lex: dict[str, str] | None, rlex=None) -> list[str]:
    feats = ["b", "w=" + low, "sh=" + sh, "fs=" + sh + ("1" if first else "0")]
    n = len(low)
    if n > 5:  # the suffixes of 1 to 5 letters (of a shorter word: those shorter than it)
        feats += ("s1=" + low[-1:], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "s5=" + low[-5:])
    else:
        feats += [_SUFFIX_KEYS[k] + low[-k:] for k in range(1, n)]
    feats.append("p1=" + low[:1])
    if "-" in word[1:]:
        feats.append("hy")
        feats.append("hs=" + low.rsplit("-", 1)[1][-3:])
    if "'" in word:
        feats.append("ap")
    if n > 12:
        feats.append("long")
    if lex is not None and _HAS_LETTER(low):
        feats.extend(lexicon_features(low, lex, rlex))
    return feats


def prev_features(word: str) -> list[str]:
    low = word.lower()
    return ["pw=" + low, "ps=" + low[-3:]]


def next_features(word: str) -> list[str]:
    low = word.lower()
    return ["nw=" + low, "ns=" + low[-3:], "nsh=" + _shape(word)]


def tag_features(p1: str, p2: str) -> list[str]:
    return ["pt=" + p1, "ppt=" + p2, "pt2=" + p1 + "|" + p2]


class Tagger:
    # distinct word types whose score vectors are kept (3 float32 rows of len(tags) each, about
    # 200 bytes a type); the tables start again empty when full (a bounded cache: the vectors
    # are pure functions of the word)
    MAX_TYPES = 1 << 17

    def __init__(self, weights: dict[str, dict[str, float]], tags: list[str], lexicon: dict[str, str] | None = None):
        self.tags = tags
        self.lex = lexicon
        self.rlex = cached_reversed_lexicon(lexicon) if lexicon else None
        self.index = {t: i for i, t in enumerate(tags)}
        n = len(tags)
        self.n = n
        self.zero = np.zeros(n, dtype=np.float32)
        # the weights as one matrix (a row per feature, one array: no object per feature), so a
        # feature list is summed with one indexed reduction
        self.row = {f: i for i, f in enumerate(weights)}
        self.mat = np.zeros((len(weights) + 1, n), dtype=np.float32)
        index = self.index
        for i, tw in enumerate(weights.values()):
            for t, x in tw.items():
                self.mat[i, index[t]] = x
        # transition table over (prev tag, prev-prev tag), START included
        all_t = tags + [START]
        m = len(all_t)
        self.trans = np.zeros((m, m, n), dtype=np.float32)
        for i, a in enumerate(all_t):
            for j, b in enumerate(all_t):
                self.trans[i, j] = self._sum(tag_features(a, b))
        self.start = n  # index of START in trans
        # margin[b, t]: how much more the word/context features must favour tag b over tag t
        # for b to win whatever the two previous tags are (then the greedy decision needs no
        # transition lookup; about 80 % of tokens)
        d = (self.trans[:, :, None, :] - self.trans[:, :, :, None]).max(axis=(0, 1))
        np.fill_diagonal(d, -np.inf)
        self.margin = d
        self._reset(1024)

    def _reset(self, capacity: int) -> None:
        """Empty type tables: ``_vocab`` word -> row of ``_W`` (the word's own features, not
        sentence-initial), ``_P`` (as the previous word) and ``_N`` (as the next word);
        ``_first`` word -> its own features as a sentence's first token."""
        self._vocab: dict[str, int] = {}
        self._first: dict[str, np.ndarray] = {}
        self._W = np.empty((capacity, self.n), dtype=np.float32)
        self._P = np.empty((capacity, self.n), dtype=np.float32)
        self._N = np.empty((capacity, self.n), dtype=np.float32)
        self._start_id = self._add(START)
        self._end_id = self._add(END)

    def _add(self, word: str) -> int:
        self._add_many([word])
        return self._vocab[word]

    def _add_many(self, words: list[str]) -> None:
        """Add the score vectors of new, distinct ``words`` to the tables. Each vector is the
        sum of its features' weight rows added one after another in feature order, exactly as
        ``_sum`` adds them (``ndarray.sum(axis=0)`` over rows is such a running sum; the lists
        are padded with the all-zero last row of ``mat``, and adding 0.0 changes nothing)."""
        i = len(self._vocab)
        need = i + len(words)
        if need > len(self._W):
            grow = len(self._W)
            while grow < need:
                grow *= 2
            for name in ("_W", "_P", "_N"):
                old = getattr(self, name)
                new = np.empty((grow, self.n), dtype=np.float32)
                new[:i] = old[:i]
                setattr(self, name, new)
        feats = [type_features(w, self.lex, self.rlex) for w in words]
        for n, table in enumerate((self._W, self._P, self._N)):
            table[i:need] = self._sums([f[n] for f in feats])
        for k, w in enumerate(words):
            self._vocab[w] = i + k

    def _sums(self, feature_lists: list[list[str]]) -> np.ndarray:
        """``_sum`` of each feature list, all at once (a row per list): the lists' weight rows
        are added one after another in feature order over all lists together, each list padded
        with the all-zero last row of ``mat``."""
        get = self.row.get
        lists = [[r for r in map(get, f) if r is not None] for f in feature_lists]
        lengths = np.fromiter(map(len, lists), dtype=np.intp, count=len(lists))
        width = int(lengths.max(initial=0))
        if not width:
            return np.zeros((len(lists), self.n), dtype=np.float32)
        # the rows of each list's features, left-aligned and padded with the zero row
        idx = np.full((len(lists), width), len(self.mat) - 1, dtype=np.intp)
        idx[np.arange(width) < lengths[:, None]] = np.fromiter(
            chain.from_iterable(lists), dtype=np.intp, count=int(lengths.sum()))
        acc = self.mat[idx[:, 0]]
        for j in range(1, width):
            acc += self.mat[idx[:, j]]
        return acc

    def _sum(self, feats: list[str]) -> np.ndarray:
        idx = [i for i in map(self.row.get, feats) if i is not None]
        return self.mat[idx].sum(axis=0) if idx else self.zero.copy()

    # the score vectors of one word type (uncached: the tables above keep them)
    def _word(self, word: str, first: bool) -> np.ndarray:
        return self._sum(_word_features(word, word.lower(), _shape(word), first, self.lex, self.rlex))

    def _prev(self, word: str) -> np.ndarray:
        return self._sum(prev_features(word))

    def _next(self, word: str) -> np.ndarray:
        return self._sum(next_features(word))

    def tag(self, words: list[str]) -> list[str]:
        """UPOS tags for one sentence's tokens."""
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """UPOS tags for the tokens of each sentence (the same as ``tag`` one by one; the
        arithmetic of many sentences is done at once)."""
        out: list[list[str]] = []
        chunk: list[list[str]] = []
        size = 0
        for words in sentences:
            chunk.append(words)
            size += len(words)
            if size >= self.CHUNK:
                out += self._tag_chunk(chunk, size)
                chunk, size = [], 0
        if chunk:
            out += self._tag_chunk(chunk, size)
        return out

    CHUNK = 4096  # tokens scored in one go

    def _tag_chunk(self, sentences: list[list[str]], size: int) -> list[list[str]]:  # noqa: C901
        if not size:
            return [[] for _ in sentences]
        if len(self._vocab) + size > self.MAX_TYPES:
            self._reset(len(self._W))
        vocab = self._vocab
        flat = list(chain.from_iterable(sentences))
        new = [w for w in dict.fromkeys(flat) if w not in vocab]
        if new:
            self._add_many(new)
        ids = np.fromiter(map(vocab.__getitem__, flat), dtype=np.intp, count=size)
        del flat
        first_of = self._first
        new = [w for w in dict.fromkeys(words[0] for words in sentences if words) if w not in first_of]
        if new:  # the own features of new sentence-initial words, summed together
            lex, rlex = self.lex, self.rlex
            sums = self._sums([_word_features(w, w.lower(), _shape(w), True, lex, rlex) for w in new])
            for w, row in zip(new, sums):
                first_of[w] = row
        firsts = [first_of[words[0]] for words in sentences if words]
        lengths = np.fromiter((len(w) for w in sentences if w), dtype=np.intp)
        ends = np.cumsum(lengths)
        offsets = ends - lengths
        # the previous word of each token (START at a sentence's first) and the next (END at its last)
        pids = np.empty_like(ids)
        pids[1:] = ids[:-1]
        pids[offsets] = self._start_id
        nids = np.empty_like(ids)
        nids[:-1] = ids[1:]
        nids[ends - 1] = self._end_id
        # per token: own features + previous word's + next word's, summed in that order
        rows = self._W[ids]
        rows[offsets] = firsts
        rows += self._P[pids]
        rows += self._N[nids]
        best_ = rows.argmax(axis=1)
        sure = ((rows.max(axis=1)[:, None] - rows) > self.margin[best_]).all(axis=1)
        # the other tokens are decided with the transition weights of their two previous tags,
        # all those whose two previous tags are known at once, round after round (a round per
        # token of the longest run of such tokens): the greedy decoder's decisions, in batches
        tag = np.where(sure, best_, -1)
        todo = np.flatnonzero(~sure)
        if len(todo):
            pos = np.arange(size) - np.repeat(offsets, lengths)  # each token's place in its sentence
            start = self.start
            trans = self.trans
            while len(todo):
                at = pos[todo]  # (the indices before a sentence's start are clipped: not read)
                p1 = np.where(at >= 1, tag[np.maximum(todo - 1, 0)], start)
                p2 = np.where(at >= 2, tag[np.maximum(todo - 2, 0)], start)
                ready = (p1 >= 0) & (p2 >= 0)
                now = todo[ready]
                tag[now] = (rows[now] + trans[p1[ready], p2[ready]]).argmax(axis=1)
                todo = todo[~ready]
        decided = tag.tolist()
        tags = self.tags
        result: list[list[str]] = []
        k = 0
        for words in sentences:
            end = k + len(words)
            out = [tags[t] for t in decided[k:end]]
            result.append(_correct(words, out) if "VERB" in out else out)
            k = end
        return result


def _correct(words: list[str], tags: list[str]) -> list[str]:
    """Post-correction of one frequent error class of the small model: after an attributive
    adjective or a determiner, a word that is not an infinitive/plural (-en) nor a participle
    (ge-...) is a noun, not a verb (het/sociaal krediet)."""
    for i in range(1, len(tags)):
        if tags[i] == "VERB" and tags[i - 1] in ("ADJ", "DET"):
            w = words[i].lower()
            if not w.endswith(("en", "'")) and not w.startswith("ge") and w.isalpha():
                tags[i] = "NOUN"
    return tags


def pack_lexicon(lex: dict[str, str]) -> dict[str, str]:
    """{classes: space-joined sorted words}: the compact form stored in the model file."""
    by: dict[str, list[str]] = {}
    for w, c in lex.items():
        by.setdefault(c, []).append(w)
    return {c: " ".join(sorted(ws)) for c, ws in sorted(by.items())}


def unpack_lexicon(packed: dict[str, str]) -> dict[str, str]:
    return {w: c for c, ws in packed.items() for w in ws.split(" ") if w}


_TAGGER: Tagger | None = None


def load_tagger(path: Path = MODEL_PATH) -> Tagger:
    global _TAGGER
    if _TAGGER is None or path != MODEL_PATH:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        t = Tagger(data["weights"], data["tags"], unpack_lexicon(data["lexicon"]) if "lexicon" in data else None)
        del data
        # the feature names as new strings, off the pages of the parsed JSON (freed now), and
        # the freed memory back to the system: the process (and its forked workers) keeps ~6 MiB less
        t.row = {f.encode().decode(): i for f, i in t.row.items()}
        from glossary.extract.tables import trim_heap

        trim_heap()
        if path != MODEL_PATH:
            return t
        _TAGGER = t
    return _TAGGER


def release_tagger() -> None:
    """Forget the shared tagger (a process that only loaded it for forked workers gives its
    memory back; ``load_tagger`` loads it again when asked)."""
    global _TAGGER
    _TAGGER = None


def tagger_loaded() -> bool:
    return _TAGGER is not None
