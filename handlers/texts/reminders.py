"""Reminders (handlers/reminders.py, reminder_screens.py, reminder_pickers.py): the reminders
themselves, the settings screens and pickers, pause, and the recommended set."""

from __future__ import annotations

REMINDERS_BUTTON = "⏰ Reminders"
REMINDER_KIND_NAMES = {
    "hydration": "💧 Water",
    "stretch": "🧘 Evening stretch",
    "food": "🥦 Food idea",
    "weekly": "📓 Weekly summary",
}
REMINDER_KIND_ICONS = {"hydration": "💧", "stretch": "🧘", "food": "🥦", "weekly": "📓"}
REMINDER_HEADLINES = {
    "hydration": "💧 <b>Time for a glass of water</b>",
    "stretch": "🧘 <b>Evening stretch</b> — a few minutes before bed",
    "food": "🥦 <b>A food idea for today</b>",
    "weekly": "📓 <b>Your week in the diary</b>",
}
REMINDER_DONE = "✅ Done"
REMINDER_SNOOZE = "⏰ Snooze 30 min"
REMINDER_OFF = "🔕 Turn off this reminder"
REMINDER_SETTINGS_BUTTON = "⚙️ Reminder settings"
REMINDER_UNDO_OFF = "↩️ Turn it back on"


def reminder_message(kind: str, lines: list[str], holds: list[int | None]) -> str:
    """A reminder: headline, then the (already escaped) tip lines; stretches show how long to hold."""
    if len(lines) == 1:
        return f"{REMINDER_HEADLINES[kind]}\n{lines[0]}"
    body = "\n".join(
        f"• {line}" + (f" <i>({hold} s)</i>" if hold else "") for line, hold in zip(lines, holds, strict=False)
    )
    return f"{REMINDER_HEADLINES[kind]}\n{body}"


def reminder_missed_note(kinds: tuple[str, ...] | list[str]) -> str:
    """Said in the next reminder after one was dropped for arriving too late."""
    names = ", ".join(
        REMINDER_KIND_NAMES[kind].split(" ", 1)[1].lower() for kind in kinds if kind in REMINDER_KIND_NAMES
    )
    return (
        f"<i>(Telegram was busy, so your earlier {names or 'reminder'} reminder was skipped rather than sent late.)</i>"
    )


def reminder_done_line(kind: str, count: int) -> str:
    if kind == "hydration":
        return f"✅ Done — {count} {'glass' if count == 1 else 'glasses'} today. Nice!"
    return "✅ Done. Well done!"


def reminder_done_answer(kind: str, count: int) -> str:
    return f"Logged: {count} today 💧" if kind == "hydration" else "Logged ✅"


def reminder_already_done_answer(kind: str, count: int) -> str:
    return f"Already logged: {count} today 💧" if kind == "hydration" else "Already logged ✅"


def reminder_snoozed(hhmm: str) -> str:
    return f"⏰ Snoozed — I'll remind you again at {hhmm}."


def reminder_turned_off(kind: str) -> str:
    return f"🔕 {REMINDER_KIND_NAMES[kind]} reminders are off. You can turn them on again in /reminders."


def reminder_turned_on(kind: str) -> str:
    return f"🔔 {REMINDER_KIND_NAMES[kind]} reminders are on again."


REMINDER_OFF_ANSWER = "Turned off"
REMINDER_ON_ANSWER = "Turned on"
REMINDER_SNOOZE_ANSWER = "Snoozed for 30 minutes"


def reminders_overview(
    zone_label: str,
    local_now: str,
    lines: list[str],
    quiet: str | None,
    paused_until: str | None,
    next_line: str = "",
) -> str:
    """The /reminders screen; `lines` are one per kind (already formatted), then what comes next."""
    text = (
        "<b>Reminders</b>\n"
        f"Time zone: {zone_label} (now {local_now})\n\n"
        + "\n".join(lines)
        + (f"\n{next_line}" if next_line else "")
        + f"\n\n🌙 Quiet hours: {quiet or 'off'}"
    )
    if paused_until:
        text += f"\n⏸ <b>Paused</b> until {paused_until}"
    return text + "\n\nTap to change:"


def reminder_kind_line(kind: str, on: bool, when: str, warning: str = "") -> str:
    state = f"on — {when}" if on else "off"
    return f"{REMINDER_KIND_NAMES[kind]}: {state}" + (f"\n   {warning}" if warning else "")


QUIET_ALL_WARNING = "🌙 <i>inside quiet hours — won't be sent</i>"


def quiet_some_warning(inside: int, total: int) -> str:
    return f"🌙 <i>{inside} of {total} inside quiet hours — those are skipped</i>"


def quiet_time_answer(hhmm: str, quiet: str) -> str:
    """The tap answer when someone picks a time inside their quiet hours (shown as an alert)."""
    return f"Saved — but {hhmm} is inside your quiet hours ({quiet}), so it won't be sent. Pick another time or change quiet hours."


def next_reminder_line(kind: str, day: str, hhmm: str) -> str:
    return f"Next: {REMINDER_KIND_ICONS[kind]} {day} {hhmm}"


NEXT_NONE_LINE = "Next: nothing planned"
DAY_TODAY = "today"
DAY_TOMORROW = "tomorrow"


# Standard safety advice: some people (heart or kidney conditions) are told to limit fluids.
FLUID_LIMIT_NOTE = "<i>If your doctor told you to limit fluids, turn water reminders off.</i>"


def reminders_started(parts: list[str], next_line: str, water_on: bool) -> str:
    """After the zone is set the first time: what is on, in one line, and what comes next."""
    label = "Reminder on" if len(parts) == 1 else "Reminders on"
    note = f"\n{FLUID_LIMIT_NOTE}" if water_on else ""
    return f"⏰ <b>{label}:</b> {' · '.join(parts)}\n{next_line}{note}\nChange anything below."


def started_part(kind: str, when: str) -> str:
    return f"{REMINDER_KIND_ICONS[kind]} {REMINDER_KIND_NAMES[kind].split(' ', 1)[1].lower()} {when}"


def hydration_short(start: str, end: str, every_h: int) -> str:
    return f"every {every_h} h, {start}–{end}"


def offer_turned_on(kind: str, when: str) -> str:
    return f"🔔 {REMINDER_KIND_NAMES[kind]} is on — {when}."


def hydration_when(start: str, end: str, every_h: int) -> str:
    return f"{start}–{end}, every {every_h} h"


def reminder_toggle_button(kind: str, on: bool) -> str:
    return f"{REMINDER_KIND_NAMES[kind]}: {'on ✅' if on else 'off'}"


REMINDER_SHORT_NAMES = {"hydration": "Water", "stretch": "Stretch", "food": "Food", "weekly": "Summary"}


def weekly_when(hhmm: str) -> str:
    return f"Sundays {hhmm}"


def reminder_time_button(kind: str, when: str) -> str:
    """Says whose time it is: two kinds' time buttons sit one under the other."""
    return (
        f"🕒 {REMINDER_SHORT_NAMES[kind]} {when}"
        if kind == "hydration"
        else f"🕒 {REMINDER_SHORT_NAMES[kind]} at {when}"
    )


def reminder_interval_button(every_h: int) -> str:
    return f"🔁 Water every {every_h} h"


def quiet_button(quiet: str | None) -> str:
    return f"🌙 Quiet hours: {quiet or 'off'}"


PICK_INTERVAL_PROMPT = "<b>💧 Water</b>: how often during your window?"


def interval_choice(every_h: int, per_day: int, current: bool) -> str:
    return f"{'✅ ' if current else ''}every {every_h} h ({per_day} a day)"


PICK_QUIET_PROMPT = "<b>🌙 Quiet hours</b>: nothing is sent inside them. Pick, or type them (<i>22:30-6:30</i>)."
QUIET_OFF_CHOICE = "No quiet hours"


def choice_label(label: str, current: bool, quiet: bool = False) -> str:
    """A picker choice: ✅ marks the current one, 🌙 one inside quiet hours."""
    return f"{'✅ ' if current else ''}{'🌙 ' if quiet else ''}{label}"


PAUSE_DAY_BUTTON = "⏸ Pause 1 day"
PAUSE_WEEK_BUTTON = "⏸ Pause 1 week"
RESUME_BUTTON = "▶️ Resume now"


def timezone_button(zone_label: str) -> str:
    return f"🌍 Time zone: {zone_label}"


def pick_time_prompt(kind: str, quiet: str | None = None) -> str:
    note = f"\n🌙 marks times inside your quiet hours ({quiet}): those aren't sent." if quiet else ""
    return f"<b>{REMINDER_KIND_NAMES[kind]}</b>: pick a time or type one (<i>22:15</i>, <i>10:15pm</i>), your local time.{note}"


PICK_WINDOW_PROMPT = "<b>💧 Water</b>: pick your waking window, or type one (<i>7-19</i>)."
BACK_BUTTON = "⬅️ Back"


def paused(until: str) -> str:
    return f"⏸ Reminders paused until {until}. /reminders to resume earlier."


RESUMED = "▶️ Reminders are back on."
PAUSE_USAGE = "Use /pause day, /pause week or /pause off — or tap:"


SETTING_SAVED = "Saved"
TURN_THESE_ON_BUTTON = "✅ Turn these on"
CHOOSE_MY_OWN_BUTTON = "⚙️ Choose my own"


def recommended_line(kind: str, times: list[str]) -> str:
    return f"{REMINDER_KIND_NAMES[kind]}: {', '.join(times)}"


def recommended_reminders(lines: list[str], per_day: int) -> str:
    """The offer after the zone is set: exactly what would come and when; nothing is on yet."""
    body = "\n".join(lines)
    return (
        f"⏰ <b>Recommended reminders</b> — {per_day} a day, at your local time:\n{body}\n"
        f"{FLUID_LIMIT_NOTE}\nNothing is on until you tap below."
    )
