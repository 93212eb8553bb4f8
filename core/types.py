"""Shared types: the one spelling of the Application and handler-context types.

PTB's `Application` is generic in six parameters; we use its defaults throughout (plain dicts for
user, chat and bot data, `ContextTypes.DEFAULT_TYPE` for the context, the JobQueue), so the alias
is written once here instead of an ignored bare `Application` in every signature. This module
imports telegram: `store/` and `knowledge/` must not import it.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

Context: TypeAlias = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
# The bot's parameter is the rate limiter's per-call arguments (`ReminderRateLimiter` takes a dict).
App: TypeAlias = Application[
    ExtBot[dict[str, Any]], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], JobQueue[Context]
]
# What `app.bot_data` / `context.bot_data` hold: the Services and the features' registries.
BotData: TypeAlias = dict[Any, Any]
