"""The chart (PNG) and the one-page report (PDF), drawn with matplotlib, off the event loop.

matplotlib is imported inside the drawing functions, never at module import: the bot's start-up
does not pay for it. Each call builds its own `Figure` on the Agg canvas (no pyplot, no global
state). `off_loop` runs a drawing in a worker process: matplotlib's C++ drawing and zlib hold the
GIL for long stretches, so in a thread (`asyncio.to_thread`) 20 renders at once stalled the loop
for up to ~1 s (bench/diary.py measures both). The worker is started on first use and lives on;
matplotlib is loaded there, not in the bot. This module imports nothing of ours, so the worker
loads only it and the standard library.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import textwrap
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

NIGHT_COLOR = "#2f3e8f"
DAY_COLOR = "#f2a03d"
UNKNOWN_COLOR = "#b8b8b8"
WATER_COLOR = "#2a9df4"
TEXT_COLOR = "#222222"


@dataclass(frozen=True)
class Day:
    """One bar of the chart: a local day's cramps by night/day/unknown, and whether water was done."""

    day: date
    night: int
    daytime: int
    unknown: int
    water_done: bool

    @property
    def total(self) -> int:
        return self.night + self.daytime + self.unknown


@dataclass(frozen=True)
class ChartLabels:
    """Every word on the chart (the texts live with the handler's texts)."""

    title: str
    night: str
    day: str
    unknown: str
    water: str
    # One label per day of the series, in the person's language (the caller's words); empty: strftime's.
    day_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    heading: str
    lines: tuple[str, ...]


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure


def draw_chart(axes: Any, days: Sequence[Day], labels: ChartLabels, font: float) -> None:
    """Stacked bars (night, day, time unknown) per day, and a water drop under days water was done."""
    xs = list(range(len(days)))
    width = 0.7 if len(days) <= 7 else 0.8
    # Only the days with cramps get bars: most days have none, and every bar is an artist to draw.
    shown = [(x, d) for x, d in zip(xs, days, strict=True) if d.total]
    bar_x = [x for x, _ in shown]
    night = [d.night for _, d in shown]
    daytime = [d.daytime for _, d in shown]
    unknown = [d.unknown for _, d in shown]
    axes.bar(bar_x, night, width, color=NIGHT_COLOR, label=labels.night)
    axes.bar(bar_x, daytime, width, bottom=night, color=DAY_COLOR, label=labels.day)
    if any(unknown):
        axes.bar(
            bar_x,
            unknown,
            width,
            bottom=[n + d for n, d in zip(night, daytime, strict=True)],
            color=UNKNOWN_COLOR,
            label=labels.unknown,
        )
    top = max([d.total for d in days] + [2])
    water = [x for x, d in zip(xs, days, strict=True) if d.water_done]
    if water:
        axes.scatter(
            water,
            [-0.12 * top] * len(water),
            marker="o",
            s=font * 6,
            color=WATER_COLOR,
            label=labels.water,
            clip_on=False,
            zorder=3,
        )
    axes.set_ylim(-0.2 * top if water else 0, top * 1.15)
    axes.set_yticks(range(0, top + 1, max(1, (top + 3) // 4)))
    step = 1 if len(days) <= 7 else 7
    ticks = [x for x in xs if (len(xs) - 1 - x) % step == 0]
    fmt = "%a" if len(days) <= 7 else "%d %b"
    names = labels.day_names if len(labels.day_names) == len(days) else [d.day.strftime(fmt) for d in days]
    axes.set_xticks(ticks, [names[x] for x in ticks])
    axes.tick_params(labelsize=font, length=0, colors=TEXT_COLOR)
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    axes.axhline(0, color="#888888", linewidth=1)
    axes.grid(axis="y", color="#e6e6e6", linewidth=1)
    axes.set_axisbelow(True)
    axes.set_xlim(-0.6, len(days) - 0.4)


def legend(figure: Any, axes: Any, font: float, anchor: tuple[float, float]) -> None:
    """Above the bars, never over them: the tallest day stays readable."""
    handles, names = axes.get_legend_handles_labels()
    # Night, day, unknown, water: the order of the bars from the bottom up, then the dots.
    pairs = sorted(zip(handles, names, strict=True), key=lambda pair: not hasattr(pair[0], "patches"))
    handles, names = [h for h, _ in pairs], [n for _, n in pairs]
    figure.legend(
        handles,
        names,
        loc="upper left",
        bbox_to_anchor=anchor,
        ncols=2,
        fontsize=font,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.5,
    )


def chart_png(days: Sequence[Day], labels: ChartLabels) -> bytes:
    """A phone-friendly PNG (1200×900 px: large type, no chart junk)."""
    figure = _figure(8, 6)
    axes = figure.add_subplot()
    figure.suptitle(labels.title, fontsize=24, color=TEXT_COLOR, x=0.03, ha="left", fontweight="bold")
    draw_chart(axes, days, labels, font=18)
    legend(figure, axes, 15, (0.02, 0.92))
    figure.subplots_adjust(left=0.08, right=0.94, top=0.79, bottom=0.08)
    buffer = io.BytesIO()
    # Fast zlib: the PNG is ~1.5x larger (still ~80 KB) and encodes several times faster.
    figure.savefig(buffer, format="png", dpi=150, facecolor="white", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


# The page's text budget: characters per line at each size (A4, DejaVu Sans) and where lines stop.
LINE_WRAP = 108
SUBTITLE_WRAP = 92
FOOTER_WRAP = 125
LINE_STEP = 0.0155
PAGE_BOTTOM = 0.075


def report_pdf(
    title: str, subtitle: str, days: Sequence[Day], labels: ChartLabels, sections: Sequence[ReportSection], footer: str
) -> bytes:
    """One A4 page: title, the chart, then the sections (counts, entries, adherence, what was told).
    Long lines wrap; what would run past the page's foot is cut with "…"."""
    figure = report_figure(title, subtitle, days, labels, sections, footer)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf")
    return buffer.getvalue()


def _wrapped(line: str) -> list[str]:
    return textwrap.wrap(line, LINE_WRAP, subsequent_indent="    ") or [""]


def report_figure(
    title: str, subtitle: str, days: Sequence[Day], labels: ChartLabels, sections: Sequence[ReportSection], footer: str
) -> Any:
    """The report's page as a matplotlib Figure (the PDF's content; also drawable as PNG to look at)."""
    figure = _figure(8.27, 11.69)
    figure.text(0.07, 0.96, title, fontsize=17, fontweight="bold", color=TEXT_COLOR, va="top")
    figure.text(0.07, 0.935, "\n".join(textwrap.wrap(subtitle, SUBTITLE_WRAP)), fontsize=10, color="#555555", va="top")
    axes = figure.add_axes((0.09, 0.68, 0.86, 0.2))
    draw_chart(axes, days, labels, font=8)
    legend(figure, axes, 8, (0.07, 0.905))
    y = 0.645
    for section in sections:
        if y < PAGE_BOTTOM + 2 * LINE_STEP:
            break
        figure.text(0.07, y, section.heading, fontsize=11, fontweight="bold", color=TEXT_COLOR, va="top")
        y -= 0.021
        for line in (part for raw in section.lines for part in _wrapped(raw)):
            if y < PAGE_BOTTOM:
                figure.text(0.09, y + LINE_STEP / 2, "…", fontsize=8.5, color=TEXT_COLOR, va="top")
                break
            figure.text(0.09, y, line, fontsize=8.5, color=TEXT_COLOR, va="top")
            y -= LINE_STEP
        y -= 0.01
    figure.text(0.07, 0.03, "\n".join(textwrap.wrap(footer, FOOTER_WRAP)), fontsize=7.5, color="#555555", va="bottom")
    return figure


# ---------------------------------------------------------------- off the event loop

WORKERS = 1  # one drawing at a time: the 2-core machine keeps a core for the bot itself
_pool: ProcessPoolExecutor | None = None
T = TypeVar("T")


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: forking a process that runs threads (the bot's) can copy held locks.
        _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def off_loop(draw: Callable[..., T], *args: Any) -> T:
    """`draw(*args)` in the drawing process; a worker that died is replaced once."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_executor(), draw, *args)
    except BrokenProcessPool:
        shutdown()
        return await loop.run_in_executor(_executor(), draw, *args)


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
