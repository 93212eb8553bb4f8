"""ReminderService: keeps the slot index in sync with the store, ticks, and sends.

Design (see scheduler/index.py): one APScheduler job — a tick at second 1 of every minute —
asks the index what became due since the last tick and puts it on a send queue; a few
workers drain the queue through ``app.bot`` (and so through the rate limiter, as bulk).

Restart safety without a second source of truth:
- the index is rebuilt from the store at start and kept in sync by a store listener;
- the last sent slot of each kind is kept in ``reminder_sent`` (``{kind: {"slot": local
  "YYYY-MM-DD HH:MM", "at": UTC ISO of the slot}}``: constant size, unlike a log of every
  send, which would grow the store by ~1 KB per person per day); a kind's slots are
  chronological in local time, so a slot not after the last sent one is a duplicate;
- the first tick after start looks back over the grace period (15 min): anything due then
  and not logged as sent goes out once; anything older is skipped (no stale flood);
- snoozes live in ``snoozes`` (UTC due instants) and are removed once sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from sys import intern
from typing import Any, Protocol

from telegram.error import Forbidden, RetryAfter, TelegramError

from core.userdoc import UserDoc
from scheduler.content import KnowledgeLike, TipLine, reminder_lines
from scheduler.index import Due, SlotIndex, Subscriber, valid_zone, zone
from scheduler.model import (
    KIND_SPECS,
    KINDS,
    SNOOZE_DELAY,
    Kind,
    count_events,
    done_slots,
    fires_on,
    floor_minute,
    format_hhmm,
    is_quiet,
    normalize_reminders,
    parse_utc,
    starter_reminders,
    utc_iso,
    validate_kind,
    with_event,
    with_hydration_window,
    with_kind_on,
    with_kind_time,
    with_quiet,
    with_snooze,
    without_snooze,
)
from scheduler.ratelimit import BULK, ReminderRateLimiter
from scheduler.upcoming import Upcoming, next_reminder, parse_snoozes

logger = logging.getLogger(__name__)

GRACE = timedelta(minutes=15)
TICK_JOB_ID = "reminders-tick"
DEFAULT_WORKERS = 16  # plenty for 30/s; more only adds HTTP connection-pool overhead
# A send that keeps meeting 429 after the limiter's own retries goes back on the queue.
MAX_REQUEUES = 20
# The store's small-record table holding the last sent slot per person and kind.
SENT_TABLE = "sent"
# Sent keys are remembered a little longer than the furthest a tick ever looks back.
_SENT_MEMORY = GRACE + timedelta(hours=1)
# The tick hands the event loop back after this much work, so updates never wait behind it
# (at 100,000 people all due in one minute the whole walk is ~0.5 s of CPU).
TICK_SLICE_S = 0.004
_CHECK_CLOCK_EVERY = 128
# How often the "already sent" memory is trimmed (O(people), done in slices as well).
_FORGET_EVERY = timedelta(minutes=10)


class StoreLike(Protocol):
    def get(self, user_id: int) -> UserDoc | None: ...

    def update(self, user_id: int, fields: dict[str, Any]) -> UserDoc: ...

    def append(self, user_id: int, key: str, entry: dict[str, Any], *, keep: int = 500) -> None: ...

    def iter_users(self) -> Any: ...

    def record(self, table: str, user_id: int, name: str) -> dict[str, Any] | None: ...

    def set_record(self, table: str, user_id: int, name: str, record: dict[str, Any] | None) -> None: ...

    def iter_records(self, table: str) -> Iterator[tuple[int, str, dict[str, Any]]]: ...

    def add_listener(self, callback: Callable[[int, UserDoc | None], None]) -> None: ...


class ClockLike(Protocol):
    def now(self) -> datetime: ...


# A queued reminder: a plain tuple of plain values, ordered by due time. The garbage collector stops
# tracking such tuples, so a queue of 100,000s does not lengthen every full collection (a queue of
# Due objects did: ~200 ms event-loop stalls at 900,000 queued, measured by bench/schedule.py).
QueueEntry = tuple[datetime, int, int, Kind, date, int, str | None]

# (due reminder, the person's index entry, tip lines) -> (message HTML, reply_markup or None)
Renderer = Callable[[Due, Subscriber, list[TipLine]], tuple[str, Any]]


# (due reminder, the person's index entry) -> (message HTML, reply_markup) or None to send nothing
KindRenderer = Callable[[Due, Subscriber], tuple[str, Any] | None]


def plain_renderer(item: Due, sub: Subscriber, lines: list[TipLine]) -> tuple[str, Any]:
    """Fallback until handlers.reminders installs the real one (with buttons)."""
    if len(lines) == 1:
        return lines[0].html, None
    return "\n".join(f"• {line.html}" for line in lines) or item.kind, None


class ReminderService:
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
        self.store = store
        self.knowledge = knowledge
        self.clock = clock
        self.default_tz = default_tz
        self.grace = grace
        self.workers = workers
        self.renderer: Renderer = plain_renderer
        # Kinds whose message a feature composes itself (the diary's weekly summary); None: skip.
        self.renderers: dict[str, KindRenderer] = {}
        self.index = SlotIndex(default_tz)
        self.stats: Counter[str] = Counter()
        self._processed_until: datetime | None = None
        # (user, kind) -> (last sent local slot "YYYY-MM-DD HH:MM", its UTC minute); recent only.
        self._sent: dict[tuple[int, str], tuple[str, str]] = {}
        self._pending: set[tuple[Any, ...]] = set()
        self._requeues: Counter[tuple[Any, ...]] = Counter()
        # Reminders wait in due-time order (a requeued one keeps its place at the front).
        self._queue: asyncio.PriorityQueue[QueueEntry] | None = None
        self._order = itertools.count()
        # user id -> kinds dropped as too late since their last reminder (told in the next one).
        self._missed: dict[int, list[str]] = {}
        self._forgotten_at: datetime | None = None
        self._workers: list[asyncio.Task[None]] = []
        self._bot: Any = None
        self._job: Any = None
        self._listening = False

    # --- lifecycle ---------------------------------------------------------------------
    def load(self) -> None:
        """Rebuild the index and the "already sent" set from the store (no sending)."""
        now = self.clock.now()
        horizon = utc_iso(now - _SENT_MEMORY)
        self.index.rebuild(())
        self._sent.clear()
        load_user, sent = self.index.load_user, self._sent
        for user_id, doc in self.store.iter_users():
            load_user(user_id, doc)
            marks = doc.get("reminder_sent")
            if type(marks) is dict:
                for kind, mark in marks.items():
                    # Only sends the look-back could meet again matter.
                    if type(mark) is dict and str(mark.get("at", "")) >= horizon:
                        # Interned: kinds, slots and minutes repeat across people, and at
                        # 100,000 people separate copies of the same strings cost tens of MB.
                        sent[(user_id, intern(kind))] = (intern(str(mark.get("slot", ""))), intern(str(mark["at"])))
        for user_id, kind, record in self.store.iter_records(SENT_TABLE):
            mark = _mark_from_record(record)
            if mark is not None and mark[1] >= horizon and kind in KIND_SPECS:
                older = sent.get((user_id, kind))
                if older is None or older[0] < mark[0]:
                    sent[(user_id, intern(kind))] = (intern(mark[0]), intern(mark[1]))
        if not self._listening:
            self.store.add_listener(self._on_store_change)
            self._listening = True
        self._processed_until = floor_minute(now - self.grace)

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
            from apscheduler.triggers.cron import CronTrigger

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
            from apscheduler.jobstores.base import JobLookupError

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

    # --- sending -----------------------------------------------------------------------
    async def _work(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            item = _due_of(await queue.get())
            try:
                await self._send(item)
            except Exception:  # one bad chat never stops the rest
                self.stats["failed"] += 1
                logger.exception("reminder to user %d failed unexpectedly", item.user_id)
            finally:
                queue.task_done()

    async def _send(self, item: Due) -> None:
        sub = self.index.get(item.user_id)
        if sub is None or (sub.pause_until is not None and self.clock.now() < sub.pause_until):
            self._pending.discard(item.key)
            self.stats["skipped"] += 1
            return
        if self.clock.now() - item.at > KIND_SPECS[item.kind].tolerance:
            self._drop_late(item)
            return
        missed = self._missed.pop(item.user_id, None)
        if missed:
            item = dataclasses.replace(item, missed=tuple(dict.fromkeys(missed)))
        own = self.renderers.get(item.kind)
        rendered = own(item, sub) if own is not None else self.renderer(item, sub, self._tip_lines(item, sub))
        if rendered is None:  # the kind's renderer has nothing to say (a week without diary entries)
            self.stats["empty"] += 1
            self._record_sent(item, sent=False)
            return
        text, markup = rendered
        kwargs: dict[str, Any] = {"chat_id": sub.chat_id, "text": text, "reply_markup": markup}
        if isinstance(getattr(self._bot, "rate_limiter", None), ReminderRateLimiter):
            kwargs["rate_limit_args"] = BULK  # other limiters take other arguments
        try:
            await self._bot.send_message(**kwargs)
        except Forbidden:
            self._pending.discard(item.key)
            self.stats["blocked"] += 1
            self.mark_inactive(item.user_id)
            return
        except RetryAfter:
            self._requeue_after_429(item)
            return
        except TelegramError as exc:
            self._pending.discard(item.key)
            self.stats["failed"] += 1
            logger.warning("reminder to user %d failed: %s", item.user_id, type(exc).__name__)
            return
        self._record_sent(item)

    def _requeue_after_429(self, item: Due) -> None:
        self._requeues[item.key] += 1
        if self._requeues[item.key] > MAX_REQUEUES:
            self._pending.discard(item.key)
            self.stats["failed"] += 1
            logger.error("reminder to user %d gave up after repeated 429s", item.user_id)
            return
        self.stats["requeued_429"] += 1
        self._put(item)

    def _drop_late(self, item: Due) -> None:
        """Too late to help (past the kind's tolerance): not sent, counted, told next time."""
        self._pending.discard(item.key)
        self._requeues.pop(item.key, None)
        self.stats["late_dropped"] += 1
        self.stats[f"late_dropped:{item.kind}"] += 1
        self._missed.setdefault(item.user_id, []).append(item.kind)
        if item.snooze_due is not None:
            self._consume_snooze(item)
        logger.info("reminder to user %d dropped: %s more than its tolerance late", item.user_id, item.kind)

    def _record_sent(self, item: Due, sent: bool = True) -> None:
        """Mark the slot done, sent or (`sent=False`) deliberately left empty: never tried again."""
        self._pending.discard(item.key)
        self._requeues.pop(item.key, None)
        if sent:
            self.stats["sent"] += 1
        if item.snooze_due is not None:
            self._consume_snooze(item)  # gone from the document: never sent twice
            return
        slot, at = _slot_label(item), utc_iso(item.at)
        self._sent[(item.user_id, item.kind)] = (slot, at)
        # A small record of its own (~85 journal bytes), not a rewrite of the ~1 KB document.
        self.store.set_record(SENT_TABLE, item.user_id, item.kind, {"s": slot, "a": int(item.at.timestamp()) // 60})

    def sent_marks(self, user_id: int) -> dict[str, dict[str, str]]:
        """The last reminder sent per kind, ``{kind: {"slot", "at"}}`` (the admin view counts them)."""
        marks: dict[str, dict[str, str]] = {}
        for kind in KINDS:
            record = self.store.record(SENT_TABLE, user_id, kind)
            mark = _mark_from_record(record) if record is not None else None
            if mark is not None:
                marks[kind] = {"slot": mark[0], "at": mark[1]}
        return marks

    def _consume_snooze(self, item: Due) -> None:
        doc = self.store.get(item.user_id)
        if doc is not None and item.snooze_due is not None:
            self.store.update(item.user_id, without_snooze(doc, item.kind, item.snooze_due))

    def _tip_lines(self, item: Due, sub: Subscriber) -> list[TipLine]:
        # Vary by day and slot so consecutive reminders differ but a resend says the same.
        variety = item.local_day.toordinal() * 24 + sub.slot_number(item.kind, item.minute)
        try:
            return reminder_lines(self.knowledge, item.kind, sub.topics, variety)
        except Exception:  # a knowledge bug must not cost the reminder itself
            logger.exception("no tip for a %s reminder", item.kind)
            return []

    # --- restart bookkeeping -----------------------------------------------------------
    def _already_sent(self, item: Due) -> bool:
        if item.snooze_due is not None:
            return False
        last = self._sent.get((item.user_id, item.kind))
        return last is not None and _slot_label(item) <= last[0]

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

    # --- what handlers call ------------------------------------------------------------
    def local_now(self, user_id: int) -> datetime:
        return self.clock.now().astimezone(zone(self.timezone_of(user_id)))

    def timezone_of(self, user_id: int) -> str:
        doc = self.store.get(user_id) or {}
        tz = doc.get("tz")
        return tz if isinstance(tz, str) and valid_zone(tz) else self.default_tz

    def settings_of(self, user_id: int) -> dict[str, Any]:
        """Reminder settings with defaults filled in, plus quiet hours, pause and time zone."""
        doc = self.store.get(user_id) or {}
        return {
            "enabled": isinstance(doc.get("reminders"), Mapping),
            "reminders": normalize_reminders(doc.get("reminders")),
            "quiet": doc.get("quiet"),
            "pause_until": doc.get("pause_until"),
            "tz": doc.get("tz") if valid_zone(doc.get("tz")) else None,
        }

    def set_timezone(self, user_id: int, tz: str, only: str | None = None, switch_on: bool = True) -> bool:
        """Store the zone; the first time (no reminder settings yet) return True and, with
        ``switch_on``, switch reminders on: the gentle starter set, or just the ``only`` kind when
        the person came from an offer of that one reminder. Without it nothing is switched on:
        the person is offered the set first (`start_reminders`).
        """
        if not valid_zone(tz):
            raise ValueError(f"unknown time zone {tz!r}")
        doc = self.store.get(user_id) or {}
        fields: dict[str, Any] = {"tz": tz}
        first_time = not isinstance(doc.get("reminders"), Mapping)
        if first_time and switch_on:
            fields["reminders"] = starter_reminders(only, user_id)
        self.store.update(user_id, fields)
        return first_time

    def start_reminders(self, user_id: int, on: bool = True) -> None:
        """Store the starter set as offered (the offer's "Turn these on"; opt-in kinds stay off), or
        every kind off at the starter times ("choose my own", then switch kinds on one by one)."""
        reminders = starter_reminders(user_id=user_id)
        for kind in reminders:
            reminders[kind]["on"] = on and reminders[kind]["on"]
        self.store.update(user_id, {"reminders": reminders})

    def next_reminder(self, user_id: int) -> Upcoming | None:
        """The next reminder this person will really get (quiet hours, pause and snoozes included)."""
        doc = self.store.get(user_id) or {}
        if not isinstance(doc.get("reminders"), Mapping):
            return None
        pause_raw = doc.get("pause_until")
        try:
            pause_until = parse_utc(pause_raw) if isinstance(pause_raw, str) else None
            reminders = normalize_reminders(doc["reminders"])
        except ValueError:
            return None
        snoozes = parse_snoozes(doc.get("snoozes"))
        return next_reminder(
            reminders, doc.get("quiet"), pause_until, snoozes, self.timezone_of(user_id), self.clock.now()
        )

    def set_kind_on(self, user_id: int, kind: str, on: bool) -> None:
        self.store.update(user_id, with_kind_on(self.store.get(user_id) or {}, kind, on))

    def set_kind_time(self, user_id: int, kind: str, hhmm: str) -> None:
        self.store.update(user_id, with_kind_time(self.store.get(user_id) or {}, kind, hhmm))

    def set_hydration_window(
        self, user_id: int, start: str | None = None, end: str | None = None, every_h: int | None = None
    ) -> None:
        doc = self.store.get(user_id) or {}
        self.store.update(user_id, with_hydration_window(doc, start, end, every_h))

    def set_quiet(self, user_id: int, start: str | None, end: str | None) -> None:
        self.store.update(user_id, with_quiet(start, end))

    def pause(self, user_id: int, duration: timedelta | None) -> datetime | None:
        """Pause everything for ``duration`` (None resumes); returns the end of the pause."""
        if duration is None:
            self.store.update(user_id, {"pause_until": None})
            return None
        until = self.clock.now() + duration
        self.store.update(user_id, {"pause_until": utc_iso(until)})
        return until

    def snooze(self, user_id: int, kind: str) -> datetime:
        """Send this kind again in 30 minutes; the regular schedule stays as it is."""
        now = self.clock.now()
        due = floor_minute(now + SNOOZE_DELAY)
        self.store.update(user_id, with_snooze(self.store.get(user_id) or {}, kind, due))
        self._log_event(user_id, "snooze", kind, now)
        return due

    def done(self, user_id: int, kind: str, slot: str | None = None) -> int:
        """Log "done" once per reminder (``slot`` identifies it); returns today's count (local day)."""
        now = self.clock.now()
        if slot is None or not self.was_done(user_id, kind, slot):
            self._log_event(user_id, "done", kind, now, slot)
        local_day = now.astimezone(zone(self.timezone_of(user_id))).date()
        return count_events(self.store.get(user_id) or {}, "done", kind, local_day)

    def was_done(self, user_id: int, kind: str, slot: str) -> bool:
        """Whether the reminder ``slot`` of this kind was already marked done (a double tap)."""
        return slot in done_slots(self.store.get(user_id) or {}, kind)

    def turn_off(self, user_id: int, kind: str) -> None:
        """Switch one kind off (from the reminder itself) and drop its pending snooze."""
        doc = self.store.get(user_id) or {}
        fields = with_kind_on(doc, kind, False)
        snoozes = [s for s in doc.get("snoozes") or [] if s.get("kind") != kind]
        fields["snoozes"] = snoozes or None
        self.store.update(user_id, fields)
        self._log_event(user_id, "off", kind, self.clock.now())

    def mark_inactive(self, user_id: int) -> None:
        """The person blocked the bot: stop everything until they /start again."""
        doc = self.store.get(user_id)
        if doc is None:
            return
        profile = dict(doc.get("profile") or {})
        profile["active"] = False
        self.store.update(user_id, {"profile": profile})
        logger.info("user %d blocked the bot; reminders stopped", user_id)

    def _log_event(self, user_id: int, event: str, kind: str, now: datetime, slot: str | None = None) -> None:
        validate_kind(kind)
        local_day = now.astimezone(zone(self.timezone_of(user_id))).date()
        self.store.update(user_id, with_event(self.store.get(user_id) or {}, event, kind, local_day, slot))


def slot_id(item: Due) -> str:
    """A short id of one sent reminder for its buttons: local "yymmddHHMM", "s…" for a snooze."""
    stamp = f"{item.local_day:%y%m%d}{format_hhmm(item.minute).replace(':', '')}"
    return f"s{stamp}" if item.snooze_due is not None else stamp


def _due_of(entry: QueueEntry) -> Due:
    at, _, user_id, kind, local_day, minute, snooze_due = entry
    return Due(user_id, kind, local_day, minute, at, snooze_due)


def _mark_from_record(record: Mapping[str, Any]) -> tuple[str, str] | None:
    """A stored sent mark ``{"s": local slot, "a": UTC epoch minute}`` -> (slot, UTC ISO)."""
    slot, minute = record.get("s"), record.get("a")
    if not isinstance(slot, str) or not isinstance(minute, int) or isinstance(minute, bool):
        return None
    return slot, utc_iso(datetime.fromtimestamp(minute * 60, UTC))


def _slot_label(item: Due) -> str:
    """Local "YYYY-MM-DD HH:MM": sorts chronologically for one person and kind."""
    return f"{item.local_day.isoformat()} {format_hhmm(item.minute)}"
