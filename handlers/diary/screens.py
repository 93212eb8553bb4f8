"""Texts and keyboards of the diary's screens, from entries and the person's zone (no store, no bot)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from diary import insights as finder
from diary.entries import SEVERITIES, TRIGGERS, Entry
from diary.render import ChartLabels, Day, ReportSection
from diary.stats import counts, period, pickable_days, recent, weeks
from handlers.callbacks import MENU, REMINDER_BUTTONS, pack, reminder_offer_data
from handlers.diary.buttons import LAST, data, day_code
from handlers.i18n import day_month, short_day, tr, weekday_short
from handlers.texts import common as common_texts
from handlers.texts import diary as diary_texts
from knowledge import KnowledgeBase
from knowledge.models import PLACES

View = tuple[str, InlineKeyboardMarkup]
PAGE_SIZE = 8
NOTE_IN_LIST = 80  # a note is cut in lists so a page stays well under Telegram's 4096 characters
REPORT_ENTRY_LINES = 22  # what fits on the one page under the chart and the other sections


def _button(text: str, callback: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback)


def _rows(*rows: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(text, callback) for text, callback in row] for row in rows])


def local_label(entry: Entry, zone: tzinfo) -> str:
    local = entry.at.astimezone(zone)
    return short_day(local) if entry.day_only else f"{short_day(local)} {local:%H:%M}"


def entry_line(entry: Entry, zone: tzinfo, note_limit: int | None = None) -> str:
    note = entry.note
    if note is not None and note_limit is not None and len(note) > note_limit:
        note = note[: note_limit - 1] + "…"
    return diary_texts.diary_entry_line(
        local_label(entry, zone),
        period(entry, zone),
        entry.place,
        entry.severity,
        list(entry.before),
        note,
        entry.from_relief,
    )


# ---------------------------------------------------------------- the first screen


def home(entries: Sequence[Entry], now: datetime, zone: tzinfo, weekly_on: bool) -> View:
    """Counts in two lines, "where?" buttons (tap 1 of logging), then the diary's other screens."""
    month = recent(entries, now)
    numbers = counts(month, zone)
    week = len(recent(entries, now, 7))
    last = entry_line(entries[-1], zone, NOTE_IN_LIST) if entries else None
    text = diary_texts.diary_home(week, numbers.total, numbers.night, numbers.day, last)
    places = [(tr(diary_texts.DIARY_PLACES[place]), data("w", place)) for place in PLACES]
    rows: list[Sequence[tuple[str, str]]] = [places[:2], places[2:]]
    rows.append(
        [(tr(diary_texts.DIARY_HISTORY_BUTTON), data("h", 0)), (tr(diary_texts.DIARY_CHART_BUTTON), data("c", 7))]
    )
    rows.append([(tr(diary_texts.DIARY_INSIGHTS_BUTTON), data("i")), (tr(diary_texts.DIARY_REPORT_BUTTON), data("r"))])
    lower: list[tuple[str, str]] = []  # the last entry and the weekly summary, side by side
    if entries:
        lower.append((tr(diary_texts.DIARY_LAST_BUTTON), data("e", LAST)))
    if weekly_on:
        lower.append((tr(diary_texts.DIARY_WEEKLY_ON_BUTTON), data("k", 0)))
    else:
        lower.append((tr(diary_texts.DIARY_WEEKLY_OFF_BUTTON), reminder_offer_data("weekly")))
    rows.append(lower)
    rows.append([(tr(common_texts.MENU_BUTTON), pack(MENU, "home"))])
    return text, _rows(*rows)


# ---------------------------------------------------------------- logging


def when_screen(entry_id: str, place: str, moving: bool = False) -> View:
    """ "When?" for a new entry, or (`moving`) for an entry being given a new place and time."""
    code = "m" if moving else ""
    choices = [
        (tr(diary_texts.DIARY_WHEN[when]), data(f"{code}n", entry_id, place, when)) for when in diary_texts.DIARY_WHEN
    ]
    back = data("e", entry_id) if moving else data("menu")
    return diary_texts.diary_when(place), _rows(
        choices[:1],
        choices[1:],
        [(tr(diary_texts.DIARY_ANOTHER_DAY), data(f"{code}o", entry_id, place))],
        [(tr(diary_texts.DIARY_BACK_BUTTON) if not moving else tr(diary_texts.DIARY_BACK_TO_ENTRY), back)],
    )


def day_screen(entry_id: str, place: str, now: datetime, zone: tzinfo, moving: bool = False) -> View:
    code = "mn" if moving else "n"
    days = [(short_day(day), data(code, entry_id, place, day_code(day))) for day in pickable_days(now, zone)]
    rows = [days[n : n + 2] for n in range(0, len(days), 2)]
    back = data("mw", entry_id, place) if moving else data("w", place)
    return diary_texts.diary_pick_day(place), _rows(
        *rows, [(tr(diary_texts.DIARY_BACK_TO_ENTRY) if moving else tr(diary_texts.DIARY_BACK_BUTTON), back)]
    )


def move_screen(entry: Entry, zone: tzinfo) -> View:
    """Change where and when of an entry: "where?" with the entry's id, then "when?"."""
    places = [(tr(diary_texts.DIARY_PLACES[place]), data("mw", entry.id, place)) for place in PLACES]
    return diary_texts.diary_move(entry_line(entry, zone)), _rows(
        places[:2], places[2:], [(tr(diary_texts.DIARY_BACK_TO_ENTRY), data("e", entry.id))]
    )


def entry_screen(entry: Entry, zone: tzinfo, logged_now: bool) -> View:
    """How bad and what came before (toggles, ticked when chosen), a note, delete, done."""

    def tick(chosen: bool, label: str) -> str:
        return f"✓ {label}" if chosen else label

    severities = [
        (tick(entry.severity == s, tr(diary_texts.DIARY_SEVERITIES[s])), data("s", entry.id, s)) for s in SEVERITIES
    ]
    triggers = [(tick(t in entry.before, tr(diary_texts.DIARY_TRIGGERS[t])), data("b", entry.id, t)) for t in TRIGGERS]
    text = diary_texts.diary_entry_screen(entry_line(entry, zone), logged_now)
    return text, _rows(
        severities,
        triggers[:2],
        triggers[2:4],
        triggers[4:],
        [
            (tr(diary_texts.DIARY_NOTE_BUTTON), data("t", entry.id)),
            (tr(diary_texts.DIARY_MOVE_BUTTON), data("m", entry.id)),
        ],
        [(tr(diary_texts.DIARY_DELETE_BUTTON), data("x", entry.id)), (tr(diary_texts.DIARY_DONE_BUTTON), data("menu"))],
    )


def back_to_entry(entry_id: str) -> InlineKeyboardMarkup:
    return _rows([(tr(diary_texts.DIARY_BACK_TO_ENTRY), data("e", entry_id))])


def delete_screen(entry: Entry, zone: tzinfo) -> View:
    return f"{tr(diary_texts.DIARY_DELETE_CONFIRM)}\n{entry_line(entry, zone)}", _rows(
        [
            (tr(diary_texts.DIARY_DELETE_YES), data("xy", entry.id)),
            (tr(diary_texts.DIARY_DELETE_NO), data("e", entry.id)),
        ],
    )


# ---------------------------------------------------------------- history


def history(entries: Sequence[Entry], now: datetime, zone: tzinfo, page: int) -> View:
    month = recent(entries, now)
    numbers = counts(month, zone)
    pages = max(1, -(-len(month) // PAGE_SIZE))
    page = min(page, pages - 1)
    shown = month[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    week_labels = [
        diary_texts.diary_week_label(day_month(w.first), day_month(w.last), w.count)
        for w in weeks(month, now, zone, number=4)
    ]
    text = diary_texts.diary_history(
        numbers.total,
        numbers.night,
        numbers.day,
        numbers.unknown,
        week_labels,
        [entry_line(e, zone, NOTE_IN_LIST) for e in shown],
        page,
        pages,
    )
    paging: list[tuple[str, str]] = []
    if page > 0:
        paging.append((tr(diary_texts.DIARY_NEWER), data("h", page - 1)))
    if page + 1 < pages:
        paging.append((tr(diary_texts.DIARY_OLDER), data("h", page + 1)))
    return text, _rows(*([paging] if paging else []), [(tr(diary_texts.DIARY_BACK_BUTTON), data("menu"))])


# ---------------------------------------------------------------- chart


def chart_labels(days: int, series: Sequence[Day] = ()) -> ChartLabels:
    """The chart's words in the current language, made here: the chart is drawn in a worker thread."""
    words = {key: tr(msgid) for key, msgid in diary_texts.DIARY_CHART_LABELS.items()}
    name = weekday_short if len(series) <= 7 else day_month
    return ChartLabels(
        diary_texts.diary_chart_title(days),
        words["night"],
        words["day"],
        words["unknown"],
        words["water"],
        tuple(name(d.day) for d in series),
    )


def chart_caption(days: Sequence[Day]) -> str:
    total = sum(d.total for d in days)
    busiest = max(days, key=lambda d: d.total) if total else None
    busy_label = None
    if busiest is not None and busiest.total > 1:
        busy_label = f"{short_day(busiest.day)} ({busiest.total})"
    return diary_texts.diary_chart_caption(
        len(days),
        total,
        sum(d.night for d in days),
        sum(d.daytime for d in days),
        sum(d.unknown for d in days),
        sum(1 for d in days if d.water_done),
        busy_label,
    )


def chart_keyboard() -> InlineKeyboardMarkup:
    return _rows(
        [(tr(diary_texts.DIARY_CHART_7), data("c", 7)), (tr(diary_texts.DIARY_CHART_30), data("c", 30))],
        [(tr(diary_texts.DIARY_BACK_BUTTON), data("home"))],
    )


# ---------------------------------------------------------------- the weekly summary


def weekly_summary(entries: Sequence[Entry], at: datetime, zone: tzinfo) -> View | None:
    """Sunday's message: the week's numbers beside the week before; None in a week without entries."""
    this, previous = weeks(entries, at, zone, number=2)
    if this.count == 0:
        return None
    week = [e for e in entries if this.first <= e.at.astimezone(zone).date() <= this.last]
    numbers = counts(week, zone)
    text = diary_texts.diary_weekly_summary(this.count, previous.count, numbers.night, numbers.day, chart_hint=True)
    return text, _rows(
        [(tr(diary_texts.DIARY_OPEN_BUTTON), data("home")), (tr(diary_texts.DIARY_CHART_BUTTON), data("c", 7))],
        [(tr(diary_texts.DIARY_WEEKLY_STOP_BUTTON), pack(REMINDER_BUTTONS, "o", "weekly"))],
    )


# ---------------------------------------------------------------- insights


def insights(entries: Sequence[Entry], now: datetime, zone: tzinfo, knowledge: KnowledgeBase) -> View:
    """The findings, each quoting its seed facts with the article's title, and the reminder that fits."""
    found = finder.find(entries, now, zone)
    parts = [tr(diary_texts.DIARY_INSIGHTS_HEAD)]
    offers: list[str] = []
    for finding in found.findings:
        parts.append(diary_texts.diary_insight(lead(finding), fact_sentences(knowledge, finding.rule.facts)))
        if finding.rule.offer is not None and finding.rule.offer not in offers:
            offers.append(finding.rule.offer)
    if found.too_few:
        parts.append(diary_texts.diary_too_few(found.total))
    elif len(parts) == 1 or all(f.rule.id == "doctor" for f in found.findings):
        parts.append(tr(diary_texts.DIARY_NO_PATTERN))
    parts.append(tr(common_texts.DISCLAIMER))
    rows = [[(tr(diary_texts.DIARY_OFFERS[kind]), reminder_offer_data(kind))] for kind in offers]
    return "\n\n".join(parts), _rows(*rows, [(tr(diary_texts.DIARY_BACK_BUTTON), data("menu"))])


def lead(finding: finder.Finding) -> str:
    reasons = ", ".join(tr(diary_texts.DIARY_DOCTOR_REASONS[r]) for r in finding.reasons)
    return tr(diary_texts.DIARY_INSIGHT_LEADS[finding.rule.id]).format(
        count=finding.count, total=finding.total, reasons=reasons
    )


def fact_sentences(knowledge: KnowledgeBase, fact_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(the fact's text, its article's full title) from the knowledge store's records."""
    found = []
    for fact_id in fact_ids:
        fact = knowledge.store.fact(fact_id)
        assert fact.file is not None  # insight facts are article facts, never general safety lines
        found.append((fact.text, knowledge.store.full_titles[fact.file]))
    return found


# ---------------------------------------------------------------- the report


def report_sections(
    entries: Sequence[Entry], now: datetime, zone: tzinfo, adherence: dict[str, int] | None, told: list[str]
) -> list[ReportSection]:
    month = recent(entries, now)
    numbers = counts(month, zone)
    week_labels = [f"{day_month(w.first)}–{day_month(w.last)}: {w.count}" for w in weeks(month, now, zone, number=5)]
    lines = [_plain_entry(entry, zone) for entry in month[:REPORT_ENTRY_LINES]]
    if len(month) > REPORT_ENTRY_LINES:
        lines.append(tr(diary_texts.REPORT_MORE_ENTRIES).format(count=len(month) - REPORT_ENTRY_LINES))
    if adherence is None:
        done = [tr(diary_texts.REPORT_ADHERENCE_NONE)]
    else:
        done = [
            "; ".join(f"{tr(diary_texts.REPORT_KIND_NAMES.get(k, k))}: {n} of 30 days" for k, n in adherence.items())
        ]
    return [
        ReportSection(
            tr(diary_texts.REPORT_COUNTS),
            tuple(diary_texts.report_counts(numbers.total, numbers.night, numbers.day, numbers.unknown, week_labels)),
        ),
        ReportSection(tr(diary_texts.REPORT_ADHERENCE), tuple(done)),
        ReportSection(tr(diary_texts.REPORT_TOLD), tuple(told) or (tr(diary_texts.REPORT_NOTHING_TOLD),)),
        # Last: the one section that may be cut at the page's foot (the app keeps them all).
        ReportSection(tr(diary_texts.REPORT_ENTRIES), tuple(lines)),
    ]


def _plain_entry(entry: Entry, zone: tzinfo) -> str:
    """An entry for the PDF: plain text (no HTML), the note cut to fit one line."""
    when = tr(diary_texts.REPORT_PERIOD_WORDS[period(entry, zone)])
    parts = [local_label(entry, zone), when, tr(diary_texts.DIARY_PLACE_WORDS.get(entry.place, entry.place))]
    if entry.severity:
        parts.append(tr(diary_texts.DIARY_SEVERITIES.get(entry.severity, entry.severity)).lower())
    parts += [tr(diary_texts.DIARY_TRIGGER_WORDS[t]) for t in entry.before]
    if entry.from_relief:
        parts.append(tr(diary_texts.REPORT_EASED if entry.eased else diary_texts.REPORT_WALKTHROUGH))
    line = " · ".join(parts)
    if entry.note:
        note = entry.note if len(entry.note) <= 70 else entry.note[:69] + "…"
        line += f" — “{note}”"
    return line
