"""Every user-facing string, in one place. HTML parse mode; user text is escaped by the caller."""

from __future__ import annotations

import html

# The seeds' own medical disclaimer, shortened. Shown once at /start and under every answer.
DISCLAIMER = "ℹ️ <i>Information only, not medical advice. When in doubt, ask your doctor.</i>"


def welcome(first_name: str | None) -> str:
    name = f", {html.escape(first_name)}" if first_name else ""
    return (
        f"👋 Hi{name}! I'm <b>Cramp Coach</b>.\n\n"
        "I help you through a muscle cramp right now, explain what may be behind your cramps "
        "(water, minerals, vitamins) and can remind you to drink, stretch and eat well.\n\n"
        f"{DISCLAIMER}\n\n"
        "What would you like to do?"
    )


MENU_PROMPT = "What would you like to do?"

HELP = (
    "<b>How I can help</b>\n\n"
    "• Type a question in your own words, e.g. <i>why do my calves cramp at night?</i>\n"
    "• /cramp — help with a cramp right now, step by step\n"
    "• /check — a quick check of what may cause your cramps\n"
    "• /reminders — drink, stretch and food reminders · /pause them\n"
    "• /settings — time zone, reminders, your data\n"
    "• /privacy — what I store · /export a copy · /forget it all\n"
    "• /start — the main menu\n\n"
    "If you have a swollen, red or warm calf, chest pain or trouble breathing, "
    "<b>get medical help now</b> — don't wait for a bot.\n\n"
    f"{DISCLAIMER}"
)

# Buttons
HELP_BUTTON = "❔ Help"
SETTINGS_BUTTON = "⚙️ Settings"
MENU_BUTTON = "⬅️ Menu"

SETTINGS = "<b>Settings</b>\nChoose what to change."
SETTINGS_EMPTY = "<b>Settings</b>\nThere is nothing to set up yet."

UNKNOWN_COMMAND = "I don't know that command. Here is what I can do:"
PLEASE_TYPE = "I can only read text. 🙂 Please type your question, or pick from the menu:"
GROUP_PLEASE_PRIVATE = "I work in a private chat, where what you tell me stays between us — tap my name and write to me there."
STALE_BUTTON = "This button is out of date."
STALE_BUTTON_MESSAGE = "That button belongs to an old message. Here is the menu again:"
APOLOGY = "😕 Sorry, something went wrong on my side. Please try again — the menu is at /start."

# --- Privacy and data rights ---------------------------------------------------------------
PRIVACY = (
    "<b>What I store about you, and why</b>\n\n"
    "• <b>Profile</b>: your chat id (to reply and send reminders), when you started and were last "
    "here, whether you blocked me (so I stop writing).\n"
    "• <b>Time zone</b> and <b>reminder settings</b>, with a log of reminders you marked done — "
    "so reminders arrive at your local time and show today's count.\n"
    "• <b>Guided check</b> answers and result — so food reminders fit your likely causes.\n"
    "• <b>Cramp walkthroughs</b> and the cramps you chose to log — for your own insights.\n"
    "• <b>What you told me</b> when asking (vegan, pregnant, on water pills, age group, where and when "
    "your cramps come) and the last topic — so follow-up answers fit you.\n\n"
    "I do <b>not</b> keep the questions you type: they are answered and forgotten, and never "
    "written to logs. Nothing is shared with anyone.\n\n"
    "/export sends you all of it as a file; /forget deletes all of it."
)
EXPORT_BUTTON = "📤 Export my data"
FORGET_BUTTON = "🗑 Delete all my data"
PRIVACY_SETTINGS_BUTTON = "🔒 My data & privacy"
EXPORT_CAPTION = "Everything I store about you, as JSON."
EXPORT_NOTHING = "I don't have anything stored about you."
FORGET_CONFIRM = (
    "<b>Delete everything I store about you?</b>\n"
    "Your settings, reminders, check results and cramp log will be gone, and reminders stop. "
    "This can't be undone."
)
FORGET_YES = "Yes, delete everything"
FORGET_NO = "Cancel"
FORGET_DONE = "🗑 Done: everything I stored about you is deleted and reminders are off. /start begins afresh."
FORGET_CANCELLED = "Nothing was deleted."


# ---------------------------------------------------------------- Relief walkthrough (handlers/relief/)
# One short instruction per message; big buttons; the disclaimer only at the start and the end.

RELIEF_MENU_BUTTON = "🆘 I have a cramp now"
RELIEF_COMMAND_DESCRIPTION = "Help with a cramp now"
RELIEF_WHERE = "🆘 Let's ease it together.\n\n<b>Where is the cramp?</b>\n\n" + DISCLAIMER
RELIEF_PLACE_BUTTONS: dict[str, str] = {
    "calf": "🦵 Calf",
    "foot": "🦶 Foot or toes",
    "thigh": "Thigh or hamstring",
    "other": "Somewhere else",
}
RELIEF_NEXT_BUTTON = "✅ Done, next"
RELIEF_DONE_BUTTON = "✅ Done"  # the same button on the last step: nothing "next" follows it
RELIEF_HURTS_BUTTON = "😣 Still hurts"
RELIEF_STOP_BUTTON = "⏹ Stop"
RELIEF_BETTER_BUTTON = "🙂 Better"
RELIEF_BETTER_NOW_BUTTON = "✅ Better now"
RELIEF_EASED_BUTTON = "🙂 It eased now"
RELIEF_STILL_CRAMPING_BUTTON = "😣 Still cramping"
RELIEF_SWOLLEN_BUTTON = "🔴 Swollen, red or warm"
RELIEF_FULL_ADVICE_BUTTON = "📋 When to see a doctor: full advice"
RELIEF_LOG_BUTTON = "📝 Log this cramp"
RELIEF_REMINDER_BUTTON = "⏰ Evening stretch reminder"
RELIEF_AGAIN_BUTTON = "🆘 Start again"
RELIEF_TIMER_BUTTON = "⏱ Time {seconds} s"
# The running timer keeps its slot, so the buttons below it never move under a thumb.
RELIEF_TIMER_RUNNING_BUTTON = "⏱ Running…"
RELIEF_HOW_NOW = "<b>How is it now?</b>"
# Step 1 for a leg: a possible clot must not be stretched, massaged or heated, so say so before that.
RELIEF_CLOT_CHECK: dict[str, str] = {
    "calf": "Calf swollen, red or warm? Don't stretch — tap 🔴.",
    "thigh": "Leg swollen, red or warm? Don't stretch — tap 🔴.",
}
RELIEF_STILL_HURTS = "Sorry it still hurts. Stay with this step a little longer, then go on."
RELIEF_TIMER_RUNNING = "⏱ Timer on. I'll message you when the time is up."
RELIEF_TIMER_ALREADY_RUNNING = "⏱ The timer is running. I'll message you when the time is up."
RELIEF_TIME_UP = "✅ <b>Time's up.</b> Let go slowly."
RELIEF_ROUND = "😣 Sorry it's still cramping.\n<b>Stretch once more and hold {seconds} s.</b>"
RELIEF_BETTER = "🙂 Glad it eased."
RELIEF_AFTERCARE_HEADING = "<b>What helps now:</b>"
RELIEF_PREVENT_HEADING = "<b>To help prevent the next one:</b>"
RELIEF_REMINDER_COMMAND_HINT = "Want an evening stretch reminder? Use /reminders."
RELIEF_STOPPED = "⏹ Stopped. Take care.\n\n" + DISCLAIMER
RELIEF_URGENT = (
    "🔴 <b>Stop stretching, massaging and heating it — it could be a blood clot.</b>\n"
    "Get medical help today: a swollen, red or warm calf or leg needs a doctor. Don't wait."
)
# One threshold everywhere (about ten minutes; an hour means the same day), said calmly.
RELIEF_SEE_A_DOCTOR_IF = (
    "If it hasn't eased within about ten minutes, keeps coming back, or the leg swells, see a doctor — "
    "one that lasts an hour needs a doctor the same day."
)
RELIEF_NOT_EASING = "😣 <b>It hasn't eased yet.</b> Keep stretching gently and keep it warm. " + RELIEF_SEE_A_DOCTOR_IF
RELIEF_TOO_LONG = (
    "⏳ <b>It's been more than ten minutes.</b> Keep stretching gently and keep it warm, "
    "and see a doctor about it — one that lasts an hour needs a doctor the same day."
)
# Aftercare lines said for the "Better" screen (the knowledge text is written for during the cramp).
RELIEF_AFTERCARE_LINES: dict[str, str] = {"cold": "A cold pack can ease leftover soreness."}
# The seeds' general "stretch regularly, and before bed if cramps come at night" advice, said for the
# place (the calf has its own line in the knowledge store).
RELIEF_STRETCH_TIPS: dict[str, str] = {
    "thigh": "Stretch your thighs and hamstrings regularly, and before bed if cramps come at night.",
    "foot": "Stretch your feet regularly, and before bed if cramps come at night.",
    "other": "Stretch regularly, and before bed if cramps come at night.",
}
RELIEF_LOGGED = "📝 Logged. It helps spot patterns later."
RELIEF_ALREADY_LOGGED = "Already logged."
RELIEF_ENDED = "This walkthrough has ended."
RELIEF_ENDED_MESSAGE = "This walkthrough has ended. Start a new one if the cramp is back."
RELIEF_ALREADY_DONE = "Already done — see the latest step."


def relief_timer_button(seconds: int) -> str:
    return RELIEF_TIMER_BUTTON.format(seconds=seconds)


def relief_step(number: int, total: int, instruction: str, hold_seconds: int | None, source: str, note: str = "",
                warning: str = "") -> str:
    """One step: counter, one escaped instruction with how long to hold, an optional warning line
    and note, then the source."""
    extra = f"\n\n{note}" if note else ""
    caution = f"\n{warning}" if warning else ""
    return f"<b>Step {number} of {total}</b>\n{html.escape(with_hold(instruction, hold_seconds))}{caution}{extra}\n\n{source}"


def with_hold(instruction: str, hold_seconds: int | None) -> str:
    """Fold the hold time into an instruction ending "and hold it." (no "hold it. Hold it…"); else its own line."""
    if not hold_seconds:
        return instruction
    if instruction.endswith("hold it."):
        return f"{instruction[:-1]} for about {hold_seconds} seconds."
    return f"{instruction}\nHold it for about {hold_seconds} seconds."


def relief_round(hold_seconds: int, instruction: str, source: str, note: str = "") -> str:
    """The one extra round after "still cramping": the place's stretch again, then its source."""
    extra = f"\n\n{note}" if note else ""
    return f"{RELIEF_ROUND.format(seconds=hold_seconds)}\n{html.escape(instruction)}{extra}\n\n{source}"


def relief_time_up(ask_how: bool) -> str:
    """A new, short message (a new message buzzes the phone; an edit does not)."""
    return RELIEF_TIME_UP + (f"\n\n{RELIEF_HOW_NOW}" if ask_how else "")


def relief_better(aftercare: list[str], aftercare_source: str, prevention: list[str], prevention_source: str,
                  reminder_hint: str = "") -> str:
    """The 'Better' screen: short aftercare and prevention lists (already escaped), sources, disclaimer."""
    parts = [RELIEF_BETTER]
    if aftercare:
        parts.append("\n".join([RELIEF_AFTERCARE_HEADING, *aftercare, aftercare_source]))
    if prevention:
        parts.append("\n".join([RELIEF_PREVENT_HEADING, *prevention, prevention_source]))
    if reminder_hint:
        parts.append(reminder_hint)
    parts.append(DISCLAIMER)
    return "\n\n".join(part.rstrip("\n") for part in parts)


def relief_doctor_short(headline: str, summary_html: str, source: str) -> str:
    """Escalation, kept to a few lines: our headline, the knowledge store's summary, its source."""
    return f"{headline}\n\n{summary_html}" + (f"\n{source}" if source else "") + f"\n\n{DISCLAIMER}"


def relief_doctor(headline: str, advice_html: str) -> str:
    """Escalation in full: our headline, then the knowledge store's advice (HTML, ends with its disclaimer)."""
    return f"{headline}\n\n{advice_html}"


def relief_with_logged(screen: str) -> str:
    """An end screen after "Log this cramp": everything it said stays, the logged line goes below."""
    return f"{screen}\n\n{RELIEF_LOGGED}"
# ---------------------------------------------------------------- end of Relief walkthrough

# --- Questions and the guided check --------------------------------------------------------
ASK_BUTTON = "❓ Ask a question"
ASK_PROMPT = (
    "Type your question in your own words, for example:\n"
    "• <i>why do my calves cramp every night?</i>\n"
    "• <i>tingling feet and cramps, I'm vegan</i>\n"
    "• <i>what should I eat for magnesium?</i>"
)
FOLLOWUP_FOODS = "🥗 Foods that help"
FOLLOWUP_RELIEF = "🆘 Relief now"
FOLLOWUP_DOCTOR = "🩺 When to see a doctor"
FOLLOWUP_REMINDER = "⏰ Set a reminder"
# Buttons under an answer that open more of it (knowledge.models.MORE_BUTTONS).
MORE_WHY = "❓ Why"
MORE_SYMPTOMS = "🔎 Symptoms"
MORE_NEXT = "➡️ More"
CHECK_BUTTON = "🔎 Check my cramps"
CHECK_INTRO = "<b>Cramp check</b> — {count} quick questions, one tap each.\n\n"
CHECK_PROGRESS = "<i>Question {number} of {count}</i>\n\n"
CHECK_MULTI_DONE = "✔️ Done"
CHECK_RETAKE = "🔁 Take the check again"
CHECK_BACK = "⬅️ Back"

# ================================================================ Reminders (handlers/reminders.py)
REMINDERS_BUTTON = "⏰ Reminders"
REMINDER_KIND_NAMES = {"hydration": "💧 Water", "stretch": "🧘 Evening stretch", "food": "🥦 Food idea"}
REMINDER_KIND_ICONS = {"hydration": "💧", "stretch": "🧘", "food": "🥦"}
REMINDER_HEADLINES = {
    "hydration": "💧 <b>Time for a glass of water</b>",
    "stretch": "🧘 <b>Evening stretch</b> — a few minutes before bed",
    "food": "🥦 <b>A food idea for today</b>",
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
    body = "\n".join(f"• {line}" + (f" <i>({hold} s)</i>" if hold else "") for line, hold in zip(lines, holds))
    return f"{REMINDER_HEADLINES[kind]}\n{body}"


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
    zone_label: str, local_now: str, lines: list[str], quiet: str | None, paused_until: str | None,
    next_line: str = "",
) -> str:
    """The /reminders screen; `lines` are one per kind (already formatted), then what comes next."""
    text = (
        "<b>Reminders</b>\n"
        f"Time zone: {zone_label} (now {local_now})\n\n" + "\n".join(lines) +
        (f"\n{next_line}" if next_line else "") +
        f"\n\n🌙 Quiet hours: {quiet or 'off'}"
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


REMINDER_SHORT_NAMES = {"hydration": "Water", "stretch": "Stretch", "food": "Food"}


def reminder_time_button(kind: str, when: str) -> str:
    """Says whose time it is: two kinds' time buttons sit one under the other."""
    return f"🕒 {REMINDER_SHORT_NAMES[kind]} {when}" if kind == "hydration" else f"🕒 {REMINDER_SHORT_NAMES[kind]} at {when}"


def reminder_interval_button(every_h: int) -> str:
    return f"🔁 Water every {every_h} h"


def quiet_button(quiet: str | None) -> str:
    return f"🌙 Quiet hours: {quiet or 'off'}"


PICK_INTERVAL_PROMPT = "<b>💧 Water</b>: how often during your window?"


def interval_choice(every_h: int, per_day: int, current: bool) -> str:
    return f"{'✅ ' if current else ''}every {every_h} h ({per_day} a day)"


PICK_QUIET_PROMPT = "<b>🌙 Quiet hours</b>: nothing is sent inside them."
QUIET_OFF_CHOICE = "No quiet hours"


def choice_label(label: str, current: bool, quiet: bool = False) -> str:
    """A picker choice: ✅ marks the current one, 🌙 one inside quiet hours."""
    return f"{'✅ ' if current else ''}{'🌙 ' if quiet else ''}{label}"


PAUSE_DAY_BUTTON = "⏸ Pause 1 day"
PAUSE_WEEK_BUTTON = "⏸ Pause 1 week"
RESUME_BUTTON = "▶️ Resume now"


def timezone_button(zone_label: str) -> str:
    return f"🌍 Time zone: {zone_label}"


TIMEZONE_SETTINGS_BUTTON = "🌍 Time zone"


def pick_time_prompt(kind: str, quiet: str | None = None) -> str:
    note = f"\n🌙 marks times inside your quiet hours ({quiet}): those aren't sent." if quiet else ""
    return f"<b>{REMINDER_KIND_NAMES[kind]}</b>: pick a time (your local time).{note}"


PICK_WINDOW_PROMPT = "<b>💧 Water</b>: pick your waking window."
BACK_BUTTON = "⬅️ Back"


def paused(until: str) -> str:
    return f"⏸ Reminders paused until {until}. /reminders to resume earlier."


RESUMED = "▶️ Reminders are back on."
PAUSE_USAGE = "Use /pause day, /pause week or /pause off — or tap:"
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
SHARE_LOCATION_PROMPT = "Tap the button below to share your location — I only use it to find your time zone and don't store it."
TIMEZONE_NOT_FOUND = (
    "Hmm, I couldn't find a time zone for that. Try a big city near you (<i>Madrid</i>), "
    "a zone (<i>America/Chicago</i>) or an offset (<i>UTC-5</i>)."
)
LOCATION_NOT_FOUND = "I couldn't tell the time zone from that location. Please pick one or type a city."


def timezone_set(zone_label: str, local_now: str) -> str:
    return f"🌍 Time zone set: <b>{zone_label}</b> (it's {local_now} there now)."


SETTING_SAVED = "Saved"
# ================================================================ end of Reminders
