"""Settings: read once at start from the environment and an optional .env file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TELEGRAM_API_URL = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MODES = ("polling", "webhook")
LOG_FORMATS = ("text", "json")
SWITCHES = {"on": True, "off": False}
# Every environment variable the bot reads (ENV_FILE names the .env file). A child bot started by a
# test or bench gets an environment without these, so the caller's own settings never leak in.
SETTING_NAMES = frozenset(
    {
        "BOT_TOKEN",
        "BOT_API_URL",
        "DATA_DIR",
        "LOG_LEVEL",
        "ADMIN_IDS",
        "DEFAULT_TZ",
        "MODE",
        "WEBHOOK_URL",
        "WEBHOOK_LISTEN",
        "WEBHOOK_PORT",
        "WEBHOOK_SECRET",
        "ENV_FILE",
        "LOG_FORMAT",
        "METRICS_PORT",
        "METRICS_LISTEN",
        "PAID_BROADCAST",
        "PAID_BROADCAST_DAILY_BUDGET",
    }
)

_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
# Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in a webhook secret token.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

Mode = Literal["polling", "webhook"]
LogFormat = Literal["text", "json"]


class SettingsError(Exception):
    """A missing or malformed setting; the message is the one line the operator sees."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    listen: str
    port: int
    secret_token: str

    @property
    def path(self) -> str:
        """The URL path the webhook server listens on, taken from the public URL."""
        return urlsplit(self.url).path.lstrip("/")


@dataclass(frozen=True)
class MetricsSettings:
    """Where /metrics is served (Prometheus text format); absent when METRICS_PORT is unset."""

    listen: str
    port: int


@dataclass(frozen=True)
class PaidBroadcast:
    """Reminders beyond Telegram's free ~30/s go out as paid broadcasts, at most this many a UTC day.

    Each paid message costs Stars from the bot's balance, so the operator names the budget.
    """

    daily_budget: int


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    bot_api_url: str = TELEGRAM_API_URL
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    default_tz: str = "UTC"
    mode: Mode = "polling"
    webhook: WebhookSettings | None = None
    log_format: LogFormat = "text"
    metrics: MetricsSettings | None = None
    paid_broadcast: PaidBroadcast | None = None

    @property
    def local_mode(self) -> bool:
        """No token: run against the built-in Bot API stand-in with a terminal chat."""
        return self.bot_token is None

    @classmethod
    def from_env(cls, env: Mapping[str, str], dotenv: Path | None = None) -> Settings:
        """Build settings from `env`, falling back to values in the `dotenv` file."""
        values = dict(read_dotenv(dotenv)) if dotenv is not None and dotenv.is_file() else {}
        values.update({key: value for key, value in env.items() if value != ""})
        mode = _parse_mode(values.get("MODE", "polling"))
        return cls(
            bot_token=_parse_token(values.get("BOT_TOKEN")),
            bot_api_url=_parse_url("BOT_API_URL", values.get("BOT_API_URL", TELEGRAM_API_URL)),
            data_dir=Path(values.get("DATA_DIR", "data")),
            log_level=_parse_choice("LOG_LEVEL", values.get("LOG_LEVEL", "INFO").upper(), LOG_LEVELS),
            admin_ids=_parse_admin_ids(values.get("ADMIN_IDS", "")),
            default_tz=_parse_timezone(values.get("DEFAULT_TZ", "UTC")),
            mode=mode,
            webhook=_parse_webhook(values) if mode == "webhook" else None,
            log_format=_parse_log_format(values.get("LOG_FORMAT", "text")),
            metrics=_parse_metrics(values),
            paid_broadcast=_parse_paid_broadcast(values),
        )


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines, comments and `export ` prefixes are allowed."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise SettingsError(f"{path}:{number}", "expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _parse_token(raw: str | None) -> str | None:
    if raw is None:
        return None
    if not _TOKEN_RE.match(raw):
        raise SettingsError(
            "BOT_TOKEN", "expected a token from @BotFather like 123456789:AA... (digits, colon, letters)"
        )
    return raw


def _parse_url(variable: str, raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(variable, f"expected an http(s) URL, got {raw!r}")
    return raw


def _parse_choice(variable: str, raw: str, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise SettingsError(variable, f"expected one of {', '.join(choices)}, got {raw!r}")
    return raw


def _parse_mode(raw: str) -> Mode:
    mode = _parse_choice("MODE", raw.lower(), MODES)
    return "webhook" if mode == "webhook" else "polling"


def _parse_admin_ids(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for part in raw.replace(" ", "").split(","):
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise SettingsError("ADMIN_IDS", f"expected comma-separated Telegram user ids, got {part!r}")
        ids.add(int(part))
    return frozenset(ids)


def _parse_timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("DEFAULT_TZ", f"expected an IANA time zone like Europe/Berlin, got {raw!r}") from None
    return raw


def _parse_port(raw: str, variable: str = "WEBHOOK_PORT") -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise SettingsError(variable, f"expected a port number 1-65535, got {raw!r}")
    return int(raw)


def _parse_log_format(raw: str) -> LogFormat:
    return "json" if _parse_choice("LOG_FORMAT", raw.lower(), LOG_FORMATS) == "json" else "text"


def _parse_metrics(values: Mapping[str, str]) -> MetricsSettings | None:
    port = values.get("METRICS_PORT")
    if port is None:
        return None
    # Loopback by default: the figures are for the operator's scraper, not the internet.
    return MetricsSettings(listen=values.get("METRICS_LISTEN", "127.0.0.1"), port=_parse_port(port, "METRICS_PORT"))


def _parse_paid_broadcast(values: Mapping[str, str]) -> PaidBroadcast | None:
    switch = values.get("PAID_BROADCAST", "off").lower()
    if switch not in SWITCHES:
        raise SettingsError("PAID_BROADCAST", f"expected on or off, got {switch!r}")
    if not SWITCHES[switch]:
        return None
    budget = values.get("PAID_BROADCAST_DAILY_BUDGET")
    if budget is None or not budget.isdigit() or int(budget) < 1:
        # Paid messages cost Stars: no default budget, the operator must name one.
        raise SettingsError(
            "PAID_BROADCAST_DAILY_BUDGET", f"required when PAID_BROADCAST=on: paid messages per UTC day, got {budget!r}"
        )
    return PaidBroadcast(daily_budget=int(budget))


def _parse_webhook(values: Mapping[str, str]) -> WebhookSettings:
    url = values.get("WEBHOOK_URL")
    if url is None:
        raise SettingsError("WEBHOOK_URL", "required when MODE=webhook: the public https URL Telegram posts to")
    secret = values.get("WEBHOOK_SECRET")
    if secret is None:
        raise SettingsError("WEBHOOK_SECRET", "required when MODE=webhook: 1-256 characters A-Z a-z 0-9 _ -")
    if not _SECRET_RE.match(secret):
        raise SettingsError("WEBHOOK_SECRET", "expected 1-256 characters A-Z a-z 0-9 _ -")
    return WebhookSettings(
        url=_parse_url("WEBHOOK_URL", url),
        listen=values.get("WEBHOOK_LISTEN", "0.0.0.0"),
        port=_parse_port(values.get("WEBHOOK_PORT", "8443")),
        secret_token=secret,
    )
