"""The cramp diary (handlers/diary/): /diary screens, insights, the weekly summary and the PDF report."""

from __future__ import annotations

import html

from handlers.i18n import N_, ntr, tr

DIARY_MENU_BUTTON = N_("📓 Diary")
DIARY_COMMAND_DESCRIPTION = N_("Your cramp diary: log, history, chart")
REPORT_COMMAND_DESCRIPTION = N_("A PDF report of your cramps for your doctor")
DIARY_PLACES = {"calf": N_("🦵 Calf"), "foot": N_("🦶 Foot or toes"), "thigh": N_("Thigh"), "other": N_("Other")}
DIARY_PLACE_WORDS = {"calf": N_("calf"), "foot": N_("foot or toes"), "thigh": N_("thigh"), "other": N_("other")}
DIARY_WHEN = {"now": N_("Just now"), "night": N_("Last night"), "today": N_("Earlier today")}
DIARY_ANOTHER_DAY = N_("Another day…")
DIARY_SEVERITIES = {"mild": N_("Mild"), "bad": N_("Bad"), "severe": N_("Severe")}
DIARY_TRIGGERS = {
    "exercise": N_("Exercise"),
    "heat": N_("Heat or sweating"),
    "standing": N_("Long standing or sitting"),
    "medicine": N_("A new medicine"),
    "none": N_("None of these"),
}
DIARY_TRIGGER_WORDS = {
    "exercise": N_("after exercise"),
    "heat": N_("heat or sweating"),
    "standing": N_("long standing or sitting"),
    "medicine": N_("a new medicine"),
    "none": N_("nothing special before"),
}
DIARY_PERIOD_ICONS = {"night": "🌙", "day": "☀️", "unknown": "📅"}
DIARY_HISTORY_BUTTON = N_("📜 History")
DIARY_CHART_BUTTON = N_("📊 Chart")
DIARY_INSIGHTS_BUTTON = N_("💡 Insights")
DIARY_REPORT_BUTTON = N_("📄 Report for the doctor")
DIARY_LAST_BUTTON = N_("✏️ Last entry")
DIARY_BACK_BUTTON = N_("‹ Diary")
DIARY_BACK_TO_ENTRY = N_("‹ Back")
DIARY_DONE_BUTTON = N_("✓ Done")
DIARY_NOTE_BUTTON = N_("✍️ Add a note")
DIARY_DELETE_BUTTON = N_("🗑 Delete")
DIARY_MOVE_BUTTON = N_("📍 Where / when")
DIARY_DELETE_YES = N_("Yes, delete it")
DIARY_DELETE_NO = N_("No, keep it")
DIARY_NEWER = N_("‹ Newer")
DIARY_OLDER = N_("Older ›")
DIARY_CHART_7 = N_("7 days")
DIARY_CHART_30 = N_("30 days")
DIARY_WEEKLY_ON_BUTTON = N_("🔔 Weekly summary: on")
DIARY_WEEKLY_OFF_BUTTON = N_("🔕 Weekly summary: off")
DIARY_ALREADY_LOGGED = N_("Already logged.")
DIARY_ENTRY_GONE = N_("That entry is no longer in your diary.")
DIARY_DELETED = N_("🗑 Deleted.")
DIARY_NOTE_SAVED = N_("✍️ Note saved.")
DIARY_NOTE_ASK = N_(
    "✍️ Type your note in one message (up to 500 characters), e.g. <i>after a long walk in the heat</i>.\n"
    "/diary to skip."
)
DIARY_DELETE_CONFIRM = N_("Delete this entry? This can't be undone.")
DIARY_MAKING_REPORT = N_("📄 Making your report…")
DIARY_REPORT_CAPTION = N_("📄 Your cramp report for the last 30 days: for you and your doctor. Only you got this file.")
DIARY_REPORT_NOTHING = N_("There is nothing in your diary for the last 30 days yet, so there is no report to make.")
DIARY_EMPTY_HISTORY = N_("No cramps logged in the last 30 days.")
DIARY_INSIGHTS_HEAD = N_("💡 <b>What your diary shows</b>")
DIARY_NO_PATTERN = N_("No clear pattern yet: your cramps are spread over night and day, and no trigger stands out.")
DIARY_INSIGHT_LEADS = {
    "night": N_("🌙 <b>Most of your cramps come at night</b> ({count} of {total} with a known time)."),
    "day": N_("☀️ <b>Most of your cramps come by day</b> ({count} of {total} with a known time)."),
    "exercise": N_(
        "🏃 <b>Exercise or heat came before {count} of {total}</b> cramps where you noted what came before."
    ),
    "doctor": N_("🩺 <b>Worth seeing a doctor</b>: {reasons}."),
}
DIARY_DOCTOR_REASONS = {
    "frequent": N_("3 or more cramps in the last 7 days"),
    "rising": N_("more cramps this week than the week before"),
    "severe": N_("you logged a severe cramp"),
    "warning": N_("a note mentions swelling, numbness, tingling or weakness"),
}
DIARY_OFFERS = {"stretch": N_("🧘 Remind me to stretch in the evening"), "hydration": N_("💧 Remind me to drink water")}
DIARY_CHART_LABELS = {
    "night": N_("Night (22–06)"),
    "day": N_("Day"),
    "unknown": N_("Time not known"),
    "water": N_("Water reminder done"),
}
DIARY_WEEKLY_OFF = N_("🔕 Weekly summary off.")
DIARY_OPEN_BUTTON = N_("📓 Open the diary")
DIARY_WEEKLY_STOP_BUTTON = N_("🔕 No more weekly summaries")


def _night_day(night: int, day: int) -> str:
    return tr("{night} at night, {day} by day").format(night=night, day=day)


def diary_too_few(count: int) -> str:
    return ntr(
        "You have {count} cramp in the last 30 days. With fewer than 3 I can't see a pattern yet, "
        "so I won't guess: log each cramp and look again.",
        "You have {count} cramps in the last 30 days. With fewer than 3 I can't see a pattern yet, "
        "so I won't guess: log each cramp and look again.",
        count,
    ).format(count=count)


def diary_home(week: int, month: int, night: int, day: int, last: str | None) -> str:
    log_prompt = tr("<b>Log a cramp</b> — where was it?")
    if month == 0 and last is None:
        empty = tr(
            "📓 <b>Your cramp diary</b>\n"
            "Nothing logged yet. Logging takes three taps, and after a few entries I can show you "
            "patterns, a chart and a report for your doctor."
        )
        return f"{empty}\n\n{log_prompt}"
    counts = tr("Last 7 days: <b>{week}</b> · last 30 days: <b>{month}</b> ({night_day})")
    lines = [tr("📓 <b>Your cramp diary</b>"), counts.format(week=week, month=month, night_day=_night_day(night, day))]
    if last is not None:
        lines.append(tr("Last: {entry}").format(entry=last))
    return "\n".join(lines) + f"\n\n{log_prompt}"


def _place_word(place: str) -> str:
    return html.escape(tr(DIARY_PLACE_WORDS.get(place, place)))


def diary_when(place: str) -> str:
    return tr("📓 Cramp in the {place} — <b>when?</b>").format(place=_place_word(place))


def diary_move(line: str) -> str:
    return tr("📍 Change where and when of\n{entry}\n\n<b>Where was it?</b>").format(entry=line)


def diary_pick_day(place: str) -> str:
    return tr("📓 Cramp in the {place} — <b>which day?</b>").format(place=_place_word(place))


def diary_entry_line(
    when: str, period: str, place: str, severity: str | None, before: list[str], note: str | None, relief: bool
) -> str:
    """One entry in a list: icon, local time, where, how bad, what came before, the note (escaped)."""
    parts = [f"{DIARY_PERIOD_ICONS.get(period, '')} {when}", tr(DIARY_PLACE_WORDS.get(place, place))]
    if severity:
        parts.append(tr(DIARY_SEVERITIES.get(severity, severity)).lower())
    parts += [tr(DIARY_TRIGGER_WORDS[t]) for t in before if t in DIARY_TRIGGER_WORDS]
    if relief:
        parts.append(tr("walkthrough"))
    line = " · ".join(parts)
    if note:
        line += f" — <i>{html.escape(note)}</i>"
    return line


def diary_entry_screen(line: str, logged_now: bool) -> str:
    head = tr("✅ <b>Logged.</b>") if logged_now else tr("✏️ <b>Your last entry</b>")
    question = tr("How bad was it, and what came before? (optional)")
    return f"{head}\n{line}\n\n{question}"


def diary_history(
    total: int, night: int, day: int, unknown: int, weeks: list[str], lines: list[str], page: int, pages: int
) -> str:
    head = ntr(
        "📜 <b>Last 30 days</b>: {count} cramp — {night_day}",
        "📜 <b>Last 30 days</b>: {count} cramps — {night_day}",
        total,
    ).format(count=total, night_day=_night_day(night, day))
    if unknown:
        head += ", " + tr("{count} time not known").format(count=unknown)
    body = [head, tr("Per week: {weeks}").format(weeks=" · ".join(weeks)), ""]
    body += [f"• {line}" for line in lines] or [tr(DIARY_EMPTY_HISTORY)]
    if pages > 1:
        body.append("\n" + tr("Page {page} of {pages}").format(page=page + 1, pages=pages))
    return "\n".join(body)


def diary_week_label(first: str, last: str, count: int) -> str:
    return f"{first}–{last}: {count}"


def diary_chart_title(days: int) -> str:
    return ntr("Cramps per day · last {days} day", "Cramps per day · last {days} days", days).format(days=days)


def diary_chart_caption(
    days: int, total: int, night: int, day: int, unknown: int, water: int, busiest: str | None
) -> str:
    """The chart in words, for people who don't read charts."""
    if total == 0:
        text = ntr(
            "📊 No cramps logged in the last {days} day.", "📊 No cramps logged in the last {days} days.", days
        ).format(days=days)
    else:
        text = ntr(
            "📊 Last {days} days: <b>{count}</b> cramp — {night_day}",
            "📊 Last {days} days: <b>{count}</b> cramps — {night_day}",
            total,
        ).format(days=days, count=total, night_day=_night_day(night, day))
        text += (", " + tr("{count} time not known").format(count=unknown) + ".") if unknown else "."
        if busiest:
            text += " " + tr("Most on {day}.").format(day=busiest)
    water_line = ntr(
        "💧 Water reminder marked done on {count} of {days} days.",
        "💧 Water reminder marked done on {count} of {days} days.",
        days,
    ).format(count=water, days=days)
    return f"{text}\n{water_line}"


def diary_insight(lead: str, sentences: list[tuple[str, str]]) -> str:
    """A lead sentence, then the articles' own words, each citing its article's title."""
    quoted = [f"• {html.escape(text)} <i>— {html.escape(title)}</i>" for text, title in sentences]
    return "\n".join([lead, *quoted])


def diary_weekly_summary(count: int, previous: int, night: int, day: int, chart_hint: bool) -> str:
    if count > previous:
        trend = tr("more than the week before ({previous})")
    elif count < previous:
        trend = tr("fewer than the week before ({previous})")
    else:
        trend = tr("the same as the week before ({previous})")
    text = ntr(
        "📓 <b>Your week</b>: {count} cramp logged — {night_day}; {trend}.",
        "📓 <b>Your week</b>: {count} cramps logged — {night_day}; {trend}.",
        count,
    ).format(count=count, night_day=_night_day(night, day), trend=trend.format(previous=previous))
    if chart_hint:
        text += "\n" + tr("Open the diary for the chart and what it may mean.")
    return text


# The one-page PDF report: plain text (no HTML), laid out by diary.render.
REPORT_TITLE = N_("Cramp diary — report for the doctor")
REPORT_SUBTITLE = N_("Last 30 days, {first} to {last} ({tz}). Made by Cramp Coach from what the person logged.")
REPORT_COUNTS = N_("Counts")
REPORT_ENTRIES = N_("Entries (newest first)")
REPORT_ADHERENCE = N_("Reminders marked done")
REPORT_TOLD = N_("What the person told the bot")
REPORT_MORE_ENTRIES = N_("… and {count} more in the app")
REPORT_NOTHING_TOLD = N_("Nothing stored.")
REPORT_ADHERENCE_NONE = N_("No reminders set up.")
REPORT_FOOTER = N_(
    'Information only, not medical advice. Times are the person\'s local time; "night" is 22:00–06:00. '
    'Entries logged as "another day" have no time of day.'
)
# An entry's line in the PDF: when in the day, and how a walkthrough ended.
REPORT_PERIOD_WORDS = {"night": N_("night"), "day": N_("day"), "unknown": N_("time not known")}
REPORT_EASED = N_("eased")
REPORT_WALKTHROUGH = N_("walkthrough")
REPORT_KIND_NAMES = {"hydration": N_("Water"), "stretch": N_("Evening stretch"), "food": N_("Food")}


def report_counts(total: int, night: int, day: int, unknown: int, weeks: list[str]) -> list[str]:
    counts = ntr(
        "{count} cramp: {night} at night, {day} by day, {unknown} time not known.",
        "{count} cramps: {night} at night, {day} by day, {unknown} time not known.",
        total,
    )
    return [
        counts.format(count=total, night=night, day=day, unknown=unknown),
        tr("Per week (newest first): {weeks}").format(weeks="; ".join(weeks)),
    ]


REPORT_CHECK_LINE = N_("Guided check ({day}): {answers}")
REPORT_CHECK_LABELS = {
    "where": N_("where"),
    "when": N_("when"),
    "often": N_("how often"),
    "tingle": N_("tingling or numbness"),
    "tired": N_("weak or tired"),
    "diet": N_("diet"),
    "meds": N_("medicines"),
    "sweat": N_("sweats heavily"),
    "preg": N_("pregnant"),
}
REPORT_TOLD_LABELS = {
    "vegan": N_("Eats vegan or vegetarian"),
    "pregnant": N_("Pregnant or breastfeeding"),
    "water_pills": N_("Takes water pills (diuretics)"),
    "kidney": N_("Kidney disease"),
    "age_group": N_("Age group"),
}
