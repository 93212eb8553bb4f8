"""The Bot API stand-in's faults and flood limits, waiting and listening, and webhook delivery."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict, Forbidden, RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes

from standin import BotApiStandin, BotCall
from tests.standin_helpers import TOKEN, USER, FakeTime


# The stand-in's own fixtures (`bot` here is a bare PTB Bot, not conftest's harness); each stand-in
# test file declares them, as pytest finds fixtures by the names a module defines.
@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def api(fake_time: FakeTime) -> AsyncIterator[BotApiStandin]:
    async with BotApiStandin(token=TOKEN, time_source=fake_time) as standin:
        standin.user(USER, first_name="Ana")
        yield standin


@pytest.fixture
async def bot(api: BotApiStandin) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url) as ptb_bot:
        yield ptb_bot


# --------------------------------------------------------------------------- faults
def _retry_seconds(error: RetryAfter) -> float:
    """retry_after is seconds or, with PTB_TIMEDELTA (set by the bot), a timedelta."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def test_rate_limit_fault_gives_retry_after(api: BotApiStandin, bot: Bot) -> None:
    api.rate_limit_next("sendMessage", retry_after=7, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(USER, "hi")
        assert _retry_seconds(raised.value) == 7
    assert await bot.get_me()  # other methods are not affected
    assert (await bot.send_message(USER, "hi")).text == "hi"
    assert [m.text for m in api.sent(USER)] == ["hi"]


async def test_raw_429_body_is_telegram_shaped(api: BotApiStandin) -> None:
    api.rate_limit_next(None, retry_after=3)
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{TOKEN}/sendMessage", data={"chat_id": USER, "text": "x"})
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }


async def test_blocked_user_gives_forbidden(api: BotApiStandin, bot: Bot) -> None:
    api.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hello?")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(USER, "typing")
    api.unblock(USER)
    assert (await bot.send_message(USER, "hello again")).text == "hello again"


async def test_slow_fault_delays_answers(api: BotApiStandin, bot: Bot) -> None:
    api.slow("sendMessage", 0.3)
    started = time.monotonic()
    await bot.send_message(USER, "slow")
    assert time.monotonic() - started >= 0.3
    api.slow("sendMessage", 0)
    assert api.faults.delay_for("sendMessage") == 0 and api.faults.delay_for("getMe") == 0


async def test_flood_limits_use_a_sliding_one_second_window(api: BotApiStandin, bot: Bot, fake_time: FakeTime) -> None:
    for user_id in (7002, 7003, 7004):
        api.user(user_id)
    api.set_flood_limits(global_per_s=3, per_chat_per_s=1)
    await bot.send_message(USER, "1")
    with pytest.raises(RetryAfter):  # second message to the same chat within a second
        await bot.send_message(USER, "again")
    fake_time.now += 0.5
    await bot.send_message(7002, "2")
    await bot.send_message(7003, "3")
    with pytest.raises(RetryAfter):  # four in a second overall
        await bot.send_message(7004, "4")
    fake_time.now += 0.5  # the first send leaves the window
    await bot.send_message(7004, "4")
    fake_time.now += 0.5
    await bot.send_message(USER, "1 again")
    rejections = [(r.scope, r.chat_id) for r in api.faults.flood_rejections]
    assert rejections == [("chat", USER), ("global", 7004)]
    api.set_flood_limits(None, None)
    for _ in range(5):
        await bot.send_message(USER, "free")


# --------------------------------------------------------------------------- waiting and listening
async def test_wait_for_and_bot_call_listener(api: BotApiStandin, bot: Bot) -> None:
    seen: list[BotCall] = []
    unsubscribe = api.on_bot_call(seen.append)
    waiter = asyncio.create_task(api.wait_for_messages(USER, 2, timeout=3))
    await bot.send_message(USER, "a")
    await bot.send_message(USER, "b")
    assert [m.text for m in await waiter] == ["a", "b"]
    assert [(c.method, c.ok, c.message.text if c.message else None) for c in seen] == [
        ("sendMessage", True, "a"),
        ("sendMessage", True, "b"),
    ]
    unsubscribe()
    await bot.get_me()
    assert len(seen) == 2
    with pytest.raises(TimeoutError):
        await api.wait_for(lambda a: len(a.sent(USER)) > 5, timeout=0.05)


async def test_real_application_polls_and_answers(api: BotApiStandin) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html("<b>Welcome</b>")

    app = Application.builder().token(TOKEN).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await api.send_command(USER, "/start")
        replies = await api.wait_for_messages(USER, 1)
        await app.updater.stop()
        await app.stop()
    assert replies[0].text == "Welcome"


# --------------------------------------------------------------------------- webhook
@pytest.fixture
async def hook_server() -> AsyncIterator[tuple[str, list[tuple[str | None, dict[str, object]]]]]:
    """A tiny bot-side webhook endpoint: 200 with the right secret, 403 otherwise."""
    received: list[tuple[str | None, dict[str, object]]] = []

    async def receive(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        return web.Response(status=200 if secret == "s3cret" else 403)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/hook", received
    await runner.cleanup()


async def test_webhook_pushes_updates_with_secret(
    api: BotApiStandin, bot: Bot, hook_server: tuple[str, list[tuple[str | None, dict[str, object]]]]
) -> None:
    url, received = hook_server
    await api.send_text(USER, "old, dropped")
    assert await bot.set_webhook(url, secret_token="s3cret", drop_pending_updates=True) is True
    assert api.webhook["url"] == url and api.webhook["secret_token"] == "s3cret"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    update = await api.send_text(USER, "pushed")
    await api.wait_for(lambda a: len(a.webhook_deliveries) == 1)
    assert api.webhook_deliveries == [(update["update_id"], 200)]
    assert received == [("s3cret", update)]
    assert (await bot.get_webhook_info()).url == url

    assert await api.push_raw(update, secret="wrong") == 403
    assert await api.push_raw(update, secret=None) == 403
    assert [secret for secret, _ in received[1:]] == ["wrong", None]

    assert await bot.delete_webhook() is True
    later = await api.send_text(USER, "polled")
    assert [u.update_id for u in await bot.get_updates()] == [later["update_id"]]
    assert len(received) == 3


async def test_unreachable_webhook_is_recorded_as_status_zero(api: BotApiStandin, bot: Bot) -> None:
    await bot.set_webhook("http://127.0.0.1:9/nothing-here")
    update = await api.send_text(USER, "lost")
    await api.wait_for(lambda a: len(a.webhook_deliveries) == 1)
    assert api.webhook_deliveries == [(update["update_id"], 0)]


async def test_fractional_flood_limit_widens_the_window(api: BotApiStandin, bot: Bot, fake_time: FakeTime) -> None:
    api.set_flood_limits(global_per_s=None, per_chat_per_s=0.5)
    await bot.send_message(USER, "1")
    fake_time.now += 1.5
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER, "too soon")
    assert _retry_seconds(raised.value) == 1
    fake_time.now += 0.5
    await bot.send_message(USER, "2")
    with pytest.raises(ValueError):
        api.set_flood_limits(global_per_s=0, per_chat_per_s=None)


async def test_peak_sends_measure_pacing_without_limits(api: BotApiStandin, bot: Bot, fake_time: FakeTime) -> None:
    api.user(7002)
    for step in range(4):  # USER at 0, 0.4, 0.8, 1.2 s; 7002 once at 0.8 s
        await bot.send_message(USER, f"m{step}")
        if step == 2:
            await bot.send_message(7002, "other")
        fake_time.now += 0.4
    await bot.send_chat_action(USER, "typing")  # not a message, not counted
    assert api.faults.peak_sends() == (4, 3)
    assert api.faults.peak_sends(window_s=0.5) == (3, 2)
