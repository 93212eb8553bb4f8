"""Small Telegram-HTML helpers shared by the composer, the check and the relief walkthrough."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from html import escape as _html_escape

# Telegram HTML needs only <, > and & escaped in text.
escape = partial(_html_escape, quote=False)

# A guided-check result lists several causes, so it may run longer than an answer.
CHECK_MAX_TEXT = 3500
# The first screen of an answer: about eight lines on a phone.
MAX_TEXT = 600
BULLET = "•"


def source_line(sources: Sequence[str], titles: Mapping[str, str], limit: int = 2) -> str:
    """ "Sources: <short article titles>": never a file name; unknown files are left out."""
    named = list(dict.fromkeys(titles[name] for name in sources if name in titles))[:limit]
    return f"<i>Sources: {escape('; '.join(named))}</i>" if named else ""


def bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"{BULLET} {escape(line)}" for line in lines)


def assemble(sections: Sequence[str], tail: Sequence[str], limit: int) -> str:
    """Join sections, dropping the least important (last) middle ones until the text fits `limit`."""
    kept = [section for section in sections if section]
    tail_kept = [section for section in tail if section]
    text = "\n\n".join(kept + tail_kept)
    while len(text) > limit and len(kept) > 1:
        kept.pop(-1)
        text = "\n\n".join(kept + tail_kept)
    return text
