"""deploy/: no Docker engine or systemd runs here, so the files are parsed and their promises asserted."""

from __future__ import annotations

import configparser
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from core.settings import SETTING_NAMES, Settings, SettingsError, read_dotenv

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DATA_VOLUME = "/data"
SYSTEMD_DATA_DIR = "/var/lib/cramp-coach"


# ------------------------------------------------------------------ Dockerfile


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; joins continuation lines, drops comments."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


@pytest.fixture(scope="module")
def docker() -> list[tuple[str, str]]:
    return dockerfile_instructions((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))


def _final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return instructions[starts[-1] :]


def test_dockerfile_uses_a_slim_python_311_base(docker: list[tuple[str, str]]) -> None:
    bases = [args.split()[0] for keyword, args in docker if keyword == "FROM"]
    assert bases and all(base == "python:3.11-slim" for base in bases)


def test_dockerfile_runs_as_a_non_root_user(docker: list[tuple[str, str]]) -> None:
    users = [args for keyword, args in _final_stage(docker) if keyword == "USER"]
    assert users, "the runtime stage must switch user"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    # The user is created in the same stage before it is used.
    runs = " ".join(args for keyword, args in _final_stage(docker) if keyword == "RUN")
    assert re.search(rf"useradd\b.*--uid {re.escape(user)}\b", runs)


def test_dockerfile_data_dir_is_a_volume_owned_by_the_bot(docker: list[tuple[str, str]]) -> None:
    stage = _final_stage(docker)
    envs = " ".join(args for keyword, args in stage if keyword == "ENV")
    assert f"DATA_DIR={DATA_VOLUME}" in envs
    volumes = [args for keyword, args in stage if keyword == "VOLUME"]
    assert any(DATA_VOLUME in volume for volume in volumes)
    runs = " ".join(args for keyword, args in stage if keyword == "RUN")
    assert f"chown cramp:cramp {DATA_VOLUME}" in runs


def test_dockerfile_health_check_runs_bot_check(docker: list[tuple[str, str]]) -> None:
    checks = [args for keyword, args in _final_stage(docker) if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    options, _, command = checks[0].partition("CMD")
    assert '["python", "-m", "bot", "check"]' in command
    assert "--start-period=" in options and "--interval=" in options
    cmd = [args for keyword, args in _final_stage(docker) if keyword == "CMD"]
    assert cmd[-1] == '["python", "-m", "bot", "run"]'
    assert ("STOPSIGNAL", "SIGTERM") in docker


def test_dockerfile_copies_only_files_that_exist(docker: list[tuple[str, str]]) -> None:
    """What `docker build` would trip over first: a COPY source missing from the context."""
    copies = [args for keyword, args in docker if keyword == "COPY" and not args.startswith("--from")]
    assert copies
    for args in copies:
        *sources, _destination = shlex.split(args)
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the build context"
    # Every package the project installs is copied (a missing one fails only at run time).
    packages = installed_packages()
    copied = {shlex.split(args)[0] for args in copies}
    assert packages <= copied


def test_dockerignore_lets_the_copied_files_through() -> None:
    rules = [
        line.strip()
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == "**"
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    assert {"pyproject.toml", "README.md"} | installed_packages() <= allowed


def installed_packages() -> set[str]:
    """The top-level packages pyproject installs (`bot*` → `bot`)."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        include = tomllib.load(handle)["tool"]["setuptools"]["packages"]["find"]["include"]
    return {pattern.rstrip("*") for pattern in include}


# ------------------------------------------------------------------ compose


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_builds_the_dockerfile_from_the_repository_root(compose: dict[str, Any]) -> None:
    build = compose["services"]["bot"]["build"]
    context = (DEPLOY / build["context"]).resolve()
    assert context == ROOT
    assert (context / build["dockerfile"]).is_file()


def test_compose_keeps_data_on_a_named_volume(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    volume, _, target = bot["volumes"][0].partition(":")
    assert target == DATA_VOLUME
    assert volume in compose["volumes"]
    assert bot["environment"]["DATA_DIR"] == DATA_VOLUME


def test_compose_reads_settings_from_an_env_file_and_restarts(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["env_file"] == [".env"]
    assert bot["restart"] in ("unless-stopped", "always", "on-failure")
    assert bot["read_only"] is True and "no-new-privileges:true" in bot["security_opt"]
    # Long enough for in-flight updates and the final compaction before SIGKILL.
    assert int(bot["stop_grace_period"].rstrip("s")) >= 10


# ------------------------------------------------------------------ systemd


@pytest.fixture(scope="module")
def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / "cramp-coach.service").read_text(encoding="utf-8"))
    return parser


def test_systemd_unit_reads_settings_from_an_environment_file(unit: configparser.ConfigParser) -> None:
    service = unit["Service"]
    assert service["EnvironmentFile"].startswith("/etc/")
    assert service["ExecStart"].endswith("-m bot run")
    assert service["ExecStartPre"].endswith("-m bot check")
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_systemd_unit_restarts_on_failure_and_stops_gracefully(unit: configparser.ConfigParser) -> None:
    service = unit["Service"]
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) >= 10


def test_systemd_unit_is_hardened_with_a_dedicated_user(unit: configparser.ConfigParser) -> None:
    service = unit["Service"]
    assert service["User"] == "cramp" and service["Group"] == "cramp"
    assert service["NoNewPrivileges"] == "true"
    assert service["ProtectSystem"] == "strict"
    assert SYSTEMD_DATA_DIR in service["ReadWritePaths"].split()
    assert f"/var/lib/{service['StateDirectory']}" == SYSTEMD_DATA_DIR
    assert service["CapabilityBoundingSet"] == ""


# ------------------------------------------------------------------ .env.example


def _settings_read_by_config() -> set[str]:
    """Every variable core/settings.py reads, so a new setting cannot go undocumented."""
    source = (ROOT / "core" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'values\.get\("([A-Z_]+)"', source))


def _documented(text: str) -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z_]+)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_setting() -> None:
    text = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    expected = SETTING_NAMES - {"ENV_FILE"}  # ENV_FILE names the file itself
    assert _settings_read_by_config() <= SETTING_NAMES
    assert expected <= _documented(text)


def test_env_example_parses_and_refuses_the_placeholder_token() -> None:
    example = DEPLOY / ".env.example"
    assert read_dotenv(example)
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({}, example)
    assert caught.value.variable == "BOT_TOKEN"
    settings = Settings.from_env({"BOT_TOKEN": "123:abc"}, example)
    assert settings.data_dir == Path(SYSTEMD_DATA_DIR) and settings.mode == "polling"


def test_env_example_webhook_block_is_valid_when_uncommented(tmp_path: Path) -> None:
    text = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    uncommented = re.sub(r"^# (WEBHOOK_[A-Z]+=)", r"\1", text, flags=re.MULTILINE)
    uncommented = uncommented.replace("WEBHOOK_SECRET=\n", "WEBHOOK_SECRET=abc_DEF-123\n").replace(
        "MODE=polling", "MODE=webhook"
    )
    path = tmp_path / "env"
    path.write_text(uncommented, encoding="utf-8")
    settings = Settings.from_env({"BOT_TOKEN": "123:abc"}, path)
    assert settings.webhook is not None
    assert settings.webhook.listen == "127.0.0.1" and settings.webhook.port == 8443


# ------------------------------------------------------------------ nginx


def test_nginx_proxies_only_the_webhook_path_with_the_secret_header() -> None:
    conf = (DEPLOY / "nginx-webhook.conf").read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    assert code.count("{") == code.count("}")
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    hook_url = re.search(r"WEBHOOK_URL=(\S+)", example)
    assert hook_url is not None
    path = urlsplit(hook_url.group(1)).path
    block = re.search(r"location = " + re.escape(path) + r" \{(.*?)\n    \}", code, flags=re.DOTALL)
    assert block is not None, f"no exact location for the webhook path {path}"
    body = block.group(1)
    # No URI part after the address: the path arrives unchanged, where the bot listens.
    assert re.search(r"proxy_pass http://127\.0\.0\.1:8443;", body)
    assert "X-Telegram-Bot-Api-Secret-Token $http_x_telegram_bot_api_secret_token" in body
    assert "limit_except POST" in body
    # Everything else is answered by nginx itself; only one location proxies.
    assert code.count("proxy_pass") == 1
    assert re.search(r"location / \{\s*return 404;", code)
    assert "ssl_certificate " in code and "listen 443 ssl" in code
