"""Metrics for operators: /metrics in Prometheus' text format (METRICS_PORT, off by default).

Each Application has its own registry (tests run several in one process). Three sources feed it:
- events counted where they happen: updates and answers (bot.updates, bot.coachbot), reminders
  and ticks (the scheduler, through core.metrics' ``Meter``), Telegram's 403s;
- figures read at scrape time from what already keeps them (the limiter's 429s and paid sends,
  the store's size and compactions), so nothing is counted twice;
- the event loop's lag, sampled by a small task.

/metrics is an aiohttp route on the bot's own event loop, not prometheus-client's thread server:
the collectors read the scheduler's and store's state, which only the loop may touch. A scrape
renders a few dozen series (well under a millisecond; bench/replies.py measures the loop's
stalls with scrapes going on).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector

from core.metrics import REMINDER_LATENESS, REMINDERS, TICK
from core.settings import MetricsSettings

logger = logging.getLogger(__name__)

PREFIX = "cramp_"
# Seconds; replies aim at <= 150 ms p99, reminders at <= 2 min late.
FAST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
LATENESS_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
LOOP_LAG_SAMPLE_S = 0.25
# Calls that answer a person: the first of these made while handling an update is its answer.
_ANSWERS = ("send", "edit", "answerCallbackQuery", "copyMessage", "forwardMessage")


class UpdateClock:
    """When the update being handled arrived, and whether it has been answered yet."""

    __slots__ = ("answered", "started")

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.answered = False


# Set by the update processor for the task handling an update; reminder workers have none.
CURRENT_UPDATE: ContextVar[UpdateClock | None] = ContextVar("cramp_current_update", default=None)


class BotMetrics:
    """The registry and the instruments; implements core.metrics.Meter for the scheduler."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)  # RSS, CPU, open fds (Linux only)
        r = self.registry
        self.updates = Histogram(
            PREFIX + "update_seconds",
            "An update from arrival to handled, turn waiting included",
            buckets=FAST_BUCKETS,
            registry=r,
        )
        self.answers = Histogram(
            PREFIX + "answer_seconds",
            "An update's arrival to its first answer at Telegram (send, edit or callback answer)",
            buckets=FAST_BUCKETS,
            registry=r,
        )
        self.forbidden = Counter(
            PREFIX + "telegram_403", "403 Forbidden answers (blocked by the user)", ["method"], registry=r
        )
        self.reminders = Counter(PREFIX + "reminders", "Reminders by event and kind", ["event", "kind"], registry=r)
        self.lateness = Histogram(
            PREFIX + "reminder_lateness_seconds",
            "A reminder's due time to its send",
            ["kind"],
            buckets=LATENESS_BUCKETS,
            registry=r,
        )
        self.ticks = Histogram(
            PREFIX + "tick_seconds", "One reminder tick, wall time", buckets=FAST_BUCKETS, registry=r
        )
        self.loop_lag = Histogram(
            PREFIX + "event_loop_lag_seconds",
            f"How late a {LOOP_LAG_SAMPLE_S} s sleep on the event loop woke up",
            buckets=FAST_BUCKETS,
            registry=r,
        )
        self.loop_lag_max = Gauge(
            PREFIX + "event_loop_lag_max_seconds", "Largest lag since the last scrape", registry=r
        )
        self._counters: dict[str, Counter] = {REMINDERS: self.reminders}
        self._histograms: dict[str, Histogram] = {REMINDER_LATENESS: self.lateness, TICK: self.ticks}
        self._lag_max = 0.0

    # --- updates and answers ----------------------------------------------------------
    def note_answer(self, endpoint: str) -> None:
        clock = CURRENT_UPDATE.get()
        if clock is None or clock.answered or not endpoint.startswith(_ANSWERS):
            return
        clock.answered = True
        self.answers.observe(time.perf_counter() - clock.started)

    def note_handled(self, clock: UpdateClock) -> None:
        self.updates.observe(time.perf_counter() - clock.started)

    # --- core.metrics.Meter ------------------------------------------------------------
    def count(self, name: str, *labels: str) -> None:
        counter = self._counters[name]
        (counter.labels(*labels) if labels else counter).inc()

    def observe(self, name: str, value: float, *labels: str) -> None:
        histogram = self._histograms[name]
        (histogram.labels(*labels) if labels else histogram).observe(value)

    # --- sources read at scrape time ---------------------------------------------------
    def read_at_scrape(self, source: Callable[[], Iterator[Metric]]) -> None:
        self.registry.register(_Callback(source))

    def render(self) -> bytes:
        body: bytes = generate_latest(self.registry)
        self.loop_lag_max.set(0.0)  # "since the last scrape"
        self._lag_max = 0.0
        return body

    # --- event-loop lag ----------------------------------------------------------------
    async def watch_loop(self) -> None:
        """Sleep LOOP_LAG_SAMPLE_S again and again; how late each wake-up is, is the loop's lag."""
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(LOOP_LAG_SAMPLE_S)
            lag = max(0.0, loop.time() - asked - LOOP_LAG_SAMPLE_S)
            self.loop_lag.observe(lag)
            if lag > self._lag_max:
                self._lag_max = lag
                self.loop_lag_max.set(lag)


class _Callback:
    """A collector (the registry asks for ``collect`` and ``describe``) over a function."""

    def __init__(self, source: Callable[[], Iterator[Metric]]) -> None:
        self._source = source

    def collect(self) -> Iterator[Metric]:
        return self._source()

    def describe(self) -> list[Metric]:
        return []  # names are only known by collecting; skip the check at registration


def counter(name: str, doc: str, value: float, labels: Mapping[str, str] | None = None) -> Metric:
    family = CounterMetricFamily(PREFIX + name, doc, labels=list(labels or {}))
    family.add_metric(list((labels or {}).values()), value)
    return family


def gauge(name: str, doc: str, value: float) -> Metric:
    return GaugeMetricFamily(PREFIX + name, doc, value=value)


class MetricsServer:
    """GET /metrics on ``settings.listen:settings.port``, on the running event loop."""

    def __init__(self, metrics: BotMetrics, settings: MetricsSettings) -> None:
        self._metrics = metrics
        self._settings = settings
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        server = web.Application()
        server.router.add_get("/metrics", self._serve)
        self._runner = web.AppRunner(server, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._settings.listen, self._settings.port).start()
        logger.info("metrics on http://%s:%d/metrics", self._settings.listen, self._settings.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _serve(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        body = self._metrics.render()
        logger.debug("metrics rendered in %.1f ms", (time.perf_counter() - started) * 1000)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def store_figures(stats: Callable[[], dict[str, Any]]) -> Callable[[], Iterator[Metric]]:
    """The store's size and compactions, from UserStore.stats() (cheap: counters it keeps)."""

    def collect() -> Iterator[Metric]:
        figures = stats()
        yield gauge("store_users", "People in the store", figures["users"])
        yield gauge("store_snapshot_bytes", "Size of the snapshot file", figures["snapshot_bytes"])
        yield gauge("store_journal_bytes", "Size of the journal since the last compaction", figures["journal_bytes"])
        yield counter("store_compactions", "Compactions since start", figures["compactions"])
        yield gauge("store_last_compaction_seconds", "How long the last compaction took", figures["last_compaction_s"])

    return collect
