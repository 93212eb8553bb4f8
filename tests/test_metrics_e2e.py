"""Operators' metrics end to end: the real Application serves /metrics (METRICS_PORT), scraped
over HTTP while people talk to it and reminders go out through the stand-in."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_application, open_services, running
from core.clock import FakeClock
from core.settings import MetricsSettings, Settings
from standin import BotApiStandin
from tests.harness import BotHarness
from tests.test_reminders_e2e import fire_at, subscribe

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def metered(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The bot with METRICS_PORT set."""
    settings = dataclasses.replace(settings, metrics=MetricsSettings(listen="127.0.0.1", port=free_port()))
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)


async def scrape(bot: BotHarness) -> Samples:
    metrics = bot.services.settings.metrics
    assert metrics is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://{metrics.listen}:{metrics.port}/metrics") as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_counters_move_with_real_updates_and_reminders(metered: BotHarness) -> None:
    before = await scrape(metered)
    assert value(before, "cramp_update_seconds_count") == 0
    assert value(before, "process_resident_memory_bytes") > 0

    await metered.start()
    await metered.say("/help")
    subscribe(metered, 8301, "UTC", stretch={"on": False}, food={"on": False})
    subscribe(metered, 8302, "UTC", stretch={"on": False}, food={"on": False})
    metered.api.block(8302)
    metered.api.rate_limit_next("sendMessage", retry_after=1, times=1)
    await fire_at(metered, datetime(2026, 1, 14, 11, 0, tzinfo=UTC))

    after = await scrape(metered)
    assert value(after, "cramp_update_seconds_count") >= 2  # /start and /help, each handled
    assert value(after, "cramp_answer_seconds_count") >= 2  # and each answered
    assert value(after, "cramp_reminders_total", event="due", kind="hydration") >= 2
    assert value(after, "cramp_reminders_total", event="sent", kind="hydration") >= 1
    assert value(after, "cramp_reminders_total", event="blocked", kind="hydration") == 1
    assert value(after, "cramp_telegram_403_total", method="sendMessage") == 1
    assert value(after, "cramp_telegram_429_total") == 1
    assert value(after, "cramp_reminder_lateness_seconds_count", kind="hydration") >= 1
    assert value(after, "cramp_tick_seconds_count") > value(before, "cramp_tick_seconds_count")
    assert value(after, "cramp_store_users") >= 3
    assert value(after, "cramp_store_journal_bytes") > 0
    assert ("cramp_event_loop_lag_seconds_count", ()) in after  # the watcher samples the loop
    assert ("cramp_paid_sends_total", ()) in after  # present, zero: paid broadcast is off


async def test_no_metrics_port_serves_nothing(bot: BotHarness) -> None:
    assert bot.services.settings.metrics is None
    assert "metrics" in bot.app.bot_data  # the figures are kept all the same (/admin reads them)
