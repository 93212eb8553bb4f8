"""Ranking a free-text question against the topic lexicon.

Measured on tests/data/questions.json (166 questions; bench/answers.py --compare), top-1 / top-3:
weighted phrase lexicon + rapidfuzz typo repair 1.00 / 1.00 (holdout, before its own fixes: 0.945 / 0.964),
BM25 over topic texts + lexicon 0.71 / 0.86, rapidfuzz token_set_ratio over keywords 0.66 / 0.70,
wordllama (l2_supercat_256, cosine to topic texts; tried outside the project) 0.57 / 0.79.
The lexicon also costs well under a millisecond per question, so it is the one used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from knowledge.lexicon import (
    CRAMP_EVENT_WORDS, CRAMP_SITE_OUT_OF_SCOPE, CRAMP_WORDS, DIURETIC_WORDS, DRUG_SUFFIXES, GENERAL_CAUSE, LIMB_WORDS, NAMED_DRUGS,
    MUSCLE_SITES, OUT_OF_SCOPE, PLACES, TOPIC_LEXICON, UNCOVERED, UNCOVERED_WEIGHT,
)
from knowledge.text import COMMON_WORDS, TypoFixer, stem, tokenize

CRAMP_KEY = "_cramp"
OUT_OF_SCOPE_KEY = "_oos"
CRAMP_SITE_KEY = "_site"
CRAMP_EVENT_KEY = "_event"
MUSCLE_SITE_KEY = "_muscle"
# A medicine recognised only by its name's ending counts like a named medicine in the lexicon.
_SUFFIX_DRUG_WEIGHT = 5.0
_MIN_DRUG_STEM = 3
PLACE_PREFIX = "_place:"
GENERAL_KEY = "_general"
UNCOVERED_PREFIX = "_uncovered:"

# Tie-break order when two topics score the same: safety and specific nutrients before general advice.
TOPIC_PRIORITY: tuple[str, ...] = (
    "pregnancy", "red_flag", "medications", "magnesium", "potassium", "calcium", "vitamin_d",
    "vitamin_b12", "vitamin_b1", "iron", "choline", "dehydration", "circulation", "supplements",
    "relief", "night_cramps", "exercise", "stretching", "prevention_foods",
)
_PRIORITY_RANK = {topic: rank for rank, topic in enumerate(TOPIC_PRIORITY)}

Phrase = tuple[str, ...]
# "not at night" must not count as night. Only words that negate the very next phrase are listed:
# "no"/"without"/"never" usually describe a risk ("no sun", "without water") and are kept.
_IMMEDIATE_NEGATORS = frozenset({"not", "isnt", "arent", "wasnt"})
# "not enough sun" is a risk, not a negation.
_NEGATION_BLOCKERS = frozenset({"enough", "much", "many", "only", "sure", "a"})


def _negated(tokens: list[str], start: int) -> bool:
    """A negator right before the phrase, or two words before with a plain word between ("not at night")."""
    if start >= 1 and tokens[start - 1] in _IMMEDIATE_NEGATORS:
        return True
    return start >= 2 and tokens[start - 2] in _IMMEDIATE_NEGATORS and tokens[start - 1] not in _NEGATION_BLOCKERS


@dataclass(frozen=True)
class MatchResult:
    scores: dict[str, float]
    cramp_score: float
    out_of_scope_score: float
    places: list[str]
    # "which vitamin am I missing": a general-causes question rather than one nutrient.
    general_score: float = 0.0
    # Things asked about that the articles don't cover (e.g. "pickle juice"), in question order.
    uncovered: list[str] = field(default_factory=list)
    # Womb/belly cramp words ("period cramps") and whether a limb, back or neck is named as well.
    cramp_site_score: float = 0.0
    limb_named: bool = False
    # Medicine names in question order, as typed ("rosuvastatin", "metformin"); diuretics excluded.
    drugs: list[str] = field(default_factory=list)
    # A word saying a muscle cramped ("cramp", "locked up", "seized", "balled up"), not negated.
    cramp_named: bool = False
    # A muscle named as such ("muscles", "stomach muscles", "abs"), beyond the limb words.
    muscle_named: bool = False

    def score(self, topic: str) -> float:
        return self.scores.get(topic, 0.0)

    def ranked(self) -> list[str]:
        """Topics with a positive score, best first."""
        positive = [(topic, score) for topic, score in self.scores.items() if score > 0]
        positive.sort(key=lambda item: (-item[1], _PRIORITY_RANK.get(item[0], 99)))
        return [topic for topic, _ in positive]


def _phrase_tokens(phrase: str) -> Phrase:
    return tuple(stem(token) for token in tokenize(phrase))


class Matcher:
    """Weighted phrase matching: every lexicon phrase found in the question adds its weight once."""

    def __init__(self, extra_known_words: Iterable[str] = ()) -> None:
        self._index: dict[str, list[tuple[Phrase, str, float]]] = {}
        for topic, phrases in TOPIC_LEXICON.items():
            self._add_all(topic, phrases)
        self._add_all(CRAMP_KEY, CRAMP_WORDS)
        self._add_all(OUT_OF_SCOPE_KEY, OUT_OF_SCOPE)
        self._add_all(CRAMP_SITE_KEY, CRAMP_SITE_OUT_OF_SCOPE)
        self._add_all(CRAMP_EVENT_KEY, CRAMP_EVENT_WORDS)
        self._add_all(MUSCLE_SITE_KEY, MUSCLE_SITES)
        self._add_all(PLACE_PREFIX, {phrase: 1.0 for phrase in PLACES})
        self._add_all(GENERAL_KEY, GENERAL_CAUSE)
        self._uncovered_of: dict[Phrase, tuple[str, str]] = {}
        for phrase, (label, topic) in UNCOVERED.items():
            self._add_all(UNCOVERED_PREFIX, {phrase: UNCOVERED_WEIGHT})
            self._uncovered_of[_phrase_tokens(phrase)] = (label, topic)
        self._place_of: dict[Phrase, str] = {_phrase_tokens(p): place for p, place in PLACES.items()}
        tables: tuple[Iterable[str], ...] = (
            *TOPIC_LEXICON.values(), CRAMP_WORDS, PLACES, GENERAL_CAUSE, UNCOVERED, CRAMP_EVENT_WORDS, MUSCLE_SITES,
        )
        lexicon_words = {
            token
            for table in tables
            for phrase in table
            for token in tokenize(phrase)
        }
        # Off-topic words are known but never typo targets: "chair" must not become "hair", which would
        # push a cramp question out of scope.
        off_topic_words = {token for table in (OUT_OF_SCOPE, CRAMP_SITE_OUT_OF_SCOPE) for phrase in table
                           for token in tokenize(phrase)}
        self.fixer = TypoFixer(lexicon_words, COMMON_WORDS | set(extra_known_words) | off_topic_words)

    def _add_all(self, key: str, phrases: Mapping[str, float]) -> None:
        for phrase, weight in phrases.items():
            tokens = _phrase_tokens(phrase)
            if tokens:
                self._index.setdefault(tokens[0], []).append((tokens, key, float(weight)))

    def match(self, question: str) -> MatchResult:
        raw = tokenize(question)
        fixed = [self.fixer.fix(token) for token in raw]
        tokens = [stem(token) for token in fixed]
        seen: set[tuple[Phrase, str]] = set()
        scores: dict[str, float] = {}
        places: list[str] = []
        uncovered: list[str] = []
        for start, token in enumerate(tokens):
            for phrase, key, weight in self._index.get(token, ()):
                if tuple(tokens[start: start + len(phrase)]) != phrase or (phrase, key) in seen:
                    continue
                if _negated(tokens, start):
                    continue
                seen.add((phrase, key))
                if key == PLACE_PREFIX:
                    place = self._place_of[phrase]
                    if place not in places:
                        places.append(place)
                elif key == UNCOVERED_PREFIX:
                    label, topic = self._uncovered_of[phrase]
                    scores[topic] = scores.get(topic, 0.0) + weight
                    if label not in uncovered:
                        uncovered.append(label)
                else:
                    scores[key] = scores.get(key, 0.0) + weight
        drugs = _drug_names(raw)
        if drugs and not any(drug in TOPIC_LEXICON["medications"] for drug in drugs):
            scores["medications"] = scores.get("medications", 0.0) + _SUFFIX_DRUG_WEIGHT
        return MatchResult(
            scores={k: v for k, v in scores.items() if not k.startswith("_")},
            cramp_site_score=scores.get(CRAMP_SITE_KEY, 0.0),
            limb_named=any(token in LIMB_WORDS for token in fixed) or MUSCLE_SITE_KEY in scores,
            cramp_named=CRAMP_EVENT_KEY in scores,
            muscle_named=MUSCLE_SITE_KEY in scores,
            drugs=drugs,
            cramp_score=scores.get(CRAMP_KEY, 0.0),
            out_of_scope_score=scores.get(OUT_OF_SCOPE_KEY, 0.0),
            places=places,
            general_score=scores.get(GENERAL_KEY, 0.0),
            uncovered=uncovered,
        )


def _is_drug_name(token: str) -> bool:
    if token in NAMED_DRUGS:
        return True
    if token in COMMON_WORDS or token in DIURETIC_WORDS:
        return False
    return any(token.endswith(suffix) and len(token) - len(suffix) >= _MIN_DRUG_STEM for suffix in DRUG_SUFFIXES)


def _drug_names(tokens: list[str]) -> list[str]:
    """Medicine names as typed, in order, without repeats; diuretics (which the articles name) left out."""
    names: list[str] = []
    for token in tokens:
        if _is_drug_name(token) and token not in names and token not in DIURETIC_WORDS:
            names.append(token)
    return names
