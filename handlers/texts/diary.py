"""The cramp diary (handlers/diary/): /diary screens, insights, the weekly summary and the PDF report."""

from __future__ import annotations

import html

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
