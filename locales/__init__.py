"""Languages as folders of data: `locales/<lang>/messages.po` (the interface's gettext catalog) and
`locales/<lang>/knowledge.json` (the knowledge records' texts in that language, by record id).

No code lives here: this file only makes the folders ship with the package. English is the source
language (handlers/texts, knowledge/data), so it has no folder of knowledge texts.
"""
