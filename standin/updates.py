"""How updates reach the bot: long polling (getUpdates) or a webhook the stand-in POSTs to.

Telegram's rules kept here: one poller at a time (an older poll ends with 409), no
getUpdates while a webhook is set, webhook pushes in order and one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aiohttp

from standin.methods import Handler
from standin.params import as_bool, as_int, as_str
from standin.rules import ApiError, bad_request
from standin.world import WebhookConfig, World

logger = logging.getLogger(__name__)

_GET_UPDATES_WHILE_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
_GET_UPDATES_TERMINATED = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)


class UpdateDelivery:
    """getUpdates and the webhook methods, plus the task that pushes updates to a webhook."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.client: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None

    def table(self) -> dict[str, Handler]:
        return {
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
        }

    async def start(self) -> None:
        self.client = aiohttp.ClientSession()

    async def stop(self) -> None:
        await self._stop_webhook_worker()
        if self.client is not None:
            await self.client.close()
            self.client = None

    # --- polling ----------------------------------------------------------------------
    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        world = self.world
        if world.webhook is not None:
            raise ApiError(409, _GET_UPDATES_WHILE_WEBHOOK)
        offset = as_int(params, "offset") or 0
        limit = min(max(as_int(params, "limit") or 100, 1), 100)
        timeout = float(params.get("timeout") or 0)
        if "allowed_updates" in params:
            world.allowed_updates = list(params["allowed_updates"] or [])
        world.confirm(offset)
        world.poll_generation += 1
        generation = world.poll_generation
        if world.waiting_polls:
            world.wake_pollers()  # the older poll ends with 409, as on Telegram
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if generation != world.poll_generation:
                raise ApiError(409, _GET_UPDATES_TERMINATED)
            batch = world.deliverable(limit, world.allowed_updates)
            remaining = deadline - asyncio.get_running_loop().time()
            if batch or remaining <= 0 or world.closing or world.webhook is not None:
                return batch
            if not await self._wait_for_update(remaining):
                return []

    async def _wait_for_update(self, timeout: float) -> bool:
        """Wait for the next enqueued update (or a wake-up); False on timeout."""
        arrived = self.world.update_arrived
        self.world.waiting_polls += 1
        try:
            await self.world.notify()  # lets tests see that a long poll is parked
            await asyncio.wait_for(arrived.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self.world.waiting_polls -= 1

    # --- webhook ----------------------------------------------------------------------
    async def set_webhook(self, params: dict[str, Any]) -> bool:
        world = self.world
        url = as_str(params.get("url")) or ""
        if as_bool(params.get("drop_pending_updates", False)):
            world.pending.clear()
        if not url:
            await self._remove_webhook()
            return True
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = as_str(params.get("secret_token"))
        if secret is not None and not _valid_secret(secret):
            raise bad_request("secret token contains unallowed characters")
        if "allowed_updates" in params:
            world.allowed_updates = list(params["allowed_updates"] or [])
        await self._stop_webhook_worker()
        world.webhook = WebhookConfig(
            url=url,
            secret_token=secret,
            allowed_updates=world.allowed_updates,
            max_connections=as_int(params, "max_connections") or 40,
        )
        world.wake_pollers()  # a waiting getUpdates returns, as Telegram ends it
        self._webhook_task = asyncio.create_task(self._deliver_webhook_updates())
        return True

    async def delete_webhook(self, params: dict[str, Any]) -> bool:
        if as_bool(params.get("drop_pending_updates", False)):
            self.world.pending.clear()
        await self._remove_webhook()
        return True

    async def _remove_webhook(self) -> None:
        await self._stop_webhook_worker()
        self.world.webhook = None

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        hook = self.world.webhook
        info: dict[str, Any] = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.pending),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            info["ip_address"] = "127.0.0.1"
            if hook.allowed_updates:
                info["allowed_updates"] = hook.allowed_updates
        return info

    async def _deliver_webhook_updates(self) -> None:
        """Push pending updates in order, one at a time; failures are recorded, not retried."""
        world = self.world
        while not world.closing and world.webhook is not None:
            batch = world.deliverable(1, world.allowed_updates)
            if not batch:
                await world.update_arrived.wait()
                continue
            update = batch[0]
            status = await self.post_update(world.webhook.url, update, world.webhook.secret_token)
            world.pending = [u for u in world.pending if u["update_id"] != update["update_id"]]
            world.webhook_deliveries.append((int(update["update_id"]), status))
            await world.notify()

    async def post_update(self, url: str, update: dict[str, Any], secret: str | None) -> int:
        """POST one update; the HTTP status, or 0 when the bot could not be reached."""
        if self.client is None:
            return 0
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        try:
            async with self.client.post(url, json=update, headers=headers) as response:
                await response.read()
                return response.status
        except (TimeoutError, aiohttp.ClientError, OSError):
            logger.info("standin: webhook push of update %s failed", update.get("update_id"))
            return 0


def _valid_secret(secret: str) -> bool:
    return 1 <= len(secret) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)
