"""Handler groups. PTB offers an update to every group in order; within a group the first match wins."""

# Sets the language every later handler speaks (handlers/language.py); first, so the guard speaks it too.
GROUP_LANGUAGE = -4
# Drops what features must not see (edits, no person) and keeps groups to commands.
GROUP_GUARD = -3
# Bookkeeping that must see every update and never answers (e.g. last_seen).
GROUP_PRESENCE = -2
# Leaves the bot's last question behind when the person says or taps something else (handlers.chat),
# before any feature asks a new one.
GROUP_QUESTION = -1
# Features and the fallback use the default group 0; the fallback is registered last.
