"""The application's services with their concrete kinds: the one place that names them.

`core.services.Services` is generic because the kernel stands below the store, the knowledge
base and the scheduler; features and the assembly function use `AppServices` from here.
"""

from __future__ import annotations

from typing import TypeAlias, cast

from core.services import HasBotData, Services, services_in
from knowledge import KnowledgeBase
from scheduler import ReminderService
from store import UserStore

AppServices: TypeAlias = Services[UserStore, KnowledgeBase, ReminderService]


def services(owner: HasBotData) -> AppServices:
    """The Services of the application that runs this handler (context or Application)."""
    return cast(AppServices, services_in(owner))
