"""Faults a test can switch on: forced 429s, blocked users, slow answers, flood control.

Flood control counts a message when its request *arrives* (``note_arrival``, at the top of the
HTTP handler), as Telegram can only count what reaches it: not when the handler gets round to
it after reading the body and parsing the HTML, which on a loop shared with the bot lagged the
arrival by tens of ms and squeezed sends that had started a full second apart into one window.
Free sends: ``global_per_s`` (Telegram's ~30/s). Paid broadcasts (``allow_paid_broadcast``) are
outside that limit and have their own, ``paid_per_s`` (Telegram: 1000/s).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from standin.rules import ApiError

# Methods that put a message into a chat; only these count against flood limits.
FLOOD_COUNTED_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument", "copymessage", "forwardmessage"})
# "Any method" faults leave the poller alone, or the first getUpdates would swallow them.
_NOT_AFFECTED_BY_ANY = frozenset({"getupdates"})

FLOOD_WINDOW_S = 1.0
PAID_PER_S = 1000.0
# When the request being handled arrived (each aiohttp request runs in a task of its own).
_ARRIVED: ContextVar[float | None] = ContextVar("standin_arrived", default=None)


@dataclass
class _RateLimit:
    method: str | None  # lower-case, None = any method
    retry_after: int
    remaining: int
    chat_id: int | None = None  # None: calls to any chat (or none)


@dataclass(frozen=True)
class FloodRejection:
    method: str
    chat_id: int | None
    at: float
    retry_after: int
    scope: str  # "global", "paid" or "chat"


def _matches(rule_method: str | None, method: str) -> bool:
    if rule_method is None:
        return method not in _NOT_AFFECTED_BY_ANY
    return rule_method == method


class Faults:
    """State of all switchable faults; ``time_source`` makes flood control deterministic."""

    def __init__(self, time_source: Callable[[], float] = time.monotonic) -> None:
        self.time_source = time_source
        self._rate_limits: list[_RateLimit] = []
        self._blocked: set[int] = set()
        self._slow: dict[str | None, float] = {}
        self.global_per_s: float | None = None
        self.per_chat_per_s: float | None = None
        self.paid_per_s: float | None = PAID_PER_S
        # False: count a send when its handler gets to it (how the stand-in counted before; kept
        # for bench/fanout.py's same-run baseline).
        self.count_at_arrival = True
        self._global_sends: deque[float] = deque()
        self._paid_sends: deque[float] = deque()
        self.paid_sent = 0
        # Per chat, the sends in the current window; chats without one are forgotten (oldest
        # first), or a day's fan-out would keep a window per person for good.
        self._chat_sends: OrderedDict[int, deque[float]] = OrderedDict()
        self.flood_rejections: list[FloodRejection] = []
        # every accepted send (monotonic time, chat id), flood limits on or off
        self.send_log: list[tuple[float, int | None]] = []
        # Every answerCallbackQuery is "query is too old", as after a backlog or a restart.
        self.queries_expire = False

    # --- switches -------------------------------------------------------------------
    def rate_limit_next(self, method: str | None, retry_after: int, times: int = 1, chat_id: int | None = None) -> None:
        """The next ``times`` calls of ``method`` (None: any but getUpdates) answer 429.

        With ``chat_id``, only calls about that chat do (one chatty person's flood limit).
        """
        key = method.lower() if method else None
        self._rate_limits.append(_RateLimit(key, retry_after, times, chat_id))

    def block(self, user_id: int) -> None:
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    def is_blocked(self, chat_id: int) -> bool:
        return chat_id in self._blocked

    def slow(self, method: str | None, seconds: float) -> None:
        """Delay answers of ``method`` (None: any but getUpdates); 0 switches it off."""
        key = method.lower() if method else None
        if seconds <= 0:
            self._slow.pop(key, None)
        else:
            self._slow[key] = seconds

    def set_flood_limits(self, global_per_s: float | None, per_chat_per_s: float | None) -> None:
        """Telegram-like flood control over a sliding 1 s window; None switches a limit off.

        A limit below 1/s widens the window: 0.5 allows one send per 2 s.
        """
        for limit in (global_per_s, per_chat_per_s):
            if limit is not None and limit <= 0:
                raise ValueError(f"flood limit must be positive or None, got {limit}")
        self.global_per_s = global_per_s
        self.per_chat_per_s = per_chat_per_s
        self._global_sends.clear()
        self._paid_sends.clear()
        self._chat_sends.clear()

    def clear(self) -> None:
        self.queries_expire = False
        self._rate_limits.clear()
        self._blocked.clear()
        self._slow.clear()
        self.set_flood_limits(None, None)
        self.flood_rejections.clear()
        self.send_log.clear()
        self.paid_sent = 0

    # --- checks used by the server --------------------------------------------------
    def delay_for(self, method: str) -> float:
        specific = self._slow.get(method)
        if specific is not None:
            return specific
        return self._slow.get(None, 0.0) if method not in _NOT_AFFECTED_BY_ANY else 0.0

    def take_rate_limit(self, method: str, chat_id: int | None = None) -> ApiError | None:
        for rule in self._rate_limits:
            if rule.remaining > 0 and _matches(rule.method, method) and rule.chat_id in (None, chat_id):
                rule.remaining -= 1
                self._rate_limits = [r for r in self._rate_limits if r.remaining > 0]
                return too_many_requests(rule.retry_after)
        return None

    def note_arrival(self) -> None:
        """The request being handled arrived now: flood control counts it at this time."""
        _ARRIVED.set(self.time_source())

    def check_flood(self, method: str, chat_id: int | None, paid: bool = False) -> None:
        """Count one send, or raise 429 when a window is full (rejected sends don't count).

        A paid broadcast counts against the paid window instead of the free one.
        """
        if method not in FLOOD_COUNTED_METHODS:
            return
        arrived = _ARRIVED.get() if self.count_at_arrival else None
        now = arrived if arrived is not None else self.time_source()
        self._forget_quiet_chats(self.time_source())
        chat_window = self._chat_sends.setdefault(chat_id, deque()) if chat_id is not None else None
        if chat_id is not None:
            self._chat_sends.move_to_end(chat_id)
        lane, limit, scope = (
            (self._paid_sends, self.paid_per_s, "paid") if paid else (self._global_sends, self.global_per_s, "global")
        )
        self._reject_if_full(lane, limit, now, method, chat_id, scope)
        if chat_window is not None:
            self._reject_if_full(chat_window, self.per_chat_per_s, now, method, chat_id, "chat")
            chat_window.append(now)
        lane.append(now)
        self.send_log.append((now, chat_id))
        if paid:
            self.paid_sent += 1

    def _forget_quiet_chats(self, now: float) -> None:
        """Drop the windows of chats with no send in the longest window (they count nothing)."""
        # Ten windows back: a send is counted at its arrival, which can be a little earlier than now.
        span = 10 * max(_window_for(self.per_chat_per_s)[0], FLOOD_WINDOW_S)
        while self._chat_sends:
            chat_id, window = next(iter(self._chat_sends.items()))
            if window and window[-1] > now - span:
                return
            del self._chat_sends[chat_id]

    def _reject_if_full(
        self,
        window: deque[float],
        limit: float | None,
        now: float,
        method: str,
        chat_id: int | None,
        scope: str,
    ) -> None:
        span, allowed = _window_for(limit)
        while window and window[0] <= now - max(span, FLOOD_WINDOW_S):
            window.popleft()
        if limit is None:
            return
        in_window = [sent for sent in window if sent > now - span]
        if len(in_window) < allowed:
            return
        # The window frees up when its oldest send is a full window old.
        wait = in_window[-allowed] + span - now
        retry_after = max(1, math.ceil(wait))
        self.flood_rejections.append(FloodRejection(method, chat_id, now, retry_after, scope))
        raise too_many_requests(retry_after)

    def peak_sends(self, window_s: float = FLOOD_WINDOW_S) -> tuple[int, int]:
        """Most accepted sends in any ``window_s`` window: (overall, in one chat).

        Benchmarks use this to show the bot's pacing even with flood limits off.
        """
        overall = _peak(sorted(t for t, _ in self.send_log), window_s)
        by_chat: dict[int | None, list[float]] = {}
        for sent_at, chat_id in self.send_log:
            by_chat.setdefault(chat_id, []).append(sent_at)
        per_chat = max((_peak(sorted(times), window_s) for times in by_chat.values()), default=0)
        return overall, per_chat


def _window_for(limit: float | None) -> tuple[float, int]:
    """(window length, sends allowed in it): 30/s → (1 s, 30); 0.5/s → (2 s, 1)."""
    if limit is None:
        return FLOOD_WINDOW_S, 0
    if limit >= 1:
        return FLOOD_WINDOW_S, math.floor(limit * FLOOD_WINDOW_S)
    return 1 / limit, 1


def _peak(times: list[float], window_s: float) -> int:
    """Largest number of timestamps inside any half-open window of ``window_s``."""
    best = 0
    start = 0
    for end, sent_at in enumerate(times):
        while times[start] <= sent_at - window_s:
            start += 1
        best = max(best, end - start + 1)
    return best


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def blocked_by_user() -> ApiError:
    return ApiError(403, "Forbidden: bot was blocked by the user")
