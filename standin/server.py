"""A local stand-in for api.telegram.org serving one bot over HTTP on 127.0.0.1.

The bot side talks HTTP (``{base_url}{token}/{method}``), exactly like PTB talks to
Telegram. The user side is a Python API in the same event loop: tests and local mode
create users, send them messages and button presses, and read what the bot answered.

This module is only the HTTP layer; the rest is split by job: ``world`` (Telegram's
state), ``methods`` and ``updates`` (the Bot API), ``driver`` (the user side).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from standin.driver import UserDriver
from standin.faults import Faults
from standin.methods import BotMethods, Handler
from standin.models import BotCall
from standin.params import read_params
from standin.rules import ApiError, bad_request
from standin.updates import UpdateDelivery
from standin.world import WebhookConfig, World

logger = logging.getLogger(__name__)

__all__ = ["BotApiStandin", "WebhookConfig"]


def _json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


class BotApiStandin(UserDriver):
    """Telegram Bot API stand-in for one bot; see the package docstring for usage."""

    def __init__(
        self,
        token: str = "123456:standin-token",
        *,
        bot_name: str = "Cramp Coach",
        bot_username: str = "cramp_coach_bot",
        port: int = 0,
        strict_html_ampersand: bool = True,
        time_source: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot_name = bot_name
        self.bot_username = bot_username
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        self.strict_html_ampersand = strict_html_ampersand
        self.faults = Faults(time_source)
        self.world = World(self.bot_id, bot_name, bot_username, time_source, wall_clock)
        self.methods = BotMethods(self.world, self.faults, strict_html_ampersand=strict_html_ampersand)
        self.delivery = UpdateDelivery(self.world)
        self._requested_port = port
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        table = {**self.methods.table(), **self.delivery.table()}
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in table.items()
        }

    # --- lifecycle --------------------------------------------------------------------
    async def start(self) -> BotApiStandin:
        self.world.closing = False
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_http)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._requested_port)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        await self.delivery.start()
        return self

    async def stop(self) -> None:
        self.world.closing = True
        self.world.wake_pollers()
        await self.delivery.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiStandin:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("BotApiStandin is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """What PTB wants as ``base_url``: it appends the token and the method."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.world.bot_user

    async def push_raw(self, update: dict[str, Any], secret: str | None = None, url: str | None = None) -> int:
        """POST ``update`` to the webhook URL (or ``url``) with ``secret`` as is; the status."""
        hook = self.world.webhook
        target = url or (hook.url if hook else None)
        if target is None:
            raise RuntimeError("no webhook set and no url given")
        return await self.delivery.post_update(target, update, secret)

    # --- HTTP layer -------------------------------------------------------------------
    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return _json_response(ApiError(404, "Not Found").to_json(), status=404)

    async def _handle_http(self, request: web.Request) -> web.Response:
        self.faults.note_arrival()
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, "Unauthorized").to_json(), status=401)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return _json_response(ApiError(404, "Not Found").to_json(), status=404)
        method, handler = entry
        params: dict[str, Any] = {}
        try:
            params = await read_params(request)
            result = await self._run_method(method, handler, params)
        except ApiError as error:
            await self._record_call(method, params, BotCall(method, params, False, error=error.description))
            return _json_response(error.to_json(), status=error.code)
        except Exception as exc:  # a bad request must never take the server down
            logger.exception("standin: %s failed", method)
            failure = bad_request(f"stand-in could not handle the request: {exc!r}")
            await self._record_call(method, params, BotCall(method, params, False, error=failure.description))
            return _json_response(failure.to_json(), status=failure.code)
        await self._record_call(method, params, result)
        return _json_response({"ok": True, "result": result.result})

    async def _run_method(self, method: str, handler: Handler, params: dict[str, Any]) -> BotCall:
        key = method.lower()
        delay = self.faults.delay_for(key)
        if delay:
            await asyncio.sleep(delay)
        forced = self.faults.take_rate_limit(key, _chat_id_of(params))
        if forced is not None:
            raise forced
        outcome = await handler(params)
        if isinstance(outcome, BotCall):
            return outcome
        return BotCall(method, params, True, result=outcome)

    async def _record_call(self, method: str, params: dict[str, Any], call: BotCall) -> None:
        call.method = method
        call.params = params
        self.world.calls.append((method, params))
        for listener in list(self.world.listeners):
            try:
                outcome = listener(call)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:  # a broken listener must not break the bot's request
                logger.exception("standin: bot call listener failed")
        await self.world.notify()


def _chat_id_of(params: dict[str, Any]) -> int | None:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None
