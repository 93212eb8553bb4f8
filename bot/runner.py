"""Running the bot for real (polling or webhook) and the operator's one-shot commands."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from bot.app import ALLOWED_UPDATES, build_application, open_services
from bot.logs import setup_logging
from core.settings import Settings
from store import StoreError, export_data_dir

logger = logging.getLogger(__name__)

EXIT_FAILURE = 1
LOCAL_LOG_NAME = "local-mode.log"


def run(settings: Settings) -> int:
    """Serve until SIGINT/SIGTERM; PTB finishes in-flight updates, then post_shutdown closes the store."""
    if settings.local_mode:
        # Only here: production never loads the stand-in (aiohttp server, fake Telegram).
        from bot.local import run_local

        # The terminal is the chat; logs would interleave with it, so they go to a file.
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open(settings.data_dir / LOCAL_LOG_NAME, "a", encoding="utf-8") as log_file:
            setup_logging(settings.log_level, settings.bot_token, log_file)
            return run_local(settings, sys.stdin, sys.stdout)
    setup_logging(settings.log_level, settings.bot_token)
    try:
        svc = open_services(settings)
    except StoreError as exc:
        print(f"cramp-coach: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    app = build_application(settings, svc)
    if settings.mode == "webhook":
        assert settings.webhook is not None
        logger.info("starting in webhook mode on %s:%s", settings.webhook.listen, settings.webhook.port)
        app.run_webhook(
            listen=settings.webhook.listen,
            port=settings.webhook.port,
            url_path=settings.webhook.path,
            webhook_url=settings.webhook.url,
            secret_token=settings.webhook.secret_token,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        logger.info("starting in polling mode")
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
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
