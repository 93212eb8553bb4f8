"""ReminderRateLimiter: sliding-window limits, bulk vs interactive, pause and retry on 429."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from telegram.error import RetryAfter

from scheduler.ratelimit import ReminderRateLimiter, SlidingWindow

Callback = Callable[[], Coroutine[Any, Any, dict[str, Any]]]


class Server:
    """Stamps each call when it arrives, like a flood counter would; ``delays`` cycle per call
    (how long each takes to arrive), then the answer comes back."""

    def __init__(self, failures: int = 0, delays: tuple[float, ...] = (0.0,)) -> None:
        self.stamps: list[tuple[float, Any]] = []
        self.failures = failures
        self.delays = delays
        self.calls = 0

    def callback(self, tag: Any) -> Callback:
        async def call() -> dict[str, Any]:
            delay = self.delays[self.calls % len(self.delays)]
            self.calls += 1
            await asyncio.sleep(delay)
            if self.failures:
                self.failures -= 1
                raise RetryAfter(1)
            self.stamps.append((time.monotonic(), tag))
            await asyncio.sleep(0)
            return {"ok": tag}

        return call


async def send(limiter: ReminderRateLimiter, server: Server, chat: int, bulk: bool, tag: Any = None) -> Any:
    return await limiter.process_request(
        server.callback(tag if tag is not None else chat),
        (),
        {},
        "sendMessage",
        {"chat_id": chat},
        {"bulk": True} if bulk else None,
    )


def max_in_any_window(stamps: list[float], window: float) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_window_limit_and_period_follow_the_rate() -> None:
    assert (SlidingWindow(30).limit, SlidingWindow(30).period) == (30, 1.0)
    half = SlidingWindow(0.5)
    assert (half.limit, half.period) == (1, 2.0)
    with pytest.raises(ValueError):
        SlidingWindow(0)


async def test_overall_rate_never_exceeds_limit_in_any_second() -> None:
    limiter = ReminderRateLimiter(overall_per_s=400, per_chat_per_s=1)
    await limiter.initialize()
    server = Server()
    started = time.monotonic()
    results = await asyncio.gather(*(send(limiter, server, chat, bulk=True) for chat in range(500)))
    elapsed = time.monotonic() - started
    assert results == [{"ok": chat} for chat in range(500)]
    assert max_in_any_window([s for s, _ in server.stamps], 1.0) <= 400
    assert elapsed >= 1.0  # the 401st had to wait for the first to be a second old


async def test_window_waits_out_a_slow_arrival_so_a_fast_one_keeps_the_limit() -> None:
    """Counted from starts, a fast send a window after a slow one would arrive inside its window."""
    limiter = ReminderRateLimiter(overall_per_s=20, per_chat_per_s=1)
    await limiter.initialize()
    server = Server(delays=(0.12, 0.0, 0.0))
    await asyncio.gather(*(send(limiter, server, chat, bulk=True) for chat in range(60)))
    assert len(server.stamps) == 60
    assert max_in_any_window([s for s, _ in server.stamps], 1.0) <= 20


async def test_bulk_sends_to_one_chat_are_spaced_by_the_per_chat_limit() -> None:
    limiter = ReminderRateLimiter(overall_per_s=1000, per_chat_per_s=1)
    await limiter.initialize()
    server = Server()
    await asyncio.gather(*(send(limiter, server, chat, bulk=True, tag=chat) for chat in (5, 5, 6)))
    (first, _), (other, other_chat), (second, _) = sorted(server.stamps)
    assert other_chat == 6 and other - first < 0.5  # another chat is not held up
    assert second - first >= 1.0


async def test_interactive_reply_overtakes_queued_bulk_sends() -> None:
    limiter = ReminderRateLimiter(overall_per_s=20, per_chat_per_s=1)
    await limiter.initialize()
    server = Server()
    bulk = [asyncio.create_task(send(limiter, server, chat, bulk=True)) for chat in range(30)]
    await asyncio.sleep(0.05)
    await send(limiter, server, 999, bulk=False)
    order = [tag for _, tag in server.stamps]
    assert order.index(999) <= 21  # right after the first window's worth, not after all 30
    await asyncio.gather(*bulk)
    assert len(server.stamps) == 31


async def test_retry_after_without_a_chat_pauses_everyone_and_retries_the_call() -> None:
    limiter = ReminderRateLimiter(overall_per_s=100, per_chat_per_s=1)
    await limiter.initialize()
    server = Server(failures=1)
    started = time.monotonic()
    # A message call with no chat (so no one chat to blame) pauses every send.
    first = asyncio.create_task(limiter.process_request(server.callback(1), (), {}, "sendMessage", {}, {"bulk": True}))
    while not limiter.retries_after_429:
        await asyncio.sleep(0.01)
    # Sent after the 429 came back: it waits out the pause too, and an interactive one as well.
    results = await asyncio.gather(first, send(limiter, server, 2, bulk=True), send(limiter, server, 3, bulk=False))
    assert sorted(r["ok"] for r in results) == [1, 2, 3]
    assert min(s for s, _ in server.stamps) - started >= 1.0
    assert limiter.retries_after_429 == 1


async def test_retry_after_gives_up_after_max_retries() -> None:
    limiter = ReminderRateLimiter(overall_per_s=100, max_retries=0)
    await limiter.initialize()
    with pytest.raises(RetryAfter):
        await send(limiter, Server(failures=1), 1, bulk=False)


async def test_calls_that_are_not_messages_pass_unthrottled() -> None:
    # The limiter's clock stands still: a throttled call would wait for it forever, so finishing
    # at all proves nothing was throttled (the 10 s only keeps a regression from hanging the run).
    limiter = ReminderRateLimiter(overall_per_s=1, time_source=lambda: 1000.0)
    await limiter.initialize()
    server = Server()

    async def five_answers() -> None:
        for n in range(5):
            await limiter.process_request(server.callback(n), (), {}, "answerCallbackQuery", {}, None)

    await asyncio.wait_for(five_answers(), timeout=10)
    assert [tag for _, tag in server.stamps] == [0, 1, 2, 3, 4]


async def test_a_429_for_one_chat_pauses_only_that_chat() -> None:
    """Issue 10 defect 10: one chatty person's 429 paused every send (22 global pauses, 29/s → 15/s)."""
    limiter = ReminderRateLimiter(overall_per_s=100, per_chat_per_s=1)
    await limiter.initialize()
    server = Server(failures=1)
    chatty = asyncio.create_task(send(limiter, server, 1, bulk=False))
    while not limiter.retries_after_429:
        await asyncio.sleep(0.01)
    await asyncio.gather(send(limiter, server, 2, bulk=True), send(limiter, server, 3, bulk=False))
    assert not chatty.done(), "the others were served while the chatty chat waits out its 429"
    assert (await chatty)["ok"] == 1
    assert [tag for _, tag in server.stamps][-1] == 1
    assert limiter.global_pauses == 0


async def test_429s_for_two_chats_at_once_pause_everyone() -> None:
    """Then it is the bot's overall limit, not one person's."""
    limiter = ReminderRateLimiter(overall_per_s=100, per_chat_per_s=1)
    await limiter.initialize()
    server = Server(failures=2)
    first = [asyncio.create_task(send(limiter, server, chat, bulk=False)) for chat in (1, 2)]
    while limiter.retries_after_429 < 2:
        await asyncio.sleep(0.01)
    later = asyncio.create_task(send(limiter, server, 3, bulk=False))
    await asyncio.gather(*first, later)
    assert limiter.global_pauses == 1
    assert {tag for _, tag in server.stamps} == {1, 2, 3}
