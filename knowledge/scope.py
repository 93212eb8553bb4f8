"""Is a question about muscle cramps at all? A calibrated decision, not a word list.

Two small logistic models over the same kind of evidence (data/scope.json, fitted by
`python -m tools.fit_scope`, which also reports their leave-one-set-out figures):

- `cheap`: the lexicon (cramp words, topic phrases, out-of-scope phrases, a body place) and the
  character n-gram neighbours (how much of the nearest examples' vote is out of scope, how close the
  nearest in-scope and out-of-scope examples are);
- `full`: the same lexicon evidence with the embedding neighbours instead of the n-gram ones.

English questions are read with `cheap` first and only embedded when it is not sure they are in scope
(`embed_from`), so most pay no model time; other languages are embedded anyway and use `full`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.store import read_data

OUT = "out_of_scope"
NEIGHBOURS = 7
# Caps keep one unusual question (ten cramp words) from leaving the range the model was fitted on.
_CAPS = {"cramp": 3.0, "strong": 6.0, "lexoos": 10.0}


@dataclass(frozen=True)
class Verdict:
    """The probability that the question is out of scope, which model said it, and the decision."""

    p_out: float
    model: str
    out: bool


def neighbour_evidence(
    prefix: str, sims: Iterable[tuple[float, int]], out_flags: Sequence[bool], excluded: frozenset[int]
) -> dict[str, float]:
    """`<prefix>_share`: the out-of-scope part of the nearest examples' similarity-weighted vote;
    `<prefix>_in` / `<prefix>_oos`: similarity of the nearest in-scope / out-of-scope example."""
    ranked = sorted(((s, i) for s, i in sims if i not in excluded), reverse=True)
    best_in = next((s for s, i in ranked if not out_flags[i]), 0.0)
    best_out = next((s for s, i in ranked if out_flags[i]), 0.0)
    top = ranked[:NEIGHBOURS]
    total = sum(max(s, 0.0) for s, _ in top) or 1.0
    share = sum(max(s, 0.0) for s, i in top if out_flags[i]) / total
    return {f"{prefix}_share": share, f"{prefix}_in": best_in, f"{prefix}_oos": best_out}


def lexicon_evidence(
    cramp: float, topic_hits: Mapping[str, float], out_hits: float, places: int, lang: str
) -> dict[str, float]:
    raw = {"cramp": cramp, "strong": max(topic_hits.values(), default=0.0), "lexoos": out_hits}
    capped = {name: min(value, _CAPS[name]) for name, value in raw.items()}
    return {**capped, "place": float(places > 0), "en": float(lang == "en")}


class ScopeModel:
    """The fitted models of data/scope.json and the thresholds chosen leave-one-set-out."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.models: dict[str, dict[str, float]] = data["models"]
        self.thresholds: dict[str, float] = data["thresholds"]
        self.embed_from: float = data["embed_from"]

    @classmethod
    def load(cls) -> ScopeModel:
        return cls(read_data("scope.json"))

    def probability(self, model: str, evidence: Mapping[str, float]) -> float:
        weights = self.models[model]
        z = weights["bias"] + sum(w * evidence[name] for name, w in weights.items() if name != "bias")
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def verdict(self, model: str, evidence: Mapping[str, float]) -> Verdict:
        p = self.probability(model, evidence)
        return Verdict(p_out=p, model=model, out=p > self.thresholds[model])

    def needs_model(self, cheap: Verdict) -> bool:
        """Whether the n-gram reading leaves enough doubt to pay for the embedding."""
        return cheap.p_out >= self.embed_from
