"""Seed-based insights from a diary: which patterns it shows, never a guess from too little.

The patterns are a closed set of named rules (night-heavy, day-heavy, after exercise or heat, a
reason to see a doctor); `data/insights.json` says for each which seed facts to quote (by fact id
in the knowledge store, each cited by its article's title), which reminder to offer, and the
thresholds. A new wording or source is a data change; a new kind of pattern is a new rule here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

from diary.entries import Entry
from diary.stats import counts, recent, week_before

DATA_FILE = Path(__file__).with_name("data") / "insights.json"


@dataclass(frozen=True)
class Rule:
    id: str
    facts: tuple[str, ...]
    offer: str | None


@dataclass(frozen=True)
class Finding:
    """One insight to show: the rule, the numbers behind it and why (for the lead sentence)."""

    rule: Rule
    count: int
    total: int
    reasons: tuple[str, ...] = ()  # doctor only: frequent, rising, severe, warning


@dataclass(frozen=True)
class Insights:
    findings: tuple[Finding, ...]
    too_few: bool  # fewer entries than `min_entries`: patterns are not guessed
    total: int


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def rules() -> dict[str, Rule]:
    return {r["id"]: Rule(r["id"], tuple(r["facts"]), r["offer"]) for r in config()["insights"]}


def fact_ids() -> set[str]:
    return {fact for rule in rules().values() for fact in rule.facts}


def find(entries: Sequence[Entry], now: datetime, zone: tzinfo) -> Insights:
    """The insights of the last `window_days` days, the doctor first."""
    cfg, by_id = config(), rules()
    window = recent(entries, now, cfg["window_days"])
    found: list[Finding] = []
    doctor = doctor_reasons(entries, window, now, zone)
    if doctor:
        found.append(Finding(by_id["doctor"], len(window), len(window), doctor))
    if len(window) < cfg["min_entries"]:
        return Insights(tuple(found), True, len(window))
    found += [f for f in (night_or_day(window, zone, by_id), after_exertion(window, by_id)) if f is not None]
    return Insights(tuple(found), False, len(window))


def night_or_day(window: Sequence[Entry], zone: tzinfo, by_id: dict[str, Rule]) -> Finding | None:
    """Mostly at night, or mostly by day, among entries whose time of day is known."""
    numbers = counts(window, zone)
    timed = numbers.night + numbers.day
    share = config()["mostly_share"]
    if timed >= config()["min_entries"] and numbers.night >= share * timed:
        return Finding(by_id["night"], numbers.night, timed)
    if timed >= config()["min_entries"] and numbers.day >= share * timed:
        return Finding(by_id["day"], numbers.day, timed)
    return None


def after_exertion(window: Sequence[Entry], by_id: dict[str, Rule]) -> Finding | None:
    """Exercise or heat/sweating before a good share of the cramps whose "before" is known."""
    told = [entry for entry in window if entry.before]
    hits = sum(1 for entry in told if {"exercise", "heat"} & set(entry.before))
    if hits >= 2 and hits >= config()["trigger_share"] * len(told):
        return Finding(by_id["exercise"], hits, len(told))
    return None


def doctor_reasons(entries: Sequence[Entry], window: Sequence[Entry], now: datetime, zone: tzinfo) -> tuple[str, ...]:
    """Why the articles' "see a doctor" applies: frequent, getting more frequent, severe, or a
    warning sign (swelling, numbness, weakness) in a note."""
    cfg = config()
    this_week, last_week = week_before(recent(entries, now, 14), now, zone)
    reasons = []
    if this_week >= cfg["frequent_per_week"]:
        reasons.append("frequent")
    elif this_week > last_week >= 1:
        reasons.append("rising")
    if any(entry.severity == "severe" for entry in window):
        reasons.append("severe")
    words = cfg["warning_words"]
    if any(entry.note and any(word in entry.note.lower() for word in words) for entry in window):
        reasons.append("warning")
    return tuple(reasons)


def window_start(now: datetime) -> datetime:
    return now - timedelta(days=config()["window_days"])
