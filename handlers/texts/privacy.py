"""Privacy and data rights (handlers/privacy.py): what is stored, export and forget."""

from __future__ import annotations

PRIVACY = (
    "<b>What I store about you, and why</b>\n\n"
    "• <b>Profile</b>: your chat id (to reply and send reminders), when you started and were last "
    "here, whether you blocked me (so I stop writing).\n"
    "• <b>Time zone</b> and <b>reminder settings</b>, with a log of reminders you marked done — "
    "so reminders arrive at your local time and show today's count.\n"
    "• <b>Guided check</b> answers and result — so food reminders fit your likely causes.\n"
    "• <b>Cramp walkthroughs</b> and your <b>cramp diary</b> (when, where, how bad, what came before, your "
    "notes) — for your history, chart, insights and the report for your doctor.\n"
    "• <b>What you told me</b> when asking (vegan, pregnant, on water pills, age group, where and when "
    "your cramps come) and the last topic — so follow-up answers fit you.\n\n"
    "I do <b>not</b> keep the questions you type: they are answered and forgotten, and never "
    "written to logs. Nothing is shared with anyone.\n\n"
    "/export sends you all of it as a file; /forget deletes all of it."
)
EXPORT_BUTTON = "📤 Export my data"
FORGET_BUTTON = "🗑 Delete all my data"
PRIVACY_SETTINGS_BUTTON = "🔒 My data & privacy"
EXPORT_CAPTION = "Everything I store about you, as JSON."
EXPORT_NOTHING = "I don't have anything stored about you."
FORGET_CONFIRM = (
    "<b>Delete everything I store about you?</b>\n"
    "Your settings, reminders, check results and cramp log will be gone, and reminders stop. "
    "This can't be undone."
)
FORGET_YES = "Yes, delete everything"
FORGET_NO = "Cancel"
FORGET_DONE = "🗑 Done: everything I stored about you is deleted and reminders are off. /start begins afresh."
FORGET_CANCELLED = "Nothing was deleted."
