"""The typed-word readers without Telegram: reminder wishes and times in the bot's languages."""

from __future__ import annotations

import pytest

from handlers.reminder_words import read_range, read_wish
from handlers.wording import TimeOfDay, find_time, read_time


@pytest.mark.parametrize(
    ("typed", "action", "kinds"),
    [
        ("stop the water reminders", "off", ("hydration",)),
        ("no more food tips", "off", ("food",)),
        ("turn off all reminders", "off", ("hydration", "stretch", "food", "weekly")),
        ("keine Erinnerungen mehr", "off", ("hydration", "stretch", "food", "weekly")),
        ("remind me to stretch", "on", ("stretch",)),
        ("can you remind me to drink water?", "on", ("hydration",)),
        ("recuérdame estirar a las 22:00", "time", ("stretch",)),
        ("напомни про растяжку в 21:30", "time", ("stretch",)),
        ("Wasser alle 2 Stunden von 8 bis 20", "window", ("hydration",)),
        ("пить воду каждые 2 часа с 8 до 20", "window", ("hydration",)),
        ("pause reminders for a week", "pause", ()),
        ("snooze", "snooze", ()),
        ("resume reminders", "resume", ()),
    ],
)
def test_wishes_in_the_bots_languages(typed: str, action: str, kinds: tuple[str, ...]) -> None:
    wish = read_wish(typed)
    assert wish is not None and wish.action == action and wish.kinds == kinds


@pytest.mark.parametrize(
    "typed",
    [
        "why do I cramp when I drink water?",
        "should I stop drinking water?",
        "I drink water every 2 hours but still cramp",
        "stop",
        "help",
        "does stretching help?",
    ],
)
def test_questions_and_stories_are_not_wishes(typed: str) -> None:
    assert read_wish(typed) is None


def test_a_window_wish_keeps_the_hours_apart_from_the_interval() -> None:
    wish = read_wish("пить воду каждые 2 часа с 8 до 20")
    assert wish is not None and wish.every_h == 2
    assert (wish.start, wish.end) == (TimeOfDay(8 * 60), TimeOfDay(20 * 60))  # "2 часа" is not 02:00
    week = read_wish("pause for 3 days")
    assert week is not None and week.days == 3


@pytest.mark.parametrize(
    ("typed", "minute", "shown"),
    [
        ("22:15", 1335, "22:15"),
        ("10:15pm", 1335, "10:15 pm"),
        ("9.30", 570, "09:30"),
        ("21h", 1260, "21:00"),
        ("9 pm", 1260, "9:00 pm"),
        ("7am", 420, "7:00 am"),
        ("12am", 0, "12:00 am"),
        ("12pm", 720, "12:00 pm"),
    ],
)
def test_typed_times_in_several_formats(typed: str, minute: int, shown: str) -> None:
    time = read_time(typed)
    assert time is not None and time.minute == minute and time.shown() == shown


@pytest.mark.parametrize("typed", ["25:00", "13pm", "9:75", "tomorrow", ""])
def test_what_is_not_a_time(typed: str) -> None:
    assert read_time(typed) is None


def test_times_and_spans_inside_sentences() -> None:
    assert find_time("remind me at 9:30 p.m. please") == TimeOfDay(21 * 60 + 30, twelve_hour=True)
    assert read_range("from 22 to 7") == (TimeOfDay(22 * 60), TimeOfDay(7 * 60))
    assert read_range("22:30-6:30") == (TimeOfDay(22 * 60 + 30), TimeOfDay(6 * 60 + 30))
