"""/admin for the operator (ADMIN_IDS only).

Everyone else gets the ordinary unknown-command reply, so the command's existence is not
revealed; it is also left out of the public command menu on purpose.

The figures read every user document through the store's public API: fine for an occasional
admin command, so it is kept here, off the hot paths, and the scan yields to the event loop
every SCAN_CHUNK people so updates keep being served meanwhile.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, filters

from core.clock import parse_utc_iso, utc_iso
from core.types import App
from handlers.replies import unknown_command
from handlers.services import AppServices, services
from scheduler.model import KINDS, SettingsError, normalize_reminders
from scheduler.ratelimit import PaidLane, ReminderRateLimiter
from store.presence import seen_at

logger = logging.getLogger(__name__)

ACTIVE_WINDOW = timedelta(days=7)
NOT_AVAILABLE = "n/a"
# A document decodes in ~8 µs, so the loop waits at most ~10 ms for the scan at a time.
SCAN_CHUNK = 1000


@dataclass
class AdminStats:
    users: int = 0
    active_7d: int = 0
    blocked: int = 0
    reminders_on: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in KINDS})
    sent_today: int = 0


# ------------------------------------------------------------------ figures


def count_users(docs: Iterable[Mapping[str, Any]], now: datetime) -> AdminStats:
    """Tally every document once; `now` is aware UTC."""
    stats = AdminStats()
    for doc in docs:
        tally(stats, doc, now)
    return stats


def tally(stats: AdminStats, doc: Mapping[str, Any], now: datetime) -> None:
    """Add one person's document to the figures (fields of the wrong shape count as absent)."""
    stats.users += 1
    profile = doc.get("profile")
    if not isinstance(profile, Mapping):
        profile = {}
    if profile.get("active") is False:
        stats.blocked += 1
    elif _seen_since(profile.get("last_seen"), now - ACTIVE_WINDOW):
        stats.active_7d += 1
    if profile.get("active") is not False:
        _count_reminders_on(doc.get("reminders"), stats.reminders_on)
    stats.sent_today += _reminded_on(doc.get("reminder_sent"), now.astimezone(UTC).date().isoformat())


def _seen_since(last_seen: Any, since: datetime) -> bool:
    if not isinstance(last_seen, str):
        return False
    try:
        return parse_utc_iso(last_seen) >= since
    except ValueError:
        return False


def _count_reminders_on(raw: Any, counts: dict[str, int]) -> None:
    # No `reminders` key means the person never set reminders up: nothing is scheduled.
    if not isinstance(raw, Mapping):
        return
    try:
        settings = normalize_reminders(raw)
    except (SettingsError, TypeError, KeyError):
        return
    for kind in KINDS:
        if settings[kind].get("on"):
            counts[kind] += 1


def _reminded_on(marks: Any, utc_day: str) -> int:
    """1 if the person got any reminder on that UTC day (the scheduler keeps the last send per kind)."""
    if not isinstance(marks, Mapping):
        return 0
    return int(
        any(isinstance(mark, Mapping) and str(mark.get("at", "")).startswith(utc_day) for mark in marks.values())
    )


def reminders_failed(svc: AppServices) -> str:
    """Failed reminder sends since start, from the scheduler's counters (not persisted)."""
    return _since_start(svc, "failed")


def reminders_sent(svc: AppServices) -> str:
    """Reminder sends since start, from the scheduler's counters (not persisted)."""
    return _since_start(svc, "sent")


def _since_start(svc: AppServices, counter: str) -> str:
    counters = getattr(svc.reminders, "stats", None)
    if not isinstance(counters, Mapping):
        return NOT_AVAILABLE
    return str(counters.get(counter, 0))


def format_uptime(svc: AppServices) -> str:
    if svc.started_at is None:
        return NOT_AVAILABLE
    seconds = int((svc.clock.now() - svc.started_at).total_seconds())
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days}d {hours}h {rest // 60}m"


def paid_line(paid: PaidLane | None) -> str:
    """How much of the paid-broadcast budget is used (PAID_BROADCAST), or that it is off."""
    if paid is None:
        return "Paid broadcasts: off"
    return f"Paid broadcasts today (UTC): {paid.daily_budget - paid.left()} of {paid.daily_budget}; sent since start: {paid.sent}"


def paid_lane_of(context: ContextTypes.DEFAULT_TYPE) -> PaidLane | None:
    limiter = context.bot.rate_limiter
    return limiter.paid if isinstance(limiter, ReminderRateLimiter) else None


def render_admin(stats: AdminStats, svc: AppServices, paid: PaidLane | None = None) -> str:
    """The operator's view (HTML). Operator-only, so it lives here rather than in handlers/texts/."""
    store = svc.store.stats()
    size_kb = (int(store.get("snapshot_bytes", 0)) + int(store.get("journal_bytes", 0))) / 1024
    kinds = ", ".join(f"{kind} {count}" for kind, count in stats.reminders_on.items())
    return "\n".join(
        [
            "<b>Cramp Coach — admin</b>",
            f"Users: {stats.users}",
            f"Active in the last 7 days: {stats.active_7d}",
            f"Blocked the bot: {stats.blocked}",
            f"Reminders on: {kinds}",
            f"People reminded today (UTC): {stats.sent_today}",
            f"Reminders sent since start: {reminders_sent(svc)}, failed: {reminders_failed(svc)}",
            paid_line(paid),
            f"Store: {size_kb:.1f} KB (generation {store.get('generation', NOT_AVAILABLE)}, "
            f"{store.get('journal_entries', 0)} journal entries) in {html.escape(str(store.get('data_dir', '')))}",
            f"Uptime: {format_uptime(svc)}",
        ]
    )


async def collect_admin_stats(svc: AppServices) -> AdminStats:
    """Read everyone through UserStore.get, pausing for the event loop every SCAN_CHUNK people.

    `get` hands out a copy, so a person who changes or leaves (/forget) meanwhile is simply
    counted as they are when reached, or not at all.
    """
    stats, now = AdminStats(), svc.clock.now()
    for done, user_id in enumerate(svc.store.user_ids(), start=1):
        doc = svc.store.get(user_id)
        if doc is not None:
            # Sent marks are small records beside the document (older data kept them inside).
            marks: dict[str, Any] = {**(doc.get("reminder_sent") or {}), **svc.reminders.sent_marks(user_id)}
            # Last seen is a small record beside the document (older data kept it in the profile).
            profile: dict[str, Any] = dict(doc.get("profile") or {})
            seen = seen_at(svc.store, user_id, profile)
            if seen is not None:
                profile["last_seen"] = utc_iso(seen)
            tally(stats, {**doc, "profile": profile, "reminder_sent": marks}, now)
        if done % SCAN_CHUNK == 0:
            await asyncio.sleep(0)
    return stats


# ------------------------------------------------------------------ handlers


async def admin_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Figures for ADMIN_IDS; anyone else sees the normal unknown-command reply."""
    user = update.effective_user
    svc = services(context)
    if user is None or user.id not in svc.settings.admin_ids:
        await unknown_command(update, context)
        return
    assert update.effective_message is not None
    logger.info("admin view requested by user %s (update %s)", user.id, update.update_id)
    stats = await collect_admin_stats(svc)
    await update.effective_message.reply_text(render_admin(stats, svc, paid_lane_of(context)))


def register(app: App) -> None:
    # Deliberately no add_command(): /admin stays out of the public command menu.
    app.add_handler(CommandHandler("admin", admin_command, filters=filters.ChatType.PRIVATE))
