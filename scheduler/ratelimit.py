"""A PTB rate limiter that keeps the bot inside Telegram's flood limits.

Telegram allows about 30 messages per second overall and one per second per chat.
The limits are enforced *provably* against a sliding-window counter (which is what
Telegram and our stand-in use): a new send may start only once the send `limit` places
before it has *completed* at least one window ago. The server stamps a request between
its start and its completion, so two stamps can never be closer than the window.

Interactive replies go ahead of bulk reminder sends (bulk calls pass
``rate_limit_args={"bulk": True}``). The per-chat limit holds back bulk sends only:
a person who taps a button gets the answer at once, and the next reminder for that
chat waits a full second after it. On RetryAfter the failed call is retried after
retry_after, at most ``max_retries`` times. A 429 for a call to one chat pauses that chat
only (one chatty person must not hold up everyone); it pauses every send when it has no
chat, or when another chat is already paused (then it is the bot's overall limit).
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


def counts_as_message(endpoint: str) -> bool:
    """Whether a call puts a message into a chat (what the flood limits count)."""
    if endpoint in _NOT_A_MESSAGE:
        return False
    return endpoint.startswith("send") or endpoint in ("copyMessage", "forwardMessage")


class _Slot:
    """One send in a window; its completion time is infinite while it is in flight."""

    __slots__ = ("done_at",)

    def __init__(self) -> None:
        self.done_at = math.inf


class SlidingWindow:
    """At most `limit` sends per `period` seconds, measured from completion to start."""

    __slots__ = ("_slots", "limit", "period")

    def __init__(self, per_second: float, period: float = 1.0) -> None:
        if per_second <= 0:
            raise ValueError("a rate must be positive")
        self.limit = max(1, math.floor(per_second * period))
        self.period = self.limit / per_second
        self._slots: deque[_Slot] = deque()

    def ready_at(self) -> float:
        """The earliest start time of the next send (inf while the deciding one is in flight)."""
        if len(self._slots) < self.limit:
            return -math.inf
        return self._slots[0].done_at + self.period

    def take(self) -> _Slot:
        if len(self._slots) >= self.limit:
            self._slots.popleft()
        slot = _Slot()
        self._slots.append(slot)
        return slot

    def idle_since(self, now: float) -> bool:
        """Nothing in flight and nothing recent: the window can be forgotten."""
        return all(slot.done_at + self.period <= now for slot in self._slots)


class ReminderRateLimiter(BaseRateLimiter[RateLimitArgs]):
    """Throttles sends to ``overall_per_s`` and bulk sends to ``per_chat_per_s`` per chat."""

    def __init__(
        self,
        overall_per_s: float = 30.0,
        per_chat_per_s: float = 1.0,
        max_retries: int = 5,
        time_source: Callable[[], float] | None = None,
    ) -> None:
        self.overall_per_s = overall_per_s
        self.per_chat_per_s = per_chat_per_s
        self.max_retries = max_retries
        self._time = time_source
        self._global = SlidingWindow(overall_per_s)
        self._chats: dict[int | str, SlidingWindow] = {}
        self._takes = 0
        self._paused_until = -math.inf
        self._chat_paused_until: dict[int | str, float] = {}
        self._interactive_waiting = 0
        self._bulk_turn: asyncio.Lock | None = None
        self._changed: asyncio.Event | None = None
        self.retries_after_429 = 0
        self.global_pauses = 0

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
            slots = await self._acquire(endpoint, chat_id, bulk)
            try:
                return await callback(*args, **kwargs)
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
                self._complete(slots)

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
            window = self._chats[chat_id] = SlidingWindow(self.per_chat_per_s)
        return window

    async def _acquire(self, endpoint: str, chat_id: Any, bulk: bool) -> list[_Slot]:
        """Wait for the pause to end and, for a message, for room in the windows."""
        if not counts_as_message(endpoint):
            await self._wait_while_paused()
            return []
        # Before queueing for the shared windows: a paused chat must not hold a place there.
        await self._wait_while_chat_paused(chat_id)
        if not bulk:
            return await self._acquire_interactive(chat_id)
        if self._bulk_turn is None:
            await self.initialize()
        assert self._bulk_turn is not None
        # Per chat first, outside the bulk queue, so one busy chat never holds up the others.
        chat_slots = [await self._acquire_chat(chat_id)] if chat_id is not None else []
        # Then bulk sends queue up one at a time, so interactive ones can overtake them.
        async with self._bulk_turn:
            while True:
                now = self._now()
                ready = max(self._paused_until, self._global.ready_at())
                if self._interactive_waiting:
                    ready = math.inf
                if ready <= now:
                    self._count_take(now)
                    return [self._global.take(), *chat_slots]
                await self._wait_for_change(ready - now)

    async def _acquire_chat(self, chat_id: int | str) -> _Slot:
        window = self._chat_window(chat_id)
        while (wait := window.ready_at() - self._now()) > 0:
            await self._wait_for_change(wait)
        return window.take()

    async def _acquire_interactive(self, chat_id: Any) -> list[_Slot]:
        self._interactive_waiting += 1
        try:
            while True:
                now = self._now()
                ready = max(self._paused_until, self._global.ready_at())
                if ready <= now:
                    slots = [self._global.take()]
                    if chat_id is not None:
                        # Recorded, not waited for: the next bulk send to this chat waits.
                        slots.append(self._chat_window(chat_id).take())
                    self._count_take(now)
                    return slots
                await self._wait_for_change(ready - now)
        finally:
            self._interactive_waiting -= 1
            self._notify()

    async def _wait_while_paused(self) -> None:
        while (left := self._paused_until - self._now()) > 0:
            await self._wait_for_change(left)

    def _complete(self, slots: list[_Slot]) -> None:
        if not slots:
            return
        now = self._now()
        for slot in slots:
            slot.done_at = now
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
