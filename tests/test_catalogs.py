"""The catalogs: every text marked in the code is translated in every language, keeps its
placeholders and HTML tags, and fits Telegram's limits (German runs long)."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from handlers.catalogs import catalog_path, extract_template, translated_languages
from handlers.i18n import ntr, speaking, supported_languages, tr

ROOT = Path(__file__).resolve().parent.parent
MAX_MESSAGE = 4096
# Telegram cuts a long button label off with "…"; a thumb-sized label is far shorter than this.
MAX_BUTTON = 64
TAG = re.compile(r"</?[a-z]+>")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract_template()


def read_catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def translated(catalog: Catalog) -> Iterator[tuple[Message, list[str]]]:
    for message in catalog:
        if message.id:
            yield message, forms(message.string)


def test_english_and_the_catalog_folders_are_the_languages() -> None:
    assert supported_languages() == ("en", *translated_languages())
    assert {"es", "de", "ru"} <= set(translated_languages())


@pytest.mark.parametrize("lang", translated_languages())
def test_every_text_in_the_code_is_translated(template: Catalog, lang: str) -> None:
    catalog = read_catalog(lang)
    missing = []
    for wanted in template:
        if not wanted.id:
            continue
        found = catalog.get(wanted.id)
        if (
            found is None
            or found.fuzzy
            or not all(forms(found.string))
            or (wanted.pluralizable and len(forms(found.string)) != catalog.num_plurals)
        ):
            missing.append(wanted.id)
    assert missing == []


@pytest.mark.parametrize("lang", translated_languages())
def test_translations_keep_placeholders_and_tags(lang: str) -> None:
    wrong = []
    for message, strings in translated(read_catalog(lang)):
        source = forms(message.id)
        wanted_names = set().union(*(placeholders(text) for text in source))
        wanted_tags = sorted(TAG.findall(source[-1]))
        for text in strings:
            # a form may leave the count out ("один раз"), never add or rename a placeholder
            if not placeholders(text) <= wanted_names or (len(source) == 1 and placeholders(text) != wanted_names):
                wrong.append(f"placeholders: {text!r}")
            if sorted(TAG.findall(text)) != wanted_tags:
                wrong.append(f"tags: {text!r}")
            if len(text) > MAX_MESSAGE:
                wrong.append(f"too long: {text[:40]!r}")
    assert wrong == []


@pytest.mark.parametrize("lang", translated_languages())
def test_button_labels_stay_short(lang: str) -> None:
    labels = button_labels()
    assert len(labels) > 50  # the finder below still sees the buttons
    long = [text for message, strings in translated(read_catalog(lang)) if message.id in labels for text in strings]
    assert [text for text in long if len(text) > MAX_BUTTON] == []


def button_labels() -> set[str]:
    """The msgids assigned to names with BUTTON or CHOICE in handlers/texts/ (dict values included)."""
    labels: set[str] = set()
    for path in (ROOT / "handlers" / "texts").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(_names_a_button(t) for t in targets):
                    labels |= {
                        c.value
                        for c in ast.walk(node.value)
                        if isinstance(c, ast.Constant) and isinstance(c.value, str)
                    }
    return labels


def test_russian_counts_take_three_forms() -> None:
    with speaking("ru"):
        singular = "{count} cramp: {night} at night, {day} by day, {unknown} time not known."
        plural = "{count} cramps: {night} at night, {day} by day, {unknown} time not known."
        words = [ntr(singular, plural, n).split(":")[0] for n in (1, 3, 5, 11, 21)]
    assert len(set(words[:3])) == 3  # 1 судорога, 3 судороги, 5 судорог
    assert words[3] == words[2] and words[4] == words[0]  # 11 like 5, 21 like 1


def test_an_unknown_language_speaks_english() -> None:
    with speaking("xx"):
        assert tr("Nothing was deleted.") == "Nothing was deleted."


def _names_a_button(target: ast.expr) -> bool:
    name = target.id if isinstance(target, ast.Name) else ""
    return ("BUTTON" in name or "CHOICE" in name) and not name.endswith("_MESSAGE")
