"""/privacy, /export and /forget end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

from handlers.callbacks import PRIVACY, pack
from handlers.texts import common as common_texts
from handlers.texts import privacy as privacy_texts
from tests.harness import BotHarness

OTHER_ID = 7_345_678


async def test_privacy_explains_what_is_stored(bot: BotHarness) -> None:
    reply = await bot.say("/privacy")
    assert "What I store about you" in reply.text
    assert "do not keep the questions" in reply.text
    assert reply.button_texts == [privacy_texts.EXPORT_BUTTON, privacy_texts.FORGET_BUTTON, common_texts.MENU_BUTTON]


async def test_export_sends_the_persons_own_data_as_json(bot: BotHarness) -> None:
    await bot.start()
    bot.services.store.update(bot.USER_ID, {"tz": "Europe/Berlin"})
    bot.services.store.update(bot.USER_ID + 1, {"tz": "Asia/Tokyo"})  # someone else
    reply = await bot.say("/export")
    assert reply.kind == "document"
    upload = bot.api.calls_of("sendDocument")[-1]["document"]
    assert upload.filename == f"cramp-coach-data-{bot.USER_ID}.json"
    payload = json.loads(upload.content)
    assert payload["user_id"] == bot.USER_ID
    assert payload["document"]["tz"] == "Europe/Berlin"
    assert "Asia/Tokyo" not in upload.content.decode()


async def test_export_with_nothing_stored(bot: BotHarness) -> None:
    reply = await bot.say("/export")
    assert reply.text == privacy_texts.EXPORT_NOTHING


async def test_forget_needs_confirmation_then_deletes(bot: BotHarness) -> None:
    await bot.start()
    bot.services.store.append(bot.USER_ID, "cramp_log", {"place": "calf"})
    confirm = await bot.say("/forget")
    assert confirm.button_texts == [privacy_texts.FORGET_YES, privacy_texts.FORGET_NO]
    cancelled = await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "no"))
    assert cancelled.text == privacy_texts.FORGET_CANCELLED
    assert bot.services.store.get(bot.USER_ID) is not None

    confirm = await bot.say("/forget")
    done = await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "yes"))
    assert done.text.startswith("🗑 Done")
    assert bot.services.store.get(bot.USER_ID) is None
    # Talking to the bot afterwards does not silently recreate a record.
    await bot.say("/help")
    assert bot.services.store.get(bot.USER_ID) is None


async def test_privacy_is_reachable_from_settings(bot: BotHarness) -> None:
    settings = await bot.say("/settings")
    assert privacy_texts.PRIVACY_SETTINGS_BUTTON in settings.button_texts
    page = await bot.tap_and_wait(settings, pack(PRIVACY, "home"))
    assert "What I store about you" in page.text


async def test_asking_in_words_to_delete_data_gets_the_forget_confirmation(bot: BotHarness) -> None:
    await bot.start()
    for request in ("delete all my data", "Please erase my info", "can you remove everything about me"):
        reply = await bot.say(request)
        assert reply.button_texts == [privacy_texts.FORGET_YES, privacy_texts.FORGET_NO]
    assert bot.services.store.get(bot.USER_ID) is not None  # nothing deleted without the tap


async def test_menu_command_shows_the_menu(bot: BotHarness) -> None:
    reply = await bot.say("/menu")
    assert reply.text == common_texts.MENU_PROMPT
    assert common_texts.HELP_BUTTON in reply.button_texts


async def test_after_forget_no_file_in_data_dir_holds_the_person(bot: BotHarness, data_dir: Path) -> None:
    # Issue 10 defect 3: the journal kept 12 lines of the person's data after "Done".
    await bot.start()
    store = bot.services.store
    store.update(bot.USER_ID, {"tz": "Pacific/Chatham"})
    store.append(bot.USER_ID, "cramp_log", {"place": "calf", "note": "xyzzy"})
    store.compact()  # an older snapshot generation holds them too
    store.append(bot.USER_ID, "cramp_log", {"place": "foot", "note": "plugh"})
    store.update(OTHER_ID, {"tz": "Asia/Tokyo"})  # someone else, who stays
    confirm = await bot.say("/forget")
    done = await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "yes"))
    assert done.text.startswith("🗑 Done")
    person = re.compile(rb"(?<!\d)%d(?!\d)|xyzzy|plugh|Chatham" % bot.USER_ID)
    holding = [path.name for path in data_dir.rglob("*") if path.is_file() and person.search(path.read_bytes())]
    assert holding == []
    assert store.get(OTHER_ID) == {"tz": "Asia/Tokyo"}
