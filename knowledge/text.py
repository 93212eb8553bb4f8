"""Text normalisation shared by answering and triage: lowercase tokens, light stemming, typo repair."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

_APOSTROPHES = re.compile(r"[’'`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# "b-12", "b 12", "vit.d" style spellings are joined before tokenising so "b12" is one token.
_JOINS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bb[\s\-]?12\b"), "b12"),
    (re.compile(r"\bb[\s\-]?1\b"), "b1"),
    (re.compile(r"\bvit(?:amin)?[\s.\-]*d(?:\s?3)?\b"), "vitamin d"),
    (re.compile(r"\bd3\b"), "vitamin d"),
    (re.compile(r"\bvit\b\.?"), "vitamin"),
    # Chemistry notation: "Ca2+ triggers contraction, Mg2+ relaxation", "K+".
    (re.compile(r"\bca\s?2\s?\+"), "calcium"),
    (re.compile(r"\bmg\s?2\s?\+"), "magnesium"),
    (re.compile(r"\bk\s?\+"), "potassium"),
    (re.compile(r"\bna\s?\+"), "sodium"),
    # Pasted lab results: "Mg 0.62 mmol/L", "K 3.4", "Ca normal". A symbol before a value names the nutrient
    # (a dose puts the number first: "400 mg"); the unit becomes one token that marks a measured result.
    (re.compile(r"\b(?:[mnpuμ]?mol|mcg|ug|μg|ng|mg|pg|iu|meq)\s?/\s?(?:l|dl|ml)\b"), " labunit "),
    (re.compile(r"\bmg\s?[:=]?\s?(?=\d+[.,]\d|(?:low|high|normal|ok)\b)"), "magnesium "),
    (re.compile(r"\bk\s?[:=]?\s?(?=\d+[.,]\d|(?:low|high|normal|ok)\b)"), "potassium "),
    (re.compile(r"\bca\s?[:=]?\s?(?=\d+[.,]\d|(?:low|high|normal|ok)\b)"), "calcium "),
    (re.compile(r"\b25\s?-?\s?oh\b"), " "),
    # Spanish basics, so a question in Spanish reaches the same answers (given in English).
    (re.compile(r"\bque (?:puedo|puede|podemos|debo|debe|deberia) (?:comer|tomar)\b"), "what can i eat"),
    (re.compile(r"\b(?:mis|los|sus|en los|en mis|en sus) pies\b"), "feet"),
    (re.compile(r"\b(?:por|en) la noche\b"), "at night"),
)
# Spanish words mapped one to one.
_SPANISH: dict[str, str] = {
    "calambre": "cramp", "calambres": "cramps", "pierna": "leg", "piernas": "legs", "pantorrilla": "calf",
    "pantorrillas": "calves", "noche": "night", "noches": "nights", "comer": "eat", "comida": "food",
    "alimentos": "foods", "dolor": "pain", "musculo": "muscle", "musculos": "muscles",
}


# Chat shorthand typed on phones, mapped to the word the lexicon knows ("wat do i do" -> "what do i do").
_SHORTHAND: dict[str, str] = {
    "wat": "what", "wot": "what", "wht": "what", "whta": "what", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "coz": "because", "cuz": "because", "bc": "because", "hw": "how", "abt": "about",
    "dat": "that", "dis": "this", "shud": "should", "cud": "could", "wud": "would", "gud": "good",
}


def tokenize(text: str) -> list[str]:
    """Lowercase words and numbers; apostrophes dropped so "can't" becomes "cant"; chat shorthand expanded."""
    lowered = _strip_accents(_APOSTROPHES.sub("", text.lower()))
    for pattern, replacement in _JOINS:
        lowered = pattern.sub(replacement, lowered)
    return [_SHORTHAND.get(token) or _SPANISH.get(token, token) for token in _NON_WORD.split(lowered) if token]


def _strip_accents(text: str) -> str:
    """"mamá" -> "mama", "qué" -> "que": accents would otherwise split words apart."""
    if text.isascii():
        return text
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def stem(token: str) -> str:
    """A deliberately tiny stemmer: enough to fold cramps/cramping/cramped into one form."""
    if len(token) <= 4 or token.endswith("ss"):
        return token
    for suffix in ("ing", "ed"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    if token.endswith(("ches", "shes", "sses", "xes", "oes")):
        return token[:-2]
    if token.endswith("ies") and len(token) > 5:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("us", "is")):
        return token[:-1]
    return token


class TypoFixer:
    """Maps unknown words to the closest lexicon word (edit distance with transpositions), leaving known
    words alone: one edit allowed for 5-7 letter words, two for longer ones.

    Known words are the lexicon plus ordinary vocabulary, so an everyday word is never "corrected"
    into a medical term just because it happens to be close.
    """

    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        self._targets = sorted({t for t in targets if len(t) >= 4})
        self._known = set(known) | set(self._targets)
        self._cache: dict[str, str] = {}

    def fix(self, token: str) -> str:
        if token in self._known or len(token) < 5 or token.isdigit():
            return token
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        max_edits = 1 if len(token) <= 7 else 2
        match = process.extractOne(token, self._targets, scorer=OSA.distance, score_cutoff=max_edits)
        fixed = match[0] if match is not None else token
        if len(self._cache) < 50_000:
            self._cache[token] = fixed
        return fixed


def normalise_for_match(text: str, fixer: TypoFixer | None) -> list[str]:
    """Tokens, typo-fixed, then stemmed: the form both lexicon phrases and questions are compared in."""
    tokens = tokenize(text)
    if fixer is not None:
        tokens = [fixer.fix(token) for token in tokens]
    return [stem(token) for token in tokens]


COMMON_WORDS: frozenset[str] = frozenset(
    """
    a about after again all also always am an and any anything are around as ask at away bad be because
    been before being best better between big both but by can cant could day days did didnt do does doesnt
    doing dont down during each early eat eating either else even ever every everything feel feeling feels
    few first for from get gets getting give go goes going good got had has have having he help her here
    him his how i if im in into is isnt it its ive just keep kind know last least like little long look lot
    lots make many may maybe me mean might more morning most much must my need never new next night no not
    nothing now of off often ok okay on once one only or other our out over really right said same say
    should since so some something sometimes soon still stop such sure take than thank thanks that the their
    them then there these they thing things think this those though through time times to today too tried
    try trying two up us use used very wake want was way we week weeks well were what whats when where
    which while who why will with without woke work worse would yes yet you your yours year years month
    months hour hours minute minutes second seconds mom dad wife husband son daughter kid kids friend
    people person old age hello hi hey please thank guys anyone someone everyone lately recently usually
    weather hair heartburn period periods stomach tummy headache tooth toothache cough cold flu acne skin
    rash eye eyes ear ears nose throat dog cat weight lose diet sleep sleeping walk walking running run ran
    bike swim gym sport sports game football soccer tennis hike hiking hot warm wet dry rain snow sunny
    tight right light might night fight labunit sight eight height weight tights bright slight thigh thighs
    think thing things thin those these three there their where were whether while white whole
    today tonight yesterday tomorrow always often sometimes never usually again until since ever
    hurts hurt pain painful sore ache aches aching bad worse better worst best fine great normal
    legs leg feet foot toes toe arms arm hands hand body back neck knee knees hips hip shoulder
    start started stop stopped keep kept get got feel felt know knew tell told said says saying
    water drink drinks drinking food foods meal lunch dinner breakfast coffee beer wine juice milk
    could would should cause causes caused reason reasons because maybe probably
    tired tiredness tiring tire fatigue fatigued exhausted exhaustion sleepy weary worn
    terrible horrible awful dreadful
    brain mind switch car pool job shift shifts moved moving house garden
    """.split()
)
