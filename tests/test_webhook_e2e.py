"""Webhook mode end to end: the stand-in pushes updates with the secret header."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from bot.app import build_application, open_services, running
from core.clock import FakeClock
from core.settings import Settings, WebhookSettings
from standin import BotApiStandin
from tests.harness import BotHarness

SECRET = "hook-secret_42"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def webhook_bot(standin: BotApiStandin, settings: Settings, clock: FakeClock) -> AsyncIterator[BotHarness]:
    port = _free_port()
    hook = WebhookSettings(url=f"http://127.0.0.1:{port}/tg/hook", listen="127.0.0.1", port=port, secret_token=SECRET)
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app, webhook=hook):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)


async def test_webhook_is_set_with_secret_and_updates_are_served(webhook_bot: BotHarness) -> None:
    assert webhook_bot.api.webhook["url"].endswith("/tg/hook")
    reply = await webhook_bot.start()
    assert "Cramp Coach" in reply.text


@pytest.mark.parametrize("secret", ["wrong-secret", None])
async def test_wrong_or_missing_secret_is_refused_and_not_processed(
    webhook_bot: BotHarness, secret: str | None
) -> None:
    api = webhook_bot.api
    api.user(webhook_bot.USER_ID)
    update = {
        "update_id": 990001,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "chat": {"id": webhook_bot.USER_ID, "type": "private", "first_name": "User"},
            "from": {"id": webhook_bot.USER_ID, "is_bot": False, "first_name": "User"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    status = await api.push_raw(update, secret=secret)
    assert status == 403
    # Prove the refused update was not processed: a real one afterwards is the first answer.
    reply = await webhook_bot.say("/help")
    assert "How I can help" in reply.text
    assert len(api.sent(webhook_bot.USER_ID)) == 1
