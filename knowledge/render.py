"""Turning topic entries into Telegram HTML (only <b> and <i>; everything else escaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from html import escape as _html_escape
from typing import Any
import re

# Telegram HTML needs only <, > and & escaped in text.
escape = partial(_html_escape, quote=False)

# A guided-check result lists several causes, so it may run longer than an answer.
CHECK_MAX_TEXT = 3500
# Answers stay readable on a phone; the assembler drops the least important sections to fit.
MAX_TEXT = 1200
BULLET = "•"
# Sections an answer shows at most, so it stays readable on a phone.
MAX_BULLETS = 3
MAX_FOODS = 6
SAFETY_LABEL = "This is general safety advice."
# Sentences shorter than this many words ("Then:") are labels, not content; the duplicate check skips them.
_MIN_SENTENCE_WORDS = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A "Why" sentence sharing this share of its words with the opening only repeats it.
_REPEAT_SHARE = 0.5


def source_line(sources: Sequence[str], titles: Mapping[str, str], limit: int = 2) -> str:
    """"Source: 001_….txt (leg cramps article)": at most `limit` files, short enough for a phone."""
    named = [f"{name} ({_short_title(titles.get(name, 'Article'))})" for name in sources[:limit]]
    return f"<i>Source: {escape('; '.join(named))}</i>" if named else ""


def safety_line() -> str:
    """Under triage advice: it is standard urgent-care advice, not a fact from the seed articles."""
    return f"<i>{escape(SAFETY_LABEL)}</i>"


def _short_title(title: str) -> str:
    """"Leg cramps article" -> "leg cramps": the file name already says it is a source."""
    short = title.removesuffix(" article").removesuffix(" note")
    return short[:1].lower() + short[1:]


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"{BULLET} {escape(line)}" for line in lines)


def topic_sections(entry: Mapping[str, Any], place_note: str = "", relief_lines: Sequence[str] = (),
                   direct: str = "", lead: str = "", foods: Sequence[str] | None = None,
                   title: str = "", skip_lead: bool = False, caution: str | None = None) -> list[str]:
    """Sections in reading order: the answer itself (its first sentence in bold, never a bare topic label),
    one "Why" if it adds something, foods as one line, at most three things to do now, one short caution.

    `direct` answers the kind of question asked ("is it serious?", "what should I eat?") in a sentence or
    two, before the topic's general lead (or `lead`, when the stock lead would not fit, e.g. a calf stretch
    for a hand cramp); lead sentences that only repeat it are left out. `foods` replaces the entry's foods
    (a vegan list); `title` is an immediate step that heads the answer (a cramp happening now); `caution`
    replaces the entry's own (a place- or person-appropriate warning; "" for none).
    """
    lead = "" if skip_lead else (lead or entry["lead"])
    opening = " ".join(part for part in (direct, _new_sentences(lead, direct)) if part)
    if title:
        sections = [f"<b>{escape(title)}</b>" + (f"\n{escape(opening)}" if opening else "")]
    else:
        sections = [_bold_first_sentence(opening or entry["title"])]
    shown = opening
    if place_note:
        sections.append(escape(place_note))
    why = next(iter(entry.get("why", [])), "")
    if why and not _repeats(why, shown) and entry.get("kind") != "advice":
        sections.append("<b>Why:</b> " + escape(why))
    food_list = list(entry.get("foods", []) if foods is None else foods)
    if food_list and not _lists_foods(shown, food_list):
        sections.append("<b>Foods:</b> " + escape(", ".join(food_list[:MAX_FOODS])) + ".")
    do_now = [line for line in (list(relief_lines) or list(entry.get("do_now", []))) if not _repeats(line, shown)]
    if do_now:
        label = "Then:" if title else ("During a cramp:" if relief_lines else "What to do now:")
        sections.append(f"<b>{label}</b>\n" + bullets(do_now[:MAX_BULLETS]))
    caution = next(iter(entry.get("cautions", [])), "") if caution is None else caution
    if caution and not _repeats(caution, shown):
        sections.append("<i>" + escape(caution) + "</i>")
    return sections


def _bold_first_sentence(text: str) -> str:
    """The first sentence answers, so it is the bold line; the rest follows as plain text."""
    first, *rest = _SENTENCE_END.split(text.strip(), maxsplit=1)
    return f"<b>{escape(first)}</b>" + (f"\n{escape(rest[0])}" if rest else "")


def _new_sentences(text: str, already: str) -> str:
    """The sentences of `text` that don't repeat `already`."""
    if not already:
        return text
    return " ".join(part for part in _SENTENCE_END.split(text) if part and not _repeats(part, already))


def _lists_foods(shown: str, foods: Sequence[str]) -> bool:
    """True when the opening already lists most of these foods ("Foods for magnesium: spinach, ...")."""
    lowered = shown.lower()
    return sum(food.lower() in lowered for food in foods) * 2 > len(foods)


def sentences(text: str) -> list[str]:
    """Content sentences of an answer in plain text (markup and bullets stripped), lower-cased, for checks."""
    plain = re.sub(r"</?[bi]>", "", text)
    found: list[str] = []
    for line in plain.split("\n"):
        for part in _SENTENCE_END.split(line.strip().removeprefix(BULLET).strip()):
            if len(part.split()) >= _MIN_SENTENCE_WORDS:
                found.append(part.strip().lower())
    return found


def _words(text: str) -> set[str]:
    return {word for word in "".join(c if c.isalnum() else " " for c in text.lower()).split() if len(word) > 3}


def _repeats(sentence: str, opening: str) -> bool:
    """True when most of the sentence's words already appear in the opening."""
    words = _words(sentence)
    return bool(words) and len(words & _words(opening)) / len(words) >= _REPEAT_SHARE


def assemble(sections: Sequence[str], tail: Sequence[str], limit: int = MAX_TEXT) -> str:
    """Join sections, dropping the least important middle ones until the text fits `limit`.

    The first section (the direct answer) and the tail (source, disclaimer) are always kept.
    """
    kept = [section for section in sections if section]
    tail_kept = [section for section in tail if section]
    text = "\n\n".join(kept + tail_kept)
    while len(text) > limit and len(kept) > 1:
        kept.pop(-1)
        text = "\n\n".join(kept + tail_kept)
    if len(text) > limit:
        # Only reachable with absurd data; cut plain text so markup stays balanced.
        text = escape(text[: limit - 20])
    return text
