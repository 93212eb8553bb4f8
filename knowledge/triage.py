"""Red-flag screening, recall first, read from data/triage.json by a small interpreter.

The rule language (phrases, signals, combinations, proximity, adjustments) is described in the data
file; every rule's examples are tests. Only what is truly procedural is code: the negation window,
the proximity window, "how long does a cramp last?" (a question, not a report) and the semantic net.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from knowledge.store import read_data
from knowledge.text import TypoFixer, common_words, tokenize
from knowledge.triage_lang import Language, View, fold, is_negated, language_findings, language_signals, load_language

Level = Literal["urgent", "see_doctor"]
Finding = tuple[str, str]


@dataclass(frozen=True)
class Triage:
    level: Level | None
    reasons: list[str] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"


@dataclass(frozen=True)
class _Rules:
    data: Mapping[str, Any]
    phrases: tuple[tuple[str, str, re.Pattern[str], frozenset[str], frozenset[str]], ...]
    signals: Mapping[str, re.Pattern[str]]
    duration_question: re.Pattern[str]
    reported_now: re.Pattern[str]
    fixer: TypoFixer
    languages: tuple[Language, ...]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b")


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = read_data("triage.json")
    lexicon = read_data("lexicon.json")
    lexicon_words = {
        t for table in (*lexicon["topics"].values(), lexicon["cramp"]) for phrase in table for t in tokenize(phrase)
    }
    fixer = TypoFixer(data["typo"]["targets"], common_words() | lexicon_words | set(data["typo"]["ordinary"]))
    return _Rules(
        data=data,
        phrases=tuple(
            (
                r["id"],
                r["level"],
                _compile(r["pattern"]),
                frozenset(r.get("unless_after", [])),
                frozenset(r.get("unless", [])),
            )
            for r in data["phrases"]
        ),
        signals={name: _compile(pattern) for name, pattern in data["signals"].items()},
        duration_question=re.compile(data["duration_question"]),
        reported_now=re.compile(data["reported_now"]),
        fixer=fixer,
        languages=tuple(load_language(code) for code in data["languages"]),
    )


class _Screen:
    """One message's words and what fired, computed once."""

    def __init__(self, text: str, norm: str) -> None:
        self.r = rules()
        self.tokens = [self.r.fixer.fix(t) for t in tokenize(text)]
        self.english = View(self.tokens, self.r.data["negation"])
        self.joined = self.english.joined
        self.words = set(self.tokens)
        self.norm = norm
        self.negation = self.r.data["negation"]
        folded = fold(text)
        folded_text = " ".join(folded)
        self.views = [
            (language, View(folded, language.negation, language.fixer))
            for language in self.r.languages
            if language.cues.search(folded_text)  # a language's rules read only messages with its words
        ]
        self._signals: set[str] | None = None

    def _unnegated(
        self, pattern: re.Pattern[str], unless_after: frozenset[str] = frozenset(), before: int | None = None
    ) -> bool:
        return self.english.unnegated(pattern, unless_after, before)

    def signals(self) -> set[str]:
        """English signals and every language's signals of the same names, so combinations hold in all."""
        if self._signals is None:
            found = {name for name, pattern in self.r.signals.items() if self._unnegated(pattern)}
            for language, view in self.views:
                found |= language_signals(view, language)
            self._signals = found
        return self._signals

    def duration_question_start(self) -> int | None:
        # Code: "how long does a cramp last, an hour?" asks; "mine has lasted an hour" reports.
        question = self.r.duration_question.search(self.joined)
        if question is None or self.r.reported_now.search(self.joined):
            return None
        return question.start()

    def phrases(self) -> list[Finding]:
        found: list[Finding] = []
        cutoff = self.duration_question_start()
        for reason, level, pattern, unless_after, unless in self.r.phrases:
            before = cutoff if reason in ("prolonged", "persistent") else None
            if unless & self.signals():
                continue
            if self._unnegated(pattern, unless_after, before):
                found.append((reason, level))
        return found

    def combinations(self) -> list[Finding]:
        present = self.signals()
        found = []
        for rule in self.r.data["combinations"]:
            if not set(rule["all"]) <= present or set(rule.get("unless", [])) & present:
                continue
            if rule.get("any") and not set(rule["any"]) & present:
                continue
            found.append((rule["id"], rule.get("level", "urgent")))
        return found

    def near(self) -> list[Finding]:
        found = []
        for rule in self.r.data["near"]:
            if not set(rule.get("unless", [])) & self.signals() and self._near(rule):
                found.append((rule["id"], rule["level"]))
        return found

    def _near(self, rule: Mapping[str, Any]) -> bool:
        """A sign word anywhere, or (for words that need a place) within `window` words of a place word."""
        words, needs, places = set(rule["words"]), set(rule["needs_place"]), set(rule["place_words"])
        for index, word in enumerate(self.tokens):
            if word not in words or is_negated(self.tokens, index, self.negation):
                continue
            following = self.tokens[index + 1] if index + 1 < len(self.tokens) else ""
            if word in needs and following in rule["not_before"]:
                continue
            if word not in needs:
                return True
            window = self.tokens[max(0, index - rule["window"]) : index + rule["window"] + 1]
            if places & set(window):
                return True
        return False

    def languages(self) -> list[Finding]:
        """Rules written in other languages, on the message's folded words (Cyrillic kept)."""
        found: list[Finding] = []
        for language, view in self.views:
            found += [pair for pair in language_findings(view, language, self.signals()) if pair not in found]
        return found

    def language_hint(self) -> str | None:
        """The first other language whose cue words the message uses (the ranker may have read it as English)."""
        return self.views[0][0].code if self.views else None

    def adjust(self, found: list[Finding]) -> list[Finding]:
        for rule in self.r.data["adjust"]:
            found = self._adjust(rule, found)
        return found

    def _adjust(self, rule: Mapping[str, Any], found: list[Finding]) -> list[Finding]:
        target = (rule["finding"], "urgent")
        if target not in found:
            return found
        if rule.get("only_with") and (rule["only_with"], "urgent") not in found:
            return found
        if rule.get("keep_if_other_urgent") and any(lvl == "urgent" and r != rule["finding"] for r, lvl in found):
            return found
        if set(rule.get("keep_if_words", [])) & self.words or set(rule.get("keep_if_signals", [])) & self.signals():
            if not set(rule.get("drop_if_words", [])) & self.words:
                return found
        kept = [pair for pair in found if pair != target]
        extra = rule.get("else_add")
        if extra and not set(extra["unless_words"]) & self.words and (extra["id"], extra["level"]) not in kept:
            kept.append((extra["id"], extra["level"]))
        return kept


def screen(text: str, norm: str | None = None, semantic: Callable[[str | None], str | None] | None = None) -> Triage:
    """Urgent findings win (in data order), then see-doctor ones. `semantic` is the safety net over urgent
    exemplars in every language: given the language the message's words point to (or None), it names a
    reason when the message is close to an urgent exemplar."""
    s = _Screen(text, norm if norm is not None else text.lower())
    found = s.phrases()
    found += [pair for pair in s.combinations() + s.near() + s.languages() if pair not in found]
    found = s.adjust(found)
    if not any(level == "urgent" for _, level in found) and semantic is not None:
        reason = semantic(s.language_hint())
        if reason:
            found.append((reason, "urgent"))
    for finding, redundant in rules().data["supersedes"].items():
        if any(reason == finding for reason, _ in found):
            found = [pair for pair in found if pair[0] not in redundant]
    if not found:
        return Triage(level=None, reasons=[])
    order = rules().data["urgent_order"]
    urgent = [reason for reason in order if (reason, "urgent") in found]
    urgent += [reason for reason, level in found if level == "urgent" and reason not in urgent]
    others = [reason for reason, level in found if level == "see_doctor"]
    if urgent:
        return Triage(level="urgent", reasons=urgent + others)
    return Triage(level="see_doctor", reasons=others)
