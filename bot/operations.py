"""The operator's side of a running bot: metrics (METRICS_PORT) and paid broadcasts (PAID_BROADCAST).

Built with the Application (``build_application``) and started/stopped with it (post_init,
post_shutdown). The figures live in ``app.bot_data[METRICS_KEY]`` whether or not /metrics is
served, so /admin can show the paid sends either way.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from prometheus_client.metrics_core import Metric

from bot.metrics import BotMetrics, MetricsServer, counter, gauge, store_figures
from core.settings import Settings
from core.types import App
from handlers.services import AppServices, services
from scheduler.ratelimit import PaidLane, ReminderRateLimiter

METRICS_KEY = "metrics"
_RUNTIME_KEY = "operations"
# The bot's own records have owner 0 (no person); the paid budget's count for the day.
PAID_TABLE = "paid"
PAID_OWNER = 0
PAID_NAME = "budget"


@dataclass
class _Runtime:
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    server: MetricsServer | None = None


def paid_lane(settings: Settings, svc: AppServices) -> PaidLane | None:
    """The paid-broadcast lane, its count for today read back from the store (a restart keeps it)."""
    if settings.paid_broadcast is None:
        return None
    store = svc.store

    def today() -> str:
        return svc.clock.now().date().isoformat()  # the clock is aware UTC

    saved = store.record(PAID_TABLE, PAID_OWNER, PAID_NAME)
    used = (str(saved.get("d")), int(saved.get("n", 0))) if saved is not None else None

    def remember(day: str, count: int) -> None:
        # Batched with the presence records: a kill loses at most the last few seconds' count.
        store.set_record_later(PAID_TABLE, PAID_OWNER, PAID_NAME, {"d": day, "n": count})

    return PaidLane(settings.paid_broadcast.daily_budget, today, used=used, remember=remember)


def limiter_figures(limiter: ReminderRateLimiter) -> Iterator[Metric]:
    yield counter("telegram_429", "429 answers the limiter waited out (flood control)", limiter.retries_after_429)
    yield counter("paused_all_sends", "429s that paused every send, not one chat", limiter.global_pauses)
    paid = limiter.paid
    yield counter("paid_sends", "Reminders sent as paid broadcasts since start", paid.sent if paid else 0)
    yield gauge("paid_used_today", "Paid broadcasts counted against today's budget", paid.used_today if paid else 0)
    yield gauge("paid_budget_left", "Paid broadcasts left in today's budget (UTC day)", paid.left() if paid else 0)


def attach_metrics(app: App, metrics: BotMetrics, svc: AppServices, limiter: ReminderRateLimiter) -> None:
    """What is read at scrape time, the scheduler's meter, and the figures in bot_data."""
    metrics.read_at_scrape(store_figures(svc.store.stats))
    metrics.read_at_scrape(lambda: limiter_figures(limiter))
    svc.reminders.meter = metrics
    app.bot_data[METRICS_KEY] = metrics


def metrics_of(app: App) -> BotMetrics:
    found = app.bot_data[METRICS_KEY]
    assert isinstance(found, BotMetrics)
    return found


async def start_operations(app: App) -> None:
    """The loop-lag watcher, and /metrics when METRICS_PORT is set."""
    runtime = _Runtime()
    app.bot_data[_RUNTIME_KEY] = runtime
    metrics = metrics_of(app)
    runtime.tasks.append(asyncio.create_task(metrics.watch_loop(), name="loop-lag"))
    settings = services(app).settings
    if settings.metrics is not None:
        runtime.server = MetricsServer(metrics, settings.metrics)
        await runtime.server.start()


async def stop_operations(app: App) -> None:
    runtime = app.bot_data.pop(_RUNTIME_KEY, None)
    if not isinstance(runtime, _Runtime):
        return
    if runtime.server is not None:
        await runtime.server.stop()
    for task in runtime.tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
