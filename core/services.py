"""The long-lived parts every handler may need, kept in `app.bot_data["services"]`.

The kernel cannot name the store, the knowledge base or the reminder service: they stand on it.
So the container is generic here, and `handlers.services` names the concrete kinds once, for the
features and the assembly function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from core.clock import Clock
from core.settings import Settings

SERVICES_KEY = "services"

StoreT = TypeVar("StoreT")
KnowledgeT = TypeVar("KnowledgeT")
RemindersT = TypeVar("RemindersT")


@dataclass
class Services(Generic[StoreT, KnowledgeT, RemindersT]):
    settings: Settings
    clock: Clock
    store: StoreT
    knowledge: KnowledgeT
    reminders: RemindersT
    started_at: datetime | None = None


class HasBotData(Protocol):
    """An Application or a CallbackContext: whatever carries the bot_data."""

    @property
    def bot_data(self) -> Any: ...


def services_in(owner: HasBotData) -> Services[Any, Any, Any]:
    """The Services kept in the bot_data of an Application or a handler's context."""
    found = owner.bot_data[SERVICES_KEY]
    if not isinstance(found, Services):
        raise TypeError(f"bot_data[{SERVICES_KEY!r}] holds {type(found).__name__}, not Services")
    return found
