"""The diary's pure logic without Telegram: the one entry format, night and day in local time,
the "when" choices, insights (each traceable to its article), and the drawings."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from diary import entries as log
from diary import insights, render, stats
from diary.entries import Entry, from_doc, to_doc
from handlers.callbacks import MAX_CALLBACK_BYTES
from handlers.diary import buttons
from handlers.relief.session import LogEntry, log_doc
from knowledge.store import FactStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)


def at(day: int, hour: int, month: int = 1, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=zone).astimezone(UTC)


# ---------------------------------------------------------------- the one format


def test_the_walkthroughs_log_entry_is_a_diary_entry_and_round_trips_unchanged() -> None:
    stored = log_doc(LogEntry(NOW, "calf", True, 3))
    entry = from_doc(stored)
    assert entry is not None and entry.place == "calf" and entry.eased is True and entry.steps == 3
    assert entry.id.startswith("r") and to_doc(entry) == stored  # no second shape, no new keys


def test_a_diary_entry_round_trips_with_every_detail() -> None:
    entry = Entry("a1b2c3", NOW, "foot", "bad", ("exercise", "heat"), "hot day", False)
    assert from_doc(to_doc(entry)) == entry


@pytest.mark.parametrize("raw", [None, "x", {"place": "calf"}, {"at": "soon", "place": "calf"}, {"at": 3}])
def test_unreadable_entries_are_left_out_not_fatal(raw: object) -> None:
    assert from_doc(raw) is None


def test_replacing_one_entry_keeps_the_others_even_unreadable_ones() -> None:
    one, two = to_doc(Entry("aaaaaa", NOW, "calf")), to_doc(Entry("bbbbbb", NOW, "foot"))
    odd = {"weird": True}
    edited = log.replaced([one, odd, two], "bbbbbb", Entry("bbbbbb", NOW, "foot", "mild"))
    assert edited == [one, odd, {**two, "severity": "mild"}]
    assert log.replaced([one, odd, two], "aaaaaa", None) == [odd, two]


def test_none_of_these_clears_the_other_triggers_and_toggles() -> None:
    entry = Entry("aaaaaa", NOW, "calf")
    entry = log.with_trigger(log.with_trigger(entry, "exercise"), "heat")
    assert entry.before == ("exercise", "heat")
    assert log.with_trigger(entry, "none").before == ("none",)
    assert log.with_trigger(log.with_trigger(entry, "none"), "heat").before == ("heat",)
    assert log.with_trigger(entry, "heat").before == ("exercise",)
    assert log.with_severity(log.with_severity(entry, "bad"), "bad").severity is None


# ---------------------------------------------------------------- time


def test_night_is_22_to_06_local_across_a_dst_change() -> None:
    # 30 Mar 2026 is the first day of summer time in Berlin: 04:30 UTC is 06:30 local (day),
    # though in winter 04:30 UTC would be 05:30 local (night).
    summer = Entry("aaaaaa", datetime(2026, 3, 30, 4, 30, tzinfo=UTC), "calf")
    winter = Entry("bbbbbb", datetime(2026, 3, 28, 4, 30, tzinfo=UTC), "calf")
    assert stats.period(summer, BERLIN) == "day" and stats.period(winter, BERLIN) == "night"
    assert stats.period(Entry("cccccc", at(13, 12), "calf", day_only=True), BERLIN) == "unknown"


def test_when_choices_resolve_in_the_persons_zone() -> None:
    assert stats.resolve_when("now", NOW, BERLIN) == NOW
    assert stats.resolve_when("night", NOW, BERLIN) == at(14, 3)
    assert stats.resolve_when("today", NOW, BERLIN) == NOW - timedelta(hours=2)  # 09:00 local
    early = at(14, 7)
    assert stats.resolve_when("today", early, BERLIN) == at(14, 6)  # not before the morning began
    before_three = at(14, 1)
    assert stats.resolve_when("night", before_three, BERLIN) == at(13, 23)  # never in the future
    assert stats.pickable_days(NOW, BERLIN)[0] == date(2026, 1, 13) and len(stats.pickable_days(NOW, BERLIN)) == 7


def test_daily_series_counts_night_day_unknown_and_water_days() -> None:
    entries = [
        Entry("a00001", at(13, 2), "calf"),
        Entry("a00002", at(13, 15), "calf"),
        Entry("a00003", at(12, 12), "calf", day_only=True),
    ]
    water = stats.done_days([{"d": "2026-01-12", "done": {"hydration": 1}}, {"d": "bad"}], "hydration")
    series = stats.daily(entries, NOW, BERLIN, 7, water)
    assert [d.day for d in series][-1] == date(2026, 1, 14) and len(series) == 7
    by_day = {d.day: d for d in series}
    assert (by_day[date(2026, 1, 13)].night, by_day[date(2026, 1, 13)].daytime) == (1, 1)
    assert by_day[date(2026, 1, 12)].unknown == 1 and by_day[date(2026, 1, 12)].water_done


# ---------------------------------------------------------------- insights


def test_every_insight_sentence_is_a_seed_fact_quoted_from_its_article() -> None:
    store = FactStore.shipped()
    raw = {fact["id"]: fact for fact in json.loads((ROOT / "knowledge" / "data" / "facts.json").read_text())}
    for fact_id in insights.fact_ids():
        fact = store.fact(fact_id)
        assert fact.file is not None and store.full_titles[fact.file]
        article = re.sub(r"\s+", " ", (SEEDS / fact.file).read_text(encoding="utf-8")).lower()
        for quote in raw[fact_id]["quote"]:
            assert re.sub(r"\s+", " ", quote).lower() in article, (fact_id, quote)


def test_insight_rules_point_at_the_right_subjects() -> None:
    store = FactStore.shipped()
    rules = insights.rules()
    assert any("magnesium" in store.fact(f).topics for f in rules["night"].facts) and rules["night"].offer == "stretch"
    assert "e_not_perfect" in rules["day"].facts  # calcium only with the articles' own caution
    assert any("exercise" in store.fact(f).topics for f in rules["exercise"].facts)
    assert rules["exercise"].offer == "hydration"
    assert "doctor" in store.fact(rules["doctor"].facts[0]).kind


def test_getting_more_frequent_is_a_reason_for_the_doctor() -> None:
    entries = [Entry(f"a0000{n}", at(day, 2), "calf") for n, day in enumerate((5, 12, 13))]
    found = insights.find(entries, NOW, BERLIN)
    assert found.findings[0].rule.id == "doctor" and found.findings[0].reasons == ("rising",)
    assert [f.rule.id for f in found.findings[1:]] == ["night"]


# ---------------------------------------------------------------- callback data


def test_every_diary_button_fits_and_decodes() -> None:
    samples = [
        buttons.data("n", "abcdef", "thigh", "20260111"),
        buttons.data("b", "r12345", "standing"),
        buttons.data("xy", "abcdef"),
        buttons.data("h", 99),
        buttons.data("e", "last"),
    ]
    for sample in samples:
        assert len(sample.encode()) <= MAX_CALLBACK_BYTES
        assert buttons.decode(sample).action == sample.split(":")[1]
    with pytest.raises(buttons.ForgedButton):
        buttons.decode("dy1:n:abcdef:calf:20260231")  # no such day


# ---------------------------------------------------------------- drawing


def test_matplotlib_is_not_imported_at_start_up() -> None:
    code = "import sys, bot.app, bot.__main__, handlers, diary.render; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


async def test_chart_and_report_render_in_the_drawing_process_at_once() -> None:
    series = stats.daily([Entry("a00001", at(13, 2), "calf")], NOW, BERLIN, 30, {date(2026, 1, 12)})
    labels = render.ChartLabels("Cramps", "Night", "Day", "Unknown", "Water")
    pngs = await asyncio.gather(*(render.off_loop(render.chart_png, series, labels) for _ in range(3)))
    assert len(set(pngs)) == 1 and pngs[0].startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(pngs[0][16:20], "big"), int.from_bytes(pngs[0][20:24], "big")
    assert (width, height) == (1200, 900)  # phone-sized, 4:3
    pdf = render.report_pdf("Report", "sub", series, labels, [render.ReportSection("Counts", ("1 cramp",))], "foot")
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type /Page\b", pdf)) == 1
