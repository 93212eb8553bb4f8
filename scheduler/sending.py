"""ReminderSender: the send queue and its workers, within Telegram's limits.

Due reminders wait on a priority queue (due-time order); a few workers drain it through
``app.bot`` (and so through the rate limiter, as bulk). A sent slot is remembered twice: in a
small store record of its own (restart safety) and in memory (the tick's "already sent" check).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from telegram.error import Forbidden, RetryAfter, TelegramError

from core.metrics import LATE_AFTER_S, NULL_METER, REMINDER_LATENESS, REMINDERS, Meter
from scheduler.content import KnowledgeLike, TipLine, reminder_lines
from scheduler.index import Due, SlotIndex, Subscriber
from scheduler.model import KIND_SPECS, KINDS, Kind, format_hhmm, utc_iso, without_snooze
from scheduler.ratelimit import BULK, ReminderRateLimiter
from scheduler.settings_api import ClockLike, ReminderSettings, StoreLike
from scheduler.shards import ShardedSet

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = 16  # plenty for 30/s; more only adds HTTP connection-pool overhead
# A send that keeps meeting 429 after the limiter's own retries goes back on the queue.
MAX_REQUEUES = 20
# The store's small-record table holding the last sent slot per person and kind.
SENT_TABLE = "sent"

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


class ReminderSender(ReminderSettings):
    """Sends queued reminders and remembers what was sent; the tick (ReminderService) fills the queue."""

    def __init__(
        self,
        store: StoreLike,
        knowledge: KnowledgeLike,
        clock: ClockLike,
        default_tz: str,
        *,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        super().__init__(store, clock, default_tz)
        self.knowledge = knowledge
        self.workers = workers
        self.renderer: Renderer = plain_renderer
        # Kinds whose message a feature composes itself (the diary's weekly summary); None: skip.
        self.renderers: dict[str, KindRenderer] = {}
        self.index = SlotIndex(default_tz)
        self.stats: Counter[str] = Counter()
        # Where reminders are reported for operators (bot.metrics plugs in Prometheus).
        self.meter: Meter = NULL_METER
        # (user, kind) -> (last sent local slot "YYYY-MM-DD HH:MM", its UTC minute); recent only.
        self._sent: dict[tuple[int, str], tuple[str, str]] = {}
        # Keys queued and not yet done; sharded, so 100,000s of them never resize in one stall.
        self._pending = ShardedSet()
        self._requeues: Counter[tuple[Any, ...]] = Counter()
        # Reminders wait in due-time order (a requeued one keeps its place at the front).
        self._queue: asyncio.PriorityQueue[QueueEntry] | None = None
        self._order = itertools.count()
        # user id -> kinds dropped as too late since their last reminder (told in the next one).
        self._missed: dict[int, list[str]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._bot: Any = None

    def _put(self, item: Due) -> None:
        if self._queue is None:
            self._queue = asyncio.PriorityQueue()
        entry = (item.at, next(self._order), item.user_id, item.kind, item.local_day, item.minute, item.snooze_due)
        self._queue.put_nowait(entry)

    async def _work(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            item = _due_of(await queue.get())
            try:
                await self._send(item)
            except Exception:  # one bad chat never stops the rest
                self.stats["failed"] += 1
                self.meter.count(REMINDERS, "failed", item.kind)
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
            self.meter.count(REMINDERS, "blocked", item.kind)
            self.mark_inactive(item.user_id)
            return
        except RetryAfter:
            self._requeue_after_429(item)
            return
        except TelegramError as exc:
            self._pending.discard(item.key)
            self.stats["failed"] += 1
            self.meter.count(REMINDERS, "failed", item.kind)
            logger.warning("reminder to user %d failed: %s", item.user_id, type(exc).__name__)
            return
        self._record_sent(item)

    def _note_sent(self, item: Due) -> None:
        lateness = max(0.0, (self.clock.now() - item.at).total_seconds())
        self.meter.count(REMINDERS, "sent", item.kind)
        self.meter.observe(REMINDER_LATENESS, lateness, item.kind)
        if lateness > LATE_AFTER_S:
            self.meter.count(REMINDERS, "late", item.kind)

    def _requeue_after_429(self, item: Due) -> None:
        self._requeues[item.key] += 1
        if self._requeues[item.key] > MAX_REQUEUES:
            self._pending.discard(item.key)
            self.stats["failed"] += 1
            self.meter.count(REMINDERS, "failed", item.kind)
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
        self.meter.count(REMINDERS, "dropped", item.kind)
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
            self._note_sent(item)
        if item.snooze_due is not None:
            self._consume_snooze(item)  # gone from the document: never sent twice
            return
        slot, at = slot_label(item), utc_iso(item.at)
        self._sent[(item.user_id, item.kind)] = (slot, at)
        # A small record of its own (~85 journal bytes), not a rewrite of the ~1 KB document.
        self.store.set_record(SENT_TABLE, item.user_id, item.kind, {"s": slot, "a": int(item.at.timestamp()) // 60})

    def sent_marks(self, user_id: int) -> dict[str, dict[str, str]]:
        """The last reminder sent per kind, ``{kind: {"slot", "at"}}`` (the admin view counts them)."""
        marks: dict[str, dict[str, str]] = {}
        for kind in KINDS:
            record = self.store.record(SENT_TABLE, user_id, kind)
            mark = mark_from_record(record) if record is not None else None
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


def slot_id(item: Due) -> str:
    """A short id of one sent reminder for its buttons: local "yymmddHHMM", "s…" for a snooze."""
    stamp = f"{item.local_day:%y%m%d}{format_hhmm(item.minute).replace(':', '')}"
    return f"s{stamp}" if item.snooze_due is not None else stamp


def slot_label(item: Due) -> str:
    """Local "YYYY-MM-DD HH:MM": sorts chronologically for one person and kind."""
    return f"{item.local_day.isoformat()} {format_hhmm(item.minute)}"


def mark_from_record(record: Mapping[str, Any]) -> tuple[str, str] | None:
    """A stored sent mark ``{"s": local slot, "a": UTC epoch minute}`` -> (slot, UTC ISO)."""
    slot, minute = record.get("s"), record.get("a")
    if not isinstance(slot, str) or not isinstance(minute, int) or isinstance(minute, bool):
        return None
    return slot, utc_iso(datetime.fromtimestamp(minute * 60, UTC))


def _due_of(entry: QueueEntry) -> Due:
    at, _, user_id, kind, local_day, minute, snooze_due = entry
    return Due(user_id, kind, local_day, minute, at, snooze_due)
