"""The whole bot in the person's language, over the stand-in: a user of each language (es, de, ru)
gets /start, /cramp, /reminders and a reminder in it; command menus and descriptions are set per
language; /language switches; a language we don't speak falls back to English with one line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from diary.entries import Entry
from diary.render import Day
from handlers.callbacks import LANGUAGE, RELIEF, REMINDER_SETTINGS, pack
from handlers.diary import screens
from handlers.i18n import speaking
from scheduler.index import zone
from tests.harness import BotHarness

# What each language's screens must say, written out here (not read from the catalogs), so a
# missing or broken catalog fails.
EXPECTED: dict[str, dict[str, str]] = {
    "es": {
        "welcome": "Soy <b>Cramp Coach</b>",
        "relief_button": "🆘 Tengo un calambre ahora",
        "relief_where": "¿Dónde tienes el calambre?",
        "recommended": "⏰ <b>Recordatorios recomendados</b>: 5 al día",
        "reminders": "<b>Recordatorios</b>\nZona horaria: hora de Alemania (Berlín)",
        "water": "💧 <b>Hora de un vaso de agua</b>",
        "cramp_command": "Ayuda con un calambre ahora",
        "short_description": "Ayuda con calambres musculares",
    },
    "de": {
        "welcome": "Ich bin <b>Cramp Coach</b>",
        "relief_button": "🆘 Ich habe gerade einen Krampf",
        "relief_where": "Wo ist der Krampf?",
        "recommended": "⏰ <b>Empfohlene Erinnerungen</b> – 5-mal am Tag",
        "reminders": "<b>Erinnerungen</b>\nZeitzone: Deutschland (Berlin) (Ortszeit)",
        "water": "💧 <b>Zeit für ein Glas Wasser</b>",
        "cramp_command": "Hilfe bei einem Krampf jetzt",
        "short_description": "Hilfe bei Muskelkrämpfen",
    },
    "ru": {
        "welcome": "Я <b>Cramp Coach</b>",
        "relief_button": "🆘 У меня сейчас судорога",
        "relief_where": "Где судорога?",
        "recommended": "⏰ <b>Рекомендуемые напоминания</b> — 5 раз в день",
        "reminders": "<b>Напоминания</b>\nЧасовой пояс: Германия (Берлин)",
        "water": "💧 <b>Время выпить стакан воды</b>",
        "cramp_command": "Помощь при судороге сейчас",
        "short_description": "Помощь при мышечной судороге",
    },
}
USER_OF = {"es": 7101, "de": 7102, "ru": 7103}


def next_water_slot(doc: dict[str, Any]) -> datetime:
    """The first water reminder after the clock's 11:00 Berlin (10:00 UTC), in UTC."""
    water = doc["reminders"]["hydration"]
    hour, minute = (int(part) for part in water["start"].split(":"))
    while hour <= 11:
        hour += water["every_h"]
    return datetime(2026, 1, 14, hour - 1, minute, tzinfo=UTC)  # Berlin is UTC+1 in January


async def fire_at(bot: BotHarness, moment: datetime) -> None:
    bot.clock.set(moment)
    await bot.services.reminders.tick()
    await bot.services.reminders.drain()


def doc_of(bot: BotHarness, user_id: int) -> dict[str, Any]:
    return bot.services.store.get(user_id) or {}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
async def test_start_cramp_and_reminders_in_their_language(bot: BotHarness, lang: str) -> None:
    words, uid = EXPECTED[lang], USER_OF[lang]
    bot.api.user(uid, "Ana", language_code=f"{lang}-XX")  # a regional tag still finds the language
    welcome = await bot.start(uid)
    assert welcome.html is not None and words["welcome"] in welcome.html
    assert welcome.button_texts[0] == words["relief_button"]
    assert doc_of(bot, uid)["lang"] == lang

    where = await bot.say("/cramp", uid)
    assert where.html is not None and words["relief_where"] in where.html
    assert all(data.startswith(RELIEF) for data in where.callback_data[:3])

    bot.services.store.update(uid, {"tz": "Europe/Berlin"})
    offer = await bot.say("/reminders", uid)
    assert offer.html is not None and offer.html.startswith(words["recommended"])
    await bot.tap_and_wait(offer, pack(REMINDER_SETTINGS, "on", "1"), uid)
    overview = await bot.say("/reminders", uid)
    assert overview.html is not None and overview.html.startswith(words["reminders"])

    await fire_at(bot, next_water_slot(doc_of(bot, uid)))
    reminder = bot.api.last(uid)
    assert reminder.html is not None and reminder.html.startswith(words["water"])


async def test_command_menus_and_descriptions_are_set_per_language(bot: BotHarness) -> None:
    default = {c["command"]: c["description"] for c in bot.api.commands_for(None)}
    assert default["cramp"] == "Help with a cramp now" and "language" in default
    for lang, words in EXPECTED.items():
        menu = {c["command"]: c["description"] for c in bot.api.commands_for(None, lang)}
        assert menu.keys() == default.keys()
        assert menu["cramp"] == words["cramp_command"]
        assert (bot.api.description(lang, short=True) or "").startswith(words["short_description"])
        assert bot.api.description(lang) not in (None, bot.api.description(None))
    assert (bot.api.description(None, short=True) or "").startswith("Muscle cramp help")


async def test_language_switches_and_is_stored_shown_and_forgotten(bot: BotHarness) -> None:
    uid = bot.USER_ID
    bot.api.user(uid, language_code="en")
    await bot.start(uid)
    picker = await bot.say("/language", uid)
    assert pack(LANGUAGE, "set", "de") in picker.callback_data

    switched = await bot.tap_and_wait(picker, pack(LANGUAGE, "set", "de"), uid)
    assert switched.message_id == picker.message_id  # edited in place
    assert switched.text is not None and "Ab jetzt spreche ich Deutsch" in switched.text
    assert doc_of(bot, uid)["lang"] == "de"

    help_text = await bot.say("/help", uid)
    assert help_text.html is not None and "<b>So kann ich helfen</b>" in help_text.html
    privacy = await bot.say("/privacy", uid)
    assert privacy.text is not None and "Deine Sprache: Deutsch" in privacy.text

    back = await bot.say("/language", uid)
    await bot.tap_and_wait(back, pack(LANGUAGE, "set", "en"), uid)
    assert doc_of(bot, uid)["lang"] == "en"
    assert "How I can help" in ((await bot.say("/help", uid)).text or "")


async def test_a_language_we_dont_speak_gets_english_with_one_line_and_the_urgent_screen(bot: BotHarness) -> None:
    uid = 7104
    bot.api.user(uid, "Zoé", language_code="fr")
    welcome = await bot.start(uid)
    assert welcome.text is not None
    first_line, rest = welcome.text.split("\n", 1)
    assert first_line.startswith("🌐 Je ne parle pas encore votre langue")
    assert "I'm Cramp Coach" in rest
    assert doc_of(bot, uid)["lang"] == "en"

    urgent = await bot.say("my calf is swollen red and hot since yesterday", uid)
    first = (urgent.text or "").strip().splitlines()[0].lower()
    assert "doctor" in first or "urgent" in first or "medical" in first


async def test_a_new_person_is_spoken_to_in_their_language_before_any_start(bot: BotHarness) -> None:
    uid = 7105
    bot.api.user(uid, language_code="ru")
    reply = await bot.say("/help", uid)
    assert reply.html is not None and "<b>Чем я могу помочь</b>" in reply.html
    assert "lang" not in doc_of(bot, uid)  # stored only at /start or /language


async def test_the_doctors_report_is_in_the_persons_language(bot: BotHarness) -> None:
    uid = 7106
    bot.api.user(uid, language_code="de")
    await bot.start(uid)
    bot.services.store.update(uid, {"tz": "Europe/Berlin"})
    entry = Entry("e1", datetime(2026, 1, 13, 23, 30, tzinfo=UTC), "calf", severity="bad", eased=True, steps=3)
    with speaking("de"):
        sections = screens.report_sections([entry], bot.clock.now(), zone("Europe/Berlin"), None, [])
        week = [Day(date(2026, 1, 8 + offset), 0, 0, 0, False) for offset in range(7)]
        chart = screens.chart_labels(7, week)
    assert chart.day_names[0] == "Do" and chart.title.startswith("Krämpfe pro Tag")  # drawn off the loop: made here
    lines = [line for section in sections for line in section.lines]
    assert any(line.startswith("Mi., 14. Jan. 00:30 · nachts · Wade · stark · hat nachgelassen") for line in lines)
    assert any(line.startswith("1 Krampf: 1 nachts") for line in lines)
