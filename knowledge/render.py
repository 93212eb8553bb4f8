"""Turning topic entries into Telegram HTML (only <b> and <i>; everything else escaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from html import escape as _html_escape
from typing import Any

# Telegram HTML needs only <, > and & escaped in text.
escape = partial(_html_escape, quote=False)

MAX_TEXT = 3500
BULLET = "•"


def source_line(sources: Sequence[str], titles: Mapping[str, str], limit: int = 3) -> str:
    named = [f"{titles.get(name, 'Article')} ({name})" for name in sources[:limit]]
    more = len(sources) - limit
    suffix = f" and {more} more" if more > 0 else ""
    return f"<i>Source: {escape('; '.join(named))}{suffix}</i>" if named else ""


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"{BULLET} {escape(line)}" for line in lines)


def topic_sections(entry: Mapping[str, Any], place_note: str = "", relief_lines: Sequence[str] = (),
                   direct: str = "", lead: str = "") -> list[str]:
    """Sections in reading order: direct answer, why, foods, what to do now, cautions.

    `direct` answers the kind of question asked ("is it serious?", "what should I eat?") in a sentence or
    two and goes right under the title, before the topic's general lead (or `lead`, when the stock lead
    would not fit, e.g. a calf stretch for a hand cramp).
    """
    lead = lead or entry["lead"]
    opening = f"{direct}\n{lead}" if direct else lead
    sections = [f"<b>{escape(entry['title'])}</b>\n{escape(opening)}"]
    if place_note:
        sections.append(escape(place_note))
    why = list(entry.get("why", []))
    if entry.get("pattern") and entry.get("kind") == "nutrient":
        why.append(entry["pattern"])
    if why:
        sections.append("<b>Why:</b> " + escape(" ".join(why)))
    if entry.get("foods"):
        sections.append("<b>Foods:</b> " + escape(", ".join(entry["foods"])) + ".")
    do_now = list(relief_lines) or list(entry.get("do_now", []))
    if do_now:
        sections.append("<b>What to do now:</b>\n" + bullets(do_now))
    if entry.get("cautions"):
        sections.append("<i>" + escape(" ".join(entry["cautions"])) + "</i>")
    return sections


def assemble(sections: Sequence[str], tail: Sequence[str]) -> str:
    """Join sections, dropping the least important middle ones until the text fits MAX_TEXT.

    The first section (the direct answer) and the tail (source, disclaimer) are always kept.
    """
    kept = [section for section in sections if section]
    tail_kept = [section for section in tail if section]
    text = "\n\n".join(kept + tail_kept)
    while len(text) > MAX_TEXT and len(kept) > 1:
        kept.pop(-1)
        text = "\n\n".join(kept + tail_kept)
    if len(text) > MAX_TEXT:
        # Only reachable with absurd data; cut plain text so markup stays balanced.
        text = escape(text[: MAX_TEXT - 20])
    return text
