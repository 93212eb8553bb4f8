"""A PTB rate limiter that keeps the bot inside Telegram's flood limits.

Telegram allows about 30 messages per second overall and one per second per chat. The windows
here are sliding and counted from when each send *starts*: at most ``limit`` starts in any
``period``. Counting from completion instead (as this module once did) made the pace
30/(1 + latency): 29.07/s at 32 ms. Telegram counts a message when it arrives, a little after it
starts, so each window also waits out how much slower than usual the send a window back was
(see ``SlidingWindow``); bench/fanout.py counts the stand-in's flood 429s.

Interactive replies go ahead of bulk reminder sends (bulk calls pass
``rate_limit_args={"bulk": True}``). The per-chat limit holds back bulk sends only:
a person who taps a button gets the answer at once, and the next reminder for that
chat waits a full second after it. On RetryAfter the failed call is retried after
retry_after, at most ``max_retries`` times. A 429 for a call to one chat pauses that chat
only (one chatty person must not hold up everyone); it pauses every send when it has no
chat, or when another chat is already paused (then it is the bot's overall limit).

Paid broadcast (operator's option, ``PaidLane``): when the free window is full, a bulk send may go
out at once with ``allow_paid_broadcast=True`` (Telegram: up to 1000/s, 0.1 Star each), as long
as today's budget lasts. Replies never pay.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

RateLimitArgs = dict[str, Any]
# What bulk senders pass as ``rate_limit_args``.
BULK: RateLimitArgs = {"bulk": True}
# sendChatAction puts nothing into the chat; Telegram counts messages, not API calls.
_NOT_A_MESSAGE = frozenset({"sendChatAction"})
_CHAT_WINDOW_CLEANUP_EVERY = 1000
# Headroom on top of retry_after, as a 429's deadline is rounded to whole seconds.
_RETRY_AFTER_MARGIN_S = 0.1
# Telegram's paid broadcasts: up to 1000 messages/s with allow_paid_broadcast.
PAID_PER_S = 1000.0
PAID_FLAG = "allow_paid_broadcast"
# The floor of a send's round trip is the fastest of this many recent ones.
ROUND_TRIP_SAMPLES = 1024
# A send still out this long after it started is waited for before its window moves on (it may
# arrive any moment, and counts then); the next waits until it is back, or this long at most.
MAX_WAIT_IN_FLIGHT_S = 5.0


def counts_as_message(endpoint: str) -> bool:
    """Whether a call puts a message into a chat (what the flood limits count)."""
    if endpoint in _NOT_A_MESSAGE:
        return False
    return endpoint.startswith("send") or endpoint in ("copyMessage", "forwardMessage")


class RoundTrips:
    """The fastest of the last ROUND_TRIP_SAMPLES *solo* round trips: the floor a send's delay is
    measured against (0, the cautious floor, until there is one).

    Only a send that had the link to itself (none in flight when it started, none started before it
    was back) is a sample: sends in a burst wait for one another on the way (here, and on an event
    loop shared with the stand-in, a lot), and a floor taken from them would be too high for the
    first quiet send after it. A monotonic queue keeps the minimum in O(1) per sample.
    """

    __slots__ = ("_count", "_rising")

    def __init__(self) -> None:
        self._count = 0
        self._rising: deque[tuple[int, float]] = deque()  # (sample number, round trip), rising

    @property
    def floor(self) -> float:
        return self._rising[0][1] if self._rising else 0.0

    def note(self, seconds: float) -> None:
        self._count += 1
        while self._rising and self._rising[-1][1] >= seconds:
            self._rising.pop()
        self._rising.append((self._count, seconds))
        if self._rising[0][0] <= self._count - ROUND_TRIP_SAMPLES:
            self._rising.popleft()


class Send:
    """One send in a window: when it started and, once it is back, its round trip."""

    __slots__ = ("round_trip", "started")

    def __init__(self, started: float) -> None:
        self.started = started
        self.round_trip: float | None = None


class SlidingWindow:
    """At most `limit` sends per `period` seconds, counted from when each send starts.

    Telegram counts a message when it arrives, and the limiter only knows when it started. If
    every send took as long to arrive, starts a period apart would arrive a period apart. They
    don't: when the send a window back took longer than the fastest recent one, the next waits
    that much more (its round trip minus the floor), assuming the variation is on the way in. A
    send still in flight a whole period after it started holds the window until it is back.
    """

    __slots__ = ("_sends", "_trips", "limit", "period")

    def __init__(self, per_second: float, period: float = 1.0, trips: RoundTrips | None = None) -> None:
        if per_second <= 0:
            raise ValueError("a rate must be positive")
        self.limit = max(1, math.floor(per_second * period))
        self.period = self.limit / per_second
        self._trips = trips or RoundTrips()
        self._sends: deque[Send] = deque()

    def ready_at(self) -> float:
        """The earliest start time of the next send (inf while the deciding one is in flight too long)."""
        if len(self._sends) < self.limit:
            return -math.inf
        oldest = self._sends[0]
        if oldest.round_trip is None:
            return oldest.started + max(self.period, MAX_WAIT_IN_FLIGHT_S)
        return oldest.started + self.period + max(0.0, oldest.round_trip - self._trips.floor)

    def take(self, now: float) -> Send:
        if len(self._sends) >= self.limit:
            self._sends.popleft()
        send = Send(now)
        self._sends.append(send)
        return send

    def idle_since(self, now: float) -> bool:
        """Nothing in flight and nothing recent: the window can be forgotten."""
        return all(send.round_trip is not None and send.started + self.period <= now for send in self._sends)


class PaidLane:
    """Paid broadcasts: their own window (1000/s) and a budget of messages per UTC day.

    ``today`` names the current UTC day; ``remember(day, used)`` is told after each change, so the
    count can outlive a restart (the bot keeps it as a store record).
    """

    def __init__(
        self,
        daily_budget: int,
        today: Callable[[], str],
        per_second: float = PAID_PER_S,
        used: tuple[str, int] | None = None,
        remember: Callable[[str, int], None] | None = None,
        trips: RoundTrips | None = None,
    ) -> None:
        self.daily_budget = daily_budget
        self.window = SlidingWindow(per_second, trips=trips)
        self._today = today
        self._remember = remember
        self.day, self.used_today = used if used is not None else (today(), 0)
        self.sent = 0  # since start, successful paid sends

    def left(self) -> int:
        self._roll()
        return max(0, self.daily_budget - self.used_today)

    def reserve(self) -> None:
        self._roll()
        self.used_today += 1

    def settle(self, delivered: bool) -> None:
        """After the call: a send that failed costs nothing (Telegram charges delivered messages)."""
        if delivered:
            self.sent += 1
        else:
            self.used_today = max(0, self.used_today - 1)
        if self._remember is not None:
            self._remember(self.day, self.used_today)

    def _roll(self) -> None:
        day = self._today()
        if day != self.day:
            self.day, self.used_today = day, 0


class ReminderRateLimiter(BaseRateLimiter[RateLimitArgs]):
    """Throttles sends to ``overall_per_s`` and bulk sends to ``per_chat_per_s`` per chat."""

    def __init__(
        self,
        overall_per_s: float = 30.0,
        per_chat_per_s: float = 1.0,
        max_retries: int = 5,
        time_source: Callable[[], float] | None = None,
        *,
        paid: PaidLane | None = None,
        trips: RoundTrips | None = None,
    ) -> None:
        self.overall_per_s = overall_per_s
        self.per_chat_per_s = per_chat_per_s
        self.max_retries = max_retries
        self.paid = paid
        self._time = time_source
        self.trips = trips or RoundTrips()
        self._global = SlidingWindow(overall_per_s, trips=self.trips)
        if paid is not None:
            paid.window = SlidingWindow(paid.window.limit / paid.window.period, trips=self.trips)
        self._chats: dict[int | str, SlidingWindow] = {}
        self._takes = 0
        self._paused_until = -math.inf
        self._chat_paused_until: dict[int | str, float] = {}
        self._interactive_waiting = 0
        self._bulk_turn: asyncio.Lock | None = None
        self._changed: asyncio.Event | None = None
        self.retries_after_429 = 0
        self.global_pauses = 0
        self._in_flight = 0  # message sends out now
        self._flights = 0  # message sends started so far

    async def initialize(self) -> None:
        self._bulk_turn = asyncio.Lock()
        self._changed = asyncio.Event()

    async def shutdown(self) -> None:
        self._notify()

    # --- the protocol ------------------------------------------------------------------
    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: RateLimitArgs | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        chat_id = data.get("chat_id")
        attempt = 0
        while True:
            sends, paid = await self._acquire(endpoint, chat_id, bulk)
            flight = self._take_off() if sends else None
            # ``data`` is the very dict PTB sends (args holds it too): the lane decides the flag.
            if paid:
                data[PAID_FLAG] = True
            else:
                data.pop(PAID_FLAG, None)
            delivered = False
            try:
                result = await callback(*args, **kwargs)
                delivered = True
                return result
            except RetryAfter as exc:
                attempt += 1
                self.retries_after_429 += 1
                scope = self._pause_after_429(chat_id, _seconds(exc))
                logger.warning(
                    "429 on %s: pausing %s for %.1f s (attempt %d of %d)",
                    endpoint,
                    scope,
                    _seconds(exc),
                    attempt,
                    self.max_retries,
                )
                if attempt > self.max_retries:
                    raise
            finally:
                self._complete(sends, flight)
                if paid and self.paid is not None:
                    self.paid.settle(delivered)

    # --- internals ---------------------------------------------------------------------
    def _now(self) -> float:
        return self._time() if self._time is not None else asyncio.get_running_loop().time()

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def _wait_for_change(self, timeout: float) -> None:
        if self._changed is None:
            await self.initialize()
        assert self._changed is not None
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), None if math.isinf(timeout) else max(timeout, 0.0))
        except TimeoutError:
            pass

    def _pause_after_429(self, chat_id: Any, seconds: float) -> str:
        """Pause the chat the 429 was about, or everything; returns which, for the log."""
        now = self._now()
        until = now + seconds + _RETRY_AFTER_MARGIN_S
        other_paused = any(end > now for chat, end in self._chat_paused_until.items() if chat != chat_id)
        if chat_id is None or other_paused:
            self._paused_until = max(self._paused_until, until)
            self.global_pauses += 1
            scope = "all sends"
        else:
            self._chat_paused_until[chat_id] = max(self._chat_paused_until.get(chat_id, -math.inf), until)
            scope = "sends to one chat"
        self._notify()
        return scope

    async def _wait_while_chat_paused(self, chat_id: Any) -> None:
        if chat_id is None:
            return
        while (left := self._chat_paused_until.get(chat_id, -math.inf) - self._now()) > 0:
            await self._wait_for_change(left)

    def _chat_window(self, chat_id: int | str) -> SlidingWindow:
        window = self._chats.get(chat_id)
        if window is None:
            window = self._chats[chat_id] = SlidingWindow(self.per_chat_per_s, trips=self.trips)
        return window

    async def _acquire(self, endpoint: str, chat_id: Any, bulk: bool) -> tuple[list[Send], bool]:
        """Wait for the pause to end and, for a message, for room in the windows.

        Returns the sends taken in the windows (their round trips are noted when the call is back)
        and whether this one goes out as a paid broadcast.
        """
        if not counts_as_message(endpoint):
            await self._wait_while_paused()
            return [], False
        # Before queueing for the shared windows: a paused chat must not hold a place there.
        await self._wait_while_chat_paused(chat_id)
        if not bulk:
            return await self._acquire_interactive(chat_id), False
        if self._bulk_turn is None:
            await self.initialize()
        assert self._bulk_turn is not None
        # Per chat first, outside the bulk queue, so one busy chat never holds up the others.
        sends = [await self._acquire_chat(chat_id)] if chat_id is not None else []
        # Then bulk sends queue up one at a time, so interactive ones can overtake them.
        async with self._bulk_turn:
            while True:
                now = self._now()
                free_at = max(self._paused_until, self._global.ready_at())
                paid_at = self._paid_ready_at()
                if self._interactive_waiting:
                    free_at = paid_at = math.inf
                if free_at <= now:
                    self._count_take(now)
                    return [self._global.take(now), *sends], False
                if paid_at <= now:
                    assert self.paid is not None
                    self.paid.reserve()
                    self._count_take(now)
                    return [self.paid.window.take(now), *sends], True
                await self._wait_for_change(min(free_at, paid_at) - now)

    def _paid_ready_at(self) -> float:
        """When a paid send could start: never without the option or once today's budget is spent."""
        if self.paid is None or self.paid.left() <= 0:
            return math.inf
        return max(self._paused_until, self.paid.window.ready_at())

    async def _acquire_chat(self, chat_id: int | str) -> Send:
        window = self._chat_window(chat_id)
        while (wait := window.ready_at() - self._now()) > 0:
            await self._wait_for_change(wait)
        return window.take(self._now())

    async def _acquire_interactive(self, chat_id: Any) -> list[Send]:
        self._interactive_waiting += 1
        try:
            while True:
                now = self._now()
                ready = max(self._paused_until, self._global.ready_at())
                if ready <= now:
                    sends = [self._global.take(now)]
                    if chat_id is not None:
                        # Recorded, not waited for: the next bulk send to this chat waits.
                        sends.append(self._chat_window(chat_id).take(now))
                    self._count_take(now)
                    return sends
                await self._wait_for_change(ready - now)
        finally:
            self._interactive_waiting -= 1
            self._notify()

    async def _wait_while_paused(self) -> None:
        while (left := self._paused_until - self._now()) > 0:
            await self._wait_for_change(left)

    def _take_off(self) -> tuple[int, int]:
        """(sends started before this one, sends in flight when it started)."""
        flight = (self._flights, self._in_flight)
        self._flights += 1
        self._in_flight += 1
        return flight

    def _complete(self, sends: list[Send], flight: tuple[int, int] | None) -> None:
        if not sends or flight is None:
            return
        self._in_flight -= 1
        round_trip = self._now() - sends[0].started
        for send in sends:
            send.round_trip = round_trip
        started_before, in_flight = flight
        if in_flight == 0 and self._flights == started_before + 1:  # it had the link to itself
            self.trips.note(round_trip)
        self._notify()

    def _count_take(self, now: float) -> None:
        self._takes += 1
        if self._takes % _CHAT_WINDOW_CLEANUP_EVERY == 0:
            idle = [chat for chat, window in self._chats.items() if window.idle_since(now)]
            for chat in idle:
                del self._chats[chat]
            for chat in [chat for chat, end in self._chat_paused_until.items() if end <= now]:
                del self._chat_paused_until[chat]


def _seconds(exc: RetryAfter) -> float:
    """retry_after in seconds, whatever PTB_TIMEDELTA says about its public type."""
    value = getattr(exc, "_retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    public = exc.retry_after
    return public.total_seconds() if isinstance(public, timedelta) else float(public)
