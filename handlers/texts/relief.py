"""The relief walkthrough (handlers/relief/): one short instruction per message, big buttons.

The disclaimer only at the start and the end; the words typed during a walkthrough are answered here too."""

from __future__ import annotations

import html

from handlers.texts.common import DISCLAIMER

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


RELIEF_MOVED_ON = "Let's try the next step — it may help more."
RELIEF_TYPED_NOT_HERE = "Tap a button on the latest step — or type <i>better</i>, <i>worse</i> or <i>stop</i>."
RELIEF_TIME_UP_BUZZ = "⏰ Time's up — let go slowly."
