"""The relief walkthrough as a pure state machine: a frozen `Session` and typed transitions.

Nothing here talks to Telegram, the store or the clock: callers pass the moment (`now`), the
length of the place's walk and whether it is night, and get back an `Outcome` saying what to
store, what to answer the tap with and which screen to show. That keeps every rule testable
without a bot (tests/test_relief_session.py).

Screens of a walk with n steps: 0..n-1 the steps, n "How is it now?", n+1 the one extra round.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum, StrEnum
from typing import Any

from core.clock import parse_utc_iso, utc_iso

# A cramp that has not eased after this long is a reason to see a doctor.
TOO_LONG = timedelta(minutes=10)
# Two "start" taps this close together are one person tapping twice, not two cramps.
DOUBLE_TAP_WINDOW = timedelta(seconds=30)


class Action(StrEnum):
    """What a walkthrough button does; the value is its code in callback_data."""

    CHOOSE_PLACE = "p"
    NEXT = "n"
    HURTS = "h"
    STOP = "x"
    TIMER = "t"
    BETTER = "b"
    STILL_CRAMPING = "w"
    SWOLLEN = "s"
    LOG = "l"
    FULL_ADVICE = "d"


STEP_ACTIONS = frozenset(Action) - {Action.CHOOSE_PLACE}
# Buttons of the end screens: they add to an ended walkthrough instead of being refused by it.
AFTER_END_ACTIONS = frozenset({Action.BETTER, Action.LOG, Action.FULL_ADVICE})
# Buttons that mean "the cramp is still there": past TOO_LONG (counted from the cramp's start, when
# the walkthrough began) they end with the doctor advice. "Done" is not one: a slow tapper who
# finishes a step after ten minutes has said nothing about the cramp lasting.
STILL_THERE_ACTIONS = frozenset({Action.HURTS, Action.STILL_CRAMPING})


class Ending(StrEnum):
    """How a walkthrough ended; the value is what the store keeps."""

    BETTER = "better"
    STOPPED = "stopped"
    NOT_EASING = "not_easing"
    TOO_LONG = "too_long"
    URGENT = "urgent"


# Endings after which "It eased now" still makes sense, and those that show the doctor advice.
MAY_STILL_EASE = frozenset({Ending.NOT_EASING, Ending.TOO_LONG})
DOCTOR_ENDINGS = frozenset({Ending.NOT_EASING, Ending.TOO_LONG, Ending.URGENT})
_ENDINGS = frozenset(ending.value for ending in Ending)


@dataclass(frozen=True)
class Session:
    """One walkthrough, as the `relief` key of the user document keeps it."""

    id: str  # a short random id: buttons of older walkthroughs carry another one
    started_at: datetime  # aware UTC
    place: str | None = None  # None until "where?" is answered
    step: int = 0  # the screen the walk is on (see the module docstring)
    night: bool | None = None  # decided once, when the place is chosen
    ended: Ending | None = None
    logged: bool = False
    full_advice: bool = False
    hurt_step: int | None = None  # the screen where "still hurts" was said once already


@dataclass(frozen=True)
class Press:
    """A walkthrough button, decoded and checked for shape (not yet against the session)."""

    sid: str
    place: str
    step: int | None  # None for the place choice
    action: Action

    def at(self, step: int) -> Press:
        return Press(self.sid, self.place, step, self.action)


class Notice(Enum):
    """What the tap is answered with (a short toast), besides any screen."""

    NONE = "none"
    ENDED = "ended"
    ALREADY_DONE = "already_done"
    ALREADY_LOGGED = "already_logged"
    LOGGED = "logged"
    MOVED_ON = "moved_on"


class Screen(Enum):
    """What the tapped message shows next."""

    UNCHANGED = "unchanged"
    STEP = "step"  # the walk step `session.step`
    STILL_HURTS = "still_hurts"  # the pressed step again, with a word of comfort
    HOW_NOW = "how_now"
    ROUND = "round"
    TIMER = "timer"  # start the hold timer of the pressed screen, if it has one
    ENDED = "ended"  # the end screen of `session.ended`
    OLD_WALKTHROUGH = "old_walkthrough"  # the button belongs to no current walkthrough
    STALE = "stale"  # data no button of this walkthrough could carry


@dataclass(frozen=True)
class LogEntry:
    """One `cramp_log` entry: when it began, where, whether it eased, how many steps were done."""

    at: datetime
    place: str
    eased: bool
    steps: int


@dataclass(frozen=True)
class Outcome:
    """What a press leads to. `save` is the session to store (None: nothing changed)."""

    screen: Screen
    notice: Notice = Notice.NONE
    save: Session | None = None
    cancel_timer: bool = False
    log: LogEntry | None = None


# ---------------------------------------------------------------- starting


def start(sid: str, now: datetime) -> Session:
    return Session(id=sid, started_at=now)


def choose_place(session: Session, place: str, night: bool) -> Session:
    return replace(session, place=place, step=0, night=night)


def just_started(session: Session | None, place: str | None, now: datetime) -> bool:
    """A walkthrough started moments ago by the same button that hasn't moved since: still at "where?"
    (no place) or still at step 1 of the place the button named."""
    if session is None or session.place != place or session.step != 0 or session.ended is not None:
        return False
    return now - session.started_at < DOUBLE_TAP_WINDOW


# ---------------------------------------------------------------- presses


def on_press(session: Session | None, press: Press, walk: int, now: datetime, night: bool = False) -> Outcome:
    """The one entry for every walkthrough button: `walk` is the number of steps of `press.place`,
    `night` whether it is night where the person is (used when the place is chosen)."""
    if session is None or session.id != press.sid:
        return Outcome(Screen.OLD_WALKTHROUGH, Notice.ENDED)
    if press.action is Action.CHOOSE_PLACE:
        if session.place is not None:
            return Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)  # a double tap on the place question
        return Outcome(Screen.STEP, save=choose_place(session, press.place, night))
    if session.place != press.place or press.step is None or press.step > walk + 1:
        return Outcome(Screen.STALE)  # the right session, a place or screen it never had: forged
    if press.action is Action.SWOLLEN:  # safety first: honoured from any screen of this walkthrough
        return end(session, Ending.URGENT)
    if press.action in AFTER_END_ACTIONS:
        return after_end(session, press, walk)
    if session.ended is not None:
        return Outcome(Screen.UNCHANGED, Notice.ENDED)
    if press.step != session.step:
        # A double tap, or a button of a step already left behind: the current message is right.
        return Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)
    if press.action is Action.TIMER:
        return Outcome(Screen.TIMER)
    return walk_on(session, press, walk, now)


def end(session: Session, how: Ending) -> Outcome:
    return Outcome(Screen.ENDED, save=replace(session, ended=how), cancel_timer=True)


def walk_on(session: Session, press: Press, walk: int, now: datetime) -> Outcome:
    """n / h / x / w on the current screen of a live walkthrough: a step, "How is it now?" or the round."""
    index = session.step
    if press.action is Action.STOP:
        return end(session, Ending.STOPPED)
    if press.action in STILL_THERE_ACTIONS and now - session.started_at > TOO_LONG:
        return end(session, Ending.TOO_LONG)
    if press.action is Action.STILL_CRAMPING and index == walk:
        # The first "still cramping": one more stretch with its timer before any talk of doctors.
        return Outcome(Screen.ROUND, save=replace(session, step=walk + 1))
    if press.action is Action.STILL_CRAMPING and index == walk + 1:
        return end(session, Ending.NOT_EASING)
    if index >= walk:
        return Outcome(Screen.UNCHANGED)  # no such button on these screens: nothing to change
    if press.action is Action.NEXT:
        following = replace(session, step=index + 1)
        return Outcome(Screen.HOW_NOW if index + 1 == walk else Screen.STEP, save=following, cancel_timer=True)
    if press.action is Action.HURTS and session.hurt_step == index:
        # A second "still hurts" on the same step: repeating the comfort would look like nothing
        # happened; go on to the next step (or "How is it now?"), which may help more.
        following = replace(session, step=index + 1, hurt_step=None)
        return Outcome(
            Screen.HOW_NOW if index + 1 == walk else Screen.STEP, Notice.MOVED_ON, save=following, cancel_timer=True
        )
    if press.action is Action.HURTS:
        return Outcome(Screen.STILL_HURTS, save=replace(session, hurt_step=index))
    return Outcome(Screen.UNCHANGED)


class Reply(StrEnum):
    """What a typed reply during the walkthrough means (the words are data: handlers/data/words.json)."""

    BETTER = "better"
    WORSE = "worse"
    HURTS = "hurts"
    STOP = "stop"
    NEXT = "next"
    SWOLLEN = "swollen"


# A typed reply acts like the button of the same meaning on the current screen: mid-walk, then
# at "How is it now?" and in the extra round (None: that screen has no such button).
_REPLY_ACTIONS: dict[Reply, tuple[Action | None, Action | None]] = {
    Reply.BETTER: (None, Action.BETTER),
    Reply.WORSE: (Action.HURTS, Action.STILL_CRAMPING),
    Reply.HURTS: (Action.HURTS, Action.STILL_CRAMPING),
    Reply.STOP: (Action.STOP, Action.STOP),
    Reply.NEXT: (Action.NEXT, None),
    Reply.SWOLLEN: (Action.SWOLLEN, Action.SWOLLEN),
}


def reply_press(session: Session, reply: Reply, walk: int) -> Press | None:
    """The button press a typed reply stands for on the session's current screen, if any."""
    if session.place is None:
        return None
    mid_walk, at_question = _REPLY_ACTIONS[reply]
    action = mid_walk if session.step < walk else at_question
    return None if action is None else Press(session.id, session.place, session.step, action)


def on_reply(session: Session | None, reply: Reply, walk: int, now: datetime) -> Outcome:
    """A typed reply ("better now thanks", "its getting worse", "stop") on a live walkthrough."""
    if session is None or (session.ended is not None and reply is not Reply.SWOLLEN):
        return Outcome(Screen.UNCHANGED, Notice.ENDED)
    if reply is Reply.BETTER and session.place is not None and session.step < walk:
        return end(session, Ending.BETTER)  # gone mid-walk: no need to finish the steps
    press = reply_press(session, reply, walk)
    return Outcome(Screen.UNCHANGED) if press is None else on_press(session, press, walk, now)


def after_end(session: Session, press: Press, walk: int) -> Outcome:
    """b (better) at the end question, in the extra round or after an escalation that may still ease;
    l (log) and d (full doctor advice) after an end. Each adds to the end screen, never replaces it."""
    ended = session.ended
    if press.action is Action.BETTER:
        at_question = ended is None and session.step in (walk, walk + 1)
        if not (at_question or ended in MAY_STILL_EASE):
            return Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE if ended else Notice.NONE)
        return end(session, Ending.BETTER)
    if ended is None or ended is Ending.STOPPED:
        return Outcome(Screen.UNCHANGED, Notice.ALREADY_DONE)
    if press.action is Action.LOG:
        if session.logged:
            return Outcome(Screen.UNCHANGED, Notice.ALREADY_LOGGED)
        return Outcome(Screen.ENDED, Notice.LOGGED, save=replace(session, logged=True), log=log_entry(session, walk))
    if ended is Ending.BETTER:
        return Outcome(Screen.UNCHANGED)  # no advice on this screen to expand
    return Outcome(Screen.ENDED, save=replace(session, full_advice=True))


def log_entry(session: Session, walk: int) -> LogEntry:
    assert session.place is not None
    return LogEntry(session.started_at, session.place, session.ended is Ending.BETTER, min(session.step, walk))


def timer_is_current(session: Session | None, sid: str, step: int) -> bool:
    """A hold timer started on this screen still has something to announce."""
    return session is not None and session.id == sid and session.step == step and session.ended is None


# ---------------------------------------------------------------- the stored form


def from_doc(raw: object) -> Session | None:
    """The session in a user document (as this module or any earlier version wrote it), or None when
    there is none or it cannot be read: then its buttons say the walkthrough has ended."""
    if not isinstance(raw, dict):
        return None
    sid, started, place, step = raw.get("id"), raw.get("started_at"), raw.get("place"), raw.get("step", 0)
    ended = raw.get("ended")
    if not isinstance(sid, str) or not isinstance(started, str) or not isinstance(step, int):
        return None
    if (place is not None and not isinstance(place, str)) or (ended is not None and ended not in _ENDINGS):
        return None
    try:
        started_at = parse_utc_iso(started)
    except ValueError:
        return None
    night = raw.get("night")
    return Session(
        id=sid,
        started_at=started_at,
        place=place,
        step=step,
        night=bool(night) if night is not None else None,
        ended=Ending(ended) if ended is not None else None,
        logged=bool(raw.get("logged")),
        full_advice=bool(raw.get("full_advice")),
        hurt_step=raw.get("hurt_step") if isinstance(raw.get("hurt_step"), int) else None,
    )


def to_doc(session: Session) -> dict[str, Any]:
    """The stored form: the keys earlier versions wrote, optional ones only once they are set."""
    doc: dict[str, Any] = {
        "id": session.id,
        "place": session.place,
        "step": session.step,
        "started_at": utc_iso(session.started_at),
    }
    if session.night is not None:
        doc["night"] = session.night
    if session.ended is not None:
        doc["ended"] = session.ended.value
    if session.logged:
        doc["logged"] = True
    if session.full_advice:
        doc["full_advice"] = True
    if session.hurt_step is not None:
        doc["hurt_step"] = session.hurt_step
    return doc


def log_doc(entry: LogEntry) -> dict[str, Any]:
    return {"at": utc_iso(entry.at), "place": entry.place, "eased": entry.eased, "steps": entry.steps}
