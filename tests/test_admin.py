"""/admin: figures for ADMIN_IDS, the ordinary unknown-command reply for everyone else."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from bot.heartbeat import HEARTBEAT_FILE, read_heartbeat
from core.clock import utc_iso
from handlers.admin import count_users
from handlers.texts import common as common_texts
from tests.harness import BotHarness


def _seed_users(bot: BotHarness) -> None:
    store, now = bot.services.store, bot.clock.now()
    # 1: recent, hydration and food on (stretch off); a reminder sent today and one yesterday.
    store.update(
        1,
        {
            "profile": {
                "chat_id": 1,
                "created_at": utc_iso(now),
                "last_seen": utc_iso(now - timedelta(days=1)),
                "active": True,
            },
            "reminders": {"stretch": {"on": False}},
            # What the scheduler writes: the last send per kind, and daily button counts.
            "reminder_sent": {
                "food": {"slot": "2026-01-13 12:30", "at": utc_iso(now - timedelta(days=1))},
                "hydration": {"slot": "2026-01-14 09:00", "at": utc_iso(now - timedelta(hours=1))},
            },
            "reminder_log": [{"d": "2026-01-14", "done": {"hydration": 1}}],
        },
    )
    # 2: last seen 8 days ago, never set reminders up.
    store.update(2, {"profile": {"chat_id": 2, "last_seen": utc_iso(now - timedelta(days=8)), "active": True}})
    # 3: blocked the bot; its reminders are not counted as on.
    store.update(3, {"profile": {"chat_id": 3, "last_seen": utc_iso(now), "active": False}, "reminders": {}})


async def test_admin_sees_the_figures(bot: BotHarness) -> None:
    _seed_users(bot)
    reply = await bot.say("/admin", user_id=bot.ADMIN_ID)
    text = reply.text
    # Whether the admin's own message created a record for them is the presence feature's business.
    admin_known = bot.services.store.get(bot.ADMIN_ID) is not None
    assert f"Users: {3 + admin_known}" in text
    assert f"Active in the last 7 days: {1 + admin_known}" in text
    assert "Blocked the bot: 1" in text
    assert "Reminders on: hydration 1, stretch 0, food 1" in text
    assert "People reminded today (UTC): 1" in text
    reminders = bot.services.reminders
    failed = "n/a" if reminders is None else str(reminders.stats["failed"])
    assert f"failed: {failed}" in text
    assert "Store:" in text and "KB" in text
    assert "Uptime: 0d 0h 0m" in text


async def test_uptime_follows_the_clock(bot: BotHarness) -> None:
    bot.clock.advance(timedelta(days=1, hours=2, minutes=3))
    reply = await bot.say("/admin", user_id=bot.ADMIN_ID)
    assert "Uptime: 1d 2h 3m" in reply.text


async def test_non_admin_gets_the_unknown_command_reply(bot: BotHarness) -> None:
    _seed_users(bot)
    reply = await bot.say("/admin")
    assert reply.text == common_texts.UNKNOWN_COMMAND
    assert "Users:" not in reply.text


async def test_admin_is_not_in_the_public_command_menu(bot: BotHarness) -> None:
    names = [command["command"] for command in bot.api.commands]
    assert "start" in names and "admin" not in names


async def test_running_bot_writes_a_heartbeat(bot: BotHarness) -> None:
    data_dir: Path = bot.services.settings.data_dir
    await bot.api.wait_for(lambda api: (data_dir / HEARTBEAT_FILE).exists())
    beat = read_heartbeat(data_dir)
    assert beat is not None
    assert beat[1] == bot.clock.now().replace(microsecond=0)


def test_count_users_skips_malformed_fields() -> None:
    from datetime import datetime

    now = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
    docs = [
        {"profile": {"last_seen": "not a date"}, "reminders": {"hydration": {"every_h": 7}}},
        {"profile": {"last_seen": utc_iso(now)}, "reminders": {}, "reminder_log": "oops"},
        {"profile": "not a profile", "reminder_sent": {"food": "oops"}},
    ]
    stats = count_users(docs, now)
    assert stats.users == 3 and stats.active_7d == 1
    # User 1's settings are invalid (not scheduled); user 2 has the defaults: all kinds on;
    # user 3 never set reminders up.
    assert stats.reminders_on == {"hydration": 1, "stretch": 1, "food": 1, "weekly": 0}
    assert stats.sent_today == 0


def test_failed_reminders_come_from_the_scheduler_counters(bot: BotHarness) -> None:
    from collections import Counter
    from dataclasses import replace
    from types import SimpleNamespace

    from handlers.admin import reminders_failed

    with_counters = replace(bot.services, reminders=SimpleNamespace(stats=Counter(sent=5, failed=2)))  # type: ignore[arg-type]
    assert reminders_failed(with_counters) == "2"
    assert reminders_failed(replace(bot.services, reminders=None)) == "n/a"
