"""The bot's own `ExtBot`: getUpdates that survives what PTB does not, and deliberate timeouts.

- getUpdates goes through an `UpdateLedger`: each update is parsed on its own, so one that PTB
  cannot read (an old-shape poll) is skipped by id instead of failing the whole batch forever;
  and the offset confirms only updates that are handled (see `bot.updates.UpdateLedger`).
- answerCallbackQuery's "query is too old" is not an error: the query expired (a backlog, a
  restart, a long 429), but the button's action must still happen. Every handler answers
  through this one method, so no handler needs its own try/except.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest, Forbidden
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.metrics import BotMetrics
from bot.updates import UpdateLedger

logger = logging.getLogger(__name__)

# PTB's default read timeout is 5 s: a slow Bot API then looks like a failure although the
# message arrives. Wait longer for an answer; polls add their own long-poll time on top.
READ_TIMEOUT_S = 30.0
WRITE_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10.0
POOL_TIMEOUT_S = 10.0
CONNECTION_POOL_SIZE = 256  # what PTB's ApplicationBuilder uses for everything but getUpdates
# When Telegram keeps answering with updates still being handled, poll again after progress
# (or this long), not in a tight loop.
REPOLL_PAUSE_S = 0.5
_QUERY_TOO_OLD = "query is too old"


def http_request(pool_size: int = CONNECTION_POOL_SIZE) -> HTTPXRequest:
    return HTTPXRequest(
        connection_pool_size=pool_size,
        read_timeout=READ_TIMEOUT_S,
        write_timeout=WRITE_TIMEOUT_S,
        connect_timeout=CONNECT_TIMEOUT_S,
        pool_timeout=POOL_TIMEOUT_S,
    )


class CoachBot(ExtBot[dict[str, Any]]):
    def __init__(self, *args: Any, ledger: UpdateLedger, metrics: BotMetrics | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ledger = ledger
        self._metrics = metrics

    @property
    def ledger(self) -> UpdateLedger:
        return self._ledger

    async def _do_post(self, endpoint: str, data: dict[str, Any], **timeouts: Any) -> Any:
        if endpoint != "getUpdates":
            return await self._call(endpoint, data, **timeouts)
        data = {**data, "offset": self._ledger.offset(data.get("offset"))}
        raw = await super()._do_post(endpoint, data, **timeouts)
        fresh = self._ledger.admit(raw if isinstance(raw, list) else [], self)
        if raw and not fresh and self._ledger.open_count:
            await self._ledger.wait_for_progress(REPOLL_PAUSE_S)
        return fresh

    async def _call(self, endpoint: str, data: dict[str, Any], **timeouts: Any) -> Any:
        """One Bot API call, counted for the operator: 403s, and the first answer to an update."""
        try:
            result = await super()._do_post(endpoint, data, **timeouts)
        except Forbidden:
            if self._metrics is not None:
                self._metrics.forbidden.labels(endpoint).inc()
            raise
        if self._metrics is not None:
            self._metrics.note_answer(endpoint)
        return result

    async def confirm_handled(self) -> None:
        """Tell Telegram which updates are done, so the next run starts right after them."""
        logger.info(
            "confirming updates below %d; %d left for the next run", self._ledger.offset(), self._ledger.open_count
        )
        await self.get_updates(timeout=0, limit=1)

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            if _QUERY_TOO_OLD not in exc.message.lower():
                raise
            logger.info("a callback query had expired before it was answered; its action still runs")
            return False
