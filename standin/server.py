"""A local stand-in for api.telegram.org serving one bot over HTTP on 127.0.0.1.

The bot side talks HTTP (``{base_url}{token}/{method}``), exactly like PTB talks to
Telegram. The user side is a Python API in the same event loop: tests and local mode
create users, send them messages and button presses, and read what the bot answered.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from standin.faults import Faults, blocked_by_user
from standin.models import (
    BotCall,
    ChatState,
    Event,
    EventKind,
    MessageKind,
    SentMessage,
    StandinUser,
    StoredMessage,
    bot_user_dict,
    echoed_markup,
    get_me_dict,
    group_chat_dict,
    make_sent_message,
)
from standin.params import UploadedFile, as_bool, as_int, as_str, read_params
from standin.rules import (
    MAX_CALLBACK_ANSWER_LENGTH,
    ApiError,
    ParsedText,
    bad_request,
    check_caption,
    check_message_text,
    check_reply_markup,
    inline_buttons,
    parse_text,
)

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[Any]]
BotCallListener = Callable[[BotCall], "None | Awaitable[None]"]
Predicate = Callable[["BotApiStandin"], Any]

# Update types Telegram leaves out unless asked for explicitly.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_GET_UPDATES_WHILE_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
    "delete the webhook first"
)
_GET_UPDATES_TERMINATED = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
_DEFAULT_SCOPE = {"type": "default"}


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None
    allowed_updates: list[str] | None
    max_connections: int


@dataclass
class _CallbackQuery:
    chat_id: int
    message_id: int
    data: str | None
    answer: dict[str, Any] | None = None


def _json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


class BotApiStandin:
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
        self._requested_port = port
        self._time_source = time_source
        self._wall_clock = wall_clock
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._port: int | None = None

        self._users: dict[int, StandinUser] = {}
        self._chats: dict[int, ChatState] = {}
        self._pending: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._update_arrived = asyncio.Event()
        self._closing = False
        self._poll_generation = 0
        self._waiting_polls = 0
        self._allowed_updates: list[str] | None = None
        self._callback_queries: dict[str, _CallbackQuery] = {}
        self._last_query_id = 0
        self._changed = asyncio.Condition()
        self._listeners: list[BotCallListener] = []
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._default_menu_button: dict[str, Any] = {"type": "commands"}
        self._webhook: WebhookConfig | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._last_file_id = 0

        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook_deliveries: list[tuple[int, int]] = []
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in self._method_table().items()
        }

    def _method_table(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "getChat": self._get_chat,
            "close": self._return_true,
            "logOut": self._return_true,
            "setMyDescription": self._return_true,
            "setMyShortDescription": self._return_true,
            "setMyName": self._return_true,
        }

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> BotApiStandin:
        self._closing = False
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_http)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._requested_port)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._client = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        await self._stop_webhook_worker()
        if self._client is not None:
            await self._client.close()
            self._client = None
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
        return bot_user_dict(self.bot_id, self.bot_name, self.bot_username)

    # ------------------------------------------------------------------ HTTP layer
    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return _json_response(ApiError(404, "Not Found").to_json(), status=404)

    async def _handle_http(self, request: web.Request) -> web.Response:
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
        forced = self.faults.take_rate_limit(key)
        if forced is not None:
            raise forced
        outcome = await handler(params)
        if isinstance(outcome, BotCall):
            return outcome
        return BotCall(method, params, True, result=outcome)

    async def _record_call(self, method: str, params: dict[str, Any], call: BotCall) -> None:
        call.method = method
        call.params = params
        self.calls.append((method, params))
        for listener in list(self._listeners):
            try:
                outcome = listener(call)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:  # a broken listener must not break the bot's request
                logger.exception("standin: bot call listener failed")
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # ------------------------------------------------------------------ chats and users
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
        person = self._users.get(user_id)
        if person is None:
            person = StandinUser(user_id, first_name or "User", last_name, username, language_code or "en")
            self._users[user_id] = person
            self._chats[user_id] = ChatState(person.private_chat())
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
        self._chats[user_id].chat = person.private_chat()
        return person

    def group(self, chat_id: int, title: str = "Group") -> ChatState:
        existing = self._chats.get(chat_id)
        if existing is not None:
            return existing
        state = ChatState(group_chat_dict(chat_id, title))
        self._chats[chat_id] = state
        return state

    def _resolve_chat_id(self, params: dict[str, Any]) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for user in self._users.values():
                if user.username and f"@{user.username}" == raw:
                    return user.id
            raise bad_request("chat not found")
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def _chat_for_bot(self, params: dict[str, Any]) -> ChatState:
        """The chat a bot call is about; unknown → 400, blocked → 403, like Telegram."""
        chat_id = self._resolve_chat_id(params)
        chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if self.faults.is_blocked(chat_id):
            raise blocked_by_user()
        return chat

    # ------------------------------------------------------------------ updates
    def _enqueue(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, **payload}
        self._pending.append(update)
        self._wake_pollers()
        return copy.deepcopy(update)

    def _wake_pollers(self) -> None:
        # Waiters hold the old event; a fresh one is armed for the next wait.
        self._update_arrived.set()
        self._update_arrived = asyncio.Event()

    def _is_allowed(self, update: dict[str, Any], allowed: list[str] | None) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if not allowed:
            return kind not in _OPT_IN_UPDATE_TYPES
        return kind in allowed

    def _deliverable(self, limit: int, allowed: list[str] | None) -> list[dict[str, Any]]:
        # Telegram never stores updates of types the bot did not ask for.
        self._pending = [u for u in self._pending if self._is_allowed(u, allowed)]
        return copy.deepcopy(self._pending[:limit])

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    def pending_updates(self) -> int:
        """How many updates wait for the bot (not yet confirmed or pushed)."""
        return len(self._pending)

    def pending_update_list(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._pending)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(409, _GET_UPDATES_WHILE_WEBHOOK)
        offset = as_int(params, "offset") or 0
        limit = min(max(as_int(params, "limit") or 100, 1), 100)
        timeout = float(params.get("timeout") or 0)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or [])
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        if self._waiting_polls:
            self._wake_pollers()  # the older poll ends with 409, as on Telegram
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, _GET_UPDATES_TERMINATED)
            batch = self._deliverable(limit, self._allowed_updates)
            remaining = deadline - asyncio.get_running_loop().time()
            if batch or remaining <= 0 or self._closing or self._webhook is not None:
                return batch
            if not await self._wait_for_update(remaining):
                return []

    async def _wait_for_update(self, timeout: float) -> bool:
        """Wait for the next enqueued update (or a wake-up); False on timeout."""
        arrived = self._update_arrived
        self._waiting_polls += 1
        try:
            await self._notify()  # lets tests see that a long poll is parked
            await asyncio.wait_for(arrived.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiting_polls -= 1

    @property
    def waiting_polls(self) -> int:
        """How many getUpdates requests are parked waiting for an update right now."""
        return self._waiting_polls

    # ------------------------------------------------------------------ user side
    def _now_date(self) -> int:
        return int(self._wall_clock())

    def _add_user_message(
        self, chat: ChatState, sender: StandinUser, content: dict[str, Any]
    ) -> dict[str, Any]:
        message = {
            "message_id": chat.next_message_id(),
            "from": sender.to_dict(),
            "chat": copy.deepcopy(chat.chat),
            "date": self._now_date(),
            **content,
        }
        chat.messages[message["message_id"]] = StoredMessage(message, from_bot=False)
        return message

    async def _user_sends(
        self, user_id: int, content: dict[str, Any], chat_id: int | None = None
    ) -> dict[str, Any]:
        sender = self.user(user_id)
        chat = self._chats[user_id if chat_id is None else chat_id]
        message = self._add_user_message(chat, sender, content)
        update = self._enqueue({"message": message})
        await self._notify()
        return update

    async def send_text(
        self, user_id: int, text: str, entities: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
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
        chat = self._chats[user_id]
        stored = chat.messages.get(message_id)
        if stored is None or stored.from_bot:
            raise LookupError(f"no user message {message_id} in chat {user_id}")
        stored.data["text"] = text
        stored.data["edit_date"] = self._now_date()
        update = self._enqueue({"edited_message": stored.snapshot()})
        await self._notify()
        return update

    async def send_group_text(self, chat_id: int, user_id: int, text: str, title: str = "Group") -> dict[str, Any]:
        self.group(chat_id, title)
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = _command_entities(text)
        return await self._user_sends(user_id, content, chat_id=chat_id)

    async def send_location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        return await self._user_sends(
            user_id, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    async def send_sticker(self, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        sticker = {
            **self._new_file("sticker"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._user_sends(user_id, {"sticker": sticker})

    async def send_photo(self, user_id: int, caption: str | None = None) -> dict[str, Any]:
        content: dict[str, Any] = {"photo": self._photo_sizes()}
        if caption is not None:
            content["caption"] = caption
        return await self._user_sends(user_id, content)

    async def send_voice(self, user_id: int, duration: int = 3) -> dict[str, Any]:
        voice = {**self._new_file("voice"), "duration": duration, "mime_type": "audio/ogg"}
        return await self._user_sends(user_id, {"voice": voice})

    async def press(
        self, user_id: int, message_id: int, callback_data: str, chat_id: int | None = None
    ) -> str:
        """The user presses a button carrying ``callback_data``; returns the query id."""
        sender = self.user(user_id)
        target_chat = user_id if chat_id is None else chat_id
        stored = self._bot_message(target_chat, message_id)
        if stored is None:
            raise LookupError(f"no live bot message {message_id} in chat {target_chat}")
        self._last_query_id += 1
        query_id = str(4_000_000_000 + self._last_query_id)
        self._callback_queries[query_id] = _CallbackQuery(target_chat, message_id, callback_data)
        query = {
            "id": query_id,
            "from": sender.to_dict(),
            "message": stored.snapshot(),
            "chat_instance": str(target_chat * 7 + 13),
            "data": callback_data,
        }
        self._enqueue({"callback_query": query})
        await self._notify()
        return query_id

    async def press_button(
        self, user_id: int, message_id: int, text_or_index: str | int, chat_id: int | None = None
    ) -> str:
        """Press the button with this text (or flat index) on the bot's message."""
        target_chat = user_id if chat_id is None else chat_id
        stored = self._bot_message(target_chat, message_id)
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

    # ------------------------------------------------------------------ inspection
    def sent(self, chat_id: int) -> list[SentMessage]:
        """What the bot sent to the chat, in order, in its current state."""
        chat = self._chats.get(chat_id)
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
        chat = self._chats.get(chat_id)
        return list(chat.events) if chat else []

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        """Params of every call of ``method`` (case-insensitive)."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    def callback_answers(self, query_id: str) -> dict[str, Any] | None:
        query = self._callback_queries.get(query_id)
        return None if query is None else query.answer

    answered = callback_answers

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Commands set for the default scope and no language."""
        return copy.deepcopy(self._commands.get(_commands_key(None, None), []))

    def commands_for(self, scope: dict[str, Any] | None, language_code: str | None = None) -> list[dict[str, Any]]:
        return copy.deepcopy(self._commands.get(_commands_key(scope, language_code), []))

    @property
    def webhook(self) -> dict[str, Any]:
        """Current webhook like getWebhookInfo, plus the secret; url is "" when none is set."""
        hook = self._webhook
        return {
            "url": hook.url if hook else "",
            "secret_token": hook.secret_token if hook else None,
            "allowed_updates": list(hook.allowed_updates or []) if hook else [],
            "max_connections": hook.max_connections if hook else None,
            "pending_update_count": len(self._pending),
        }

    def on_bot_call(self, listener: BotCallListener) -> Callable[[], None]:
        """Call ``listener(BotCall)`` after every bot request; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def wait_for(self, predicate: Predicate, timeout: float = 5.0) -> Any:
        """Wait until ``predicate(self)`` is truthy (re-checked after every change); return it.

        A predicate raising LookupError (``api.last(chat)`` before anything was sent) counts
        as "not yet".
        """

        async def until_true() -> Any:
            async with self._changed:
                while True:
                    result = _evaluate(predicate, self)
                    if result:
                        return result
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(until_true(), timeout)
        except TimeoutError:
            recent = [name for name, _ in self.calls[-10:]]
            raise TimeoutError(f"condition not met within {timeout} s; last bot calls: {recent}") from None

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until the bot sent at least ``count`` messages to the chat; return them all."""
        await self.wait_for(lambda api: len(api.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    # ------------------------------------------------------------------ faults (shortcuts)
    def rate_limit_next(self, method: str | None, retry_after: int, times: int = 1) -> None:
        self.faults.rate_limit_next(method, retry_after, times)

    def block(self, user_id: int) -> None:
        self.faults.block(user_id)

    def unblock(self, user_id: int) -> None:
        self.faults.unblock(user_id)

    def slow(self, method: str | None, seconds: float) -> None:
        self.faults.slow(method, seconds)

    def set_flood_limits(self, global_per_s: float | None, per_chat_per_s: float | None) -> None:
        self.faults.set_flood_limits(global_per_s, per_chat_per_s)

    # ------------------------------------------------------------------ bot messages
    def _bot_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        chat = self._chats.get(chat_id)
        stored = chat.messages.get(message_id) if chat else None
        if stored is None or stored.deleted or not stored.from_bot:
            return None
        return stored

    def _parse(self, text: str, parse_mode: str | None) -> ParsedText:
        return parse_text(text, parse_mode, self.strict_html_ampersand)

    def _record_bot_message(
        self,
        method: str,
        chat: ChatState,
        kind: MessageKind,
        content: dict[str, Any],
        parsed: ParsedText | None,
        params: dict[str, Any],
    ) -> BotCall:
        message_id = chat.next_message_id()
        markup = params.get("reply_markup")
        data: dict[str, Any] = {
            "message_id": message_id,
            "from": self.bot_user,
            "chat": copy.deepcopy(chat.chat),
            "date": self._now_date(),
            **content,
        }
        inline = echoed_markup(markup)
        if inline is not None:
            data["reply_markup"] = inline
        parse_mode = as_str(params.get("parse_mode"))
        raw = as_str(params.get("text" if kind == "text" else "caption"))
        sent = make_sent_message(
            message_id, int(chat.chat["id"]), kind, parsed.plain if parsed else None, raw, parse_mode, markup
        )
        chat.messages[message_id] = StoredMessage(data, from_bot=True, sent=sent)
        chat.sent.append(sent)
        self._log_event(chat, "send", method, params, message_id)
        return BotCall(method, params, True, result=copy.deepcopy(data), chat_id=sent.chat_id, message=sent)

    def _log_event(
        self, chat: ChatState, kind: EventKind, method: str, params: dict[str, Any], message_id: int | None
    ) -> None:
        chat_id = int(chat.chat["id"])
        chat.events.append(Event(kind, method, self._time_source(), chat_id, params, message_id))

    def _text_with_entities(self, parsed: ParsedText, field_name: str) -> dict[str, Any]:
        """``{text|caption: plain, entities|caption_entities: list or None}``."""
        entities_key = "entities" if field_name == "text" else "caption_entities"
        return {field_name: parsed.plain or None, entities_key: parsed.entities or None}

    async def _send_message(self, params: dict[str, Any]) -> BotCall:
        chat = self._chat_for_bot(params)
        text = params.get("text")
        if not isinstance(text, str):
            raise bad_request("message text is empty")
        parsed = self._parse(text, as_str(params.get("parse_mode")))
        check_message_text(parsed)
        check_reply_markup(params.get("reply_markup"))
        self.faults.check_flood("sendmessage", int(chat.chat["id"]))
        content = _drop_none(self._text_with_entities(parsed, "text"))
        return self._record_bot_message("sendMessage", chat, "text", content, parsed, params)

    def _parsed_caption(self, params: dict[str, Any]) -> ParsedText | None:
        caption = params.get("caption")
        if caption is None:
            return None
        parsed = self._parse(str(caption), as_str(params.get("parse_mode")))
        check_caption(parsed)
        return parsed

    def _new_file(self, prefix: str) -> dict[str, Any]:
        self._last_file_id += 1
        return {
            "file_id": f"standin-{prefix}-{self._last_file_id}",
            "file_unique_id": f"u{prefix}{self._last_file_id}",
            "file_size": 1024,
        }

    def _photo_sizes(self) -> list[dict[str, Any]]:
        return [{**self._new_file("photo"), "width": 320, "height": 240}]

    async def _send_media(self, method: str, kind: MessageKind, params: dict[str, Any]) -> BotCall:
        chat = self._chat_for_bot(params)
        field_name = "photo" if kind == "photo" else "document"
        media = params.get(field_name)
        if media is None or media == "":
            raise bad_request(f"there is no {field_name} in the request")
        parsed = self._parsed_caption(params)
        check_reply_markup(params.get("reply_markup"))
        self.faults.check_flood(method.lower(), int(chat.chat["id"]))
        content: dict[str, Any]
        if kind == "photo":
            content = {"photo": self._photo_sizes()}
        else:
            filename = media.filename if isinstance(media, UploadedFile) else None
            mime = media.content_type if isinstance(media, UploadedFile) else None
            document = self._new_file("document")
            document["file_name"] = filename or "file"
            document["mime_type"] = mime or "application/octet-stream"
            content = {"document": document}
        if parsed is not None:
            content.update(_drop_none(self._text_with_entities(parsed, "caption")))
        return self._record_bot_message(method, chat, kind, content, parsed, params)

    async def _send_photo(self, params: dict[str, Any]) -> BotCall:
        return await self._send_media("sendPhoto", "photo", params)

    async def _send_document(self, params: dict[str, Any]) -> BotCall:
        return await self._send_media("sendDocument", "document", params)

    def _message_to_change(self, params: dict[str, Any], missing: str) -> tuple[ChatState, StoredMessage]:
        if params.get("inline_message_id"):
            raise bad_request(missing)  # the stand-in has no inline messages
        chat = self._chat_for_bot(params)
        message_id = as_int(params, "message_id", missing="message identifier is not specified")
        assert message_id is not None
        stored = self._bot_message(int(chat.chat["id"]), message_id)
        if stored is None or stored.sent is None:
            raise bad_request(missing)
        return chat, stored

    def _apply_edit(
        self,
        method: str,
        chat: ChatState,
        stored: StoredMessage,
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        params: dict[str, Any],
    ) -> BotCall:
        """Refuse no-op edits like Telegram, else update the stored message."""
        new_inline = echoed_markup(markup)
        unchanged = all(stored.data.get(key) == value for key, value in content.items())
        if unchanged and stored.data.get("reply_markup") == new_inline:
            raise bad_request(_NOT_MODIFIED)
        for key, value in content.items():
            if value is None:
                stored.data.pop(key, None)
            else:
                stored.data[key] = value
        if new_inline is None:
            stored.data.pop("reply_markup", None)
        else:
            stored.data["reply_markup"] = new_inline
        stored.data["edit_date"] = self._now_date()
        sent = stored.sent
        assert sent is not None
        sent.reply_markup = copy.deepcopy(markup)
        sent.buttons = inline_buttons(markup)
        sent.edits += 1
        self._log_event(chat, "edit", method, params, stored.message_id)
        return BotCall(method, params, True, result=stored.snapshot(), chat_id=sent.chat_id, message=sent)

    async def _edit_message_text(self, params: dict[str, Any]) -> BotCall:
        chat, stored = self._message_to_change(params, "message to edit not found")
        if stored.sent is None or stored.sent.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text = params.get("text")
        if not isinstance(text, str):
            raise bad_request("message text is empty")
        parse_mode = as_str(params.get("parse_mode"))
        parsed = self._parse(text, parse_mode)
        check_message_text(parsed)
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        content = self._text_with_entities(parsed, "text")
        call = self._apply_edit("editMessageText", chat, stored, content, markup, params)
        stored.sent.text, stored.sent.html, stored.sent.parse_mode = parsed.plain, text, parse_mode
        call.result = stored.snapshot()
        return call

    async def _edit_message_caption(self, params: dict[str, Any]) -> BotCall:
        chat, stored = self._message_to_change(params, "message to edit not found")
        if stored.sent is None or stored.sent.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        parsed = self._parsed_caption(params) or ParsedText("")
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        content = self._text_with_entities(parsed, "caption")
        call = self._apply_edit("editMessageCaption", chat, stored, content, markup, params)
        assert stored.sent is not None
        stored.sent.caption = parsed.plain
        stored.sent.html = as_str(params.get("caption"))
        call.result = stored.snapshot()
        return call

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> BotCall:
        chat, stored = self._message_to_change(params, "message to edit not found")
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        return self._apply_edit("editMessageReplyMarkup", chat, stored, {}, markup, params)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat_for_bot(params)
        message_id = as_int(params, "message_id", missing="message identifier is not specified")
        stored = chat.messages.get(message_id or 0)
        if stored is None or stored.deleted:
            raise bad_request("message to delete not found")
        stored.deleted = True
        if stored.sent is not None:
            stored.sent.deleted = True
        self._log_event(chat, "delete", "deleteMessage", params, message_id)
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query = self._callback_queries.get(str(params.get("callback_query_id", "")))
        if query is None or query.answer is not None:
            raise bad_request(_QUERY_TOO_OLD)
        text = as_str(params.get("text"))
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = dict(params)
        chat = self._chats.get(query.chat_id)
        if chat is not None:
            self._log_event(chat, "callback_answer", "answerCallbackQuery", params, query.message_id)
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        chat = self._chat_for_bot(params)
        if not params.get("action"):
            raise bad_request("wrong parameter action in request")
        self._log_event(chat, "chat_action", "sendChatAction", params, None)
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return get_me_dict(self.bot_id, self.bot_name, self.bot_username)

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_for_bot(params)
        return {**copy.deepcopy(chat.chat), "accent_color_id": 0, "max_reaction_count": 11}

    async def _return_true(self, params: dict[str, Any]) -> bool:
        return True

    # ------------------------------------------------------------------ commands, menu
    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            _check_command(command)
        key = _commands_key(params.get("scope"), as_str(params.get("language_code")))
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands_for(params.get("scope"), as_str(params.get("language_code")))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(_commands_key(params.get("scope"), as_str(params.get("language_code"))), None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if params.get("chat_id") in (None, ""):
            self._default_menu_button = button
        else:
            self._chat_for_bot(params).menu_button = button
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("chat_id") in (None, ""):
            return self._default_menu_button
        return self._chat_for_bot(params).menu_button or self._default_menu_button

    # ------------------------------------------------------------------ webhook
    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = as_str(params.get("url")) or ""
        if as_bool(params.get("drop_pending_updates", False)):
            self._pending.clear()
        if not url:
            await self._remove_webhook()
            return True
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = as_str(params.get("secret_token"))
        if secret is not None and not _valid_secret(secret):
            raise bad_request("secret token contains unallowed characters")
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or [])
        await self._stop_webhook_worker()
        self._webhook = WebhookConfig(
            url=url,
            secret_token=secret,
            allowed_updates=self._allowed_updates,
            max_connections=as_int(params, "max_connections") or 40,
        )
        self._wake_pollers()  # a waiting getUpdates returns, as Telegram ends it
        self._webhook_task = asyncio.create_task(self._deliver_webhook_updates())
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if as_bool(params.get("drop_pending_updates", False)):
            self._pending.clear()
        await self._remove_webhook()
        return True

    async def _remove_webhook(self) -> None:
        await self._stop_webhook_worker()
        self._webhook = None

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook.max_connections
            info["ip_address"] = "127.0.0.1"
            if self._webhook.allowed_updates:
                info["allowed_updates"] = self._webhook.allowed_updates
        return info

    async def _deliver_webhook_updates(self) -> None:
        """Push pending updates in order, one at a time; failures are recorded, not retried."""
        while not self._closing and self._webhook is not None:
            batch = self._deliverable(1, self._allowed_updates)
            if not batch:
                await self._update_arrived.wait()
                continue
            update = batch[0]
            status = await self._post_update(self._webhook.url, update, self._webhook.secret_token)
            self._pending = [u for u in self._pending if u["update_id"] != update["update_id"]]
            self.webhook_deliveries.append((int(update["update_id"]), status))
            await self._notify()

    async def _post_update(self, url: str, update: dict[str, Any], secret: str | None) -> int:
        """POST one update; the HTTP status, or 0 when the bot could not be reached."""
        if self._client is None:
            return 0
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        try:
            async with self._client.post(url, json=update, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
            logger.info("standin: webhook push of update %s failed", update.get("update_id"))
            return 0

    async def push_raw(self, update: dict[str, Any], secret: str | None = None, url: str | None = None) -> int:
        """POST ``update`` to the webhook URL (or ``url``) with ``secret`` as is; the status."""
        target = url or (self._webhook.url if self._webhook else None)
        if target is None:
            raise RuntimeError("no webhook set and no url given")
        return await self._post_update(target, update, secret)


def _evaluate(predicate: Predicate, api: BotApiStandin) -> Any:
    try:
        return predicate(api)
    except LookupError:
        return None


def _command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def _commands_key(scope: Any, language_code: str | None) -> tuple[str, str]:
    return json.dumps(scope or _DEFAULT_SCOPE, sort_keys=True), language_code or ""


def _check_command(command: Any) -> None:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    name = command.get("command")
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or not all(
        c.islower() or c.isdigit() or c == "_" for c in name
    ):
        raise bad_request("BOT_COMMAND_INVALID")
    description = command.get("description")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("command description is empty" if not description else "BOT_COMMAND_DESCRIPTION_INVALID")


def _valid_secret(secret: str) -> bool:
    return 1 <= len(secret) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)


def _drop_none(content: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in content.items() if value is not None}
