"""SIGTERM/SIGINT, caught from the first instant of `python -m bot run`.

Importing telegram, opening the store and loading the knowledge take about two seconds; a stop
signal in that time used to kill the process with -15 before PTB had installed its handlers.
`StopRequest.install()` runs first of all (stdlib only, so it is cheap to import), remembers
the signal, and hands it to the event loop once there is one.
"""

from __future__ import annotations

import asyncio
import signal
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequest:
    def __init__(self) -> None:
        self.requested = False
        self._event: asyncio.Event | None = None

    def install(self) -> None:
        """Remember a stop signal from now on (before there is an event loop)."""
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._remember)

    def uninstall(self) -> None:
        """Back to Python's defaults (local mode: Ctrl-C interrupts the terminal chat)."""
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def _remember(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """From here on the loop wakes up for a signal; one that came earlier counts too."""
        self._event = asyncio.Event()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, self._set)
        if self.requested:
            self._event.set()

    def _set(self) -> None:
        self.requested = True
        if self._event is not None:
            self._event.set()

    async def wait(self) -> None:
        assert self._event is not None, "attach() first"
        await self._event.wait()
