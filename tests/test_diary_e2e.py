"""The cramp diary end to end: the real Application over HTTP against the stand-in.

The fake clock stands at Wed 14 Jan 2026 10:00 UTC (11:00 in Berlin, the bot's default zone).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from diary import entries as log
from diary.entries import Entry, to_doc
from handlers.callbacks import PRIVACY, pack, reminder_offer_data
from handlers.diary.buttons import data
from handlers.texts import common as common_texts
from handlers.texts import diary as diary_texts
from handlers.texts import relief as relief_texts
from standin import SentMessage
from tests.harness import BotHarness
from tests.relief_helpers import choose, walk_to_end

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BERLIN = ZoneInfo("Europe/Berlin")


def stored(bot: BotHarness, user_id: int | None = None) -> list[dict[str, Any]]:
    return list((bot.services.store.get(user_id or bot.USER_ID) or {}).get(log.STORE_KEY, []))


def button_data(message: SentMessage, label: str) -> str:
    """The callback_data of the button showing `label` (so a test taps what a person sees)."""
    for row in message.buttons:
        for text, callback in row:
            if text == label and callback is not None:
                return callback
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


def local(day: int, hour: int, month: int = 1) -> datetime:
    """A moment in Berlin in 2026, as aware UTC."""
    return datetime(2026, month, day, hour, 0, tzinfo=BERLIN).astimezone(UTC)


def seed(bot: BotHarness, entries: list[Entry]) -> None:
    bot.services.store.update(bot.USER_ID, {log.STORE_KEY: [to_doc(entry) for entry in entries]})


def entry(n: int, at: datetime, place: str = "calf", **fields: Any) -> Entry:
    return Entry(f"{n:06x}", at, place, **fields)


# ---------------------------------------------------------------- logging


async def test_logging_takes_two_taps_from_the_diary_and_is_one_entry(bot: BotHarness) -> None:
    home = await bot.say("/diary")
    assert "Log a cramp" in home.text and "Nothing logged yet" in home.text
    when = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_PLACES["calf"]))  # tap 1: where
    assert "when?" in when.text
    now_button = button_data(when, diary_texts.DIARY_WHEN["now"])
    logged = await bot.tap_and_wait(when, now_button)  # tap 2: when
    assert logged.text.startswith("✅ Logged.") and "Wed 14 Jan 11:00 · calf" in logged.text
    entries = stored(bot)
    assert len(entries) == 1 and entries[0]["place"] == "calf" and entries[0]["at"] == "2026-01-14T10:00:00+00:00"
    # A double tap on the same "when" button logs nothing more.
    query = await bot.tap(logged, now_button)
    assert bot.answer_text(query) == diary_texts.DIARY_ALREADY_LOGGED
    assert len(stored(bot)) == 1


async def test_last_night_is_stored_as_night_in_utc(bot: BotHarness) -> None:
    home = await bot.say("/diary")
    when = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_PLACES["foot"]))
    await bot.tap_and_wait(when, button_data(when, diary_texts.DIARY_WHEN["night"]))
    assert stored(bot)[0]["at"] == "2026-01-14T02:00:00+00:00"  # 03:00 in Berlin
    bot.services.store.update(bot.USER_ID, {"tz": "America/New_York"})
    home = await bot.say("/diary")
    assert "Tue 13 Jan 21:00" in home.text  # shown in the person's own zone (New York)


async def test_another_day_is_three_taps_and_has_no_time_of_day(bot: BotHarness) -> None:
    home = await bot.say("/diary")
    when = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_PLACES["thigh"]))  # 1
    days = await bot.tap_and_wait(when, button_data(when, diary_texts.DIARY_ANOTHER_DAY))
    assert len(days.callback_data) == 8  # seven days and back
    # "Another day…" only opens the list; the day is the third tap that counts.
    sunday = button_data(days, "Sun 11 Jan")
    logged = await bot.tap_and_wait(days, sunday)  # 3
    assert logged.text.startswith("✅ Logged.") and "📅 Sun 11 Jan · thigh" in logged.text
    assert stored(bot)[0]["day_only"] is True
    forged = data("n", "abcdef", "thigh", "20250111")  # a day the picker never offered
    query = await bot.tap(logged, forged)
    assert bot.answer_text(query) == common_texts.STALE_BUTTON
    assert len(stored(bot)) == 1


async def test_details_note_edit_and_delete_of_the_last_entry(bot: BotHarness) -> None:
    home = await bot.say("/diary")
    when = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_PLACES["calf"]))
    logged = await bot.tap_and_wait(when, button_data(when, diary_texts.DIARY_WHEN["today"]))
    screen = await bot.tap_and_wait(logged, button_data(logged, diary_texts.DIARY_SEVERITIES["severe"]))
    assert "✓ Severe" in screen.button_texts
    screen = await bot.tap_and_wait(screen, button_data(screen, diary_texts.DIARY_TRIGGERS["exercise"]))
    screen = await bot.tap_and_wait(screen, button_data(screen, diary_texts.DIARY_TRIGGERS["heat"]))
    assert {"✓ Exercise", "✓ Heat or sweating"} <= set(screen.button_texts)
    asked = await bot.tap_and_wait(screen, button_data(screen, diary_texts.DIARY_NOTE_BUTTON))
    assert asked.text.startswith("✍️ Type your note")
    saved = await bot.say("ran 10 km <b>in the sun</b>")
    assert saved.text.startswith(diary_texts.DIARY_NOTE_SAVED.replace("<b>", ""))
    assert "&lt;b&gt;in the sun&lt;/b&gt;" in (saved.html or "")  # the note is escaped, never markup
    (only,) = stored(bot)
    assert only["severity"] == "severe" and only["before"] == ["exercise", "heat"]
    assert only["note"] == "ran 10 km <b>in the sun</b>"
    # The next message is a question again, not a note.
    await bot.say("why do I cramp?")
    assert "note" not in stored(bot)[0] or stored(bot)[0]["note"] == only["note"]

    # Edit from the diary: the last entry's screen, change how bad, then delete it.
    home = await bot.say("/diary")
    last = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_LAST_BUTTON))
    assert last.text.startswith("✏️") and "✓ Severe" in last.button_texts
    last = await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_SEVERITIES["mild"]))
    assert stored(bot)[0]["severity"] == "mild"
    sure = await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_DELETE_BUTTON))
    kept = await bot.tap_and_wait(sure, button_data(sure, diary_texts.DIARY_DELETE_NO))
    assert len(stored(bot)) == 1 and kept.text.startswith("✏️")
    sure = await bot.tap_and_wait(kept, button_data(kept, diary_texts.DIARY_DELETE_BUTTON))
    gone = await bot.tap_and_wait(sure, button_data(sure, diary_texts.DIARY_DELETE_YES))
    assert gone.text.startswith(diary_texts.DIARY_DELETED) and stored(bot) == []


async def test_a_note_with_a_red_flag_gets_the_urgent_advice_too(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(14, 10))])
    home = await bot.say("/diary")
    last = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_LAST_BUTTON))
    await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_NOTE_BUTTON))
    await bot.say("my calf is swollen, red and hot", replies=2)
    saved, advice = bot.api.sent(bot.USER_ID)[-2:]
    assert (
        saved.text.startswith(diary_texts.DIARY_NOTE_SAVED)
        and stored(bot)[0]["note"] == "my calf is swollen, red and hot"
    )
    expected = bot.services.knowledge.answer("my calf is swollen, red and hot")
    assert expected.urgent and advice.text.startswith("🔴") and "blood clot" in advice.text


async def test_text_long_after_the_note_was_asked_for_is_a_question_again(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(14, 10))])
    home = await bot.say("/diary")
    last = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_LAST_BUTTON))
    await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_NOTE_BUTTON))
    bot.clock.advance(timedelta(minutes=20))
    reply = await bot.say("why do my calves cramp at night?")
    assert "note" not in stored(bot)[0] and not reply.text.startswith(diary_texts.DIARY_NOTE_SAVED)


async def test_the_last_entry_gets_a_new_place_and_time(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(14, 10), severity="bad", note="left leg")])
    home = await bot.say("/diary")
    last = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_LAST_BUTTON))
    where = await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_MOVE_BUTTON))
    when = await bot.tap_and_wait(where, button_data(where, diary_texts.DIARY_PLACES["foot"]))
    days = await bot.tap_and_wait(when, button_data(when, diary_texts.DIARY_ANOTHER_DAY))
    moved = await bot.tap_and_wait(days, button_data(days, "Mon 12 Jan"))
    assert moved.text.startswith("✏️") and "📅 Mon 12 Jan · foot or toes · bad" in moved.text
    (only,) = stored(bot)
    assert only["place"] == "foot" and only["day_only"] is True
    assert only["note"] == "left leg" and only["id"] == "000001"  # the same entry, its details kept
    where = await bot.tap_and_wait(moved, button_data(moved, diary_texts.DIARY_MOVE_BUTTON))
    when = await bot.tap_and_wait(where, button_data(where, diary_texts.DIARY_PLACES["calf"]))
    await bot.tap_and_wait(when, button_data(when, diary_texts.DIARY_WHEN["night"]))
    (only,) = stored(bot)
    assert only["place"] == "calf" and "day_only" not in only and only["at"] == "2026-01-14T02:00:00+00:00"


async def test_an_edit_keeps_entries_this_version_cannot_read(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(13, 23))])
    bot.services.store.append(bot.USER_ID, log.STORE_KEY, {"place": "calf", "at": "not a time"})
    home = await bot.say("/diary")
    last = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_LAST_BUTTON))
    await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_SEVERITIES["bad"]))
    assert {"place": "calf", "at": "not a time"} in stored(bot) and stored(bot)[0]["severity"] == "bad"


# ---------------------------------------------------------------- the relief walkthrough's log


async def test_a_cramp_logged_in_the_walkthrough_is_in_the_diary_and_editable(bot: BotHarness) -> None:
    question = await bot.say("/cramp")
    first = await choose(bot, question, "thigh")
    end, _ = await walk_to_end(bot, first)
    better = await bot.tap_and_wait(end, button_data(end, relief_texts.RELIEF_BETTER_BUTTON))
    await bot.tap_and_wait(better, button_data(better, relief_texts.RELIEF_LOG_BUTTON))
    home = await bot.say("/diary")
    assert "Last: ☀️ Wed 14 Jan 11:00 · thigh · walkthrough" in home.text
    history = await bot.tap_and_wait(home, data("h", 0))
    assert "thigh · walkthrough" in history.text and "1 cramp — 0 at night, 1 by day" in history.text
    last = await bot.tap_and_wait(history, data("e", "last"))
    await bot.tap_and_wait(last, button_data(last, diary_texts.DIARY_TRIGGERS["standing"]))
    (edited,) = stored(bot)
    # Still the walkthrough's entry, in the one format: its keys kept, the detail added.
    assert edited["eased"] is True and edited["place"] == "thigh" and edited["before"] == ["standing"]


# ---------------------------------------------------------------- history


async def test_history_is_newest_first_paged_with_counts_per_week_and_night_day(bot: BotHarness) -> None:
    moments = [local(14 - n // 2, 23 if n % 2 else 15) for n in range(2, 13)]  # 11 in the last 7 days
    old = local(1, 12, month=12)  # 44 days ago: outside the 30 days
    seed(bot, [entry(n, at) for n, at in enumerate(moments)] + [entry(99, old, "foot")])
    home = await bot.say("/diary")
    page = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_HISTORY_BUTTON))
    assert "11 cramps — 5 at night, 6 by day" in page.text
    assert "08 Jan–14 Jan: 11" in page.text and "01 Jan–07 Jan: 0" in page.text
    lines = [line for line in page.text.splitlines() if line.startswith("• ")]
    assert len(lines) == 8 and lines[0].startswith("• 🌙 Tue 13 Jan 23:00")  # newest first
    assert "Page 1 of 2" in page.text and diary_texts.DIARY_NEWER not in page.button_texts
    page2 = await bot.tap_and_wait(page, button_data(page, diary_texts.DIARY_OLDER))
    assert len([line for line in page2.text.splitlines() if line.startswith("• ")]) == 3
    assert "foot" not in page2.text and "Page 2 of 2" in page2.text


# ---------------------------------------------------------------- chart and report


async def test_chart_is_a_png_photo_with_a_caption_in_words(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(13, 2)), entry(2, local(13, 23)), entry(3, local(12, 15))])
    bot.services.store.update(bot.USER_ID, {"reminder_log": [{"d": "2026-01-12", "done": {"hydration": 2}}]})
    home = await bot.say("/diary")
    before = bot.activity(bot.USER_ID)
    await bot.tap(home, button_data(home, diary_texts.DIARY_CHART_BUTTON))
    await bot.wait_activity(bot.USER_ID, before)
    call = bot.api.calls_of("sendPhoto")[-1]
    assert int(call["chat_id"]) == bot.USER_ID
    assert call["photo"].content.startswith(PNG_MAGIC) and len(call["photo"].content) > 5_000
    photo = bot.latest(bot.USER_ID)
    assert photo.kind == "photo"
    assert "Last 7 days: 3 cramps — 2 at night, 1 by day." in (photo.caption or "")
    assert "Water reminder marked done on 1 of 7 days" in (photo.caption or "")
    month = await bot.tap_and_wait(photo, button_data(photo, diary_texts.DIARY_CHART_30))
    assert "Last 30 days" in (month.caption or "")


async def test_report_is_a_pdf_sent_to_that_person_only(bot: BotHarness) -> None:
    other = bot.USER_ID + 1
    seed(bot, [entry(1, local(13, 2), severity="bad", note="after football"), entry(2, local(10, 16))])
    bot.services.store.update(
        bot.USER_ID,
        {
            "check": {"answers": {"diet": ["vegan"], "meds": ["diur"]}, "at": "2026-01-02T10:00:00+00:00"},
            "reminders": {"hydration": {"on": True}},
            "reminder_log": [{"d": "2026-01-12", "done": {"hydration": 3}}],
        },
    )
    await bot.say("/diary", user_id=other)
    reply = await bot.say("/report")
    assert reply.kind == "document"
    call = bot.api.calls_of("sendDocument")[-1]
    assert int(call["chat_id"]) == bot.USER_ID
    upload = call["document"]
    assert upload.filename == "cramp-report-2026-01-14.pdf"
    assert upload.content.startswith(b"%PDF-") and upload.content.rstrip().endswith(b"%%EOF")
    assert upload.content.count(b"/Type /Page\n") + upload.content.count(b"/Type /Page ") == 1  # one page
    assert not [c for c in bot.api.calls_of("sendDocument") if int(c["chat_id"]) == other]


async def test_report_with_an_empty_diary_says_so(bot: BotHarness) -> None:
    reply = await bot.say("/report")
    assert reply.text == diary_texts.DIARY_REPORT_NOTHING


# ---------------------------------------------------------------- insights


async def insights_of(bot: BotHarness) -> SentMessage:
    home = await bot.say("/diary")
    return await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_INSIGHTS_BUTTON))


def title(bot: BotHarness, fact_id: str) -> str:
    fact = bot.services.knowledge.store.fact(fact_id)
    assert fact.file is not None
    return bot.services.knowledge.store.full_titles[fact.file]


async def test_night_heavy_diary_gets_magnesium_and_the_evening_stretch(bot: BotHarness) -> None:
    seed(bot, [entry(n, local(day, 2)) for n, day in enumerate((1, 5, 9))] + [entry(9, local(6, 14))])
    page = await insights_of(bot)
    assert "Most of your cramps come at night</b> (3 of 4" in (page.html or "")
    assert "magnesium" in page.text and title(bot, "e_day_night") in page.text
    assert bot.services.knowledge.store.fact("b_stretch_night").text in page.text
    assert reminder_offer_data("stretch") in page.callback_data
    assert "not medical advice" in page.text


async def test_day_heavy_diary_gets_calcium_with_the_articles_caution(bot: BotHarness) -> None:
    seed(bot, [entry(n, local(day, 15)) for n, day in enumerate((2, 6, 10))])
    page = await insights_of(bot)
    assert "Most of your cramps come by day" in page.text
    assert "calcium" in page.text and "not a perfect correlation" in page.text
    assert title(bot, "e_not_perfect") in page.text
    assert not [d for d in page.callback_data if d.startswith("rm1:o:")]


async def test_exercise_heavy_diary_gets_fluids_and_the_water_reminder(bot: BotHarness) -> None:
    seed(
        bot,
        [entry(n, local(day, hour), before=("exercise",)) for n, (day, hour) in enumerate(((2, 15), (6, 2), (10, 18)))],
    )
    page = await insights_of(bot)
    assert "Exercise or heat came before 3 of 3" in page.text
    assert "electrolytes" in page.text and title(bot, "a_electrolytes") in page.text
    assert reminder_offer_data("hydration") in page.callback_data


async def test_too_few_entries_says_so_instead_of_guessing(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(13, 2)), entry(2, local(12, 3))])
    page = await insights_of(bot)
    assert "fewer than 3 I can't see a pattern" in page.text
    assert "magnesium" not in page.text and not [d for d in page.callback_data if d.startswith("rm1:o:")]


async def test_frequent_or_severe_cramps_point_to_a_doctor_first(bot: BotHarness) -> None:
    seed(bot, [entry(1, local(13, 2), severity="severe")])
    page = await insights_of(bot)
    assert "Worth seeing a doctor" in page.text and "you logged a severe cramp" in page.text
    assert title(bot, "b_faq_doctor") in page.text and "fewer than 3" in page.text
    seed(bot, [entry(n, local(day, 2), note="calf swollen") for n, day in enumerate((10, 12, 13))])
    page = await insights_of(bot)
    lines = page.text.split("\n\n")
    assert "Worth seeing a doctor" in lines[1]  # before any pattern
    assert "3 or more cramps in the last 7 days" in lines[1] and "swelling" in lines[1]


# ---------------------------------------------------------------- privacy


async def test_diary_is_exported_listed_and_forgotten(bot: BotHarness) -> None:
    await bot.start()
    seed(bot, [entry(1, local(13, 2), note="left calf")])
    privacy = await bot.say("/privacy")
    assert "cramp diary" in privacy.text
    reply = await bot.say("/export")
    payload = json.loads(bot.api.calls_of("sendDocument")[-1]["document"].content)
    assert payload["document"][log.STORE_KEY][0]["note"] == "left calf"
    assert reply.kind == "document"
    confirm = await bot.say("/forget")
    await bot.tap_and_wait(confirm, pack(PRIVACY, "forget", "yes"))
    assert bot.services.store.get(bot.USER_ID) is None
    home = await bot.say("/diary")
    assert "Nothing logged yet" in home.text
    data_dir = bot.services.settings.data_dir
    assert not any(b"left calf" in path.read_bytes() for path in data_dir.rglob("*") if path.is_file())


async def test_forged_diary_buttons_are_answered_as_stale(bot: BotHarness) -> None:
    home = await bot.say("/diary")
    for forged in ("dy1:w:elbow", "dy1:s:zzzzzz:severe", "dy1:c:9", "dy1:n:abcdef:calf:soon", "dy1"):
        query = await bot.tap(home, forged)
        assert bot.answer_text(query) == common_texts.STALE_BUTTON


async def test_diary_is_in_the_main_menu(bot: BotHarness) -> None:
    menu = await bot.start()
    assert diary_texts.DIARY_MENU_BUTTON in menu.button_texts
    home = await bot.tap_and_wait(menu, button_data(menu, diary_texts.DIARY_MENU_BUTTON))
    assert "Your cramp diary" in home.text
    assert all(len(d.encode()) <= 64 for d in home.callback_data)


# ---------------------------------------------------------------- the weekly summary


async def sunday_summaries(bot: BotHarness, moment: datetime) -> list[SentMessage]:
    """Move the clock to `moment`, run the minute tick as the JobQueue does, return new summaries."""
    before = len(bot.api.sent(bot.USER_ID))
    bot.clock.set(moment)
    await bot.services.reminders.tick()
    await bot.services.reminders.drain()
    new = bot.api.sent(bot.USER_ID)[before:]
    return [m for m in new if "Your week" in (m.text or "")]


async def opt_in_from_the_diary(bot: BotHarness) -> None:
    """The diary's weekly button is the reminders' offer of that kind: the time zone first, then on."""
    await bot.start()
    home = await bot.say("/diary")
    question = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_WEEKLY_OFF_BUTTON))
    assert question.message_id != home.message_id  # the reminders feature answers in a new message
    await bot.tap_and_wait(question, pack("tz1", "set", "Europe/Berlin", "weekly"))
    reminders = (bot.services.store.get(bot.USER_ID) or {})["reminders"]
    assert {kind: cfg["on"] for kind, cfg in reminders.items()} == {
        "hydration": False,
        "stretch": False,
        "food": False,
        "weekly": True,
    }
    home = await bot.say("/diary")
    assert diary_texts.DIARY_WEEKLY_ON_BUTTON in home.button_texts


async def test_weekly_summary_sunday_evening_once_a_week_and_only_with_entries(bot: BotHarness) -> None:
    await opt_in_from_the_diary(bot)
    overview = await bot.say("/reminders")
    assert "📓 Weekly summary: on — Sundays 19:00" in overview.text
    # A week without entries: nothing at all on Sunday 18 Jan, 19:00 in Berlin (18:00 UTC).
    assert await sunday_summaries(bot, datetime(2026, 1, 18, 18, 0, 30, tzinfo=UTC)) == []
    assert bot.services.reminders.stats["empty"] == 1
    # Two cramps in the week after, one the week before: sent once, on Sunday 25 Jan at 19:00.
    seed(bot, [entry(1, local(17, 2)), entry(2, local(20, 2)), entry(3, local(23, 15))])
    assert await sunday_summaries(bot, datetime(2026, 1, 24, 18, 0, 30, tzinfo=UTC)) == []  # Saturday
    (summary,) = await sunday_summaries(bot, datetime(2026, 1, 25, 18, 0, 30, tzinfo=UTC))
    assert "2 cramps logged — 1 at night, 1 by day; more than the week before (1)" in summary.text
    assert data("home") in summary.callback_data
    assert await sunday_summaries(bot, datetime(2026, 1, 25, 18, 5, 30, tzinfo=UTC)) == []  # once
    assert await sunday_summaries(bot, datetime(2026, 1, 26, 18, 0, 30, tzinfo=UTC)) == []  # Monday
    # The summary's own button turns it off.
    await bot.tap_and_wait(summary, button_data(summary, diary_texts.DIARY_WEEKLY_STOP_BUTTON))
    assert (bot.services.store.get(bot.USER_ID) or {})["reminders"]["weekly"]["on"] is False
    seed(bot, [entry(4, local(30, 2))])
    assert await sunday_summaries(bot, datetime(2026, 2, 1, 18, 0, 30, tzinfo=UTC)) == []


async def test_weekly_summary_follows_local_time_across_the_dst_change(bot: BotHarness) -> None:
    await opt_in_from_the_diary(bot)
    seed(bot, [entry(1, local(20, 2, month=3)), entry(2, local(27, 2, month=3))])
    # Sun 22 Mar: winter time, 19:00 in Berlin is 18:00 UTC.
    assert await sunday_summaries(bot, datetime(2026, 3, 22, 17, 0, 30, tzinfo=UTC)) == []
    assert len(await sunday_summaries(bot, datetime(2026, 3, 22, 18, 0, 30, tzinfo=UTC))) == 1
    # Sun 29 Mar, the first day of summer time: 19:00 in Berlin is 17:00 UTC, and only then.
    assert len(await sunday_summaries(bot, datetime(2026, 3, 29, 17, 0, 30, tzinfo=UTC))) == 1
    assert await sunday_summaries(bot, datetime(2026, 3, 29, 18, 0, 30, tzinfo=UTC)) == []


async def test_weekly_summary_can_be_switched_off_from_the_diary(bot: BotHarness) -> None:
    await opt_in_from_the_diary(bot)
    home = await bot.say("/diary")
    off = await bot.tap_and_wait(home, button_data(home, diary_texts.DIARY_WEEKLY_ON_BUTTON))
    assert off.text.startswith(diary_texts.DIARY_WEEKLY_OFF) and diary_texts.DIARY_WEEKLY_OFF_BUTTON in off.button_texts
    assert (bot.services.store.get(bot.USER_ID) or {})["reminders"]["weekly"]["on"] is False
