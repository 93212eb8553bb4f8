"""Reminders (handlers/reminders.py, reminder_screens.py, reminder_pickers.py): the reminders
themselves, the settings screens and pickers, pause, and the recommended set."""

from __future__ import annotations

from handlers.i18n import N_, ntr, tr

REMINDERS_BUTTON = N_("⏰ Reminders")
REMINDER_KIND_NAMES = {
    "hydration": N_("💧 Water"),
    "stretch": N_("🧘 Evening stretch"),
    "food": N_("🥦 Food idea"),
    "weekly": N_("📓 Weekly summary"),
}
# The kinds in running text ("your earlier water reminder"): lower case where the language writes it so.
REMINDER_KIND_WORDS = {
    "hydration": N_("water"),
    "stretch": N_("evening stretch"),
    "food": N_("food idea"),
    "weekly": N_("weekly summary"),
}
REMINDER_KIND_ICONS = {"hydration": "💧", "stretch": "🧘", "food": "🥦", "weekly": "📓"}
REMINDER_HEADLINES = {
    "hydration": N_("💧 <b>Time for a glass of water</b>"),
    "stretch": N_("🧘 <b>Evening stretch</b> — a few minutes before bed"),
    "food": N_("🥦 <b>A food idea for today</b>"),
    "weekly": N_("📓 <b>Your week in the diary</b>"),
}
REMINDER_DONE = N_("✅ Done")
REMINDER_SNOOZE = N_("⏰ Snooze 30 min")
REMINDER_OFF = N_("🔕 Turn off this reminder")
REMINDER_SETTINGS_BUTTON = N_("⚙️ Reminder settings")
REMINDER_UNDO_OFF = N_("↩️ Turn it back on")


def reminder_message(kind: str, lines: list[str], holds: list[int | None]) -> str:
    """A reminder: headline, then the (already escaped) tip lines; stretches show how long to hold."""
    if len(lines) == 1:
        return f"{tr(REMINDER_HEADLINES[kind])}\n{lines[0]}"
    seconds = tr("{seconds} s")
    body = "\n".join(
        f"• {line}" + (f" <i>({seconds.format(seconds=hold)})</i>" if hold else "")
        for line, hold in zip(lines, holds, strict=False)
    )
    return f"{tr(REMINDER_HEADLINES[kind])}\n{body}"


def _kind_word(kind: str) -> str:
    return tr(REMINDER_KIND_WORDS[kind])


def reminder_missed_note(kinds: tuple[str, ...] | list[str]) -> str:
    """Said in the next reminder after one was dropped for arriving too late."""
    names = ", ".join(_kind_word(kind) for kind in kinds if kind in REMINDER_KIND_WORDS)
    if not names:
        return tr("<i>(Telegram was busy, so your earlier reminder was skipped rather than sent late.)</i>")
    return tr("<i>(Telegram was busy, so your earlier {names} reminder was skipped rather than sent late.)</i>").format(
        names=names
    )


def reminder_done_line(kind: str, count: int) -> str:
    if kind == "hydration":
        return ntr("✅ Done — {count} glass today. Nice!", "✅ Done — {count} glasses today. Nice!", count).format(
            count=count
        )
    return tr("✅ Done. Well done!")


def reminder_done_answer(kind: str, count: int) -> str:
    return tr("Logged: {count} today 💧").format(count=count) if kind == "hydration" else tr("Logged ✅")


def reminder_already_done_answer(kind: str, count: int) -> str:
    return (
        tr("Already logged: {count} today 💧").format(count=count) if kind == "hydration" else tr("Already logged ✅")
    )


def reminder_snoozed(hhmm: str) -> str:
    return tr("⏰ Snoozed — I'll remind you again at {time}.").format(time=hhmm)


def reminder_turned_off(kind: str) -> str:
    return tr("🔕 {kind} reminders are off. You can turn them on again in /reminders.").format(
        kind=tr(REMINDER_KIND_NAMES[kind])
    )


def reminder_turned_on(kind: str) -> str:
    return tr("🔔 {kind} reminders are on again.").format(kind=tr(REMINDER_KIND_NAMES[kind]))


REMINDER_OFF_ANSWER = N_("Turned off")
REMINDER_ON_ANSWER = N_("Turned on")
REMINDER_SNOOZE_ANSWER = N_("Snoozed for 30 minutes")


def _quiet_or_off(quiet: str | None) -> str:
    return quiet or tr("off")


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
        tr("<b>Reminders</b>\nTime zone: {zone} (now {time})").format(zone=zone_label, time=local_now)
        + "\n\n"
        + "\n".join(lines)
        + (f"\n{next_line}" if next_line else "")
        + "\n\n"
        + tr("🌙 Quiet hours: {quiet}").format(quiet=_quiet_or_off(quiet))
    )
    if paused_until:
        text += "\n" + tr("⏸ <b>Paused</b> until {until}").format(until=paused_until)
    return text + "\n\n" + tr("Tap to change:")


def reminder_kind_line(kind: str, on: bool, when: str, warning: str = "") -> str:
    state = tr("on — {when}").format(when=when) if on else tr("off")
    return f"{tr(REMINDER_KIND_NAMES[kind])}: {state}" + (f"\n   {warning}" if warning else "")


QUIET_ALL_WARNING = N_("🌙 <i>inside quiet hours — won't be sent</i>")


def quiet_some_warning(inside: int, total: int) -> str:
    return ntr(
        "🌙 <i>{inside} of {total} inside quiet hours — those are skipped</i>",
        "🌙 <i>{inside} of {total} inside quiet hours — those are skipped</i>",
        total,
    ).format(inside=inside, total=total)


def quiet_time_answer(hhmm: str, quiet: str) -> str:
    """The tap answer when someone picks a time inside their quiet hours (shown as an alert)."""
    return tr(
        "Saved — but {time} is inside your quiet hours ({quiet}), so it won't be sent. "
        "Pick another time or change quiet hours."
    ).format(time=hhmm, quiet=quiet)


def next_reminder_line(kind: str, day: str, hhmm: str) -> str:
    return tr("Next: {icon} {day} {time}").format(icon=REMINDER_KIND_ICONS[kind], day=day, time=hhmm)


NEXT_NONE_LINE = N_("Next: nothing planned")
DAY_TODAY = N_("today")
DAY_TOMORROW = N_("tomorrow")


# Standard safety advice: some people (heart or kidney conditions) are told to limit fluids.
FLUID_LIMIT_NOTE = N_("<i>If your doctor told you to limit fluids, turn water reminders off.</i>")


def reminders_started(parts: list[str], next_line: str, water_on: bool) -> str:
    """After the zone is set the first time: what is on, in one line, and what comes next."""
    label = ntr("⏰ <b>Reminder on:</b> {parts}", "⏰ <b>Reminders on:</b> {parts}", len(parts))
    note = f"\n{tr(FLUID_LIMIT_NOTE)}" if water_on else ""
    change = tr("Change anything below.")
    return f"{label.format(parts=' · '.join(parts))}\n{next_line}{note}\n{change}"


def started_part(kind: str, when: str) -> str:
    return f"{REMINDER_KIND_ICONS[kind]} {_kind_word(kind)} {when}"


def hydration_short(start: str, end: str, every_h: int) -> str:
    return tr("every {hours} h, {start}–{end}").format(hours=every_h, start=start, end=end)


def offer_turned_on(kind: str, when: str) -> str:
    return tr("🔔 {kind} is on — {when}.").format(kind=tr(REMINDER_KIND_NAMES[kind]), when=when)


def hydration_when(start: str, end: str, every_h: int) -> str:
    return tr("{start}–{end}, every {hours} h").format(start=start, end=end, hours=every_h)


def reminder_toggle_button(kind: str, on: bool) -> str:
    state = tr("on ✅") if on else tr("off")
    return f"{tr(REMINDER_KIND_NAMES[kind])}: {state}"


REMINDER_SHORT_NAMES = {"hydration": N_("Water"), "stretch": N_("Stretch"), "food": N_("Food"), "weekly": N_("Summary")}


def weekly_when(hhmm: str) -> str:
    return tr("Sundays {time}").format(time=hhmm)


def reminder_time_button(kind: str, when: str) -> str:
    """Says whose time it is: two kinds' time buttons sit one under the other."""
    name = tr(REMINDER_SHORT_NAMES[kind])
    return f"🕒 {name} {when}" if kind == "hydration" else tr("🕒 {kind} at {time}").format(kind=name, time=when)


def reminder_interval_button(every_h: int) -> str:
    return tr("🔁 Water every {hours} h").format(hours=every_h)


def quiet_button(quiet: str | None) -> str:
    return tr("🌙 Quiet hours: {quiet}").format(quiet=_quiet_or_off(quiet))


PICK_INTERVAL_PROMPT = N_("<b>💧 Water</b>: how often during your window?")


def interval_choice(every_h: int, per_day: int, current: bool) -> str:
    label = ntr("every {hours} h ({count} a day)", "every {hours} h ({count} a day)", per_day)
    return ("✅ " if current else "") + label.format(hours=every_h, count=per_day)


PICK_QUIET_PROMPT = N_("<b>🌙 Quiet hours</b>: nothing is sent inside them. Pick, or type them (<i>22:30-6:30</i>).")
QUIET_OFF_CHOICE = N_("No quiet hours")


def choice_label(label: str, current: bool, quiet: bool = False) -> str:
    """A picker choice: ✅ marks the current one, 🌙 one inside quiet hours."""
    return f"{'✅ ' if current else ''}{'🌙 ' if quiet else ''}{label}"


PAUSE_DAY_BUTTON = N_("⏸ Pause 1 day")
PAUSE_WEEK_BUTTON = N_("⏸ Pause 1 week")
RESUME_BUTTON = N_("▶️ Resume now")


def timezone_button(zone_label: str) -> str:
    return tr("🌍 Time zone: {zone}").format(zone=zone_label)


def pick_time_prompt(kind: str, quiet: str | None = None) -> str:
    note = "\n" + tr("🌙 marks times inside your quiet hours ({quiet}): those aren't sent.").format(quiet=quiet)
    prompt = tr("<b>{kind}</b>: pick a time or type one (<i>22:15</i>, <i>10:15pm</i>), your local time.")
    return prompt.format(kind=tr(REMINDER_KIND_NAMES[kind])) + (note if quiet else "")


PICK_WINDOW_PROMPT = N_("<b>💧 Water</b>: pick your waking window, or type one (<i>7-19</i>).")
BACK_BUTTON = N_("⬅️ Back")


def paused(until: str) -> str:
    return tr("⏸ Reminders paused until {until}. /reminders to resume earlier.").format(until=until)


RESUMED = N_("▶️ Reminders are back on.")
PAUSE_USAGE = N_("Use /pause day, /pause week or /pause off — or tap:")


SETTING_SAVED = N_("Saved")
TURN_THESE_ON_BUTTON = N_("✅ Turn these on")
CHOOSE_MY_OWN_BUTTON = N_("⚙️ Choose my own")


def recommended_line(kind: str, times: list[str]) -> str:
    return f"{tr(REMINDER_KIND_NAMES[kind])}: {', '.join(times)}"


def recommended_reminders(lines: list[str], per_day: int) -> str:
    """The offer after the zone is set: exactly what would come and when; nothing is on yet."""
    body = "\n".join(lines)
    head = ntr(
        "⏰ <b>Recommended reminders</b> — {count} a day, at your local time:",
        "⏰ <b>Recommended reminders</b> — {count} a day, at your local time:",
        per_day,
    ).format(count=per_day)
    nothing_yet = tr("Nothing is on until you tap below.")
    return f"{head}\n{body}\n{tr(FLUID_LIMIT_NOTE)}\n{nothing_yet}"
