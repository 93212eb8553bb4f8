"""`ask` command: one question from argv, or one per stdin line as JSON lines with the documented fields."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from knowledge.cli import run_ask

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"topics", "urgent", "level", "reasons", "intent", "lang", "sources", "text"}


def test_one_question_as_json() -> None:
    out = io.StringIO()
    assert run_ask(["--json", "leg cramps at night"], io.StringIO(), out) == 0
    payload = json.loads(out.getvalue())
    assert set(payload) == FIELDS
    assert payload["topics"][0] in ("night_cramps", "magnesium") and payload["urgent"] is False
    assert payload["level"] is None and payload["lang"] == "en" and payload["intent"] == "timing"
    assert payload["sources"] and not any(s.endswith(".txt") for s in payload["sources"])


def test_one_question_plain_has_no_markup() -> None:
    out = io.StringIO()
    assert run_ask(["calf", "is", "hot", "and", "swollen"], io.StringIO(), out) == 0
    text = out.getvalue()
    assert "<b>" not in text and "blood clot" in text and "Don't massage" in text


def test_questions_from_stdin_one_json_per_line() -> None:
    out = io.StringIO()
    stdin = io.StringIO("what foods have potassium\n\nmy face is drooping\n")
    assert run_ask([], stdin, out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["urgent"] for line in lines] == [False, True]
    assert lines[1]["level"] == "urgent" and lines[1]["reasons"]
    assert lines[0]["topics"][0] in ("potassium", "prevention_foods")


def test_unknown_option_is_a_usage_error() -> None:
    out = io.StringIO()
    assert run_ask(["--frobnicate"], io.StringIO(), out) == 2
    assert "usage" in out.getvalue()


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "out of scope: best pizza in town?"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout)["topics"][0] == "out_of_scope"
