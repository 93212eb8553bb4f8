"""Application assembly: the one place that wires settings, services and feature handlers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import cast
from zoneinfo import ZoneInfo

from telegram.constants import ParseMode, UpdateType
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, Defaults
from telegram.request import BaseRequest

import handlers
from bot.coachbot import CoachBot, http_request
from bot.heartbeat import schedule_heartbeat
from bot.metrics import BotMetrics
from bot.operations import attach_metrics, paid_lane, start_operations, stop_operations
from bot.updates import PerChatUpdateProcessor, UpdateLedger
from bot.webhook import WebhookServer
from core.clock import Clock, SystemClock
from core.services import SERVICES_KEY
from core.settings import Settings, WebhookSettings
from core.types import App
from handlers.i18n import SOURCE_LANG, speaking, supported_languages, tr
from handlers.menu import commands
from handlers.services import AppServices, services
from handlers.texts import common as common_texts
from knowledge import KnowledgeBase
from scheduler import ReminderService
from scheduler.ratelimit import ReminderRateLimiter
from store import UserStore

logger = logging.getLogger(__name__)

# Two, not PTB's one: a long poll cancelled at stop can hold its connection a while, and the
# last getUpdates (which confirms what was handled) must not wait for it.
GET_UPDATES_POOL_SIZE = 2
# A 429 is retried after retry_after this many times before the call gives up.
MAX_RETRIES_AFTER_429 = 5


def open_services(settings: Settings, clock: Clock | None = None) -> AppServices:
    """Open the store and load the knowledge: the parts that outlive a single update."""
    clock = clock or SystemClock()
    store = UserStore.open(settings.data_dir)
    try:
        knowledge = KnowledgeBase.load(settings.data_dir)
    except BaseException:
        store.close()
        raise
    reminders = ReminderService(store, knowledge, clock, settings.default_tz)
    return AppServices(settings=settings, clock=clock, store=store, knowledge=knowledge, reminders=reminders)


def build_application(
    settings: Settings,
    svc: AppServices,
    rate_limiter: ReminderRateLimiter | None = None,
    *,
    request: BaseRequest | None = None,
) -> App:
    """Build the Application for `settings` and register every feature in order.

    The rate limiter keeps all sends within Telegram's limits (30/s overall, 1/s per chat for
    reminders), lets replies overtake queued reminders, and waits out a 429 instead of failing.
    A `request` replaces HTTP (the unit tests record calls with it); the app then has no updater
    and is fed with `process_update`.
    """
    if settings.bot_token is None:
        raise ValueError("build_application needs a token; local mode supplies the stand-in's")
    ledger = UpdateLedger(svc.store)
    metrics = BotMetrics()
    limiter = rate_limiter or ReminderRateLimiter(max_retries=MAX_RETRIES_AFTER_429, paid=paid_lane(settings, svc))
    bot = CoachBot(
        settings.bot_token,
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_api_url.removesuffix("/bot") + "/file/bot",
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=ZoneInfo(settings.default_tz)),
        rate_limiter=limiter,
        request=request or http_request(),
        get_updates_request=request or http_request(pool_size=GET_UPDATES_POOL_SIZE),
        ledger=ledger,
        metrics=metrics,
    )
    processor = PerChatUpdateProcessor(ledger=ledger, metrics=metrics)
    builder = ApplicationBuilder().bot(bot).concurrent_updates(processor)
    if request is not None:
        builder = builder.updater(None)
    # CoachBot is an ExtBot; the App alias names the base type once for everyone.
    app = cast(App, builder.post_init(_post_init).post_shutdown(_post_shutdown).build())
    app.bot_data[SERVICES_KEY] = svc
    attach_metrics(app, metrics, svc, limiter)
    for feature in handlers.FEATURES:
        feature.register(app)
    schedule_heartbeat(app)
    return app


async def _post_init(app: App) -> None:
    svc = services(app)
    svc.started_at = svc.clock.now()
    await set_menus_per_language(app)
    await svc.reminders.start(app)
    await start_operations(app)
    logger.info("bot started as @%s", app.bot.username)


async def set_menus_per_language(app: App) -> None:
    """The command menu, description and short description in each language we speak; English is
    also the default for every language we don't (Telegram picks by the person's app language)."""
    for lang in supported_languages():
        code = None if lang == SOURCE_LANG else lang
        with speaking(lang):
            menu = commands(app.bot_data)
            description, short = tr(common_texts.BOT_DESCRIPTION), tr(common_texts.BOT_SHORT_DESCRIPTION)
        await app.bot.set_my_commands(menu, language_code=code)
        await app.bot.set_my_description(description, language_code=code)
        await app.bot.set_my_short_description(short, language_code=code)


async def _post_shutdown(app: App) -> None:
    svc = services(app)
    await stop_operations(app)
    await svc.reminders.stop()
    svc.store.close()
    logger.info("bot stopped; store closed")


# Only what some handler reads: Telegram then never holds (or sends) anything else.
ALLOWED_UPDATES: list[str] = [UpdateType.MESSAGE, UpdateType.CALLBACK_QUERY, UpdateType.MY_CHAT_MEMBER]


# After a stop signal, updates in flight get this long; whatever is left is abandoned unconfirmed,
# so Telegram sends it again to the next run. compose and systemd kill after 30 s.
STOP_BUDGET_S = 20.0
# Ending the long poll and confirming what was handled: short calls, bounded all the same.
CONFIRM_BUDGET_S = 3.0


@asynccontextmanager
async def running(
    app: App,
    poll_timeout: int = 1,
    webhook: WebhookSettings | None = None,
    stop_budget: float = STOP_BUDGET_S,
) -> AsyncIterator[App]:
    """Run `app` inside an existing event loop (the runner, local mode, tests), polling or with a webhook.

    The order is PTB's run_polling/run_webhook, post_init and post_shutdown included; the stop
    is bounded (see STOP_BUDGET_S) and confirms only updates that were handled.
    """
    await app.initialize()
    server: WebhookServer | None = None
    try:
        await _post_init(app)
        assert app.updater is not None
        if webhook is None:
            await app.updater.start_polling(poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
        else:
            server = WebhookServer(app, webhook, ALLOWED_UPDATES)
            await server.start()
        await app.start()
        try:
            yield app
        finally:
            if server is not None:
                await server.stop()  # no new updates; the queued ones are handled below
            await _stop(app, stop_budget, polling=webhook is None)
    finally:
        await app.shutdown()
        await _post_shutdown(app)


async def _stop(app: App, budget: float, polling: bool) -> None:
    """Stop fetching, finish what is in flight within ``budget``, confirm only what was handled."""
    assert app.updater is not None
    if app.updater.running:
        await _bounded(app.updater.stop(), CONFIRM_BUDGET_S, "stopping the updater")
    if app.running:
        stopping = asyncio.ensure_future(app.stop())
        done, _ = await asyncio.wait({stopping}, timeout=budget)
        if not done:
            processor = app.update_processor
            abandoned = processor.abandon_all() if isinstance(processor, PerChatUpdateProcessor) else 0
            logger.warning(
                "stop: %d updates unfinished after %.0f s; left unconfirmed for the next run", abandoned, budget
            )
        await stopping
    if polling and isinstance(app.bot, CoachBot):
        await _bounded(app.bot.confirm_handled(), CONFIRM_BUDGET_S, "confirming handled updates")


async def _bounded(step: Awaitable[object], seconds: float, what: str) -> None:
    try:
        await asyncio.wait_for(step, seconds)
    except (TimeoutError, TelegramError) as exc:
        logger.warning("stop: %s failed (%s); going on", what, type(exc).__name__)
