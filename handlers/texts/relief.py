"""The relief walkthrough (handlers/relief/): one short instruction per message, big buttons.

The disclaimer only at the start and the end; the words typed during a walkthrough are answered here too."""

from __future__ import annotations

import html

from handlers.i18n import N_, ntr, tr
from handlers.texts.common import DISCLAIMER

RELIEF_MENU_BUTTON = N_("🆘 I have a cramp now")
RELIEF_COMMAND_DESCRIPTION = N_("Help with a cramp now")
RELIEF_WHERE = N_("🆘 Let's ease it together.\n\n<b>Where is the cramp?</b>")
RELIEF_PLACE_BUTTONS: dict[str, str] = {
    "calf": N_("🦵 Calf"),
    "foot": N_("🦶 Foot or toes"),
    "thigh": N_("Thigh or hamstring"),
    "other": N_("Somewhere else"),
}
RELIEF_NEXT_BUTTON = N_("✅ Done, next")
RELIEF_DONE_BUTTON = N_("✅ Done")  # the same button on the last step: nothing "next" follows it
RELIEF_HURTS_BUTTON = N_("😣 Still hurts")
RELIEF_STOP_BUTTON = N_("⏹ Stop")
RELIEF_BETTER_BUTTON = N_("🙂 Better")
RELIEF_BETTER_NOW_BUTTON = N_("✅ Better now")
RELIEF_EASED_BUTTON = N_("🙂 It eased now")
RELIEF_STILL_CRAMPING_BUTTON = N_("😣 Still cramping")
RELIEF_SWOLLEN_BUTTON = N_("🔴 Swollen, red or warm")
RELIEF_FULL_ADVICE_BUTTON = N_("📋 When to see a doctor: full advice")
RELIEF_LOG_BUTTON = N_("📝 Log this cramp")
RELIEF_REMINDER_BUTTON = N_("⏰ Evening stretch reminder")
RELIEF_AGAIN_BUTTON = N_("🆘 Start again")
RELIEF_TIMER_BUTTON = N_("⏱ Time {seconds} s")
# The running timer keeps its slot, so the buttons below it never move under a thumb.
RELIEF_TIMER_RUNNING_BUTTON = N_("⏱ Running…")
RELIEF_HOW_NOW = N_("<b>How is it now?</b>")
# Step 1 for a leg: a possible clot must not be stretched, massaged or heated, so say so before that.
RELIEF_CLOT_CHECK: dict[str, str] = {
    "calf": N_("Calf swollen, red or warm? Don't stretch — tap 🔴."),
    "thigh": N_("Leg swollen, red or warm? Don't stretch — tap 🔴."),
}
RELIEF_STILL_HURTS = N_("Sorry it still hurts. Stay with this step a little longer, then go on.")
RELIEF_TIMER_RUNNING = N_("⏱ Timer on. I'll message you when the time is up.")
RELIEF_TIMER_ALREADY_RUNNING = N_("⏱ The timer is running. I'll message you when the time is up.")
RELIEF_TIME_UP = N_("✅ <b>Time's up.</b> Let go slowly.")
RELIEF_ROUND = N_("😣 Sorry it's still cramping.\n<b>Stretch once more and hold {seconds} s.</b>")
RELIEF_BETTER = N_("🙂 Glad it eased.")
RELIEF_AFTERCARE_HEADING = N_("<b>What helps now:</b>")
RELIEF_PREVENT_HEADING = N_("<b>To help prevent the next one:</b>")
RELIEF_REMINDER_COMMAND_HINT = N_("Want an evening stretch reminder? Use /reminders.")
RELIEF_STOPPED = N_("⏹ Stopped. Take care.")
RELIEF_URGENT = N_(
    "🔴 <b>Stop stretching, massaging and heating it — it could be a blood clot.</b>\n"
    "Get medical help today: a swollen, red or warm calf or leg needs a doctor. Don't wait."
)
# One threshold everywhere (about ten minutes; an hour means the same day), said calmly.
RELIEF_SEE_A_DOCTOR_IF = N_(
    "If it hasn't eased within about ten minutes, keeps coming back, or the leg swells, see a doctor — "
    "one that lasts an hour needs a doctor the same day."
)
RELIEF_NOT_EASING = N_("😣 <b>It hasn't eased yet.</b> Keep stretching gently and keep it warm.")
RELIEF_TOO_LONG = N_(
    "⏳ <b>It's been more than ten minutes.</b> Keep stretching gently and keep it warm, "
    "and see a doctor about it — one that lasts an hour needs a doctor the same day."
)
# Aftercare lines said for the "Better" screen (the knowledge text is written for during the cramp).
RELIEF_AFTERCARE_LINES: dict[str, str] = {"cold": N_("A cold pack can ease leftover soreness.")}
# The seeds' general "stretch regularly, and before bed if cramps come at night" advice, said for the
# place (the calf has its own line in the knowledge store).
RELIEF_STRETCH_TIPS: dict[str, str] = {
    "thigh": N_("Stretch your thighs and hamstrings regularly, and before bed if cramps come at night."),
    "foot": N_("Stretch your feet regularly, and before bed if cramps come at night."),
    "other": N_("Stretch regularly, and before bed if cramps come at night."),
}
RELIEF_LOGGED = N_("📝 Logged in your /diary — it helps spot patterns.")
RELIEF_ALREADY_LOGGED = N_("Already logged.")
RELIEF_ENDED = N_("This walkthrough has ended.")
RELIEF_ENDED_MESSAGE = N_("This walkthrough has ended. Start a new one if the cramp is back.")
RELIEF_ALREADY_DONE = N_("Already done — see the latest step.")


def relief_where() -> str:
    return f"{tr(RELIEF_WHERE)}\n\n{tr(DISCLAIMER)}"


def relief_stopped() -> str:
    return f"{tr(RELIEF_STOPPED)}\n\n{tr(DISCLAIMER)}"


def relief_not_easing() -> str:
    return f"{tr(RELIEF_NOT_EASING)} {tr(RELIEF_SEE_A_DOCTOR_IF)}"


def relief_timer_button(seconds: int) -> str:
    return tr(RELIEF_TIMER_BUTTON).format(seconds=seconds)


def relief_step(
    number: int, total: int, instruction: str, hold_seconds: int | None, source: str, note: str = "", warning: str = ""
) -> str:
    """One step: counter, one escaped instruction with how long to hold, an optional warning line
    and note, then the source."""
    extra = f"\n\n{note}" if note else ""
    caution = f"\n{warning}" if warning else ""
    head = tr("<b>Step {number} of {total}</b>").format(number=number, total=total)
    return f"{head}\n{html.escape(with_hold(instruction, hold_seconds))}{caution}{extra}\n\n{source}"


def with_hold(instruction: str, hold_seconds: int | None) -> str:
    """Fold the hold time into an instruction ending "and hold it." (no "hold it. Hold it…"); else its own line."""
    if not hold_seconds:
        return instruction
    if instruction.endswith("hold it."):
        return instruction[:-1] + ntr(
            " for about {seconds} second.", " for about {seconds} seconds.", hold_seconds
        ).format(seconds=hold_seconds)
    held = ntr("Hold it for about {seconds} second.", "Hold it for about {seconds} seconds.", hold_seconds)
    return f"{instruction}\n{held.format(seconds=hold_seconds)}"


def relief_round(hold_seconds: int, instruction: str, source: str, note: str = "") -> str:
    """The one extra round after "still cramping": the place's stretch again, then its source."""
    extra = f"\n\n{note}" if note else ""
    return f"{tr(RELIEF_ROUND).format(seconds=hold_seconds)}\n{html.escape(instruction)}{extra}\n\n{source}"


def relief_time_up(ask_how: bool) -> str:
    """A new, short message (a new message buzzes the phone; an edit does not)."""
    return tr(RELIEF_TIME_UP) + (f"\n\n{tr(RELIEF_HOW_NOW)}" if ask_how else "")


def relief_better(
    aftercare: list[str], aftercare_source: str, prevention: list[str], prevention_source: str, reminder_hint: str = ""
) -> str:
    """The 'Better' screen: short aftercare and prevention lists (already escaped), sources, disclaimer."""
    parts = [tr(RELIEF_BETTER)]
    if aftercare:
        parts.append("\n".join([tr(RELIEF_AFTERCARE_HEADING), *aftercare, aftercare_source]))
    if prevention:
        parts.append("\n".join([tr(RELIEF_PREVENT_HEADING), *prevention, prevention_source]))
    if reminder_hint:
        parts.append(reminder_hint)
    parts.append(tr(DISCLAIMER))
    return "\n\n".join(part.rstrip("\n") for part in parts)


def relief_doctor_short(headline: str, summary_html: str, source: str) -> str:
    """Escalation, kept to a few lines: our headline, the knowledge store's summary, its source."""
    return f"{headline}\n\n{summary_html}" + (f"\n{source}" if source else "") + f"\n\n{tr(DISCLAIMER)}"


def relief_doctor(headline: str, advice_html: str) -> str:
    """Escalation in full: our headline, then the knowledge store's advice (HTML, ends with its disclaimer)."""
    return f"{headline}\n\n{advice_html}"


def relief_with_logged(screen: str) -> str:
    """An end screen after "Log this cramp": everything it said stays, the logged line goes below."""
    return f"{screen}\n\n{tr(RELIEF_LOGGED)}"


RELIEF_MOVED_ON = N_("Let's try the next step — it may help more.")
RELIEF_TYPED_NOT_HERE = N_("Tap a button on the latest step — or type <i>better</i>, <i>worse</i> or <i>stop</i>.")
RELIEF_TIME_UP_BUZZ = N_("⏰ Time's up — let go slowly.")
