"""The time zone (handlers/timezone.py): the question, onboarding, locations and typed places."""

from __future__ import annotations

from handlers.texts.reminders import REMINDER_KIND_ICONS

TIMEZONE_SETTINGS_BUTTON = "🌍 Time zone"


TIMEZONE_PROMPT = (
    "🌍 <b>Which time zone are you in?</b>\n"
    "So reminders come at the right local time. Pick one, share your location, "
    "or type a city (<i>Berlin</i>), a zone (<i>Europe/Berlin</i>) or an offset (<i>UTC+2</i>)."
)
TIMEZONE_ONBOARDING = "⏰ I can remind you to drink, stretch and eat well — at your local time. Where are you?"
PICK_ZONE_BUTTON = "🌍 Pick my time zone"
ONBOARDING_LOCATION_BUTTON = "📍 Share location"
NOT_NOW_BUTTON = "Not now"
TIMEZONE_NOT_NOW = "OK, no reminders. /reminders sets them up any time."


def timezone_prompt_for(kind: str) -> str:
    """The zone question when someone tapped an offer of one reminder."""
    return f"{REMINDER_KIND_ICONS[kind]} First, your time zone — so the reminder comes at your local time.\n\n{TIMEZONE_PROMPT}"


SHARE_LOCATION_BUTTON = "📍 Share my location"
SHARE_LOCATION_PROMPT = (
    "Tap the button below to share your location — I only use it to find your time zone and don't store it.\n"
    "No button? Send <code>/location 52.5 13.4</code> (latitude, longitude) or type your city."
)
TIMEZONE_NOT_FOUND = (
    "Hmm, I couldn't find a time zone for that. Try a big city near you (<i>Madrid</i>), "
    "a zone (<i>America/Chicago</i>) or an offset (<i>UTC-5</i>)."
)
LOCATION_NOT_FOUND = "I couldn't tell the time zone from that location. Please pick one or type a city."


def timezone_set(zone_label: str, local_now: str) -> str:
    return f"🌍 Time zone set: <b>{zone_label}</b> (it's {local_now} there now)."


ZONE_OPTIONS_PROMPT = "🌍 Which one do you mean?"


def zone_option(zone_label: str, place: str) -> str:
    """A button when a typed place could be in several zones: "Sevilla, ES · Europe/Madrid"."""
    return f"{place} · {zone_label}" if place else zone_label


LOCATION_USAGE = "Send <code>/location 52.5 13.4</code> (latitude, then longitude) to set your time zone from a place."
