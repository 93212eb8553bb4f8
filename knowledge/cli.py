"""`python -m bot ask [--json] [--lang xx] ["question"]`: answer from the command line.

--lang answers in that language (en, es, de, ru; English if the knowledge has no texts in it); without
it, in the question's own language as detected.

--json prints one object per question with topics, urgent, level, reasons, intent, lang, sources
(article titles) and text (the first screen as sent); several questions (stdin) always print JSON lines.
"""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from typing import TextIO

from knowledge.base import KnowledgeBase
from knowledge.models import Answer

_TAG = re.compile(r"</?[bi]>")
_USAGE = 'usage: ask [--json] [--lang xx] ["question"]   (no question: one question per line on stdin)\n'


def as_record(answer: Answer) -> dict[str, object]:
    return {
        "topics": answer.topics,
        "urgent": answer.urgent,
        "level": answer.level,
        "reasons": answer.reasons,
        "intent": answer.intent,
        "lang": answer.lang,
        "sources": answer.sources,
        "text": answer.text,
    }


def _as_json(answer: Answer) -> str:
    return json.dumps(as_record(answer), ensure_ascii=False)


def _as_plain(answer: Answer) -> str:
    """Readable text: markup dropped, entities unescaped."""
    return unescape(_TAG.sub("", answer.text))


def run_ask(argv: list[str], stdin: TextIO, stdout: TextIO) -> int:
    """Answer one question from argv, or one per stdin line. Returns the process exit code."""
    args = list(argv)
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if any(a in ("-h", "--help") for a in args):
        stdout.write(_USAGE)
        return 0
    lang, args = _take_lang(args)
    if lang == "" or any(a.startswith("--") for a in args):
        stdout.write(_USAGE)
        return 2
    kb = KnowledgeBase.load(None)
    kb.wait_for_model(10.0)
    if args:
        answer = kb.answer(" ".join(args), lang=lang)
        stdout.write((_as_json(answer) if as_json else _as_plain(answer)) + "\n")
        return 0
    for line in stdin:
        question = line.strip()
        if question:
            # Several questions: JSON lines always, so the output stays one object per line.
            stdout.write(_as_json(kb.answer(question, lang=lang)) + "\n")
    return 0


def _take_lang(args: list[str]) -> tuple[str | None, list[str]]:
    """(the --lang value or None if not given, "" if given without one; the other arguments)."""
    for index, arg in enumerate(args):
        if arg == "--lang":
            value = args[index + 1] if index + 1 < len(args) and not args[index + 1].startswith("--") else ""
            return value.lower(), args[:index] + args[index + 2 :]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=").lower(), args[:index] + args[index + 1 :]
    return None, args


def main() -> int:
    return run_ask(sys.argv[1:], sys.stdin, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
