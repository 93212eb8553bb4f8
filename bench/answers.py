"""Answer quality and latency, per labelled set (one case format: q, topics, urgent, split, [lang, level]).

    python bench/answers.py [--json] [--data FILE ...] [--loso] [--no-model] [--misses]

Per set: top-1, first expected topic in the top 3, any expected topic in the top 3, out-of-scope
recognised, in-scope refused, urgent recall (overall and per language), false alarms, the answers'
levels (urgent / see_doctor / null: their distribution, and agreement where a case labels `level`),
and p50/p99 latency of answer() in ms. Without --data: every set in tests/data.
--loso: leave one set out, i.e. each set's own questions are removed from the ranker's neighbours
while it is measured (the ranker learns from tests/data via knowledge/data/examples.json), which is
the honest figure for questions nobody has written yet. A --data file outside the examples is
measured as it is.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from report import LoopTicker  # noqa: E402  (bench/ is on sys.path when run as a script)

from knowledge import KnowledgeBase  # noqa: E402

DATA = ROOT / "tests" / "data"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return cases


class LevelTally:
    """The answer's `level` (urgent, see_doctor or null): its distribution on every set, and agreement
    with the case's own `level` where the case labels one (safety.json, multilingual.json)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.labelled = self.agreed = 0
        self.confusion: Counter[str] = Counter()

    def add(self, case: dict[str, Any], level: str | None) -> None:
        self.seen[str(level)] += 1
        if "level" not in case:
            return
        self.labelled += 1
        self.agreed += case["level"] == level
        if case["level"] != level:
            self.confusion[f"{case['level']}->{level}"] += 1

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {"levels": dict(sorted(self.seen.items()))}
        if self.labelled:
            out["level_agreement"] = f"{self.agreed} of {self.labelled}"
            out["level_confusion"] = dict(sorted(self.confusion.items()))
        return out


def measure(kb: KnowledgeBase, cases: list[dict[str, Any]], misses: bool) -> dict[str, Any]:
    top1 = first3 = any3 = oos_n = oos_ok = in_n = refused = 0
    urgent_by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_alarms = calm_n = 0
    timings: list[float] = []
    missed: list[dict[str, Any]] = []
    levels = LevelTally()
    for case in cases:
        start = time.perf_counter()
        answer = kb.answer(case["q"])
        timings.append((time.perf_counter() - start) * 1000)
        ranked = answer.topics
        levels.add(case, answer.level)
        if misses and "level" in case and case["level"] != answer.level:
            missed.append({"q": case["q"], "level": case["level"], "got_level": answer.level})
        want = case["topics"]
        lang = case.get("lang", "en")
        if case["urgent"]:
            urgent_by_lang[lang][0] += 1
            urgent_by_lang[lang][1] += answer.urgent
            if not answer.urgent and misses:
                missed.append({"q": case["q"], "missed": "urgent", "got": ranked[:3]})
        else:
            calm_n += 1
            false_alarms += answer.urgent
        if not want:
            continue
        if want == ["out_of_scope"]:
            oos_n += 1
            oos_ok += ranked[:1] == ["out_of_scope"]
        else:
            in_n += 1
            refused += ranked[:1] == ["out_of_scope"]
        hit1 = bool(ranked) and ranked[0] in want
        top1 += hit1
        first3 += want[0] in ranked[:3]
        any3 += bool(set(want) & set(ranked[:3]))
        if misses and not hit1:
            missed.append({"q": case["q"], "want": want, "got": ranked[:3]})
    n = max(1, sum(1 for c in cases if c["topics"]))
    urgent_n = sum(v[0] for v in urgent_by_lang.values())
    report: dict[str, Any] = {
        "n": len(cases),
        "top1": round(top1 / n, 3),
        "first_in_top3": round(first3 / n, 3),
        "any_in_top3": round(any3 / n, 3),
        "out_of_scope_recognised": round(oos_ok / oos_n, 3) if oos_n else None,
        "in_scope_refused": round(refused / in_n, 3) if in_n else None,
        "urgent_recall": f"{sum(v[1] for v in urgent_by_lang.values())} of {urgent_n}",
        "urgent_recall_by_lang": {lang: f"{v[1]} of {v[0]}" for lang, v in sorted(urgent_by_lang.items())},
        "false_alarms": f"{false_alarms} of {calm_n}",
        **levels.report(),
        "latency_ms": {"p50": round(statistics.median(timings), 2), "p99": round(percentile(timings, 0.99), 2)},
    }
    if misses:
        report["misses"] = missed
    return report


async def loop_block(kb: KnowledgeBase, questions: list[str]) -> dict[str, float]:
    """Longest gap a 2 ms ticker sees on the event loop while questions are answered via answer_async."""
    import asyncio

    ticker = LoopTicker()
    ticker.start()
    await asyncio.sleep(1.0)  # the machine's own noise: the same ticker with nothing to answer
    idle = list(ticker.gaps)
    ticker.gaps.clear()
    for question in questions:
        await kb.answer_async(question)
    gaps = await ticker.stop()
    return {
        "max_ms": round(max(gaps), 2),
        "p99_ms": round(percentile(gaps, 0.99), 2),
        "ticks": len(gaps),
        "idle_max_ms": round(max(idle), 2),
        "idle_p99_ms": round(percentile(idle, 0.99), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object on one line")
    parser.add_argument("--data", type=Path, action="append", help="a labelled set (repeatable)")
    parser.add_argument("--loso", action="store_true", help="leave each set out of the ranker's neighbours")
    parser.add_argument("--no-model", action="store_true", help="n-grams and lexicon only (the fallback path)")
    parser.add_argument("--misses", action="store_true", help="list the missed questions")
    parser.add_argument("--loop", action="store_true", help="only measure start-up, RSS and event-loop blocking")
    parser.add_argument("--english-model", action="store_true", help="also embed English questions")
    args = parser.parse_args(argv)
    if args.english_model:
        import knowledge.understand

        knowledge.understand.MODEL_FOR_ENGLISH = True
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    kb = KnowledgeBase.load(None, use_model=not args.no_model)
    load_s = time.perf_counter() - start
    model = False if args.no_model else kb.wait_for_model(30.0)
    model_s = time.perf_counter() - start
    report_rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.loop:
        import asyncio

        questions = [c["q"] for c in load_cases(DATA / "questions_blind7.json")][:60]
        print(
            json.dumps(
                {
                    "model": model,
                    "load_s": round(load_s, 3),
                    "model_ready_s": round(model_s, 3),
                    "rss_mb_before_load": round(rss_before / 1024, 1),
                    "rss_mb_loaded": report_rss,
                    "loop_block": asyncio.run(loop_block(kb, questions)),
                }
            )
        )
        return 0
    named = [DATA / "safety.json", DATA / "multilingual.json"]
    paths = args.data or sorted(DATA.glob("questions*.json")) + sorted(DATA.glob("urgent_*.json")) + named
    report: dict[str, Any] = {
        "model": model,
        "english_model": args.english_model,
        "loso": args.loso,
        "load_s": round(load_s, 3),
        "model_ready_s": round(model_s, 3),
        "sets": {},
    }
    for path in paths:
        kb.ranker.exclude_set(path.stem if args.loso else None)
        report["sets"][path.name] = measure(kb, load_cases(path), args.misses)
    kb.ranker.exclude_set(None)
    report["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["rss_mb_before_load"] = round(rss_before / 1024, 1)
    print(json.dumps(report, ensure_ascii=False) if args.json else json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
