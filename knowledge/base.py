"""The knowledge facade: `KnowledgeBase.load()` once, then `answer()` (sync, or `answer_async()` off the loop).

A question flows one way: parsed once (understand.py), screened (triage), ranked, composed from the
TinyDB store (compose.py). Relief steps and reminder tips come from data/relief.json.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from knowledge.compose import Composer, Request
from knowledge.embed import SafetyNet, load_vectors, shared_embedder
from knowledge.locale import SOURCE_LANG, knowledge_languages, read_locale, read_relief_texts
from knowledge.models import NUTRIENT_IDS, PLACES, TIP_KINDS, TOPIC_IDS, Answer, ReliefStep, Tip
from knowledge.render import escape
from knowledge.scope import OUT, ScopeModel, Verdict
from knowledge.store import DATA_DIR, FactStore, read_data
from knowledge.triage import Triage, screen
from knowledge.understand import IntentReader, Lexicon, Parsed, ProfileReader, Ranker, load_examples

logger = logging.getLogger(__name__)
KNOWLEDGE_FILE = DATA_DIR / "facts.json"
_SMALL_TALK = frozenset(
    [
        "hi",
        "hii",
        "hiii",
        "hello",
        "helo",
        "hey",
        "heya",
        "hiya",
        "yo",
        "sup",
        "morning",
        "evening",
        "good",
        "night",
        "gm",
        "gn",
        "thanks",
        "thank",
        "thx",
        "ty",
        "tysm",
        "cheers",
        "ok",
        "okay",
        "k",
        "kk",
        "cool",
        "great",
        "nice",
        "bye",
        "goodbye",
        "yes",
        "no",
        "yep",
        "nope",
        "lol",
        "haha",
        "hmm",
        "ah",
        "oh",
        "you",
        "very",
        "much",
        "so",
        "much",
        "a",
        "lot",
    ]
)
_MODEL_WAIT = 5.0
_MIN_TOPIC_HIT = 1.0
_RANKERS: dict[bool, Ranker] = {}
_THANKS = frozenset(["thanks", "thank", "thx", "ty", "tysm", "cheers"])


def _shared_ranker(lexicon: Lexicon, use_model: bool) -> Ranker:
    """One n-gram index per process and mode: the examples never change while it runs."""
    key = bool(use_model)
    if key not in _RANKERS:
        examples = load_examples()
        vectors = load_vectors([e["q"] for e in examples]) if use_model else None
        _RANKERS[key] = Ranker(examples, lexicon, vectors=vectors)
    return _RANKERS[key]


class Reading(NamedTuple):
    """A question as the engine read it: parsed, screened, its scope decided, its topics ranked."""

    parsed: Parsed
    triage: Triage
    scope: Verdict
    topics: list[str]


def _named_nutrient_first(topics: list[str], parsed: Parsed) -> list[str]:
    """ "What foods help with iron": the nutrient the question names leads over the general foods topic."""
    if topics[:1] != ["prevention_foods"]:
        return topics
    named = next((t for t in topics[1:3] if t in NUTRIENT_IDS and parsed.lexicon.get(t, 0.0) >= _MIN_TOPIC_HIT), None)
    return [named] + [t for t in topics if t != named] if named else topics


def relief_place(places: Sequence[str]) -> str | None:
    """The walkthrough's place for the first body place the question names (back, neck: "other")."""
    if not places:
        return None
    return places[0] if places[0] in PLACES else "other"


class KnowledgeBase:
    """Answers questions from the fact store. Build with `load()`; immutable afterwards."""

    def __init__(self, store: FactStore, relief: Mapping[str, Any], use_model: bool = True) -> None:
        self.store = store
        self.version: str = str(relief["version"])
        self.source_titles: dict[str, str] = dict(store.titles)
        self._relief = relief
        self.composer = Composer(store)
        # One composer per language with a locales/<lang>/knowledge.json, over the same records' ids.
        self.composers: dict[str, Composer] = {SOURCE_LANG: self.composer}
        for lang in knowledge_languages()[1:]:
            self.composers[lang] = Composer(store.translated(read_locale(lang)), read_locale(lang), source=store)
        # The walkthrough's steps and the reminders' tips per language, keyed by their English text.
        self._relief_texts: dict[str, dict[str, str]] = {lang: read_relief_texts(lang) for lang in self.composers}
        self.disclaimer: str = self.composer.frames["disclaimer"]
        self.lexicon = Lexicon(read_data("lexicon.json"), ProfileReader(read_data("profile.json")))
        self.intents = IntentReader(read_data("intents.json"))
        self._reason_safety: dict[str, str] = read_data("topics.json").get("reason_safety", {})
        self.embedder = shared_embedder()
        self.ranker = _shared_ranker(self.lexicon, use_model)
        self.safety_net = SafetyNet()
        self.scope = ScopeModel.load()
        self._urgent_flags = [bool(e.get("urgent")) for e in self.ranker.examples]
        if use_model and self.ranker.vectors is not None:
            self.embedder.start()
        screen("warm up")  # compile the triage patterns now, not on the first question

    @classmethod
    def load(cls, data_dir: Path | None = None, source: Path = KNOWLEDGE_FILE, use_model: bool = True) -> KnowledgeBase:
        """The shipped records in an in-memory TinyDB; `data_dir` is accepted and never written to."""
        store = FactStore(
            __import__("json").loads(Path(source).read_text(encoding="utf-8")),
            read_data("safety.json"),
            read_data("articles.json"),
        )
        return cls(store, read_data("relief.json"), use_model=use_model)

    # ---- answering -----------------------------------------------------------------------------

    def wait_for_model(self, timeout: float | None = None) -> bool:
        """Block until the model is loaded (tools and benches); the bot never waits."""
        ready = self.embedder.wait(timeout)
        self._attach_model()
        return ready

    def _attach_model(self) -> None:
        if self.embedder.ready and self.ranker.embed is None and self.ranker.vectors is not None:
            self.ranker.embed = self.embedder.query
            self.ranker.count_tokens = self.embedder.token_count

    def parse(self, question: str) -> Parsed:
        return self.lexicon.parse(question)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages answers can be composed in, English first."""
        return tuple(self.composers)

    def answer_lang(self, lang: str | None, detected: str) -> str:
        """The caller's language if given (English if we have no texts in it), else the question's."""
        wanted = detected if lang is None else lang
        return wanted if wanted in self.composers else SOURCE_LANG

    def answer(self, question: str, profile: Mapping[str, Any] | None = None, lang: str | None = None) -> Answer:
        """Red flags first, then the best topic's first screen, in `lang` (None: the question's language).
        Runs the model: call off the event loop."""
        reading = self.read(question)
        parsed, triage, topics = reading.parsed, reading.triage, reading.topics
        composer = self.composers[self.answer_lang(lang, parsed.lang)]
        if topics == ["small_talk"]:
            return self._small_talk(parsed, composer)
        reasons = [self._reason_safety.get(r, r) for r in triage.reasons]
        intent = self.intents.read(parsed, topics[0])
        topics = _named_nutrient_first(topics, parsed)
        # What this message says about the person counts with what they told the bot before.
        merged = {**(profile or {}), **parsed.told}
        request = Request(
            topics=topics,
            intent=intent,
            level=triage.level,
            reasons=reasons,
            place=relief_place(parsed.places),
            lang=composer.lang,
            profile=merged,
        )
        answer = composer.compose(request)
        return replace(answer, reasons=list(triage.reasons), told=dict(parsed.told))

    def read(self, question: str) -> Reading:
        """Parse once, screen, decide scope and rank (the model runs here: call off the event loop)."""
        self._attach_model()
        parsed = self.parse(question)
        ngram_sims = self.ranker.ngram_similarities(parsed)
        vector = self.ranker.vector(parsed)
        # The semantic net reads the vectors of the questions it always read (other languages): embedding
        # an English question for its scope must not change its triage.
        triage = screen(question, parsed.norm, semantic=lambda hint: self._semantic(vector, parsed, hint))
        verdict = self.scope.verdict("cheap", self.ranker.scope_evidence(parsed, ngram_sims))
        if vector is None and self.scope.needs_model(verdict):
            vector = self.ranker.embed_now(parsed)
        if vector is not None:
            verdict = self.scope.verdict("full", self.ranker.scope_evidence(parsed, ngram_sims, vector))
        topics = self._topics(parsed, triage.level, verdict, self.ranker.rank(parsed, vector, ngram_sims))
        return Reading(parsed, triage, verdict, topics)

    async def answer_async(
        self, question: str, profile: Mapping[str, Any] | None = None, lang: str | None = None
    ) -> Answer:
        """`answer()` in a worker thread; the first questions wait there (never on the loop) up to
        _MODEL_WAIT seconds for the model, so answers don't change once it has loaded."""

        def work() -> Answer:
            if self.ranker.vectors is not None and not self.embedder.ready:
                self.embedder.wait(_MODEL_WAIT)
            return self.answer(question, profile, lang)

        return await asyncio.to_thread(work)

    def rank(self, question: str) -> list[str]:
        """Topic ids best first, without composing (benchmarks)."""
        topics = self.read(question).topics
        return ["out_of_scope"] if topics == ["small_talk"] else topics

    def _semantic(self, vector: Any, parsed: Parsed, hint: str | None) -> str | None:
        """The safety net, in the language the ranker read or, for a message it read as English, the one the
        triage words point to (short Spanish or German messages often carry too few cue words)."""
        lang = hint if parsed.lang == "en" and hint else parsed.lang
        if vector is None and lang != "en":
            vector = self.ranker.embed_now(parsed)
        return self.safety_net.reason(vector, self.ranker.vectors, self._urgent_flags, self.ranker.excluded, lang)

    def _topics(self, parsed: Parsed, level: str | None, verdict: Verdict, ranked: list[str]) -> list[str]:
        words = parsed.norm.split()
        if words and all(w in _SMALL_TALK for w in words) and level is None:
            return ["small_talk"]
        if level == "urgent":
            return ["red_flag"] + [t for t in ranked if t != "red_flag"]
        in_scope = [t for t in ranked if t != OUT]
        if verdict.out:
            return [OUT] + in_scope
        return in_scope or ["overview"]

    def _small_talk(self, parsed: Parsed, composer: Composer) -> Answer:
        frame = "thanks" if set(parsed.norm.split()) & _THANKS else "hello"
        if (
            parsed.norm.split()
            and frame == "hello"
            and not set(parsed.norm.split())
            & {"hi", "hello", "hey", "hii", "hiii", "helo", "heya", "hiya", "yo", "sup", "morning", "evening", "gm"}
        ):
            frame = "unsure"
        text = composer.frames[frame]
        return Answer(
            topics=["out_of_scope"],
            urgent=False,
            see_doctor=False,
            text=escape(text),
            intent="overview",
            lang=composer.lang,
        )

    def more(
        self,
        topic: str,
        intent: str,
        profile: Mapping[str, Any] | None = None,
        page: int = 0,
        lang: str = SOURCE_LANG,
    ) -> Answer:
        """What a button under an answer opens: `intent` for `topic`, screen `page` (the "More" button),
        in `lang` (English if we have no texts in it)."""
        if topic not in TOPIC_IDS or topic == "out_of_scope":
            raise KeyError(topic)
        return self.composers[self.answer_lang(lang, SOURCE_LANG)].more(topic, intent, profile, page)

    def topic_answer(self, topic_id: str) -> Answer:
        return self.more(topic_id, self.intents.default_by_topic.get(topic_id, "overview"))

    def foods_answer(self, topic_id: str, vegan: bool = False) -> Answer:
        return self.more(topic_id, "foods", {"vegan": vegan})

    def when_to_see_doctor(self, lang: str = SOURCE_LANG) -> Answer:
        return self.more("overview", "doctor", lang=lang)

    # ---- relief, check and reminders -------------------------------------------------------------

    def foods_for(self, topic_id: str) -> list[str]:
        """The foods the articles name for a nutrient (first fact's items, then new ones from others)."""
        foods: list[str] = []
        for fact in self.store.query(topic_id, ["foods"]):
            if fact.topics[0] == topic_id or (topic_id in NUTRIENT_IDS and len(fact.topics) <= 3):
                foods += [item for item in fact.foods if item not in foods]
        return foods

    def food_sources(self, topic_id: str) -> list[str]:
        return list(dict.fromkeys(f.file for f in self.store.query(topic_id, ["foods"]) if f.file))

    def relief_text(self, text: str, lang: str = SOURCE_LANG) -> str:
        """A relief step's or tip's English text in `lang` (English where we have no translation)."""
        return self._relief_texts.get(lang, {}).get(text, text)

    def relief_steps(self, place: str, lang: str = SOURCE_LANG) -> list[ReliefStep]:
        steps = self._relief["relief_steps"].get(place) or self._relief["relief_steps"]["other"]
        return [self._step(step, lang) for step in steps]

    def evening_routine(self, lang: str = SOURCE_LANG) -> list[ReliefStep]:
        return [self._step(step, lang) for step in self._relief["evening_routine"]]

    def prevention_tips(self, kind: str, lang: str = SOURCE_LANG) -> list[Tip]:
        if kind not in TIP_KINDS:
            raise ValueError(f"unknown tip kind {kind!r}; expected one of {TIP_KINDS}")
        return [
            Tip(id=t["id"], kind=t["kind"], text=self.relief_text(t["text"], lang), sources=list(t["sources"]))
            for t in self._relief["prevention_tips"]
            if t["kind"] == kind
        ]

    def _step(self, step: Mapping[str, Any], lang: str) -> ReliefStep:
        return ReliefStep(
            id=step["id"],
            text=self.relief_text(step["text"], lang),
            hold_seconds=step["hold_seconds"],
            sources=list(step["sources"]),
        )

    def foods_tip(self, nutrient_ids: Sequence[str], index: int) -> Tip:
        """The index-th food tip, rotating over the given nutrients' foods (all nutrients if none fit)."""
        tips = self._food_tips([n for n in nutrient_ids if self.foods_for(n)]) or self._food_tips(NUTRIENT_IDS)
        return tips[index % len(tips)]

    def _food_tips(self, nutrient_ids: Sequence[str]) -> list[Tip]:
        names = self.composer.names
        return [
            Tip(
                id=f"{nutrient}_{number}",
                kind="food",
                text=f"For {names[nutrient]}: try {food}.",
                sources=self.food_sources(nutrient),
            )
            for nutrient in nutrient_ids
            for number, food in enumerate(self.foods_for(nutrient))
        ]
