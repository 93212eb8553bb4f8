"""Running the bot for real (polling or webhook) and the operator's one-shot commands."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from bot.app import build_application, open_services, running
from bot.logs import setup_logging
from bot.stopping import StopRequest
from core.settings import Settings
from core.types import App
from store import StoreError, export_data_dir

logger = logging.getLogger(__name__)

EXIT_FAILURE = 1
LOCAL_LOG_NAME = "local-mode.log"
# Long-poll time of getUpdates (PTB's run_polling default).
POLL_TIMEOUT_S = 10


def run(settings: Settings, stop: StopRequest | None = None, lang: str | None = None) -> int:
    """Serve until SIGINT/SIGTERM, then stop within the grace period (see `bot.app.running`)."""
    if stop is None:
        stop = StopRequest()
        stop.install()
    if settings.local_mode:
        stop.uninstall()
        # Only here: production never loads the stand-in (aiohttp server, fake Telegram).
        from bot.local import run_local

        # The terminal is the chat; logs would interleave with it, so they go to a file.
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open(settings.data_dir / LOCAL_LOG_NAME, "a", encoding="utf-8") as log_file:
            setup_logging(settings.log_level, settings.bot_token, log_file, settings.log_format)
            return run_local(settings, sys.stdin, sys.stdout, lang)
    setup_logging(settings.log_level, settings.bot_token, log_format=settings.log_format)
    try:
        svc = open_services(settings)
    except StoreError as exc:
        print(f"cramp-coach: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    if stop.requested:  # stopped while the store was opening: nothing was fetched yet
        svc.store.close()
        logger.info("stopped during start-up; store closed")
        return 0
    app = build_application(settings, svc)
    return asyncio.run(serve(app, settings, stop))


async def serve(app: App, settings: Settings, stop: StopRequest) -> int:
    stop.attach(asyncio.get_running_loop())
    webhook = settings.webhook if settings.mode == "webhook" else None
    if webhook is not None:
        logger.info("starting in webhook mode on %s:%s", webhook.listen, webhook.port)
    else:
        logger.info("starting in polling mode")
    async with running(app, poll_timeout=POLL_TIMEOUT_S, webhook=webhook):
        await stop.wait()
        logger.info("stop signal received")
    return 0


def export_data(settings: Settings, path: Path) -> int:
    """Write a consistent snapshot of every user's data to `path` (for backups)."""

    try:
        count = export_data_dir(settings.data_dir, path)
    except StoreError as exc:
        print(f"cramp-coach: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"exported {count} users to {path}")
    return 0
