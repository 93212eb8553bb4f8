"""What the services below the roof report for operators, without knowing how it is shown.

The scheduler and others call a ``Meter`` by metric name; ``bot.metrics`` implements it with
prometheus-client and serves /metrics. Below the roof a ``NullMeter`` stands in, so nothing
there depends on the metrics library or on whether metrics are switched on.
"""

from __future__ import annotations

from typing import Protocol

# Reminders by event and kind. Events: due (queued by the tick), sent, late (sent, but more than
# LATE_AFTER_S after its time), dropped (past its kind's tolerance: not sent), failed, blocked (403).
REMINDERS = "reminders"
REMINDER_EVENTS = ("due", "sent", "late", "dropped", "failed", "blocked")
# Seconds from a reminder's due time to its send, by kind.
REMINDER_LATENESS = "reminder_lateness_seconds"
# Wall seconds of one tick (queueing what is due), pauses for the event loop included.
TICK = "tick_seconds"
# A sent reminder counts as late beyond this (issue 15's target: lateness p99 <= 2 min).
LATE_AFTER_S = 120.0


class Meter(Protocol):
    def count(self, name: str, *labels: str) -> None:
        """Add one to the counter ``name`` with these label values."""

    def observe(self, name: str, value: float, *labels: str) -> None:
        """Record one observation (seconds) of the histogram ``name``."""


class NullMeter:
    """Reports nowhere: the default until the roof plugs in the real one."""

    def count(self, name: str, *labels: str) -> None:
        return None

    def observe(self, name: str, value: float, *labels: str) -> None:
        return None


NULL_METER: Meter = NullMeter()
