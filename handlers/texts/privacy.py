"""Privacy and data rights (handlers/privacy.py): what is stored, export and forget."""

from __future__ import annotations

from handlers.i18n import N_, tr

PRIVACY = N_(
    "<b>What I store about you, and why</b>\n\n"
    "• <b>Profile</b>: your chat id (to reply and send reminders), when you started and were last "
    "here, whether you blocked me (so I stop writing).\n"
    "• <b>Time zone</b> and <b>reminder settings</b>, with a log of reminders you marked done — "
    "so reminders arrive at your local time and show today's count.\n"
    "• <b>Guided check</b> answers and result — so food reminders fit your likely causes.\n"
    "• <b>Cramp walkthroughs</b> and your <b>cramp diary</b> (when, where, how bad, what came before, your "
    "notes) — for your history, chart, insights and the report for your doctor.\n"
    "• <b>What you told me</b> when asking (vegan, pregnant, on water pills, age group, where and when "
    "your cramps come) and the last topic — so follow-up answers fit you.\n"
    "• <b>Language</b> — the one I write to you in (/language changes it).\n\n"
    "I do <b>not</b> keep the questions you type: they are answered and forgotten, and never "
    "written to logs. Nothing is shared with anyone.\n\n"
    "/export sends you all of it as a file; /forget deletes all of it."
)
EXPORT_BUTTON = N_("📤 Export my data")
FORGET_BUTTON = N_("🗑 Delete all my data")
PRIVACY_SETTINGS_BUTTON = N_("🔒 My data & privacy")
EXPORT_CAPTION = N_("Everything I store about you, as JSON.")
EXPORT_NOTHING = N_("I don't have anything stored about you.")
FORGET_CONFIRM = N_(
    "<b>Delete everything I store about you?</b>\n"
    "Your settings, reminders, check results and cramp log will be gone, and reminders stop. "
    "This can't be undone."
)
FORGET_YES = N_("Yes, delete everything")
FORGET_NO = N_("Cancel")
FORGET_DONE = N_("🗑 Done: everything I stored about you is deleted and reminders are off. /start begins afresh.")
FORGET_CANCELLED = N_("Nothing was deleted.")


def privacy_language_line(language: str) -> str:
    return tr("🌐 Your language: {language}").format(language=language)
