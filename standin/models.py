"""Records kept by the stand-in and builders of Telegram-shaped JSON objects."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from standin.rules import inline_buttons

MessageKind = Literal["text", "photo", "document"]
EventKind = Literal["send", "edit", "delete", "chat_action", "callback_answer"]


@dataclass
class StandinUser:
    """A person talking to the bot; in a private chat, chat id == user id."""

    id: int
    first_name: str = "User"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"

    def to_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                user[key] = value
        return user

    def private_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            chat["last_name"] = self.last_name
        if self.username is not None:
            chat["username"] = self.username
        return chat


@dataclass
class SentMessage:
    """Something the bot sent to a chat, in its current state (edits applied)."""

    message_id: int
    chat_id: int
    text: str | None
    html: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    buttons: list[list[tuple[str, str | None]]]
    edits: int = 0
    deleted: bool = False
    kind: MessageKind = "text"
    caption: str | None = None

    @property
    def callback_data(self) -> list[str]:
        """All callback_data of the inline keyboard, row by row."""
        return [data for row in self.buttons for _, data in row if data is not None]

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]


@dataclass
class Event:
    """One bot action as seen by a chat: send, edit, delete, chat_action or callback_answer."""

    kind: EventKind
    method: str
    time: float
    chat_id: int | None
    payload: dict[str, Any]
    message_id: int | None = None


@dataclass
class BotCall:
    """One request of the bot, with the answer it got; passed to ``on_bot_call`` listeners."""

    method: str
    params: dict[str, Any]
    ok: bool
    result: Any = None
    error: str | None = None
    chat_id: int | None = None
    message: SentMessage | None = None


@dataclass
class StoredMessage:
    """A message in a chat (from the bot or from a user) as Telegram keeps it."""

    data: dict[str, Any]
    from_bot: bool
    sent: SentMessage | None = None
    deleted: bool = False

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    def snapshot(self) -> dict[str, Any]:
        """A deep copy, so callers can't change the stored state."""
        return copy.deepcopy(self.data)


@dataclass
class ChatState:
    """A chat the bot can write to; message ids are shared by both sides, as in Telegram."""

    chat: dict[str, Any]
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    last_message_id: int = 0
    sent: list[SentMessage] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    menu_button: dict[str, Any] | None = None

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


def bot_user_dict(bot_id: int, first_name: str, username: str) -> dict[str, Any]:
    return {"id": bot_id, "is_bot": True, "first_name": first_name, "username": username}


def get_me_dict(bot_id: int, first_name: str, username: str) -> dict[str, Any]:
    return {
        **bot_user_dict(bot_id, first_name, username),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def group_chat_dict(chat_id: int, title: str) -> dict[str, Any]:
    chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
    return {"id": chat_id, "type": chat_type, "title": title}


def echoed_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Telegram only returns inline keyboards inside a Message."""
    if markup and "inline_keyboard" in markup:
        return copy.deepcopy(markup)
    return None


def make_sent_message(
    message_id: int,
    chat_id: int,
    kind: MessageKind,
    plain: str | None,
    raw: str | None,
    parse_mode: str | None,
    reply_markup: dict[str, Any] | None,
) -> SentMessage:
    is_text = kind == "text"
    return SentMessage(
        message_id=message_id,
        chat_id=chat_id,
        text=plain if is_text else None,
        html=raw,
        parse_mode=parse_mode,
        reply_markup=copy.deepcopy(reply_markup),
        buttons=inline_buttons(reply_markup),
        kind=kind,
        caption=None if is_text else plain,
    )
