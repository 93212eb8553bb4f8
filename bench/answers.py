"""Answer-quality and latency benchmark for knowledge.answer().

    python bench/answers.py [--json] [--compare] [--set main|blind] [--data tests/data/questions.json]

Prints top-1/top-3 accuracy overall, per split (tune/holdout) and per topic, red-flag recall on the
labelled set and on tests/data/safety.json, out-of-scope accuracy, and latency p50/p99 in ms.
--compare also scores two alternative rankers (BM25 over topic texts, rapidfuzz token_set_ratio over
topic keywords) on the same set, which is how the lexicon ranker was chosen.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from knowledge.base import OVERVIEW_TOPICS, KnowledgeBase  # noqa: E402
from knowledge.lexicon import TOPIC_LEXICON  # noqa: E402
from knowledge.text import normalise_for_match, tokenize  # noqa: E402
from knowledge.triage import screen  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "questions.json"
# Written before the matcher was read, never tuned on: the honest generalisation figure.
BLIND_DATA = ROOT / "tests" / "data" / "questions_blind.json"
SETS = {"main": DEFAULT_DATA, "blind": BLIND_DATA}
SAFETY_DATA = ROOT / "tests" / "data" / "safety.json"
Ranker = Callable[[str], list[str]]


def accuracy(items: Sequence[dict[str, Any]], rank: Ranker) -> dict[str, Any]:
    top1 = top3 = 0
    per_topic: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for item in items:
        ranked = rank(item["q"])
        hit1 = bool(ranked) and ranked[0] in item["topics"]
        hit3 = any(t in item["topics"] for t in ranked[:3])
        top1 += hit1
        top3 += hit3
        label = item["topics"][0]
        per_topic[label]["n"] += 1
        per_topic[label]["top1"] += hit1
        per_topic[label]["top3"] += hit3
        if not hit1:
            misses.append({"q": item["q"], "want": item["topics"], "got": ranked[:3]})
    n = max(1, len(items))
    return {
        "n": len(items),
        "top1": round(top1 / n, 3),
        "top3": round(top3 / n, 3),
        "per_topic": {
            t: {"n": c["n"], "top1": round(c["top1"] / c["n"], 3), "top3": round(c["top3"] / c["n"], 3)}
            for t, c in sorted(per_topic.items())
        },
        "misses": misses,
    }


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def latency_ms(kb: KnowledgeBase, questions: Sequence[str], rounds: int = 5) -> dict[str, float]:
    timings: list[float] = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            kb.answer(question)
            timings.append((time.perf_counter() - start) * 1000)
    return {"p50": round(statistics.median(timings), 3), "p99": round(percentile(timings, 0.99), 3)}


def safety(kb: KnowledgeBase, path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    urgent_hits = [q for q in data["urgent"] if kb.answer(q).urgent]
    see_hits = [q for q in data["see_doctor"] if screen(q).level is not None]
    calm = [q for q in data["not_urgent"] if not kb.answer(q).urgent]
    return {
        "urgent_recall": round(len(urgent_hits) / len(data["urgent"]), 3),
        "urgent_missed": sorted(set(data["urgent"]) - set(urgent_hits)),
        "see_doctor_recall": round(len(see_hits) / len(data["see_doctor"]), 3),
        "not_urgent_precision": round(len(calm) / len(data["not_urgent"]), 3),
    }


# ---- alternative rankers kept for comparison --------------------------------------------------

def _topic_documents(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each topic's lexicon phrases plus its curated text, as normalised tokens."""
    docs: dict[str, list[str]] = {}
    for entry in kb.data["topics"]:
        text = " ".join([entry["title"], entry["lead"], *entry.get("why", []), *entry.get("do_now", []),
                         *entry.get("foods", []), *TOPIC_LEXICON.get(entry["id"], {}).keys()])
        docs[entry["id"]] = normalise_for_match(text, None)
    return docs


def bm25_ranker(kb: KnowledgeBase, k1: float = 1.2, b: float = 0.75) -> Ranker:
    docs = _topic_documents(kb)
    avg_len = sum(len(d) for d in docs.values()) / len(docs)
    doc_freq: Counter[str] = Counter(t for d in docs.values() for t in set(d))
    counts = {topic: Counter(d) for topic, d in docs.items()}

    def rank(question: str) -> list[str]:
        query = normalise_for_match(question, kb._matcher.fixer)
        scores: dict[str, float] = {}
        for topic, tf in counts.items():
            length = len(docs[topic])
            total = 0.0
            for term in query:
                if term not in tf:
                    continue
                idf = math.log(1 + (len(docs) - doc_freq[term] + 0.5) / (doc_freq[term] + 0.5))
                total += idf * tf[term] * (k1 + 1) / (tf[term] + k1 * (1 - b + b * length / avg_len))
            scores[topic] = total
        return _with_triage(question, [t for t, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s > 0])

    return rank


def fuzzy_ranker(kb: KnowledgeBase) -> Ranker:
    from rapidfuzz import fuzz

    keyword_docs = {topic: " ".join(phrases) for topic, phrases in TOPIC_LEXICON.items()}

    def rank(question: str) -> list[str]:
        query = " ".join(tokenize(question))
        scored = sorted(((fuzz.token_set_ratio(query, doc), topic) for topic, doc in keyword_docs.items()),
                        reverse=True)
        return _with_triage(question, [topic for score, topic in scored if score >= 50])

    return rank


def _with_triage(question: str, ranked: list[str]) -> list[str]:
    ranked = ranked or ["out_of_scope"]
    if screen(question).urgent:
        return ["red_flag", *ranked]
    return ranked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--compare", action="store_true", help="also score alternative rankers")
    parser.add_argument("--misses", action="store_true", help="include missed questions")
    parser.add_argument("--set", choices=sorted(SETS), default=None, help="labelled set by name")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if args.set is not None:
        args.data = SETS[args.set]

    kb = KnowledgeBase.load(None)
    items = json.loads(args.data.read_text(encoding="utf-8"))
    report: dict[str, Any] = {"lexicon": accuracy(items, kb.rank)}
    for split in sorted({item.get("split", "tune") for item in items}):
        subset = [item for item in items if item.get("split", "tune") == split]
        report[f"lexicon_{split}"] = {k: v for k, v in accuracy(subset, kb.rank).items() if k != "per_topic"}
    urgent_items = [item for item in items if item["urgent"]]
    report["red_flag_recall"] = round(sum(kb.answer(i["q"]).urgent for i in urgent_items) / max(1, len(urgent_items)), 3)
    calm_items = [item for item in items if not item["urgent"]]
    report["not_urgent_precision"] = round(sum(not kb.answer(i["q"]).urgent for i in calm_items) / max(1, len(calm_items)), 3)
    flagged = [item for item in items if kb.answer(item["q"]).urgent]
    report["urgent_precision"] = round(sum(i["urgent"] for i in flagged) / max(1, len(flagged)), 3)
    oos = [item for item in items if item["topics"] == ["out_of_scope"]]
    report["out_of_scope_accuracy"] = round(sum(kb.rank(i["q"])[0] == "out_of_scope" for i in oos) / max(1, len(oos)), 3)
    report["safety"] = safety(kb, SAFETY_DATA)
    report["latency_ms"] = latency_ms(kb, [item["q"] for item in items])
    report["overview_topics"] = OVERVIEW_TOPICS
    if args.compare:
        report["bm25"] = {k: v for k, v in accuracy(items, bm25_ranker(kb)).items() if k in ("top1", "top3")}
        report["rapidfuzz_token_set"] = {k: v for k, v in accuracy(items, fuzzy_ranker(kb)).items() if k in ("top1", "top3")}
    if not args.misses:
        for key, value in report.items():
            if isinstance(value, dict):
                value.pop("misses", None)
    if args.json:
        print(json.dumps(report, indent=None if not args.misses else 1))
    else:
        print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
