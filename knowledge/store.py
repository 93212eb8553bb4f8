"""The knowledge store: every fact and safety line as one record in TinyDB, queried at answer time.

The records ship as JSON data in this package and are loaded into TinyDB's MemoryStorage, so the
store never writes a file (nothing to corrupt, nothing to clean up on a full disk) and a query costs
microseconds. Facts cite their article file and title; safety lines carry no article.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from knowledge.locale import KnowledgeLocale, translate_articles, translate_facts, translate_safety
from knowledge.models import Fact

DATA_DIR = Path(__file__).with_name("data")
_FACT = Query()


def read_data(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


class FactStore:
    """Fact and safety records in one in-memory TinyDB; read-only after construction."""

    def __init__(
        self, facts: Sequence[dict[str, Any]], safety: Sequence[dict[str, Any]], articles: Sequence[dict[str, Any]]
    ) -> None:
        self._records = (list(facts), list(safety), list(articles))
        self._db = TinyDB(storage=MemoryStorage)
        titles = {a["file"]: a["short"] for a in articles}
        self.titles: dict[str, str] = titles
        self.full_titles: dict[str, str] = {a["file"]: a["title"] for a in articles}
        records = [{**f, "title": titles[f["file"]], "order": i} for i, f in enumerate(facts)]
        self._facts = self._db.table("facts")
        self._facts.insert_multiple(records)
        self._safety = self._db.table("safety")
        self._safety.insert_multiple({**s, "topics": [], "kind": "safety", "file": None, "title": None} for s in safety)
        self._by_id = {r["id"]: _fact(r) for r in self._facts.all()}
        self._safety_by_id = {r["id"]: _fact(r) for r in self._safety.all()}

    @classmethod
    @lru_cache(maxsize=1)
    def shipped(cls) -> FactStore:
        return cls(read_data("facts.json"), read_data("safety.json"), read_data("articles.json"))

    def translated(self, locale: KnowledgeLocale) -> FactStore:
        """The same records (ids, topics, kinds, citations) with their texts in `locale`'s language."""
        facts, safety, articles = self._records
        return FactStore(
            translate_facts(facts, locale), translate_safety(safety, locale), translate_articles(articles, locale)
        )

    def query(self, topic: str, kinds: Iterable[str] | None = None) -> list[Fact]:
        """Facts about `topic` (of `kinds`, in that order of kinds), the topic's own facts first."""
        condition = _FACT.topics.any([topic])
        wanted = list(kinds) if kinds is not None else None
        if wanted is not None:
            condition &= _FACT.kind.one_of(wanted)
        rows = self._facts.search(condition)

        def rank(row: dict[str, Any]) -> tuple[int, int, int]:
            kind_rank = wanted.index(row["kind"]) if wanted is not None else 0
            return kind_rank, row["topics"].index(topic), row["order"]

        return [self._by_id[row["id"]] for row in sorted(rows, key=rank)]

    def has(self, topic: str, kinds: Iterable[str]) -> bool:
        return bool(self._facts.count(_FACT.topics.any([topic]) & _FACT.kind.one_of(list(kinds))))

    def fact(self, fact_id: str) -> Fact:
        return self._by_id[fact_id]

    def safety(self, safety_id: str) -> Fact:
        return self._safety_by_id[safety_id]

    def safety_level(self, safety_id: str) -> str | None:
        rows = self._safety.search(_FACT.id == safety_id)
        return rows[0]["level"] if rows else None

    def all_facts(self) -> list[Fact]:
        return list(self._by_id.values())

    def all_safety(self) -> list[Fact]:
        return list(self._safety_by_id.values())


def _fact(row: dict[str, Any]) -> Fact:
    return Fact(
        id=row["id"],
        text=row["text"],
        topics=tuple(row["topics"]),
        kind=row["kind"],
        file=row["file"],
        title=row["title"],
        foods=tuple(row.get("foods", ())),
        animal=tuple(row.get("animal", ())),
    )
