"""Red-flag screening that runs before any answer. Recall first: a missed clot or stroke costs far more
than an unneeded "see a doctor today". The advice itself is standard urgent-care advice plus the seeds'
"see a doctor if cramps are severe, frequent or don't ease" (001, 003)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from knowledge.lexicon import CRAMP_WORDS, TOPIC_LEXICON
from knowledge.text import COMMON_WORDS, TypoFixer, tokenize

Level = Literal["urgent", "see_doctor"]


@dataclass(frozen=True)
class Triage:
    level: Level | None
    reasons: list[str] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"

    def messages(self) -> list[str]:
        """Plain-text advice for each reason, most serious first."""
        return [REASON_TEXT[reason] for reason in self.reasons]


REASON_TEXT: dict[str, str] = {
    "clot": "A swollen, red, warm or tender calf or leg can be a blood clot. See a doctor today "
    "(urgent care, or your emergency number if you can't reach one). Don't massage it.",
    "breathing": "Chest pain or shortness of breath: call your emergency number now.",
    "stroke": "Face drooping, sudden weakness or numbness, or trouble speaking can be a stroke: "
    "call your emergency number now.",
    "confusion": "Sudden confusion: call your emergency number now.",
    "fainting": "Fainting or passing out: get urgent medical care now.",
    "seizure": "A seizure: call your emergency number now.",
    "limb": "A leg or foot that turns cold, pale or blue can mean its blood supply is blocked: call your "
    "emergency number now.",
    "prolonged": "A cramp that hasn't eased after an hour, even with stretching, is not an ordinary cramp: "
    "get it checked today (urgent care, or your emergency number if it's severe).",
    "heart_now": "A racing, pounding or fluttering heart with cramps: get medical help today; with chest "
    "pain or fainting, call your emergency number.",
    "heart": "An irregular or racing heartbeat with cramps: call your doctor today; with chest pain "
    "or fainting, call your emergency number.",
    "injury": "Cramps or pain after an injury: have a doctor check it.",
    "new_medicine": "Cramps that began with a new medicine (such as statins): talk to the doctor or "
    "pharmacist who prescribed it. Don't stop it on your own.",
    "persistent": "Cramps that are severe, frequent or don't ease: see your doctor, who can look "
    "for the cause and test your levels.",
    "numb_weak": "Cramps with numbness or weakness: see your doctor.",
}

URGENT_REASONS: tuple[str, ...] = (
    "breathing", "stroke", "confusion", "fainting", "seizure", "clot", "limb", "heart_now", "prolonged",
)

# Phrase rules: (reason, level, regex over space-joined, typo-fixed tokens).
_PHRASE_RULES: tuple[tuple[str, Level, str], ...] = (
    ("clot", "urgent", r"blood clots?|clots?|dvt|deep vein|thrombosis|embolism|"
     r"(?:bigger|fatter|thicker|larger|wider) than (?:the |my |his |her )?other|one (?:leg|calf|ankle) (?:is |looks )?(?:bigger|fatter|thicker)"),
    ("breathing", "urgent",
     r"chest (?:feels |is |gets |went |has )?(?:pain\w*|hurt\w*|tight\w*|heavy|pressure|sore|crushing)|"
     r"tight chest|pains? in (?:my |the )?chest|heart attack|crushing chest|"
     r"short(?:ness)? of breath|breathless|cant (?:breathe|breath|get my breath|catch my breath)|"
     r"can not breathe|cannot breathe|cant get (?:enough )?air|cough\w* (?:up )?blood|(?:hard|difficult|struggling|struggle|trouble|difficulty) "
     r"(?:to )?breath(?:e|ing)?|out of breath|gasping|wheez\w*|breathing (?:is )?(?:hard|difficult|weird)"),
    ("stroke", "urgent",
     r"face (?:is |went |feels |looks |has gone |has )?(?:droop\w*|drop\w*|numb|sagg\w*|lopsided|crooked)|droop\w* face|"
     r"droopy|drooping|slurr\w*|slurred|speech|cant (?:speak|talk|get (?:my )?words out)|"
     r"(?:trouble|difficulty|hard|problems?) (?:speaking|talking|to speak|to talk)|"
     r"words (?:come|coming) out wrong|stroke|sudden(?:ly)? (?:weak\w*|numb\w*)|"
     r"(?:weak|numb|weakness|numbness) (?:on|down) one side|one side (?:of (?:my |the )?body )?"
     r"(?:is |went |feels )?(?:weak|numb|dead)|cant (?:lift|move|raise) (?:my )?(?:arm|arms|hand)|"
     r"arm (?:went |is |feels |has gone )?(?:weak|numb|dead|heavy|floppy)|paralys\w*|paralyz\w*|numb face|"
     r"talking (?:funny|weird|strange|gibberish)|(?:sudden(?:ly)? )?(?:blurred|blurry|double|lost|loss of) vision|"
     r"worst headache|face (?:feels )?(?:weird|funny) on one side"),
    ("confusion", "urgent",
     r"confus\w*|disorient\w*|dont know where i am|not making sense|delirious|delirium|"
     r"cant think straight"),
    ("fainting", "urgent",
     r"faint\w*|passed out|pass out|passing out|blacked out|black out|blacking out|collaps\w*|"
     r"lost consciousness|losing consciousness|unconscious|keeled over|keel over|dizzy and fell"),
    ("seizure", "urgent", r"seizure\w*|convuls\w*"),
    # Acute limb ischaemia: the leg's blood supply cut off (cold together with pale/white/blue).
    ("limb", "urgent",
     r"cold,? (?:and )?(?:pale|white|blue|grey|gray)|(?:pale|white|blue|grey|gray),? (?:and )?cold|"
     r"(?:leg|legs|foot|feet|toes?|calf) (?:has |have )?(?:turned|went|gone|going|is|are|looks?) "
     r"(?:pale|white|blue|grey|gray)"),
    # One cramp lasting an hour or more ("been over an hour", "for 2 hours now").
    ("prolonged", "urgent",
     r"(?:over|more than|after|for|been|nearly|almost|about) (?:an?|one|1|two|2|three|3|a few|a couple of|"
     r"couple of|several) (?:hour|hours|hr|hrs)(?! (?:after|later|ago))"),
    # Happening now: a racing or fluttering heart is same-day care; "irregular heartbeat" as a
    # description stays see-doctor.
    ("heart_now", "urgent",
     r"heart (?:is |keeps |keep |was |started |starts )?(?:racing|pounding|fluttering|flutter|beating fast|"
     r"going crazy|going mad)"),
    ("heart", "see_doctor",
     r"irregular heart\w*|heart (?:is )?(?:skipping|beating weird|beat is weird|is weird)|"
     r"palpitation\w*|skipped beats?"),
    ("injury", "see_doctor",
     r"after (?:an? |the |my )?(?:injury|fall|accident|crash|tackle)|injur\w*|i fell|fell (?:off|down|over)|"
     r"twisted|sprain\w*|broke|broken|got hit|got kicked|car accident|hurt my (?:leg|calf|foot|back|ankle)|"
     r"bruis\w*|torn|tear|tore|pulled (?:a |my )?(?:muscle|calf|hamstring)"),
    ("new_medicine", "see_doctor",
     r"statins?|atorvastatin|simvastatin|rosuvastatin|lipitor|crestor|"
     r"new (?:medicine|medicines|medication|medications|meds|med|pills?|drugs?|tablets?|prescription|"
     r"inhaler)|started (?:taking|on|a|new)|since (?:i )?start\w*|put me on|changed my (?:meds|medication|"
     r"medicine|dose)|new dose|side effects? of"),
    ("persistent", "see_doctor",
     r"severe|terrible|awful|horrible|nightly|every night|most nights|every single night|all night|all the time|constant\w*|"
     r"(?:wont|doesnt|dont|does not|will not|not) (?:go away|going away|stop|stopping|ease|easing|"
     r"improve|improving|get better|getting better|let up)|for (?:hours|days|weeks|months|years)|"
     r"lasts? (?:for )?hours|getting worse|worse and worse|excruciating|unbearable|nothing helps|"
     r"nothing works|every day|daily|several times|many times|times a (?:night|day)|frequent\w*|"
     r"persist\w*|chronic|keep coming back|keeps coming back|really bad|so bad|worst"),
    ("numb_weak", "see_doctor",
     r"numb\w*|(?:legs?|arms?|muscles?|foot|feet|calf|calves) (?:feel |feels |is |are |going )?weak|"
     r"weakness|weak legs?|cant walk|can not walk|cannot walk|giving way|gives way"),
)

_SIGN_WORDS = frozenset(
    "swollen swelling swell swelled swells puffy puffed inflamed bloated enlarged red redness reddish "
    "warm hot burning tender discolored discoloured purple shiny lump bulging".split()
)
_SIGN_NEEDS_PLACE = frozenset("red redness reddish warm hot burning tender purple shiny lump bulging".split())
_LEG_WORDS = frozenset(
    "calf calves leg legs shin shins ankle ankles thigh thighs knee knees foot feet lowerleg".split()
)
# A sign word followed by one of these is about something else ("hot bath", "warm up", "red meat").
_SIGN_EXCLUDE_NEXT = frozenset(
    "bath baths shower water weather day days towel towels pad pads compress drink drinks tea room "
    "summer up meat wine blood cells climate sun pack packs milk food foods yoga tub bottle".split()
)
_NEGATORS = frozenset(
    "no not isnt arent wasnt werent without never nor neither dont doesnt didnt hasnt havent zero none".split()
)
_NEGATION_BREAKERS = frozenset("but just though however although yet now and".split())
_NEGATION_EXEMPT_NEXT = frozenset("idea clue sure know".split())
_PROXIMITY = 8


@lru_cache(maxsize=1)
def _compiled_rules() -> tuple[tuple[str, Level, re.Pattern[str]], ...]:
    return tuple((reason, level, re.compile(rf"\b(?:{pattern})\b")) for reason, level, pattern in _PHRASE_RULES)


@lru_cache(maxsize=1)
def _fixer() -> TypoFixer:
    targets = set(_SIGN_WORDS) | set(_LEG_WORDS) | {
        "breathe", "breath", "breathing", "breathless", "chest", "faint", "fainted", "fainting", "passed",
        "blacked", "collapsed", "confused", "confusion", "drooping", "droopy", "slurred", "slurring",
        "speaking", "numbness", "weakness", "suddenly", "sudden", "seizure", "unconscious", "statins",
        "medicine", "medication", "injury", "injured", "swollen", "swelling", "severe", "constant",
        "constantly", "palpitations", "irregular", "heartbeat", "paralysed", "stroke", "disoriented",
    }
    # Every word the answering lexicon knows counts as known, so "tiredness" never becomes "redness".
    lexicon_words = {token for table in (*TOPIC_LEXICON.values(), CRAMP_WORDS) for phrase in table
                     for token in tokenize(phrase)}
    return TypoFixer(targets, COMMON_WORDS | lexicon_words | {"after", "flight", "flights", "puffy"})


def _tokens(text: str) -> list[str]:
    fixer = _fixer()
    return [fixer.fix(token) for token in tokenize(text)]


def _is_negated(tokens: list[str], start: int) -> bool:
    """A negator up to three words before the match, within the same clause ("no swelling")."""
    for index in range(start - 1, max(-1, start - 4), -1):
        word = tokens[index]
        if word in _NEGATION_BREAKERS:
            return False
        if word in _NEGATORS:
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            return following not in _NEGATION_EXEMPT_NEXT
    return False


def _token_index(joined: str, char_offset: int) -> int:
    return joined.count(" ", 0, char_offset)


def _phrase_reasons(tokens: list[str]) -> list[tuple[str, Level]]:
    joined = " ".join(tokens)
    found: list[tuple[str, Level]] = []
    for reason, level, pattern in _compiled_rules():
        for match in pattern.finditer(joined):
            if not _is_negated(tokens, _token_index(joined, match.start())):
                found.append((reason, level))
                break
    return found


def _clot_signs(tokens: list[str]) -> bool:
    """Swelling anywhere, or redness/warmth near a leg word, not negated and not "hot bath"."""
    for index, word in enumerate(tokens):
        if word not in _SIGN_WORDS:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if _is_negated(tokens, index):
            continue
        if word in _SIGN_NEEDS_PLACE and following in _SIGN_EXCLUDE_NEXT:
            continue
        if word not in _SIGN_NEEDS_PLACE:
            return True
        window = tokens[max(0, index - _PROXIMITY): index + _PROXIMITY + 1]
        if any(near in _LEG_WORDS for near in window):
            return True
    return False


def screen(text: str) -> Triage:
    """Urgent signs win; otherwise see-doctor signs; otherwise no red flag."""
    tokens = _tokens(text)
    found = _phrase_reasons(tokens)
    if _clot_signs(tokens) and ("clot", "urgent") not in found:
        found.append(("clot", "urgent"))
    if not found:
        return Triage(level=None, reasons=[])
    urgent = [reason for reason in URGENT_REASONS if (reason, "urgent") in found]
    others = [reason for reason, level in found if level == "see_doctor"]
    if urgent:
        return Triage(level="urgent", reasons=urgent + others)
    return Triage(level="see_doctor", reasons=others)
