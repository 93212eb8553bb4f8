"""Triage rules written in other languages (data/triage_<lang>.json), read by the same small language.

A language file names its own words once ("words": calf, pain, swelling...), which its patterns use as
<calf>, <pain>; its signals carry the English signals' names, so the combinations in data/triage.json
(a calf pain with a long flight, lithium with shaking...) hold in every language. Text and patterns are
folded alike: lower case, accents dropped, ä/ö/ü written ae/oe/ue (a pattern's "ä" also matches a plain
"a", since people type "Krampfe" as well as "Kraempfe"), ß as ss, ё as е, й as и. German compounds are
stems in the patterns ("\\w*schmerz\\w*"); Russian inflection likewise ("опух\\w*").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.store import read_data
from knowledge.text import TypoFixer

_TEXT_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ё": "е", "’": "", "'": "", "`": ""})
_PATTERN_FOLDS = str.maketrans({"ä": "ae?", "ö": "oe?", "ü": "ue?", "ß": "s?s", "ё": "е"})
_NON_WORD = re.compile(r"[^a-z0-9а-я]+")
_WORD_REF = re.compile(r"<(\w+)>")


def _strip_marks(text: str) -> str:
    # й decomposes to и + breve and loses the breve, in text and patterns alike.
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> list[str]:
    """A message as folded words: "Wadenschmerzen, heiß!" -> ["wadenschmerzen", "heiss"]."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_TEXT_FOLDS)
    return [t for t in _NON_WORD.split(_strip_marks(lowered)) if t]


def fold_pattern(pattern: str, words: Mapping[str, str]) -> re.Pattern[str]:
    """A language file's pattern with its <word> references filled in, folded like the text."""
    expanded = _WORD_REF.sub(lambda m: f"(?:{words[m.group(1)]})", pattern)
    return re.compile(rf"(?<!\w)(?:{_strip_marks(expanded.translate(_PATTERN_FOLDS))})(?!\w)")


def is_negated(tokens: Sequence[str], start: int, negation: Mapping[str, Any]) -> bool:
    """A negator up to `window` words before the match, within the same clause ("no swelling")."""
    for index in range(start - 1, max(-1, start - 1 - negation["window"]), -1):
        word = tokens[index]
        if word in negation["breakers"]:
            return False
        if word in negation["negators"]:
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            return following not in negation["exempt_next"]
    return False


class View:
    """One message's words in one language's spelling, with that language's negation."""

    def __init__(self, tokens: list[str], negation: Mapping[str, Any], fixer: TypoFixer | None = None) -> None:
        self.tokens = [fixer.fix(t) for t in tokens] if fixer else tokens
        self.joined = " ".join(tokens)
        self.negation = negation

    def unnegated(
        self, pattern: re.Pattern[str], unless_after: frozenset[str] = frozenset(), before: int | None = None
    ) -> bool:
        return any(True for _ in self.unnegated_at(pattern, unless_after, before))

    def unnegated_at(
        self, pattern: re.Pattern[str], unless_after: frozenset[str] = frozenset(), before: int | None = None
    ) -> Iterable[tuple[int, int]]:
        """(first, last) word index of each match that is not negated."""
        for match in pattern.finditer(self.joined):
            if before is not None and match.start() > before:
                continue
            index = self.joined.count(" ", 0, match.start())
            if unless_after and set(self.tokens[max(0, index - 2) : index]) & unless_after:
                continue  # "writing for 3 hours": the duration belongs to the activity, not a cramp
            if not is_negated(self.tokens, index, self.negation):
                yield index, self.joined.count(" ", 0, max(match.start(), match.end() - 1))


@dataclass(frozen=True)
class Rule:
    """A phrase (`near` is None) or two patterns within `near` words of each other; `needs` and
    `unless` are signal names (any of `needs` must be present, none of `unless`)."""

    id: str
    level: str
    pattern: re.Pattern[str]
    near: re.Pattern[str] | None
    window: int
    needs: frozenset[str]
    unless: frozenset[str]


@dataclass(frozen=True)
class Language:
    code: str
    negation: Mapping[str, Any]
    cues: re.Pattern[str]
    fixer: TypoFixer
    signals: Mapping[str, re.Pattern[str]]
    rules: tuple[Rule, ...]
    data: Mapping[str, Any]


def load_language(code: str) -> Language:
    data = read_data(f"triage_{code}.json")
    words = {name: _strip_marks(p.translate(_PATTERN_FOLDS)) for name, p in data["words"].items()}
    negation = {key: set(fold(" ".join(value))) for key, value in data["negation"].items() if key != "window"}
    return Language(
        code=code,
        negation={**negation, "window": data["negation"]["window"]},
        cues=fold_pattern(data["cues"], words),
        fixer=TypoFixer(fold(" ".join(data["typo_targets"])), ()),
        signals={name: fold_pattern(p, words) for name, p in data["signals"].items()},
        rules=tuple(_rule(r, words) for r in data["rules"]),
        data=data,
    )


def _rule(raw: Mapping[str, Any], words: Mapping[str, str]) -> Rule:
    return Rule(
        id=raw["id"],
        level=raw.get("level", "urgent"),
        pattern=fold_pattern(raw["pattern"], words),
        near=fold_pattern(raw["near"], words) if "near" in raw else None,
        window=int(raw.get("window", 0)),
        needs=frozenset(raw.get("needs", [])),
        unless=frozenset(raw.get("unless", [])),
    )


def language_signals(view: View, language: Language) -> set[str]:
    return {name for name, pattern in language.signals.items() if view.unnegated(pattern)}


def language_findings(view: View, language: Language, signals: set[str]) -> list[tuple[str, str]]:
    found = []
    for rule in language.rules:
        if (rule.needs and not rule.needs & signals) or rule.unless & signals:
            continue
        if _fires(view, rule):
            found.append((rule.id, rule.level))
    return found


def _fires(view: View, rule: Rule) -> bool:
    if rule.near is None:
        return view.unnegated(rule.pattern)
    firsts = list(view.unnegated_at(rule.pattern))
    if not firsts:
        return False
    return any(
        start - rule.window <= b_end and b_start <= end + rule.window
        for b_start, b_end in view.unnegated_at(rule.near)
        for start, end in firsts
    )
