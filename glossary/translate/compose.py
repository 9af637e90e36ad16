"""English candidates for a Dutch term from word-level sources, names kept, and composition.

:func:`candidates` gathers, for one term:

1. senses of the term or its lemma from each source (termbases, the shipped lexicon, dictd
   dictionaries); for a Dutch plural found through its singular, the English is made plural;
2. the term *kept* as itself (origin ``kept``): names without a dictionary rendering, acronyms,
   loanwords, and English words and phrases used in Dutch (*Sesame Credit*, *big data*);
3. a *composed* rendering: a compound part by part (*windturbines* -> *wind turbines*,
   English words inside it stay English: *internetgedrag* -> *internet behaviour*), written closed
   when English writes it closed (wordfreq knows *database*); a multi-word term word by word with
   function words mapped (*van* -> *of*, *voor* -> *for*), *X van Y* also as *Y X*, adjectives
   before nouns as in Dutch, each noun's number as in Dutch. A multi-word term with one unknown
   content word is composed around it and marked *partial*.

Every candidate carries the evidence (``features``) that :mod:`glossary.translate.score` turns
into a calibrated probability; the same English reached by several methods counts as agreement.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from glossary.translate.lexicon import Sense, prefix_share
from glossary.translate.spelling import respell

#: Dutch function words in a multi-word term and their usual English ("" = dropped)
FUNCTION_WORDS = {
    "van": "of", "voor": "for", "en": "and", "of": "or", "met": "with", "zonder": "without",
    "in": "in", "op": "on", "aan": "to", "tegen": "against", "door": "by", "bij": "at",
    "uit": "from", "naar": "to", "over": "on", "tot": "to", "per": "per", "onder": "under",
    "tussen": "between", "na": "after", "binnen": "within", "buiten": "outside", "als": "as",
    "niet": "non", "om": "for", "te": "to", "de": "", "het": "", "een": "", "der": "of",
    "des": "of", "ten": "", "ter": "", "'t": "", "andere": "other", "overige": "other", "inzake": "on",
    "betreffende": "on", "inclusief": "including", "exclusief": "excluding", "behalve": "except",
    "zoals": "such as", "alsmede": "and", "waaronder": "including", "dergelijke": "similar",
}
#: Dutch complex prepositions (several words, one English preposition); matched before the
#: single function words (*met inbegrip van* is "including", not "with inbegrip of")
COMPLEX_PREPOSITIONS = {
    ("met", "inbegrip", "van"): "including", ("met", "uitzondering", "van"): "excluding",
    ("op", "het", "gebied", "van"): "in the field of", ("ten", "behoeve", "van"): "for",
    ("met", "betrekking", "tot"): "relating to", ("ten", "aanzien", "van"): "with regard to",
    ("in", "verband", "met"): "in connection with", ("op", "basis", "van"): "based on",
    ("door", "middel", "van"): "by means of", ("met", "behulp", "van"): "using",
    ("als", "gevolg", "van"): "as a result of", ("ten", "opzichte", "van"): "relative to",
    ("in", "het", "kader", "van"): "under", ("aan", "de", "hand", "van"): "by means of",
}
ARTICLES = frozenset({"de", "het", "een", "der", "des", "'t"})
#: Dutch function words that English writes the same (a phrase with *voor* or *van* is not English)
ENGLISH_FUNCTION_WORDS = frozenset({"in", "of", "over", "per"})
AFFIX = ("-", "\u2010", "\u2011", "\u2013")
MAX_PER_METHOD = 3
#: composed renderings of a compound kept (each part's first two senses combined, best first)
MAX_COMPOSED = 3
#: alternatives of a multi-word term with one word in its second sense
MAX_PHRASE_ALTERNATIVES = 3
#: weight of English word frequency when choosing a compound part's sense
PART_ZIPF = 0.5


@dataclass
class Cand:
    text: str
    origin: str
    origin_version: str | None
    note: str
    features: dict = field(default_factory=dict)


# -- English helpers -----------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def zipf_en(text: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "en")


@lru_cache(maxsize=200_000)
def zipf_nl(text: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "nl")


def _one_word_zipf(word: str) -> float:
    from glossary.extract.lexicon import zipf_en as z

    return z(word.lower())


def pluralise(word: str) -> str:
    """English plural of a noun (the last word of ``word``), or the word when English does not
    use a plural of it (wordfreq does not know the form: *equipment*, *data*)."""
    head_start = word.rfind(" ") + 1
    head = word[head_start:]
    low = head.lower()
    if not low.isalpha() or len(low) < 2:
        return word
    if re.search(r"[^aeiou]y$", low):
        forms = [head[:-1] + "ies"]
    elif low.endswith(("s", "x", "z", "ch", "sh")):
        forms = [head + "es"]
    elif low.endswith("fe"):
        forms = [head[:-2] + "ves", head + "s"]
    elif low.endswith("f"):
        forms = [head + "s", head[:-1] + "ves"]
    elif low.endswith("man"):
        forms = [head[:-3] + "men"]
    elif low.endswith("um"):
        forms = [head + "s", head[:-2] + "a"]  # museums, but media
    else:
        forms = [head + "s"]
    best = max(forms, key=lambda f: _one_word_zipf(f.lower()))
    if _one_word_zipf(best.lower()) >= 1.0:
        if _one_word_zipf(low) - _one_word_zipf(best.lower()) >= 1.9:
            # a mass noun: its plural is a hundred times rarer (equipment, software, advice, research;
            # a count noun's plural is at most ~25 times rarer: oil/oils, analysis/analyses)
            return word
        return word[:head_start] + best
    if (0.0 < _one_word_zipf(low) < 2.5 and len(low) >= 8
            and not low.endswith(("al", "ic", "ous", "ive", "ful", "less", "able", "ible", "ing", "ed", "ary"))):
        # a rare technical noun, whose plural wordfreq has never seen (hectograph, phototransistor):
        # the regular plural; a mass noun English uses without one is a common word (equipment)
        return word[:head_start] + forms[0]
    return word


def singularise(word: str) -> str:
    """The singular of an English plural made by :func:`pluralise` (last word only): the most
    frequent form wordfreq knows (Zipf >= 2), or a rarer one (>= 1) whose plural is the word
    (*minicomputers* -> *minicomputer*)."""
    head_start = word.rfind(" ") + 1
    head = word[head_start:]
    best: tuple[float, str] | None = None
    for plural, single in (("ies", "y"), ("ves", "f"), ("ves", "fe"), ("ses", "s"), ("xes", "x"), ("ches", "ch"),
                           ("shes", "sh"), ("men", "man"), ("s", "")):
        if head.endswith(plural) and len(head) >= len(plural) + 2:
            cand = head[: -len(plural)] + single
            z = _one_word_zipf(cand.lower())
            if (z >= 2.0 or (z >= 1.0 and pluralise(cand).lower() == head.lower())) and (best is None or z > best[0]):
                best = (z, cand)
    return word[:head_start] + best[1] if best else word


def glued(sense: str) -> bool:
    """A sense that is two English words glued together by a dictionary (*havefaith*)."""
    low = sense.lower()
    if " " in low or len(low) < 7 or not low.isalpha() or _one_word_zipf(low) > 0:
        return False
    return any(_one_word_zipf(low[:i]) >= 3.0 and _one_word_zipf(low[i:]) >= 3.0 for i in range(2, len(low) - 1))


def clean_senses(senses: list[Sense], form: str, *, respell: bool = False) -> list[Sense]:
    """Affix entries and glued senses dropped; FreeDict's glued multi-word senses split when
    the Dutch has as many words; lower-case senses first for a lower-case Dutch word. With
    ``respell`` each sense is written in the preferred spelling (:mod:`.spelling`), and spelling
    variants of one sense (*installment*, *instalment*) become one."""
    from glossary.translate.spelling import respell as to_preferred

    n_words = len(form.split())
    out = []
    seen: set[str] = set()
    for s in senses:
        text = to_preferred(s.text.strip()) if respell else s.text.strip()
        if respell:
            if text.casefold() in seen:
                continue
            seen.add(text.casefold())
        if len(text) < 2 or text.startswith(AFFIX) or text.endswith(AFFIX):
            continue  # affixes, and one-letter abbreviations (Westen -> "W")
        if n_words > 1 and " " not in text:
            split = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
            if len(split.split()) == n_words:
                text = split
        if n_words == 1 and glued(text):
            continue
        out.append(Sense(text, s.score, s.sources, s.pos, s.tagcount, s.modifier_score) if text != s.text else s)
    if form[:1].islower():
        out.sort(key=lambda s: s.text[:1].isupper() and not s.text.isupper())
    return out


def english_word(word: str, min_len: int = 4) -> bool:
    """An English word used as is in Dutch (*online*, *score*, *internet*): frequent in English,
    not more frequent in Dutch than in English."""
    low = word.lower()
    if len(low) < min_len or not low.isalpha():
        return False
    en, nl = zipf_en(low), zipf_nl(low)
    # a long word rarer in both languages counts when English uses it more (gamification)
    return (en >= 3.0 and en >= nl - 0.3) or (len(low) >= 9 and en >= 2.3 and en > nl)


def is_acronym(word: str) -> bool:
    """AVG, BKR, KNO, and mixed-case short names (SyRI): kept as written."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return (2 <= len(letters) <= 6 and word[:1].isalnum() and
            (upper == len(letters) or (upper >= 2 and word[:1].isupper())))


def inflection_bases(word: str) -> list[tuple[str, bool]]:
    """Possible base forms of an inflected Dutch word, with whether the form is a plural."""
    w = word.lower()
    out: list[tuple[str, bool]] = []
    vowels = "aeiou"

    def undouble(stem: str) -> list[str]:
        forms = [stem]
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in vowels:
            forms.append(stem[:-1])  # bussen -> bus, witte -> wit
        if len(stem) >= 3 and stem[-1] not in vowels and stem[-2] in vowels and stem[-3] not in vowels:
            forms.append(stem[:-1] + stem[-2] + stem[-1])  # zaden -> zaad, grote -> groot
        if stem.endswith("z"):
            forms.append(stem[:-1] + "s")  # huizen -> huis
        if stem.endswith("v"):
            forms.append(stem[:-1] + "f")  # brieven -> brief
        return forms

    if w.endswith("'s") and len(w) > 4:
        out.append((w[:-2], True))
    if w.endswith("en") and len(w) > 4:
        out += [(f, True) for f in undouble(w[:-2])]
    if w.endswith("s") and len(w) > 4 and not w.endswith("'s"):
        out.append((w[:-1], True))
    if w.endswith("e") and len(w) > 4:
        out += [(f, False) for f in undouble(w[:-1])]
    # Latin plurals: laboratoria -> laboratorium, centra -> centrum, musea -> museum
    if w.endswith("a") and len(w) >= 5:
        out.append((w[:-1] + "um", True))
    # diminutives: lampjes -> lamp, paaltjes -> paal, boompje -> boom, bolletjes -> bol
    for end in ("jes", "je", "tjes", "tje", "pjes", "pje", "etjes", "etje"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            stem = w[: -len(end)]
            if end.startswith("e") and stem[-1] == stem[-2]:
                stem = stem[:-1]
            out.append((stem, end.endswith("s")))
    return out


#: Dutch -> English endings of Latin/Greek loan words (medisch -> medical, productie -> production)
TRANSFER = (
    ("isch", ("ical", "ic")), ("ische", ("ical", "ic")), ("ief", ("ive",)), ("ieve", ("ive",)),
    ("eel", ("al",)), ("ele", ("al",)), ("aal", ("al",)), ("ale", ("al",)), ("iek", ("ic",)), ("ieke", ("ic",)),
    ("atie", ("ation",)), ("aties", ("ations",)), ("tie", ("tion",)), ("ties", ("tions",)),
    ("iteit", ("ity",)), ("iteiten", ("ities",)), ("isme", ("ism",)), ("logie", ("logy",)),
    ("grafie", ("graphy",)), ("ist", ("ist",)), ("isten", ("ists",)), ("ine", ("ine",)), ("ines", ("ines",)),
    ("eerbaar", ("able",)), ("eerbare", ("able",)), ("or", ("or",)),
    ("isering", ("isation", "ization")), ("ering", ("ing",)), ("istisch", ("ist", "istic")),
    ("istische", ("ist", "istic")), ("iaans", ("ian",)), ("iaanse", ("ian",)), ("aans", ("an",)),
    ("aanse", ("an",)), ("oren", ("ors",)), ("ator", ("ator",)), ("atoren", ("ators",)), ("ie", ("y",)),
    ("ica", ("ics",)), ("icum", ("ic",)), ("graaf", ("graph", "grapher")), ("grafen", ("graphs", "graphers")),
    ("sor", ("ser", "sor")), ("sors", ("sers", "sors")), ("soren", ("sers", "sors")),
    ("ese", ("esis",)), ("yse", ("ysis",)), ("ose", ("osis",)), ("air", ("ary", "ar")), ("aire", ("ary", "ar")),
    ("eus", ("ous",)), ("euze", ("ous",)), ("abel", ("able",)), ("abele", ("able",)), ("ibel", ("ible",)),
    ("ibele", ("ible",)), ("uur", ("ure",)), ("uren", ("ures",)),
    ("isator", ("iser", "izer")), ("isatoren", ("isers", "izers")), ("isators", ("isers", "izers")),
    ("loog", ("logist", "logue")), ("logen", ("logists", "logues")), ("iet", ("ite",)), ("ieten", ("ites",)),
)


def fold_diacritics(text: str) -> str:
    """Dutch diaeresis and accents dropped (hygiënisch -> hygienisch, café -> cafe)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def transfer(word: str) -> str | None:
    """An English cognate made by swapping a loan-word ending, when English has the word
    (wordfreq Zipf >= 2.0): medisch -> medical, synthetische -> synthetic, industrieel -> industrial,
    hygiënisch -> hygienic."""
    w = fold_diacritics(word.lower())
    if not w.isalpha() or len(w) < 6:
        return None
    # a long learned word is rarer in English but no less certain (osteosynthese -> osteosynthesis)
    floor = 1.0 if len(w) >= 10 else 2.0
    best: tuple[float, str] | None = None
    for nl_end, en_ends in TRANSFER:
        if w.endswith(nl_end) and len(w) - len(nl_end) >= 3:
            for stem in learned_spellings(w[: -len(nl_end)]):
                for en_end in en_ends:
                    cand = stem + en_end
                    z = _one_word_zipf(cand)
                    if z >= floor and (best is None or z > best[0]):
                        best = (z, cand)
    return best[1] if best else None


def learned_spellings(stem: str) -> list[str]:
    """A Dutch stem of a Greek or Latin word and its English spellings by the regular
    correspondences (*kw* -> *qu*, *k* -> *c*, *f* -> *ph*, *ks* -> *x*, *oe* -> *ou*): elektromechan- ->
    electromechan-, kwalitat- -> qualitat-, fotograf- -> photograph-."""
    out = [stem]
    if "k" in stem:
        out.append(stem.replace("kw", "qu").replace("ks", "x").replace("k", "c"))
    for s in list(out):
        if "f" in s:
            out.append(s.replace("f", "ph"))
    out += [s.replace("oe", "ou") for s in out if "oe" in s]  # akoestisch -> acoustic
    return list(dict.fromkeys(out))


def action_nouns(stem: str) -> list[str]:
    """The -ing noun of a Dutch verb stem: betaal -> betaling, koel -> koeling, meet -> meting."""
    w = stem.lower()
    if len(w) < 3 or not w.isalpha():
        return []
    out = [w + "ing"]
    if len(w) >= 4 and w[-2] == w[-3] and w[-2] in "aeou" and w[-1] not in "aeiou":
        out.insert(0, w[:-2] + w[-1] + "ing")  # open syllable: one vowel letter
    return out


def verb_stems(word: str) -> list[str]:
    """Stems of a Dutch verb form: an infinitive's (ontwikkelen -> ontwikkel, schoonmaken ->
    schoonmaak, installeren -> installeer, hakken -> hak) or the word itself (a compound's
    modifier is already a stem: markeer-, codeer-)."""
    w = word.lower()
    if not w.isalpha():
        return []
    if not (w.endswith("en") and len(w) >= 5):
        return [w]
    base = w[:-2]
    out = [base]
    if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "aeiou":
        out.append(base[:-1])  # hakken -> hak
    elif len(base) >= 3 and base[-2] in "aeou" and base[-3] not in "aeiou" and base[-1] not in "aeiou":
        out.append(base[:-1] + base[-2] + base[-1])  # schoonmaken -> schoonmaak, installeren -> installeer
    out += [f[:-1] + {"v": "f", "z": "s"}[f[-1]] for f in list(out) if f[-1] in "vz"]
    return out


def english_gerund(verb: str) -> str | None:
    """The -ing form of a one-word English verb when English uses it: mark -> marking, code ->
    coding, cut -> cutting (wordfreq Zipf >= 2.0)."""
    v = verb.lower()
    if not v.isalpha() or len(v) < 2:
        return None
    if v.endswith("ie"):
        forms = [v[:-2] + "ying"]
    elif v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        forms = [v[:-1] + "ing"]
    else:
        forms = [v + "ing"]
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", v) and len(v) <= 4:
            forms.append(v + v[-1] + "ing")  # cut -> cutting
    best = max(forms, key=_one_word_zipf)
    return best if _one_word_zipf(best) >= 2.0 else None


def english_able(verb: str, negated: bool = False) -> str | None:
    """The English *-able* adjective of a one-word verb when English uses it (wordfreq Zipf >=
    1.5): lock -> lockable, inflate -> inflatable, rely -> reliable, control -> controllable;
    with ``negated`` the *un-* form (break -> unbreakable)."""
    v = verb.lower()
    if not v.isalpha() or len(v) < 3:
        return None
    forms = [v + "able"]
    if v.endswith("e"):
        forms.append(v[:-1] + "able")
    if re.search(r"[^aeiou]y$", v):
        forms.append(v[:-1] + "iable")
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", v):
        forms.append(v + v[-1] + "able")
    if negated:
        forms = ["un" + f for f in forms]
    best = max(forms, key=_one_word_zipf)
    return best if _one_word_zipf(best) >= 1.5 else None


def english_action_noun(verb: str) -> str | None:
    """The English noun of the action of a one-word verb: its *-ment*, *-al*, *-(at)ion* or *-y*
    derivative when English uses it commonly (wordfreq Zipf >= 3.0: renew -> renewal, collect ->
    collection, inform -> information, pay -> payment, deliver -> delivery), else its -ing form
    (grant -> granting), else None."""
    v = verb.lower()
    if not v.isalpha() or len(v) < 3:
        return None
    bases = [v] + ([v[:-1]] if v.endswith("e") else [])
    forms = [b + end for b in bases for end in ("ment", "al", "ation", "ion", "y")]
    forms = [f for f in forms if not (f.endswith("eal") or f.endswith("eation"))]
    best = max(forms, key=_one_word_zipf)
    return best if _one_word_zipf(best) >= 3.0 else english_gerund(v)


def english_agent_noun(verb: str) -> str | None:
    """The English noun of who or what does a one-word verb's action, when English uses it
    commonly (wordfreq Zipf >= 3.0): provide -> provider, publish -> publisher, heat -> heater,
    supply -> supplier, operate -> operator, run -> runner; None otherwise (offer: "offerer")."""
    v = verb.lower()
    if not v.isalpha() or len(v) < 3:
        return None
    forms = [v + "r" if v.endswith("e") else v + "er"]
    if re.search(r"[^aeiou]y$", v):
        forms.append(v[:-1] + "ier")
    if v.endswith("ate"):
        forms.append(v[:-1] + "or")
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", v) and len(v) <= 4:
        forms.append(v + v[-1] + "er")
    best = max(forms, key=_one_word_zipf)
    return best if _one_word_zipf(best) >= 3.0 else None


def loan_verb(word: str) -> str | None:
    """The English -ing form of an English verb used in Dutch with a Dutch infinitive ending:
    gamen -> gaming, chatten -> chatting, mailen -> mailing, updaten -> updating, streamen ->
    streaming (the stem an English word more used in English than in Dutch); None otherwise."""
    w = word.lower()
    if not (w.endswith("en") and len(w) >= 5 and w.isalpha()):
        return None
    stems = [w[:-1], w[:-2]]  # game-n, mail-en
    if len(w) >= 6 and w[-3] == w[-4] and w[-3] not in "aeiou":
        stems.append(w[:-3])  # chatt-en
    for stem in stems:
        if len(stem) >= 3 and english_word(stem, 3):
            gerund = english_gerund(stem)
            if gerund:
                return gerund
    return None


def stem_infinitives(stem: str) -> list[str]:
    """Dutch infinitives a verb stem may belong to, likeliest first: *leen* -> lenen, *zwem* ->
    zwemmen, *vis* -> vissen, *naai* -> naaien, *kopieer* -> kopiëren (a diaeresis where *ie* meets
    the ending's *e*)."""
    w = stem.lower()
    if len(w) < 3 or not w.isalpha():
        return []
    out = [w + "en"]
    if len(w) >= 4 and w[-2] == w[-3] and w[-2] in "aeou" and w[-1] not in "aeiou":
        out.insert(0, w[:-2] + w[-1] + "en")  # leen -> lenen, betaal -> betalen
        if w[:-3].endswith("i"):
            out.insert(0, w[:-3] + "\u00eb" + w[-1] + "en")  # kopieer -> kopiëren
    elif w[-1] not in "aeiou" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out.append(w + w[-1] + "en")  # zwem -> zwemmen, vis -> vissen
    # weef -> weven, kies -> kiezen
    out += [f[:-3] + {"f": "v", "s": "z"}[f[-3]] + "en" for f in list(out) if f[-3] in "fs" and f[-4:-3] != f[-3]]
    return out


SEPARABLE = ("aan", "af", "in", "op", "uit", "door", "mee", "om", "onder", "over", "terug", "toe", "voor", "weg", "bij")
UNSTRESSED = ("be", "ver", "ont", "her", "er", "ge")


def participle_infinitives(word: str) -> list[tuple[str, bool]]:
    """Dutch infinitives of which ``word`` may be the past participle (used as an adjective:
    *bewerkt* -> bewerken, *gedroogde* -> drogen, *ingeblikte* -> inblikken, *ongekookte* ->
    koken, negated), each with whether the participle is negated by *on-*."""
    w = fold_diacritics(word.lower())
    if not w.isalpha() or len(w) < 6:
        return []
    negated = w.startswith("onge") or (w.startswith("on") and w[2:4] in ("be", "ve"))
    if negated:
        w = w[2:]
    if w.endswith(("de", "te")):
        w = w[:-1]
    if not w.endswith(("d", "t")):
        return []
    stem = w[:-1]
    cores: list[tuple[str, str]] = []  # (separable prefix, stem)
    if stem.startswith("ge") and len(stem) >= 5:
        cores.append(("", stem[2:]))
    for prefix in SEPARABLE:
        if stem.startswith(prefix + "ge") and len(stem) - len(prefix) >= 5:
            cores.append((prefix, stem[len(prefix) + 2:]))
    if stem.startswith(UNSTRESSED) and not stem.startswith("ge"):
        cores.append(("", stem))  # bewerkt, verpakt: no ge-
    out: list[tuple[str, bool]] = []
    for prefix, core in cores:
        if len(core) < 3:
            continue
        forms = [core + "en"]
        if core[-1] not in "aeiou" and core[-2] in "aeiou" and core[-3:-2] not in ("a", "e", "i", "o", "u"):
            forms.insert(0, core + core[-1] + "en")  # a short vowel: blik -> blikken, hak -> hakken
        if len(core) >= 4 and core[-2] == core[-3] and core[-2] in "aeou":
            forms.append(core[:-2] + core[-1] + "en")  # kook -> koken, droog -> drogen
        for f in list(forms):
            if f.endswith("fen"):
                forms.append(f[:-3] + "ven")  # geleefd -> leven
            if f.endswith("sen"):
                forms.append(f[:-3] + "zen")  # gereisd -> reizen
        out += [(prefix + f, negated) for f in forms]
    return list(dict.fromkeys(out))


#: English irregular past participles of verbs Dutch participles commonly render
IRREGULAR = dict(pair.split(":") for pair in (
    "make:made build:built hold:held keep:kept set:set put:put cut:cut run:run bring:brought buy:bought "
    "sell:sold find:found give:given take:taken write:written break:broken choose:chosen freeze:frozen "
    "grind:ground hang:hung lay:laid lead:led leave:left lend:lent light:lit lose:lost mean:meant pay:paid "
    "read:read say:said see:seen send:sent shoot:shot show:shown sink:sunk speak:spoken spend:spent "
    "split:split spread:spread stand:stood stick:stuck strike:struck teach:taught tear:torn tell:told "
    "think:thought throw:thrown wear:worn weave:woven win:won wind:wound bind:bound feed:fed fight:fought "
    "get:got grow:grown have:had hide:hidden know:known ride:ridden rise:risen shake:shaken shrink:shrunk "
    "sit:sat sleep:slept slide:slid spin:spun steal:stolen sweep:swept draw:drawn drive:driven eat:eaten "
    "fall:fallen fly:flown forget:forgotten begin:begun bend:bent bite:bitten blow:blown deal:dealt "
    "dig:dug do:done come:come become:become forbid:forbidden hew:hewn sew:sewn saw:sawn").split())


def english_participle(verb: str) -> str | None:
    """The regular English past participle of a one-word verb, when English uses it (wordfreq
    Zipf >= 2.0): process -> processed, dry -> dried, can -> canned, automate -> automated.
    Irregular verbs (build -> built) give None rather than a made-up *builded*."""
    v = verb.lower()
    if v in IRREGULAR:
        return IRREGULAR[v]
    if not v.isalpha() or len(v) < 2:
        return None
    forms = []
    if v.endswith("e"):
        forms.append(v + "d")
    elif re.search(r"[^aeiou]y$", v):
        forms.append(v[:-1] + "ied")
    else:
        forms.append(v + "ed")
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", v) and len(v) <= 4:
            forms.append(v + v[-1] + "ed")  # can -> canned, plan -> planned
    best = max(forms, key=_one_word_zipf)
    return best if _one_word_zipf(best) >= 2.0 else None


def looks_plural(word: str, lemma: str) -> bool:
    w, lem = word.lower(), lemma.lower()
    return w != lem and len(w) > len(lem) and (w.endswith(("en", "s", "'s")) and not w.endswith("heid"))


# -- sources ---------------------------------------------------------------------------------


def rank_score(sense: Sense, *, modifier: bool) -> float:
    """A sense's rank score, as a compound's modifier when asked and the source has that score."""
    return sense.modifier_score if modifier and sense.modifier_score is not None else sense.score


class SourceView(Protocol):
    """What composition needs of a source (``glossary.translate.dictionary.Source`` is one):
    its kind (termbase | lexicon | dictd), name, version and ranked senses of a word."""
    kind: str
    name: str
    version: str | None

    def senses(self, word: str) -> list[Sense]: ...


def _lemma(word: str) -> str:
    try:
        from glossary.extract.lemma import lemma

        return lemma(word)
    except Exception:  # noqa: BLE001 - extraction module absent: plain lower case
        return word.lower()


def same_word_lemma(word: str) -> str | None:
    """The lemma of ``word`` when it is an inflection of the same word (systemen -> systeem,
    sociale -> sociaal), None when the lemmatiser jumps to another word (gegeven -> geven)."""
    lemma = _lemma(word)
    if not lemma or lemma == word.lower():
        return None
    common = len(os.path.commonprefix([word.lower(), lemma.lower()]))
    return lemma if common >= min(4, len(lemma) - 2) else None


class Resolver:
    """Word-level lookups over an ordered list of sources, cached per run."""

    def __init__(self, sources: list[SourceView]):
        self.sources = sources
        self.word_sources = [s for s in sources if s.kind != "termbase"] or sources
        self._cache: dict[str, list[tuple[Sense, SourceView]]] = {}
        self._splits: dict[str, list[str]] = {}

    def senses_of(self, word: str, *, sources: list[SourceView] | None = None) -> list[tuple[Sense, SourceView]]:
        """Senses of ``word`` from the first source (in order) that has any."""
        key = word if sources is None else None
        if key is not None and key in self._cache:
            return self._cache[key]
        out: list[tuple[Sense, SourceView]] = []
        for source in sources or self.word_sources:
            found = clean_senses(source.senses(word), word, respell=source.kind != "termbase")
            if found:
                out = [(s, source) for s in found]
                break
        if key is not None:
            self._cache[key] = out
        return out

    def known(self, word: str) -> bool:
        return (bool(self.senses_of(word)) or bool(self.senses_of_lemma(word)[0]) or transfer(word) is not None
                or is_acronym(word) or any(self.senses_of(n) for n in action_nouns(word))
                or loan_verb(word) is not None or self.verb_stem(word) or bool(self.ing_nouns(word))
                or bool(self.agent_nouns(word)))

    def verb_stem(self, word: str) -> bool:
        """Whether ``word`` is the stem of a Dutch verb the sources know (*sorteer-* -> sorteren,
        *naai-* -> naaien, *kopieer-* -> kopiëren): a compound's modifier (*sorteertafels*)."""
        return any(any("v" in s.pos.split(",") for s, _ in self.senses_of(inf)) for inf in stem_infinitives(word))

    def senses_of_lemma(self, word: str) -> tuple[list[tuple[Sense, SourceView]], bool]:
        """Senses of the word's same-word lemma, and whether the word is a plural of it; when the
        lemmatiser does not know the word, regular Dutch inflections are undone (medische ->
        medisch, grote -> groot, gedroogde -> gedroogd, kabels -> kabel, bussen -> bus)."""
        lemma = same_word_lemma(word)
        if lemma:
            found = self.senses_of(lemma)
            if found:
                return found, looks_plural(word, lemma)
        for base, plural in inflection_bases(word):
            found = self.senses_of(base)
            if found:
                return found, plural
        return [], False

    def nominalisations(self, word: str, verbs: list[tuple[Sense, SourceView]]) -> list[tuple[Sense, SourceView]]:
        """Noun senses for a Dutch verb form in a noun's place (a compound's modifier, a phrase's
        head): its action noun from the sources (ontwikkelen -> ontwikkeling -> development,
        installeren -> installatie -> installation, markeer- -> markering -> marking), else the
        English -ing form of its verb senses (draai- -> turning, codeer- -> coding)."""
        for stem in verb_stems(word):
            nouns = action_nouns(stem) + ([stem[:-3] + "atie"] if stem.endswith("eer") else []) + [stem]
            for noun in nouns:
                if noun == word.lower():
                    continue
                found = [(s, src) for s, src in self.senses_of(noun) if "n" in s.pos.split(",")]
                if found:
                    return found
        out = []
        for sense, src in verbs[:3]:
            gerund = english_gerund(sense.text) if " " not in sense.text else None
            if gerund:
                out.append((Sense(gerund, sense.score, sense.sources, "n", sense.tagcount), src))
        return out

    def participles(self, word: str) -> list[tuple[Sense, SourceView]]:
        """English past participles for a Dutch one (*bewerkt* -> *processed*, *ongekookte* ->
        *uncooked*) from the verb senses of its infinitive; [] when the word is not one."""
        for infinitive, negated in participle_infinitives(word):
            verbs = [(s, src) for s, src in self.senses_of(infinitive) if "v" in s.pos.split(",")]
            out = []
            for sense, src in verbs[:4]:
                en = english_participle(sense.text)
                if en and negated:
                    en = "un" + en if _one_word_zipf("un" + en) >= 1.0 else None
                if en:
                    out.append((Sense(en, sense.score, sense.sources, "a", sense.tagcount), src))
            if out:
                return out
        return []

    def present_participles(self, word: str) -> list[tuple[Sense, SourceView]]:
        """English -ing adjectives for a Dutch present participle (*roterende* -> roteren ->
        *rotating*, *dragend* -> *bearing*) from the verb senses of its infinitive; []
        when the word is not one or its infinitive is unknown."""
        w = word.lower()
        if not w.isalpha() or not w.endswith(("end", "ende")) or len(w) < 7:
            return []
        infinitive = (w[:-1] if w.endswith("e") else w)[:-1]  # roterend(e) -> roteren
        out = []
        for sense, src in [(s, src) for s, src in self.senses_of(infinitive) if "v" in s.pos.split(",")][:4]:
            gerund = english_gerund(sense.text) if " " not in sense.text else None
            if gerund:
                out.append((Sense(gerund, sense.score, sense.sources, "a", sense.tagcount), src))
        return out

    def stem_gerunds(self, stem: str) -> list[tuple[Sense, SourceView, bool]]:
        """English -ing forms of the verb whose stem ``stem`` is (*leen* -> lenen -> *borrowing*,
        *lending*; *melk* -> melken -> *milking*), most frequent first; [] when no infinitive of
        that stem has verb senses."""
        for infinitive in stem_infinitives(stem):
            out: list[tuple[Sense, SourceView, bool]] = []
            for sense, src in [(s, src) for s, src in self.senses_of(infinitive) if "v" in s.pos.split(",")][:4]:
                gerund = english_gerund(sense.text) if " " not in sense.text else None
                if gerund and gerund not in [s.text for s, _, _ in out]:
                    out.append((Sense(gerund, sense.score, sense.sources, "n", sense.tagcount), src, False))
            if out:
                return sorted(out, key=lambda x: -x[0].score)  # the sources' order (naaien: sewing, not the commoner vulgar sense)
        return []

    def ing_nouns(self, word: str) -> list[tuple[Sense, SourceView]]:
        """English action nouns for a Dutch *-ing* noun the sources lack, from the first verb senses
        of its infinitive (*vernieuwing* -> vernieuwen -> *renewal*, *invordering* -> invorderen ->
        *collection*, *verlening* -> verlenen -> *granting*); [] when the word is not one."""
        w = word.lower()
        if not (w.endswith("ing") and len(w) >= 7 and w.isalpha()):
            return []
        return self._from_verb_senses(w[:-3], english_action_noun, "n")

    def agent_nouns(self, word: str) -> list[tuple[Sense, SourceView]]:
        """English agent nouns for a Dutch *-er*/*-aar* noun the sources lack, from the verb senses
        of its stem's infinitive (*verwarmer* -> verwarmen -> *heater*, *ontwikkelaar* ->
        ontwikkelen -> *developer*, *beheerder* -> beheren -> *manager*); only words English uses
        commonly, [] otherwise (*aanbieder* -> aanbieden -> offer: "offerer" is rare)."""
        w = word.lower()
        if not (len(w) >= 7 and w.isalpha()):
            return []
        if w.endswith("rder"):
            stem = w[:-3]  # beheerder: beheer + d + er
        elif w.endswith(("aar", "er")):
            stem = w[:-3] if w.endswith("aar") else w[:-2]
        else:
            return []
        return self._from_verb_senses(stem, english_agent_noun, "n")

    def able_adjectives(self, word: str) -> list[tuple[Sense, SourceView]]:
        """English *-able* adjectives for a Dutch *-baar* one the sources lack, from the verb senses
        of its stem's infinitive (*afsluitbaar* -> afsluiten -> *lockable*, *opblaasbare* ->
        opblazen -> *inflatable*, *onbreekbaar* -> *unbreakable*); only forms English uses
        (wordfreq), [] otherwise."""
        w = fold_diacritics(word.lower())
        w = w[:-4] + "baar" if w.endswith("bare") else w
        if not (w.endswith("baar") and len(w) >= 8 and w.isalpha()):
            return []
        stem, negated = w[:-4], False
        if stem.startswith("on") and not self.verb_stem(stem):
            stem, negated = stem[2:], True
        return self._from_verb_senses(stem, lambda verb: english_able(verb, negated), "a")

    def _from_verb_senses(self, stem: str, derive: Callable[[str], str | None], pos: str) -> list[tuple[Sense, SourceView]]:
        """English words derived by ``derive`` from the first three one-word verb senses of the
        first infinitive of ``stem`` that gives any (a far sense's derivative is another word:
        draaien: bend -> bendable), each once, as senses of part of speech ``pos``."""
        out: list[tuple[Sense, SourceView]] = []
        for infinitive in stem_infinitives(stem):
            verbs = [(x, src) for x, src in self.senses_of(infinitive) if "v" in x.pos.split(",") and " " not in x.text]
            for sense, src in verbs[:3]:
                en = derive(sense.text)
                if en and en not in [x.text for x, _ in out]:
                    out.append((Sense(en, sense.score, sense.sources, pos, sense.tagcount), src))
            if out:
                break
        return out

    def infinitive_gerunds(self, word: str) -> list[tuple[Sense, SourceView]]:
        """English -ing forms for a Dutch infinitive used as a noun (*het boren van metaal* ->
        *drilling metal*), best first: an -ing sense two sources give its action noun that is also
        the -ing form of one of its verb senses (*verwerken*: *verwerking* -> *processing*, a verb
        sense *process*; *boren*: *boring* -> *drilling*), then the -ing forms of its verb senses in order
        (*maken* -> *making*); [] when the word is no infinitive the sources know as a verb."""
        w = word.lower()
        if not (w.endswith("en") and len(w) >= 5 and w.isalpha()):
            return []
        verbs = [(s, src) for s, src in self.senses_of(w) if "v" in s.pos.split(",") and " " not in s.text]
        gerunds: list[tuple[Sense, SourceView]] = []
        for sense, src in verbs[:8]:
            g = english_gerund(sense.text)
            if g and g not in [x.text for x, _ in gerunds]:
                gerunds.append((Sense(g, sense.score, sense.sources, "n", sense.tagcount), src))
        if not gerunds:
            return []
        texts = [g.text for g, _ in gerunds]
        actions = [s.text for stem in verb_stems(w) for noun in action_nouns(stem)
                   for s, _ in self.senses_of(noun) if s.text in texts and len(s.sources) >= 2]
        first = [g for g in gerunds if g[0].text in actions[:1]]
        return first + [g for g in gerunds if g not in first]

    def noun_like(self, word: str) -> bool:
        """Whether a word of a list (before *en*, *of* or a comma) is a noun, so a head of its own
        that takes the Dutch number (*peulvruchten en peulen*), rather than an adjective shared by
        the next noun (*medische en tandheelkundige instrumenten*)."""
        low = word.lower()
        own = self.senses_of(low)
        lemma, plural = self.senses_of_lemma(low)
        pos = {p for s, _ in own + lemma for p in s.pos.split(",") if p}
        if not own and not lemma:
            return not low.endswith("e")  # an unknown compound noun, not an inflected adjective
        if plural and any("n" in s.pos.split(",") for s, _ in lemma):
            return True
        return "n" in pos and not ("a" in pos and low.endswith("e"))

    def split(self, word: str) -> list[str]:
        """:func:`split_compound` of ``word`` with this resolver's sources (cached)."""
        found = self._splits.get(word)
        if found is None:
            found = self._splits[word] = split_compound(word, self.known)
        return found

    def relational(self, noun: str) -> list[str]:
        """English relational adjectives of an English noun from the sources (*law* -> *legal*)."""
        for f in (getattr(s, "relational", None) for s in self.sources):
            found = f(noun) if f is not None else []
            if found:
                return found
        return []

    def attested(self, text: str) -> bool:
        """Whether a source knows ``text`` (several words) as an English expression (the lexicon's
        phrases: *swimming pool*, *fire brigade*, *credit rating*)."""
        if " " not in text.strip():
            return False
        return self._any_source("attested", text)

    def collocated(self, text: str) -> bool:
        """Whether a source knows two neighbouring English words as a collocation (the lexicon's,
        from WordNet's glosses: *precious metals*, *pest control*)."""
        if text.strip().count(" ") != 1:
            return False
        return self._any_source("collocated", text)

    def _any_source(self, test: str, text: str) -> bool:
        """Whether a source that has the test ``test`` (a :class:`Source` field) says yes."""
        return any(f(text) for f in (getattr(s, test, None) for s in self.sources) if f is not None)

    def part(self, word: str, *, head: bool, modifier_pos: str = "n", single: bool = False,
             limit: int = 2) -> list[tuple[str, dict]]:
        """English renderings of one word (a compound part or a word of a phrase), best first,
        with evidence: up to two senses, nouns first for a compound part, plural agreement for a
        head; with ``single`` (a compound part) one-word senses first (*systeem* -> *system*, not
        *system of rules*)."""
        out: list[tuple[str, dict]] = []
        direct = [(s, src, False) for s, src in self.senses_of(word)]
        want = "n" if head else modifier_pos
        by_lemma, lemma_plural = self.senses_of_lemma(word)
        if by_lemma and want == "n" and any("n" in s.pos.split(",") for s, _ in by_lemma):
            if not any("n" in s.pos.split(",") for s, _, _ in direct):
                # a compound modifier is a noun: wegen- is the plural of weg (road), not "weigh"
                direct = [(s, src, lemma_plural) for s, src in by_lemma]
            elif (lemma_plural and max(s.score for s, _ in by_lemma) > max(s.score for s, _, _ in direct)
                  and not {s.text.casefold() for s, _, _ in direct} & {s.text.casefold() for s, _ in by_lemma}):
                # schepen: plural of schip (ship) before the rarer noun schepen (alderman); a plural
                # whose own entry shares senses with its singular is the same word, and its entry
                # lists the senses the plural is used in (zaken -> business, not "suits")
                direct = [(s, src, True) for s, src in by_lemma] + direct
        elif not direct:
            direct = [(s, src, lemma_plural) for s, src in by_lemma]
        elif want == "a" and by_lemma and any("a" in s.pos.split(",") for s, _ in by_lemma) and not any(
                "a" in s.pos.split(",") and len(s.sources) >= 2 for s, _, _ in direct):
            # an inflected adjective before its noun: edele -> edel (noble, precious), not the noun
            # "peer"; vaste -> vast (solid, fixed) before a one-source "regular"
            direct = [(s, src, False) for s, src in by_lemma if "a" in s.pos.split(",")] + direct
        if not direct:
            # afsluitbare -> lockable; vernieuwing -> renewal
            derived = (self.able_adjectives(word) or (self.ing_nouns(word) if not transfer(word) else [])
                       or self.agent_nouns(word))
            direct = [(s, src, False) for s, src in derived]
        if head and lemma_plural and by_lemma:
            # a plural with its own entry that gives its singular's sense takes the English plural:
            # remmen -> brakes, delen -> parts (not "mensen" -> "peoples": people is no sense of mens)
            singular = {s.text.casefold() for s, _ in by_lemma}
            direct = [(s, src, bool(p or ("n" in s.pos.split(",") and s.text.casefold() in singular)))
                      for s, src, p in direct]
            if word.lower().endswith("en") and any("v" in s.pos.split(",") for s, _ in self.senses_of(word)):
                # an infinitive as a noun names the action, which has no plural: bouwen -> building,
                # schoonmaken -> cleaning (not "buildings", "cleanings" of the nouns bouw, schoonmaak)
                direct = [(s, src, p and not s.text.endswith("ing")) for s, src, p in direct]
        if not head and all("v" in s.pos.split(",") for s, _, _ in direct):
            present = self.present_participles(word)  # roterende -> rotating, not "rotate"
            if present:
                direct = [(s, src, False) for s, src in present] + direct
        if not head and not any(s.pos and set(s.pos.split(",")) - {"v"} for s, _, _ in direct):
            # a participle as adjective: gedroogde -> dried, not the verb "dry"
            participles = [(s, src, False) for s, src in self.participles(word)]
            direct = participles or direct
        if want == "n" and direct and all(s.pos and set(s.pos.split(",")) <= {"v"} for s, _, _ in direct):
            # a verb in a noun's place: markeer- -> marking, ontwikkelen (van) -> development
            nouns = self.nominalisations(word, [(s, src) for s, src, _ in direct])
            direct = [(s, src, False) for s, src in nouns] or direct
        nouns_en = [zipf_en(s.text.lower()) for s, _, _ in direct if "n" in s.pos.split(",")]
        acted = False
        if not head and len(word) >= 3 and (not direct or single and max(nouns_en, default=0.0) < 3.0):
            # a verb stem as modifier names the action: betaal- -> betaling (payment), koel- -> koeling
            # (cooling, before the adjective "cool"), leen- -> lening (loan, before the rare noun "fief")
            for noun in action_nouns(word):
                actions = [(s, src, False) for s, src in self.senses_of(noun) if not s.pos or "n" in s.pos.split(",")]
                if actions:
                    direct = actions + direct
                    acted = True
                    break
        if english_word(word, 3 if head else 4) and (not direct or any(s.text.casefold() == word.casefold()
                                                                     for s, _, _ in direct)):
            out.append((word.lower() if word[:1].islower() else word, {"agree": 2, "lexscore": 3.0, "kept": 1}))
        if not direct:
            cognate = transfer(word) or loan_verb(word)  # analytisch -> analytical, gamen -> gaming
            if cognate:
                out.append((cognate, {"agree": 1, "lexscore": 2.0, "cognate": 1}))
        lower = word[:1].islower()
        # a name sense of a lower-case word last, whatever its part of speech (groot- is not "Whittle")
        ranked = sorted(direct, key=lambda x: (lower and x[0].text[:1].isupper() and not x[0].text.isupper(),
                                               bool(x[0].pos) and want not in x[0].pos.split(","),
                                               single and " " in x[0].text,
                                               # a compound part: the everyday word (kern- -> core, not kernel),
                                               # a modifier in the sense the word has in compounds it
                                               # begins (wegen- -> road, not way)
                                               -(rank_score(x[0], modifier=single and not head)
                                                 + (PART_ZIPF * zipf_en(x[0].text.lower()) if single else 0.0))))
        if single and not head:
            # a verb stem as a compound's modifier also names the activity in English's -ing form:
            # second after its action noun (leengedrag -> loan behaviour, borrowing behaviour), else
            # after the word's own senses, where an attested expression finds it (melk- -> milking
            # machines, vis- -> fishing tackle)
            gerunds = [g for g in self.stem_gerunds(word)
                       if g[0].text.casefold() not in {s.text.casefold() for s, _, _ in ranked}]
            ranked = ranked[:1] + gerunds[:1] + ranked[1:] + gerunds[1:] if acted else ranked + gerunds
        for sense, source, plural in ranked[:limit]:
            text = sense.text
            if plural and head:
                text = pluralise(text)
            out.append((text, {"agree": len(sense.sources), "lexscore": sense.score, "source": source,
                               "plural_done": int(plural and head), "pos": sense.pos}))
        seen, uniq = set(), []
        for text, ev in out:
            if text.casefold() not in seen:
                seen.add(text.casefold())
                uniq.append((text, ev))
        return uniq


# -- composition -------------------------------------------------------------------------------


def split_compound(word: str, known: Callable[[str], bool]) -> list[str]:
    """Surface parts of a compound (links stripped), head last; [] when not a compound or when
    a part is unknown."""
    pieces = [p for p in word.split("-") if p]
    if len(pieces) >= 2:
        # a hyphen is a boundary the writer chose: a piece known as a whole stays whole
        # (internet-domeinnamen is not "inter net domain names", transmissie-elektronenmicroscoop
        # not "trans mission ...")
        by_piece: list[str] = []
        for k, piece in enumerate(pieces):
            if known(piece) or english_word(piece, 3 if k == len(pieces) - 1 else 4):
                by_piece.append(piece.lower())
                continue
            sub = split_compound(piece, known)
            if not sub:
                return []
            by_piece += sub
        return by_piece
    try:
        from glossary.extract.compounds import split_surface

        parts = list(split_surface(word))
    except ImportError:
        parts = []
    if len(parts) >= 2:
        # the extractor's (frequency-based) split is trusted: when one of its parts is unknown,
        # re-splitting into whatever short words a dictionary has only renders nonsense
        # (achterstand + codering -> "arrears code ring")
        # (achterstand + codering -> "arrears code ring"); a long unknown part (ten letters or
        # more) is itself a compound the lexicon can split: nood + verlichting, registratie + systeem
        last = len(parts) - 1
        out: list[str] = []
        for k, p in enumerate(parts):
            if known(p) or english_word(p, 3 if k == last else 4):
                out.append(p)
                continue
            sub = lexicon_split(p.lower(), known) if len(p) >= 10 else []
            if not sub:
                return []
            out += sub
        return _merge_known(out, word, known)
    return lexicon_split(word.lower(), known)


def _merge_known(parts: list[str], word: str, known: Callable[[str], bool]) -> list[str]:
    """Neighbouring parts joined when the word they make, as written in ``word``, is known
    (binnen + huis + architect + uur: *architectuur* is a word, not "architect hour")."""
    low = word.lower()
    k = len(parts) - 2
    while k >= 0 and len(parts) > 2:
        joined = parts[k] + parts[k + 1]
        if joined in low and known(joined):
            parts = parts[:k] + [joined] + parts[k + 2:]
        k -= 1
    return parts


LINKERS = ("s", "en", "e")


def lexicon_split(word: str, known: Callable[[str], bool], depth: int = 0) -> list[str]:
    """Split into known words (at most three parts of four letters or more, linking -s-/-en-/-e-
    allowed); for a word the frequency-based splitter cannot split. Of the possible splits the one
    with the fewest parts wins, then the longest head (codeer + uitrusting, not code + eruit +
    rusting)."""
    if depth > 1 or not word.isalpha():
        return []
    best: list[str] = []
    for i in range(4, len(word) - 3):
        left, right = word[:i], word[i:]
        heads = [right] if known(right) else lexicon_split(right, known, depth + 1)
        if not heads:
            continue
        split: list[str] = []
        if known(left):
            split = [left, *heads]
        else:
            for link in LINKERS:
                if left.endswith(link) and len(left) - len(link) >= 4 and known(left[: -len(link)]):
                    split = [left[: -len(link)], *heads]
                    break
        if split and (not best or (len(split), -len(split[-1])) < (len(best), -len(best[-1]))):
            best = split
    if not best and depth == 0 and len(word) >= 8 and word[:3] not in SHORT_NON_MODIFIERS and not known(word):
        # else a three-letter modifier and a head of five letters or more, for a word no source
        # knows (vis + filets, gas + flessen, rem + schijven)
        if known(word[:3]) and known(word[3:]):
            return [word[:3], word[3:]]
    return best


#: three-letter Dutch prefixes and function words that are no compound modifier (*ver-lichte* is
#: not "far light", *ten* is no head)
SHORT_NON_MODIFIERS = frozenset("ver ont her mis wan oer aan uit toe bij tot van met een der des ten ter".split())


def join_english(parts: list[str]) -> tuple[str, bool]:
    """English parts written as English writes them: closed when wordfreq knows the closed form
    (*data* + *base* -> *database*), else open (*wind turbine*)."""
    if len(parts) == 2 and all(" " not in p and p.isalpha() for p in parts):
        closed = (parts[0] + parts[1]).lower()
        if _one_word_zipf(closed) >= 2.0 and parts[1][:1].islower():
            return closed, True
    return " ".join(parts), False


#: English function words of composed renderings (no evidence of an expression on their own)
ENGLISH_GLUE = frozenset(w for en in FUNCTION_WORDS.values() for w in en.split()) | {"the", "a", "an"}
#: senses of each of two neighbouring words searched for an expression English writes
PHRASE_SEARCH = 6


def sense_gap(first: tuple[str, dict], chosen: tuple[str, dict]) -> float:
    """How much weaker a word's chosen rendering is than its first (rank scores): an alternative
    made of a close second sense (*zorg*: care / concern) is likelier than one made of a far one
    (*krediet*: credit / kudos)."""
    return max(0.0, first[1].get("lexscore", 1.0) - chosen[1].get("lexscore", 1.0))


def phrase_evidence(text: str, resolver: Resolver) -> tuple[float, float, float]:
    """Evidence that English writes a composed rendering: 1.0 when the whole rendering is an
    English expression a source knows (*fire brigade services* no, *swimming pool* yes), the
    share of its neighbouring content-word pairs that are (*fire brigade* | *brigade services*: 0.5),
    and the share that are collocations (:meth:`Resolver.collocated`: *precious metals*)."""
    words = text.split()
    whole = 1.0 if len(words) > 1 and resolver.attested(text.strip(",;:")) else 0.0
    pairs = [f"{a} {b.strip(',;:')}" for a, b in zip(words, words[1:])
             if a[-1:] not in ",;:" and a.lower() not in ENGLISH_GLUE and b.strip(",;:").lower() not in ENGLISH_GLUE]
    if not pairs:
        return whole, 0.0, 0.0
    return (whole, sum(resolver.attested(p) for p in pairs) / len(pairs),
            sum(resolver.collocated(p) for p in pairs) / len(pairs))


def attested_pair(left: list[tuple[str, dict]], right: list[tuple[str, dict]], resolver: Resolver,
                  plural_head: bool = False) -> tuple[tuple[str, dict], tuple[str, dict]] | None:
    """The best-ranked pair of renderings of two neighbouring words that English writes as an
    expression (*satelliet* + *schotels*: "satellite" + "dishes", not "saucers"), other than
    the pair of first renderings; None when no pair is attested or the first pair is."""
    def text(a: str, b: str) -> str:
        return f"{a} {singularise(b) if plural_head else b}"

    if not left or not right or resolver.attested(text(left[0][0], right[0][0])):
        return None
    best = None
    def usable(k: int, option: tuple[str, dict]) -> bool:
        return k == 0 or option[1].get("agree", 1) >= 2  # a later sense two sources agree on (milieu is not "life")

    for i, a in enumerate(left[:PHRASE_SEARCH]):
        for j, b in enumerate(right[:PHRASE_SEARCH]):
            if ((i or j) and usable(i, a) and usable(j, b) and " " not in a[0] + b[0]
                    and resolver.attested(text(a[0], b[0]))):
                if best is None or i + j < best[0]:
                    best = (i + j, a, b)
    return (best[1], best[2]) if best else None


#: Latin and Greek prefixes Dutch and English share (Dutch spelling -> English); a compound
#: beginning with one is rendered with the prefix glued to the rest's English
LEARNED_PREFIXES = (
    ("micro", "micro"), ("macro", "macro"), ("multi", "multi"), ("poly", "poly"), ("mono", "mono"),
    ("anti", "anti"), ("semi", "semi"), ("pseudo", "pseudo"), ("hyper", "hyper"), ("ultra", "ultra"),
    ("infra", "infra"), ("bio", "bio"), ("geo", "geo"), ("hydro", "hydro"), ("thermo", "thermo"),
    ("elektro", "electro"), ("electro", "electro"), ("aero", "aero"), ("neuro", "neuro"), ("osteo", "osteo"),
)


def compose_prefixed(word: str, resolver: Resolver) -> list[tuple[str, dict]]:
    """A word made of a learned prefix and a word the sources render, when English writes the
    result as one word (wordfreq knows it): *micro-elektronische* -> *microelectronic*,
    *anti-virussoftware* -> *antivirus software*; [] otherwise (*micro-economie* is not
    "microeconomy": English says *microeconomics*)."""
    low = word.lower()
    prefixes = {nl for nl, _ in LEARNED_PREFIXES}
    piece = low.split("-")[0]
    if "-" in low and piece not in prefixes and (resolver.known(piece) or english_word(piece)):
        return []  # microfiche-uitrusting: the piece is a word of its own
    parts = resolver.split(low)
    if parts and parts[0] not in prefixes:
        return []  # microfiche + lezers
    for nl, en in LEARNED_PREFIXES:
        rest = low[len(nl):].lstrip("-")
        if not low.startswith(nl) or len(rest) < 4:
            continue
        out: list[tuple[str, dict]] = []
        for text, ev in render_options(rest, resolver, head=True):
            first, _, tail = text.partition(" ")
            glued = en + first.lower()
            if first.isalpha() and _one_word_zipf(glued) >= 1.0:
                out.append((" ".join([glued] + ([tail] if tail else [])),
                            dict(ev, parts=ev.get("parts", 1) + 1, closed=1, alt_rank=float(len(out)),
                                 note=f"{nl}- + " + ev.get("note", rest))))
        return out
    return []


def _hyphened(english: str, dutch: str, rest: str, resolver: Resolver) -> list[tuple[str, dict]]:
    """A prefix hyphened to the first two renderings of the rest of the word, as the Dutch writes it
    (*anti-epileptica* -> *anti-epileptics*, *niet-tropisch* -> *non-tropical*)."""
    return [(f"{english}-{text}", dict(ev, parts=ev.get("parts", 1) + 1, closed=0, alt_rank=float(k),
                                       note=f"{dutch}- + " + ev.get("note", rest)))
            for k, (text, ev) in enumerate(render_options(rest, resolver, head=True)[:2])]


def compose_compound(word: str, resolver: Resolver, *, plural: bool) -> list[tuple[str, dict]]:
    prefixed = compose_prefixed(word, resolver)
    if prefixed:
        return prefixed
    low = word.lower()
    prefix = next((nl for nl, _ in LEARNED_PREFIXES if low.startswith(nl) and len(low) - len(nl) >= 5), None)
    if prefix and resolver.split(low)[:1] == [prefix]:
        # a learned prefix is not a word with senses (anti- is not "opponent"): hyphened to the
        # rest's English as the Dutch is (anti-epileptica -> anti-epileptics), else nothing
        if low[len(prefix)] != "-":
            return []
        return _hyphened(dict(LEARNED_PREFIXES)[prefix], prefix, low[len(prefix) + 1:], resolver)
    if word.lower().startswith(("niet-", "non-")) and len(word) > 6:
        # niet-tropisch -> non-tropical (niet is also a noun: "rivet, staple")
        return _hyphened("non", "niet", word.split("-", 1)[1], resolver)
    pieces = [p for p in word.split("-") if p]
    if "-" in word.strip("-") and (any(is_acronym(p) for p in pieces) or any(_named(p) for p in pieces[:-1])):
        # SyRI-systeem, KNO-implantaten: the acronym as written, the rest rendered; a piece the
        # text capitalises before a hyphen is a name (China-specialist -> China specialist, not
        # the porcelain; Osmanthus-punten): as the sources write the name, else as written
        rendered = []
        for k, piece in enumerate(pieces):
            if is_acronym(piece):
                rendered.append((piece, {"agree": 1, "lexscore": 2.0}))
                continue
            if k < len(pieces) - 1 and _named(piece):
                senses = resolver.senses_of(piece) or resolver.senses_of(piece.lower())
                name = senses[0][0].text if senses and proper_word(piece, resolver) else piece
                rendered.append((name, {"agree": 1, "lexscore": 2.0}))
                continue
            opts = resolver.part(piece, head=k == len(pieces) - 1, single=True)
            if not opts:
                return []
            rendered.append(opts[0])
        text = " ".join(t for t, _ in rendered)
        return [(text, {"parts": len(pieces), "closed": 0, "agree": min(ev.get("agree", 1) for _, ev in rendered),
                        "lexscore": min(ev.get("lexscore", 1.0) for _, ev in rendered), "alt_rank": 0.0,
                        "note": " + ".join(pieces)})]
    if word.endswith("'s") and len(word) > 4:
        word, plural = word[:-2], True  # veiligheidscamera's
    parts = split_compound(word, resolver.known)
    if len(parts) < 2 or len(parts) > 4 or parts[-1] in ("baar", "bare"):
        return []  # -baar is the suffix of an adjective (afsluitbaar is not "closure bar")
    suffixed = _semi_suffixed(parts, resolver)
    if suffixed:
        return suffixed  # the head's own senses are not meant (luchtwaardigheid is not "air dignity")
    options = [resolver.part(p, head=(i == len(parts) - 1), single=True) for i, p in enumerate(parts)]
    if not all(options):
        return []
    combos: list[tuple[list[tuple[str, dict]], float]] = [([], 0.0)]
    # the last two parts in senses English writes together (satelliet + schotels -> satellite
    # dishes, veiligheid + camera's -> security cameras when English has the expression)
    wide = [resolver.part(p, head=(i == len(parts) - 1), single=True, limit=PHRASE_SEARCH) for i, p in
            enumerate(parts[-2:], len(parts) - 2)]
    # a noun modifier may be English's relational adjective (persoon + identificatie -> personal
    # identification) where English writes that expression
    wide[0] = wide[0] + [(adj, ev) for text, ev in wide[0][:3] for adj in resolver.relational(text)[:2]
                         if prefix_share(adj.lower(), text.lower(), 3) > 0]  # derived: navigation -> navigational
    found = attested_pair(wide[0], wide[1], resolver)
    for opts in options:
        # an English word inside the compound is its own translation: no second sense for it
        # (privacyzorg is not "seclusion care", burgerscore not "civilian mark")
        alts = opts[:1] if opts[0][1].get("kept") else opts[:2]
        combos = [(c + [o], s + (0 if k == 0 else 0.5)) for c, s in combos for k, o in enumerate(alts)]
        combos = sorted(combos, key=lambda x: x[1])[:6]
    if found is not None:
        combos = [c for c in combos if [t for t, _ in c[0][-2:]] != [found[0][0], found[1][0]]]
        combos.insert(1, ([o[0] for o in options[:-2]] + [found[0], found[1]], 0.25))
    out = []
    for combo, penalty in combos:
        texts = [t for t, _ in combo]
        head = texts[-1]
        if plural and not combo[-1][1].get("plural_done"):
            head = pluralise(head)
        text, closed = join_english(texts[:-1] + [head])
        agree = min(ev.get("agree", 1) for _, ev in combo)
        lexscore = min(ev.get("lexscore", 1.0) for _, ev in combo)
        gap = sum(sense_gap(opts[0], chosen) for opts, chosen in zip(options, combo))
        out.append((text, {"parts": len(parts), "closed": int(closed), "agree": agree, "lexscore": lexscore,
                           "alt_rank": penalty, "gap": gap, "note": " + ".join(parts)}))
    out.sort(key=lambda x: (x[1]["alt_rank"] - 0.3 * x[1]["closed"]))
    relational = _relational_compound(parts, options, resolver, plural)
    if relational is not None:
        out.insert(0, relational)
    return out[:MAX_COMPOSED + (found is not None) + (relational is not None)]


#: Dutch heads English writes as a suffix glued to the modifier's English (*krediet* +
#: *waardigheid* -> *creditworthiness*, *draad* + *loos* -> *wireless*, *water* + *dicht* ->
#: *watertight*, *hitte* + *bestendig* -> *heatproof*)
SEMI_SUFFIXES = {"waardig": "worthy", "waardige": "worthy", "waardigheid": "worthiness",
                 "loos": "less", "loze": "less", "loosheid": "lessness",
                 "dicht": "tight", "dichte": "tight", "bestendig": "proof", "bestendige": "proof"}


def _semi_suffixed(parts: list[str], resolver: Resolver) -> list[tuple[str, dict]]:
    """A two-part compound whose head is one of :data:`SEMI_SUFFIXES`, as English writes it: the
    modifier's first renderings with the English suffix glued on, only the words English uses
    (wordfreq; *geloofwaardigheid* is not "beliefworthiness"); [] otherwise."""
    suffix = SEMI_SUFFIXES.get(parts[-1]) if len(parts) == 2 else None
    if not suffix:
        return []
    renderings = resolver.part(parts[0], head=False, single=True)[:3]
    out: list[tuple[str, dict]] = []
    for text, ev in renderings:
        glued = (text + suffix).lower()
        if text.isalpha() and _one_word_zipf(glued) >= 1.5 and glued not in [t for t, _ in out]:
            out.append((glued, {"parts": 2, "closed": 1, "agree": ev.get("agree", 1), "lexscore": ev.get("lexscore", 1.0),
                                "alt_rank": float(len(out)), "gap": sense_gap(renderings[0], (text, ev)),
                                "note": f"{parts[0]} + {parts[1]} (English -{suffix})"}))
    return out


def _relational_compound(parts: list[str], options: list[list[tuple[str, dict]]], resolver: Resolver,
                         plural: bool) -> tuple[str, dict] | None:
    """A compound adjective (a noun + an adjective: *rechts* + *theoretisch*) in English's form,
    the noun's relational adjective hyphened to the adjective (*legal-theoretical*: "right
    theoretical" is no English); the noun's senses in order, the first that has one. None when
    the head is not an adjective."""
    if len(parts) != 2 or plural or set(options[1][0][1].get("pos", "").split(",")) != {"a"}:
        return None
    head, head_ev = options[1][0]
    modifier = parts[0]
    stems = [modifier] + [modifier[: -len(link)] for link in LINKERS
                          if modifier.endswith(link) and len(modifier) - len(link) >= 3]  # rechts- -> recht
    renderings = [r for stem in stems for r in resolver.part(stem, head=False, single=True, limit=PHRASE_SEARCH)]
    for text, ev in renderings:
        if "a" in ev.get("pos", "").split(",") or " " in text:
            continue
        adjectives = resolver.relational(text)
        if adjectives:
            return (f"{adjectives[0]}-{head}", {"parts": 2, "closed": 0, "agree": min(ev.get("agree", 1), head_ev.get("agree", 1)),
                                                "lexscore": min(ev.get("lexscore", 1.0), head_ev.get("lexscore", 1.0)),
                                                "alt_rank": 0.0, "gap": sense_gap(options[0][0], (text, ev)),
                                                "note": " + ".join(parts) + f" ({text} -> {adjectives[0]})"})
    return None


def render_options(word: str, resolver: Resolver, *, head: bool, limit: int = 2) -> list[tuple[str, dict]]:
    """Renderings of one content word of a phrase, best first: the word itself, its lemma, or
    composed from its parts; a word before the head of a phrase is rendered as an adjective when
    it can be (natuurlijke -> natural, not "of course")."""
    if is_acronym(word):
        return [(word, {"agree": 1, "lexscore": 2.0, "kept": 1})]
    opts = resolver.part(word, head=head, modifier_pos="a", limit=limit)
    if opts:
        return opts
    lemma = same_word_lemma(word)
    return compose_compound(word, resolver, plural=bool(lemma) and looks_plural(word, lemma or word))


def render_word(word: str, resolver: Resolver, *, head: bool) -> tuple[str, dict] | None:
    opts = render_options(word, resolver, head=head)
    return opts[0] if opts else None


def merge_prepositions(words: list[str]) -> list[str]:
    """Dutch complex prepositions joined into one token (``met inbegrip van`` -> one word that
    :data:`FUNCTION_WORDS`-style lookup maps to *including*)."""
    out: list[str] = []
    i = 0
    lows = [w.lower() for w in words]
    while i < len(words):
        for key in COMPLEX_PREPOSITIONS:
            if tuple(lows[i:i + len(key)]) == key:
                out.append(" ".join(words[i:i + len(key)]))
                i += len(key)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def function_english(word: str) -> str | None:
    """The English of a Dutch function word or complex preposition ("" = dropped), else None."""
    low = word.lower()
    if " " in low:
        return COMPLEX_PREPOSITIONS.get(tuple(low.split()))
    return FUNCTION_WORDS.get(low)


def _het_infinitives(words: list[str], puncts: list[str],
                     resolver: Resolver) -> tuple[dict[int, list[tuple[Sense, SourceView]]], set[int]]:
    """The infinitives after *het* (one, or a list: *het reinigen, vullen of verpakken van flessen*)
    with their English -ing forms, by position, and the positions of the *van* after them, which
    English drops (*for cleaning, filling or packing bottles*). Only when the run ends the phrase
    or is followed by *van*."""
    found: dict[int, list[tuple[Sense, SourceView]]] = {}
    skip: set[int] = set()
    for i, w in enumerate(words[:-1]):
        if w.lower() != "het" or puncts[i]:
            continue
        run: dict[int, list[tuple[Sense, SourceView]]] = {}
        j = i + 1
        while j < len(words):
            options = resolver.infinitive_gerunds(words[j])
            if not options:
                break
            run[j] = options
            if puncts[j] and j + 1 < len(words):
                j += 1
            elif j + 2 < len(words) and words[j + 1].lower() in ("en", "of") and not puncts[j + 1]:
                j += 2
            else:
                j += 1
                break
        last = max(run, default=-1)
        if not run or not (last == len(words) - 1 or (words[last + 1].lower() == "van" and last + 2 < len(words))):
            continue
        found.update(run)
        if last + 1 < len(words):
            skip.add(last + 1)
    return found, skip


def compose_phrase(words: list[str], resolver: Resolver) -> list[tuple[str, dict]]:
    """A multi-word term word by word; None-rendered words kept in Dutch and marked partial.
    A list's commas stay where they are (*wol, huiden en vellen* -> *wool, hides and skins*)."""
    rendered: list[tuple[str, str]] = []  # (kind, text) kind: content | function | unknown
    unknown = 0
    agree, lexscore = [], []
    alts: list[tuple[bool, int, int, str, float]] = []  # (is the head, word position, rendered position, text, gap)
    placed: dict[int, tuple[str, bool, str]] = {}  # rendered position -> (Dutch word, head, punctuation)
    words = merge_prepositions(words)
    # a list's punctuation is not part of its words: "Wol," is wool and a comma
    puncts = []
    for k, w in enumerate(words):
        m = re.match(r"^(.+?)([,;:]+)$", w)
        puncts.append(m.group(2) if m else "")
        if m:
            words[k] = m.group(1)
    gerunds, skip = _het_infinitives(words, puncts, resolver)
    content_positions = [i for i, w in enumerate(words) if function_english(w) is None]
    last_content = content_positions[-1] if content_positions else -1
    for i, word in enumerate(words):
        if i in skip:
            continue
        if i in gerunds:
            # het + infinitive: English's gerund, its object right after it (voor het boren van
            # metaal -> for drilling metal)
            gerund, *others = gerunds[i]
            if others:
                alts.append((False, i, len(rendered), others[0][0].text + puncts[i], 0.0))
            rendered.append(("gerund", gerund[0].text + puncts[i]))
            agree.append(len(gerund[0].sources))
            lexscore.append(gerund[0].score)
            continue
        if len(word) > 2 and (word.endswith("-") or word.startswith("-")):
            # Land- en tuinbouw, kleding en -uitrusting: the shared part is English's to repeat
            word = word.strip("-")
        en = function_english(word)
        if en is not None:
            if en:
                rendered.append(("function", en + puncts[i]))
            continue
        # the head of a Dutch noun phrase is its last content word before a preposition, or a
        # noun of a list before "en"/"of" or a comma (peulvruchten en peulen: both plural)
        nxt = next((w.lower() for w in words[i + 1:] if w.lower() not in ARTICLES), None)
        head = (i == last_content or (nxt is not None and function_english(nxt) is not None
                                       and nxt not in ("en", "of"))
                or ((nxt in ("en", "of") or bool(puncts[i])) and resolver.noun_like(word)))
        options = render_options(word, resolver, head=head)
        hit = options[0] if options else None
        if len(options) > 1 and not options[0][1].get("kept"):
            # a word's second sense: an alternative (the head's first, then the others from the right)
            alts.append((i == last_content, i, len(rendered), options[1][0] + puncts[i],
                         sense_gap(options[0], options[1])))
        if hit is None:
            unknown += 1
            rendered.append(("unknown", word + puncts[i]))
            continue
        placed[len(rendered)] = (word, head, puncts[i])
        rendered.append(("content", hit[0] + puncts[i]))
        agree.append(hit[1].get("agree", 1))
        lexscore.append(hit[1].get("lexscore", 1.0))
    n_content = sum(k != "function" for k, _ in rendered)
    if not agree or unknown > 1 or (unknown and n_content < 2):
        return []
    feats = {"parts": n_content, "agree": min(agree), "lexscore": min(lexscore), "partial": int(bool(unknown))}
    out = [(" ".join(t for _, t in rendered), dict(feats, alt_rank=0.0))]
    # one word at a time in its second sense (the head first, then from the right): close senses
    # of one word (privacy care / privacy concern) are both offered, each scored on its own
    for _, _, pos, text, gap in sorted(alts, key=lambda a: (not a[0], -a[1]))[:MAX_PHRASE_ALTERNATIVES]:
        alt = [t for _, t in rendered]
        alt[pos] = text
        out.append((" ".join(alt), dict(feats, alt_rank=1.0, gap=gap)))
    # two neighbouring words in senses English writes together (voor stedelijk vervoer -> for
    # urban transport when English has "urban transport"), right after the first rendering
    attested = 0
    for k in sorted(placed):
        if k + 1 not in placed or placed[k][2] or attested >= 2:
            continue
        (w1, h1, _), (w2, h2, p2) = placed[k], placed[k + 1]
        first = render_options(w1, resolver, head=h1, limit=PHRASE_SEARCH)
        second = render_options(w2, resolver, head=h2, limit=PHRASE_SEARCH)
        found = attested_pair(first, second, resolver, plural_head=True)
        if found is not None:
            alt = [t for _, t in rendered]
            alt[k], alt[k + 1] = found[0][0], found[1][0] + p2
            gap = sense_gap(first[0], found[0]) + sense_gap(second[0], found[1])
            out.insert(1 + attested, (" ".join(alt), dict(feats, alt_rank=0.5, gap=gap)))
            attested += 1
    # "X van/voor Y" -> "Y X" as English terminology writes it when Y is short and has no
    # preposition of its own (verwerking van gegevens -> data processing, glijbanen voor
    # speelplaatsen -> playground slides), first when X is one word, with "X of Y" kept as the
    # alternative; the moved noun becomes a modifier, so singular
    kinds = [k for k, _ in rendered]
    if kinds.count("function") == 1 and rendered[kinds.index("function")][1] in ("of", "for"):
        cut = kinds.index("function")
        left, right = rendered[:cut], rendered[cut + 1:]
        if (left and right and len(right) <= 2 and "unknown" not in kinds and all(k == "content" for k, _ in right)
                and not any(puncts)):
            moved = [t for _, t in right]
            moved[-1] = singularise(moved[-1])
            text = " ".join(moved + [t for _, t in left])
            if len(left) == 1:
                out.insert(0, (text, dict(feats, alt_rank=0.0, reordered=1)))  # terminology order first
            else:  # eetbare producten van dierlijke oorsprong: not "animal origin edible products"
                out.insert(1, (text, dict(feats, alt_rank=0.5, reordered=1)))
    cuts = [k for k, (kind, t) in enumerate(rendered) if kind == "function"]
    if (len(cuts) == 2 and all(rendered[k][1] in ("of", "for") for k in cuts) and set(kinds) <= {"content", "function"}
            and not any(puncts)):
        # A voor B van C (diensten voor ontwikkeling van databasesoftware): English stacks short
        # noun groups, the innermost first (database software development services), or keeps the
        # outer preposition (maintenance of information technology software)
        a, b, c = rendered[:cuts[0]], rendered[cuts[0] + 1:cuts[1]], rendered[cuts[1] + 1:]
        if a and b and c and max(len(a), len(b), len(c)) <= 2:
            ta, tb, tc = ([t for _, t in g] for g in (a, b, c))
            inner = tc[:-1] + [singularise(tc[-1])] + tb
            full = inner[:-1] + [singularise(inner[-1])] + ta
            outer = ta + [rendered[cuts[0]][1]] + inner
            at = 0 if len(a) == 1 else 1
            out.insert(at, (" ".join(full), dict(feats, alt_rank=float(at), reordered=2)))
            out.insert(at + 1, (" ".join(outer), dict(feats, alt_rank=float(at) + 0.5, reordered=1)))
    return out


# -- the term ----------------------------------------------------------------------------------


def candidates(term: dict, sources: list[SourceView], resolver: Resolver | None = None) -> list[Cand]:
    """Candidates for one term (dict with term, lemma, kind), best evidence first; scores are
    not set here (see :mod:`glossary.translate.score`)."""
    resolver = resolver or Resolver(sources)
    text = " ".join(term["term"].split())
    bare = " ".join(re.sub(r"\s*\([^)]*\)", " ", text).split())  # Raketten (ruimtevaart)
    kind = term.get("kind") or "term"
    lemma = term.get("lemma") or text
    if bare and bare != text and kind != "name":
        # a bracketed qualifier says the domain, not the term (Raketten (ruimtevaart) -> rockets)
        text = bare
        lemma = " ".join(re.sub(r"\s*\([^)]*\)", " ", lemma).split()) or bare
    words = text.split()
    found: dict[str, Cand] = {}

    def add(value: str, origin: str, version: str | None, note: str, method: str, only_agree: bool = False,
            **feats) -> None:
        value = " ".join(value.split())
        if not value:
            return
        value = _in_preferred_spelling(value, method)
        key = value.casefold()
        if key in found:
            c = found[key]
            c.features["methods"] = c.features.get("methods", 1) + 1
            c.note += f"; also {note}"
            return
        if only_agree:
            return
        found[key] = Cand(value, origin, version, note, _features(value, method, len(words), feats, resolver))

    # 1. direct senses of the term, or of its lemma (number kept as in Dutch)
    forms = _lookup_forms(text, lemma, resolver)
    offset = 0  # a later source's senses rank after an earlier source's (termbase, lexicon, dictd)
    for source in sources:
        for k, (form, plural) in enumerate(forms):
            senses = clean_senses(source.senses(form), form, respell=source.kind != "termbase")
            if kind == "name":
                senses = [s for s in senses if s.text[:1].isupper()]  # Lammers is not "lamb"
            if not senses:
                continue
            if k + 1 < len(forms) and forms[k + 1][1] and _gives_way(senses, forms[k + 1][0], source):
                continue
            n = len(senses)
            method = {"termbase": "termbase", "lexicon": "lexicon"}.get(source.kind, "dictd")
            for rank, sense in enumerate(senses[:MAX_PER_METHOD]):
                en = pluralise(sense.text) if plural and not sense.text[:1].isupper() else sense.text
                how = "lemma " if form is not text else ""
                shape = _sense_shape(sense.text, text, kind, resolver)
                add(en, source.name, source.version, f"{source.name}: {how}{form}", method,
                    rank=rank + (offset if source.kind == "dictd" else 0), agree=len(sense.sources),
                    lexscore=sense.score, lemma=int(form is not text), alts=min(n, 10) / 10, **shape)
            offset += min(n, MAX_PER_METHOD)
            break
    # 1a. a past participle used as an adjective (bewerkt -> processed) when the sources have
    #     only its verb (bewerken -> process)
    participles, how = _verb_derivatives(text, kind, found, resolver) if len(words) == 1 else ([], "")
    for rank, (sense, src) in enumerate(participles[:MAX_PER_METHOD]):
        add(sense.text, src.name, src.version, f"{src.name}: {how}", "lexicon",
            rank=rank, agree=len(sense.sources), lexscore=sense.score, lemma=1, alts=min(len(participles), 10) / 10)
    # 1b. an English cognate by a loan-word ending (analytisch -> analytical) when no source has it
    if len(words) == 1 and not found and kind != "name":
        cognate = _cognate(text)
        if cognate:
            add(cognate[0], "cognate", None, cognate[1], "cognate")
    # 2. kept as itself: names, acronyms, loanwords, English words and phrases; an English noun
    #    with a Dutch plural ending in English's plural (aerosolen -> aerosols)
    english_base = _english_with_dutch_plural(text) if len(words) == 1 and not found and kind == "term" else None
    if english_base:
        add(pluralise(english_base), "kept", None, f"kept: English word {english_base} with a Dutch plural", "kept",
            agree=1, lexscore=1.0, lemma=1)
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    english = (bool(content) and all(english_word(w, 3) or is_acronym(w) for w in content)
               and all(w.lower() in ENGLISH_FUNCTION_WORDS for w in words if w.lower() in FUNCTION_WORDS))
    if kind in ("name", "loanword") or (len(words) == 1 and is_acronym(text)) or english:
        why = ("a name" if kind == "name" else "a loanword" if kind == "loanword"
               else "an acronym" if is_acronym(text) else "English as written")
        add(text, "kept", None, f"kept: {why}", "kept", agree=2 if english else 1,
            lexscore=2.0 if english else 1.0, rank=1 if found else 0)  # a dictionary's rendering first
    if kind == "name":
        # a name is not composed from its parts (Zwartkruis is not "black cross") unless its
        # words are ordinary Dutch words written with a capital (see _name_renderings)
        # words are ordinary Dutch words written with a capital (see _name_renderings); not when
        # the sources know the name itself (Leiden, Hongkong -> Hong Kong) or the word is part of a
        # longer name in the same glossary (Berg in Marcel van den Berg: a family name)
        known_name = any(not c.features.get("m_kept") for c in found.values())
        if not known_name and not term.get("in_longer_name"):
            for en, ev, note, method in _name_renderings(text, resolver):
                add(en, _origin(resolver), _version(resolver), note, method, **ev)
        return _ordered(found)
    # 3. composition: a new candidate when no source knows the term well (two agreeing sources),
    #    else only agreement evidence for what the sources say (kredietwaardigheid is not
    #    "credit dignity" when the lexicon has creditworthiness)
    only_agree = any(c.features.get("m_termbase") or (c.features.get("m_lexicon") and c.features.get("agree", 0) >= 2)
                     for c in found.values())
    if bare and bare != text:
        words = bare.split()
    if len(words) > 1:
        for rank, (en, ev) in enumerate(compose_phrase(words, resolver)):
            partial = ev.get("partial")
            note = ("partial: composed word by word, untranslated: " if partial else "composed word by word: ") + \
                " + ".join(words)
            add(en, _origin(resolver), _version(resolver), note, "partial" if partial else "composed", only_agree,
                rank=rank + ev["alt_rank"], gap=min(ev.get("gap", 0.0), 6.0) / 6.0,
                agree=ev["agree"], lexscore=ev["lexscore"], parts=ev["parts"], reordered=ev.get("reordered", 0))
    else:
        sl = same_word_lemma(text)
        plural = bool(sl and looks_plural(text, sl))
        for rank, (en, ev) in enumerate(compose_compound(text, resolver, plural=plural)):
            add(en, _origin(resolver), _version(resolver), "composed from parts: " + ev["note"], "composed", only_agree, rank=rank,
                agree=ev["agree"], lexscore=ev["lexscore"], parts=ev["parts"], closed=ev["closed"],
                gap=min(ev.get("gap", 0.0), 6.0) / 6.0)
    return _ordered(found)


def _lookup_forms(text: str, lemma: str, resolver: Resolver) -> list[tuple[str, bool]]:
    """The forms of a term whose senses are looked up, with whether each is the term's singular:
    the term, its lemma; for one word without a lemma a source has, the first regular base a
    source has (remschoenen -> remschoen -> brake shoes, paaltjes -> paal), which the lemmatiser
    does not know."""
    forms = [(text, False)]
    one_word = " " not in text
    if lemma.casefold() != text.casefold():
        forms.append((lemma, one_word and looks_plural(text, lemma)))
    elif one_word:
        sl = same_word_lemma(text)
        if sl:
            forms.append((sl, looks_plural(text, sl)))
        if not sl or not resolver.senses_of(sl):
            base = next(((b, pl) for b, pl in inflection_bases(text) if pl and resolver.senses_of(b)), None)
            if base:
                forms.append(base)
    return forms


def _english_with_dutch_plural(text: str) -> str | None:
    """The English noun of a Dutch plural of it (*aerosolen* -> *aerosol*, *jeeps* -> *jeep*), when
    English has a plural of it; None for a word English uses as it is."""
    if english_word(text, 3):
        return None
    sl = same_word_lemma(text)
    bases = ([(sl, looks_plural(text, sl))] if sl else []) + inflection_bases(text)
    # no source knows the Dutch word, so a rarer English word more used in English than in Dutch
    # counts too (dimmers: Zipf 2.7 in English, 2.4 in Dutch)
    base = next((b for b, pl in bases if pl and (english_word(b, 3) or (len(b) >= 5 and b.isalpha()
                                                 and zipf_en(b.lower()) >= 2.5 and zipf_en(b.lower()) > zipf_nl(b.lower())))),
                None)
    return base if base and pluralise(base) != base else None


#: English words a title-cased institution name writes in lower case (Council of State)
LOWER_IN_TITLES = frozenset({"of", "for", "and", "or", "with", "in", "on", "to", "at", "by", "the", "a", "an"})


def _named(piece: str) -> bool:
    """A piece of a hyphened compound written with a capital and otherwise in lower case
    (*China* in *China-specialist*): a name, since Dutch writes common words in lower case."""
    return len(piece) > 1 and piece[:1].isupper() and piece[1:].islower()


def proper_word(word: str, resolver: Resolver) -> bool:
    """A proper name the sources know: the first sense of the word is written with a capital
    (China -> China, Europa -> Europe, Jan -> John)."""
    senses = resolver.senses_of(word) or resolver.senses_of(word.lower())
    return bool(senses) and any(w[:1].isupper() and not w.isupper() for w in senses[0][0].text.split())


def ordinary_word(word: str, resolver: Resolver) -> bool:
    """An ordinary Dutch word: the sources render its lower-case form (or lemma) in lower-case
    English (Zaken -> business, Sociale -> social; not Jan -> John, not an unknown Rutte)."""
    low = word.lower()
    senses = resolver.senses_of(low) or resolver.senses_of_lemma(low)[0]
    return bool(senses) and senses[0][0].text[:1].islower()


def _title(text: str) -> str:
    return " ".join(w if w.lower() in LOWER_IN_TITLES and k else w[:1].upper() + w[1:]
                    for k, w in enumerate(text.split()))


def _name_renderings(text: str, resolver: Resolver) -> list[tuple[str, dict, str, str]]:
    """English for a name-kind term that is made of ordinary Dutch words, offered next to the kept
    form (which the candidates' scores usually keep first): (text, evidence, note, method).

    - one word the sources know in lower case, with two agreeing sources (*Rechtsgeleerdheid*
      -> *jurisprudence*, *Pronken* -> *flaunt*): its senses;
    - a compound of a known proper name and ordinary words, which Dutch writes with a capital
      (*Chinadeskundige* -> *China expert*): composed, the name part as the sources write it;
      a compound of ordinary words only may be a family or place name (*Zwartkruis*): nothing;
    - several words that are all ordinary words of four letters or more (a name of short
      words is a person's: *Ai Wei Wei*), not starting with a Dutch name particle
      (*de*, *van*: *De Boer*) (*Sociale Zaken*, *Raad van State*): composed, in title case.

    A word the sources know only as a name (*Jan* -> *John*) or not at all (*Rutte*, *Zhima*)
    leaves the name as it is, and so does a word with a capital inside it (*ChinaTalk*,
    *WeChat*): a brand's name, written as one word on purpose."""
    words = text.split()
    out: list[tuple[str, dict, str, str]] = []
    if any(re.search(r"[a-z\u00df-\u00ff][A-Z\u00c0-\u00de]", w) for w in words):
        return out
    if len(words) == 1:
        low = text.lower()
        senses = [(s, src) for s, src in resolver.senses_of(low) if s.text[:1].islower()]
        if senses and len(senses[0][0].sources) >= 2:
            n = len(senses)
            for rank, (sense, src) in enumerate(senses[:MAX_PER_METHOD], 1):  # after the kept name
                out.append((sense.text, {"rank": rank, "agree": len(sense.sources), "lexscore": sense.score,
                                         "alts": min(n, 10) / 10},
                            f"{src.name}: {low} (an ordinary word written as a name)", "lexicon"))
            return out
        parts = split_compound(low, resolver.known)
        if len(parts) >= 2 and proper_word(parts[0], resolver) and all(ordinary_word(p, resolver) for p in parts[1:]):
            names = {s.text.casefold(): s.text for s, _ in resolver.senses_of(parts[0]) if s.text[:1].isupper()}
            for rank, (en, ev) in enumerate(compose_compound(low, resolver, plural=False)):
                first = en.split()[0] if " " in en else ""
                if first.casefold() not in names:
                    continue  # the proper name rendered as something else (PRC expert)
                out.append((names[first.casefold()] + en[len(first):],
                            {"rank": rank, "agree": ev["agree"], "lexscore": ev["lexscore"],
                                                     "parts": ev["parts"], "closed": ev["closed"]},
                            "composed from parts: " + ev["note"] + " (a name and ordinary words)", "composed"))
        return out
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    if (words[0].lower() in FUNCTION_WORDS or not content
            or not all(ordinary_word(w, resolver) and not proper_word(w, resolver) for w in content)
            # a name of short words is a person's (Ai Wei Wei is not "Oops Whey Whey")
            or any(len(w) < 4 for w in content)):
        return out
    # an institution's name keeps its order in English (Council of State)
    composed = [(en, ev) for en, ev in compose_phrase([w.lower() for w in words], resolver)
                if not ev.get("partial") and not ev.get("reordered")]
    for rank, (en, ev) in enumerate(composed):
        out.append((_title(en), {"rank": rank, "agree": ev["agree"], "lexscore": ev["lexscore"],
                                 "parts": ev["parts"], "reordered": ev.get("reordered", 0)},
                    "composed word by word: " + " + ".join(words) + " (a name of ordinary words)", "composed"))
    return out


#: evidence a method may pass for a candidate (see :mod:`glossary.translate.score`)
EVIDENCE = ("rank", "agree", "lexscore", "lemma", "parts", "closed", "alts", "reordered", "extra_words",
            "part_only", "gap")


def _features(value: str, method: str, n_words: int, feats: dict, resolver: Resolver) -> dict:
    """A new candidate's feature vector: its method, the evidence the method passed, its English
    frequency and, for a composed rendering, whether English writes it as an expression."""
    f = {"m_" + method: 1.0, "methods": 1, "words": min(n_words, 4) - 1}
    if method == "dictd":
        f["m_lexicon"] = 1.0  # a dictionary is evidence of the same kind as the lexicon
    f.update({k: v for k, v in feats.items() if k in EVIDENCE})
    f["zipf"] = zipf_en(value.lower()) / 8.0
    # the candidate's own length in content words: a long English rendering is less often the one
    # a translator writes, whatever the Dutch (on CPV pairs outside the benchmark's sample it
    # separated better); "loss of face" is two words, as "face loss" is
    f["en_words"] = min(sum(w.lower() not in ENGLISH_GLUE for w in value.split()), 8) / 8.0
    if method in ("composed", "partial"):
        f["attested"], f["attested_part"], f["collocated"] = phrase_evidence(value, resolver)
    return f


def _gives_way(senses: list[Sense], singular: str, source: SourceView) -> bool:
    """Whether a plural's own entry gives way to its singular's: one source alone asserts it and
    two agree on a sense of the singular (*ruimtevaartuigen*: one wordnet's "space vehicle";
    *ruimtevaartuig*: three sources' "spacecraft"); *zaken* -> *business* stays. A termbase's
    entries never give way."""
    if source.kind == "termbase" or any(s.text[:1].isupper() for s in senses):
        return False  # nor a name's (Nederlanders -> Dutch)
    single = clean_senses(source.senses(singular), singular, respell=True)
    return bool(single) and max(len(x.sources) for x in senses) == 1 and max(len(x.sources) for x in single) >= 2


def _sense_shape(sense: str, word: str, kind: str, resolver: Resolver) -> dict:
    """Evidence from a sense's shape against the Dutch word's: ``extra_words``, English words beyond
    the word's compound parts (*ui* -> *onion dome*: one Dutch part, two English words), and
    ``part_only``, the sense renders one part of a compound only (*satellietschotel* -> *saucer*,
    a sense of *schotel*). Nothing for a name or a multi-word term."""
    if kind == "name" or " " in word:
        return {}
    parts = resolver.split(word)
    n_parts = len(parts) if len(parts) >= 2 else 1
    content = [w for w in sense.split() if w.lower() not in ENGLISH_GLUE]  # loss of face: two words
    out = {"extra_words": float(max(0, len(content) - n_parts))}
    if n_parts >= 2:
        key = singularise(sense.casefold())
        out["part_only"] = float(any(key == singularise(t.casefold()) for p in parts
                                     for t, _ in resolver.part(p, head=False, single=True, limit=6)))
    return out


def _cognate(text: str) -> tuple[str, str] | None:
    """An English cognate of a one-word term no source knows, with its note: by a loan-word
    ending (analytisch -> analytical, plural kept), or an English verb with a Dutch infinitive
    ending (gamen -> gaming)."""
    base, plural = text, False
    for b, pl in [(text, False)] + inflection_bases(text):
        if transfer(b):
            base, plural = b, pl
            break
    cognate = transfer(base)
    if cognate:
        return (pluralise(cognate) if plural and not cognate.endswith("s") else cognate), f"cognate ending: {base}"
    gerund = loan_verb(text)
    return (gerund, f"English verb with a Dutch ending: {text}") if gerund else None


def _in_preferred_spelling(value: str, method: str) -> str:
    """A machine candidate in the preferred English spelling (British by default); a termbase's
    English and a name kept as written stay as they are."""
    return value if method in ("termbase", "kept") else respell(value)


def _participles_instead_of_verbs(text: str, kind: str, found: dict[str, Cand],
                                  resolver: Resolver) -> list[tuple[Sense, SourceView]]:
    """English participles of a one-word Dutch participle; the verb senses found through its
    infinitive (bewerkt -> bewerken -> "process") are dropped from ``found`` when there are any."""
    if kind == "name" or any(c.features.get("m_termbase") for c in found.values()):
        return []
    participles = resolver.participles(text)
    if participles:
        for key in [k for k, c in found.items() if c.features.get("lemma")]:
            del found[key]
    return participles


def _verb_derivatives(text: str, kind: str, found: dict[str, Cand],
                      resolver: Resolver) -> tuple[list[tuple[Sense, SourceView]], str]:
    """English words derived from the verb senses of a one-word term's verb, with how: its past
    participle (bewerkt -> processed, see :func:`_participles_instead_of_verbs`); when no source
    knows the word, a -baar adjective's -able (afsluitbaar -> lockable), an -ing noun's action
    noun (vernieuwing -> renewal) or an -er noun's agent noun (verwarmer -> heater) unless a
    cognate ending renders it."""
    participles = _participles_instead_of_verbs(text, kind, found, resolver)
    if participles or found or kind == "name":
        return participles, "participle of a verb"
    able = resolver.able_adjectives(text)
    if able:
        return able, "-baar adjective of a verb"
    if _cognate(text):
        return [], ""
    ing = resolver.ing_nouns(text)
    if ing:
        return ing, "-ing noun of a verb"
    return resolver.agent_nouns(text), "-er noun of a verb"


def _origin(resolver: Resolver) -> str:
    return resolver.word_sources[0].name if resolver.word_sources else "composed"


def _version(resolver: Resolver) -> str | None:
    return resolver.word_sources[0].version if resolver.word_sources else None


def _ordered(found: dict[str, Cand]) -> list[Cand]:
    return list(found.values())
