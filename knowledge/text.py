"""Word-level text handling for triage: lowercase tokens, joins and shorthand (data/words.json), typo repair."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.store import read_data

_APOSTROPHES = re.compile(r"[’'`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[tuple[re.Pattern[str], str], ...], dict[str, str], frozenset[str]]:
    data = read_data("words.json")
    joins = tuple((re.compile(pattern), replacement) for pattern, replacement in data["joins"])
    return joins, {**data["spanish"], **data["shorthand"]}, frozenset(data["common"])


def common_words() -> frozenset[str]:
    return _words()[2]


def tokenize(text: str) -> list[str]:
    """Lowercase words and numbers; apostrophes dropped ("can't" -> "cant"); joins and shorthand applied."""
    joins, mapping, _ = _words()
    lowered = _strip_accents(_APOSTROPHES.sub("", text.lower()))
    for pattern, replacement in joins:
        lowered = pattern.sub(replacement, lowered)
    return [mapping.get(token, token) for token in _NON_WORD.split(lowered) if token]


def _strip_accents(text: str) -> str:
    """ "mamá" -> "mama": accents would otherwise split words apart."""
    if text.isascii():
        return text
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


class TypoFixer:
    """Maps unknown words to the closest target word (edit distance with transpositions), leaving known
    words alone: one edit allowed for 5-7 letter words, two for longer ones. Code, not data: it is a
    search, and known words keep everyday words from being "corrected" into medical terms."""

    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        self._targets = sorted({t for t in targets if len(t) >= 4})
        self._known = set(known) | set(self._targets)
        self._cache: dict[str, str] = {}

    def fix(self, token: str) -> str:
        if token in self._known or len(token) < 5 or token.isdigit():
            return token
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        max_edits = 1 if len(token) <= 7 else 2
        match = process.extractOne(token, self._targets, scorer=OSA.distance, score_cutoff=max_edits)
        fixed = match[0] if match is not None else token
        if len(self._cache) < 50_000:
            self._cache[token] = fixed
        return fixed
