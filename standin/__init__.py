"""Local Telegram Bot API stand-in for tests, benchmarks and local mode.

Usage::

    async with BotApiStandin(token="123:abc") as api:
        bot = telegram.Bot(api.token, base_url=api.base_url)
        api.user(7001, first_name="Ana")
        await api.send_command(7001, "/start")
        messages = await api.wait_for_messages(7001, 1)
"""

from standin.faults import Faults, FloodRejection
from standin.models import BotCall, Event, SentMessage, StandinUser
from standin.params import UploadedFile
from standin.rules import ApiError, ParsedText, parse_html
from standin.server import BotApiStandin, WebhookConfig

__all__ = [
    "ApiError",
    "BotApiStandin",
    "BotCall",
    "Event",
    "Faults",
    "FloodRejection",
    "ParsedText",
    "SentMessage",
    "StandinUser",
    "UploadedFile",
    "WebhookConfig",
    "parse_html",
]
