"""Telegram's validation rules: HTML entity parsing, text limits, inline keyboards.

Error texts are copied from what api.telegram.org answers, so a bot that passes the
stand-in also passes Telegram. The HTML parser follows tdlib's ``parse_html`` (the code
behind the Bot API): byte offsets are UTF-8 offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200

# tag name -> Telegram entity type (span is special: needs class="tg-spoiler")
_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}

_NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NUMERIC_ENTITY = re.compile(r"#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}))")

# Inline keyboard buttons need exactly one of these "action" fields.
_INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description, optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """A 400 answer; ``reason`` is the part after "Bad Request: "."""
    return ApiError(400, f"Bad Request: {reason}")


def _entity_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


@dataclass
class ParsedText:
    """Text as Telegram stores it: plain text plus entities (UTF-16 offsets)."""

    plain: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    entity_type: str
    utf16_start: int
    attributes: dict[str, str]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode an HTML entity starting at ``text[pos] == '&'``: (char, index after ';')."""
    end = text.find(";", pos + 1, pos + 12)
    if end == -1:
        return None
    body = text[pos + 1 : end]
    if body in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[body], end + 1
    match = _NUMERIC_ENTITY.fullmatch(body)
    if match is None:
        return None
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), end + 1


class _HtmlParser:
    """One pass over the text, the way tdlib walks it."""

    def __init__(self, text: str, strict_ampersand: bool) -> None:
        self.text = text
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.utf16_pos = 0
        self.open_tags: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.text[:index].encode("utf-8"))

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.utf16_pos += _utf16_len(chunk)

    def parse(self) -> ParsedText:
        i = 0
        text = self.text
        while i < len(text):
            char = text[i]
            if char == "&":
                i = self.read_ampersand(i)
            elif char == "<":
                i = self.read_end_tag(i) if text.startswith("</", i) else self.read_start_tag(i)
            else:
                self.emit(char)
                i += 1
        if self.open_tags:
            name = self.open_tags[-1].name
            raise _entity_error(f"Can't find end tag corresponding to start tag {name}")
        return ParsedText("".join(self.out), sorted(self.entities, key=lambda e: e["offset"]))

    def read_ampersand(self, i: int) -> int:
        decoded = _decode_entity(self.text, i)
        if decoded is not None:
            self.emit(decoded[0])
            return decoded[1]
        if self.strict_ampersand:
            # Telegram itself keeps a stray "&" literally; we refuse it because it always
            # means user text that skipped html.escape (and the next "<" would break).
            raise _entity_error(f'Character "&" at byte offset {self.byte_offset(i)} must be escaped as "&amp;"')
        self.emit("&")
        return i + 1

    def read_start_tag(self, begin: int) -> int:
        text = self.text
        i = begin + 1
        while i < len(text) and not text[i].isspace() and text[i] != ">":
            i += 1
        if i >= len(text):
            raise _entity_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = text[begin + 1 : i].lower()
        if name not in _HTML_TAGS:
            raise _entity_error(f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}')
        attributes, i = self.read_attributes(name, begin, i)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise _entity_error(f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}')
        self.open_tags.append(_OpenTag(name, _HTML_TAGS[name], self.utf16_pos, attributes))
        return i + 1  # past ">"

    def read_attributes(self, tag: str, begin: int, i: int) -> tuple[dict[str, str], int]:
        """Read ``name="value"`` pairs up to ">"; return them and the index of ">"."""
        text = self.text
        attributes: dict[str, str] = {}
        while True:
            while i < len(text) and text[i].isspace():
                i += 1
            if i >= len(text):
                raise _entity_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if text[i] == ">":
                return attributes, i
            name_start = i
            while i < len(text) and (text[i].isalnum() or text[i] in "-_"):
                i += 1
            attr_name = text[name_start:i].lower()
            while i < len(text) and text[i].isspace():
                i += 1
            if not attr_name or i >= len(text) or text[i] != "=":
                raise _entity_error(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self.byte_offset(begin)}"
                )
            i += 1
            while i < len(text) and text[i].isspace():
                i += 1
            value, i = self.read_attribute_value(tag, begin, i)
            attributes[attr_name] = value

    def read_attribute_value(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        text = self.text
        if i < len(text) and text[i] in "'\"":
            quote = text[i]
            end = text.find(quote, i + 1)
            if end == -1:
                raise _entity_error(f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}')
            raw, after = text[i + 1 : end], end + 1
        else:
            end = i
            while end < len(text) and not text[end].isspace() and text[end] != ">":
                end += 1
            raw, after = text[i:end], end
        return _decode_attribute(raw), after

    def read_end_tag(self, begin: int) -> int:
        text = self.text
        if not self.open_tags:
            raise _entity_error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while i < len(text) and not text[i].isspace() and text[i] != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text) or text[i] != ">":
            raise _entity_error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag = self.open_tags.pop()
        if end_name and end_name != tag.name:
            raise _entity_error(
                f'Unmatched end tag at byte offset {self.byte_offset(begin)}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        self.close_entity(tag)
        return i + 1

    def close_entity(self, tag: _OpenTag) -> None:
        length = self.utf16_pos - tag.utf16_start
        if length <= 0:
            return  # Telegram drops empty entities
        entity: dict[str, Any] = {"type": tag.entity_type, "offset": tag.utf16_start, "length": length}
        if tag.name == "a":
            href = tag.attributes.get("href", "")
            if href.startswith("tg://user?id="):
                entity = {**entity, "type": "text_mention"}
            entity["url"] = href
        elif tag.name == "pre" and "language" in tag.attributes:
            entity["language"] = tag.attributes["language"]
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes.get("emoji-id", "")
        self.entities.append(entity)


def _decode_attribute(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "&":
            decoded = _decode_entity(raw, i)
            if decoded is not None:
                out.append(decoded[0])
                i = decoded[1]
                continue
        out.append(raw[i])
        i += 1
    return "".join(out)


def parse_html(text: str, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram's HTML subset; raise ``ApiError`` (400) as Telegram would."""
    return _HtmlParser(text, strict_ampersand).parse()


def parse_text(text: str, parse_mode: str | None, strict_ampersand: bool = True) -> ParsedText:
    """Plain text and entities of ``text`` under ``parse_mode`` (only HTML is interpreted),
    trimmed of surrounding whitespace as Telegram stores it."""
    if parse_mode is not None and parse_mode.lower() == "html":
        return trim(parse_html(text, strict_ampersand))
    return trim(ParsedText(text))


def trim(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing whitespace and shift or cut the entities to match."""
    left_stripped = parsed.plain.lstrip()
    lead = _utf16_len(parsed.plain) - _utf16_len(left_stripped)
    plain = left_stripped.rstrip()
    total = _utf16_len(plain)
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(plain, entities)


def check_message_text(parsed: ParsedText) -> None:
    """Telegram trims whitespace, then refuses empty and over-long texts."""
    if not parsed.plain.strip():
        raise bad_request("message text is empty")
    if len(parsed.plain) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")


def check_caption(parsed: ParsedText) -> None:
    if len(parsed.plain) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")


def check_reply_markup(markup: Any) -> None:
    """Validate a reply_markup object (already JSON-decoded)."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
    elif not ("remove_keyboard" in markup or "force_reply" in markup):
        raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup JSON object")
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    actions = [name for name in _INLINE_BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of "
            f"{', '.join(_INLINE_BUTTON_ACTIONS)} must be specified, got {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
            raise bad_request("BUTTON_URL_INVALID")


def inline_buttons(markup: dict[str, Any] | None) -> list[list[tuple[str, str | None]]]:
    """Rows of (text, callback_data) of an inline keyboard; [] for anything else."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        [(str(button.get("text", "")), button.get("callback_data")) for button in row]
        for row in markup["inline_keyboard"]
    ]
