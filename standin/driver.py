"""The user side of the stand-in: what tests and local mode do as people in a chat.

People write, press buttons and edit their messages; tests read what the bot sent, wait
for a condition, and switch faults on. All of it runs in the test's event loop, over the
same ``World`` the Bot API methods change.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

from standin.faults import Faults
from standin.models import ChatState, Event, SentMessage, StandinUser
from standin.world import BotCallListener, CallbackQuery, World, commands_key

Predicate = Callable[[Any], Any]


class UserDriver:
    """User actions and inspection over ``self.world``; ``BotApiStandin`` is one."""

    world: World
    faults: Faults

    # --- people and chats -------------------------------------------------------------
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
        return self.world.user(user_id, first_name, last_name=last_name, username=username, language_code=language_code)

    def group(self, chat_id: int, title: str = "Group") -> ChatState:
        return self.world.group(chat_id, title)

    # --- what people do ---------------------------------------------------------------
    async def _user_sends(self, user_id: int, content: dict[str, Any], chat_id: int | None = None) -> dict[str, Any]:
        sender = self.world.user(user_id)
        chat = self.world.chats[user_id if chat_id is None else chat_id]
        message = self.world.add_user_message(chat, sender, content)
        update = self.world.enqueue({"message": message})
        await self.world.notify()
        return update

    async def send_text(self, user_id: int, text: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The user writes ``text`` in the private chat; returns the Update dict."""
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return await self._user_sends(user_id, content)

    async def send_command(self, user_id: int, command: str) -> dict[str, Any]:
        """``command`` like "/start" or "/start payload", with its bot_command entity."""
        return await self.send_text(user_id, command, _command_entities(command))

    async def edit_text(self, user_id: int, message_id: int, text: str) -> dict[str, Any]:
        """The user edits their earlier message in the private chat: an ``edited_message`` Update."""
        chat = self.world.chats[user_id]
        stored = chat.messages.get(message_id)
        if stored is None or stored.from_bot:
            raise LookupError(f"no user message {message_id} in chat {user_id}")
        stored.data["text"] = text
        stored.data["edit_date"] = self.world.now_date()
        update = self.world.enqueue({"edited_message": stored.snapshot()})
        await self.world.notify()
        return update

    async def send_group_text(self, chat_id: int, user_id: int, text: str, title: str = "Group") -> dict[str, Any]:
        self.world.group(chat_id, title)
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = _command_entities(text)
        return await self._user_sends(user_id, content, chat_id=chat_id)

    async def send_location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        return await self._user_sends(user_id, {"location": {"latitude": latitude, "longitude": longitude}})

    async def send_sticker(self, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        sticker = {
            **self.world.new_file("sticker"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._user_sends(user_id, {"sticker": sticker})

    async def send_photo(self, user_id: int, caption: str | None = None) -> dict[str, Any]:
        content: dict[str, Any] = {"photo": self.world.photo_sizes()}
        if caption is not None:
            content["caption"] = caption
        return await self._user_sends(user_id, content)

    async def send_video(self, user_id: int, caption: str | None = None) -> dict[str, Any]:
        video = {**self.world.new_file("video"), "width": 640, "height": 360, "duration": 5}
        return await self._user_sends(user_id, _captioned({"video": video}, caption))

    async def send_document(
        self, user_id: int, caption: str | None = None, file_name: str = "scan.pdf"
    ) -> dict[str, Any]:
        document = {**self.world.new_file("document"), "file_name": file_name, "mime_type": "application/pdf"}
        return await self._user_sends(user_id, _captioned({"document": document}, caption))

    async def send_voice(self, user_id: int, duration: int = 3) -> dict[str, Any]:
        voice = {**self.world.new_file("voice"), "duration": duration, "mime_type": "audio/ogg"}
        return await self._user_sends(user_id, {"voice": voice})

    async def send_poll(self, user_id: int, question: str, *, old_shape: bool = False) -> dict[str, Any]:
        """The user forwards a poll; ``old_shape`` leaves out fields older Bot API servers lack."""
        poll: dict[str, Any] = {
            "id": f"poll-{self.world.last_update_id + 1}",
            "question": question,
            "options": [{"text": "Yes", "voter_count": 0}, {"text": "No", "voter_count": 0}],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        }
        if not old_shape:
            poll.update(allows_revoting=False, members_only=False, persistent_id=poll["id"])
        return await self._user_sends(user_id, {"poll": poll})

    async def blocks_bot(self, user_id: int) -> dict[str, Any]:
        """The user blocks the bot: sends fail with 403 and a ``my_chat_member`` update arrives."""
        world = self.world
        person = world.user(user_id)
        self.faults.block(user_id)
        bot = world.bot_user
        change = {
            "chat": copy.deepcopy(world.chats[user_id].chat),
            "from": person.to_dict(),
            "date": world.now_date(),
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
        }
        update = world.enqueue({"my_chat_member": change})
        await world.notify()
        return update

    async def press(self, user_id: int, message_id: int, callback_data: str, chat_id: int | None = None) -> str:
        """The user presses a button carrying ``callback_data``; returns the query id."""
        world = self.world
        sender = world.user(user_id)
        target_chat = user_id if chat_id is None else chat_id
        stored = world.bot_message(target_chat, message_id)
        if stored is None:
            raise LookupError(f"no live bot message {message_id} in chat {target_chat}")
        world.last_query_id += 1
        query_id = str(4_000_000_000 + world.last_query_id)
        world.callback_queries[query_id] = CallbackQuery(target_chat, message_id, callback_data)
        query = {
            "id": query_id,
            "from": sender.to_dict(),
            "message": stored.snapshot(),
            "chat_instance": str(target_chat * 7 + 13),
            "data": callback_data,
        }
        world.enqueue({"callback_query": query})
        await world.notify()
        return query_id

    async def press_button(
        self, user_id: int, message_id: int, text_or_index: str | int, chat_id: int | None = None
    ) -> str:
        """Press the button with this text (or flat index) on the bot's message."""
        target_chat = user_id if chat_id is None else chat_id
        stored = self.world.bot_message(target_chat, message_id)
        if stored is None or stored.sent is None:
            raise LookupError(f"no live bot message {message_id} in chat {target_chat}")
        flat = [button for row in stored.sent.buttons for button in row]
        if isinstance(text_or_index, int):
            text, data = flat[text_or_index]
        else:
            matches = [button for button in flat if button[0] == text_or_index]
            if not matches:
                raise LookupError(f"no button {text_or_index!r}; buttons: {[b[0] for b in flat]}")
            text, data = matches[0]
        if data is None:
            raise LookupError(f"button {text!r} has no callback_data")
        return await self.press(user_id, message_id, data, chat_id=chat_id)

    # --- inspection -------------------------------------------------------------------
    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every bot request as (method, params), in order."""
        return self.world.calls

    @property
    def webhook_deliveries(self) -> list[tuple[int, int]]:
        """Every webhook push as (update id, HTTP status; 0 = unreachable)."""
        return self.world.webhook_deliveries

    def sent(self, chat_id: int) -> list[SentMessage]:
        """What the bot sent to the chat, in order, in its current state."""
        chat = self.world.chats.get(chat_id)
        return list(chat.sent) if chat else []

    def visible(self, chat_id: int) -> list[SentMessage]:
        """Sent messages that were not deleted."""
        return [message for message in self.sent(chat_id) if not message.deleted]

    def last(self, chat_id: int) -> SentMessage:
        messages = self.sent(chat_id)
        if not messages:
            raise LookupError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    def events(self, chat_id: int) -> list[Event]:
        chat = self.world.chats.get(chat_id)
        return list(chat.events) if chat else []

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        """Params of every call of ``method`` (case-insensitive)."""
        return [params for name, params in self.world.calls if name.lower() == method.lower()]

    def callback_answers(self, query_id: str) -> dict[str, Any] | None:
        query = self.world.callback_queries.get(query_id)
        return None if query is None else query.answer

    answered = callback_answers

    def pending_updates(self) -> int:
        """How many updates wait for the bot (not yet confirmed or pushed)."""
        return len(self.world.pending)

    def pending_update_list(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self.world.pending)

    @property
    def waiting_polls(self) -> int:
        """How many getUpdates requests are parked waiting for an update right now."""
        return self.world.waiting_polls

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Commands set for the default scope and no language."""
        return copy.deepcopy(self.world.commands.get(commands_key(None, None), []))

    def commands_for(self, scope: dict[str, Any] | None, language_code: str | None = None) -> list[dict[str, Any]]:
        return self.world.commands_for(scope, language_code)

    def description(self, language_code: str | None = None, short: bool = False) -> str | None:
        """The bot's (short) description set for a language code (None: the default one)."""
        texts = self.world.short_descriptions if short else self.world.descriptions
        return texts.get(language_code or "")

    @property
    def webhook(self) -> dict[str, Any]:
        """Current webhook like getWebhookInfo, plus the secret; url is "" when none is set."""
        hook = self.world.webhook
        return {
            "url": hook.url if hook else "",
            "secret_token": hook.secret_token if hook else None,
            "allowed_updates": list(hook.allowed_updates or []) if hook else [],
            "max_connections": hook.max_connections if hook else None,
            "pending_update_count": len(self.world.pending),
        }

    def on_bot_call(self, listener: BotCallListener) -> Callable[[], None]:
        """Call ``listener(BotCall)`` after every bot request; returns an unsubscribe function."""
        listeners = self.world.listeners
        listeners.append(listener)
        return lambda: listeners.remove(listener) if listener in listeners else None

    async def wait_for(self, predicate: Predicate, timeout: float = 5.0) -> Any:
        """Wait until ``predicate(self)`` is truthy (re-checked after every change); return it.

        A predicate raising LookupError (``api.last(chat)`` before anything was sent) counts
        as "not yet".
        """
        changed = self.world.changed

        async def until_true() -> Any:
            async with changed:
                while True:
                    result = _evaluate(predicate, self)
                    if result:
                        return result
                    await changed.wait()

        try:
            return await asyncio.wait_for(until_true(), timeout)
        except TimeoutError:
            recent = [name for name, _ in self.world.calls[-10:]]
            raise TimeoutError(f"condition not met within {timeout} s; last bot calls: {recent}") from None

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until the bot sent at least ``count`` messages to the chat; return them all."""
        await self.wait_for(lambda api: len(api.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    # --- faults (shortcuts) -----------------------------------------------------------
    def rate_limit_next(self, method: str | None, retry_after: int, times: int = 1, chat_id: int | None = None) -> None:
        self.faults.rate_limit_next(method, retry_after, times, chat_id)

    def block(self, user_id: int) -> None:
        self.faults.block(user_id)

    def unblock(self, user_id: int) -> None:
        self.faults.unblock(user_id)

    def expire_queries(self, expired: bool = True) -> None:
        """Every answerCallbackQuery fails with "query is too old" (a backlog, a restart)."""
        self.faults.queries_expire = expired

    def slow(self, method: str | None, seconds: float) -> None:
        self.faults.slow(method, seconds)

    def set_flood_limits(self, global_per_s: float | None, per_chat_per_s: float | None) -> None:
        self.faults.set_flood_limits(global_per_s, per_chat_per_s)


def _evaluate(predicate: Predicate, api: UserDriver) -> Any:
    try:
        return predicate(api)
    except LookupError:
        return None


def _captioned(content: dict[str, Any], caption: str | None) -> dict[str, Any]:
    return content if caption is None else {**content, "caption": caption}


def _command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]
