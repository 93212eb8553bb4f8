"""What the relief state-machine tests share: the walk length, fixed instants, a live session, a tap."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from handlers.relief import session as machine
from handlers.relief.session import (
    TOO_LONG,
    Action,
    Outcome,
    Press,
    Session,
)

WALK = 3  # stretch, massage, warmth: screens 0..2, then "How is it now?" (3) and the extra round (4)
QUESTION, ROUND = WALK, WALK + 1
T0 = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
SOON = T0 + timedelta(minutes=2)
LATE = T0 + TOO_LONG + timedelta(seconds=1)
SID, OTHER_SID = "a1b2c3", "ffffff"
PLACES = ("calf", "foot", "thigh", "other")
WALK_ACTIONS = (Action.NEXT, Action.HURTS, Action.STOP, Action.TIMER, Action.STILL_CRAMPING)


def live(step: int = 0, place: str = "calf", **changes: object) -> Session:
    return replace(Session(SID, T0, place=place, step=step, night=False), **changes)  # type: ignore[arg-type]


def tap(
    session: Session | None,
    action: Action,
    step: int | None = None,
    now: datetime = SOON,
    place: str = "calf",
    sid: str = SID,
) -> Outcome:
    at = (session.step if session is not None else 0) if step is None else step
    return machine.on_press(session, Press(sid, place, at, action), WALK, now)
