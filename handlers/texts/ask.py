"""Questions typed in one's own words (handlers/ask.py): the prompt and the buttons under an answer."""

from __future__ import annotations

ASK_BUTTON = "❓ Ask a question"
ASK_PROMPT = (
    "Type your question in your own words, for example:\n"
    "• <i>why do my calves cramp every night?</i>\n"
    "• <i>tingling feet and cramps, I'm vegan</i>\n"
    "• <i>what should I eat for magnesium?</i>"
)
FOLLOWUP_FOODS = "🥗 Foods that help"
FOLLOWUP_RELIEF = "🆘 Relief now"
FOLLOWUP_DOCTOR = "🩺 When to see a doctor"
FOLLOWUP_REMINDER = "⏰ Set a reminder"
# Buttons under an answer that open more of it (knowledge.models.MORE_BUTTONS).
MORE_WHY = "❓ Why"
MORE_SYMPTOMS = "🔎 Symptoms"
MORE_NEXT = "➡️ More"
