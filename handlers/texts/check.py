"""The guided check (handlers/check.py)."""

from __future__ import annotations

from handlers.i18n import N_, ntr

CHECK_BUTTON = N_("🔎 Check my cramps")


def check_intro(count: int) -> str:
    return ntr(
        "<b>Cramp check</b> — {count} quick question, one tap each.\n\n",
        "<b>Cramp check</b> — {count} quick questions, one tap each.\n\n",
        count,
    ).format(count=count)


CHECK_PROGRESS = N_("<i>Question {number} of {count}</i>\n\n")
CHECK_MULTI_DONE = N_("✔️ Done")
CHECK_RETAKE = N_("🔁 Take the check again")
CHECK_BACK = N_("⬅️ Back")
