"""Webhook mode: a small aiohttp server of our own in front of the Application.

PTB's webhook server reads the whole body (up to 100 MB) before it looks at the secret, answers
an update it cannot parse with 400 and a CRITICAL line carrying the person's message, and hands a
replayed update to the handlers twice. This one decides in this order:

1. a wrong or missing secret header: 403, the body is never read;
2. a declared body over 1 MB: 413, unread; an undeclared (chunked) one stops being read at 1 MB;
3. a body that is not an update: 400 (only Telegram posts here, and it never sends that);
4. an update_id among the recent ones (Telegram retrying, or a replay): 200, not handled again;
5. an update PTB cannot parse: one line with its id, 200, so Telegram does not send it again;
6. otherwise onto the application's update queue, 200.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections import deque

from aiohttp import web
from telegram import Update

from bot.updates import readable
from core.settings import WebhookSettings
from core.types import App

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # an update is a few KB; Telegram's largest are far below this
RECENT_UPDATE_IDS = 10_000  # Telegram retries for hours at most; ids only, ~1 MB at most
# In-flight requests get this long when the server stops (the updates themselves are queued).
SHUTDOWN_TIMEOUT_S = 1.0


class RecentIds:
    """The last ``size`` update ids, for "seen it already" in O(1)."""

    def __init__(self, size: int = RECENT_UPDATE_IDS) -> None:
        self._order: deque[int] = deque()
        self._ids: set[int] = set()
        self._size = size

    def add(self, update_id: int) -> bool:
        """False when the id is among the recent ones; else remember it and return True."""
        if update_id in self._ids:
            return False
        self._ids.add(update_id)
        self._order.append(update_id)
        if len(self._order) > self._size:
            self._ids.discard(self._order.popleft())
        return True


class WebhookServer:
    def __init__(self, app: App, hook: WebhookSettings, allowed_updates: list[str]) -> None:
        self._app = app
        self._hook = hook
        self._allowed_updates = allowed_updates
        self._secret = hook.secret_token.encode() if hook.secret_token else None
        self._recent = RecentIds()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen, then tell Telegram where to post (in that order: no update finds a closed port)."""
        server = web.Application(client_max_size=MAX_BODY_BYTES)
        server.router.add_post("/" + self._hook.path, self._handle)
        self._runner = web.AppRunner(server, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT_S)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._hook.listen, self._hook.port).start()
        await self._app.bot.set_webhook(
            url=self._hook.url, secret_token=self._hook.secret_token, allowed_updates=self._allowed_updates
        )

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        if self._secret is not None and not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, "").encode(), self._secret
        ):
            logger.debug("webhook: a request without the right secret was refused")
            return _refuse(403)
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return _refuse(413)
        try:
            body = await request.read()  # stops at client_max_size when no length was declared
        except web.HTTPRequestEntityTooLarge:
            return _refuse(413)
        try:
            raw = json.loads(body)
        except ValueError:
            return web.Response(status=400)
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not isinstance(update_id, int):
            return web.Response(status=400)
        if not self._recent.add(update_id):
            logger.info("webhook: update %d arrived again; not handled twice", update_id)
            return web.Response()
        if readable(raw, self._app.bot):
            await self._app.update_queue.put(Update.de_json(raw, self._app.bot))
        return web.Response()


def _refuse(status: int) -> web.Response:
    """Answer without reading the body, and close: the rest of it is never wanted."""
    response = web.Response(status=status)
    response.force_close()
    return response
