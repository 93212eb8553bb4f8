"""Prevention reminders: settings, the slot index, due computation and sending within limits."""

from scheduler.index import Due, SlotIndex, Subscriber
from scheduler.ratelimit import ReminderRateLimiter
from scheduler.service import GRACE, ReminderService

__all__ = ["GRACE", "Due", "ReminderRateLimiter", "ReminderService", "SlotIndex", "Subscriber"]
