"""Issue 10, the running bot under bad conditions: the real Application over HTTP, the stand-in misbehaving."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
from pathlib import Path
from typing import Any

import pytest

from bot import coachbot
from bot.app import ALLOWED_UPDATES, build_application, open_services, running
from bot.heartbeat import HEARTBEAT_JOB, read_heartbeat
from core.clock import FakeClock
from core.settings import Settings
from handlers.callbacks import MENU, pack
from standin import BotApiStandin
from tests.harness import BotHarness

POLL_QUESTION = "Do my calves cramp because of low magnesium?"


def _log_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() + (record.exc_text or "") for record in caplog.records]


async def test_an_unparseable_update_is_logged_once_by_id_skipped_and_everyone_else_served(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Defect 1: an old-shape poll made PTB fail on the whole batch, forever, logging everyone's data."""
    api = bot.api
    caplog.set_level(logging.INFO)  # what production logs
    api.user(7001)
    bad = await api.send_poll(7001, POLL_QUESTION, old_shape=True)
    reply = await bot.say("/help", user_id=7002)  # in the same batch or the next
    assert "How I can help" in reply.text
    await api.wait_for(lambda a: a.pending_updates() == 0)  # the offset went past it
    mentions = [line for line in _log_lines(caplog) if str(bad["update_id"]) in line and "skipped" in line]
    assert len(mentions) == 1, _log_lines(caplog)
    assert not [line for line in _log_lines(caplog) if "magnesium" in line or "How I can help" in line]


def test_only_the_update_types_the_bot_handles_are_asked_for() -> None:
    assert sorted(ALLOWED_UPDATES) == ["callback_query", "message", "my_chat_member"]


async def test_an_expired_callback_query_still_does_the_action(bot: BotHarness) -> None:
    """Defect 4: "query is too old" made handlers skip the action and apologise."""
    api = bot.api
    welcome = await bot.start()
    api.expire_queries()
    before = bot.activity(bot.USER_ID)
    await api.press(bot.USER_ID, welcome.message_id, pack(MENU, "help"))
    await bot.wait_activity(bot.USER_ID, before)
    assert "How I can help" in bot.latest(bot.USER_ID).text
    assert not [m for m in api.sent(bot.USER_ID) if "went wrong" in (m.text or "").lower()]


async def test_blocking_the_bot_marks_the_person_inactive_at_once(bot: BotHarness) -> None:
    api = bot.api
    await bot.start()
    await api.blocks_bot(bot.USER_ID)
    await api.wait_for(lambda a: a.pending_updates() == 0)

    def inactive() -> bool:
        doc = bot.services.store.get(bot.USER_ID) or {}
        return doc.get("profile", {}).get("active") is False

    await api.wait_for(lambda a: inactive())
    assert bot.services.reminders.index.get(bot.USER_ID) is None


async def test_a_bot_api_slower_than_5_s_is_waited_for_without_errors(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Defect 9: PTB's 5 s read timeout turned slow but delivered replies into errors and apologies."""
    bot.api.slow("sendMessage", 6.0)
    caplog.set_level(logging.WARNING)
    bot.api.user(bot.USER_ID)
    await bot.api.send_command(bot.USER_ID, "/help")
    await bot.api.wait_for(lambda a: a.sent(bot.USER_ID), timeout=15)
    await asyncio.sleep(0.5)  # an apology, if any, would follow the timed-out call at once
    assert len(bot.api.sent(bot.USER_ID)) == 1 and "How I can help" in bot.api.last(bot.USER_ID).text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_reply_that_timed_out_gets_no_apology(
    standin: BotApiStandin,
    settings: Settings,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Beyond the (now deliberate) read timeout the reply may still arrive: never apologise for it."""
    monkeypatch.setattr(coachbot, "READ_TIMEOUT_S", 0.5)
    standin.slow("sendMessage", 1.5)
    app = build_application(settings, open_services(settings, clock))
    caplog.set_level(logging.WARNING)
    async with running(app):
        standin.user(7001)
        await standin.send_command(7001, "/help")
        await standin.wait_for(lambda a: a.sent(7001), timeout=10)
        await asyncio.sleep(2.0)  # long enough for a (slow) apology to land too
        assert len(standin.sent(7001)) == 1 and "How I can help" in standin.last(7001).text
    assert any("may have arrived" in r.getMessage() for r in caplog.records)


async def test_heartbeat_on_a_full_disk_leaves_no_temp_files_and_says_so_once(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 10 defect 11 (heartbeat): .heartbeat.json.<pid>.tmp files were left behind, a warning every beat."""
    data_dir: Path = bot.services.settings.data_dir
    (data_dir / ".heartbeat.json.99999.tmp").write_text("{}")  # a process that died mid-write
    real_write = Path.write_text

    def disk_full(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        if self.name.startswith(".heartbeat"):
            real_write(self, data[: len(data) // 2], *args, **kwargs)  # half a file, then no space
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full)  # a full disk cannot be made here
    assert bot.app.job_queue is not None
    job = bot.app.job_queue.get_jobs_by_name(HEARTBEAT_JOB)[0]
    caplog.set_level(logging.INFO)
    for _ in range(3):
        await job.run(bot.app)
    assert len([r for r in caplog.records if "heartbeat not written" in r.getMessage()]) == 1
    assert not (data_dir / f".heartbeat.json.{os.getpid()}.tmp").exists()
    monkeypatch.undo()
    await job.run(bot.app)
    assert not list(data_dir.glob(".heartbeat.json.*.tmp"))
    assert read_heartbeat(data_dir) is not None
