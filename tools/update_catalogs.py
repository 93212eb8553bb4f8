"""Merge the texts marked in handlers/ into every locales/<lang>/messages.po (run by hand after
changing texts; then translate what is new or fuzzy). The bot compiles the .po files itself at start.

    .venv/bin/python tools/update_catalogs.py            # every language with a folder
    .venv/bin/python tools/update_catalogs.py --new fr   # start a new language
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handlers.catalogs import catalog_path, extract_template, translated_languages


def update(lang: str, template: Catalog) -> None:
    path = catalog_path(lang)
    if path.exists():
        with path.open("rb") as po:
            catalog = read_po(po, locale=lang)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=lang, project="Cramp Coach")
    catalog.update(template, no_fuzzy_matching=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=0, omit_header=False, ignore_obsolete=True, include_lineno=False)
    missing = sum(1 for message in catalog if message.id and (not message.string or message.fuzzy))
    print(f"{lang}: {len(catalog)} messages, {missing} to translate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--new", action="append", default=[], help="a language code to start a catalog for")
    args = parser.parse_args()
    template = extract_template()
    for lang in sorted({*translated_languages(), *args.new}):
        update(lang, template)


if __name__ == "__main__":
    main()
