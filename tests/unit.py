"""A fast unit layer for handlers, as PTB's own tests do it: the real Application, fed updates
with `process_update`, talking to a recording `BaseRequest` instead of the network.

Nothing leaves the process: every Bot API call is recorded (method and parameters) and answered
with a plausible result, so handlers run exactly as in production, minus HTTP. The end-to-end
tests (`tests/conftest.py`, the stand-in) stay the proof that it all works over real HTTP.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from core.clock import FakeClock
from core.settings import Settings
from core.types import App
from handlers.services import AppServices
from knowledge import KnowledgeBase
from scheduler import ReminderService
from store import UserStore
from tests.harness import TOKEN

BOT_ID = int(TOKEN.split(":")[0])
# What Telegram answers with a sent or edited message; anything else gets True.
MESSAGE_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"})


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of every inline button, row by row."""
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = (markup or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data", "")) for row in rows for button in row]


@dataclass
class RecordingRequest(BaseRequest):
    """Records every call; answers like Telegram would, without a network."""

    calls: list[Call] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        self.calls.append(Call(name, params))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Cramp Coach", "username": "cramp_coach_bot"}
        if name not in MESSAGE_METHODS:
            return True
        chat_id = int(params.get("chat_id", 0))
        message_id = int(params.get("message_id") or next(self._ids))
        return {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Cramp Coach"},
            "text": params.get("text", ""),
        }

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """sendMessage and editMessageText calls (to one chat), in order."""
        return [
            call
            for call in self.calls
            if call.method in ("sendMessage", "editMessageText")
            and (chat_id is None or int(call.params.get("chat_id", 0)) == chat_id)
        ]

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]


class Updates:
    """Factories for the updates a person sends in a private chat."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._ids = itertools.count(1)

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": "en"}

    def _message(self, user_id: int, text: str, chat_id: int | None, chat_type: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": 0,
            "chat": {"id": user_id if chat_id is None else chat_id, "type": chat_type},
            "from": self._user(user_id),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def text(self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private") -> Update:
        """A typed message (a /command gets its bot_command entity); private unless a chat is given."""
        payload = {"update_id": next(self._ids), "message": self._message(user_id, text, chat_id, chat_type)}
        return Update.de_json(payload, self.app.bot)

    def tap(self, user_id: int, data: str, message_id: int = 1000) -> Update:
        """A press on an inline button with `data` under the bot's message `message_id`."""
        message = {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Cramp Coach"},
            "text": "…",
        }
        query = {
            "id": str(next(self._ids)),
            "from": self._user(user_id),
            "chat_instance": "1",
            "data": data,
            "message": message,
        }
        return Update.de_json({"update_id": next(self._ids), "callback_query": query}, self.app.bot)


@dataclass
class UnitBot:
    app: App
    request: RecordingRequest
    services: AppServices
    clock: FakeClock
    updates: Updates

    USER_ID = 7001

    async def say(self, text: str, user_id: int | None = None) -> list[Call]:
        """Process one typed message; the calls it made, in order."""
        return await self.process(self.updates.text(user_id or self.USER_ID, text))

    async def tap(self, data: str, user_id: int | None = None, message_id: int = 1000) -> list[Call]:
        return await self.process(self.updates.tap(user_id or self.USER_ID, data, message_id))

    async def process(self, update: Update) -> list[Call]:
        """Process any update; the calls it made, in order."""
        before = len(self.request.calls)
        await self.app.process_update(update)
        return self.request.calls[before:]


@asynccontextmanager
async def unit_bot(settings: Settings, knowledge: KnowledgeBase, clock: FakeClock) -> AsyncIterator[UnitBot]:
    """The real Application over a RecordingRequest, started as in production (post_init too)."""
    store = UserStore.open(settings.data_dir)
    svc = AppServices(
        settings=settings,
        clock=clock,
        store=store,
        knowledge=knowledge,
        reminders=ReminderService(store, knowledge, clock, settings.default_tz),
    )
    request = RecordingRequest()
    app = build_application(settings, svc, request=request)
    await app.initialize()
    try:
        assert app.post_init is not None
        await app.post_init(app)
        await app.start()
        try:
            yield UnitBot(app=app, request=request, services=svc, clock=clock, updates=Updates(app))
        finally:
            await app.stop()
    finally:
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
