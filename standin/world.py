"""What the stand-in's Telegram knows: users, chats and their messages, pending updates.

Both sides change this state: the Bot API methods (``standin.methods``, ``standin.updates``)
on the bot's requests, and the user driver (``standin.driver``) on a test's behalf. It does
no I/O; waiters are woken through ``changed`` and ``update_arrived``.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from standin.models import (
    BotCall,
    ChatState,
    Event,
    EventKind,
    StandinUser,
    StoredMessage,
    bot_user_dict,
    group_chat_dict,
)
from standin.rules import bad_request

BotCallListener = Callable[[BotCall], "Awaitable[None] | None"]

# Update types Telegram leaves out unless asked for explicitly.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_DEFAULT_SCOPE = {"type": "default"}


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None
    allowed_updates: list[str] | None
    max_connections: int


@dataclass
class CallbackQuery:
    chat_id: int
    message_id: int
    data: str | None
    answer: dict[str, Any] | None = None


def commands_key(scope: Any, language_code: str | None) -> tuple[str, str]:
    return json.dumps(scope or _DEFAULT_SCOPE, sort_keys=True), language_code or ""


class World:
    """The state of one bot's Telegram: every field is shared by the methods and the driver."""

    def __init__(
        self,
        bot_id: int,
        bot_name: str,
        bot_username: str,
        time_source: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.bot_username = bot_username
        self.time_source = time_source
        self.wall_clock = wall_clock

        self.users: dict[int, StandinUser] = {}
        self.chats: dict[int, ChatState] = {}
        self.pending: list[dict[str, Any]] = []
        self.last_update_id = 0
        self.update_arrived = asyncio.Event()
        self.closing = False
        self.poll_generation = 0
        self.waiting_polls = 0
        self.allowed_updates: list[str] | None = None
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.last_query_id = 0
        self.changed = asyncio.Condition()
        self.listeners: list[BotCallListener] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # the bot's description and short description by language code ("" = default)
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.default_menu_button: dict[str, Any] = {"type": "commands"}
        self.webhook: WebhookConfig | None = None
        self.last_file_id = 0
        # every bot request (method, params) and every webhook push (update id, HTTP status)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook_deliveries: list[tuple[int, int]] = []

    @property
    def bot_user(self) -> dict[str, Any]:
        return bot_user_dict(self.bot_id, self.bot_name, self.bot_username)

    # --- chats and users --------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> StandinUser:
        """The user with this id (private chat id == user id), created on first use.

        Fields given explicitly update an existing user, so a later ``user(id, "Ana")``
        renames whoever an earlier ``user(id)`` created.
        """
        person = self.users.get(user_id)
        if person is None:
            person = StandinUser(user_id, first_name or "User", last_name, username, language_code or "en")
            self.users[user_id] = person
            self.chats[user_id] = ChatState(person.private_chat())
            return person
        changes = {
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
        }
        for name, value in changes.items():
            if value is not None:
                setattr(person, name, value)
        self.chats[user_id].chat = person.private_chat()
        return person

    def group(self, chat_id: int, title: str = "Group") -> ChatState:
        existing = self.chats.get(chat_id)
        if existing is not None:
            return existing
        state = ChatState(group_chat_dict(chat_id, title))
        self.chats[chat_id] = state
        return state

    def resolve_chat_id(self, params: dict[str, Any]) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for user in self.users.values():
                if user.username and f"@{user.username}" == raw:
                    return user.id
            raise bad_request("chat not found")
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def bot_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """A live message the bot sent to the chat, or None."""
        chat = self.chats.get(chat_id)
        stored = chat.messages.get(message_id) if chat else None
        if stored is None or stored.deleted or not stored.from_bot:
            return None
        return stored

    def add_user_message(self, chat: ChatState, sender: StandinUser, content: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": chat.next_message_id(),
            "from": sender.to_dict(),
            "chat": copy.deepcopy(chat.chat),
            "date": self.now_date(),
            **content,
        }
        chat.messages[message["message_id"]] = StoredMessage(message, from_bot=False)
        return message

    def log_event(
        self, chat: ChatState, kind: EventKind, method: str, params: dict[str, Any], message_id: int | None
    ) -> None:
        chat_id = int(chat.chat["id"])
        chat.events.append(Event(kind, method, self.time_source(), chat_id, params, message_id))

    def commands_for(self, scope: Any, language_code: str | None) -> list[dict[str, Any]]:
        return copy.deepcopy(self.commands.get(commands_key(scope, language_code), []))

    # --- files ------------------------------------------------------------------------
    def now_date(self) -> int:
        return int(self.wall_clock())

    def new_file(self, prefix: str) -> dict[str, Any]:
        self.last_file_id += 1
        return {
            "file_id": f"standin-{prefix}-{self.last_file_id}",
            "file_unique_id": f"u{prefix}{self.last_file_id}",
            "file_size": 1024,
        }

    def photo_sizes(self) -> list[dict[str, Any]]:
        return [{**self.new_file("photo"), "width": 320, "height": 240}]

    # --- updates ----------------------------------------------------------------------
    def enqueue(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.last_update_id += 1
        update = {"update_id": self.last_update_id, **payload}
        self.pending.append(update)
        self.wake_pollers()
        return copy.deepcopy(update)

    def wake_pollers(self) -> None:
        # Waiters hold the old event; a fresh one is armed for the next wait.
        self.update_arrived.set()
        self.update_arrived = asyncio.Event()

    def deliverable(self, limit: int, allowed: list[str] | None) -> list[dict[str, Any]]:
        # Telegram never stores updates of types the bot did not ask for.
        self.pending = [u for u in self.pending if _is_allowed(u, allowed)]
        return copy.deepcopy(self.pending[:limit])

    def confirm(self, offset: int) -> None:
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()


def _is_allowed(update: dict[str, Any], allowed: list[str] | None) -> bool:
    kind = next((key for key in update if key != "update_id"), "")
    if not allowed:
        return kind not in _OPT_IN_UPDATE_TYPES
    return kind in allowed
