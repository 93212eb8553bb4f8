"""The long-lived parts every handler may need, kept in `app.bot_data["services"]`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from bot.clock import Clock
from bot.config import Settings

if TYPE_CHECKING:
    from knowledge import KnowledgeBase
    from scheduler import ReminderService
    from store import UserStore

SERVICES_KEY = "services"


@dataclass
class Services:
    settings: Settings
    clock: Clock
    store: UserStore
    knowledge: KnowledgeBase
    reminders: ReminderService
    started_at: Any = None


def services(context: Any) -> Services:
    """The Services of the application that runs this handler (context or Application)."""
    return cast(Services, context.bot_data[SERVICES_KEY])
