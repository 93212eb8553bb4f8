"""Update processing: many people at once, but one update at a time per chat.

Per-chat order keeps a double tap on a button from racing itself (two edits of the same step),
while one slow or busy chat never holds up the others: an update first waits for its chat's
turn and only then takes one of the shared processing slots, so a chat that sends 100 updates
in a burst occupies one slot, not all of them.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor

from bot.metrics import CURRENT_UPDATE, BotMetrics, UpdateClock
from store import StoreError, UserStore

logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
# Where the ledger remembers handled updates: a record of the bot itself (owner 0, no person).
LEDGER_TABLE = "updates"
LEDGER_OWNER = 0
LEDGER_NAME = "handled"
# PTB takes its semaphore before do_process_update; keep it out of the way and limit below.
_PTB_SLOTS = 1_000_000


class UpdateLedger:
    """Which fetched updates are handled, so getUpdates confirms only those.

    Telegram forgets every update below the ``offset`` of the next getUpdates. PTB sends the
    offset past everything it fetched at once, so an update still being handled (say behind
    a 45 s 429) is lost when the process is killed. Here the offset stays at the oldest
    update not yet handled; what Telegram then sends again is recognised (update ids only
    grow) and left out, and an update that cannot even be parsed is skipped for good.

    Handled but not yet confirmed is a window too: killed there, the next run gets those updates
    again, and handling one twice would put an older /timezone back over a newer one, or log a
    cramp twice. So with a store, each handled update is remembered durably (one small record:
    everything through ``mark`` is handled, plus the handled ids above it), and a run skips and
    confirms what an earlier run already handled.
    """

    def __init__(self, store: UserStore | None = None) -> None:
        self._store = store
        self._open: set[int] = set()
        self._handled: set[int] = set()  # handled ids above the durable mark
        self._next = 0  # one past the newest update id seen
        self._changed = asyncio.Event()
        saved = store.record(LEDGER_TABLE, LEDGER_OWNER, LEDGER_NAME) if store is not None else None
        if saved is not None:
            self._next = int(saved.get("t", -1)) + 1
            self._handled = {int(update_id) for update_id in saved.get("h", [])}
            # The first getUpdates confirms these (its offset starts past them): none comes again.
            logger.info("updates through %d were handled by an earlier run", self._next - 1)
        self._handled_earlier = frozenset(self._handled)  # only to say so in the log

    @property
    def open_count(self) -> int:
        return len(self._open)

    def offset(self, requested: int | None = None) -> int:
        """The getUpdates offset: confirms exactly the updates that are handled or skipped."""
        if self._open:
            return min(self._open)
        return max(self._next, requested or 0)

    def admit(self, raw_updates: list[Any], bot: Bot) -> list[dict[str, Any]]:
        """The new updates among what getUpdates returned, each parsed once on its own."""
        fresh: list[dict[str, Any]] = []
        for raw in raw_updates:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                logger.warning("an update without an update_id was skipped")
                continue
            if update_id < self._next or update_id in self._handled:
                if update_id in self._handled_earlier:
                    logger.info("update %d was handled before a restart; skipped", update_id)
                self._next = max(self._next, update_id + 1)
                continue  # fetched before and still in flight, or handled
            self._next = update_id + 1
            if readable(raw, bot):
                self._open.add(update_id)
                fresh.append(raw)
        return fresh

    def done(self, update_id: int) -> None:
        if update_id in self._open:
            self._open.discard(update_id)
            self._remember(update_id)
        self._changed.set()
        self._changed = asyncio.Event()

    def _remember(self, update_id: int) -> None:
        """Durably note a handled update (one small journal line) so no later run handles it again."""
        if self._store is None:
            return
        self._handled.add(update_id)
        mark = (min(self._open) if self._open else self._next) - 1  # everything up to here is done
        self._handled = {handled for handled in self._handled if handled > mark}
        try:
            self._store.set_record(LEDGER_TABLE, LEDGER_OWNER, LEDGER_NAME, {"t": mark, "h": sorted(self._handled)})
        except StoreError as exc:
            # Not fatal: the update is still confirmed; only a kill before that would repeat it.
            logger.warning("update %d handled but not remembered (%s)", update_id, type(exc).__name__)

    async def wait_for_progress(self, timeout: float) -> None:
        """Until some update is handled (or ``timeout``): polling again sooner gets nothing new."""
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            pass


def readable(raw: dict[str, Any], bot: Bot) -> bool:
    """Whether PTB can parse this update; if not, one line with its id (never its content)."""
    try:
        Update.de_json(copy.deepcopy(raw), bot)
    except Exception as exc:  # PTB raises TypeError, KeyError, ValueError... for shapes it does not know
        logger.warning("update %s could not be parsed (%s); skipped", raw.get("update_id"), type(exc).__name__)
        return False
    return True


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        ledger: UpdateLedger | None = None,
        metrics: BotMetrics | None = None,
    ) -> None:
        super().__init__(_PTB_SLOTS)
        self._metrics = metrics
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._ledger = ledger
        self._tasks: set[asyncio.Task[Any]] = set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        # This task's own context: the bot's calls made for this update see when it arrived.
        clock = UpdateClock()
        CURRENT_UPDATE.set(clock)
        try:
            await self._in_turn(update, coroutine)
        except asyncio.CancelledError:
            raise  # abandoned at a bounded stop: left unconfirmed, so Telegram sends it again
        except BaseException:
            self._handled(update)
            raise
        else:
            self._handled(update)
            if self._metrics is not None:
                self._metrics.note_handled(clock)
        finally:
            if task is not None:
                self._tasks.discard(task)

    def abandon_all(self) -> int:
        """Cancel every update still waiting or being handled (a stop that ran out of time)."""
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        return len(tasks)

    def _handled(self, update: object) -> None:
        if self._ledger is not None and isinstance(update, Update):
            self._ledger.done(update.update_id)

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat_id = _chat_id(update)
        if chat_id is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._waiting[chat_id] = self._waiting.get(chat_id, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            # Forget idle chats so the lock table stays as small as the set of busy chats.
            self._waiting[chat_id] -= 1
            if self._waiting[chat_id] == 0:
                del self._waiting[chat_id]
                del self._locks[chat_id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
