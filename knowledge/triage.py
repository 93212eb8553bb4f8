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
    "chest_cramp": "🔴 Cramp, tightness or pain in your chest: call your emergency number now. Don't wait to see if "
    "it passes.",
    "fast_breathing": "Breathing very fast with tingling lips or fingers, or fast breathing that won't settle: get "
    "medical help now (your emergency number if it comes with chest pain, fainting or blue lips).",
    "clot": "A swollen, red, warm or tender calf or leg can be a blood clot. See a doctor today "
    "(urgent care, or your emergency number if you can't reach one). Don't massage it.",
    "breathing": "Chest pain or shortness of breath: call your emergency number now.",
    "stroke": "Face drooping, sudden weakness or numbness, or trouble speaking can be a stroke: "
    "call your emergency number now.",
    "confusion": "Sudden confusion: call your emergency number now.",
    "fainting": "Fainting or passing out: get urgent medical care now.",
    "seizure": "A seizure or fit: call your emergency number now.",
    "limb": "A leg or foot that turns cold, pale or blue can mean its blood supply is blocked: call your "
    "emergency number now.",
    "prolonged": "A cramp that hasn't eased after an hour, even with stretching, is not an ordinary cramp: "
    "get it checked today (urgent care, or your emergency number if it's severe).",
    "heart_now": "A racing, pounding or fluttering heart with cramps: get medical help today; with chest "
    "pain or fainting, call your emergency number.",
    "heart": "An irregular or racing heartbeat with cramps: call your doctor today; with chest pain "
    "or fainting, call your emergency number.",
    "injury": "Cramps or pain after an injury: have a doctor check it.",
    "muscle_breakdown": "Dark brown, cola- or tea-coloured urine with sore, cramping muscles (especially after hard "
    "exercise) can mean muscle breakdown: get medical care today. Don't stretch or exercise through it; "
    "sip water while you get help.",
    "dehydration_severe": "Cramps with vomiting or diarrhoea, not keeping fluids down or hardly peeing can mean "
    "severe dehydration: get medical care today (your emergency number if confused or fainting).",
    "weakness_severe": "Cramps with weakness so bad you can't stand or get up, or with fast breathing, need "
    "medical care today (your emergency number if it is getting worse or there is confusion).",
    "salts": "Cramps with weakness, dizziness, vomiting or a racing heart while on water pills can mean "
    "your salts are dangerously out of balance: get medical care today.",
    "injury_severe": "After an injury, not being able to put weight on it or move it, a pop or snap, or a "
    "limb that looks deformed needs urgent care today. Don't stretch or massage it.",
    "low_calcium": "Tingling around the mouth or lips, or hands or feet spasming into claws (especially after "
    "thyroid or neck surgery) can mean very low calcium: get medical help now (your emergency number "
    "if it is severe).",
    "heart_pain": "Pain that spreads to the jaw, neck or left arm, or comes with a cold sweat, can be a heart "
    "attack even if it feels like a cramp: call your emergency number now.",
    "fever": "Cramps with a fever, or a hot, red, swollen limb, can be an infection: get medical care today.",
    "sudden_severe": "Sudden severe pain, or pain, redness or swelling getting worse fast, is not an ordinary "
    "cramp: get medical care today.",
    "measured_low": "You have a measured result: follow the plan of the doctor who ordered the test and ask "
    "them whether it explains the cramps. I can't advise on doses — your doctor or pharmacist can.",
    "new_medicine": "Cramps that began with a new medicine (such as statins): talk to the doctor or "
    "pharmacist who prescribed it. Don't stop it on your own.",
    "calcium_check": "After thyroid or neck surgery, cramps or tingling that come and go are worth raising with "
    "your doctor, who can check your calcium. Tingling around the mouth, or hands clawing or spasming now, needs "
    "help at once.",
    "persistent": "Cramps that are severe, frequent or don't ease: see your doctor, who can look "
    "for the cause and test your levels.",
    "numb_weak": "Cramps with numbness or weakness: see your doctor.",
    "spinal": "Numb or weak legs with loss of bladder or bowel control, or numbness between your legs or "
    "around your bottom, can mean pressure on the spinal nerves: go to A&E (the emergency department) now.",
    "meningitis": "A stiff neck with a fever, light hurting your eyes, or a rash that doesn't fade when you "
    "press a glass on it can be meningitis: call your emergency number now.",
    "bite": "Cramps, spasms or rigid muscles after a bite or sting (snake, spider, scorpion or unknown) need "
    "emergency care: call your emergency number now and keep the bitten limb still.",
    "tetanus": "A stiff or locking jaw, or muscle spasms, after a wound (rusty nail, cut, puncture or animal "
    "bite) can be tetanus: go to A&E or call your emergency number now.",
    "heat_stroke": "In the heat, no longer sweating, hot dry skin, confusion, a pounding head or collapsing "
    "can be heat stroke: call your emergency number now, get into shade and cool down with water.",
    "sugar_high": "Diabetes with a very high sugar reading, extreme thirst, peeing a lot, vomiting or fruity "
    "breath needs urgent care now: call your emergency number or go to A&E.",
    "sugar_low": "Shaky, sweaty or confused with diabetes can be a low: take fast sugar now (juice, sweets) and "
    "call your emergency number if it doesn't help quickly.",
    "headache": "A sudden, severe headache (the worst you've had): call your emergency number now.",
    "overdose": "Too many water pills or laxatives can put your salts dangerously out of balance: call your "
    "emergency number or poison control now.",
    "chest_pressure": "Pressure, squeezing, crushing or heaviness in the chest (like a weight sitting on it), "
    "especially spreading to an arm, the jaw, neck or back, or with sweating or feeling sick, can be a heart "
    "attack even if it feels like a muscle: call your emergency number now.",
    "allergy": "Swelling of the lips, tongue, face or throat, trouble swallowing or breathing, wheezing or hives "
    "all over (especially after a new tablet, supplement or food) can be a severe allergic reaction: call your "
    "emergency number now and use an adrenaline auto-injector if you have one.",
    "poisoning": "A child who may have swallowed pills or supplements, or anyone who took too many tablets (or "
    "has ringing ears, blurred vision or a very slow or fast heartbeat after them), needs help now even if they "
    "seem fine: call your emergency number or poison control now and keep the packet.",
    "ascending": "Weakness or numbness that spreads upward from the feet over hours or days can affect the "
    "breathing muscles: go to A&E or call your emergency number now.",
    "crisis": "I'm sorry you're feeling this way. If you might act on these thoughts, call your emergency number "
    "now. You can also call a crisis line (Samaritans 116 123 in the UK and Ireland, 988 in the US) or talk to "
    "someone you trust — you don't have to face this alone.",
    "infant": "My sources don't cover babies or toddlers. Please have your child seen by a doctor or health "
    "visitor today — straight away if they are floppy, hard to wake, feverish or not feeding.",
    "kidney": "After a missed dialysis session, cramps, weakness, a fluttering or irregular heartbeat or "
    "breathlessness can mean potassium or fluid has built up dangerously: call your dialysis unit or your "
    "emergency number now.",
    "withdrawal": "Shaking, sweating or seeing things after stopping alcohol can be dangerous withdrawal: get "
    "urgent medical help now (your emergency number if there is confusion or a fit).",
    # Pregnancy: the seeds say nothing on it; these are standard maternity urgent-care lines.
    "preterm_labour": "In pregnancy, tightenings or cramps in the belly or back that come regularly (every few "
    "minutes, like waves) can be labour, and before 37 weeks it is early: call your maternity unit or midwife's "
    "emergency line now, or your emergency number.",
    "pregnancy_bleeding": "Any bleeding, or a gush or trickle of fluid (your waters), in pregnancy: call your "
    "maternity unit or midwife's emergency line now, or your emergency number if it is heavy.",
    "pre_eclampsia": "In pregnancy, a severe headache, flashing lights or blurred vision, pain under the ribs or "
    "sudden swelling of the face, hands or feet can be pre-eclampsia: call your maternity unit or midwife's "
    "emergency line now, or your emergency number.",
    "ectopic": "One-sided pain low in the belly with a positive test or a missed period, pain in the tip of a "
    "shoulder, or feeling faint can be an ectopic pregnancy: call your emergency number or go to A&E now.",
    "baby_movements": "Your baby moving less than usual, or not at all: call your maternity unit or midwife's "
    "emergency line now; don't wait until tomorrow.",
    "potassium_high": "With kidney disease, dialysis, or tablets such as spironolactone or ACE inhibitors, extra "
    "potassium (supplements, salt substitutes such as LoSalt or lots of bananas) plus weakness, heavy legs, "
    "tingling, breathlessness or a fluttering heart can be dangerously high potassium: call your kidney team or "
    "your emergency number now, and stop the supplement or salt substitute.",
    "compartment": "After a knock, kick, crush, fracture, cast or very hard exercise, pain that keeps getting worse "
    "or is far worse than the injury, a leg that feels very tight, hard or shiny, pins and needles or numbness, "
    "or pain when the toes are moved can mean pressure building inside the muscle: go to A&E now. Keep it still, "
    "don't rub it and don't raise it high.",
    "sepsis": "With an infection or a wound, feeling extremely unwell, blotchy or mottled skin, very cold hands "
    "and feet, fast breathing, shivering you can't stop, confusion or hardly peeing can be sepsis: call your "
    "emergency number now.",
    "child_unwell": "A child with cramps or spasms plus a stiff neck, a rash, a fever, or who is unusually sleepy, "
    "floppy or hard to wake: call your emergency number now.",
}

URGENT_REASONS: tuple[str, ...] = (
    "crisis", "infant",
    "chest_cramp", "chest_pressure", "fast_breathing", "allergy", "breathing", "heart_pain", "stroke", "poisoning", "kidney", "potassium_high",
    "sepsis", "child_unwell", "meningitis", "ectopic", "pregnancy_bleeding", "pre_eclampsia", "preterm_labour",
    "baby_movements", "compartment",
    "headache", "confusion", "fainting", "seizure", "ascending",
    "heat_stroke", "sugar_low", "sugar_high", "bite", "tetanus", "spinal", "overdose", "withdrawal",
    "low_calcium", "limb", "clot",
    "injury_severe", "muscle_breakdown", "dehydration_severe", "weakness_severe", "salts", "fever",
    "sudden_severe", "heart_now", "prolonged",
)

# "go cold and numb when walking", "white when it's cold outside": the recurring pattern of poor
# circulation (see a doctor), not an acute blockage.
_NOT_RECURRING = (
    r"(?! (?:\w+ )?(?:when|while|whenever|during|in (?:the )?(?:winter|cold)|sometimes|at times|every|if|"
    r"after (?:walking|a walk|walks|exercise|running|standing|sitting)))"
)
# Early pregnancy, when an ectopic pregnancy shows itself: a positive test, a late or missed period.
_EARLY_PREGNANCY = (
    r"positive (?:pregnancy )?test|test (?:was |came back |is )?positive|(?:missed|late|skipped) (?:my |a )?period|"
    r"period (?:is |was )?(?:late|overdue|missing)|(?:havent|hasnt|didnt) (?:had|get|come)(?: (?:my|a|her))? period|"
    r"no period|early pregnancy|(?:just|only) found out|first trimester|(?:[4-9]|1[0-2]|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve) ?(?:weeks?|wks?) pregnant"
)
_NECK_SURGERY = (r"(?:thyroid|parathyroid|neck)(?: \w+)? (?:surgery|operation|op|removed|removal|taken out|out)|"
                 r"thyroidectomy|parathyroidectomy")
# Phrase rules: (reason, level, regex over space-joined, typo-fixed tokens).
_PHRASE_RULES: tuple[tuple[str, Level, str], ...] = (
    ("clot", "urgent", r"blood clots?|clots?|dvt|deep vein|thrombosis|embolism|"
     r"(?:bigger|fatter|thicker|larger|wider) than (?:the |my |his |her )?other|one (?:leg|calf|ankle) (?:is |looks )?(?:bigger|fatter|thicker)|"
     r"(?:twice|double|two times|three times) (?:the )?(?:size|as big|as fat|as thick)|unilateral (?:\w+ ){0,2}(?:calf|leg|swelling|pain)"),
    ("breathing", "urgent",
     r"chest (?:feels |is |gets |went |has )?(?:pain\w*|hurt\w*|tight\w*|heavy|pressure|sore|crushing)|"
     r"tight chest|pains? in (?:my |the )?chest|heart attack|crushing chest|"
     r"short(?:ness)? of breath|breathless|cant (?:breathe|breath|get my breath|catch my breath)|"
     r"(?:cant|cannot|couldnt|can not|unable to|struggling to|trying to|fighting to) (?:\w+ )?(?:catch|get|draw|"
     r"take) (?:a |my |his |her |any |enough )?(?:breath|air|deep breath)|(?:gasp\w*|gulp\w*|fighting|struggling|"
     r"grasping) for (?:air|breath)|breath (?:is |keeps )?(?:short|shallow|rattl\w*)|air hunger|"
     r"can not breathe|cannot breathe|cant get (?:enough )?air|cough\w* (?:up )?blood|(?:hard|difficult|struggling|struggle|trouble|difficulty) "
     r"(?:to )?breath(?:e|ing)?|out of breath|gasping|wheez\w*|breathing (?:is )?(?:hard|difficult|weird)|"
     # Breathless lying flat, blue lips.
     r"pillows? (?:\w+ )?to (?:breathe|breath)|(?:lips|mouth) (?:are |is |went |turned |going |look )?(?:blue|grey|gray)"),
    # Fast breathing: its own bullet, so the advice names what the person said (not "chest pain").
    ("fast_breathing", "urgent",
     r"breathing (?:\w+ )?(?:very |really |so |too )?(?:fast|rapid\w*|quick\w*|shallow|heavily)|"
     r"(?:rapid|fast|shallow) breathing|breathes (?:fast|quickly)|panting|hyperventilat\w*"),
    # Any cramp, spasm or tightness word with the chest is a possible heart attack, gym words or not
    # ("chest day and my pecs cramp"): seconds matter more than an unneeded call.
    ("chest_cramp", "urgent",
     r"(?:chest|pecs?|pectorals?|breastbone|sternum)(?: \w+){0,8} (?:cramp\w*|spasm\w*|tight\w*|seiz\w* up|"
     r"locked up|clench\w*|pain\w*|hurt\w*|ache\w*|aching)"
     # ...unless the cramp is placed somewhere else ("chest day tomorrow, tips for cramps in my calves").
     r"(?! (?:in|on) (?:my |the |his |her |both |our )?(?:calf|calves|legs?|foot|feet|thighs?|hamstrings?|toes?|"
     r"shins?|ankles?|knees?|arch|arches|back|neck|hands?|fingers?))|(?:cramp\w*|spasm\w*|tight\w*|pain\w*|hurt\w*|"
     r"ache\w*|aching)(?: \w+){0,8} (?:chest|pecs?|pectorals?|breastbone|sternum)"),
    # A heart attack described by an image rather than the word "pain": a weight, a vice, a band, an elephant.
    ("chest_pressure", "urgent",
     r"(?<!push )(?<!bench )(?:chest|breastbone|sternum|ribcage)(?! (?:day|press|fly|flies|workout|exercises?|"
     r"muscles? (?:are|is) (?:sore|tight) (?:after|from)))(?: \w+){0,7} (?:crush\w*|squeez\w*|pressure|pressing|"
     r"heav\w*|weight|weighed|elephant|vice|band|belt|strap|corset|clamp\w*|compress\w*|tightness|tightening|"
     r"constrict\w*|sat on|sitting on|standing on|bricks)|"
     r"(?:crush\w*|squeez\w*|pressure|pressing|heav\w*|weight|elephant|vice|band|belt|clamp\w*|tightness|bricks|"
     r"tightening|constrict\w*) (?:\w+ ){0,5}(?:on|in|across|around|round|over|behind|under) (?:the (?:middle|"
     r"centre|center) of )?(?:my |the |his |her |your )?(?:chest|breastbone|sternum|ribcage)|"
     r"elephant (?:\w+ ){0,2}(?:sitting|sat|standing|stood|on me|on my)|(?:something|someone|somebody) "
     r"(?:is |was )?(?:sitting|sat|standing|pressing|kneeling) on (?:my |his |her )?chest"),
    # Anaphylaxis: swelling of the airway or face, throat closing, or hives everywhere.
    ("allergy", "urgent",
     r"(?:lips?|tongue|face|throat|mouth|eyelids?) (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|blow\w* up|"
     r"blown up|ballooning|ballooned|huge|thick|fat|enormous)|(?:swollen|swelling|puffy|puffed up|fat) "
     r"(?:\w+ )?(?:lips?|tongue|face|throat)|throat (?:\w+ ){0,3}(?:closing|closed|tight\w*|narrow\w*|"
     r"constrict\w*)|(?:cant|cannot|can not|hard to|struggling to|trouble|difficulty|unable to) "
     r"(?:\w+ )?swallow\w*|hives (?:\w+ ){0,3}(?:all over|everywhere|spreading|over my body)|"
     r"(?:covered|all over) (?:\w+ ){0,2}(?:hives|welts)|anaphyla\w*|allergic reaction|epi ?pen"),
    # Ingestion: a child in the pills, or an adult who took far too many.
    ("poisoning", "urgent",
     r"(?:toddler|baby|child|kid|little one|grand(?:son|daughter|child)|(?:\d+|one|two|three|four|five|six) "
     r"(?:year|yr|month) old|son|daughter|nephew|niece|boy|girl)s? (?:\w+ ){0,4}(?:got into|gotten into|been "
     r"into|getting into|get into|got hold of|got at|swallow\w*|ate|eaten|eating|chewed|chewing|took|taken|has had|"
     r"had some|opened|found) "
     r"(?:\w+ ){0,4}(?:pills?|tablets?|supplements?|capsules?|gummies|vitamins?|meds|medicines?|medication|"
     r"bottle|packet|box|pot|tub|pill ?box|pill organi[sz]er|blister pack)|"
     r"(?:no idea|dont know|not sure|unsure) how many (?:\w+ )?(?:pills?|tablets?|capsules?|he|she|they|were|"
     r"i|it|are|took|ate|went)|"
     r"(?:(?:i|he|she|they|we|accidentally|mistakenly|just|mum|dad) (?:\w+ )?(?:had|ate)|took|taken|swallowed|"
     r"popped|necked|downed) (?:like |about |around |maybe |nearly |over |at least |some |all of |way |far |a few )?(?:too many|"
     r"too much|a handful|handful|handfuls|double|[5-9]|\d\d+|ten|twenty|fifteen|twelve|a lot of|loads of|lots of|"
     r"a bunch|a whole|the whole|an entire|the entire|extra|several) (?:\w+ ){0,3}(?:pills?|tablets?|"
     r"capsules?|supplements?|doses?|of (?:my|the|them|his|her)|quinine|magnesium|potassium|gummies)|"
     r"doubl\w* (?:up )?(?:on )?(?:my |the |his |her )?(?:\w+ )?(?:dose|doses|pills|tablets)|"
     r"double (?:dosed|dosing|doses)|overdosed|od d|odd on|i overdos\w*|took an overdose"),
    # Missed dialysis with symptoms is a same-hour problem (potassium and fluid build up).
    ("kidney", "urgent",
     r"(?:missed|skipped|skip|skipping|missing|miss|didnt (?:go to|have|get|make|do)|couldnt (?:go to|get to|"
     r"make|have)|cancelled|havent (?:had|been to)|no) (?:\w+ ){0,3}(?:dialysis|haemodialysis|hemodialysis)|"
     r"(?:dialysis|haemodialysis|hemodialysis) (?:\w+ ){0,3}(?:missed|skipped|cancelled)"),
    # Reduced baby movements: the words name the pregnancy themselves.
    ("baby_movements", "urgent",
     r"baby (?:\w+ ){0,3}(?:not moving|hasnt moved|hasnt been moving|havent felt|stopped moving|moving less|"
     r"moved less|less active|not as active|much quieter|quieter|not kicking|stopped kicking|hasnt kicked|"
     r"isnt moving|isnt kicking|wont move|not moved)|(?:havent|hasnt|not|didnt|cant|barely) (?:\w+ )?(?:felt|feel|"
     r"felt much of) (?:the |my )?baby (?:\w+ )?(?:move|moving|kick\w*)|(?:reduced|fewer|less|no) (?:fetal |foetal "
     r"|baby )(?:movements?|kicks?)"),
    ("stroke", "urgent",
     r"face (?:is |went |feels |looks |has gone |has )?(?:droop\w*|drop\w*|numb|sagg\w*|lopsided|crooked)|droop\w* face|"
     r"(?:droopy|drooping) (?:face|mouth|smile|lips?|eyes?|eyelids?|arms?|side)|(?:eyes?|eyelids?|lips?|arms?) (?:\w+ ){0,2}(?:droop\w*)|slurr\w*|slurred|speech|(?<!heat )(?<!sun )stroke|cant (?:speak|talk|get (?:my )?words out)|"
     r"(?:trouble|difficulty|hard|problems?) (?:speaking|talking|to speak|to talk)|"
     r"words (?:\w+ ){0,2}(?:come|coming|came|comes) out (?:\w+ )?(?:wrong|jumbled|garbled|muddled|funny|weird|"
     r"strange|slurred)|(?:mixing|mixed|jumbling|muddling) (?:up )?(?:my |his |her )?words|"
     r"(?:cant|cannot|couldnt) (?:find|get) (?:the |my |his |her )?words|words (?:are |were )?(?:jumbled|garbled|"
     r"muddled)|talking (?:nonsense|rubbish)|sudden(?:ly)? (?:weak\w*|numb\w*)|"
     r"(?:one side of (?:my |his |her |the )?face|(?:his|her|my|mums|dads) face) (?:\w+ ){0,2}(?:droop\w*|drop\w*|"
     r"sag\w*|slump\w*|fallen|slipped|slack|gone funny)|(?:smile|mouth) (?:\w+ ){0,2}(?:lopsided|crooked|uneven|"
     r"droop\w*|on one side)|(?:lopsided|crooked|uneven|wonky) (?:smile|face|mouth)|"
     r"(?:arm|arms|hand) (?:\w+ ){0,2}(?:wont|will not|cant|cannot|doesnt|wouldnt|couldnt) (?:lift|raise|move|"
     r"go up|work|grip)|(?:cant|cannot|couldnt|unable to|can not) (?:lift|raise|move) (?:\w+ ){0,2}(?:arm|arms|"
     r"hand)|"
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
     r"lost consciousness|losing consciousness|unconscious|keeled over|keel over|dizzy and fell|"
     r"(?:i|he|she|and|then) (?:\w+ )?(?:went|turned|go|going|goes) (?:all |really |very )?(?:grey|gray|white as a "
     r"sheet)|(?:everything|vision|world|eyes) (?:\w+ )?(?:went|going|goes|turned|go) (?:black|dark|grey|gray|"
     r"white|fuzzy)|greyed out|grayed out|whited out|(?:came|come|woke) (?:round |to )?on the (?:floor|ground)|"
     r"(?:hit|dropped to|ended up on) the (?:floor|ground)|went down like|swoon\w*|conked out|flaked out|"
     # Someone else reporting: not responding is an emergency whatever came before it.
     r"unresponsive|not (?:answering|responding|reacting|waking)(?: up)?|(?:wont|cant|cannot|couldnt|can not) "
     r"(?:wake|rouse) (?:him|her|them|up)|(?:wont|doesnt|didnt) (?:wake up|respond|answer us|answer me)"),
    # Weakness creeping up from the feet (Guillain-Barre and the like) can reach the breathing muscles.
    ("ascending", "urgent",
     r"(?:weak\w*|numb\w*|tingl\w*|paralys\w*|pins and needles) (?:\w+ ){0,6}(?:spreading|spreads|spread|moving|"
     r"moves|moved|creeping|creeps|crept|climbing|climbs|climbed|going|goes|gone|travell?ing|travell?ed|"
     r"working its way|worked its way|rising|risen) up(?:wards?)?|"
     r"(?:spreading|moving|creeping|climbing|rising) up (?:my |his |her |the |both )?(?:legs|body|arms|thighs)|"
     r"guillain|barre|gbs"),
    ("seizure", "urgent", r"seizure\w*|convuls\w*|epileptic|(?:had|having|has|have|having|in) (?:a |another )?fits?"
     r"(?! (?:body|person|lifestyle|and healthy|for|of (?:laughter|rage|anger)))|fitting and|shaking uncontrollabl\w*"),
    # Acute spinal nerve compression (cauda equina): continence or saddle numbness.
    ("spinal", "urgent",
     r"(?:cant|cannot|can not|couldnt|could not|unable to|lost|losing|loss of|no|trouble) (?:\w+ ){0,3}"
     r"(?:bladder|bowels?)|(?:cant|cannot|can not|couldnt|could not|unable to) (?:control|hold) (?:my |when i )?"
     r"(?:pee|peeing|wee|weeing|poo\w*|urine)|(?:bladder|bowel) (?:control|leak\w*|accident\w*)|"
     r"(?:wet|peed|pooed|soiled) myself|incontinen\w*|saddle (?:area |region )?(?:is |feels |went |gone )?numb\w*|"
     r"numb\w* (?:\w+ ){0,2}(?:groin|bum|buttocks?|bottom|genitals?|privates|between (?:my )?legs|inner thighs|saddle)|"
     r"(?:groin|bum|buttocks|bottom|privates|between my legs) (?:\w+ ){0,2}numb\w*"),
    ("meningitis", "urgent",
     r"rash (?:\w+ ){0,5}(?:doesnt|does not|wont|didnt|did not|not|dont|do not) (?:fade|go away when|disappear when)|"
     r"glass test|non ?blanching|(?:purple|red) (?:pinprick )?(?:spots|rash) (?:\w+ ){0,3}(?:fever|stiff neck)|"
     r"meningitis"),
    ("headache", "urgent",
     r"(?:sudden|suddenly|thunderclap|explosive|worst|exploding) (?:\w+ ){0,2}headache|"
     r"headache (?:\w+ ){0,3}(?:worst|out of nowhere|came on (?:suddenly|fast|out of nowhere)|exploded)"),
    ("heat_stroke", "urgent",
     r"heat ?stroke|sun ?stroke|(?:stopped|stop|not|no longer|cant|isnt|wont|quit) sweating|(?:hot|burning) "
     r"(?:and )?dry skin|skin (?:is |feels )?(?:hot and dry|dry and hot)"),
    # Acute limb ischaemia: the leg's blood supply cut off (cold together with pale/white/blue).
    ("limb", "urgent",
     r"(?:cold,? (?:and )?(?:kind of |sort of |a bit |very )?(?:pale|white|blue|bluish|blueish|grey|gray|mottled)|"
     r"(?:pale|white|blue|bluish|blueish|grey|gray|mottled),? (?:and )?(?:ice |icy |stone |freezing )?cold|"
     r"bluish white|blueish white|white ?blue|mottled|(?:gone|went|turned|going) (?:white|pale|blue|bluish) "
     r"(?:and|with|\w+ (?:hurts|pain)))" + _NOT_RECURRING + "|"
     r"(?:leg|legs|foot|feet|toes?|calf) (?:has |have )?(?:turned|went|gone|going|is|are|looks?) "
     r"(?:pale|white|blue|grey|gray)|(?:(?:cold|icy|freezing) and numb|numb and (?:cold|icy|freezing))"
     # "go cold and numb when walking" is the recurring pattern of poor circulation (see a doctor), not acute.
     r"(?! (?:when|while|whenever|during|in (?:the )?(?:winter|cold)|sometimes|at times|every|if|"
     r"after (?:walking|a walk|walks|exercise|running|standing|sitting)))|no pulse|"
     r"(?:cant|cannot|can not) feel (?:my |his |her |the )?(?:leg|legs|foot|feet|toes)"),
    # One cramp lasting an hour or more ("been over an hour", "for 2 hours now").
    ("prolonged", "urgent",
     r"(?:over|more than|after|for|been|nearly|almost|about) (?:an?|one|1|two|2|three|3|a few|a couple of|"
     r"couple of|several) (?:hour|hours|hr|hrs)(?! (?:after|later|ago))|"
     # A reported long cramp: "since this morning and it's still locked", "still hasn't let go".
     r"since (?:this morning|last night|yesterday|early|lunch|breakfast|\d+ ?(?:am|pm))(?: \w+){0,5} "
     r"(?:still|wont|doesnt|hasnt|not)|(?:still|hasnt|has not|wont|not) (?:\w+ ){0,2}(?:eased|let go|gone away|"
     r"relaxed|released|unlocked) (?:\w+ ){0,3}(?:since|all) (?:this morning|last night|yesterday|day|morning)"),
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
     r"persist\w*|chronic|keep coming back|keeps coming back|really bad|so bad|worst|"
     # "since three days", "for 2 weeks now": non-native and ordinary ways to report days of cramps.
     r"since (?:\w+ )?(?:days|weeks|months|years)|(?:two|three|four|five|six|\d+|few|several|many) "
     r"(?:days|weeks|months) (?:now|already|straight|in a row|long)"),
    # Observations that are danger signs without naming a symptom.
    ("muscle_breakdown", "urgent",
     r"(?:urine|pee|wee|piss|peeing|weeing)(?: (?:is|was|has|have|looks|looked|looking|turned|gone|went|came|"
     r"comes|coming|come|out|been|very|really|so|quite|super|like|kind|of|a|bit|kinda|almost|all|now)){0,4} "
     r"(?:dark(?! yellow| amber| orange| gold)|brown|black|bloody|rusty|red|cola|coke|coca|tea colou?red)|"
     r"(?:dark(?! yellow| amber| orange| gold)|brown|black|bloody|rusty|red|(?:cola|coke|tea) colou?red)"
     r"(?: (?:brown|red|colou?red|looking))? (?:urine|pee|wee)|(?:blood|brown) in (?:my |the |his |her )?"
     r"(?:urine|pee|wee)|(?:peeing|pissing|weeing) (?:\w+ )?blood|rhabdo\w*|"
     r"(?:urine|pee|wee|piss)(?: \w+){0,5} (?:colou?r of|like|looks like) (?:\w+ )?(?:tea|cola|coke|coffee|rust|mud)"),
    ("dehydration_severe", "urgent",
     r"(?:cant|cannot|can not|unable to|not able to|couldnt|could not) (?:keep|hold) (?:\w+ ){0,3}down|"
     r"(?:throw\w*|threw|vomit\w*|puk\w*) (?:\w+ )?(?:everything|every drink|all fluids)|"
     r"(?:not|barely|hardly|havent|hasnt|didnt|no|stopped) (?:been |even )?(?:peeing|peed|pee|pees|urinating|"
     r"urinated|weeing|passing (?:urine|water))|(?:very little|little|hardly any|barely any|no) (?:urine|pee)"),
    ("weakness_severe", "urgent",
     r"(?:so|very|too|extremely|super|incredibly|terribly) weak|no strength|"
     r"(?:cant|cannot|can not|unable to|couldnt|could not|not able to) (?:get up|stand up|get out of|get off|"
     r"lift (?:my |his |her )?(?:legs?|arms?|head)|stand(?! (?:it|the|this|these|that|them|how|when|being)))|"
     r"(?:legs?|knees?) (?:gave|give|keep giving|keeps giving|giving) out"),
    ("injury_severe", "urgent",
     r"(?:cant|cannot|can not|unable to|couldnt|could not|not able to) (?:put|bear|take|stand) (?:any |much )?"
     r"(?:weight|pressure)|(?:cant|cannot|can not|unable to|couldnt|could not|not able to) (?:walk|stand|step) "
     r"on (?:it|my|the|his|her)|deformed|deformity|(?:odd|wrong|weird|funny|strange) angle|"
     r"(?:bent|pointing|sticking out|twisted) (?:the )?wrong way|bone (?:is )?(?:sticking|poking) out|"
     r"(?:heard|felt|feel|hear) (?:a |something |like a |some )?(?:pop|popping|snap|snapping|crack)|"
     r"(?:kicked|shot|hit) in the (?:back of (?:my |the )?)?(?:calf|leg|heel|ankle)|achilles"),
    ("low_calcium", "urgent",
     r"(?:tingl\w*|numb\w*|pins and needles|prickl\w*|buzzing) (?:\w+ ){0,2}(?:lips?|around (?:my |the |his |her )?"
     r"mouth|mouth)|(?:lips?|mouth|around (?:my |the |his |her )?mouth) (?:\w+ ){0,2}(?:tingl\w*|numb\w*|"
     r"pins and needles|prickl\w*|buzzing)|tetany"),
    # Neck or thyroid surgery long ago with cramps that come and go: worth a calcium check, not an emergency
    # (urgent only when recent or with clawing or spasms now; see the combinations).
    ("calcium_check", "see_doctor", _NECK_SURGERY),
    ("heart_pain", "urgent",
     r"left arm (?:\w+ )?(?:pain\w*|hurt\w*|ache\w*|aching|numb\w*|heavy|tingl\w*)|pain\w* (?:in|down|into) "
     r"(?:my |the |his |her )?left arm|(?:spread\w*|radiat\w*|shoot\w*|travel\w*|goes|going|moving) "
     r"(?:up |down |into |to )?(?:my |the |his |her )?(?:jaw|left arm)|jaw (?:and|or) (?:left )?arm|"
     r"arm (?:and|or) jaw|cold sweat\w*|clammy|"
     # Arm and jaw in one message, whatever lies between ("left arm cramping and my jaw hurts").
     r"arms? (?:\w+ ){0,8}jaw|jaw (?:\w+ ){0,8}arms?"),
    # Thoughts of ending one's life come before anything about cramps.
    ("crisis", "urgent",
     r"(?:dont|do not|never) want to (?:be here|live|wake up|go on)(?: anymore| any more)?|"
     r"(?:end|ending) (?:it all|it|my life)|kill(?:ing)? my ?self|suicid\w*|(?:want|wanted|wanting) to die|"
     r"better off dead|(?:no|whats the|what is the) point (?:in |of )?(?:living|going on|life)|"
     r"(?:hurt|harm)(?:ing)? my ?self|self ?harm\w*|take my (?:own )?life"),
    # A baby or toddler with cramps, stiffness or jerking: a doctor should see them, not a chatbot.
    ("infant", "urgent",
     r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:month|week|mo|wk)s? old|"
     r"(?:my|our|the) (?:baby|babys|infant|newborn)(?: boy| girl| son| daughter)?"),
    ("sudden_severe", "urgent",
     r"sudden(?:ly)? (?:and )?(?:very )?(?:severe|excruciating|agoni[sz]ing|intense|unbearable|tearing|ripping) "
     r"pain|worst pain (?:of my life|ever|ive ever)|(?:getting|gets|got|grows|growing) worse (?:fast|quickly|"
     r"rapidly|by the (?:hour|minute)|every hour)|(?:redness|red|swelling|pain) (?:is )?spreading"),
    # A measured result ("my vitamin d is 12", "blood test came back low"): the doctor who ordered it leads.
    ("measured_low", "see_doctor",
     r"(?:my|his|her|our|the) (?:\w+ )?(?:vitamin d|b12|iron|ferritin|magnesium|potassium|calcium|sodium|"
     r"hemoglobin|haemoglobin|levels?)(?: levels?)? (?:is|was|are|were|came back|came out|tested|at|only)"
     r"(?: only| very| really| quite| a bit| slightly| a little| as| at)? (?:\d+|low|too low|deficient|borderline)|"
     r"(?:blood )?tests? (?:showed|shows|came back|found)|"
     # Pasted lab values: a unit ("mmol/L" becomes "labunit") or a nutrient with a decimal value ("K 3.4").
     r"labunit|(?:magnesium|potassium|calcium|sodium|ferritin|b12|vitamin d) (?:is |was |of |at )?\d+ \d+"),
    ("numb_weak", "see_doctor",
     r"numb\w*|(?:legs?|arms?|muscles?|foot|feet|calf|calves) (?:feel |feels |is |are |going )?weak|"
     r"weakness|weak legs?|cant walk|can not walk|cannot walk|giving way|gives way"),
)

# Words that are not dangerous alone but are together ("cramps" + "vomiting", "water pills" + "so dizzy").
_SIGNALS: dict[str, str] = {
    "cramp": r"cramp\w*|spasm\w*|charley|charlie|twitch\w*|seiz\w* up|locked up|muscles? (?:hurt|ache|aching|sore)",
    "vomit": r"vomit\w*(?! bug)|throw\w* up|threw up|puk\w*|being sick|been sick",
    "runs": r"diarrh\w*|the runs",
    "fever": r"fever\w*|high temperature|(?:a|running a|got a|have a) temperature|temp of|chills|shivering|rigors",
    "dizzy": r"dizz\w*|light ?headed|woozy|very thirsty|so thirsty|dry mouth",
    "weak": r"weak\w*|no energy|wiped out|cant move",
    "diuretic": r"water (?:pills?|tablets?)|diuretics?|lasix|furosemide|\w+thiazide|hctz|spironolactone|bumetanide|"
    r"torsemide",
    "heart": r"heart (?:\w+ ){0,2}(?:racing|pounding|fluttering|fluttery|flutter|skipping|skips|skipped|beating fast|"
    r"thumping|hammering|jumping|all over the place|going crazy|beating weird\w*|irregular|funny|weird)|"
    r"palpitation\w*|irregular heart\w*|flutter\w* (?:in (?:my |the )?chest|heart\w*)|(?:skipped|missed) beats?",
    "faint_sign": r"faint\w*|light ?headed|woozy|dizz\w*|about to pass out|going to pass out|going to faint|"
    r"weak\w*|breathless|short of breath|out of breath|cant catch my breath|chest",
    "dialysis": r"dialysis|haemodialysis|hemodialysis|kidney failure|renal failure",
    "injured": r"fell|fall|fallen|crash\w*|accident|twisted|tackled?|injur\w*|landed|rolled (?:my |his |her )?ankle|"
    r"tripped|slipped|hit by|kicked",
    "cant_move": r"(?:cant|cannot|can not|unable to|couldnt|could not|not able to) (?:move|bend|straighten|feel) "
    r"(?:my|his|her|the|it)",
    "claw": r"claw\w*|curl\w* (?:up|in|inwards?) (?:like|into)",
    "tingle": r"tingl\w*|pins and needles|numb\w*",
    "neck_surgery": _NECK_SURGERY,
    # Days or weeks since the operation: when low calcium after neck surgery usually shows itself.
    "recent": r"(?:\d+|a|one|two|three|four|five|six|few|couple of?) (?:days?|weeks?) ago|yesterday|last week|this week|"
    r"(?:just|recently) (?:had|came home|got home|discharged)|post op|days? (?:after|since)|since (?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)|(?:\w+ )?days? out|still in hospital|came home",
    "spasm_now": r"(?:spasm\w*|cramp\w*|lock\w*|twitch\w*) (?:\w+ ){0,3}(?:right now|now(?! and then)|at the moment|"
    r"wont stop)|(?:right now|(?<!every )now(?! and then)) (?:\w+ ){0,3}(?:spasm\w*|cramp\w*|lock\w*)",
    "stiff_neck": r"stiff neck|neck (?:is |went |feels |has gone |gone |got )?(?:really |very |so )?(?:stiff|rigid)|"
    r"(?:cant|cannot|can not) (?:bend|move|touch) (?:my )?(?:neck|chin)",
    "light_hurts": r"light (?:\w+ )?(?:hurts|hurting|bothers|burns) (?:my )?eyes|(?:hurts|sensitive|sensitivity) to "
    r"(?:the )?light|photophob\w*|(?:cant|cannot) (?:stand|bear|look at) (?:the )?light",
    "rash": r"rash|spots",
    "bite": r"bitten|bit (?:by|me)|(?<!mosquito )(?<!midge )(?<!gnat )(?<!flea )(?<!insect )bites?|stung|sting|stings|snake\w*|spider\w*|scorpion\w*|black widow|"
    r"jelly ?fish",
    "rigid": r"rigid|stiff as a board|like a board|cramp\w*|spasm\w*|seiz\w* up|locked up",
    "wound": r"rusty|(?:stepped|stood|trod|knelt|kneeled) on (?:a |an |some )?(?:\w+ )?(?:nail|glass|something|"
    r"thorn|tack|pin|screw)|puncture\w*|nail (?:went )?(?:in|through)|(?:cut|sliced|gashed|scraped|grazed|gouged|"
    r"nicked) (?:myself|(?:my|his|her|the) (?:\w+ )?(?:foot|feet|hand|hands|leg|finger|thumb|toe|arm|knee|shin|palm|"
    r"heel|ankle|wrist|head|face|lip))|(?<!on )(?:a|the|deep|bad|small|nasty|little) (?:\w+ )?(?:cut|gash|graze|nick)"
    r"(?! (?:of|down|back|out))|wounds?(?! up)|gash|(?:dog|cat|animal|rat|fox|horse) (?:\w+ )?(?:bite|bit|"
    r"scratch\w*|nipped)|splinters?|thorns?|barbed wire|garden fork|pitchfork|rusty nail|(?:rose|bramble) bush|"
    r"stabbed|impaled|pierced",
    "jaw": r"jaw (?:\w+ ){0,2}(?:lock\w*|stiff\w*|tight\w*|clench\w*|stuck|seiz\w*|"
    r"frozen|clamped|wired)|jaw (?:\w+ ){0,2}(?:wont|will not|doesnt|does not|cant|cannot|can not|wouldnt) "
    r"(?:open|move|budge|unlock)|lock ?jaw|(?:cant|can hardly|can barely|cannot|can not|could not|couldnt|hard to|"
    r"trouble|struggling to|unable to|wont|difficulty) (?:\w+ )?open\w* (?:my |his |her |the )?(?:mouth|jaw)|"
    r"(?:stiff|tight|locked|clenched|stuck) jaw|teeth (?:\w+ ){0,2}(?:clench\w*|clamp\w*|stuck|locked|"
    r"gritted|jammed|shut)|mouth (?:\w+ ){0,2}(?:wont open|locked|stuck shut|clamped)",
    "heat": r"heat|heatwave|hot (?:day|sun|weather|outside|car)|in the sun|\d+ ?(?:degrees?|c)|degrees?|"
    r"sauna|scorching|sweltering|roofing",
    "heat_sign": r"out of it|not making sense|(?:pounding|splitting|throbbing) (?:head|headache)|head (?:is )?"
    r"(?:pounding|throbbing|splitting)|collaps\w*|hot (?:and )?dry|very hot skin|stopped sweating",
    "diabetes": r"diabet\w*|blood sugar|sugar (?:reading|level|levels|is|was|says|reads)|glucose|insulin|"
    r"type (?:1|one) |t1d|t2d",
    "sugar_high": r"(?:reading|reads|says|meter|shows|showing|showed|monitor) (?:\w+ )?hi|high (?:blood )?sugar|"
    r"sugar (?:is |was |level |levels |reading )?(?:\w+ )?(?:high|through the roof|sky high)|(?:over|above) "
    r"[2-9]\d\d|[3-9]\d\d|hyperglyc\w*|ketones?|ketoacidosis|dka|fruity|pear drops",
    "thirst": r"(?:super|very|so|extremely|really|insanely|always|constantly|crazy) thirsty|cant stop drinking|"
    r"(?:peeing|weeing|urinating|pee|wee) (?:\w+ )?(?:nonstop|non stop|constantly|all the time|a lot|loads|every)",
    "sugar_low": r"hypo|low (?:blood )?sugar|sugar (?:is |was |went |has )?(?:\w+ )?(?:low|dropped|crashed)|"
    r"shaky|shaking|trembl\w*|jittery",
    "too_many": r"overdos\w*|too many|too much|(?:whole|entire) (?:box|pack|packet|bottle|strip)|handful|"
    r"double (?:dose|the dose|dosed)|extra (?:doses?|pills|tablets)|\d+ (?:of (?:my|the|them) )?(?:\w+ )?(?:pills|tablets)|"
    r"took (?:a lot|loads|lots)",
    "purge": r"water (?:pills?|tablets?)|diuretics?|lasix|furosemide|\w+thiazide|laxatives?|dulcolax|senna|"
    r"bisacodyl|senokot|movicol",
    "pills": r"pills?|tablets?|capsules?|supplements?|quinine|meds|medicines?|medication|dose|doses|overdos\w*",
    "quinine_sign": r"(?:ears?|head) (?:\w+ ){0,2}ring\w*|ring\w* (?:in )?(?:my |the |his |her )?ears?|tinnitus|"
    r"vision (?:is |went |has gone |gone |going |got |getting )?(?:\w+ )?(?:blurr\w*|double|dark|black|dim|funny|weird|"
    r"strange)|(?:cant|cannot|can not|couldnt) see (?:properly|clearly|straight|anything|well)|(?:lost|losing) "
    r"(?:my )?(?:sight|vision)|blind|heart (?:\w+ ){0,3}(?:slow|slowly|very slow|really slow)|slow (?:heart\w*|"
    r"pulse)|pulse (?:is |feels )?(?:\w+ )?(?:slow|fast|racing|weak)",
    "no_jab": r"tetanus|(?:never|not|havent|hasnt|didnt|no) (?:\w+ ){0,3}(?:jab|jabs|shot|shots|vaccine|vaccinated|"
    r"booster|injection)|(?:jab|shot|booster|vaccine)s? (?:\w+ ){0,2}(?:out of date|years ago|expired|overdue)",
    "no_alcohol": r"(?:stopped|quit|quitting|stopping|gave up|giving up|cut out|off|withdraw\w* from|coming off|"
    r"came off) (?:\w+ ){0,2}(?:drinking|alcohol|booze|the drink|drink|beer|vodka|wine)|alcohol withdraw\w*|"
    r"withdrawal|dts|delirium tremens",
    "shakes": r"shak\w*|trembl\w*|tremor\w*|seeing things|hallucinat\w*|the shakes",
    # ---- pregnancy (standard maternity advice; the seeds say nothing on pregnancy) ----
    "pregnant": r"pregnan\w*|pregnat|pregant|pregnet|preggers|preggo|prego|expecting|trimester|midwife|maternity|"
    r"(?:my|the) bump|baby bump|unborn|(?:\d+|\w+ty|\w+teen) ?(?:weeks?|wks?|wk) (?:pregnant|along|gone)|"
    r"(?:im|i am|at|nearly|almost|only|just) (?:\d+|\w+ty|\w+teen) ?(?:weeks?|wks?|wk)(?! (?:ago|now|later|of|in a row|"
    r"straight))|(?<!for )(?<!past )(?<!last )(?<!over )(?<!about )(?<!few )(?<!the )(?:1[3-9]|[23]\d|4[0-2]) ?"
    r"(?:weeks?|wks?)(?! (?:ago|now|later|of|in a row|straight|already|long|old))|" + _EARLY_PREGNANCY,
    "early_pregnant": _EARLY_PREGNANCY,
    "bump_pain": r"belly|tummy|stomach|abdomen|abdominal|bump|womb|lower back|back|pelvis|pelvic|tighten\w*|"
    r"contraction\w*|hardening|goes hard|gets hard|period pains?|period like",
    "regular": r"every (?:\d+|few|couple of|couple|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) "
    r"(?:or so )?(?:min\w*|mins)|(?:like|in) waves|wave\w* of|closer (?:and closer|together)|more (?:and more )?"
    r"regular|(?:coming|come|comes|came) regular\w*|regular (?:tighten\w*|contraction\w*|pains?|cramps?)|"
    r"(?:coming|come|comes) and (?:going|go|goes)|timing them",
    "regular_strong": r"every (?:\d+|few|couple of|couple|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) "
    r"(?:or so )?(?:min\w*|mins)|(?:like|in) waves|closer (?:and closer|together)|timing them",
    "preg_bleed": r"bleed\w*|bled|spotting|blood (?:in|on|when|coming|down|clots?)|(?:some|bit of|little|fresh|"
    r"bright red|brown|pink|heavy) blood|passing clots|waters|(?:my|her) water|water (?:\w+ )?(?:broke|broken|"
    r"went|gone|breaking|leak\w*)|gush\w*|trickl\w*|(?:leak\w*|lost|losing) "
    r"(?:\w+ )?(?:fluid|water|liquid)|(?:fluid|liquid) (?:\w+ ){0,2}(?:leak\w*|coming|running|pouring)|"
    r"soaked (?:my|through)",
    "preg_headache": r"(?:bad|severe|terrible|awful|splitting|pounding|thumping|worst|blinding|horrible|massive|"
    r"huge|really bad|throbbing|killer) (?:\w+ )?(?:headache|head ache|migraine)|headache (?:\w+ ){0,3}(?:wont|"
    r"doesnt|will not|not) (?:go|shift|ease|budge)|head (?:is )?(?:pounding|splitting|throbbing)",
    "preg_vision": r"flash\w*|sparkl\w*|zigzag\w*|seeing (?:stars|spots|lights)|spots (?:in front of|before) "
    r"(?:my )?eyes|vision|blurr\w*|blurry|(?:cant|cannot) see (?:properly|clearly|straight)",
    "preg_swell": r"(?:face|hands?|fingers?|eyes?|eyelids?) (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w*|bloated)|"
    r"(?:swollen|swelling|puffy|puffed up) (?:\w+ )?(?:face|hands?|fingers?|eyes?)|rings? (?:\w+ ){0,3}"
    r"(?:tight|dont fit|wont fit|wont come off|stuck)|(?:pain|ache|hurts|hurting) (?:\w+ )?under (?:my |the )?"
    r"(?:right )?ribs|under (?:my |the )?(?:right )?ribs (?:\w+ )?(?:pain|hurts|aches|hurting)",
    "one_sided": r"(?:one|left|right) side|(?:lower )?(?:left|right) (?:side|of my belly|of my tummy)|one sided|"
    r"on (?:the|my) (?:left|right)|sharp (?:\w+ )?pain|stabbing",
    "shoulder_tip": r"shoulder ?tip|tip of (?:my |the )?shoulder",
    "baby_moves": r"(?<!bowel )(?:movements?|kicks?|kicking) (?:\w+ ){0,2}(?:less|fewer|reduced|slowed|stopped|"
    r"quieter|different|changed)|(?:less|fewer|reduced|no|slower|not many) (?:\w+ )?(?:movements?|kicks?|kicking)",
    # ---- high potassium in kidney disease ----
    "kidney_ctx": r"kidney (?:disease|failure|problems?|patient|function|damage|transplant)|ckd|dialysis|"
    r"haemodialysis|hemodialysis|renal|bad kidneys|kidneys? (?:are|is|arent) (?:\w+ )?(?:bad|failing|weak|not "
    r"working)|spironolactone|aldactone|eplerenone|ace inhibitors?|ramipril|lisinopril|enalapril|perindopril|"
    r"captopril|\w+[oai]pril|losartan|candesartan|valsartan|irbesartan|\w+sartan|amiloride|triamterene",
    "k_load": r"potas+i?um|potasium|lo ?salt|losalt|no ?salt|nu ?salt|salt substitutes?|salt replacement|low sodium salt|"
    r"(?:lots|loads|lot|bunch|bag|several|few|\d+|two|three|four|five|six|hand of|many|bunches) (?:of )?"
    r"(?:\w+ )?bananas|bananas (?:\w+ ){0,2}(?:a|every|each) day|extra bananas|k supplements?|slow k|sando ?k",
    "k_sign": r"weak\w*|heavy|jelly|(?:like )?lead|flutter\w*|palpitation\w*|heart (?:\w+ ){0,2}(?:racing|pounding|"
    r"skipping|skips|jumping|irregular|funny|weird|slow|odd|all over the place|thumping)|irregular heart\w*|"
    r"tingl\w*|pins and needles|numb\w*|breathless|short of breath|out of breath|(?:cant|cannot) (?:catch|get) "
    r"(?:my )?breath|chest|floppy|cant (?:lift|move)|paralys\w*",
    # ---- compartment syndrome after an injury or very hard exercise ----
    "impact": r"kick\w*|knock\w*|crush\w*|fractur\w*|broke|broken|cast|plaster|splint|whack\w*|smash\w*|"
    r"run over|fell|fall|fallen|tackle\w*|studs|bang\w*|blow to|struck|trapped|pinned|hit|got hit|stamped|"
    r"trod on|stood on|surgery|operation",
    # Very hard exercise: sore, tight calves are ordinary afterwards, so it needs nerve signs or toe pain too.
    "exertion": r"(?:hard|intense|brutal|heavy|long|crazy|insane) (?:\w+ )?(?:workout|session|run|training|"
    r"exercise|march|hike|leg day)|marathon|ultra|crossfit|spin class",
    "worsening": r"(?:getting|gets|got|keeps getting|keep getting|going|is getting) (?:\w+ )?worse|worse and worse|"
    r"worse (?:by the|every) (?:hour|minute)|worse (?:\w+ )?not better|(?:not|isnt|no) (?:getting )?better|"
    r"(?:painkillers?|paracetamol|ibuprofen|tablets|nothing) (?:\w+ ){0,2}(?:touch\w*|help\w*|work\w*|doing "
    r"anything)|out of proportion|(?:way|far|much) (?:more|worse) than|agony|excruciating|unbearable|screaming",
    "leg_tense": r"(?:very|really|so|super|extremely|incredibly|rock|board|too) (?:tight|hard|tense)|rock hard|"
    r"hard as (?:a )?(?:rock|stone|wood|board|brick)|tight as (?:a )?drum|drum ?tight|shiny|tense|bursting|burst|"
    r"(?:swollen|swelling) (?:and )?(?:tight|hard|shiny)|(?:tight|hard|shiny) and swollen|cast (?:\w+ ){0,2}"
    r"(?:too )?tight|(?:going|gonna|about) to (?:burst|pop|explode)",
    "nerve": r"pins and needles|tingl\w*|numb\w*|(?:cant|cannot|can not) feel|dead feeling|prickl\w*",
    "toe_pain": r"(?:mov\w*|wiggl\w*|wriggl\w*|bend\w*|stretch\w*|flex\w*|lift\w*|point\w*) (?:my |the |his |her )?"
    r"(?:toes|foot|ankle|fingers)(?: \w+){0,3} (?:hurts|agony|pain\w*|kills|killing|screaming|unbearable|"
    r"excruciating|sends|makes)|(?:hurts|pain\w*|agony|kills) (?:\w+ ){0,3}(?:to |when i |if i |if you |when you )"
    r"(?:move|moving|wiggl\w*|wriggl\w*|bend\w*|touch\w*) (?:my |the |his |her )?(?:toes|foot|fingers)",
    # ---- sepsis after an infection or wound ----
    "infection": r"infect\w*|cellulitis|abscess|pus|oozing|wound|cut|ulcer|bite|bitten|uti|kidney infection|"
    r"chest infection|pneumonia|flu|covid|after (?:my |the )?(?:op|operation|surgery)|stitches",
    "sepsis_sign": r"mottled|blotchy|blotches|(?:skin|lips|legs|knees) (?:\w+ ){0,2}(?:grey|gray|blue|pale|"
    r"purple|marbled|patchy)|(?:very|really|freezing|ice|icy|stone|so) cold (?:hands|feet|hands and feet)|"
    r"(?:hands|feet)(?: and (?:hands|feet))? (?:are |feel |feels |went |gone )?(?:\w+ )?(?:freezing|ice cold|icy|"
    r"so cold|very cold|stone cold)|(?:going|gonna|about|feel like (?:i am|im)|think (?:i am|im)) (?:going )?to die|"
    r"(?:feel|feels|think) like (?:im|i am|hes|shes|he is|she is) dying|worst (?:i have|ive) ever felt|never felt "
    r"(?:this|so) (?:ill|unwell|bad)|something (?:is )?(?:seriously|really|very) wrong|shivering (?:uncontroll\w*|"
    r"violently|nonstop)|cant stop shivering|rigors",
    # ---- a child who is very unwell ----
    "child": r"(?:toddler|baby|child|kid|little one|grand(?:son|daughter|child)|son|daughter|nephew|niece|boy|"
    r"girl|infant|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:year|yr|month) old)s?",
    "child_sign": r"stiff neck|neck (?:\w+ )?(?:stiff|rigid|hurts to bend)|"
    r"(?<!heat )(?<!nappy )(?<!diaper )rash(?! (?:from|after|cream))|(?:very|really|so|unusually|"
    r"extremely) (?:sleepy|drowsy|floppy)|drowsy|floppy|gone limp|hard to wake|(?:cant|wont) wake|"
    r"wont (?:wake|feed|stop crying)|wont drink anything|not (?:feeding|drinking anything|waking)|high pitched|fever\w*|"
    r"temperature|burning up|hot to touch|light hurts|purple",
}
# (reason, signals that must all be present). Each signal alone is ordinary; together they need care today.
_COMBINATIONS: tuple[tuple[str, frozenset[str]], ...] = (
    ("dehydration_severe", frozenset({"cramp", "vomit"})),
    ("dehydration_severe", frozenset({"vomit", "dizzy"})),
    ("dehydration_severe", frozenset({"runs", "dizzy"})),
    ("fever", frozenset({"cramp", "fever"})),
    ("salts", frozenset({"diuretic", "weak"})),
    ("salts", frozenset({"diuretic", "dizzy"})),
    ("salts", frozenset({"diuretic", "vomit"})),
    ("salts", frozenset({"diuretic", "heart"})),
    ("injury_severe", frozenset({"injured", "cant_move"})),
    ("low_calcium", frozenset({"claw", "tingle"})),
    ("low_calcium", frozenset({"neck_surgery", "recent"})),
    ("low_calcium", frozenset({"neck_surgery", "claw"})),
    ("low_calcium", frozenset({"neck_surgery", "spasm_now"})),
    ("meningitis", frozenset({"stiff_neck", "fever"})),
    ("meningitis", frozenset({"stiff_neck", "light_hurts"})),
    ("meningitis", frozenset({"fever", "light_hurts"})),
    ("meningitis", frozenset({"fever", "rash", "stiff_neck"})),
    ("bite", frozenset({"bite", "rigid"})),
    ("tetanus", frozenset({"wound", "jaw"})),
    ("tetanus", frozenset({"wound", "rigid"})),
    ("heat_stroke", frozenset({"heat", "heat_sign"})),
    ("sugar_high", frozenset({"diabetes", "sugar_high"})),
    ("sugar_high", frozenset({"diabetes", "thirst"})),
    ("sugar_high", frozenset({"diabetes", "vomit"})),
    ("sugar_low", frozenset({"diabetes", "sugar_low"})),
    ("overdose", frozenset({"too_many", "purge"})),
    ("poisoning", frozenset({"pills", "quinine_sign"})),
    ("poisoning", frozenset({"too_many", "pills", "heart"})),
    ("tetanus", frozenset({"no_jab", "jaw"})),
    ("tetanus", frozenset({"bite", "jaw"})),
    ("tetanus", frozenset({"no_jab", "wound", "rigid"})),
    ("heart_now", frozenset({"heart", "faint_sign"})),
    ("kidney", frozenset({"dialysis", "heart"})),
    ("withdrawal", frozenset({"no_alcohol", "shakes"})),
    ("preterm_labour", frozenset({"pregnant", "bump_pain", "regular"})),
    ("preterm_labour", frozenset({"pregnant", "regular_strong"})),
    ("pregnancy_bleeding", frozenset({"pregnant", "preg_bleed"})),
    ("pre_eclampsia", frozenset({"pregnant", "preg_headache"})),
    ("pre_eclampsia", frozenset({"pregnant", "preg_vision"})),
    ("pre_eclampsia", frozenset({"pregnant", "preg_swell"})),
    ("ectopic", frozenset({"early_pregnant", "one_sided"})),
    ("ectopic", frozenset({"early_pregnant", "faint_sign", "bump_pain"})),
    ("ectopic", frozenset({"pregnant", "shoulder_tip"})),
    ("baby_movements", frozenset({"pregnant", "baby_moves"})),
    ("potassium_high", frozenset({"kidney_ctx", "k_load", "k_sign"})),
    ("compartment", frozenset({"impact", "worsening", "leg_tense"})),
    ("compartment", frozenset({"impact", "worsening", "nerve"})),
    ("compartment", frozenset({"impact", "leg_tense", "nerve"})),
    ("compartment", frozenset({"impact", "toe_pain"})),
    ("compartment", frozenset({"exertion", "leg_tense", "nerve"})),
    ("compartment", frozenset({"exertion", "worsening", "nerve"})),
    ("compartment", frozenset({"exertion", "toe_pain"})),
    ("sepsis", frozenset({"infection", "sepsis_sign"})),
    ("child_unwell", frozenset({"child", "cramp", "child_sign"})),
)
# "How long does a cramp last?" asks about duration; only a reported duration is a red flag.
_DURATION_QUESTION = re.compile(
    r"\bhow long\b|\b(?:normal|supposed|usual|usually|meant)(?: \w+){0,4} to last\b|\bhow many minutes\b"
)
_REPORTED_NOW = re.compile(r"\b(?:still|been|now|already|hasnt|wont|mine|my|lasted|ive|had)\b")

_SIGN_WORDS = frozenset(
    "swollen swelling swell swelled swells puffy puffed inflamed bloated enlarged red redness reddish "
    "warm hot tender discolored discoloured purple purplish purpleish shiny lump bulging edema oedema "
    "edematous oedematous".split()
)
_SIGN_NEEDS_PLACE = frozenset(
    "red redness reddish warm hot tender purple purplish purpleish shiny lump bulging".split()
)
_LEG_WORDS = frozenset(
    "calf calves leg legs shin shins ankle ankles thigh thighs knee knees foot feet lowerleg".split()
)
# A sign word followed by one of these is about something else ("hot bath", "warm up", "red meat").
_SIGN_EXCLUDE_NEXT = frozenset(
    "bath baths shower water weather day days towel towels pad pads compress drink drinks tea room "
    "summer up meat wine blood cells climate sun pack packs milk food foods yoga tub bottle "
    # A hot place ("a hot kitchen shift") is heat around the person, not a hot limb.
    "kitchen kitchens shift shifts office house flat car bedroom workplace factory warehouse bakery gym".split()
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
        "pregnant", "pregnancy", "contractions", "tightenings", "bleeding", "spotting", "potassium", "dialysis",
        "bananas", "spironolactone", "tingling", "fractured", "movements", "shoulder", "mottled", "blotchy",
    }
    # Every word the answering lexicon knows counts as known, so "tiredness" never becomes "redness".
    lexicon_words = {token for table in (*TOPIC_LEXICON.values(), CRAMP_WORDS) for phrase in table
                     for token in tokenize(phrase)}
    # Ordinary words one or two edits from a target ("angle" -> "ankle", "spreading" -> "speaking").
    ordinary = {"after", "dropping", "dropped", "drops", "drop", "flight", "flights", "puffy", "angle", "angles", "spreading", "spread", "spreads",
                "colour", "color", "pillows", "smells", "smell", "smelly", "pointing", "shivering", "clammy", "lightheaded", "tablets", "tackle"}
    return TypoFixer(targets, COMMON_WORDS | lexicon_words | ordinary)


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


@lru_cache(maxsize=1)
def _compiled_signals() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(rf"\b(?:{pattern})\b") for name, pattern in _SIGNALS.items()}


def _signals(tokens: list[str], joined: str) -> set[str]:
    """Names of the signals present and not negated ("no fever" is no fever)."""
    present: set[str] = set()
    for name, pattern in _compiled_signals().items():
        for match in pattern.finditer(joined):
            if not _is_negated(tokens, _token_index(joined, match.start())):
                present.add(name)
                break
    return present


def _combination_reasons(tokens: list[str], joined: str) -> list[tuple[str, Level]]:
    present = _signals(tokens, joined)
    return [(reason, "urgent") for reason, needed in _COMBINATIONS if needed <= present]


def _duration_question_start(joined: str) -> int:
    """Where a "how long does it last?" question starts, or past the end when there is none or when the
    person also reports their own cramp ("mine has been going for an hour")."""
    question = _DURATION_QUESTION.search(joined)
    if question is None or _REPORTED_NOW.search(joined):
        return len(joined) + 1
    return question.start()


def _phrase_reasons(tokens: list[str]) -> list[tuple[str, Level]]:
    joined = " ".join(tokens)
    found: list[tuple[str, Level]] = []
    duration_start = _duration_question_start(joined)
    for reason, level, pattern in _compiled_rules():
        for match in pattern.finditer(joined):
            if reason in ("prolonged", "persistent") and match.start() > duration_start:
                continue  # part of "how long does it last, an hour?", not a report
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


# A racing heart in a panic attack, with no cramp, muscle, fainting or chest sign, is not this bot's emergency.
_PANIC_WORDS = frozenset("panic panicking panicky anxiety anxious attack attacks stress stressed nervous scared "
                         "adrenaline caffeine coffee espresso energy".split())
_MUSCLE_WORDS = frozenset("muscle muscles cramp cramps cramping cramped spasm spasms".split()) | _LEG_WORDS
_HEART_CONTEXT_SIGNALS = frozenset({"cramp", "faint_sign", "diuretic", "dialysis", "vomit", "runs"})


def _heart_in_context(tokens: list[str], found: list[tuple[str, Level]]) -> list[tuple[str, Level]]:
    """A racing heart alone is urgent only with cramps, muscles, faintness or chest signs around it; alone it
    is see-doctor, and in a panic or anxiety attack it is left to the out-of-scope answer."""
    if ("heart_now", "urgent") not in found:
        return found
    if any(level == "urgent" and reason != "heart_now" for reason, level in found):
        return found
    if _MUSCLE_WORDS & set(tokens) or _HEART_CONTEXT_SIGNALS & _signals(tokens, " ".join(tokens)):
        return found
    calm = [pair for pair in found if pair != ("heart_now", "urgent")]
    if not _PANIC_WORDS & set(tokens) and ("heart", "see_doctor") not in calm:
        calm.append(("heart", "see_doctor"))
    return calm


_PREGNANCY_WORDS = frozenset("pregnant pregnancy trimester bump womb midwife kicks kicking kicked movements shower "
                             "contractions due".split())
_INFANT_SIGNS = frozenset("cramp cramps cramping cramped spasm spasms spasming twitch twitches twitching twitchy "
                          "stiff stiffening jerk jerks jerking jerky shaking shakes fit fits seizure".split())


def _infant_in_context(tokens: list[str], found: list[tuple[str, Level]]) -> list[tuple[str, Level]]:
    """A baby with cramps, stiffness or jerking, not an unborn baby kicking in a pregnancy."""
    if ("infant", "urgent") not in found:
        return found
    words = set(tokens)
    if _INFANT_SIGNS & words and not _PREGNANCY_WORDS & words:
        return found
    return [pair for pair in found if pair != ("infant", "urgent")]


_CALCIUM_CONTEXT = frozenset("surgery operation op thyroid parathyroid thyroidectomy parathyroidectomy claw claws "
                             "clawing clawed tetany neck".split())


def _tingling_from_fast_breathing(tokens: list[str], found: list[tuple[str, Level]]) -> list[tuple[str, Level]]:
    """Tingling lips after breathing fast: the fast-breathing advice alone names what the person said; the
    low-calcium line (thyroid surgery, claw hands) stays when they mention its own context."""
    if ("fast_breathing", "urgent") not in found or ("low_calcium", "urgent") not in found:
        return found
    if _CALCIUM_CONTEXT & set(tokens):
        return found
    return [pair for pair in found if pair != ("low_calcium", "urgent")]


def screen(text: str) -> Triage:
    """Urgent signs win; otherwise see-doctor signs; otherwise no red flag."""
    tokens = _tokens(text)
    found = _phrase_reasons(tokens)
    found += [pair for pair in _combination_reasons(tokens, " ".join(tokens)) if pair not in found]
    if _clot_signs(tokens) and ("clot", "urgent") not in found:
        found.append(("clot", "urgent"))
    found = _heart_in_context(tokens, found)
    found = _infant_in_context(tokens, found)
    found = _tingling_from_fast_breathing(tokens, found)
    if not found:
        return Triage(level=None, reasons=[])
    urgent = [reason for reason in URGENT_REASONS if (reason, "urgent") in found]
    others = [reason for reason, level in found if level == "see_doctor"]
    if urgent:
        return Triage(level="urgent", reasons=urgent + others)
    return Triage(level="see_doctor", reasons=others)
