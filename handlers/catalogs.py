"""The catalogs' source side: extracting every marked text from handlers/ and merging it into each
language's messages.po. Used by tools/update_catalogs.py (run by hand after texts change) and by
tests/test_catalogs.py (which fails on any text a catalog lacks), so both see the same texts."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from handlers.i18n import CATALOG_FILE_NAME, LOCALES_DIR, SOURCE_LANG

ROOT = Path(__file__).resolve().parent.parent
# Every user-facing string lives under handlers/ (texts marked N_() where defined).
METHOD_MAP = [("handlers/**.py", "python")]
# tr(message) and ntr(singular, plural, count) translate; N_(message) marks a constant.
KEYWORDS = {**DEFAULT_KEYWORDS, "tr": None, "ntr": (1, 2)}


def extract_template() -> Catalog:
    """Every msgid marked in the code, with where it was found."""
    template = Catalog(project="Cramp Coach", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(ROOT, METHOD_MAP, keywords=KEYWORDS):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def catalog_path(lang: str) -> Path:
    return LOCALES_DIR / lang / CATALOG_FILE_NAME


def translated_languages() -> list[str]:
    return sorted(
        path.parent.name for path in LOCALES_DIR.glob(f"*/{CATALOG_FILE_NAME}") if path.parent.name != SOURCE_LANG
    )
