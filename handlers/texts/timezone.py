"""The time zone (handlers/timezone.py): the question, onboarding, locations and typed places."""

from __future__ import annotations

from handlers.i18n import N_, tr
from handlers.texts.reminders import REMINDER_KIND_ICONS

TIMEZONE_SETTINGS_BUTTON = N_("🌍 Time zone")


TIMEZONE_PROMPT = N_(
    "🌍 <b>Which time zone are you in?</b>\n"
    "So reminders come at the right local time. Pick one, share your location, "
    "or type a city (<i>Berlin</i>), a zone (<i>Europe/Berlin</i>) or an offset (<i>UTC+2</i>)."
)
TIMEZONE_ONBOARDING = N_("⏰ I can remind you to drink, stretch and eat well — at your local time. Where are you?")
PICK_ZONE_BUTTON = N_("🌍 Pick my time zone")
ONBOARDING_LOCATION_BUTTON = N_("📍 Share location")
NOT_NOW_BUTTON = N_("Not now")
TIMEZONE_NOT_NOW = N_("OK, no reminders. /reminders sets them up any time.")


def timezone_prompt_for(kind: str) -> str:
    """The zone question when someone tapped an offer of one reminder."""
    first = tr("{icon} First, your time zone — so the reminder comes at your local time.")
    return f"{first.format(icon=REMINDER_KIND_ICONS[kind])}\n\n{tr(TIMEZONE_PROMPT)}"


SHARE_LOCATION_BUTTON = N_("📍 Share my location")
SHARE_LOCATION_PROMPT = N_(
    "Tap the button below to share your location — I only use it to find your time zone and don't store it.\n"
    "No button? Send <code>/location 52.5 13.4</code> (latitude, longitude) or type your city."
)
TIMEZONE_NOT_FOUND = N_(
    "Hmm, I couldn't find a time zone for that. Try a big city near you (<i>Madrid</i>), "
    "a zone (<i>America/Chicago</i>) or an offset (<i>UTC-5</i>)."
)
LOCATION_NOT_FOUND = N_("I couldn't tell the time zone from that location. Please pick one or type a city.")


def timezone_set(zone_label: str, local_now: str) -> str:
    return tr("🌍 Time zone set: <b>{zone}</b> (it's {time} there now).").format(zone=zone_label, time=local_now)


ZONE_OPTIONS_PROMPT = N_("🌍 Which one do you mean?")


def zone_option(zone_label: str, place: str) -> str:
    """A button when a typed place could be in several zones: "Sevilla, ES · Europe/Madrid"."""
    return f"{place} · {zone_label}" if place else zone_label


LOCATION_USAGE = N_(
    "Send <code>/location 52.5 13.4</code> (latitude, then longitude) to set your time zone from a place."
)
