"""The knowledge in other languages: `locales/<lang>/knowledge.json` laid over the English records.

A language file holds texts only, keyed by the English record's id: fact texts (so each keeps its
article citation), safety lines, article titles (by article file), topic names, food items and the
composer's phrases. Topics, kinds, foods lists and citations stay the English records' own, so a
translation can say no more than its record. A missing text falls back to the English one, record by
record (tests/test_knowledge_locales.py checks none is missing).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import locales

SOURCE_LANG = "en"
LOCALES_DIR = Path(locales.__file__).parent
KNOWLEDGE_FILE_NAME = "knowledge.json"
RELIEF_FILE_NAME = "relief.json"


@dataclass(frozen=True)
class KnowledgeLocale:
    """One language's texts for the knowledge records (every map keyed as the English data is)."""

    lang: str
    phrases: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)
    topics: Mapping[str, str] = field(default_factory=dict)
    foods: Mapping[str, str] = field(default_factory=dict)
    facts: Mapping[str, str] = field(default_factory=dict)
    safety: Mapping[str, str] = field(default_factory=dict)


def knowledge_languages(root: Path = LOCALES_DIR) -> tuple[str, ...]:
    """The languages with a knowledge file, English (the source) first: adding a folder adds one."""
    found = sorted(path.parent.name for path in root.glob(f"*/{KNOWLEDGE_FILE_NAME}"))
    return (SOURCE_LANG, *[lang for lang in found if lang != SOURCE_LANG])


def read_locale(lang: str, root: Path = LOCALES_DIR) -> KnowledgeLocale:
    data: dict[str, Any] = json.loads((root / lang / KNOWLEDGE_FILE_NAME).read_text(encoding="utf-8"))
    return KnowledgeLocale(
        lang=lang,
        phrases=data.get("phrases", {}),
        titles=data.get("titles", {}),
        topics=data.get("topics", {}),
        foods=data.get("foods", {}),
        facts=data.get("facts", {}),
        safety=data.get("safety", {}),
    )


def read_relief_texts(lang: str, root: Path = LOCALES_DIR) -> dict[str, str]:
    """The relief steps' and reminder tips' texts in `lang`, keyed by the English text ({} if none)."""
    path = root / lang / RELIEF_FILE_NAME
    if not path.exists():
        return {}
    texts: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["texts"]
    return texts


def shown_title(english: str, translated: str | None) -> str:
    """A translated title with the original in brackets (people may look the article up by it)."""
    return f"{translated} ({english})" if translated and translated != english else english


def translate_facts(facts: Sequence[Mapping[str, Any]], locale: KnowledgeLocale) -> list[dict[str, Any]]:
    """The fact records with their texts and food items in `locale`'s language (English where missing)."""

    def items(names: Sequence[str]) -> list[str]:
        return [locale.foods.get(name, name) for name in names]

    return [
        {
            **fact,
            "text": locale.facts.get(fact["id"], fact["text"]),
            "foods": items(fact.get("foods", [])),
            "animal": items(fact.get("animal", [])),
        }
        for fact in facts
    ]


def translate_safety(lines: Sequence[Mapping[str, Any]], locale: KnowledgeLocale) -> list[dict[str, Any]]:
    return [{**line, "text": locale.safety.get(line["id"], line["text"])} for line in lines]


def translate_articles(articles: Sequence[Mapping[str, Any]], locale: KnowledgeLocale) -> list[dict[str, Any]]:
    return [
        {**article, "short": shown_title(article["short"], locale.titles.get(article["file"]))} for article in articles
    ]
