"""A question in Spanish, German or Russian is answered in that language, and so are its buttons."""

from __future__ import annotations

import pytest

from handlers.callbacks import KNOWLEDGE, pack
from knowledge.locale import read_locale
from tests.harness import BotHarness


@pytest.mark.parametrize(
    "lang, question",
    [
        ("es", "tengo calambres en las piernas por la noche, ¿me falta magnesio?"),
        ("de", "Ich habe nachts Wadenkrämpfe, warum?"),
        ("ru", "у меня судороги в ногах ночью, почему?"),
    ],
)
async def test_question_and_its_buttons_answer_in_the_question_s_language(
    bot: BotHarness, lang: str, question: str
) -> None:
    disclaimer = read_locale(lang).phrases["disclaimer"]
    answer = await bot.say(question)
    assert disclaimer in answer.text and "not medical advice" not in answer.text
    button = next(d for d in answer.callback_data if d.startswith(pack(KNOWLEDGE, "doctor")))
    assert button.endswith(f":{lang}") and len(button.encode()) <= 64
    more = await bot.tap_and_wait(answer, button)
    assert disclaimer in more.text


async def test_an_urgent_message_in_russian_gets_russian_emergency_numbers(bot: BotHarness) -> None:
    reply = await bot.say("икра опухла, покраснела и горячая")
    assert reply.text.splitlines()[0] == read_locale("ru").safety["clot"]
    assert "103" in reply.text and "112" in reply.text
