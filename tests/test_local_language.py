"""Local mode takes `--lang` (issue 16 item 5), so an operator can try the bot in each language."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from bot.__main__ import local_language
from bot.local import LOCAL_USER_ID, serve_local
from core.settings import Settings
from store import UserStore


async def test_local_mode_speaks_the_language_asked_for_even_over_a_stored_one(tmp_path: Path) -> None:
    settings = Settings(bot_token=None, data_dir=tmp_path / "data")
    store = UserStore.open(settings.data_dir)  # an earlier run in English left its choice behind
    try:
        store.ensure_user(LOCAL_USER_ID, LOCAL_USER_ID, datetime(2026, 1, 14, tzinfo=UTC))
        store.update(LOCAL_USER_ID, {"lang": "en"})
    finally:
        store.close()
    spanish = io.StringIO()
    assert await serve_local(settings, io.StringIO("/cramp\n"), spanish, lang="es") == 0
    assert "¿Dónde tienes el calambre?" in spanish.getvalue()


def test_the_lang_option_is_taken_out_of_the_run_arguments() -> None:
    args = ["--lang", "de"]
    assert local_language(args) == "de" and args == []
    assert local_language(["x"]) is None
    dangling = ["--lang"]
    assert local_language(dangling) is None and dangling == ["--lang"]  # a usage error follows
