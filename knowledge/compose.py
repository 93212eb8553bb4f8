"""Composing an answer's first screen from store records: only fact texts, safety lines and frames.

Every line shown is one record's text (a cited fact or a marked safety line), a frame from
data/frames.json (disclaimer, source line, out-of-scope), or a foods frame filled with a food fact's own
items; tests/test_knowledge_trace.py proves it for every labelled question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from knowledge.locale import SOURCE_LANG, KnowledgeLocale
from knowledge.models import MORE_BUTTONS, Answer, Fact, Level
from knowledge.render import MAX_TEXT, escape
from knowledge.store import FactStore, read_data

# A fact sharing this share of its words with one already shown only repeats it.
_REPEAT_SHARE = 0.6
_MAX_FACTS = 4
_WORD = re.compile(r"[a-z0-9]+")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "is",
        "are",
        "can",
        "be",
        "or",
        "your",
        "you",
        "it",
        "as",
        "at",
        "by",
    ]
)


@dataclass(frozen=True)
class Request:
    """What to answer: the lead topic, the topics ranked, the intent, triage and the person's profile."""

    topics: list[str]
    intent: str
    level: Level | None = None
    reasons: list[str] = field(default_factory=list)
    place: str | None = None
    lang: str = "en"
    profile: Mapping[str, Any] = field(default_factory=dict)
    page: int = 0


class Composer:
    """Composes answers in one language: `store` holds the records in it, `locale` its phrases and topic
    names, `source` the English records (repeats are judged on them, so every language pages alike)."""

    def __init__(
        self, store: FactStore, locale: KnowledgeLocale | None = None, source: FactStore | None = None
    ) -> None:
        self.store = store
        self.source = source or store
        self.lang = locale.lang if locale else SOURCE_LANG
        self.frames: dict[str, str] = {**read_data("frames.json"), **(locale.phrases if locale else {})}
        intents = read_data("intents.json")
        self.kinds: dict[str, list[str]] = intents["kinds"]
        self.lead: dict[str, list[str]] = intents["lead"]
        self.lead_if_topic: dict[str, dict[str, list[str]]] = intents["lead_if_topic"]
        topics = read_data("topics.json")
        self.names: dict[str, str] = {**topics["names"], **(locale.topics if locale else {})}
        # The disclaimer, the source line's frame and their markup (80 for English; longer in German).
        self._frame_cost = max(80, len(self.frames["disclaimer"]) + len(self.frames["sources"].format(titles="")) + 30)
        self.facts_from: dict[str, str] = topics["facts_from"]
        self.foods_from: dict[str, str] = topics["foods_from"]
        self.safety_first: dict[str, list[str]] = topics["safety_first"]
        self.profile_safety: dict[str, dict[str, list[str]]] = topics["profile_safety"]

    # ---- public -------------------------------------------------------------------------------

    def compose(self, request: Request) -> Answer:
        topic = request.topics[0] if request.topics else "out_of_scope"
        if request.level == "urgent":
            return self._urgent(request)
        if topic == "out_of_scope":
            return self._frame_answer(request, "out_of_scope")
        # Topic safety lines (pregnancy) lead; see-doctor and profile lines follow the answer to the question.
        lead = [self.store.safety(s) for s in self.safety_first.get(topic, [])]
        told_lead, after = self._profile_safety(request.profile, topic, request.intent)
        lead += [line for line in told_lead if line not in lead]
        if request.level == "see_doctor":
            after = [self.store.safety(r) for r in request.reasons if self._is_safety(r)][:1] + after
        after = [line for line in dict.fromkeys(after) if line not in lead]  # a line is said once
        facts = self._facts(topic, request.intent, request.profile, request.topics[:2])
        extra = [f for f in self._profile_facts(request.profile, topic, request.intent) if f not in facts]
        if extra:
            facts = facts[:1] + list(extra) + facts[1:]
        return self._answer(request, topic, lead, facts, after)

    def more(self, topic: str, intent: str, profile: Mapping[str, Any] | None = None, page: int = 0) -> Answer:
        """A button's answer: `intent` (why, foods, symptoms, doctor, relief) for `topic`, screen `page`."""
        request = Request(topics=[topic], intent=intent, profile=profile or {}, page=page, lang=self.lang)
        return self.compose(request)

    def available(self, topic: str, exclude: str = "") -> list[str]:
        """The buttons with facts behind them (no empty buttons)."""
        found = []
        for button in MORE_BUTTONS:
            if button == exclude and button != "relief":  # relief opens the walkthrough, never a repeat
                continue
            source = self._source(topic, button)
            if button in ("doctor", "relief") or self.store.has(source, self.kinds[button]):
                found.append(button)
        return found

    # ---- parts --------------------------------------------------------------------------------

    def _facts(
        self, topic: str, intent: str, profile: Mapping[str, Any], named: Sequence[str] = ()
    ) -> list[Fact | str]:
        source = self._source(topic, intent)
        kinds = self.kinds.get(intent, self.kinds["overview"])
        by_topic = self.lead_if_topic.get(intent, {})
        lead_ids = [i for t in named for i in by_topic.get(t, [])] + self.lead.get(intent, [])
        leads = [
            self.store.fact(i)
            for i in dict.fromkeys(lead_ids)
            if source in self.store.fact(i).topics or i not in self.lead.get(intent, [])
        ]
        found = leads + [f for f in self.store.query(source, kinds) if f not in leads]
        if not found:
            found = self.store.query(source, self.kinds["overview"])
        if intent == "foods" and not self.store.has(source, ["foods"]):
            # No foods in the articles for this topic: say so, then what they do say about it.
            name = self.names.get(topic, topic)
            return [self.frames["no_foods"].format(name=name) + "\x00"] + list(found)
        if intent == "foods":
            return self._food_lines(found, topic, bool(profile.get("vegan")))
        return list(found)

    def _source(self, topic: str, intent: str) -> str:
        """The topic whose facts answer `intent` for `topic` (doctor: the general advice)."""
        if intent == "doctor":
            return "overview"
        if intent == "foods" and topic in self.foods_from:
            return self.foods_from[topic]
        return self.facts_from.get(topic, topic)

    def _food_lines(self, facts: Sequence[Fact], topic: str, vegan: bool) -> list[Fact | str]:
        """Food facts as they are; for a vegan, each fact's plant items only (none: left out)."""
        if not vegan:
            return list(facts)
        lines: list[Fact | str] = []
        for fact in facts:
            if fact.kind != "foods" or not fact.animal:
                lines.append(fact)
                continue
            plants = [item for item in fact.foods if item not in fact.animal]
            if plants:
                name = self.names.get(topic, topic)
                lines.append(self.frames["plant_foods"].format(name=name, items=", ".join(plants)) + "\x00" + fact.id)
        if topic in ("vitamin_b12", "overview", "prevention_foods"):
            lines.insert(0, self.store.fact("c_b12_vegan"))
        return lines

    def _profile_safety(self, profile: Mapping[str, Any], topic: str, intent: str) -> tuple[list[Fact], list[Fact]]:
        """(lines that lead, lines that follow) for what the person told the bot (data/topics.json)."""
        lead: list[Fact] = []
        after: list[Fact] = []
        for key, rule in self.profile_safety.items():
            if not profile.get(key) or (topic not in rule["topics"] and intent not in rule["intents"]):
                continue
            lines = [self.store.safety(s) for s in rule["lines"]]
            (lead if intent in rule.get("lead_intents", []) else after).extend(lines)
        return lead, after

    def _profile_facts(self, profile: Mapping[str, Any], topic: str, intent: str) -> list[Fact]:
        """Cited facts that fit what the person told the bot (water pills: what the articles say about them)."""
        return [
            self.store.fact(f)
            for key, rule in self.profile_safety.items()
            if profile.get(key) and (topic in rule["topics"] or intent in rule["intents"])
            for f in rule["facts"]
        ]

    def _is_safety(self, safety_id: str) -> bool:
        return safety_id in {f.id for f in self.store.all_safety()}

    def _urgent(self, request: Request) -> Answer:
        found = [self.store.safety(r) for r in request.reasons if self._is_safety(r)] or [
            self.store.safety("emergency")
        ]
        lines = found[:1]
        # Where "your emergency number" needs saying in a language (112 in the EU; 112 and 103 in Russia).
        numbers = [escape(self.frames["emergency_numbers"])] if self.frames.get("emergency_numbers") else []
        room = MAX_TEXT - 90 - sum(len(n) + 1 for n in numbers)
        for line in found[1:2]:  # a second finding's line when the screen has room for it
            if sum(len(x.text) + 1 for x in lines) + len(line.text) < room:
                lines.append(line)
        body = [escape(f.text) for f in lines] + numbers + [f"<i>{escape(self.frames['safety_label'])}</i>"]
        doctor = self.store.fact("b_faq_doctor")
        shown = [f.id for f in lines]
        if len("\n".join(body)) + len(doctor.text) < MAX_TEXT - 120 and self._fits(body, doctor):
            body.append(escape(doctor.text))
            shown.append(doctor.id)
        sources = [doctor.title] if doctor.id in shown and doctor.title else []
        return self._finish(
            request,
            ["red_flag"] + [t for t in request.topics if t != "red_flag"],
            body,
            sources,
            shown,
            more=["doctor"],
            intent="doctor",
        )

    def _fits(self, body: Sequence[str], fact: Fact) -> bool:
        """Whether `body` plus `fact`, its source line and the disclaimer stay within MAX_TEXT (titles
        shown with their original in brackets run long in some languages)."""
        tail = [
            escape(fact.text),
            f"<i>{escape(self.frames['sources'].format(titles=fact.title or ''))}</i>",
            f"<i>{escape(self.frames['disclaimer'])}</i>",
        ]
        return len("\n".join([*body, *tail])) <= MAX_TEXT

    def _frame_answer(self, request: Request, frame: str) -> Answer:
        return self._finish(
            request,
            [frame] if frame == "out_of_scope" else ["out_of_scope"],
            [escape(self.frames[frame])],
            [],
            [],
            more=[],
            intent=request.intent,
            footer=False,
        )

    def _answer(
        self,
        request: Request,
        topic: str,
        safety: Sequence[Fact],
        facts: Sequence[Fact | str],
        after: Sequence[Fact] = (),
    ) -> Answer:
        safety = safety if request.page == 0 else []  # said once, on the first screen
        after = after if request.page == 0 else []
        body: list[str] = [escape(line.text) for line in safety]
        shown = [line.id for line in safety]
        if safety:
            body.append(f"<i>{escape(self.frames['safety_label'])}</i>")
        used = len("\n".join(body)) + sum(len(line.text) + 1 for line in after) + (30 if after else 0)
        pages = self._pages([self._line(item) for item in facts], used)
        page = pages[request.page] if request.page < len(pages) else []
        sources: list[str] = []
        for number, (text, fact) in enumerate(page):
            line = escape(text)
            body.append(f"<b>{line}</b>" if number == 0 and not safety and request.page == 0 else "• " + line)
            if fact is not None:
                shown.append(fact.id)
                if fact.title and fact.title not in sources:
                    sources.append(fact.title)
        if not page and not (safety and len(pages) > 1):
            body.append(escape(self.frames["nothing_more"]))
        if after:
            body += [escape(line.text) for line in after] + [f"<i>{escape(self.frames['safety_label'])}</i>"]
            shown += [line.id for line in after]
        more = self.available(topic, exclude=request.intent)
        if request.page + 1 < len(pages):
            more = ["next"] + more
        return self._finish(request, request.topics, body, sources, shown, more=more, intent=request.intent)

    def _pages(self, lines: Sequence[tuple[str, Fact | None]], used: int) -> list[list[tuple[str, Fact | None]]]:
        """Lines in screens of at most _MAX_FACTS and MAX_TEXT; a line repeating one on the screen waits
        for the next, so every fact stays reachable (the "More" button pages on)."""
        budget = MAX_TEXT - self._frame_cost  # the disclaimer, the source line's frame and markup; titles count below
        pages: list[list[tuple[str, Fact | None]]] = []
        waiting = list(lines)
        while waiting:
            page: list[tuple[str, Fact | None]] = []
            words_on_page: list[set[str]] = []
            size = used if not pages else 0
            titles: set[str] = set()
            deferred = []
            for text, fact in waiting:
                words = _content_words(self._english(text, fact))
                repeats = any(
                    len(words & old) >= _REPEAT_SHARE * max(1, min(len(words), len(old))) for old in words_on_page
                )
                title = fact.title if fact is not None else None
                cost = len(escape(text)) + 8 + (len(title) + 2 if title and title not in titles else 0)
                if repeats or len(page) >= _MAX_FACTS or (size + cost > budget and (page or size)):
                    deferred.append((text, fact))
                    continue
                page.append((text, fact))
                words_on_page.append(words)
                titles.add(title or "")
                size += cost
            pages.append(page)
            waiting = deferred
        return pages

    def _english(self, text: str, fact: Fact | None) -> str:
        """A record's English text (a repeat is one in every language), or a frame line as it is."""
        return self.source.fact(fact.id).text if fact is not None and text == fact.text else text

    def _line(self, item: Fact | str) -> tuple[str, Fact | None]:
        """A record's text, or a frame line (with the fact it was filled from, if any)."""
        if isinstance(item, Fact):
            return item.text, item
        text, fact_id = item.split("\x00")
        return text, self.store.fact(fact_id) if fact_id else None

    def _finish(
        self,
        request: Request,
        topics: list[str],
        body: list[str],
        sources: list[str],
        shown: list[str],
        more: list[str],
        intent: str,
        footer: bool = True,
    ) -> Answer:
        tail = []
        if sources:
            tail.append(f"<i>{escape(self.frames['sources'].format(titles='; '.join(sources)))}</i>")
        if footer:
            tail.append(f"<i>{escape(self.frames['disclaimer'])}</i>")
        text = "\n".join(body + tail)
        urgent = request.level == "urgent"
        followups: list[str] = [b for b in ("foods", "relief", "doctor") if b in more]
        return Answer(
            topics=topics,
            urgent=urgent,
            see_doctor=request.level is not None,
            text=text,
            followups=followups,
            sources=sources,
            place=request.place,
            intent=intent,
            level=request.level,
            reasons=list(request.reasons),
            lang=self.lang,  # the answer's language (the composer's), whatever the question's
            more=more,
            fact_ids=shown,
            page=request.page,
        )


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _SMALL_WORDS}
