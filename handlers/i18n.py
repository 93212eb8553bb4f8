"""The person's language: gettext catalogs (`locales/<lang>/messages.po`) compiled in memory, once each.

English is the source language: the msgids are the English texts of handlers/texts/. A text module
marks a constant with `N_()` where it is defined (extraction sees it; the value stays English) and a
caller translates it where it is shown with `tr()`; a text function translates its template with
`tr()` or `ntr()` (counts) and formats it afterwards, so translators see `{placeholders}`, not values.

Which language `tr()` speaks is a context variable: set for each update before any handler runs
(handlers/language.py) and by each job that writes to one person (reminders, timers). Asyncio copies
it into every task, so concurrent updates never see each other's language.
"""

from __future__ import annotations

import gettext
import io
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_skeleton, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import locales

SOURCE_LANG = "en"
LOCALES_DIR = Path(locales.__file__).parent
CATALOG_FILE_NAME = "messages.po"
NOTICES_FILE = Path(__file__).parent / "data" / "language_notices.json"

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANG)


def N_(message: str) -> str:
    """Mark a text for extraction where it is defined; `tr()` translates it where it is shown."""
    return message


@cache
def supported_languages() -> tuple[str, ...]:
    """English, then every folder with a catalog: adding a language is adding a folder."""
    found = sorted(path.parent.name for path in LOCALES_DIR.glob(f"*/{CATALOG_FILE_NAME}"))
    return (SOURCE_LANG, *[lang for lang in found if lang != SOURCE_LANG])


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The language's catalog, compiled from its .po in memory (no build step, no .mo files to forget)."""
    path = LOCALES_DIR / lang / CATALOG_FILE_NAME
    if lang == SOURCE_LANG or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, so they show in English, never half-done
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def current_language() -> str:
    return _language.get()


def set_language(lang: str) -> None:
    """The language for the rest of this update (each update runs in its own copy of the context)."""
    _language.set(lang if lang in supported_languages() else SOURCE_LANG)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak `lang` inside the block only: for jobs that write to one person after another."""
    token = _language.set(lang if lang in supported_languages() else SOURCE_LANG)
    try:
        yield
    finally:
        _language.reset(token)


def tr(message: str) -> str:
    """`message` (an English msgid) in the current language."""
    return translations(_language.get()).gettext(message)


def ntr(singular: str, plural: str, count: int) -> str:
    """The form of a counted text the current language needs for `count` (Russian has three)."""
    return translations(_language.get()).ngettext(singular, plural, count)


def base_language(language_code: str | None) -> str:
    """Telegram's IETF tag ("pt-br", "es-419", "de") reduced to its language ("pt", "es", "de")."""
    return (language_code or "").replace("_", "-").split("-", 1)[0].lower()


def best_language(language_code: str | None) -> str | None:
    """The supported language for a Telegram language_code, or None when we don't speak it."""
    lang = base_language(language_code)
    return lang if lang in supported_languages() else None


def chosen_language(stored: object, language_code: str | None) -> str:
    """What to speak: the person's stored choice, else their Telegram language, else English."""
    if isinstance(stored, str) and stored in supported_languages():
        return stored
    return best_language(language_code) or SOURCE_LANG


@cache
def _fallback_notices() -> dict[str, str]:
    data: dict[str, str] = json.loads(NOTICES_FILE.read_text(encoding="utf-8"))
    return {lang: line for lang, line in data.items() if not lang.startswith("_")}


def fallback_notice(language_code: str | None) -> str | None:
    """For a language we don't speak: one line saying we'll write English, in that language if we
    have the line (else English); None when we speak it or Telegram gave no language."""
    if not language_code or best_language(language_code) is not None:
        return None
    notices = _fallback_notices()
    return notices.get(base_language(language_code), notices[SOURCE_LANG])


def stored_language(doc: Mapping[str, object] | None) -> str:
    """The language to write to someone outside an update (reminders, timers): their stored choice."""
    return chosen_language(doc.get("lang") if doc else None, None)


def language_name(lang: str) -> str:
    """The language's own name for itself, capitalised: "Español", "Deutsch", "Русский"."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


# --- dates and zones in the current language -------------------------------------------------------
# Babel's Russian region format is CLDR's daylight one ("Германия (Берлин), летнее время") even for
# zones without summer time (India, Moscow): the place is right, the suffix is not.
_WRONG_SUFFIXES = {"ru": ", летнее время"}


def zone_label(tz: str) -> str:
    """A zone as people say it in their language ("hora de Alemania (Berlín)"); Etc/GMT-3 is UTC+3."""
    if tz.startswith("Etc/GMT") and len(tz) > 7:
        sign = "+" if tz[7] == "-" else "-"  # POSIX signs are reversed
        return f"UTC{sign}{tz[8:]}"
    lang = _language.get()
    if lang == SOURCE_LANG or "/" not in tz:
        return tz.replace("_", " ")  # English keeps the zone's own name, which people type back to us
    try:
        label = get_timezone_location(tz, locale=lang)
    except (LookupError, ValueError):
        return tz.replace("_", " ")
    return label.removesuffix(_WRONG_SUFFIXES.get(lang, ""))


def _skeleton(english: str, skeleton: str, moment: date) -> str:
    """English keeps the bot's own short format (what people and tests already know); others get CLDR's."""
    lang = _language.get()
    return moment.strftime(english) if lang == SOURCE_LANG else format_skeleton(skeleton, moment, locale=lang)


def short_day(moment: date) -> str:
    """Weekday, day and month: "Sun 02 Mar", "dom, 2 mar", "So., 2. März", "вс, 2 мар."."""
    return _skeleton("%a %d %b", "MMMEd", moment)


def short_day_time(moment: datetime) -> str:
    """`short_day` and a 24-hour time."""
    return f"{short_day(moment)}, {moment:%H:%M}"


def day_month(moment: date) -> str:
    """Day and month: "02 Mar", "2 mar", "2. März"."""
    return _skeleton("%d %b", "MMMd", moment)


def day_month_year(moment: date) -> str:
    """A full date: "14 Jan 2026", "14 ene 2026", "14. Jan. 2026", "14 янв. 2026 г."."""
    return _skeleton("%d %b %Y", "yMMMd", moment)


def weekday_short(moment: date) -> str:
    """The weekday, abbreviated: "Sun", "dom", "Do", "вс"."""
    return _skeleton("%a", "E", moment)
