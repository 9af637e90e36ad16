#!/usr/bin/env python3
"""Build the shipped Dutch->English lexicon ``data/lexicon/nl-en.sqlite`` from open sources.

    .venv/bin/python scripts/build_lexicon.py [--lexicons /work/shared/data/lexicons] [--out data/lexicon/nl-en.sqlite]

An ``--out`` ending in ``.tsv`` or ``.tsv.gz`` writes the same rows as (gzip) TSV instead.

The shipped file was built with Debian's ``wordnet-base`` 1:3.0-37 installed (``/usr/share/wordnet``,
read for the English expressions, the relational adjectives, the collocations of its glosses and the SemCor sense counts of each
English word; ``apt-get install wordnet-base``); without it those tables hold less, the ranking
lacks the counts and the bytes differ.

Sources (all in ``../shared/data/lexicons``, see its README; every one is CC BY-SA, so the
output is CC BY-SA 4.0, a separately licensed data file like ``data/models/``):

- ``odwn``:  Open Dutch WordNet joined to Princeton WordNet 3.0 English lemmas, with PWN sense
  (tag) counts (``derived/odwn-pwn30-nl-en.tsv.gz``, rows with source ``odwn``);
- ``wnwikt``: the Wiktionary-derived Dutch wordnet joined to PWN English lemmas (same file,
  rows with source ``wikt``), and joined to the Wiktionary English wordnet lemmas of the same
  synsets (``omw-wiktionary/``);
- ``cltl``: cltl/OpenDutchWordnet's Wiktionary and OmegaWiki synset lemmas (nouns), joined to the
  English lemmas of the same synsets;
- ``wikt``: English Wiktionary's English->Dutch translation tables, inverted
  (``wiktionary-en-nl/src/en-nl-enwiktionary.txt``).

FreeDict eng-nld is not used: it is GPL, and derived data would have to be GPL too.

Each (Dutch, English) pair keeps its sources, part of speech, the PWN sense count and the English
word frequency (wordfreq, Zipf scale). Its rank score is agreement between independent sources
first, then sense frequency, then English frequency. Sense frequency is the synset's SemCor count
and, from WordNet's ``cntlist.rev``, the English word's own share of it (*repair* 5 of the 6 tags
of "the act of putting something in working order again", *reparation* none) and the share of the
word's uses that are this sense (*flag* as "flagstone": none of 35), both smoothed; English
frequency alone counts every sense of a word. A pair only one wordnet join asserts, with
no sense count, is dropped when the Dutch word has a pair that two sources or the Wiktionary
tables assert (wordnet synsets list every synonym: *partij* -> *mickle, passel*).

A word's sense as a term head counts too: the English of the Dutch compounds and phrases headed
by it (*klantendienst -> customer service*, *geheime dienst -> secret service*) votes for
*dienst -> service* over *office*; and a loan word's own English form (*installatie ->
installation*, by swapping the ending) over a look-alike (*installment*).

Output: an SQLite database (table ``senses``: ``key en nl pos sources tagcount zipf score``,
clustered on ``key``, the case-folded Dutch word; ``nl`` is empty when it is the key; table
``phrases``: English multi-word expressions, see :func:`english_phrases`; table ``collocations``:
neighbouring English words WordNet's glosses write together, see :func:`gloss_collocations`; table ``relational``:
English relational adjectives, see :func:`relational_adjectives`; table ``meta``: format,
licence), which
:mod:`glossary.translate.lexicon` opens read-only and queries per word. Rows are written
sorted by Dutch word then score (highest first). Deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.translate.lexicon import crude_singular  # noqa: E402 - the project on sys.path

DEFAULT_LEXICONS = ROOT.parent / "shared" / "data" / "lexicons"
DEFAULT_OUT = ROOT / "data" / "lexicon" / "nl-en.sqlite"
#: weight of each source family in the agreement score (the Wiktionary tables are translations
#: made by people for people; the wordnet joins list every synonym of a synset)
WEIGHT = {"wikt": 1.2, "odwn": 1.0, "wnwikt": 0.8, "cltl": 0.6}
MAX_SENSES = 12
#: weight of a pair's share of its synset's Princeton WordNet sense count (how much of the sense
#: English writes with *this* word: *repair* 5 of 6, *reparation* 0 of 6): log10 of the share
LEMMA_WEIGHT = 0.5
#: a loan word's cognate bonus goes to every lemma of the synset its English look-alike is in
SHARE_COGNATE = True
#: ... when English uses the synonym clearly more: a Zipf frequency higher by this (about 3x)
SHARE_MARGIN = 0.5
#: weight of log10 of the share of the English word's WordNet uses that are the pair's sense
SENSE_SHARE_WEIGHT = 0.3
#: pseudo-count of both shares: SemCor's counts are small (a synset tagged twice says little)
PRIOR = 10
#: drop a pair only one wordnet join asserts, when better ones exist, unless SemCor tags the
#: English word itself in the sense (not only a synonym of its synset)
DROP_UNTAGGED_LEMMAS = True
#: a Dutch infinitive's verb senses are compared with its stem for the cognate evidence
STEM_VERBS = True
#: for the noun senses of a Dutch infinitive that are the -ing form of its best verb sense
GERUND_BONUS = 1.0
#: an acronym's English acronym (VS -> US before United States; NAVO -> NATO)
ACRONYM_BONUS = 1.0
#: a Dutch verb that is also a noun's plural gets the noun's best senses, at most this many
PLURAL_READINGS = True
PLURAL_SENSES = 4
#: weight of the head evidence: log2(1 + compounds headed by the word that end in the sense)
HEAD_WEIGHT = 1.5


def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def wordnet_senses(wordnet: Path | None) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int], set[str]]:
    """Princeton WordNet's own sense counts of each English lemma in each synset (``cntlist.rev``,
    joined to the sense order of ``index.noun`` ...: *repair* 5 and *reparation* 0 in the synset
    "the act of putting something in working order again", which the sources give one count, the
    synset's), keyed (lemma lower-cased, synset id as ``00266806-n``: Debian's offsets), and each
    lemma's count over all its senses of a part of speech, keyed (lemma, ``n``/``v``/``a``/``r``):
    *flag* 35 as a noun, 0 of them in the sense "flagstone"; and the synset ids WordNet has. Empty
    without ``wordnet``."""
    counts: dict[tuple[str, str], int] = {}
    totals: dict[tuple[str, str], int] = {}
    known: set[str] = set()
    if wordnet is None or not (wordnet / "cntlist.rev").is_file():
        return counts, totals, known
    by_sense: dict[tuple[str, int, int], int] = {}
    for line in (wordnet / "cntlist.rev").read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) != 3 or "%" not in fields[0]:
            continue
        lemma, key = fields[0].split("%", 1)
        ss_type = 3 if key[:1] == "5" else int(key[:1]) if key[:1].isdigit() else 0
        by_sense[(lemma, ss_type, int(fields[1]))] = int(fields[2])
    for ss_type, (pos, letter) in enumerate((("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")), 1):
        index = wordnet / f"index.{pos}"
        if not index.is_file():
            continue
        for line in index.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line or line.startswith(" "):
                continue
            fields = line.split()
            lemma, n_pointers = fields[0], int(fields[3])
            for number, offset in enumerate(fields[6 + n_pointers:], 1):
                known.add(f"{offset}-{letter}")
                count = by_sense.get((lemma, ss_type, number), 0)
                if count:
                    word = lemma.replace("_", " ")
                    counts[(word, f"{offset}-{letter}")] = count
                    totals[(word, letter)] = totals.get((word, letter), 0) + count
    return counts, totals, known


def clean(text: str) -> str:
    text = re.sub(r"\{[^}]*\}|\([^)]*\)|\[[^\]]*\]", " ", text)
    text = text.replace("_", " ")
    return " ".join(text.split()).strip(" ,;.")


def split_top(text: str) -> list[str]:
    """Split on commas and semicolons outside parentheses/braces."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


POS_WIKT = {"n": "n", "v": "v", "adj": "a", "adv": "r", "prop": "n", "pn": "n"}


def usable(nl: str, en: str) -> bool:
    if not nl or not en or len(nl) > 60 or len(en) > 60:
        return False
    if "," in nl or "," in en or nl.count(" ") > 4 or en.count(" ") > 4:
        return False  # proverbs and glosses, not terms
    if not any(c.isalpha() for c in nl) or not any(c.isalpha() for c in en):
        return False
    return True


def read_synset_lemmas(path: Path, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == f"{lang}:lemma":
            out[parts[0]].append(clean(parts[2]))
        elif len(parts) == 2:
            out[parts[0]].append(clean(parts[1]))
    return out


def cognate(nl: str, en: str) -> float:
    """Shared-prefix share of two spellings (installatie ~ installation 0.83), 0 under 4 letters."""
    from glossary.translate.lexicon import prefix_share

    return prefix_share(nl.casefold().replace(" ", ""), en.casefold().replace(" ", ""))


def part_translations(nl: str, top_of: dict[str, set[str]]) -> set[str]:
    """Translations of the proper parts of a one-word compound (both sides of each split)."""
    word = nl.casefold()
    out: set[str] = set()
    if " " in word or len(word) < 8:
        return out
    for i in range(4, len(word) - 3):
        left, right = word[:i], word[i:]
        for cand in (left, left[:-1] if left.endswith("s") else None, left[:-2] if left.endswith("en") else None):
            if cand and cand in top_of:
                out |= top_of[cand]
        if right in top_of:
            out |= top_of[right]
    return out


def agreement_of(sources: set[str]) -> float:
    """Agreement between sources: the Wiktionary tables, plus the strongest wordnet join and a
    little for each further one (the joins share synsets, so they are not independent voices)."""
    joins = sorted((WEIGHT[s] for s in sources if s != "wikt"), reverse=True)
    return (WEIGHT["wikt"] if "wikt" in sources else 0.0) + (joins[0] + 0.3 * (len(joins) - 1) if joins else 0.0)


def transfer_cognates(nl: str) -> set[str]:
    """English spellings made by swapping a Dutch loan-word ending for the English one
    (installatie -> installation, medisch -> medical), diacritics folded (hygiënisch)."""
    from glossary.translate.compose import TRANSFER, fold_diacritics

    w = fold_diacritics(nl.casefold())
    out = set()
    for nl_end, en_ends in TRANSFER:
        if w.endswith(nl_end) and len(w) - len(nl_end) >= 3:
            out |= {w[: -len(nl_end)] + e for e in en_ends}
    return out


def head_evidence(top_of: dict[str, list[str]]) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
    """For each Dutch word, the best English translations of the Dutch compounds and phrases
    headed by it (*klantendienst*, *geheime dienst*): the last words of the multi-word ones
    (*customer service*) and the one-word ones (*floodlight*), counted. They show the sense a
    word takes as a term head (dienst -> service, not office; klep -> valve): see :func:`head_count`."""
    heads: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    for key in sorted(top_of):
        if " " in key:
            candidates = [key.rsplit(" ", 1)[1]]
        else:
            candidates = [key[i:] for i in range(3, len(key) - 2)]
        for head in candidates:
            if head != key and head in top_of:
                _count_english(heads.setdefault(head, ({}, {})), top_of[key], -1)
    return heads


def _count_english(evidence: tuple[dict[str, int], dict[str, int]], english: list[str], end: int) -> None:
    """Count one Dutch compound's or phrase's English renderings into ``evidence``: the word at
    ``end`` (0: the first, -1: the last) of the multi-word ones, singular, and the one-word ones."""
    several, one = evidence
    for en in {en.casefold() for en in english if en.split()}:
        words = en.split()
        table, word = (several, crude_singular(words[end])) if len(words) > 1 else (one, words[0])
        table[word] = table.get(word, 0) + 1


def head_count(evidence: tuple[dict[str, int], dict[str, int]] | None, en: str) -> int:
    """Compounds headed by the Dutch word whose English ends in ``en`` (a one-word ``en``):
    *customer service* or, closed, *floodlight* for *light*."""
    if not evidence or " " in en.strip():
        return 0
    last_words, one_words = evidence
    word = crude_singular(en.strip())
    return last_words.get(word, 0) + sum(n for w, n in one_words.items() if w != word and w.endswith(word))


def modifier_evidence(top_of: dict[str, list[str]]) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
    """For each Dutch word, the best English translations of the Dutch compounds and phrases it
    begins (*wegenbouw* -> *road construction*, *kerntaak* -> *core task*): the first words of the
    multi-word ones and the one-word ones, counted; the sense a word takes as a modifier
    (weg- -> road, not way; kern- -> core, not nucleus). See :func:`modifier_count`."""
    mods: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    for key in sorted(top_of):
        if " " in key:
            candidates = [key.split(" ", 1)[0]]
        else:
            candidates = []
            for i in range(3, len(key) - 2):
                left = key[:i]
                candidates.append(left)
                candidates += [left[: -len(link)] for link in ("s", "en", "e") if left.endswith(link) and i - len(link) >= 3]
        for mod in dict.fromkeys(candidates):
            if mod != key and mod in top_of:
                _count_english(mods.setdefault(mod, ({}, {})), top_of[key], 0)
    return mods


def modifier_count(evidence: tuple[dict[str, int], dict[str, int]] | None, en: str) -> int:
    """Compounds begun by the Dutch word whose English begins with ``en`` (a one-word ``en``):
    *road construction* or, closed, *roadside* for *road*."""
    if not evidence or " " in en.strip():
        return 0
    first_words, one_words = evidence
    word = crude_singular(en.strip())
    return first_words.get(word, 0) + sum(n for w, n in one_words.items() if w != word and w.startswith(word))


def is_acronym(word: str) -> bool:
    """Two or more capitals and no lower-case letter (*VS*, *NAVO*, *US*; not *Internet*)."""
    return len(word) >= 2 and word.isupper() and sum(c.isalpha() for c in word) >= 2


def lemma_share(rec: dict) -> float:
    """LEMMA_WEIGHT x log10 of the pair's share of its synset's sense count, (1 + the English
    word's own count) / (1 + the synset's), at most 0: a synonym English seldom uses for the
    sense ranks below the one it uses (*reparatie*: *reparation* -0.42, *repair* -0.03). 0 when
    WordNet was not read or does not have the pair's synsets."""
    if not rec["counted"] or not rec["tagcount"]:
        return 0.0
    return LEMMA_WEIGHT * min(0.0, math.log10((PRIOR + rec["lemma_count"]) / (PRIOR + rec["tagcount"])))


def own_cognate_bonus(nl: str, en: str, cognates: set[str], verb: bool = False) -> float:
    """A loan word's evidence for an English word: 0.8 x the shared-prefix share (*installatie* ~
    *installation*), +1.5 for its own English form, the Dutch ending swapped (see
    :func:`transfer_cognates`). A verb sense is compared with the infinitive's stem (*boren*:
    *bor-*, which shares too little with *bore* to outweigh *drill*; *installeren*: *installer-*)."""
    word = nl[:-2] if verb and STEM_VERBS and nl.endswith("en") else nl
    return 0.8 * cognate(word, en) + (1.5 if en.casefold() in cognates else 0.0)


def cognate_bonus_by_sense(nl: str, cands: list[tuple[str, dict]], cognates: set[str]) -> dict[str, float]:
    """Each English sense's cognate bonus, shared within a synset: the English look-alike of a
    loan word names the sense (*reparatie* ~ *reparation*: "the act of putting something in order
    again"), not always the word English uses for it; a synonym in its synset that English uses
    clearly more (Zipf frequency higher by :data:`SHARE_MARGIN`: *repair* 4.4, *reparation* 2.6)
    gets the same bonus, so sense counts and English frequency choose between them. A rarer
    synonym does not (*installatie*: *installation*, not *installment*); nor does a prefix-only
    look-alike share (*veterinarian*'s is not *vet*'s)."""
    own = {en: own_cognate_bonus(nl, en, cognates, rec["pos"] == {"v"}) for en, rec in cands}
    if not SHARE_COGNATE:
        return own
    best_of: dict[str, list[tuple[float, float]]] = defaultdict(list)  # synset -> (bonus, zipf) of look-alikes
    for en, rec in cands:
        if en.casefold() in cognates:
            for sid in rec["synsets"]:
                best_of[sid].append((own[en], rec["zipf"]))
    return {en: max([own[en]] + [bonus for sid in rec["synsets"] for bonus, z in best_of.get(sid, ())
                                 if rec["zipf"] >= z + SHARE_MARGIN]) for en, rec in cands}


def build(lexicons: Path, wordnet: Path | None = None) -> list[tuple]:  # noqa: C901
    pairs: dict[tuple[str, str], dict] = {}
    lemma_counts, lemma_totals, known = wordnet_senses(wordnet)

    def add(nl: str, en: str, pos: str, source: str, tagcount: int = 0, first: bool = False,
            synset: str | None = None) -> None:
        nl, en = clean(nl), clean(en)
        if not usable(nl, en):
            return
        rec = pairs.setdefault((nl, en), {"pos": set(), "sources": set(), "tagcount": 0, "first": False,
                                          "synsets": set(), "lemma_count": 0, "sense_share": 0.0,
                                          "counted": False})
        rec["first"] = rec["first"] or first
        if pos:
            rec["pos"].add(pos)
        rec["sources"].add(source)
        rec["tagcount"] = max(rec["tagcount"], tagcount)
        if synset:
            rec["synsets"].add(synset)
        if synset in known:  # WordNet's own counts of the English word in the sense
            rec["counted"] = True
            count = lemma_counts.get((en.casefold(), synset), 0)
            rec["lemma_count"] = max(rec["lemma_count"], count)
            # the share of the English word's uses (its part of speech) that are this sense
            total = lemma_totals.get((en.casefold(), synset[-1:]), 0)
            rec["sense_share"] = max(rec["sense_share"], (PRIOR + count) / (PRIOR + total))

    # 1. ODWN + Wiktionary wordnet joined to PWN (the derived file)
    pwn_en: dict[str, list[str]] = defaultdict(list)  # noun synset -> PWN English lemmas
    with gzip.open(lexicons / "derived" / "odwn-pwn30-nl-en.tsv.gz", "rt", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            nl, en, pos, synset, tagcount, source = line.rstrip("\n").split("\t")
            sid = synset.split("(")[0]
            add(nl, en, pos, "odwn" if source == "odwn" else "wnwikt", int(tagcount or 0), synset=sid)
            if sid.endswith("-n") and en not in pwn_en[sid]:
                pwn_en[sid].append(en)  # noun offsets are the same in Debian's and original PWN 3.0
    # 2. Wiktionary wordnets, Dutch and English lemmas on the same (original PWN 3.0) synsets
    wikt_dir = lexicons / "omw-wiktionary"
    eng = read_synset_lemmas(wikt_dir / "wikt__wn-wikt-eng.tab", "eng")
    nld = read_synset_lemmas(wikt_dir / "wikt__wn-wikt-nld.tab", "nld")
    for sid in sorted(nld):
        for nl in nld[sid]:
            for en in eng.get(sid, []):
                add(nl, en, sid[-1], "wnwikt", synset=sid if sid.endswith("-n") else None)
    # 3. cltl OpenDutchWordnet Wiktionary/OmegaWiki lemmas (nouns; English from the same synsets)
    for name in ("wn-wiktionary-nld.txt", "wn-omegawiki-nld.txt"):
        path = lexicons / "odwn-cltl" / name
        if not path.is_file():
            continue
        for sid, nls in sorted(read_synset_lemmas(path, "nld").items()):
            if not sid.endswith("-n"):
                continue
            ens = list(dict.fromkeys(pwn_en.get(sid, []) + eng.get(sid, [])))
            for nl in nls:
                for en in ens:
                    add(nl, en, "n", "cltl", synset=sid)
    # 4. Wiktionary translation tables en -> nl, inverted
    tables = lexicons / "wiktionary-en-nl" / "src" / "en-nl-enwiktionary.txt"
    for line in tables.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or " :: " not in line:
            continue
        left, right = line.split(" :: ", 1)
        m = re.match(r"(.*?)\s*\{([^}]*)\}", left)
        en = m.group(1) if m else left.split(" (")[0]
        pos = POS_WIKT.get(m.group(2).strip(), "") if m else ""
        for k, nl in enumerate(split_top(right)):
            add(nl, en, pos, "wikt", first=k == 0)

    by_nl: dict[str, list] = defaultdict(list)
    zipf_cache: dict[str, float] = {}
    for (nl, en), rec in pairs.items():
        if en not in zipf_cache:
            zipf_cache[en] = zipf(en)
        rec["zipf"] = zipf_cache[en]
        by_nl[nl].append((en, rec))
    # the best translations of each headword, for the part-cover evidence below
    top_of: dict[str, set[str]] = {}
    top3: dict[str, list[str]] = {}
    for nl, cands in by_nl.items():
        best = sorted(cands, key=lambda c: (-len(c[1]["sources"]), -c[1]["tagcount"], c[0]))[:4]
        top_of[nl.casefold()] = {en.casefold() for en, _ in best}
        top3.setdefault(nl.casefold(), []).extend(en for en, _ in best[:3])
    heads = head_evidence(top3)
    modifiers = modifier_evidence(top3)
    scored_of: dict[str, list[tuple]] = {}
    for nl in sorted(by_nl):
        cands = by_nl[nl]
        n_strong = sum(len(r["sources"]) >= 2 or "wikt" in r["sources"] for _, r in cands)
        parts = part_translations(nl, top_of)
        cognates = transfer_cognates(nl)
        as_head = heads.get(nl.casefold())
        as_modifier = modifiers.get(nl.casefold())
        concept_bonus = cognate_bonus_by_sense(nl, cands, cognates)
        scored = []
        for en, rec in cands:
            agreement = agreement_of(rec["sources"])
            single_join = len(rec["sources"]) == 1 and "wikt" not in rec["sources"]
            if n_strong >= 2 and single_join and (rec["tagcount"] == 0 or DROP_UNTAGGED_LEMMAS and rec["counted"]
                                                  and rec["lemma_count"] == 0):
                continue  # one wordnet join, no SemCor tag of this English word in the sense
            z = zipf_cache[en]
            if n_strong >= 1 and single_join and z < 2.0:
                continue  # rare synonyms of a synset (mickle, muckle)
            score = agreement + 0.25 * math.log10(1 + rec["tagcount"]) + lemma_share(rec) + 0.15 * z
            if rec["counted"]:
                # English frequency counts every sense of the word: a rare one of a common word
                # (flag "flagstone", 0 of flag's 35 noun uses) is rarer than its Zipf says
                score += SENSE_SHARE_WEIGHT * math.log10(rec["sense_share"])
            if rec["first"]:
                score += 0.5  # the first Dutch word listed for this English sense (service -> dienst)
            # the loan word's own English (installatie ~ installation, not installment), for the
            # sense it names: its synonyms share it, and English usage chooses among them
            score += concept_bonus[en]
            head_bonus = HEAD_WEIGHT * math.log2(1 + head_count(as_head, en))  # dienst -> service: klantendienst
            modifier_bonus = HEAD_WEIGHT * math.log2(1 + modifier_count(as_modifier, en))  # weg- -> road: wegenbouw
            score += head_bonus
            low = en.casefold()
            if low in parts:
                score -= 1.5  # renders only a part of the compound (kredietwaardigheid -> credit)
            elif any(p in low and len(p) >= 4 for p in parts):
                score += 0.8  # renders a part and more (kredietwaardigheid -> creditworthiness)
            if nl == en and nl[:1].isupper():
                score += 0.5  # a name that is the same in English
            if is_acronym(nl) and is_acronym(en):
                score += ACRONYM_BONUS  # an abbreviation renders as an abbreviation (VS -> US)
            scored.append((round(score, 3), en, rec, z, round(score - head_bonus + modifier_bonus, 3)))
        if GERUND_BONUS and nl.endswith("en") and " " not in nl:
            scored = gerunds_first(scored)
        scored_of[nl] = scored
    if PLURAL_READINGS:
        add_plural_readings(scored_of)
    rows = []
    for nl in sorted(scored_of):
        scored = sorted(scored_of[nl], key=lambda x: (-x[0], x[1]))
        for score, en, rec, z, modifier_score in scored[:MAX_SENSES]:
            rows.append((nl, en, ",".join(sorted(rec["pos"])), ",".join(sorted(rec["sources"])),
                         rec["tagcount"], round(z, 2), score, modifier_score))
    return rows


def gerunds_first(scored: list[tuple]) -> list[tuple]:
    """A Dutch infinitive used as a noun (*het boren*) names the action, as English's -ing form of
    the verb does: a noun sense that is the gerund of one of the word's best three verb senses
    gains GERUND_BONUS, halved for the second and third (*boren*: *drilling*, *boring* before the
    synset's *oil production*; *bouwen*: *building*)."""
    from glossary.translate.compose import english_gerund

    verbs = [x[1] for x in sorted(scored, key=lambda x: (-x[0], x[1])) if x[2]["pos"] == {"v"}][:3]
    bonus: dict[str, float] = {}
    for rank, verb in enumerate(verbs):
        gerund = english_gerund(verb) if " " not in verb else None
        if gerund and gerund not in bonus:
            bonus[gerund] = GERUND_BONUS if rank == 0 else GERUND_BONUS / 2
    return [(round(x[0] + bonus[x[1]], 3), x[1], x[2], x[3], round(x[4] + bonus[x[1]], 3))
            if x[1] in bonus and "n" in x[2]["pos"] else x for x in scored]


def add_plural_readings(scored_of: dict[str, list[tuple]]) -> None:
    """Give a Dutch verb that is also the plural of a noun its noun reading: *pijpen* (to pipe,
    and the plural of *pijp*), *blokken*, *schepen* (*schip*; the sources have only the verb or a
    rare homograph: "fellate", "swot", "alderman"). The singular's noun senses, with their scores
    and sources, join the word's own in the English plural (*pipes*; *equipment* stays), and the
    scores decide between the readings; a sense the word has already (*persen*: *press*, a verb
    there) becomes a noun too (composition then gives it the Dutch number)."""
    from glossary.translate.compose import _lemma, pluralise

    for nl in sorted(scored_of):
        if " " in nl or not nl.islower() or not nl.endswith(("en", "s")):
            continue
        own = scored_of[nl]
        if not any("v" in rec["pos"] for _, _, rec, _, _ in own):
            continue
        singular = _lemma(nl)
        if singular == nl or singular not in scored_of:
            continue
        nouns = sorted((x for x in scored_of[singular] if "n" in x[2]["pos"]), key=lambda x: (-x[0], x[1]))[:PLURAL_SENSES]
        have = {en: k for k, (_, en, _, _, _) in enumerate(own)}
        for score, en, rec, z, modifier_score in nouns:
            if not en[:1].islower():
                continue  # a name (Persian) is no plural reading
            plural = pluralise(en)
            k = have.get(en, have.get(plural))
            if k is not None:
                old_score, old_en, old_rec, old_z, old_modifier = own[k]
                own[k] = (max(old_score, score), old_en, {**old_rec, "pos": old_rec["pos"] | {"n"}}, old_z,
                          max(old_modifier, modifier_score))
            else:
                have[plural] = len(own)
                own.append((score, plural, {**rec, "pos": {"n"}}, z, modifier_score))


PHRASE = re.compile(r"[a-z]+(?: [a-z]+){1,3}")
DEFAULT_WORDNET = Path("/usr/share/wordnet")


def english_phrases(lexicons: Path, rows: list[tuple], wordnet: Path | None) -> list[str]:
    """English multi-word expressions (two to four words, as :func:`phrase_key` keys, sorted):
    the English side of the lexicon's pairs and of the sources' synsets, the Wiktionary tables'
    English headwords and, with ``wordnet`` (Debian's ``wordnet-base``: ``index.noun`` ...), every
    Princeton WordNet 3.0 lemma. Composition takes them as evidence that English writes a
    rendering that way (*swimming pool equipment*, not *swimming bath equipment*)."""
    from glossary.translate.lexicon import phrase_key

    texts: set[str] = {r[1] for r in rows}
    with gzip.open(lexicons / "derived" / "odwn-pwn30-nl-en.tsv.gz", "rt", encoding="utf-8") as fh:
        next(fh)
        texts |= {line.split("\t")[1] for line in fh}
    eng = lexicons / "omw-wiktionary" / "wikt__wn-wikt-eng.tab"
    if eng.is_file():
        texts |= {en for ens in read_synset_lemmas(eng, "eng").values() for en in ens}
    tables = lexicons / "wiktionary-en-nl" / "src" / "en-nl-enwiktionary.txt"
    if tables.is_file():
        for line in tables.read_text(encoding="utf-8").splitlines():
            if " :: " in line and not line.startswith("#"):
                texts.add(re.sub(r"\s*[{(\[].*", "", line.split(" :: ", 1)[0]))
    if wordnet is not None:
        for pos in ("noun", "verb", "adj", "adv"):
            index = wordnet / f"index.{pos}"
            if index.is_file():
                for line in index.read_text(encoding="utf-8", errors="replace").splitlines():
                    if line and not line.startswith(" ") and "_" in line.split(" ", 1)[0]:
                        texts.add(line.split(" ", 1)[0].replace("_", " "))
    keys = {phrase_key(clean(t)) for t in texts if " " in clean(t) or "-" in t}
    return sorted(k for k in keys if PHRASE.fullmatch(k))


#: a pair of neighbouring English words is kept as a collocation when Princeton WordNet's glosses
#: and examples write it at least this often (once is often chance: "a hard" + "material" ...)
MIN_COLLOCATION = 2
GLOSS_PIECES = re.compile(r"[;:,()\"!?]|\. ")
GLOSS_WORD = re.compile(r"[a-z]{2,}(?:-[a-z]{2,})*")
#: words a gloss's sentences are made of that composition never puts side by side with a noun
GLOSS_STOPWORDS = frozenset("""
    that this these those which who whom whose what when where while how why is are was were be been
    being has have had do does did can could may might must shall should will would it its he she they
    them their his her him we you your our me my one two any some all each every no not very more most
    less also only often usually especially etc so than then there here into onto about over up down
    out off if but because used using so such many much few
""".split())


def gloss_collocations(wordnet: Path | None, rows: list[tuple]) -> list[str]:
    """Neighbouring English content words that Princeton WordNet's glosses and example sentences
    (``data.noun`` ... after the ``|``) write side by side at least :data:`MIN_COLLOCATION` times,
    as :func:`phrase_key` keys (*precious metal*, *pest control*, *hard material*), sorted; both
    words from the lexicon's own English (the only words composition puts side by side) and
    neither a function word. General English usage, not a list of terms: composition takes it
    as weaker evidence than an expression (:func:`english_phrases`) that English writes two
    words together."""
    from glossary.translate.compose import ENGLISH_GLUE
    from glossary.translate.lexicon import phrase_key

    if wordnet is None:
        return []
    vocabulary = {w for r in rows for w in phrase_key(r[1]).split()}
    glue = ENGLISH_GLUE | GLOSS_STOPWORDS
    raw: dict[tuple[str, str], int] = defaultdict(int)
    for pos in ("noun", "verb", "adj", "adv"):
        data = wordnet / f"data.{pos}"
        if not data.is_file():
            continue
        for line in data.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(" ") or "|" not in line:
                continue
            for piece in GLOSS_PIECES.split(line.split("|", 1)[1].lower()):
                words = GLOSS_WORD.findall(piece)
                for a, b in zip(words, words[1:]):
                    if not (a in glue or b in glue):
                        raw[a, b] += 1
    counts: dict[str, int] = defaultdict(int)
    for (a, b), n in raw.items():
        counts[phrase_key(f"{a} {b}")] += n
    return sorted(k for k, n in counts.items()
                  if n >= MIN_COLLOCATION and len(k.split()) == 2 and all(w in vocabulary for w in k.split()))


def relational_adjectives(wordnet: Path | None) -> list[tuple[str, str, int]]:
    """English relational adjectives of nouns from Princeton WordNet's pertainym pointers (``\\``
    in ``data.adj``: *legal* pertains to *law*, *personal* to *person*, *dental* to *tooth*):
    (noun, adjective, rank), the most frequent adjective (wordfreq) first, one-word forms only.
    English writes them where Dutch compounds a noun (*rechtstheoretisch* -> *legal-theoretical*,
    *persoonsidentificatie* -> *personal identification*)."""
    if wordnet is None or not (wordnet / "data.adj").is_file() or not (wordnet / "data.noun").is_file():
        return []
    pairs: set[tuple[str, str]] = set()
    with (wordnet / "data.noun").open("rb") as nouns:
        for line in (wordnet / "data.adj").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(" ") or not line.strip():
                continue
            fields = line.split()
            n = int(fields[3], 16)
            words = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]) for i in range(n)]
            k = 4 + 2 * n
            pointers = fields[k + 1: k + 1 + 4 * int(fields[k])]
            for j in range(0, len(pointers), 4):
                symbol, offset, pos, st = pointers[j: j + 4]
                if symbol != "\\" or pos != "n":
                    continue
                nouns.seek(int(offset))
                target = nouns.readline().decode("utf-8", "replace").split()
                noun_words = [target[4 + 2 * i] for i in range(int(target[3], 16))]
                src, dst = int(st[:2], 16), int(st[2:], 16)
                for adj in ([words[src - 1]] if src else words):
                    for noun in ([noun_words[dst - 1]] if dst else noun_words):
                        if adj.isalpha() and noun.isalpha():
                            pairs.add((noun.lower(), adj.lower()))
    by_noun: dict[str, list[str]] = defaultdict(list)
    for noun, adj in sorted(pairs):
        by_noun[noun].append(adj)
    return [(noun, adj, rank) for noun in sorted(by_noun)
            for rank, adj in enumerate(sorted(by_noun[noun], key=lambda a: (-zipf(a), a))[:4])]


HEADER = """# glossary Dutch->English lexicon, built by scripts/build_lexicon.py
# Licence: CC BY-SA 4.0 (derived from Open Dutch WordNet, CC BY-SA 4.0; Wiktionary, CC BY-SA 3.0;
#   OmegaWiki/cltl OpenDutchWordnet, CC BY-SA; Princeton WordNet 3.0, WordNet licence). See data/README.md.
# columns: nl, en, pos, sources, pwn_tagcount, en_zipf, score, modifier_score
"""


def write(rows: list[tuple], out: Path, phrases: list[str] | None = None,
          relational: list[tuple[str, str, int]] | None = None, collocations: list[str] | None = None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.name.endswith((".tsv", ".tsv.gz")):
        write_tsv(rows, out)  # a TSV lexicon's phrases are its own English side
    else:
        write_sqlite(rows, out, phrases or [], relational or [], collocations or [])


def write_tsv(rows: list[tuple], out: Path) -> None:
    buf = io.StringIO()
    buf.write(HEADER)
    for row in rows:
        buf.write("\t".join(str(x) for x in row) + "\n")
    tmp = out.with_suffix(out.suffix + ".tmp")
    if out.name.endswith(".gz"):
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
            fh.write(buf.getvalue().encode("utf-8"))
    else:
        tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(out)


def write_sqlite(rows: list[tuple], out: Path, phrases: list[str] | None = None,
                 relational: list[tuple[str, str, int]] | None = None, collocations: list[str] | None = None) -> None:
    import sqlite3

    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("""
        PRAGMA page_size = 4096;
        PRAGMA journal_mode = OFF;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        CREATE TABLE senses (key TEXT NOT NULL, en TEXT NOT NULL, nl TEXT NOT NULL, pos TEXT, sources TEXT,
                             tagcount INTEGER, zipf REAL, score REAL, modifier_score REAL,
                             PRIMARY KEY (key, en, nl)) WITHOUT ROWID;
        CREATE TABLE phrases (key TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE collocations (key TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE relational (noun TEXT NOT NULL, adj TEXT NOT NULL, rank INTEGER NOT NULL,
                                 PRIMARY KEY (noun, rank)) WITHOUT ROWID;
    """)
    licence = " ".join(line.lstrip("# ") for line in HEADER.splitlines()[1:3])
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", "glossary-lexicon-1"), ("licence", licence),
                                                      ("columns", "nl en pos sources tagcount zipf score modifier_score")])
    # nl is stored only where its case differs from the key (Internet); a clustered primary key
    # (the rows of one word on one page) needs no separate index
    db.executemany("INSERT INTO senses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   ((nl.casefold(), en, "" if nl == nl.casefold() else nl, pos, sources, tagcount, z, score, mod)
                    for nl, en, pos, sources, tagcount, z, score, mod in rows))
    db.executemany("INSERT INTO phrases VALUES (?)", ((k,) for k in phrases or []))
    db.executemany("INSERT INTO collocations VALUES (?)", ((k,) for k in collocations or []))
    db.executemany("INSERT INTO relational VALUES (?, ?, ?)", relational or [])
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build data/lexicon/nl-en.sqlite from the open lexicons.")
    parser.add_argument("--lexicons", type=Path, default=DEFAULT_LEXICONS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--wordnet", default=str(DEFAULT_WORDNET) if DEFAULT_WORDNET.is_dir() else "",
                        help="Princeton WordNet 3.0 database folder (Debian wordnet-base) whose lemmas are added "
                             "to the English phrases; default /usr/share/wordnet when present, '' for none")
    args = parser.parse_args(argv)
    if not (args.lexicons / "derived" / "odwn-pwn30-nl-en.tsv.gz").is_file():
        print(f"error: {args.lexicons} does not hold the open lexicons (see its README)", file=sys.stderr)
        return 2
    wordnet = Path(args.wordnet) if args.wordnet else None
    rows = build(args.lexicons, wordnet)
    phrases = english_phrases(args.lexicons, rows, wordnet)
    relational = relational_adjectives(wordnet)
    collocations = gloss_collocations(wordnet, rows)
    write(rows, args.out, phrases, relational, collocations)
    print(f"{args.out}: {len(rows)} pairs, {len({r[0] for r in rows})} Dutch headwords, "
          f"{len(phrases)} English phrases, {len(collocations)} collocations, {len(relational)} relational adjectives"
          f"{' (with WordNet ' + args.wordnet + ')' if args.wordnet else ''}, "
          f"{args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
