"""What the stand-in tests share: the token and user, a clock that moves when told, a keyboard."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

TOKEN = "424242:standin-test-token"
USER = 7001


class FakeTime:
    """A monotonic clock that moves only when told to (flood windows)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])
