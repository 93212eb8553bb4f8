"""Handler groups. PTB offers an update to every group in order; within a group the first match wins."""

# Bookkeeping that must see every update and never answers (e.g. last_seen).
GROUP_PRESENCE = -1
# All features and the fallback, which is registered last in this group.
GROUP_FEATURES = 0
