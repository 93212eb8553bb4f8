"""The person's language (handlers/language.py): the picker, its confirmation and the fallback notice."""

from __future__ import annotations

from handlers.i18n import N_, tr

LANGUAGE_SETTINGS_BUTTON = N_("🌐 Language")
LANGUAGE_COMMAND_DESCRIPTION = N_("Change the language")
LANGUAGE_PROMPT = N_("🌐 <b>Which language should I speak?</b>")


def language_set(name: str) -> str:
    """Said in the new language, so the person sees at once that it worked."""
    return tr("🌐 Done: I'll speak {language} from now on.").format(language=name)


def language_choice(name: str, current: bool) -> str:
    return f"{'✅ ' if current else ''}{name}"
