"""The guided check (handlers/check.py)."""

from __future__ import annotations

CHECK_BUTTON = "🔎 Check my cramps"
CHECK_INTRO = "<b>Cramp check</b> — {count} quick questions, one tap each.\n\n"
CHECK_PROGRESS = "<i>Question {number} of {count}</i>\n\n"
CHECK_MULTI_DONE = "✔️ Done"
CHECK_RETAKE = "🔁 Take the check again"
CHECK_BACK = "⬅️ Back"
