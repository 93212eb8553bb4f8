"""The walkthrough's callback_data, decoded into typed presses (no Telegram imports).

    rl1:start                                 start; new message (under knowledge answers, /cramp)
    rl1:start:<place>                         start at step 1 of that place (calf, foot, thigh, other),
                                              skipping "where?"; new message (callbacks.relief_start_data)
    rl1:menu                                  start; edit the tapped message (main menu, "start again")
    rl1:<sid>:<place>:p                       place chosen on the "where?" question
    rl1:<sid>:<place>:<step>:<action>         an `Action` code on the screen `step`

`sid` is the walkthrough's short random id; `step` is the screen the button was drawn for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.callbacks import RELIEF, RELIEF_START, CallbackDataError, pack, parse, relief_start_data
from handlers.relief.session import STEP_ACTIONS, Action, Press
from knowledge.models import PLACES

START = RELIEF_START
START_HERE = "menu"

_SID_RE = re.compile(r"^[0-9a-f]{6}$")
_STEP_RE = re.compile(r"^\d{1,2}$")
_STEP_CODES = frozenset(action.value for action in STEP_ACTIONS)


@dataclass(frozen=True)
class Start:
    """A start button: `kind` START (new message) or START_HERE (edit), optionally with the place."""

    kind: str
    place: str | None = None


class ForgedButton(ValueError):
    """Data no button of ours could have carried."""


def start_button_data(place: str | None = None) -> str:
    """callback_data of a start button: "rl1:start" or "rl1:start:<place>" (other features use
    `handlers.callbacks.relief_start_data`, the same function)."""
    return relief_start_data(place)


def start_here_data() -> str:
    return pack(RELIEF, START_HERE)


def place_data(sid: str, place: str) -> str:
    return pack(RELIEF, sid, place, Action.CHOOSE_PLACE.value)


def button(press: Press, action: Action) -> str:
    """The data of `action`'s button on the screen `press` was drawn for."""
    return pack(RELIEF, press.sid, press.place, press.step if press.step is not None else 0, action.value)


def decode(data: str | None) -> Press | Start:
    """A Press for session buttons, a Start for start buttons; raises ForgedButton."""
    try:
        prefix, parts = parse(data)
    except CallbackDataError as exc:
        raise ForgedButton(str(exc)) from exc
    if prefix != RELIEF:
        raise ForgedButton(prefix)
    if parts in ([START], [START_HERE]):
        return Start(parts[0])
    if len(parts) == 2 and parts[0] == START and parts[1] in PLACES:
        return Start(START, parts[1])
    if len(parts) == 3 and parts[2] == Action.CHOOSE_PLACE.value and _valid_session(parts[0], parts[1]):
        return Press(parts[0], parts[1], None, Action.CHOOSE_PLACE)
    if len(parts) == 4 and _valid_session(parts[0], parts[1]) and _STEP_RE.match(parts[2]) and parts[3] in _STEP_CODES:
        return Press(parts[0], parts[1], int(parts[2]), Action(parts[3]))
    raise ForgedButton(repr(parts))


def _valid_session(sid: str, place: str) -> bool:
    return bool(_SID_RE.match(sid)) and place in PLACES
