"""callback_data: versioned prefixes with pack/parse helpers (Telegram allows 64 bytes).

Every button's data is `<prefix>:<part>:<part>...`. The prefix names the feature and the
version of its data layout (`rl1` = relief walkthrough, layout 1), so that a button from an
old message with an older layout is recognised as stale instead of being misread.
"""

from __future__ import annotations

import re

from knowledge.models import PLACES

MAX_CALLBACK_BYTES = 64
SEPARATOR = ":"

# One constant per feature and layout version. Bump the digit when a layout changes.
MENU = "mn1"
RELIEF = "rl1"
CHECK = "ck1"
KNOWLEDGE = "kn2"  # kn2:ask | kn2:<intent>:<topic> (kn1 buttons are stale)
REMINDER_SETTINGS = "rm1"
REMINDER_BUTTONS = "rn1"
PRIVACY = "pv1"
TIMEZONE = "tz1"
DIARY = "dy1"
LANGUAGE = "lg1"  # lg1:ask | lg1:set:<lang>

_PREFIX_RE = re.compile(r"^[a-z]{2}\d$")

# Entry points one feature opens from another's screen. They are built here, in the one shared
# place, so that no feature imports another feature's module.
RELIEF_START = "start"
REMINDER_OFFER = "o"


class CallbackDataError(ValueError):
    """Data that no current button could have produced."""


def pack(prefix: str, *parts: str | int) -> str:
    """Join prefix and parts; refuse anything Telegram would reject."""
    if not _PREFIX_RE.match(prefix):
        raise CallbackDataError(f"bad prefix {prefix!r}")
    texts = [str(part) for part in parts]
    if any(SEPARATOR in text for text in texts):
        raise CallbackDataError(f"a part contains {SEPARATOR!r}: {texts!r}")
    data = SEPARATOR.join([prefix, *texts])
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise CallbackDataError(f"callback_data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None) -> tuple[str, list[str]]:
    """Split data into (prefix, parts); raises CallbackDataError for anything malformed."""
    if not data or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise CallbackDataError("empty or oversized callback_data")
    prefix, *parts = data.split(SEPARATOR)
    if not _PREFIX_RE.match(prefix):
        raise CallbackDataError(f"bad prefix in {data!r}")
    return prefix, parts


def pattern(prefix: str) -> str:
    """Regex for CallbackQueryHandler that matches exactly this prefix's buttons."""
    return f"^{re.escape(prefix)}({re.escape(SEPARATOR)}|$)"


def relief_start_data(place: str | None = None) -> str:
    """A "relief now" button: "rl1:start", or "rl1:start:<place>" to start at that place's step 1."""
    if place is not None and place not in PLACES:
        raise ValueError(f"unknown place {place!r}")
    return pack(RELIEF, RELIEF_START) if place is None else pack(RELIEF, RELIEF_START, place)


def reminder_offer_data(kind: str) -> str:
    """A "remind me to <kind>" button: opens the reminder settings in a new message with that kind
    offered (the reminders feature checks the kind when the button is tapped)."""
    return pack(REMINDER_SETTINGS, REMINDER_OFFER, kind)
