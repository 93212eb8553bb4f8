"""Paid broadcast (PAID_BROADCAST=on): once the free ~30/s window is full, reminders go out with
allow_paid_broadcast within the day's budget; the stand-in enforces both limits."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.app import build_application, open_services, running
from core.clock import FakeClock
from core.settings import PaidBroadcast, Settings
from scheduler.ratelimit import ReminderRateLimiter
from standin import BotApiStandin
from tests.harness import BotHarness
from tests.test_reminders_e2e import fire_at, subscribe

BUDGET = 5
PEOPLE = list(range(8401, 8441))  # 40: more than the free window holds in a second


@pytest.fixture
async def paying(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> AsyncIterator[BotHarness]:
    settings = dataclasses.replace(settings, paid_broadcast=PaidBroadcast(daily_budget=BUDGET))
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)


def limiter_of(bot: BotHarness) -> ReminderRateLimiter:
    limiter = bot.app.bot.rate_limiter
    assert isinstance(limiter, ReminderRateLimiter)
    return limiter


async def test_a_burst_beyond_the_free_window_pays_within_the_budget(paying: BotHarness) -> None:
    paying.api.set_flood_limits(30, 1)
    for uid in PEOPLE:
        subscribe(paying, uid, "UTC", stretch={"on": False}, food={"on": False})
    await fire_at(paying, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    assert [len(paying.api.sent(uid)) for uid in PEOPLE] == [1] * len(PEOPLE)  # nobody lost or doubled
    assert paying.api.faults.flood_rejections == []  # neither window was overrun
    assert paying.api.faults.paid_sent == BUDGET  # the budget was used, and no more
    paid = limiter_of(paying).paid
    assert paid is not None and (paid.sent, paid.left()) == (BUDGET, 0)

    paying.api.user(paying.ADMIN_ID)
    admin = await paying.say("/admin", user_id=paying.ADMIN_ID)
    assert admin.html is not None and f"Paid broadcasts today (UTC): {BUDGET} of {BUDGET}" in admin.html


async def test_the_stand_in_refuses_more_than_30_free_messages_a_second(standin: BotApiStandin) -> None:
    standin.set_flood_limits(30, 1)
    for chat in range(30):
        standin.faults.check_flood("sendmessage", 9000 + chat)
    with pytest.raises(Exception, match="Too Many Requests"):
        standin.faults.check_flood("sendmessage", 9100)
    # A paid broadcast is outside the free limit (up to 1000/s of its own).
    standin.faults.check_flood("sendmessage", 9101, paid=True)
    assert standin.faults.paid_sent == 1


async def test_free_sends_only_when_paid_broadcast_is_off(bot: BotHarness) -> None:
    assert limiter_of(bot).paid is None
    subscribe(bot, 8450, "UTC", stretch={"on": False}, food={"on": False})
    await fire_at(bot, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))
    assert len(bot.api.sent(8450)) == 1 and bot.api.faults.paid_sent == 0
    admin = await bot.say("/admin", user_id=bot.ADMIN_ID)
    assert admin.html is not None and "Paid broadcasts: off" in admin.html
