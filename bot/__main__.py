"""Entry point: `python -m bot [run | ask | check | export-data PATH]`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core.settings import Settings, SettingsError

USAGE = """usage: python -m bot [COMMAND]

commands:
  run [--lang CODE]    start the bot (the default); with no BOT_TOKEN: local mode, a terminal chat
                       (--lang es|de|ru|...: the local person's Telegram language)
  ask [--json] [Q]     answer a question (or one per line from stdin) from the knowledge store
  check                validate settings, data directory and knowledge file
  export-data PATH     write a consistent JSON snapshot of the whole user store to PATH
"""

EXIT_USAGE = 2


def load_settings() -> Settings:
    """Settings from the environment and ./.env (or the file named by ENV_FILE)."""
    return Settings.from_env(os.environ, Path(os.environ.get("ENV_FILE", ".env")))


def local_language(args: list[str]) -> str | None:
    """Take `--lang CODE` out of `args` (local mode's person speaks it); None when absent."""
    if "--lang" not in args:
        return None
    at = args.index("--lang")
    if at + 1 >= len(args):
        return None  # left in args: the usage error says how to call
    lang = args[at + 1]
    del args[at : at + 2]
    return lang


def main(argv: Sequence[str] | None = None) -> int:
    # Opt in to PTB's coming timedelta durations now (the rate limiter reads both forms).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "run"
    if command in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0
    # Each command imports only what it needs: `check` is the container health check, run every
    # interval, and must not pay for telegram (~0.7 s of imports the bot itself needs).
    if command == "ask":
        from knowledge.cli import run_ask

        return run_ask(args, sys.stdin, sys.stdout)
    stop = None
    if command == "run":
        from bot.stopping import StopRequest

        stop = StopRequest()
        stop.install()  # first: a SIGTERM during start-up is a stop, not a kill
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"cramp-coach: settings error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    lang = local_language(args) if command == "run" else None
    if command == "run" and not args:
        from bot.runner import run

        return run(settings, stop, lang)
    if command == "check" and not args:
        from bot.check import run_checks

        return run_checks(settings, sys.stdout)
    if command == "export-data" and len(args) == 1 and not args[0].startswith("-"):
        from bot.runner import export_data

        return export_data(settings, Path(args[0]))
    print(USAGE, end="", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
