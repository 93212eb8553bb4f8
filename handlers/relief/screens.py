"""What the walkthrough shows: texts from the knowledge store and keyboards, for a given session.

No I/O: each function builds a screen from the session, the press it answers and the knowledge
store. The red flag ("Swollen, red or warm") is on every screen of the walk.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup

from handlers.callbacks import MENU, REMINDER_SETTINGS, pack, reminder_offer_data
from handlers.i18n import current_language, tr
from handlers.menu import COMMANDS_KEY, has_feature, one_per_row
from handlers.relief.buttons import button, place_data, start_here_data
from handlers.relief.session import MAY_STILL_EASE, Action, Ending, Press, Session
from handlers.texts import common as common_texts
from handlers.texts import relief as relief_texts
from knowledge import KnowledgeBase
from knowledge.models import PLACES, ReliefStep
from knowledge.render import escape, source_line

# Knowledge relief steps that are not walked through at 3 a.m.: the "Better" screen lists them, as
# aftercare (cold pack, covers, drinks) or, for shoes, with the prevention tips.
AFTERCARE_STEPS = frozenset({"cold", "covers", "drink", "shoes"})
PREVENTION_STEPS = frozenset({"shoes"})
NIGHT_ONLY_STEPS = frozenset({"covers"})
# When the place has no held stretch of its own (should not happen), the extra round still holds this long.
DEFAULT_HOLD_SECONDS = 30
# The knowledge store's "stretch before bed" tip: its sources back the place's stretch line on "Better".
BEDTIME_STRETCH_TIP = "s_bed"


def doctor_headline(ending: Ending | None) -> str:
    """Our headline above the doctor advice, in the person's language (not easing is the default)."""
    if ending == Ending.URGENT:
        return tr(relief_texts.RELIEF_URGENT)
    if ending == Ending.TOO_LONG:
        return tr(relief_texts.RELIEF_TOO_LONG)
    return relief_texts.relief_not_easing()


def menu_row() -> tuple[str, str]:
    return (tr(common_texts.MENU_BUTTON), pack(MENU, "home"))


# A message as shown: its text and its keyboard.
View = tuple[str, InlineKeyboardMarkup]

# ---------------------------------------------------------------- the walk of a place


def steps_for(knowledge: KnowledgeBase, place: str) -> list[ReliefStep]:
    """The steps walked for the place: stretch, massage, warmth (the knowledge store's order)."""
    steps = knowledge.relief_steps(place, current_language())
    return [step for step in steps if step.id not in AFTERCARE_STEPS] or steps


def aftercare_for(knowledge: KnowledgeBase, place: str, night: bool) -> list[ReliefStep]:
    """The place's steps for after the cramp eased; the bed-covers line only at night."""
    return [
        step
        for step in knowledge.relief_steps(place, current_language())
        if step.id in AFTERCARE_STEPS - PREVENTION_STEPS and (night or step.id not in NIGHT_ONLY_STEPS)
    ]


def prevention_for(knowledge: KnowledgeBase, place: str) -> list[tuple[str, list[str]]]:
    """(line, sources): the stretch-before-bed tip said for the place, then the place's own lines
    (shoes for a foot). Only the calf has its own stretch tip in the knowledge store; the other places
    get the seeds' general advice in their words, with that tip's sources."""
    stretch_tips = knowledge.prevention_tips("stretch", current_language())
    first = stretch_tips[0] if stretch_tips else None
    bedtime = next((tip for tip in stretch_tips if tip.id == BEDTIME_STRETCH_TIP), first)
    lines = (
        [] if bedtime is None else [(tr(relief_texts.RELIEF_STRETCH_TIPS.get(place, bedtime.text)), bedtime.sources)]
    )
    return lines + [
        (step.text, step.sources)
        for step in knowledge.relief_steps(place, current_language())
        if step.id in PREVENTION_STEPS
    ]


def stretch_of(steps: list[ReliefStep]) -> ReliefStep:
    return next((step for step in steps if step.hold_seconds), steps[0])


def hold_at(steps: list[ReliefStep], index: int) -> int | None:
    """How long the stretch on this screen is held, or None where there is nothing to time."""
    if index < len(steps):
        return steps[index].hold_seconds
    if index == len(steps) + 1:  # the extra round
        return stretch_of(steps).hold_seconds or DEFAULT_HOLD_SECONDS
    return None


# ---------------------------------------------------------------- keyboards


def place_keyboard(sid: str) -> InlineKeyboardMarkup:
    return one_per_row(*[(tr(relief_texts.RELIEF_PLACE_BUTTONS[place]), place_data(sid, place)) for place in PLACES])


def timer_row(press: Press, hold_seconds: int, running: bool) -> tuple[str, str]:
    label = tr(relief_texts.RELIEF_TIMER_RUNNING_BUTTON) if running else relief_texts.relief_timer_button(hold_seconds)
    return label, button(press, Action.TIMER)


def step_keyboard(press: Press, steps: list[ReliefStep], running: bool = False) -> InlineKeyboardMarkup:
    """Next ("Done" on the last step), the timer (held stretches), Still hurts, Stop, and last the
    red flag: always in these slots, on every step from the first (a possible clot must not wait
    until after stretching, massage and heat)."""
    assert press.step is not None
    step = steps[press.step]
    last = press.step == len(steps) - 1
    buttons = [
        (
            tr(relief_texts.RELIEF_DONE_BUTTON) if last else tr(relief_texts.RELIEF_NEXT_BUTTON),
            button(press, Action.NEXT),
        )
    ]
    if step.hold_seconds:
        buttons.append(timer_row(press, step.hold_seconds, running))
    buttons += [
        (tr(relief_texts.RELIEF_HURTS_BUTTON), button(press, Action.HURTS)),
        (tr(relief_texts.RELIEF_STOP_BUTTON), button(press, Action.STOP)),
        (tr(relief_texts.RELIEF_SWOLLEN_BUTTON), button(press, Action.SWOLLEN)),
    ]
    return one_per_row(*buttons)


def end_question_keyboard(press: Press) -> InlineKeyboardMarkup:
    return one_per_row(
        (tr(relief_texts.RELIEF_BETTER_BUTTON), button(press, Action.BETTER)),
        (tr(relief_texts.RELIEF_STILL_CRAMPING_BUTTON), button(press, Action.STILL_CRAMPING)),
        (tr(relief_texts.RELIEF_SWOLLEN_BUTTON), button(press, Action.SWOLLEN)),
    )


def round_keyboard(press: Press, hold_seconds: int, running: bool = False) -> InlineKeyboardMarkup:
    return one_per_row(
        timer_row(press, hold_seconds, running),
        (tr(relief_texts.RELIEF_BETTER_NOW_BUTTON), button(press, Action.BETTER)),
        (tr(relief_texts.RELIEF_STILL_CRAMPING_BUTTON), button(press, Action.STILL_CRAMPING)),
        (tr(relief_texts.RELIEF_SWOLLEN_BUTTON), button(press, Action.SWOLLEN)),
        (tr(relief_texts.RELIEF_STOP_BUTTON), button(press, Action.STOP)),
    )


def screen_markup(press: Press, steps: list[ReliefStep], running: bool) -> InlineKeyboardMarkup:
    """The keyboard of a walk step or of the extra round, with the timer shown as it is."""
    assert press.step is not None
    if press.step < len(steps):
        return step_keyboard(press, steps, running=running)
    return round_keyboard(press, hold_at(steps, press.step) or DEFAULT_HOLD_SECONDS, running=running)


def doctor_keyboard(press: Press, session: Session) -> InlineKeyboardMarkup:
    buttons = []
    if session.ended in MAY_STILL_EASE:
        buttons.append((tr(relief_texts.RELIEF_EASED_BUTTON), button(press, Action.BETTER)))
    if not session.full_advice:
        buttons.append((tr(relief_texts.RELIEF_FULL_ADVICE_BUTTON), button(press, Action.FULL_ADVICE)))
    log = [] if session.logged else [(tr(relief_texts.RELIEF_LOG_BUTTON), button(press, Action.LOG))]
    if session.ended is Ending.URGENT:
        return one_per_row(*buttons, menu_row(), *log)  # getting help comes first; logging is an afterthought
    return one_per_row(*buttons, *log, menu_row())


def after_keyboard(press: Press, bot_data: dict[str, Any], logged: bool) -> InlineKeyboardMarkup:
    buttons = [] if logged else [(tr(relief_texts.RELIEF_LOG_BUTTON), button(press, Action.LOG))]
    reminder = reminder_button_data(bot_data)
    if reminder is not None:
        buttons.append((tr(relief_texts.RELIEF_REMINDER_BUTTON), reminder))
    return one_per_row(*buttons, menu_row())


def ended_keyboard() -> InlineKeyboardMarkup:
    return one_per_row((tr(relief_texts.RELIEF_AGAIN_BUTTON), start_here_data()), menu_row())


def reminder_button_data(bot_data: dict[str, Any]) -> str | None:
    """The reminders feature's evening-stretch offer, if that feature is there: never a dead button."""
    return reminder_offer_data("stretch") if has_feature(bot_data, REMINDER_SETTINGS) else None


def reminder_hint(bot_data: dict[str, Any]) -> str:
    """Without a reminders button, mention /reminders only if that command exists."""
    if reminder_button_data(bot_data) is not None:
        return ""
    names = {getattr(command, "command", None) for command in bot_data.get(COMMANDS_KEY, [])}
    return tr(relief_texts.RELIEF_REMINDER_COMMAND_HINT) if "reminders" in names else ""


# ---------------------------------------------------------------- texts from knowledge


def sources_of(knowledge: KnowledgeBase, source_lists: list[list[str]]) -> str:
    """One source line for several facts: each seed file named once, in order of first use."""
    names = list(dict.fromkeys(name for sources in source_lists for name in sources))
    return source_line(names, knowledge.source_titles, limit=len(names))


def step_text(knowledge: KnowledgeBase, place: str, steps: list[ReliefStep], index: int, note: str = "") -> str:
    step = steps[index]
    source = source_line(step.sources, knowledge.source_titles)
    warning = tr(relief_texts.RELIEF_CLOT_CHECK.get(place, "")) if index == 0 else ""
    return relief_texts.relief_step(index + 1, len(steps), step.text, step.hold_seconds, source, note, warning)


def round_text(knowledge: KnowledgeBase, steps: list[ReliefStep], note: str = "") -> str:
    stretch = stretch_of(steps)
    hold = hold_at(steps, len(steps) + 1) or DEFAULT_HOLD_SECONDS
    return relief_texts.relief_round(hold, stretch.text, source_line(stretch.sources, knowledge.source_titles), note)


def screen_text(knowledge: KnowledgeBase, place: str, steps: list[ReliefStep], index: int, note: str = "") -> str:
    return step_text(knowledge, place, steps, index, note) if index < len(steps) else round_text(knowledge, steps, note)


def better_text(knowledge: KnowledgeBase, session: Session, bot_data: dict[str, Any]) -> str:
    assert session.place is not None
    aftercare = aftercare_for(knowledge, session.place, bool(session.night))
    tips = prevention_for(knowledge, session.place)
    return relief_texts.relief_better(
        [f"• {escape(tr(relief_texts.RELIEF_AFTERCARE_LINES.get(step.id, step.text)))}" for step in aftercare],
        sources_of(knowledge, [step.sources for step in aftercare]),
        [f"• {escape(line)}" for line, _ in tips],
        sources_of(knowledge, [sources for _, sources in tips]),
        reminder_hint(bot_data),
    )


def doctor_text(knowledge: KnowledgeBase, headline: str, full: bool) -> str:
    """The knowledge store's when-to-see-a-doctor advice: its summary and source, or all of it."""
    advice = knowledge.when_to_see_doctor(current_language()).text
    if full:
        return relief_texts.relief_doctor(headline, advice)
    sections = advice.split("\n")
    # The first italic line after the headline names the sources, in whatever language it is written.
    source = next((section for section in sections[1:] if section.startswith("<i>")), "")
    return relief_texts.relief_doctor_short(headline, sections[0], source)


# ---------------------------------------------------------------- whole screens


def first_step(knowledge: KnowledgeBase, session: Session) -> View:
    assert session.place is not None
    steps = steps_for(knowledge, session.place)
    first = Press(session.id, session.place, 0, Action.NEXT)
    return step_text(knowledge, session.place, steps, 0), step_keyboard(first, steps)


def walk_screen(knowledge: KnowledgeBase, press: Press, session: Session, steps: list[ReliefStep]) -> View:
    """The screen the walk moved to (`session.step`): a step, "How is it now?" or the extra round."""
    here = press.at(session.step)
    if session.step < len(steps):
        return step_text(knowledge, press.place, steps, session.step), step_keyboard(here, steps)
    if session.step == len(steps):
        return tr(relief_texts.RELIEF_HOW_NOW), end_question_keyboard(here)
    return round_text(knowledge, steps), screen_markup(here, steps, running=False)


def ended_screen(knowledge: KnowledgeBase, session: Session, press: Press, bot_data: dict[str, Any]) -> View:
    """What an ended walkthrough shows, from the session alone: logging or more advice only add to it."""
    if session.ended is Ending.STOPPED:
        return relief_texts.relief_stopped(), ended_keyboard()
    if session.ended is Ending.BETTER:
        text, markup = better_text(knowledge, session, bot_data), after_keyboard(press, bot_data, session.logged)
    else:
        headline = doctor_headline(session.ended)
        text, markup = doctor_text(knowledge, headline, session.full_advice), doctor_keyboard(press, session)
    return (relief_texts.relief_with_logged(text) if session.logged else text), markup
