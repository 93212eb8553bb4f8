"""Helpers the relief end-to-end tests share: tapping through the walkthrough, its session and timers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Job

from bot.app import build_application, open_services, running
from core.clock import FakeClock
from core.settings import Settings
from handlers import relief
from handlers.texts import relief as relief_texts
from standin import BotApiStandin, SentMessage
from tests.harness import BotHarness

PLACES = ("calf", "foot", "thigh", "other")
# A step ends with its source in italics, naming the seed file.
# Article titles, never file names.
SOURCE_RE = re.compile(r"\n<i>Sources: (?![^<]*\.txt)[^<]+</i>$")


def data_of(message: SentMessage, button_text: str) -> str:
    for text, data in (b for row in message.buttons for b in row):
        if text == button_text and data is not None:
            return data
    raise AssertionError(f"no button {button_text!r} in {message.button_texts}")


def session(bot: BotHarness) -> dict:
    doc = bot.services.store.get(bot.USER_ID) or {}
    return doc.get("relief") or {}


async def start_by(bot: BotHarness, entry: str) -> SentMessage:
    """Open the walkthrough by /cramp or the main-menu button; returns the "where?" message."""
    if entry == "command":
        return await bot.say("/cramp")
    menu = await bot.start()
    question = await bot.tap_and_wait(menu, data_of(menu, relief_texts.RELIEF_MENU_BUTTON))
    assert question.message_id == menu.message_id  # the menu turns into the walkthrough
    return question


async def choose(bot: BotHarness, question: SentMessage, place: str) -> SentMessage:
    assert question.text is not None and "Where is the cramp?" in question.text
    return await bot.tap_and_wait(question, data_of(question, relief_texts.RELIEF_PLACE_BUTTONS[place]))


def next_data(step: SentMessage) -> str:
    """The step's go-on button: "Done, next", or "Done" on the last step."""
    label = (
        relief_texts.RELIEF_DONE_BUTTON
        if relief_texts.RELIEF_DONE_BUTTON in step.button_texts
        else relief_texts.RELIEF_NEXT_BUTTON
    )
    return data_of(step, label)


async def walk_to_end(bot: BotHarness, step: SentMessage) -> tuple[SentMessage, int]:
    """Press "Done, next" ("Done" on the last step) until "How is it now?"; checks each step on the way;
    returns (end, steps)."""
    count = 0
    while step.text != "How is it now?":
        count += 1
        assert step.html is not None and f"Step {count} of" in step.html
        assert SOURCE_RE.search(step.html), step.html
        assert "not medical advice" not in step.html  # disclaimer only at the start and the end
        last = f"Step {count} of {count}" in step.html
        assert step.button_texts[0] == (relief_texts.RELIEF_DONE_BUTTON if last else relief_texts.RELIEF_NEXT_BUTTON)
        assert step.button_texts[-1] == relief_texts.RELIEF_SWOLLEN_BUTTON  # the red flag on every step, last row
        assert all(len(row) == 1 for row in step.buttons)  # one big button per row
        step = await bot.tap_and_wait(step, next_data(step))
        assert count < 20
    return step, count


WALK = 3  # stretch, massage, warmth: then "How is it now?"
URGENT_START = "🔴 Stop stretching, massaging and heating it — it could be a blood clot."


def doctor_summary(bot: BotHarness) -> str:
    """The first paragraph of the knowledge store's when-to-see-a-doctor advice (the short version)."""
    return bot.services.knowledge.when_to_see_doctor().text.split("\n")[0]


def timer_jobs(bot: BotHarness) -> list[Job[Any]]:
    queue = bot.app.job_queue
    assert queue is not None
    return [job for job in queue.get_jobs_by_name(relief.timer_job_name(bot.USER_ID)) if not job.removed]


def timed_steps(bot: BotHarness) -> list[int]:
    """The walkthrough screens the running hold timers were started for."""
    return [job.data["step"] for job in timer_jobs(bot) if isinstance(job.data, dict)]


def sends(bot: BotHarness) -> int:
    return sum(1 for event in bot.api.events(bot.USER_ID) if event.kind == "send")


async def still_cramping_once(bot: BotHarness, place: str = "thigh") -> SentMessage:
    end, _ = await walk_to_end(bot, await choose(bot, await bot.say("/cramp"), place))
    return await bot.tap_and_wait(end, data_of(end, relief_texts.RELIEF_STILL_CRAMPING_BUTTON))


@asynccontextmanager
async def app_running(settings: Settings, clock: FakeClock, standin: BotApiStandin) -> AsyncIterator[BotHarness]:
    svc = open_services(settings, clock)
    app = build_application(settings, svc)
    async with running(app):
        yield BotHarness(api=standin, app=app, services=svc, clock=clock)


CLOT_CHECK = {
    "calf": "Calf swollen, red or warm? Don't stretch — tap 🔴.",
    "thigh": "Leg swollen, red or warm? Don't stretch — tap 🔴.",
}
