"""ReminderService: keeps the slot index in sync with the store and ticks; the sending is
``scheduler/sending.py`` (ReminderSender), the settings handlers change ``scheduler/settings_api.py``
(ReminderSettings), both inherited, so ``ReminderService`` stays the one object callers hold.

Design (see scheduler/index.py): one APScheduler job — a tick at second 1 of every minute —
asks the index what became due since the last tick and puts it on a send queue; a few
workers drain the queue through ``app.bot`` (and so through the rate limiter, as bulk).

Restart safety without a second source of truth:
- the index is rebuilt from the store at start and kept in sync by a store listener;
- the last sent slot of each kind is kept in a small store record (table ``sent``, see
  scheduler/sending.py; older documents' ``reminder_sent`` is still read): constant size,
  unlike a log of every send; a kind's slots are chronological in local time, so a slot not
  after the last sent one is a duplicate;
- the first tick after start looks back over the grace period (15 min): anything due then
  and not logged as sent goes out once; anything older is skipped (no stale flood);
- snoozes live in ``snoozes`` (UTC due instants) and are removed once sent.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from datetime import datetime, timedelta
from sys import intern
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.triggers.cron import CronTrigger

from core.metrics import REMINDERS, TICK
from core.userdoc import UserDoc
from scheduler.content import KnowledgeLike
from scheduler.index import LEGACY_SENT_NEWEST, SCHEDULE_VIEW_VERSION, Due, Subscriber, schedule_view
from scheduler.model import KIND_SPECS, fires_on, floor_minute, is_quiet, utc_iso, without_snooze
from scheduler.sending import (
    DEFAULT_WORKERS,
    SENT_TABLE,
    KindRenderer,
    ReminderSender,
    Renderer,
    mark_from_record,
    slot_id,
    slot_label,
)
from scheduler.settings_api import ClockLike, StoreLike

# Names callers import from here since before the split (the service's public API).
__all__ = ["GRACE", "TICK_JOB_ID", "ClockLike", "KindRenderer", "ReminderService", "Renderer", "StoreLike", "slot_id"]

logger = logging.getLogger(__name__)

GRACE = timedelta(minutes=15)
TICK_JOB_ID = "reminders-tick"
# The store's record table holding each person's schedule summary (scheduler.index.schedule_view).
SCHEDULE_TABLE = "schedule"
# Sent keys are remembered a little longer than the furthest a tick ever looks back.
_SENT_MEMORY = GRACE + timedelta(hours=1)
# The tick hands the event loop back after this much work, so updates never wait behind it
# (at 100,000 people all due in one minute the whole walk is ~0.5 s of CPU).
TICK_SLICE_S = 0.004
_CHECK_CLOCK_EVERY = 128
# How often the "already sent" memory is trimmed (O(people), done in slices as well).
_FORGET_EVERY = timedelta(minutes=10)


class ReminderService(ReminderSender):
    """Prevention reminders for everyone in the store; one instance per Application."""

    def __init__(
        self,
        store: StoreLike,
        knowledge: KnowledgeLike,
        clock: ClockLike,
        default_tz: str,
        *,
        grace: timedelta = GRACE,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        super().__init__(store, knowledge, clock, default_tz, workers=workers)
        self.grace = grace
        self._processed_until: datetime | None = None
        self._forgotten_at: datetime | None = None
        self._job: Any = None
        self._listening = False
        # Start-up reads this small summary of each document instead of the whole document.
        store.keep_summary(SCHEDULE_TABLE, schedule_view, SCHEDULE_VIEW_VERSION)

    # --- lifecycle ---------------------------------------------------------------------
    def load(self) -> None:
        """Rebuild the index and the "already sent" set from the store (no sending)."""
        now = self.clock.now()
        horizon = utc_iso(now - _SENT_MEMORY)
        self.index.rebuild(())
        self._sent.clear()
        load_user, sent = self.index.load_user, self._sent
        for user_id, view in self.store.iter_summaries(SCHEDULE_TABLE):
            if view is None:
                continue
            load_user(user_id, view)
            # Only sends the look-back could meet again matter: the whole document is read for
            # older in-document marks only in the first hour or so after an upgrade.
            if view.get(LEGACY_SENT_NEWEST, "") >= horizon:
                self._load_legacy_marks(user_id, horizon)
        for user_id, kind, record in self.store.iter_records(SENT_TABLE):
            mark = mark_from_record(record)
            if mark is not None and mark[1] >= horizon and kind in KIND_SPECS:
                older = sent.get((user_id, kind))
                if older is None or older[0] < mark[0]:
                    sent[(user_id, intern(kind))] = (intern(mark[0]), intern(mark[1]))
        if not self._listening:
            self.store.add_listener(self._on_store_change)
            self._listening = True
        self._processed_until = floor_minute(now - self.grace)

    def _load_legacy_marks(self, user_id: int, horizon: str) -> None:
        marks = (self.store.get(user_id) or {}).get("reminder_sent")
        if type(marks) is not dict:
            return
        for kind, mark in marks.items():
            if type(mark) is dict and str(mark.get("at", "")) >= horizon:
                # Interned: kinds, slots and minutes repeat across people.
                self._sent[(user_id, intern(kind))] = (intern(str(mark.get("slot", ""))), intern(str(mark["at"])))

    async def start(self, app: Any) -> None:
        """Called from post_init: load, start the send workers and the minute tick."""
        self._bot = app.bot
        self.load()
        # What start-up built (the index, the sent marks) lives as long as the process: move it out
        # of the cyclic collector's way, or every full collection walks it again (~50 ms of event-loop
        # stall per 10,000 people, measured by bench/schedule.py). Refcounting still frees it.
        gc.collect()
        gc.freeze()
        self._queue = asyncio.PriorityQueue()
        self._workers = [asyncio.create_task(self._work(), name=f"reminder-sender-{n}") for n in range(self.workers)]
        if app.job_queue is not None:
            self._job = app.job_queue.run_custom(
                self._on_tick_job,
                job_kwargs={
                    "trigger": CronTrigger(second=1),
                    "id": TICK_JOB_ID,
                    "replace_existing": True,
                    "coalesce": True,
                    "max_instances": 1,
                    "misfire_grace_time": 30,
                },
                name=TICK_JOB_ID,
            )
        await self.tick()
        logger.info("reminders started: %d subscribers, %d slots", len(self.index), self.index.slot_count())

    async def stop(self) -> None:
        """Called from post_shutdown. Unsent items are found again by the next start's look-back."""
        if self._job is not None:
            try:
                self._job.schedule_removal()
            except JobLookupError:  # the JobQueue shut down first and took its jobs along
                pass
            self._job = None
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        self._pending.clear()
        self._queue = None

    async def drain(self) -> None:
        """Wait until everything queued so far has been handled (tests and benches)."""
        if self._queue is not None:
            await self._queue.join()

    # --- the tick ----------------------------------------------------------------------
    async def _on_tick_job(self, context: Any) -> None:
        await self.tick()

    async def tick(self) -> int:
        """Queue everything due since the last tick; returns how many were queued.

        The walk runs in slices of at most ``TICK_SLICE_S`` with the event loop handed back in
        between, so a busy minute never stalls replies to people.
        """
        now = self.clock.now()
        until = floor_minute(now)
        earliest = floor_minute(now - self.grace)
        after = max(self._processed_until or earliest, earliest)
        if until <= after:
            return 0
        started = time.perf_counter()
        self._drop_stale_snoozes(after)
        self._processed_until = until  # before the first pause: a tick meanwhile finds nothing new
        queued = 0
        slice_started = time.perf_counter()
        for count, item in enumerate(self.index.iter_due(after, until), 1):
            if count % _CHECK_CLOCK_EVERY == 0 and time.perf_counter() - slice_started > TICK_SLICE_S:
                await asyncio.sleep(0)
                slice_started = time.perf_counter()
            queued += self._enqueue(item)
        await self._forget_old_sent(now)
        self.meter.observe(TICK, time.perf_counter() - started)
        return queued

    def _enqueue(self, item: Due) -> int:
        """Put one due reminder on the send queue unless it is sent, pending or held back (1 if queued)."""
        if item.key in self._pending or self._already_sent(item):
            return 0
        sub = self.index.get(item.user_id)
        if sub is None or not self._may_send(item, sub):
            self.stats["skipped"] += 1
            if item.snooze_due is not None:
                self._consume_snooze(item)
            return 0
        self._pending.add(item.key)
        self._put(item)
        self.meter.count(REMINDERS, "due", item.kind)
        return 1

    def _put(self, item: Due) -> None:
        if self._queue is None:
            self._queue = asyncio.PriorityQueue()
        entry = (item.at, next(self._order), item.user_id, item.kind, item.local_day, item.minute, item.snooze_due)
        self._queue.put_nowait(entry)

    def _may_send(self, item: Due, sub: Subscriber) -> bool:
        if sub.pause_until is not None and item.at < sub.pause_until:
            return False
        if item.snooze_due is None and not (sub.kind_on(item.kind) and fires_on(item.kind, item.local_day)):
            return False
        return not is_quiet(sub.quiet, item.minute)

    def _drop_stale_snoozes(self, after: datetime) -> None:
        """Snoozes due before the look-back window are too old to send: forget them."""
        for user_id, kind, due in self.index.snoozes_before(after + timedelta(minutes=1)):
            self.stats["stale_snoozes"] += 1
            doc = self.store.get(user_id)
            if doc is not None:
                self.store.update(user_id, without_snooze(doc, kind, due))

    # --- restart bookkeeping -----------------------------------------------------------
    def _already_sent(self, item: Due) -> bool:
        if item.snooze_due is not None:
            return False
        last = self._sent.get((item.user_id, item.kind))
        return last is not None and slot_label(item) <= last[0]

    async def _forget_old_sent(self, now: datetime) -> None:
        """Trim the "already sent" memory now and then, in slices (it holds one entry per person and kind)."""
        if len(self._sent) < 4096:
            return
        if self._forgotten_at is not None and now - self._forgotten_at < _FORGET_EVERY:
            return
        self._forgotten_at = now
        horizon = utc_iso(now - _SENT_MEMORY)
        entries = list(self._sent.items())
        slice_started = time.perf_counter()
        for count, (key, (_, at)) in enumerate(entries, 1):
            if at < horizon and self._sent.get(key, ("", ""))[1] == at:
                del self._sent[key]
            if count % 1024 == 0 and time.perf_counter() - slice_started > TICK_SLICE_S:
                await asyncio.sleep(0)
                slice_started = time.perf_counter()

    def _on_store_change(self, user_id: int, doc: UserDoc | None) -> None:
        self.index.update(user_id, doc)
