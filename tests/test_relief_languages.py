"""The walkthrough's steps and the reminders' tips in the person's language: every English text of
knowledge/data/relief.json has a translation in each language folder (locales/<lang>/relief.json) that
keeps its numbers and adds no dose, and a Spanish /cramp walks the calf in Spanish."""

from __future__ import annotations

import html
import re

import pytest

from handlers.reminders import in_language
from knowledge import KnowledgeBase
from knowledge.locale import knowledge_languages, read_relief_texts
from knowledge.store import read_data
from scheduler.content import TipLine
from tests.harness import BotHarness

LANGUAGES = knowledge_languages()[1:]
DOSE = re.compile(r"\d\s*(mg|µg|mcg|iu|ie|ui|мг|мкг|ме)\b", re.IGNORECASE)


def english_texts() -> set[str]:
    relief = read_data("relief.json")
    texts = {step["text"] for steps in relief["relief_steps"].values() for step in steps}
    texts |= {step["text"] for step in relief["evening_routine"]}
    return texts | {tip["text"] for tip in relief["prevention_tips"]}


def test_there_are_languages_to_check() -> None:
    assert {"es", "de", "ru"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_relief_text_is_translated_and_none_is_stale(lang: str) -> None:
    translated = read_relief_texts(lang)
    assert sorted(english_texts() - set(translated)) == []
    assert sorted(set(translated) - english_texts()) == []
    assert all(text.strip() and text != english for english, text in translated.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_numbers_and_add_no_dose(lang: str) -> None:
    for english, text in read_relief_texts(lang).items():
        assert re.findall(r"\d+", text) == re.findall(r"\d+", english), text
        assert DOSE.search(text) is None, text


def test_steps_tips_and_reminder_lines_come_in_the_language_asked() -> None:
    knowledge = KnowledgeBase.load(use_model=False)
    english = knowledge.relief_steps("calf")[0]
    spanish = knowledge.relief_steps("calf", "es")[0]
    assert spanish.text == read_relief_texts("es")[english.text]
    assert (spanish.id, spanish.hold_seconds, spanish.sources) == (english.id, english.hold_seconds, english.sources)
    assert knowledge.relief_steps("calf", "xx")[0].text == english.text  # no such language: English
    tip = knowledge.prevention_tips("hydration")[0]
    line = in_language(knowledge, TipLine(html.escape(tip.text)), "de")
    assert line.html == html.escape(read_relief_texts("de")[tip.text])
    assert knowledge.prevention_tips("hydration", "ru")[0].text == read_relief_texts("ru")[tip.text]


async def test_a_spanish_cramp_walks_the_calf_in_spanish(bot: BotHarness) -> None:
    uid = 7201
    bot.api.user(uid, "Ana", language_code="es")
    await bot.start(uid)
    where = await bot.say("/cramp", uid)
    calf = next(data for data in where.callback_data if ":calf:" in data)
    step = await bot.tap_and_wait(where, calf, uid)
    knowledge = bot.services.knowledge
    english = knowledge.relief_steps("calf")[0].text
    assert step.html is not None
    assert html.escape(read_relief_texts("es")[english]) in step.html
    assert english not in step.html
