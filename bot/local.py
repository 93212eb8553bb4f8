"""Local mode: no token needed. The real Application talks to the built-in Bot API stand-in,
and this terminal plays the person: type text or /commands, press buttons by their number.

Works with piped input too (`printf '/start\\n' | make run`): at end of input it waits until the
bot has answered, then shuts down cleanly.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from dataclasses import dataclass, replace
from typing import Any, TextIO

from bot.app import build_application, open_services, running
from core.settings import Settings
from standin import BotApiStandin
from standin.models import BotCall, SentMessage

LOCAL_TOKEN = "100000001:local-mode-token"
LOCAL_USER_ID = 1001
LOCAL_USER_NAME = "friend"
# The bot counts as done answering once it has been silent this long after the last input.
QUIET_SECONDS = 0.4
SILENCE_SECONDS = 3.0
MAX_WAIT_SECONDS = 15.0
# A short long-poll keeps shutdown quick; locally the extra requests cost nothing.
POLL_TIMEOUT_SECONDS = 1

BANNER = """\
Cramp Coach: local mode. This chat runs against a built-in stand-in for Telegram; nothing leaves
this machine. Type a message or a /command; press a button by typing its number. Ctrl-D quits.
Logs go to DATA_DIR/local-mode.log.
To run for real: get a token from @BotFather, then `BOT_TOKEN=123456:ABC... make run`.
"""

_ANSI = {"b": "\033[1m", "strong": "\033[1m", "i": "\033[3m", "em": "\033[3m", "u": "\033[4m"}
_ANSI_RESET = "\033[0m"
_TAG_RE = re.compile(r"<(/?)([a-z-]+)[^>]*>")
LOCATION_QUESTION = "  your location as latitude longitude (e.g. 52.52 13.40): "


@dataclass(frozen=True)
class Choice:
    """A numbered button: an inline one (its callback_data) or one of a reply keyboard, which sends
    its text, or a location when it asks for one (`request_location`)."""

    message_id: int
    data: str | None = None
    text: str = ""
    location: bool = False


def render_html(text: str, ansi: bool) -> str:
    """Telegram HTML to terminal text: emphasis as ANSI styles on a terminal, tags dropped otherwise."""

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2)
        if not ansi or name not in _ANSI:
            return ""
        return _ANSI_RESET if closing else _ANSI[name]

    return html.unescape(_TAG_RE.sub(tag, text))


class TerminalChat:
    """Prints what the bot sends to the local user and remembers the buttons it showed.

    Buttons are numbered across everything the bot showed since the person last typed, so
    after /start the welcome's menu is 1-6 and the question below it continues from 7. A reply
    keyboard's buttons (e.g. "📍 Share my location") are numbered with the message that brings them.
    """

    def __init__(self, out: TextIO, ansi: bool) -> None:
        self._out = out
        self._ansi = ansi
        self.buttons: list[Choice] = []  # numbered from 1
        self._renumber = True
        self.last_activity = time.monotonic()

    def new_turn(self) -> None:
        """The person typed something: the next buttons shown are numbered from 1 again."""
        self._renumber = True

    def on_bot_call(self, call: BotCall) -> None:
        if call.method.lower() not in ("getupdates", "getme"):
            self.last_activity = time.monotonic()
        if not call.ok or call.chat_id not in (None, LOCAL_USER_ID):
            return
        method = call.method.lower()
        if method == "answercallbackquery" and call.params.get("text"):
            self._print(f"  ({call.params['text']})")
        elif call.message is not None and method in ("sendmessage", "sendphoto", "senddocument"):
            self._show(call.message, edited=False)
        elif call.message is not None and method in ("editmessagetext", "editmessagereplymarkup"):
            self._show(call.message, edited=True)

    def _show(self, message: SentMessage, edited: bool) -> None:
        body = message.html if message.parse_mode and message.html else (message.text or message.caption or "")
        lines = [render_html(body, self._ansi)]
        if message.kind != "text":
            lines.insert(0, f"[{message.kind}]")
        if self._renumber:
            self.buttons, self._renumber = [], False
        for row in message.buttons:
            for label, data in row:
                if data is not None:
                    self.buttons.append(Choice(message.message_id, data))
                    lines.append(f"  [{len(self.buttons)}] {label}")
        for button in reply_keyboard(message.reply_markup):
            self.buttons.append(
                Choice(message.message_id, text=button["text"], location=bool(button.get("request_location")))
            )
            lines.append(f"  [{len(self.buttons)}] {button['text']}")
        prefix = "bot (edited): " if edited else "bot: "
        self._print(prefix + "\n".join(lines) + "\n")

    def _print(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()


async def chat_loop(api: BotApiStandin, chat: TerminalChat, stdin: TextIO, out: TextIO) -> None:
    """Read lines until end of input; each line is a message or a button number."""
    while True:
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return
        text = line.strip()
        if not text:
            continue
        if not stdin.isatty():
            out.write(f"you: {text}\n")  # piped input is not echoed by a terminal; keep the transcript readable
        chat.new_turn()
        if text.isdigit() and chat.buttons:
            number = int(text)
            if not 1 <= number <= len(chat.buttons):
                out.write(f"  (no button {number}; there are {len(chat.buttons)})\n")
                continue
            if not await use_button(api, chat.buttons[number - 1], stdin, out):
                continue
        elif text.startswith("/"):
            await api.send_command(LOCAL_USER_ID, text)
        else:
            await api.send_text(LOCAL_USER_ID, text)
        await wait_until_answered(api, chat, sent_at=time.monotonic())


def reply_keyboard(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The buttons of a reply keyboard (Telegram shows them in place of the phone's keyboard)."""
    if not markup or "keyboard" not in markup:
        return []
    return [
        button if isinstance(button, dict) else {"text": str(button)} for row in markup["keyboard"] for button in row
    ]


async def use_button(api: BotApiStandin, choice: Choice, stdin: TextIO, out: TextIO) -> bool:
    """Press an inline button, send a reply button's text, or ask the terminal for the location a
    "Share my location" button would send; False when nothing was sent."""
    if choice.data is not None:
        await api.press(LOCAL_USER_ID, choice.message_id, choice.data)
        return True
    if not choice.location:
        await api.send_text(LOCAL_USER_ID, choice.text)
        return True
    out.write(LOCATION_QUESTION)
    out.flush()
    line = await asyncio.to_thread(stdin.readline)
    if not stdin.isatty():
        out.write(f"{line.strip()}\n")  # piped: keep the transcript readable
    answer = line.replace(",", " ").split()
    try:
        latitude, longitude = (float(number) for number in answer)
    except ValueError:
        out.write("  (two numbers, e.g. 52.52 13.40; or send /location 52.52 13.40)\n")
        return False
    await api.send_location(LOCAL_USER_ID, latitude, longitude)
    return True


async def wait_until_answered(api: BotApiStandin, chat: TerminalChat, sent_at: float) -> None:
    """Wait until the bot has fetched the input, answered it and then stayed quiet for a moment.

    A bot that chooses not to answer at all is given SILENCE_SECONDS before the chat moves on.
    """
    deadline = sent_at + MAX_WAIT_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        now = time.monotonic()
        if api.pending_updates() > 0:
            continue
        answered = chat.last_activity > sent_at
        if (answered and now - chat.last_activity >= QUIET_SECONDS) or now - sent_at >= SILENCE_SECONDS:
            return


async def serve_local(settings: Settings, stdin: TextIO, out: TextIO, lang: str | None = None) -> int:
    """`lang`: the terminal person's Telegram language (`--lang es`), so an operator can try each one."""
    async with BotApiStandin(token=LOCAL_TOKEN) as api:
        api.user(LOCAL_USER_ID, first_name=LOCAL_USER_NAME, language_code=lang)
        local = replace(settings, bot_token=LOCAL_TOKEN, bot_api_url=api.base_url, mode="polling", webhook=None)
        chat = TerminalChat(out, ansi=out.isatty())
        api.on_bot_call(chat.on_bot_call)
        svc = open_services(local)
        if lang is not None and svc.store.get(LOCAL_USER_ID) is not None:
            svc.store.update(LOCAL_USER_ID, {"lang": lang})  # a choice stored by an earlier run yields to --lang
        app = build_application(local, svc)
        out.write(BANNER + "\n")
        out.flush()
        async with running(app, poll_timeout=POLL_TIMEOUT_SECONDS):
            await chat_loop(api, chat, stdin, out)
    return 0


def run_local(settings: Settings, stdin: TextIO, out: TextIO, lang: str | None = None) -> int:
    try:
        return asyncio.run(serve_local(settings, stdin, out, lang))
    except KeyboardInterrupt:
        out.write("\nbye\n")
        return 0
