"""Candidate terms from tagged sentences: noun phrases, single nouns, names and
coordinated compounds.

Patterns (UPOS from the shipped tagger):
* ``ADJ* NOUN+``: every suffix ending in the head noun (``sociaal krediet``,
  ``socialistische kernwaarden``, with prenominal participles: ``georganiseerde criminaliteit``)
  and every single noun;
* ``NP (van|voor|inzake|ter|tegen|tot) NP`` without determiner (``recht van opstal``,
  ``ministerie van Sociale Zaken``);
* names: runs of capitalised words / acronyms, with ``van``/``voor``/``de``... inside
  (``Sesame Credit``, ``Oxford University``, ``Europees Economisch en Sociaal Comité``), and
  the name after such a preposition (``Verdrag van Amsterdam`` -> ``Amsterdam``); a lone
  capitalised sentence/heading opener is kind ``iname`` (no evidence of a name by itself);
* coordinated compounds: ``plus- en minpunten`` -> ``pluspunten`` (+ ``minpunten``);
* verbs (``confisqueren``, ``vervolgd``) and a noun + infinitive after a preposition or
  adverb (``in beslag nemen``, ``schade vergoeden``): kind ``verb``, scored with their own
  feature.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from glossary.extract.compounds import head_surface
from glossary.extract.lexicon import zipf
from glossary.extract.text import Token, norm_chars

NOUNISH = {"NOUN"}
PREPS = {"van", "voor", "inzake", "ter", "tegen", "tot"}
NAME_LINKS = {"van", "voor", "de", "der", "den", "inzake", "ter", "tegen", "am", "for", "the", "and"}
MAX_LEN = 6
# general-Dutch Zipf frequency above which a lone verb is not proposed (witwassen 2.6,
# confisqueren 1.9 are proposed; maken 5.6, verstrekken 3.9 are not)
VERB_MAX_ZIPF = 3.0
# closed-class words the tagger sometimes takes for nouns/adjectives (never term words)
CLOSED_CLASS = frozenset("""
inzake betreffende omtrent jegens volgens tijdens middels conform krachtens ingevolge gedurende
zonder sinds vanaf vanwege wegens dankzij behalve ondanks via per zoals alsook alsmede
welke welk zulke zulk dergelijke dergelijk diverse enkele sommige vele weinig meer meest minder
elk elke ieder iedere alle andere ander beide zelfde dezelfde hetzelfde genoemde bovengenoemde
voornoemde desbetreffende betrokken eerste tweede derde laatste vorige volgende huidige
ene eigen hun zijn haar ons onze uw mijn jouw wiens wier cq ca bijv enz etc nr
""".split())


_HAS_ALPHA = re.compile(r"[^\W\d_]").search
# web and e-mail addresses (www.greco.coe.int, info@windpark.be): never term words
_ADDRESS = re.compile(r"www\.|://|@|\.(?:be|nl|com|org|eu|int|net)\b", re.IGNORECASE).search
# Roman numerals (II, iv, XIII): list and chapter numbers on their own, parts of names inside one
_ROMAN = re.compile(r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.IGNORECASE).fullmatch
# determiners/pronouns that the name pattern can pick up alone (De Lijn -> De, Dit ...)
_LONE_FUNCTION = frozenset("de het een dit dat die deze der den des".split())


# general-Dutch Zipf of the verbs and nouns the verb patterns test, per word (a verb recurs; a
# look-up in the frequency trie costs a microsecond or more)
_zipf = lru_cache(maxsize=20_000)(zipf)


@lru_cache(maxsize=100_000)
def lone_junk(word: str) -> bool:
    """A token that is never a term on its own (though it may be part of one): a single letter
    (``B``, ``model E``; a code with digits such as ``B19`` is kept), a Roman numeral (``III``,
    ``Horns Rev II``; ``Xi`` is not one), a determiner or pronoun
    (``De``, ``Dit``). None of the 2,539 gold terms of the ACTER dev corpora is one."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) <= 1:
        return not any(c.isdigit() for c in word)  # a code with digits is a term (B19)
    return (word.isupper() or word.islower()) and _ROMAN(word) is not None or word.lower() in _LONE_FUNCTION


@dataclass(slots=True)
class Cand:
    first: int          # token index (inclusive)
    last: int           # token index (inclusive)
    kind: str           # "term" | "name"
    surface: str        # as in the sentence (or the expanded form for coordinations)
    expanded: bool = False


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _is_acronym(w: str) -> bool:
    if not w.isupper() or not w[:1].isalpha():
        return False
    letters = [c for c in w if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and w[:1].isalpha()


# units and symbols in mixed case that open in lower case (kW, kWh, kV, mA, pH, mmHg, mRNA)
_MIXED_SYMBOL = re.compile(r"[a-zµ]{1,3}[A-Z][A-Za-z]{0,3}").fullmatch


def is_symbol(w: str) -> bool:
    """A unit or symbol written in mixed case from a lower-case letter (``kWh``, ``pH``,
    ``mmHg``): proposed like an acronym, kind ``term``."""
    return _MIXED_SYMBOL(w) is not None


@lru_cache(maxsize=100_000)
def _props(w: str) -> tuple[bool, str, bool, bool, bool, Callable[[str], str | None]]:
    """Type-level properties: (not a candidate word, lower, capitalised, acronym, hyphenated
    common noun, class by tag): see ``_fast_classes``."""
    low = w.lower()
    alpha = w[:1].isalnum() and not w.isdigit() and _HAS_ALPHA(w) is not None
    skip = not alpha or len(w) < 2 and not w.isupper() or low in CLOSED_CLASS or len(w) > 40 \
        or ("." in w or ":" in w or "@" in w) and _ADDRESS(w) is not None  # junk (an address has one of them)
    hyph = "-" in w[1:] and w.rsplit("-", 1)[1][:1].islower()
    cap, acro = _is_cap(w), _is_acronym(w) or is_symbol(w)
    return skip, low, cap, acro, hyph, _class_table(*_fast_classes(w, low, skip, cap, acro, hyph))


# the Universal Dependencies part-of-speech tags (the tagger's; any other tag runs the rules)
_UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
         "SCONJ", "SYM", "VERB", "X")
_TABLES: dict[tuple, Callable[[str], str | None]] = {}


def _class_table(by_tag: dict[str, str | None], other: str | None) -> Callable[[str], str | None]:
    """``get`` of a {tag: class or None} dict for every UPOS tag; the few distinct tables are
    shared by all the word types that have them (no dict per type)."""
    classes = tuple(map(by_tag.get, _UPOS, repeat(other)))
    get = _TABLES.get(classes)
    if get is None:
        get = _TABLES[classes] = dict(zip(_UPOS, classes)).get
    return get


def _fast_classes(w: str, low: str, skip: bool, cap: bool, acro: bool,
                  hyph: bool) -> tuple[dict[str, str | None], str | None]:
    """The class ``_classify_token`` gives this word whatever its neighbours are, per tag:
    (classes by tag, class for any other tag); None where it depends on the context (a
    capitalised or upper-case word, a verb, a link word), so the rules run for that token.
    The same rules as ``_classify_token``, taken branch by branch for a word that is not
    capitalised (``tests/test_extract_speed.py`` compares the two on every token)."""
    if skip:
        return {}, ""
    if cap or w.isupper():
        return {}, None
    if acro:  # a unit or symbol in mixed case (kWh)
        return {}, "P"
    adj = "A" if w.islower() else ""
    if low in NAME_LINKS and low not in ("de", "der", "den"):  # van, voor: a link but as a noun,
        return {"NOUN": "N", "ADJ": adj or "L", "VERB": None if w.islower() else "L"}, "L"  # adjective or verb
    if low in ("de", "der", "den"):  # a link after van/voor, else nothing: "d", decided in classify
        return {"NOUN": "N", "ADJ": adj or None, "VERB": None}, "d"
    if low in NAME_LINKS or low in ("en", "of"):
        return {"NOUN": "N", "ADJ": adj or None}, None
    # (X, PROPN: the rules look the word up in general Dutch, for the few such tokens; a
    # lower-case verb is a prenominal participle only before a noun: "v", decided in classify)
    xn = "N" if hyph else None if w.isalpha() and w.islower() else ""
    return {"NOUN": "N", "X": xn, "PROPN": xn, "ADJ": adj, "VERB": "v" if w.islower() else ""}, ""


# endings of (capitalised) adjectives inside names: Economisch en Sociaal, Financiële en Fiscale
_ADJ_SUFFIXES = ("isch", "ische", "ees", "ese", "aal", "ale", "eel", "ele", "ief", "ieve", "lijk", "lijke", "iek",
                 "ieke", "ig", "ige", "baar", "bare", "air", "aire")


_PARTICLES = ("aan", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op", "over", "toe", "uit", "vast",
              "voor", "weg", "terug", "samen", "tegen")


def _participle_adj(low: str) -> bool:
    """Inflected participle (attributive form): grensoverschrijdende, georganiseerde, opgelegde."""
    if len(low) < 7 or not low.isalpha():
        return False
    if low.endswith("ende"):
        return True
    if not low.endswith(("de", "te")):
        return False
    g = low.find("ge", 0, len(low) - 5)
    return g == 0 or g >= 2 and low.startswith(_PARTICLES)


def classify(words: list[str], tags: list[str], fast: bool = True) -> list[str]:
    """Per token: 'N' common noun, 'A' adjective, 'P' name part, 'L' name link, '' other.

    With ``fast``, a token whose class does not depend on its neighbours takes it from its
    type's table (``_props``); ``fast=False`` runs the rules for every token (the reference)."""
    # a sentence in capitals (a heading) has no acronyms or names to offer
    letters = [w for w in words if w[:1].isalpha()]
    shouting = len(letters) >= 2 and sum(map(str.isupper, letters)) > 0.6 * len(letters)
    first_word = next((k for k, w in enumerate(words) if w[:1].isalpha()), 0)
    if not fast:
        return [_classify_token(words, tags, i, shouting, first_word) for i in range(len(words))]
    out: list = [_props(w)[5](t) for w, t in zip(words, tags)]
    if None in out or "d" in out or "v" in out:
        n = len(words)
        for i, c in enumerate(out):
            if c is None:
                out[i] = _classify_token(words, tags, i, shouting, first_word)
            elif c == "d":  # de, der, den: a name link after van/voor (Hof van de Toekomst)
                out[i] = "L" if i > 0 and words[i - 1].lower() in ("van", "voor") else ""
            elif c == "v":  # a lower-case verb: a prenominal participle (before a noun) or nothing
                out[i] = _classify_token(words, tags, i, shouting, first_word) if i + 1 < n and tags[
                    i + 1] == "NOUN" else ""
    return out


def _classify_token(words: list[str], tags: list[str], i: int, shouting: bool,  # noqa: C901 - one pass of rules
                    first_word: int) -> str:
    """The class of token ``i`` (see ``classify``)."""
    n = len(words)
    w, t = words[i], tags[i]
    c = ""
    skip, low, cap, acro, hyph_common = _props(w)[:5]
    if skip or shouting and w.isupper():
        return ""
    if cap and (low.endswith("'s") or low.endswith("\u2019s")):
        c = ""  # possessive name (China's): not a term candidate
    elif acro:
        c = "P"
    elif hyph_common and t in ("NOUN", "PROPN", "X"):
        c = "N"  # China-specialist, SyRI-systeem: a common noun
    elif cap and (i != first_word or t == "PROPN") and t in ("PROPN", "NOUN", "ADJ", "X", "VERB"):
        if i == first_word and t != "PROPN":
            c = "N" if t == "NOUN" else ""
        elif i == first_word and zipf(low) >= 2.5 and not (i + 1 < n and words[i + 1][:1].isupper()):
            c = ""  # sentence-initial common word the tagger took for a name (Critici)
        elif t == "ADJ":
            # Europese Unie (name part) vs Belgische onderzoekers (nationality adjective)
            nxt = words[i + 1] if i + 1 < n else ""
            if nxt[:1].isupper() and not _props(nxt)[4]:
                c = "P"
            elif _props(nxt)[4]:
                c = "A"  # Belgische China-specialist
            elif i + 1 < n and tags[i + 1] == "NOUN" and nxt[:1].islower():
                c = "A"  # Ethisch comité
            else:
                c = ""
        else:
            c = "P"
    elif t == "NOUN" or (t in ("X", "PROPN") and w.isalpha() and w.islower() and low not in NAME_LINKS
                         and zipf(low) < 6.0):
        c = "N"  # (a lower-case word the tagger took for a name: not a function word such as van)
    elif t == "ADJ" and w.islower():
        c = "A"
    elif t == "VERB" and w.islower() and i + 1 < n and tags[i + 1] == "NOUN" and (
            w.endswith(("de", "te", "den", "ten", "end", "en")) and i > 0
            and tags[i - 1] in ("DET", "ADP", "ADJ", "NUM")
            or _participle_adj(low) and (i == 0 or tags[i - 1] not in ("NOUN", "PROPN", "PRON", "VERB", "AUX"))):
        # prenominal participle: de aangegane leveringen, al dan niet georganiseerde criminaliteit
        c = "A"
    elif low in NAME_LINKS and (low not in ("de", "der", "den") or (i > 0 and words[i - 1].lower() in ("van", "voor"))):
        c = "L"
    elif low in ("en", "of") and 0 < i < n - 1 and _is_cap(words[i - 1]) and _is_cap(words[i + 1]) and (
            tags[i - 1] == "ADJ" or words[i - 1].lower().endswith(_ADJ_SUFFIXES)
            and words[i + 1].lower().endswith(_ADJ_SUFFIXES)):
        c = "L"  # Europees Economisch en Sociaal Comité
    return c


def _coord_adj(words: list[str], cls: list[str], j: int) -> bool:
    """'en'/'of' between two adjectives inside a noun phrase (kleine en middelgrote ondernemingen)."""
    return (0 < j < len(words) - 1 and words[j].lower() in ("en", "of") and cls[j - 1] == "A"
            and cls[j + 1] == "A")


def candidates(tokens: list[Token], tags: list[str], sentence: str,  # noqa: C901 - one pass of rules
               texts: list[str] | None = None) -> list[Cand]:
    """The candidates of one tagged sentence. ``texts``: the tokens' texts (``t.text``), when
    the caller has them (used when the sentence needs no unifying of quotes and dashes)."""
    ns = norm_chars(sentence)  # quotes/dashes unified, same length
    words = texts if texts is not None and ns is sentence else [ns[t.start:t.end] for t in tokens]
    cls = classify(words, tags)
    n = len(words)
    out: list[Cand] = []

    def span(a: int, b: int) -> str:
        return sentence[tokens[a].start:tokens[b].end]

    # --- common noun phrases: A* N+
    i = 0
    chunks: list[tuple[int, int]] = []
    while i < n:
        if cls[i] in ("A", "N"):
            j = i
            while j < n and (cls[j] in ("A", "N") and not (cls[j] == "A" and j > i and cls[j - 1] == "N")
                             or _coord_adj(words, cls, j)):
                j += 1
            # chunk i..j-1; must end in a noun
            k = j - 1
            while k >= i and cls[k] != "N":
                k -= 1
            if k >= i:
                chunks.append((i, k))
            i = max(j, i + 1)
        else:
            i += 1
    for a, k in chunks:
        for s in range(max(a, k - MAX_LEN + 1), k + 1):
            if cls[s] in ("A", "N"):
                out.append(Cand(s, k, "term", span(s, k)))
        for m in range(a, k):
            if cls[m] == "N":
                out.append(Cand(m, m, "term", span(m, m)))
    # one pass over the tokens for three patterns; their candidates keep the order of one
    # pattern after another (adjectives, verbs here; coordinated compounds last)
    verbs: list[Cand] = []
    coords: list[Cand] = []
    for m, (w, c, t) in enumerate(zip(words, cls, tags)):
        if c == "A":
            # --- single adjectives (burgerrechtelijk, aerodynamisch): scored with their own feature
            if t == "ADJ" and len(w) > 5:
                out.append(Cand(m, m, "adj", span(m, m)))
        elif c == "" and t == "VERB":
            # --- verbs (procedural domains: afromen, confisqueren, vervolgd) and noun + verb
            # phrases (schade vergoeden, in beslag nemen): kind "verb", scored with their own
            # feature, so the scorer learns how rarely a verb is a term
            if len(w) > 3 and w.isalpha() and w.islower() and w not in CLOSED_CLASS:
                if len(w) > 5 and _zipf(w) < VERB_MAX_ZIPF:  # a verb of general Dutch (maken) is no term
                    verbs.append(Cand(m, m, "verb", span(m, m)))
                if m > 0 and cls[m - 1] == "N" and w.endswith("en") and m >= 2 and tags[m - 2] == "ADP" \
                        and _zipf(words[m - 1].lower()) < 4.5:
                    verbs.append(Cand(m - 1, m, "verb", span(m - 1, m)))
        # --- coordinated compounds: plus- en minpunten
        if w.endswith("-") and m < n - 2 and len(w) > 2 and words[m + 1].lower() in ("en", "of", "&", "tot") \
                and cls[m + 2] == "N":
            head = head_surface(words[m + 2])
            if head != words[m + 2].lower():
                coords.append(Cand(m, m + 2, "term", w[:-1] + head, expanded=True))
    out += verbs
    # --- names: runs of P with links inside
    i = 0
    name_runs: list[tuple[int, int]] = []
    while i < n:
        if cls[i] == "P":
            j = i
            last = i
            while j + 1 < n and (cls[j + 1] == "P" or (cls[j + 1] == "L" and j + 2 < n and cls[j + 2] in "PL")):
                j += 1
                if cls[j] == "P":
                    last = j
            if last - i < MAX_LEN:
                name_runs.append((i, last))
            i = last + 1
        else:
            i += 1
    # openers: the first word, and the first word after a colon (Hoofdstuk 2: Probleemstelling)
    openers = {next((k for k, w in enumerate(words) if w[:1].isalpha()), -1)}
    if ":" in words or ";" in words:
        openers.update(k + 1 for k in range(n - 1) if words[k] in (":", ";"))
    for a, b in name_runs:
        # a lone capitalised opener (heading, sentence start) is no evidence of a name:
        # kind "iname" lets the entry count as a name only if it is capitalised elsewhere too
        kind = "iname" if a == b and a in openers and not _props(words[a])[3] else "name"
        out.append(Cand(a, b, kind, span(a, b)))
        # nested names: the name after a link word (Verdrag van Amsterdam, Irak van Saddam Hussein)
        k = a
        while k <= b:
            if cls[k] == "L" and words[k].lower() in PREPS:
                j = k
                while j <= b and cls[j] == "L":
                    j += 1
                e = j
                while e + 1 <= b and cls[e + 1] == "P":
                    e += 1
                if j <= b:
                    out.append(Cand(j, e, "name", span(j, e)))
                k = e + 1
            else:
                k += 1
    # --- NP + PP: (A* N | name) prep (A* N | name)
    ends = {k: a for a, k in chunks}
    ends.update({b: a for a, b in name_runs})
    starts = {a: k for a, k in chunks}
    starts.update({a: b for a, b in name_runs})
    for k, a in ends.items():
        p = k + 1
        if p + 1 < n and words[p].lower() in PREPS and (p + 1) in starts:
            e = starts[p + 1]
            if cls[p + 1] == "P" and cls[k] != "P":
                continue  # presentatie van Katika K.: not a term
            if e - a + 1 <= MAX_LEN:
                kind = "name" if cls[a] == "P" and cls[e] == "P" else "term"
                out.append(Cand(a, e, kind, span(a, e)))
            # shortest left part: just the head noun
            if a < k and e - k + 1 <= MAX_LEN:
                out.append(Cand(k, e, "term", span(k, e)))
    out += coords
    # a single letter, Roman numeral or determiner is no entry by itself (only inside a longer one)
    return [c for c in out if c.first != c.last or c.expanded or not lone_junk(words[c.first])]
