"""How every benchmark prints its figures: JSON with --json, else one aligned line per figure."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any


def emit(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>22}: {value}")


class LoopTicker:
    """A 2 ms ticker on the running event loop: every gap beyond 2 ms is time the loop was blocked."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._done = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._tick())

    async def stop(self) -> list[float]:
        self._done.set()
        assert self._task is not None
        await self._task
        return self.gaps

    async def _tick(self) -> None:
        last = time.perf_counter()
        while not self._done.is_set():
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            self.gaps.append((now - last) * 1000 - 2)
            last = now
