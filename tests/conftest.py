"""Shared fixtures: the local Bot API stand-in and the real Application running against it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_application, open_services, running
from core.clock import FakeClock
from core.settings import Settings
from standin import BotApiStandin
from tests.harness import TOKEN, BotHarness

# As the bot does in main(): PTB's coming timedelta durations, so no deprecation noise.
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture
def clock() -> FakeClock:
    # A Wednesday in winter, so no DST change is near unless a test moves the clock there.
    return FakeClock(datetime(2026, 1, 14, 10, 0, tzinfo=UTC))


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandin]:
    async with BotApiStandin(token=TOKEN) as api:
        yield api


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(standin: BotApiStandin, data_dir: Path) -> Settings:
    return Settings(
        bot_token=TOKEN,
        bot_api_url=standin.base_url,
        data_dir=data_dir,
        admin_ids=frozenset({BotHarness.ADMIN_ID}),
        default_tz="Europe/Berlin",
    )


@pytest.fixture
async def bot(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """The real Application, polling the stand-in over HTTP on 127.0.0.1."""
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)
