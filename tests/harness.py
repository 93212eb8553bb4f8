"""A person's side of an end-to-end conversation: say something, wait for the bot, read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.clock import FakeClock
from core.types import App
from handlers.services import AppServices
from standin import BotApiStandin, SentMessage

TOKEN = "123456:test-token-abc"
WAIT_SECONDS = 5.0


@dataclass
class BotHarness:
    api: BotApiStandin
    app: App
    services: AppServices
    clock: FakeClock

    USER_ID = 7001
    ADMIN_ID = 9001

    def activity(self, chat_id: int) -> int:
        """How many sends and edits the bot has made in this chat so far."""
        return sum(1 for event in self.api.events(chat_id) if event.kind in ("send", "edit"))

    async def wait_activity(self, chat_id: int, before: int, count: int = 1) -> None:
        await self.api.wait_for(lambda api: self.activity(chat_id) >= before + count, timeout=WAIT_SECONDS)

    async def say(self, text: str, user_id: int | None = None, replies: int = 1) -> SentMessage:
        """Send text (or a /command) and return the bot's latest message once it has answered."""
        uid = user_id or self.USER_ID
        self.api.user(uid)
        before = self.activity(uid)
        if text.startswith("/"):
            await self.api.send_command(uid, text)
        else:
            await self.api.send_text(uid, text)
        await self.wait_activity(uid, before, replies)
        return self.api.last(uid)

    async def start(self, user_id: int | None = None) -> SentMessage:
        """/start; waits for the onboarding questions a new person also gets; returns the welcome."""
        uid = user_id or self.USER_ID
        self.api.user(uid)
        is_new = self.services.store.get(uid) is None
        onboarding = len(self.app.bot_data.get("onboarding", [])) if is_new else 0
        sent_before = len(self.api.sent(uid))
        await self.say("/start", uid, replies=1 + onboarding)
        return self.api.sent(uid)[sent_before]

    async def tap(self, message: SentMessage, data: str, user_id: int | None = None) -> str:
        """Press a button by its callback_data; returns the callback query id once it is answered."""
        uid = user_id or self.USER_ID
        query_id = await self.api.press(uid, message.message_id, data)
        await self.api.wait_for(lambda api: api.answered(query_id) is not None, timeout=WAIT_SECONDS)
        return query_id

    async def tap_and_wait(self, message: SentMessage, data: str, user_id: int | None = None) -> SentMessage:
        """Press a button and wait for the bot to edit or send; returns the chat's latest message."""
        uid = user_id or self.USER_ID
        before = self.activity(uid)
        await self.tap(message, data, uid)
        await self.wait_activity(uid, before)
        return self.latest(uid)

    def latest(self, chat_id: int) -> SentMessage:
        """The message the bot touched last in this chat: edited in place or newly sent."""
        last = [event for event in self.api.events(chat_id) if event.kind in ("send", "edit")][-1]
        return next(m for m in self.api.sent(chat_id) if m.message_id == last.message_id)

    def answer_text(self, query_id: str) -> Any:
        answer = self.api.answered(query_id)
        return None if answer is None else answer.get("text")
