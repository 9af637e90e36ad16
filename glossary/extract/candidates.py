"""Candidate terms from tagged sentences: noun phrases, single nouns, names and
coordinated compounds.

Patterns (UPOS from the shipped tagger):
* ``ADJ* NOUN+``: every suffix ending in the head noun (``sociaal krediet``,
  ``socialistische kernwaarden``) and every single noun;
* ``NP (van|voor|inzake|ter|tegen|tot) NP`` without determiner (``recht van opstal``,
  ``ministerie van Sociale Zaken``);
* names: runs of capitalised words / acronyms, with ``van``/``voor``/``de``... inside
  (``Sesame Credit``, ``Oxford University``);
* coordinated compounds: ``plus- en minpunten`` -> ``pluspunten`` (+ ``minpunten``).
"""
from __future__ import annotations

from dataclasses import dataclass

from glossary.extract.compounds import head_surface
from glossary.extract.lexicon import zipf
from glossary.extract.text import Token

NOUNISH = {"NOUN"}
PREPS = {"van", "voor", "inzake", "ter", "tegen", "tot"}
NAME_LINKS = {"van", "voor", "de", "der", "den", "inzake", "ter", "tegen", "am", "for", "of", "the", "and"}
MAX_LEN = 6
# closed-class words the tagger sometimes takes for nouns/adjectives (never term words)
CLOSED_CLASS = frozenset("""
inzake betreffende omtrent jegens volgens tijdens middels conform krachtens ingevolge gedurende
zonder sinds vanaf vanwege wegens dankzij behalve ondanks via per zoals alsook alsmede
welke welk zulke zulk dergelijke dergelijk diverse enkele sommige vele weinig meer meest minder
elk elke ieder iedere alle andere ander beide zelfde dezelfde hetzelfde genoemde bovengenoemde
voornoemde desbetreffende betrokken eerste tweede derde laatste vorige volgende huidige
ene eigen hun zijn haar ons onze uw mijn jouw wiens wier cq ca bijv enz etc nr
""".split())
# very frequent general adjectives do not start a term (andere, nieuwe, grote, eerste...)
COMMON_ADJ_ZIPF = 5.0


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
    letters = [c for c in w if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and w[:1].isalpha()


def classify(words: list[str], tags: list[str]) -> list[str]:
    """Per token: 'N' common noun, 'A' adjective, 'P' name part, 'L' name link, '' other."""
    out = []
    n = len(words)
    for i, (w, t) in enumerate(zip(words, tags)):
        c = ""
        alpha = any(ch.isalpha() for ch in w) and w[:1].isalnum()
        if not alpha or len(w) < 2 and not w.isupper() or w.lower() in CLOSED_CLASS:
            out.append("")
            continue
        low = w.lower()
        if _is_cap(w) and (low.endswith("'s") or low.endswith("\u2019s")):
            c = ""  # possessive name (China's): not a term candidate
        elif _is_acronym(w):
            c = "P"
        elif "-" in w[1:] and w.rsplit("-", 1)[1][:1].islower() and t in ("NOUN", "PROPN", "X"):
            c = "N"  # China-specialist, SyRI-systeem: a common noun
        elif _is_cap(w) and (i > 0 or t == "PROPN") and t in ("PROPN", "NOUN", "ADJ", "X", "VERB"):
            if i == 0 and t != "PROPN":
                c = "N" if t == "NOUN" else ""
            elif t == "ADJ":
                # Europese Unie (name part) vs Belgische onderzoekers (nationality adjective)
                nxt = words[i + 1] if i + 1 < n else ""
                c = "P" if nxt[:1].isupper() and tags[i + 1] != "ADJ" or nxt[:1].isupper() and i + 2 < n and words[i + 2][:1].isupper() else ""
            else:
                c = "P"
        elif t == "NOUN" or (t in ("X", "PROPN") and w.isalpha() and w.islower()):
            c = "N"
        elif t == "ADJ" and w.islower():
            c = "A"
        elif t == "VERB" and w.islower() and w.endswith(("de", "te", "den", "ten")) and i + 1 < n \
                and tags[i + 1] == "NOUN" and i > 0 and tags[i - 1] in ("DET", "ADP", "ADJ", "NUM"):
            c = "A"  # prenominal participle: de aangegane leveringen
        elif low in NAME_LINKS and (low not in ("de", "der", "den") or (i > 0 and words[i - 1].lower() in ("van", "voor"))):
            c = "L"
        out.append(c)
    # sentence-initial capitalised common noun
    return out


def candidates(tokens: list[Token], tags: list[str], sentence: str) -> list[Cand]:
    words = [t.text for t in tokens]
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
            while j < n and cls[j] in ("A", "N") and not (cls[j] == "A" and j > i and cls[j - 1] == "N"):
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
            out.append(Cand(s, k, "term", span(s, k)))
        for m in range(a, k):
            if cls[m] == "N":
                out.append(Cand(m, m, "term", span(m, m)))
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
    for a, b in name_runs:
        out.append(Cand(a, b, "name", span(a, b)))
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
    # --- coordinated compounds: plus- en minpunten
    for i in range(n - 2):
        w = words[i]
        if w.endswith("-") and len(w) > 2 and words[i + 1].lower() in ("en", "of", "&", "tot") and cls[i + 2] == "N":
            head = head_surface(words[i + 2])
            if head != words[i + 2].lower():
                full = w[:-1] + head
                out.append(Cand(i, i + 2, "term", full, expanded=True))
    return out
