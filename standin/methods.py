"""The Bot API methods about chats and messages, checked by Telegram's rules.

Each method takes the request's parameters and returns its result, or a ``BotCall`` when
the call produced a message; errors are raised as ``ApiError``. Polling and the webhook
are in ``standin.updates``.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

from standin.faults import Faults, blocked_by_user
from standin.models import BotCall, ChatState, MessageKind, StoredMessage, echoed_markup, get_me_dict, make_sent_message
from standin.params import UploadedFile, as_bool, as_int, as_str
from standin.rules import (
    MAX_CALLBACK_ANSWER_LENGTH,
    ParsedText,
    bad_request,
    check_caption,
    check_message_text,
    check_reply_markup,
    inline_buttons,
    parse_text,
)
from standin.world import World, commands_key

Handler = Callable[[dict[str, Any]], Awaitable[Any]]

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


class BotMethods:
    """Chat and message methods of the Bot API over one ``World``."""

    def __init__(self, world: World, faults: Faults, *, strict_html_ampersand: bool = True) -> None:
        self.world = world
        self.faults = faults
        self.strict_html_ampersand = strict_html_ampersand

    def table(self) -> dict[str, Handler]:
        return {
            "getMe": self.get_me,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendChatAction": self.send_chat_action,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
            "getChat": self.get_chat,
            "close": self.return_true,
            "logOut": self.return_true,
            "setMyDescription": self.set_my_description,
            "getMyDescription": self.get_my_description,
            "setMyShortDescription": self.set_my_short_description,
            "getMyShortDescription": self.get_my_short_description,
            "setMyName": self.return_true,
        }

    # --- helpers ----------------------------------------------------------------------
    def chat_for_bot(self, params: dict[str, Any]) -> ChatState:
        """The chat a bot call is about; unknown → 400, blocked → 403, like Telegram."""
        chat_id = self.world.resolve_chat_id(params)
        chat = self.world.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if self.faults.is_blocked(chat_id):
            raise blocked_by_user()
        return chat

    def _parse(self, text: str, parse_mode: str | None) -> ParsedText:
        return parse_text(text, parse_mode, self.strict_html_ampersand)

    def _parsed_caption(self, params: dict[str, Any]) -> ParsedText | None:
        caption = params.get("caption")
        if caption is None:
            return None
        parsed = self._parse(str(caption), as_str(params.get("parse_mode")))
        check_caption(parsed)
        return parsed

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
            "from": self.world.bot_user,
            "chat": copy.deepcopy(chat.chat),
            "date": self.world.now_date(),
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
        self.world.log_event(chat, "send", method, params, message_id)
        return BotCall(method, params, True, result=copy.deepcopy(data), chat_id=sent.chat_id, message=sent)

    # --- sending ----------------------------------------------------------------------
    async def send_message(self, params: dict[str, Any]) -> BotCall:
        chat = self.chat_for_bot(params)
        text = params.get("text")
        if not isinstance(text, str):
            raise bad_request("message text is empty")
        parsed = self._parse(text, as_str(params.get("parse_mode")))
        check_message_text(parsed)
        check_reply_markup(params.get("reply_markup"))
        self.faults.check_flood("sendmessage", int(chat.chat["id"]), as_bool(params.get("allow_paid_broadcast")))
        content = _drop_none(_text_with_entities(parsed, "text"))
        return self._record_bot_message("sendMessage", chat, "text", content, parsed, params)

    async def _send_media(self, method: str, kind: MessageKind, params: dict[str, Any]) -> BotCall:
        chat = self.chat_for_bot(params)
        field_name = "photo" if kind == "photo" else "document"
        media = params.get(field_name)
        if media is None or media == "":
            raise bad_request(f"there is no {field_name} in the request")
        parsed = self._parsed_caption(params)
        check_reply_markup(params.get("reply_markup"))
        self.faults.check_flood(method.lower(), int(chat.chat["id"]), as_bool(params.get("allow_paid_broadcast")))
        content: dict[str, Any]
        if kind == "photo":
            content = {"photo": self.world.photo_sizes()}
        else:
            filename = media.filename if isinstance(media, UploadedFile) else None
            mime = media.content_type if isinstance(media, UploadedFile) else None
            document = self.world.new_file("document")
            document["file_name"] = filename or "file"
            document["mime_type"] = mime or "application/octet-stream"
            content = {"document": document}
        if parsed is not None:
            content.update(_drop_none(_text_with_entities(parsed, "caption")))
        return self._record_bot_message(method, chat, kind, content, parsed, params)

    async def send_photo(self, params: dict[str, Any]) -> BotCall:
        return await self._send_media("sendPhoto", "photo", params)

    async def send_document(self, params: dict[str, Any]) -> BotCall:
        return await self._send_media("sendDocument", "document", params)

    # --- editing ----------------------------------------------------------------------
    def _message_to_change(self, params: dict[str, Any], missing: str) -> tuple[ChatState, StoredMessage]:
        if params.get("inline_message_id"):
            raise bad_request(missing)  # the stand-in has no inline messages
        chat = self.chat_for_bot(params)
        message_id = as_int(params, "message_id", missing="message identifier is not specified")
        assert message_id is not None
        stored = self.world.bot_message(int(chat.chat["id"]), message_id)
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
        stored.data["edit_date"] = self.world.now_date()
        sent = stored.sent
        assert sent is not None
        sent.reply_markup = copy.deepcopy(markup)
        sent.buttons = inline_buttons(markup)
        sent.edits += 1
        self.world.log_event(chat, "edit", method, params, stored.message_id)
        return BotCall(method, params, True, result=stored.snapshot(), chat_id=sent.chat_id, message=sent)

    async def edit_message_text(self, params: dict[str, Any]) -> BotCall:
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
        content = _text_with_entities(parsed, "text")
        call = self._apply_edit("editMessageText", chat, stored, content, markup, params)
        stored.sent.text, stored.sent.html, stored.sent.parse_mode = parsed.plain, text, parse_mode
        call.result = stored.snapshot()
        return call

    async def edit_message_caption(self, params: dict[str, Any]) -> BotCall:
        chat, stored = self._message_to_change(params, "message to edit not found")
        if stored.sent is None or stored.sent.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        parsed = self._parsed_caption(params) or ParsedText("")
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        content = _text_with_entities(parsed, "caption")
        call = self._apply_edit("editMessageCaption", chat, stored, content, markup, params)
        assert stored.sent is not None
        stored.sent.caption = parsed.plain
        stored.sent.html = as_str(params.get("caption"))
        call.result = stored.snapshot()
        return call

    async def edit_message_reply_markup(self, params: dict[str, Any]) -> BotCall:
        chat, stored = self._message_to_change(params, "message to edit not found")
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        return self._apply_edit("editMessageReplyMarkup", chat, stored, {}, markup, params)

    async def delete_message(self, params: dict[str, Any]) -> bool:
        chat = self.chat_for_bot(params)
        message_id = as_int(params, "message_id", missing="message identifier is not specified")
        stored = chat.messages.get(message_id or 0)
        if stored is None or stored.deleted:
            raise bad_request("message to delete not found")
        stored.deleted = True
        if stored.sent is not None:
            stored.sent.deleted = True
        self.world.log_event(chat, "delete", "deleteMessage", params, message_id)
        return True

    # --- callbacks, actions, chats ----------------------------------------------------
    async def answer_callback_query(self, params: dict[str, Any]) -> bool:
        query = self.world.callback_queries.get(str(params.get("callback_query_id", "")))
        if query is None or query.answer is not None or self.faults.queries_expire:
            raise bad_request(_QUERY_TOO_OLD)
        text = as_str(params.get("text"))
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = dict(params)
        chat = self.world.chats.get(query.chat_id)
        if chat is not None:
            self.world.log_event(chat, "callback_answer", "answerCallbackQuery", params, query.message_id)
        return True

    async def send_chat_action(self, params: dict[str, Any]) -> bool:
        chat = self.chat_for_bot(params)
        if not params.get("action"):
            raise bad_request("wrong parameter action in request")
        self.world.log_event(chat, "chat_action", "sendChatAction", params, None)
        return True

    async def get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return get_me_dict(self.world.bot_id, self.world.bot_name, self.world.bot_username)

    async def get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self.chat_for_bot(params)
        return {**copy.deepcopy(chat.chat), "accent_color_id": 0, "max_reaction_count": 11}

    async def return_true(self, params: dict[str, Any]) -> bool:
        return True

    # --- the bot's description, per language (Telegram: up to 512 and 120 characters) ----------
    async def set_my_description(self, params: dict[str, Any]) -> bool:
        _set_described(self.world.descriptions, params, "description", 512)
        return True

    async def get_my_description(self, params: dict[str, Any]) -> dict[str, str]:
        return {"description": self.world.descriptions.get(as_str(params.get("language_code")) or "", "")}

    async def set_my_short_description(self, params: dict[str, Any]) -> bool:
        _set_described(self.world.short_descriptions, params, "short_description", 120)
        return True

    async def get_my_short_description(self, params: dict[str, Any]) -> dict[str, str]:
        return {"short_description": self.world.short_descriptions.get(as_str(params.get("language_code")) or "", "")}

    # --- commands, menu ---------------------------------------------------------------
    async def set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            _check_command(command)
        key = commands_key(params.get("scope"), as_str(params.get("language_code")))
        self.world.commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    async def get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.world.commands_for(params.get("scope"), as_str(params.get("language_code")))

    async def delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.world.commands.pop(commands_key(params.get("scope"), as_str(params.get("language_code"))), None)
        return True

    async def set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if params.get("chat_id") in (None, ""):
            self.world.default_menu_button = button
        else:
            self.chat_for_bot(params).menu_button = button
        return True

    async def get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("chat_id") in (None, ""):
            return self.world.default_menu_button
        return self.chat_for_bot(params).menu_button or self.world.default_menu_button


def _text_with_entities(parsed: ParsedText, field_name: str) -> dict[str, Any]:
    """``{text|caption: plain, entities|caption_entities: list or None}``."""
    entities_key = "entities" if field_name == "text" else "caption_entities"
    return {field_name: parsed.plain or None, entities_key: parsed.entities or None}


def _set_described(texts: dict[str, str], params: dict[str, Any], field: str, limit: int) -> None:
    """Store (or, when empty, remove) a description for one language code, within Telegram's limit."""
    text = as_str(params.get(field)) or ""
    if len(text) > limit:
        raise bad_request(f"{field.upper()}_INVALID")
    language = as_str(params.get("language_code")) or ""
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)


def _check_command(command: Any) -> None:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    name = command.get("command")
    if (
        not isinstance(name, str)
        or not 1 <= len(name) <= 32
        or not all(c.islower() or c.isdigit() or c == "_" for c in name)
    ):
        raise bad_request("BOT_COMMAND_INVALID")
    description = command.get("description")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("command description is empty" if not description else "BOT_COMMAND_DESCRIPTION_INVALID")


def _drop_none(content: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in content.items() if value is not None}
