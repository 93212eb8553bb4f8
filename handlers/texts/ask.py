"""Questions typed in one's own words (handlers/ask.py): the prompt and the buttons under an answer."""

from __future__ import annotations

from handlers.i18n import N_

ASK_BUTTON = N_("❓ Ask a question")
ASK_PROMPT = N_(
    "Type your question in your own words, for example:\n"
    "• <i>why do my calves cramp every night?</i>\n"
    "• <i>tingling feet and cramps, I'm vegan</i>\n"
    "• <i>what should I eat for magnesium?</i>"
)
FOLLOWUP_FOODS = N_("🥗 Foods that help")
FOLLOWUP_RELIEF = N_("🆘 Relief now")
FOLLOWUP_DOCTOR = N_("🩺 When to see a doctor")
FOLLOWUP_REMINDER = N_("⏰ Set a reminder")
# Buttons under an answer that open more of it (knowledge.models.MORE_BUTTONS).
MORE_WHY = N_("❓ Why")
MORE_SYMPTOMS = N_("🔎 Symptoms")
MORE_NEXT = N_("➡️ More")
