"""Translation-memory backend: English equivalents of glossary terms from aligned segments.

Input: a bilingual file, TMX (``<tu>`` with Dutch and English ``<tuv>``) or TSV whose *last two*
columns are Dutch and English. A segment pair whose two sides split into the same number of
sentences is used sentence by sentence (tighter co-occurrence); otherwise as a whole.

For a Dutch term, every English n-gram (1-4 words, not starting or ending with a function word)
of the segments that contain the term is a candidate, scored by

    association: Dice = 2 c(term, e) / (c(term) + c(e)) over segments, smoothed for rare terms
    string evidence: cognate similarity (integriteit ~ integrity), shared numbers, capitalisation
                     (a capitalised Dutch name wants a capitalised English n-gram)
    length fit: English n-gram length against the Dutch term's (a compound ~ 1-3 words)
    containment: an n-gram that only adds words to a better-associated shorter one loses

The top proposals with a confidence in [0, 1] are returned. ``benchmarks/align.py`` measures
it against a plain Dice baseline on ACTER's aligned corruption corpus.
"""

from __future__ import annotations

import difflib
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from glossary.errors import InputError
from glossary.translate.lexicon import prefix_share

TYPE_CHECKING = False
if TYPE_CHECKING:
    from glossary.translate.wordalign import WordAligner

MAX_N = 4
#: word-alignment evidence in the ranking: score x (ALIGN_FLOOR + ALIGN_WEIGHT x share of the
#: term's occurrences the alignment links to the n-gram)
ALIGN_FLOOR = 0.15
#: an n-gram the dictionary backend also proposes for the term: score x (1 + HINT_WEIGHT)
HINT_WEIGHT = 4.0
#: function words a one-word Dutch term's English span may bridge (gedragscodes -> codes of conduct)
BRIDGE = frozenset({"of"})
#: the word alignment sees tokens cut to this many letters (a crude stemmer: plural and
#: singular, verb forms share their statistics, which a small memory needs)
STEM = 5
ALIGN_WEIGHT = 5.0
WORD = re.compile(r"[^\W_][\w'’\-]*", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9(\"'“])")
STOP_EN = frozenset(["a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "into", "onto", "over", "under", "about", "as", "than", "that", "this", "these", "those", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "having", "do", "does", "did", "not", "no", "it", "its", "it's", "they", "them", "their", "there", "here", "he", "she", "his", "her", "him", "we", "our", "us", "you", "your", "i", "me", "my", "can", "could", "may", "might", "must", "shall", "should", "will", "would", "also", "such", "other", "any", "all", "some", "each", "every", "more", "most", "very", "only", "just", "so", "if", "then", "thus", "however", "both", "either", "neither", "per", "via", "upon", "within", "between", "among", "against", "during", "before", "after", "above", "below", "up", "down", "out", "off", "again", "further", "once", "same", "own", "too", "s", "'s", "one", "two", "under", "which", "whether", "while"])  # noqa: E501
STOP_NL = frozenset(["de", "het", "een", "en", "of", "in", "op", "aan", "te", "van", "voor", "met", "door", "bij", "uit", "over", "naar", "om", "als", "dan", "dat", "die", "dit", "deze", "is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had", "er", "hun", "hij", "zij", "ze", "wij", "we", "u", "ik", "niet", "geen", "ook", "nog", "wel", "al", "maar", "dus", "zo", "zeer", "meer", "meest"])  # noqa: E501


# -- reading -----------------------------------------------------------------------------------


def read_bilingual(path: str | Path) -> list[tuple[str, str]]:
    """Dutch/English segment pairs of a TMX or TSV file (InputError when unreadable), read by
    the formats readers (:func:`glossary.formats.tmx.read_pairs`, :func:`glossary.formats.tsv.read_pairs`
    with the last two columns)."""
    from glossary.formats import read_bytes, tmx, tsv

    path = Path(path)
    data = read_bytes(path)
    name = path.name.casefold()
    if name.endswith(".tmx") or name.endswith(".xml"):
        pairs = [(p.nl, p.en) for p in tmx.read_pairs(data, str(path))]
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{path} is a binary file, not a TSV")
        pairs = [(p.nl, p.en) for p in tsv.read_pairs(data, str(path), last_two=True)]
    if not pairs:
        raise InputError(f"{path} holds no Dutch-English segment pairs")
    return pairs


# -- alignment ---------------------------------------------------------------------------------


def split_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Sentence pairs where both sides have as many sentences; whole segments otherwise."""
    out: list[tuple[str, str]] = []
    for nl, en in pairs:
        a, b = SENTENCE.split(nl), SENTENCE.split(en)
        if len(a) == len(b) and len(a) > 1:
            out.extend(zip(a, b))
        else:
            out.append((nl, en))
    return out


def words(text: str) -> list[str]:
    return WORD.findall(text)


def _norm(word: str) -> str:
    return word.casefold().replace("’", "'")


def cognate(nl: str, en: str) -> float:
    """String similarity of a Dutch and an English expression in [0, 1]."""
    a = re.sub(r"[^a-z0-9]", "", _norm(nl))
    b = re.sub(r"[^a-z0-9]", "", _norm(en))
    if not a or not b:
        return 0.0
    lcp = prefix_share(a, b)
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return max(lcp, ratio if ratio >= 0.6 else 0.0)


class Aligner:
    """Co-occurrence statistics over aligned segments; :meth:`propose` ranks English candidates."""

    def __init__(self, pairs: list[tuple[str, str]], *, split_sentences: bool = True):
        self.pairs = split_pairs(pairs) if split_sentences else list(pairs)
        self.nl_tokens = [[_norm(w) for w in words(nl)] for nl, _ in self.pairs]
        self.en_words = [words(en) for _, en in self.pairs]
        self.en_tokens = [[_norm(w) for w in ws] for ws in self.en_words]
        self.en_index: dict[str, set[int]] = defaultdict(set)
        self.en_caps: Counter = Counter()  # n-gram -> segments where it is written capitalised
        self.seg_ngrams: list[set[str]] = []
        for i, (toks, raw) in enumerate(zip(self.en_tokens, self.en_words)):
            grams = set()
            for n in range(1, MAX_N + 1):
                for s in range(len(toks) - n + 1):
                    gram = toks[s:s + n]
                    if gram[0] in STOP_EN or gram[-1] in STOP_EN or not any(c.isalpha() for c in gram[0]):
                        continue
                    key = " ".join(gram)
                    if key not in grams and raw[s][:1].isupper() and (s > 0):
                        self.en_caps[key] += 1
                    grams.add(key)
            self.seg_ngrams.append(grams)
            for g in grams:
                self.en_index[g].add(i)
        self.nl_index: dict[str, set[int]] = defaultdict(set)
        for i, toks in enumerate(self.nl_tokens):
            for t in set(toks):
                self.nl_index[t].add(i)
        self._word_aligner: WordAligner | None = None
        self.empty_units = sum(1 for a, b in zip(self.nl_tokens, self.en_tokens) if not a or not b)

    @property
    def word_aligner(self):
        """The IBM-1/diagonal word alignment of all units (trained on first use)."""
        if self._word_aligner is None:
            from glossary.translate.wordalign import WordAligner

            cut = STEM
            self._word_aligner = WordAligner([([w[:cut] for w in a], [w[:cut] for w in b])
                                              for a, b in zip(self.nl_tokens, self.en_tokens)])
        return self._word_aligner

    def aligned_phrases(self, term: str, segs: set[int]) -> tuple[Counter, int]:
        """English phrases the word alignment links to the term's occurrences (votes, see
        :meth:`WordAligner.spans`), and the number of occurrences."""
        toks = [_norm(w) for w in words(term)]
        votes: Counter = Counter()
        n_occ = 0
        if not toks:
            return votes, 0
        n = len(toks)
        for i in sorted(segs):
            nl = self.nl_tokens[i]
            for start in range(len(nl) - n + 1):
                if nl[start:start + n] != toks:
                    continue
                n_occ += 1
                for s, e, weight in self.word_aligner.spans(i, start, start + n, BRIDGE if n == 1 else frozenset()):
                    en = self.en_tokens[i][s:e]
                    while en and en[0] in STOP_EN:
                        en = en[1:]
                    while en and en[-1] in STOP_EN:
                        en = en[:-1]
                    if en and len(en) <= MAX_N:
                        votes[" ".join(en)] += weight
        return votes, n_occ

    def segments_with(self, term: str) -> set[int]:
        toks = [_norm(w) for w in words(term)]
        if not toks:
            return set()
        found = set.intersection(*(self.nl_index.get(t, set()) for t in toks))
        if len(toks) == 1:
            return found
        n = len(toks)
        return {i for i in found if any(self.nl_tokens[i][s:s + n] == toks for s in range(len(self.nl_tokens[i]) - n + 1))}

    def dice_baseline(self, term: str, max_n: int = 3) -> tuple[str, float] | None:
        """Plain Dice: the English n-gram (<= max_n words) with the highest Dice coefficient."""
        segs = self.segments_with(term)
        if not segs:
            return None
        joint: Counter = Counter()
        for i in segs:
            joint.update(g for g in self.seg_ngrams[i] if g.count(" ") < max_n)
        best = max(joint, key=lambda g: (2 * joint[g] / (len(segs) + len(self.en_index[g])), -len(g), g), default=None)
        if best is None:
            return None
        return best, 2 * joint[best] / (len(segs) + len(self.en_index[best]))

    def propose(self, term: str, *, variants: list[str] | None = None, top: int = 3,
                use_alignment: bool = True, hints: list[str] | None = None) -> list[dict]:
        """English candidates for ``term``: dicts text, confidence, dice, joint, segments."""
        segs: set[int] = set()
        for form in [term, *(variants or [])]:
            segs |= self.segments_with(form)
        if not segs:
            return []
        n_t = len(segs)
        joint: Counter = Counter()
        for i in segs:
            joint.update(self.seg_ngrams[i])
        term_words = words(term)
        n_nl = max(1, len(term_words))
        digits = set(re.findall(r"\d+", term))
        capitalised = bool(term_words) and all(w[:1].isupper() for w in term_words if w.casefold() not in STOP_NL)
        min_joint = 2 if n_t >= 3 else 1
        votes, n_occ = self.aligned_phrases(term, segs) if use_alignment else (Counter(), 0)
        hint_keys = {_number_key(h) for h in hints or ()}
        if hint_keys and votes:
            votes = _votes_to_hinted_parts(votes, hint_keys)
        scored = {}
        for gram, c in sorted(joint.items()):
            cog = cognate(term, gram)
            aligned = votes.get(gram, 0.0) / n_occ if n_occ else 0.0
            if c < min_joint and cog < 0.7 and aligned < 0.3:
                continue
            c_e = len(self.en_index[gram])
            dice = 2 * c / (n_t + c_e)
            # rare terms: shrink towards 0 (one shared segment proves little)
            reliability = c / (c + 0.5)
            n_en = gram.count(" ") + 1
            ideal_hi = n_nl + (2 if n_nl == 1 else 1)
            length_fit = 1.0 if n_nl <= n_en <= ideal_hi else 0.75 if n_en < n_nl else 0.6 ** (n_en - ideal_hi)
            score = dice * reliability * length_fit
            score *= 1.0 + 1.2 * cog
            # word-alignment evidence: the share of the term's occurrences linked to this n-gram
            score *= ALIGN_FLOOR + ALIGN_WEIGHT * aligned
            # agreement with the dictionary backend (lexicon, composition) is evidence too
            hinted = _number_key(gram) in hint_keys
            if hinted:
                score *= 1.0 + HINT_WEIGHT
            if digits:
                score *= 1.3 if digits & set(re.findall(r"\d+", gram)) else 0.5
            caps_share = self.en_caps[gram] / max(1, c_e)
            if capitalised:
                score *= 0.6 + 0.6 * caps_share
            elif caps_share > 0.8:
                score *= 0.7
            scored[gram] = (score, dice, c, cog, aligned, hinted)
        if not scored:
            return []
        # containment: prefer the shorter n-gram unless the longer one is as strongly associated;
        # ties broken by the text itself, never by set or hash order
        ranked = sorted(scored, key=lambda g: (-scored[g][0], len(g), g))
        out: list[dict] = []
        for gram in ranked:
            if len(out) >= top:
                break
            s = scored[gram]
            if any(o["text"] in gram.split(" ") or f" {o['text']} " in f" {gram} " for o in out):
                continue
            out.append({"text": gram, "score": s[0], "dice": round(s[1], 4), "joint": s[2],
                        "cognate": round(s[3], 3), "aligned": round(s[4], 3), "dictionary": s[5], "segments": n_t})
        best = out[0]["score"] if out else 1.0
        for o in out:
            evidence = max(o["dice"], 0.8 * o["aligned"])
            o["confidence"] = round(min(1.0, evidence * (0.6 + 0.4 * o["score"] / best) * (1 + 0.3 * o["cognate"])), 4)
        return out


def _votes_to_hinted_parts(votes: Counter, hint_keys: set[str]) -> Counter:
    """A linked run that holds a rendering the dictionary gives and more words besides gives its
    votes to that rendering (*germany having regard* -> *germany*): IBM Model 1 links a rare word
    to its neighbours too (the garbage-collector effect), and where the run has the dictionary's
    English inside it, the dictionary draws the boundary. The longest such part wins."""
    out: Counter = Counter()
    for gram, weight in sorted(votes.items()):
        ws = gram.split(" ")
        part = None
        if _number_key(gram) not in hint_keys:
            for n in range(len(ws) - 1, 0, -1):
                part = next((" ".join(ws[a:a + n]) for a in range(len(ws) - n + 1)
                             if _number_key(" ".join(ws[a:a + n])) in hint_keys), None)
                if part is not None:
                    break
        out[part or gram] += weight
    return out


def _number_key(text: str) -> str:
    """Lower case, each word without a plural -s (benefits ~ benefit)."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in _norm(text).split())


def dictionary_hints(terms: list[dict]) -> dict[int, list[str]]:
    """English candidates of the dictionary backend (shipped lexicon, composition; no floor) per
    term id, as agreement evidence for the alignment; empty when no dictionary source exists."""
    try:
        from glossary.translate.compose import Resolver
        from glossary.translate.dictionary import dictionary_candidates, load_sources

        sources = load_sources(None)
    except Exception:  # noqa: BLE001 - no lexicon: no hints, the alignment works alone
        return {}
    if not sources:
        return {}
    from glossary.translate.spelling import respell

    resolver = Resolver(sources)  # type: ignore[arg-type]
    out: dict[int, list[str]] = {}
    for t in terms:
        texts = [c["text"] for c in dictionary_candidates(t, sources, floor=False, resolver=resolver)]
        # a memory may be in either spelling: behaviour and behavior both agree with "gedrag"
        out[t["id"]] = list(dict.fromkeys(v for text in texts for v in (text, respell(text, "american"),
                                                                         respell(text, "british"))))
    return out


def restore_case(gram: str, pairs: list[tuple[str, str]], segs: set[int] | None = None) -> str:
    """The most frequent written form of a lower-cased n-gram in the English side."""
    pattern = re.compile(r"(?<!\w)" + re.escape(gram).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE)
    forms: Counter = Counter()
    for i, (_, en) in enumerate(pairs):
        if segs is not None and i not in segs:
            continue
        for m in pattern.finditer(en):
            start = m.start()
            sentence_start = start == 0 or en[:start].rstrip().endswith((".", ":", "!", "?", ";"))
            form = " ".join(m.group(0).split())
            if sentence_start and form[:1].isupper() and not gram[:1].isupper():
                form = form[:1].lower() + form[1:] if not form.split()[0].isupper() else form
            forms[form] += 1
    return forms.most_common(1)[0][0] if forms else gram


# -- backend -----------------------------------------------------------------------------------


def propose_for_terms(g, terms: list[dict], pairs: list[tuple[str, str]], *, origin: str,
                      origin_version: str | None = None, top: int = 3, progress=None) -> dict:
    aligner = Aligner(pairs)
    from glossary.translate.score import keep

    hints = dictionary_hints(terms)
    stored = matched = 0
    with g.transaction():
        for n, term in enumerate(terms, 1):
            variants = [v for v in {term.get("lemma") or ""} if v and v != term["term"]]
            proposals = aligner.propose(term["term"], variants=variants, top=top, hints=hints.get(term["id"]))
            matched += bool(proposals)
            for p in proposals:
                segs = aligner.segments_with(term["term"])
                text = restore_case(p["text"], aligner.pairs, segs)
                note = (f"tm {origin}: aligned {p['aligned']}, dice {p['dice']} over {p['segments']} segments,"
                        f" cognate {p['cognate']}")
                if not keep(p["confidence"]):
                    continue
                if g.add_translation(term["id"], text, source="tm", origin=origin, origin_version=origin_version,
                                     score=p["confidence"], note=note) is not None:
                    stored += 1
            if progress and n % 50 == 0:
                progress(50)
    return {"terms": len(terms), "terms_matched": matched, "candidates": stored, "segments": len(aligner.pairs),
            "empty_segments": aligner.empty_units}


def translate_terms(g, terms: list[dict], *, progress=None) -> dict:
    """The ``tm`` backend: every bilingual file registered with ``glossary align``."""
    started = time.perf_counter()
    files: list[str] = []
    total: dict = {"terms": len(terms), "terms_matched": 0, "candidates": 0, "segments": 0, "files": files}
    for res in g.list_resources("tm"):
        try:
            pairs = read_bilingual(res["path"])
        except InputError:
            continue
        info = propose_for_terms(g, terms, pairs, origin=res["name"], origin_version=res["version"], progress=progress)
        total["terms_matched"] += info["terms_matched"]
        total["candidates"] += info["candidates"]
        total["segments"] += info["segments"]
        files.append(res["name"])
    total["seconds"] = round(time.perf_counter() - started, 2)
    return total


def align_file(g, path: str | Path, *, only_missing: bool = False, register: bool = True, progress=None) -> dict:
    """``glossary align FILE``: read (and validate) the file, register it, propose for terms."""
    path = Path(path).expanduser().resolve()
    pairs = read_bilingual(path)
    import hashlib

    version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    if register:
        g.add_resource("tm", str(path), name=path.name, version=version)
    terms = list(g.iter_terms(only_missing=only_missing))
    info = propose_for_terms(g, terms, pairs, origin=path.name, origin_version=version, progress=progress)
    info["pairs"] = len(pairs)
    return info
