"""Every user-facing string, one module per feature; HTML parse mode; user text is escaped by the caller.

Plain module-level constants and small functions that fill them in, so a later translation can wrap
each string where it stands. Callers import the module of what they show, named ``<module>_texts``
(``from handlers.texts import relief as relief_texts``); nothing is re-exported here.
"""
