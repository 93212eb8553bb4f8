"""Settings: typed, frozen, one clear line for anything missing or malformed."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import REDACTED, setup_logging
from core.settings import TELEGRAM_API_URL, Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:ABCdef_ghi-jkl"


def test_defaults_without_token_mean_local_mode() -> None:
    settings = Settings.from_env({})
    assert settings.local_mode
    assert settings.bot_api_url == TELEGRAM_API_URL
    assert settings.data_dir == Path("data")
    assert settings.mode == "polling" and settings.webhook is None


def test_all_values_parsed_and_frozen() -> None:
    settings = Settings.from_env(
        {
            "BOT_TOKEN": TOKEN,
            "BOT_API_URL": "http://127.0.0.1:8081/bot",
            "DATA_DIR": "/tmp/cc",
            "LOG_LEVEL": "debug",
            "ADMIN_IDS": "1, 2,3",
            "DEFAULT_TZ": "Europe/Berlin",
            "MODE": "webhook",
            "WEBHOOK_URL": "https://bot.example.org/tg/hook",
            "WEBHOOK_PORT": "8080",
            "WEBHOOK_SECRET": "s3cret_-X",
        }
    )
    assert settings.bot_token == TOKEN and not settings.local_mode
    assert settings.log_level == "DEBUG"
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.webhook is not None
    assert settings.webhook.port == 8080 and settings.webhook.path == "tg/hook"
    with pytest.raises(AttributeError):
        settings.mode = "polling"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN"),
        ({"BOT_API_URL": "ftp://x"}, "BOT_API_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"DEFAULT_TZ": "Mars/Olympus"}, "DEFAULT_TZ"),
        ({"MODE": "carrier-pigeon"}, "MODE"),
        ({"MODE": "webhook", "WEBHOOK_SECRET": "x"}, "WEBHOOK_URL"),
        ({"MODE": "webhook", "WEBHOOK_URL": "https://a.b/c"}, "WEBHOOK_SECRET"),
        ({"MODE": "webhook", "WEBHOOK_URL": "https://a.b/c", "WEBHOOK_SECRET": "no spaces"}, "WEBHOOK_SECRET"),
        (
            {"MODE": "webhook", "WEBHOOK_URL": "https://a.b/c", "WEBHOOK_SECRET": "x", "WEBHOOK_PORT": "99999"},
            "WEBHOOK_PORT",
        ),
    ],
)
def test_malformed_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert caught.value.variable == variable
    assert str(caught.value).startswith(f"{variable}: ")


def test_dotenv_fills_in_and_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nexport LOG_LEVEL=WARNING\nDEFAULT_TZ='Asia/Tokyo'\n\nADMIN_IDS=5\n")
    settings = Settings.from_env({"ADMIN_IDS": "6"}, dotenv)
    assert settings.log_level == "WARNING"
    assert settings.default_tz == "Asia/Tokyo"
    assert settings.admin_ids == frozenset({6})


def test_malformed_dotenv_line_is_named(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("LOG_LEVEL=INFO\nthis is not a setting\n")
    with pytest.raises(SettingsError, match=r"\.env:2: expected KEY=VALUE"):
        Settings.from_env({}, dotenv)


def _run_bot(env: dict[str, str], *args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "MODE", "LOG_LEVEL", "ENV_FILE"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"), ({"BOT_TOKEN": "oops"}, "BOT_TOKEN"), ({"MODE": "webhook"}, "WEBHOOK_URL")],
)
def test_bad_settings_exit_2_with_one_line(env: dict[str, str], variable: str, tmp_path: Path) -> None:
    result = _run_bot({**env, "DATA_DIR": str(tmp_path), "ENV_FILE": str(tmp_path / "none")})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and "Traceback" not in result.stderr


def test_token_never_reaches_the_log() -> None:
    stream = io.StringIO()
    setup_logging("DEBUG", TOKEN, stream)
    try:
        logging.getLogger("httpx").warning("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logging.getLogger("bot").info("plain line")
        try:
            raise ConnectionError(f"could not reach https://api.telegram.org/bot{TOKEN}/getUpdates")
        except ConnectionError:
            logging.getLogger("bot").exception("network trouble")
    finally:
        logging.getLogger().handlers.clear()
    output = stream.getvalue()
    assert TOKEN not in output
    assert f"/bot{REDACTED}/getMe" in output
    assert "plain line" in output
    assert "ConnectionError" in output  # the traceback is there, without the token


def test_piped_local_mode_shows_welcome_and_numbered_buttons(tmp_path: Path) -> None:
    result = _run_bot({"DATA_DIR": str(tmp_path / "data"), "ENV_FILE": str(tmp_path / "none")}, stdin="/start\n1\n")
    assert result.returncode == 0, result.stderr
    assert "Where is the cramp?" in result.stdout  # button 1 of the welcome menu: I have a cramp now
    assert "local mode" in result.stdout
    assert "@BotFather" in result.stdout
    assert "Cramp Coach" in result.stdout
    assert "[1]" in result.stdout
    assert "Traceback" not in result.stderr


def test_operator_options_are_off_by_default() -> None:
    settings = Settings.from_env({})
    assert settings.log_format == "text"
    assert settings.metrics is None
    assert settings.paid_broadcast is None


def test_operator_options_parsed() -> None:
    settings = Settings.from_env(
        {
            "LOG_FORMAT": "JSON",
            "METRICS_PORT": "9464",
            "PAID_BROADCAST": "on",
            "PAID_BROADCAST_DAILY_BUDGET": "50000",
        }
    )
    assert settings.log_format == "json"
    assert settings.metrics is not None
    assert (settings.metrics.listen, settings.metrics.port) == ("127.0.0.1", 9464)
    assert settings.paid_broadcast is not None and settings.paid_broadcast.daily_budget == 50000
    assert Settings.from_env({"METRICS_PORT": "9464", "METRICS_LISTEN": "0.0.0.0"}).metrics is not None


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"METRICS_PORT": "0"}, "METRICS_PORT"),
        ({"PAID_BROADCAST": "maybe"}, "PAID_BROADCAST"),
        # Paid messages cost Stars: switching them on without a budget is refused.
        ({"PAID_BROADCAST": "on"}, "PAID_BROADCAST_DAILY_BUDGET"),
        ({"PAID_BROADCAST": "on", "PAID_BROADCAST_DAILY_BUDGET": "0"}, "PAID_BROADCAST_DAILY_BUDGET"),
    ],
)
def test_malformed_operator_options_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert caught.value.variable == variable


def test_json_log_lines_are_objects_without_the_token() -> None:
    stream = io.StringIO()
    setup_logging("DEBUG", TOKEN, stream, log_format="json")
    try:
        logging.getLogger("httpx").warning("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise ConnectionError(f"could not reach https://api.telegram.org/bot{TOKEN}/getUpdates")
        except ConnectionError:
            logging.getLogger("bot.runner").exception("network trouble for user %d", 42)
    finally:
        logging.getLogger().handlers.clear()
    output = stream.getvalue()
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    lines = [json.loads(line) for line in output.splitlines()]
    assert [line["level"] for line in lines] == ["WARNING", "ERROR"]
    assert lines[0]["msg"] == f"HTTP Request: POST https://api.telegram.org/bot{REDACTED}/getMe"
    assert lines[1]["logger"] == "bot.runner" and lines[1]["msg"] == "network trouble for user 42"
    assert "ConnectionError" in lines[1]["exc"] and REDACTED in lines[1]["exc"]
    assert lines[1]["ts"].endswith("+00:00")
