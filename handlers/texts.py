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
    "• /diary — log a cramp in a few taps, see your history, chart and patterns · /report for your doctor\n"
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
GROUP_PLEASE_PRIVATE = (
    "I work in a private chat, where what you tell me stays between us — tap my name and write to me there."
)
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
    "• <b>Cramp walkthroughs</b> and your <b>cramp diary</b> (when, where, how bad, what came before, your "
    "notes) — for your history, chart, insights and the report for your doctor.\n"
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
RELIEF_LOGGED = "📝 Logged in your /diary — it helps spot patterns."
RELIEF_ALREADY_LOGGED = "Already logged."
RELIEF_ENDED = "This walkthrough has ended."
RELIEF_ENDED_MESSAGE = "This walkthrough has ended. Start a new one if the cramp is back."
RELIEF_ALREADY_DONE = "Already done — see the latest step."


def relief_timer_button(seconds: int) -> str:
    return RELIEF_TIMER_BUTTON.format(seconds=seconds)


def relief_step(
    number: int, total: int, instruction: str, hold_seconds: int | None, source: str, note: str = "", warning: str = ""
) -> str:
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


def relief_better(
    aftercare: list[str], aftercare_source: str, prevention: list[str], prevention_source: str, reminder_hint: str = ""
) -> str:
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


TIMEZONE_SETTINGS_BUTTON = "🌍 Time zone"


def pick_time_prompt(kind: str, quiet: str | None = None) -> str:
    note = f"\n🌙 marks times inside your quiet hours ({quiet}): those aren't sent." if quiet else ""
    return f"<b>{REMINDER_KIND_NAMES[kind]}</b>: pick a time or type one (<i>22:15</i>, <i>10:15pm</i>), your local time.{note}"


PICK_WINDOW_PROMPT = "<b>💧 Water</b>: pick your waking window, or type one (<i>7-19</i>)."
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


SETTING_SAVED = "Saved"
TURN_THESE_ON_BUTTON = "✅ Turn these on"
CHOOSE_MY_OWN_BUTTON = "⚙️ Choose my own"
ZONE_OPTIONS_PROMPT = "🌍 Which one do you mean?"


def recommended_line(kind: str, times: list[str]) -> str:
    return f"{REMINDER_KIND_NAMES[kind]}: {', '.join(times)}"


def recommended_reminders(lines: list[str], per_day: int) -> str:
    """The offer after the zone is set: exactly what would come and when; nothing is on yet."""
    body = "\n".join(lines)
    return (
        f"⏰ <b>Recommended reminders</b> — {per_day} a day, at your local time:\n{body}\n"
        f"{FLUID_LIMIT_NOTE}\nNothing is on until you tap below."
    )


def zone_option(zone_label: str, place: str) -> str:
    """A button when a typed place could be in several zones: "Sevilla, ES · Europe/Madrid"."""
    return f"{place} · {zone_label}" if place else zone_label


# ================================================================ Reminder wishes (typed)
UNDO_BUTTON = "↩️ Undo"
UNDONE = "↩️ Undone — your reminders are as they were."
UNDONE_ANSWER = "Undone"
WISH_NOT_POSSIBLE = (
    "I can't set that one. Water can come every 1–4 hours inside a window that starts before it ends; "
    "/reminders shows every choice."
)
WISH_NOTHING_TO_SNOOZE = "There is no reminder to snooze yet. /reminders shows what is planned."


def _kind_name(kind: str) -> str:
    return REMINDER_KIND_NAMES[kind]


def wish_off(kinds: list[str], all_kinds: bool) -> str:
    if all_kinds:
        return "🔕 All reminders are off."
    names = " and ".join(_kind_name(kind) for kind in kinds)
    return f"🔕 {names}: off."


def wish_on(kind: str, when: str) -> str:
    return f"🔔 {_kind_name(kind)}: on — {when}."


def wish_on_many(parts: list[tuple[str, str]]) -> str:
    return "🔔 " + " · ".join(f"{_kind_name(kind)}: on — {when}" for kind, when in parts) + "."


def wish_time(kind: str, shown: str) -> str:
    """The time as the person wrote it (9:30 pm, or 21:30)."""
    return f"🔔 {_kind_name(kind)}: on, at {shown} every day."


def wish_paused(until: str) -> str:
    return f"⏸ Reminders paused until {until}."


def wish_snoozed(kind: str, hhmm: str) -> str:
    return f"😴 {_kind_name(kind)} again at {hhmm}."


def time_set(kind: str, shown: str) -> str:
    """A time typed at a picker, confirmed in the person's format."""
    return f"🕒 {_kind_name(kind)}: {shown}."


def quiet_set(span: str) -> str:
    return f"🌙 Quiet hours: {span}."


# ================================================================ Typed words elsewhere
RELIEF_MOVED_ON = "Let's try the next step — it may help more."
RELIEF_TYPED_NOT_HERE = "Tap a button on the latest step — or type <i>better</i>, <i>worse</i> or <i>stop</i>."
RELIEF_TIME_UP_BUZZ = "⏰ Time's up — let go slowly."
SMALL_TALK: dict[str, str] = {
    "thanks": "You're welcome 🙂 I'm here whenever a cramp starts.",
    "yes": "👍 Anything else? Ask me about cramps, or tap below.",
    "no": "OK 🙂 I'm here if you need me.",
    "hello": "Hi! 👋 Ask me about cramps, or tap below.",
    "emoji": "Here's what I can do:",
}
LOCATION_USAGE = "Send <code>/location 52.5 13.4</code> (latitude, then longitude) to set your time zone from a place."
# ================================================================ end of Reminders


# --- the cramp diary (/diary, /report) ------------------------------------------------------------
DIARY_MENU_BUTTON = "📓 Diary"
DIARY_COMMAND_DESCRIPTION = "Your cramp diary: log, history, chart"
REPORT_COMMAND_DESCRIPTION = "A PDF report of your cramps for your doctor"
DIARY_PLACES = {"calf": "🦵 Calf", "foot": "🦶 Foot or toes", "thigh": "Thigh", "other": "Other"}
DIARY_PLACE_WORDS = {"calf": "calf", "foot": "foot or toes", "thigh": "thigh", "other": "other"}
DIARY_WHEN = {"now": "Just now", "night": "Last night", "today": "Earlier today"}
DIARY_ANOTHER_DAY = "Another day…"
DIARY_SEVERITIES = {"mild": "Mild", "bad": "Bad", "severe": "Severe"}
DIARY_TRIGGERS = {
    "exercise": "Exercise",
    "heat": "Heat or sweating",
    "standing": "Long standing or sitting",
    "medicine": "A new medicine",
    "none": "None of these",
}
DIARY_TRIGGER_WORDS = {
    "exercise": "after exercise",
    "heat": "heat or sweating",
    "standing": "long standing or sitting",
    "medicine": "a new medicine",
    "none": "nothing special before",
}
DIARY_PERIOD_ICONS = {"night": "🌙", "day": "☀️", "unknown": "📅"}
DIARY_HISTORY_BUTTON = "📜 History"
DIARY_CHART_BUTTON = "📊 Chart"
DIARY_INSIGHTS_BUTTON = "💡 Insights"
DIARY_REPORT_BUTTON = "📄 Report for the doctor"
DIARY_LAST_BUTTON = "✏️ Last entry"
DIARY_BACK_BUTTON = "‹ Diary"
DIARY_BACK_TO_ENTRY = "‹ Back"
DIARY_DONE_BUTTON = "✓ Done"
DIARY_NOTE_BUTTON = "✍️ Add a note"
DIARY_DELETE_BUTTON = "🗑 Delete"
DIARY_MOVE_BUTTON = "📍 Where / when"
DIARY_DELETE_YES = "Yes, delete it"
DIARY_DELETE_NO = "No, keep it"
DIARY_NEWER = "‹ Newer"
DIARY_OLDER = "Older ›"
DIARY_CHART_7 = "7 days"
DIARY_CHART_30 = "30 days"
DIARY_WEEKLY_ON_BUTTON = "🔔 Weekly summary: on"
DIARY_WEEKLY_OFF_BUTTON = "🔕 Weekly summary: off"
DIARY_ALREADY_LOGGED = "Already logged."
DIARY_ENTRY_GONE = "That entry is no longer in your diary."
DIARY_DELETED = "🗑 Deleted."
DIARY_NOTE_SAVED = "✍️ Note saved."
DIARY_NOTE_ASK = (
    "✍️ Type your note in one message (up to 500 characters), e.g. <i>after a long walk in the heat</i>.\n"
    "/diary to skip."
)
DIARY_DELETE_CONFIRM = "Delete this entry? This can't be undone."
DIARY_MAKING_REPORT = "📄 Making your report…"
DIARY_REPORT_CAPTION = "📄 Your cramp report for the last 30 days: for you and your doctor. Only you got this file."
DIARY_REPORT_NOTHING = "There is nothing in your diary for the last 30 days yet, so there is no report to make."
DIARY_EMPTY_HISTORY = "No cramps logged in the last 30 days."
DIARY_INSIGHTS_HEAD = "💡 <b>What your diary shows</b>"
DIARY_TOO_FEW = (
    "You have {count} {cramps} in the last 30 days. With fewer than 3 I can't see a pattern yet, "
    "so I won't guess: log each cramp and look again."
)
DIARY_NO_PATTERN = "No clear pattern yet: your cramps are spread over night and day, and no trigger stands out."
DIARY_INSIGHT_LEADS = {
    "night": "🌙 <b>Most of your cramps come at night</b> ({count} of {total} with a known time).",
    "day": "☀️ <b>Most of your cramps come by day</b> ({count} of {total} with a known time).",
    "exercise": "🏃 <b>Exercise or heat came before {count} of {total}</b> cramps where you noted what came before.",
    "doctor": "🩺 <b>Worth seeing a doctor</b>: {reasons}.",
}
DIARY_DOCTOR_REASONS = {
    "frequent": "3 or more cramps in the last 7 days",
    "rising": "more cramps this week than the week before",
    "severe": "you logged a severe cramp",
    "warning": "a note mentions swelling, numbness, tingling or weakness",
}
DIARY_OFFERS = {"stretch": "🧘 Remind me to stretch in the evening", "hydration": "💧 Remind me to drink water"}
DIARY_CHART_LABELS = {
    "night": "Night (22–06)",
    "day": "Day",
    "unknown": "Time not known",
    "water": "Water reminder done",
}
DIARY_WEEKLY_OFF = "🔕 Weekly summary off."
DIARY_OPEN_BUTTON = "📓 Open the diary"
DIARY_WEEKLY_STOP_BUTTON = "🔕 No more weekly summaries"


def _cramps(count: int) -> str:
    return "cramp" if count == 1 else "cramps"


def diary_home(week: int, month: int, night: int, day: int, last: str | None) -> str:
    if month == 0 and last is None:
        return (
            "📓 <b>Your cramp diary</b>\n"
            "Nothing logged yet. Logging takes three taps, and after a few entries I can show you "
            "patterns, a chart and a report for your doctor.\n\n<b>Log a cramp</b> — where was it?"
        )
    lines = [
        "📓 <b>Your cramp diary</b>",
        f"Last 7 days: <b>{week}</b> · last 30 days: <b>{month}</b> ({night} at night, {day} by day)",
    ]
    if last is not None:
        lines.append(f"Last: {last}")
    return "\n".join(lines) + "\n\n<b>Log a cramp</b> — where was it?"


def diary_when(place: str) -> str:
    return f"📓 {html.escape(DIARY_PLACE_WORDS.get(place, place)).capitalize()} cramp — <b>when?</b>"


def diary_move(line: str) -> str:
    return f"📍 Change where and when of\n{line}\n\n<b>Where was it?</b>"


def diary_pick_day(place: str) -> str:
    return f"📓 {html.escape(DIARY_PLACE_WORDS.get(place, place)).capitalize()} cramp — <b>which day?</b>"


def diary_entry_line(
    when: str, period: str, place: str, severity: str | None, before: list[str], note: str | None, relief: bool
) -> str:
    """One entry in a list: icon, local time, where, how bad, what came before, the note (escaped)."""
    parts = [f"{DIARY_PERIOD_ICONS.get(period, '')} {when}", DIARY_PLACE_WORDS.get(place, place)]
    if severity:
        parts.append(DIARY_SEVERITIES.get(severity, severity).lower())
    parts += [DIARY_TRIGGER_WORDS[t] for t in before if t in DIARY_TRIGGER_WORDS]
    if relief:
        parts.append("walkthrough")
    line = " · ".join(parts)
    if note:
        line += f" — <i>{html.escape(note)}</i>"
    return line


def diary_entry_screen(line: str, logged_now: bool) -> str:
    head = "✅ <b>Logged.</b>" if logged_now else "✏️ <b>Your last entry</b>"
    return f"{head}\n{line}\n\nHow bad was it, and what came before? (optional)"


def diary_history(
    total: int, night: int, day: int, unknown: int, weeks: list[str], lines: list[str], page: int, pages: int
) -> str:
    head = f"📜 <b>Last 30 days</b>: {total} {_cramps(total)} — {night} at night, {day} by day"
    if unknown:
        head += f", {unknown} time not known"
    body = [head, "Per week: " + " · ".join(weeks), ""]
    body += [f"• {line}" for line in lines] or [DIARY_EMPTY_HISTORY]
    if pages > 1:
        body.append(f"\nPage {page + 1} of {pages}")
    return "\n".join(body)


def diary_week_label(first: str, last: str, count: int) -> str:
    return f"{first}–{last}: {count}"


def diary_chart_title(days: int) -> str:
    return f"Cramps per day · last {days} days"


def diary_chart_caption(
    days: int, total: int, night: int, day: int, unknown: int, water: int, busiest: str | None
) -> str:
    """The chart in words, for people who don't read charts."""
    if total == 0:
        text = f"📊 No cramps logged in the last {days} days."
    else:
        text = f"📊 Last {days} days: <b>{total}</b> {_cramps(total)} — {night} at night, {day} by day"
        text += f", {unknown} time not known." if unknown else "."
        if busiest:
            text += f" Most on {busiest}."
    return text + f"\n💧 Water reminder marked done on {water} of {days} days."


def diary_insight(lead: str, sentences: list[tuple[str, str]]) -> str:
    """A lead sentence, then the articles' own words, each citing its article's title."""
    quoted = [f"• {html.escape(text)} <i>— {html.escape(title)}</i>" for text, title in sentences]
    return "\n".join([lead, *quoted])


def diary_weekly_summary(count: int, previous: int, night: int, day: int, chart_hint: bool) -> str:
    trend = "more than" if count > previous else "fewer than" if count < previous else "the same as"
    text = (
        f"📓 <b>Your week</b>: {count} {_cramps(count)} logged — {night} at night, {day} by day; "
        f"{trend} the week before ({previous})."
    )
    if chart_hint:
        text += "\nOpen the diary for the chart and what it may mean."
    return text


# The one-page PDF report: plain text (no HTML), laid out by diary.render.
REPORT_TITLE = "Cramp diary — report for the doctor"
REPORT_SUBTITLE = "Last 30 days, {first} to {last} ({tz}). Made by Cramp Coach from what the person logged."
REPORT_COUNTS = "Counts"
REPORT_ENTRIES = "Entries (newest first)"
REPORT_ADHERENCE = "Reminders marked done"
REPORT_TOLD = "What the person told the bot"
REPORT_MORE_ENTRIES = "… and {count} more in the app"
REPORT_NOTHING_TOLD = "Nothing stored."
REPORT_ADHERENCE_NONE = "No reminders set up."
REPORT_FOOTER = (
    'Information only, not medical advice. Times are the person\'s local time; "night" is 22:00–06:00. '
    'Entries logged as "another day" have no time of day.'
)
REPORT_KIND_NAMES = {"hydration": "Water", "stretch": "Evening stretch", "food": "Food"}


def report_counts(total: int, night: int, day: int, unknown: int, weeks: list[str]) -> list[str]:
    return [
        f"{total} cramps: {night} at night, {day} by day, {unknown} time not known.",
        "Per week (newest first): " + "; ".join(weeks),
    ]


REPORT_CHECK_LINE = "Guided check ({day}): {answers}"
REPORT_CHECK_LABELS = {
    "where": "where",
    "when": "when",
    "often": "how often",
    "tingle": "tingling or numbness",
    "tired": "weak or tired",
    "diet": "diet",
    "meds": "medicines",
    "sweat": "sweats heavily",
    "preg": "pregnant",
}
REPORT_TOLD_LABELS = {
    "vegan": "Eats vegan or vegetarian",
    "pregnant": "Pregnant or breastfeeding",
    "water_pills": "Takes water pills (diuretics)",
    "kidney": "Kidney disease",
    "age_group": "Age group",
}
