"""Reading Bot API parameters the way PTB sends them: query, JSON, form or multipart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from standin.rules import bad_request

# Parameters PTB sends JSON-encoded inside form data.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "menu_button",
    }
)


@dataclass
class UploadedFile:
    """A file the bot uploaded in a multipart request."""

    filename: str | None
    content_type: str | None
    size: int
    content: bytes = b""


def as_int(params: dict[str, Any], name: str, missing: str | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if missing is not None:
            raise bad_request(missing)
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _decode_json_params(params: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(params)
    for name in _JSON_PARAMS & decoded.keys():
        value = decoded[name]
        if isinstance(value, str):
            try:
                decoded[name] = json.loads(value) if value else None
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
    return decoded


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query string, JSON body, url-encoded or multipart form: all end up in one dict."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        raw = await request.read()
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if isinstance(body, dict):
                params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                content = value.file.read()
                params[name] = UploadedFile(value.filename, value.content_type, len(content), content)
            else:
                params[name] = value
    return _decode_json_params(params)
