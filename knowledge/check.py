"""Guided check: a declarative question list and pure scoring of the answers.

Each rule names the seed that supports it. Scoring never diagnoses: it ranks nutrients and causes that
*fit* the answers and says what to ask a doctor to test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.base import KnowledgeBase
from knowledge.models import NUTRIENT_IDS
from knowledge.render import CHECK_MAX_TEXT, assemble, bullets, escape, source_line


@dataclass(frozen=True)
class CheckQuestion:
    id: str
    prompt: str
    options: list[tuple[str, str]]
    multi: bool = False


@dataclass(frozen=True)
class Contributor:
    topic: str
    reason: str
    foods: list[str]
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CheckResult:
    contributors: list[Contributor]
    ask_doctor: list[str]
    see_doctor: bool
    disclaimer: str
    notes: list[str] = field(default_factory=list)


CHECK_QUESTIONS: list[CheckQuestion] = [
    CheckQuestion(
        "where",
        "Where do your cramps usually happen?",
        [
            ("calf", "Calf"),
            ("foot", "Foot or toes"),
            ("thigh", "Thigh"),
            ("back", "Back or neck"),
            ("other", "Somewhere else"),
        ],
    ),
    CheckQuestion(
        "when",
        "When do they come most?",
        [("night", "At night / in bed"), ("day", "During the day"), ("exer", "After exercise"), ("any", "Any time")],
    ),
    CheckQuestion(
        "often",
        "How often do you get them?",
        [
            ("rare", "Rarely"),
            ("weekly", "About once a week"),
            ("fewweek", "A few times a week"),
            ("nightly", "Most days or nights"),
        ],
    ),
    CheckQuestion("tingle", "Do you also get tingling, pins and needles or numbness?", [("yes", "Yes"), ("no", "No")]),
    CheckQuestion("tired", "Do you often feel weak or tired, or look pale?", [("yes", "Yes"), ("no", "No")]),
    CheckQuestion(
        "diet",
        "Does any of this fit you? Pick all that apply, then Done.",
        [
            ("vegan", "Vegan or vegetarian"),
            ("nodairy", "Little dairy"),
            ("nosun", "Little sun"),
            ("none", "None of these"),
        ],
        multi=True,
    ),
    CheckQuestion(
        "meds",
        "Do you take any of these medicines? Pick all that apply, then Done.",
        [("diur", "Diuretics/water pills"), ("newmed", "A new medicine"), ("none", "None of these")],
        multi=True,
    ),
    CheckQuestion("sweat", "Do you sweat heavily (sport, heat, physical work)?", [("yes", "Yes"), ("no", "No")]),
    CheckQuestion("preg", "Are you pregnant?", [("yes", "Yes"), ("no", "No"), ("na", "Not applicable")]),
]

S000, S001, S002, S003, S004 = (
    "000_7154dc779fed8682.txt",
    "001_a7ee788273da627c.txt",
    "002_bddc2460f4749f17.txt",
    "003_a88c6d68a877c4c1.txt",
    "004_01e829a2d7e6d2cd.txt",
)

# (question id, option id) -> [(topic, weight, plain reason, seed files)]
_RULES: dict[tuple[str, str], list[tuple[str, float, str, list[str]]]] = {
    ("when", "night"): [
        ("magnesium", 3.0, "Night cramps are often linked to low magnesium", [S004]),
        ("dehydration", 1.0, "Night cramps are often linked to dehydration too", [S001]),
    ],
    ("when", "day"): [("calcium", 3.0, "Cramps mostly during the day are often linked to low calcium", [S004])],
    ("when", "exer"): [
        ("dehydration", 3.0, "Cramps after exercise fit losing fluid and electrolytes", [S000, S001]),
        ("exercise", 2.5, "Muscle fatigue from overuse is a common cause", [S003]),
    ],
    ("where", "back"): [
        ("vitamin_d", 2.0, "Back or neck spasms fit low vitamin D", [S004]),
        ("calcium", 1.0, "Low calcium cramps show in the legs, feet and back", [S000, S002]),
    ],
    ("where", "foot"): [("circulation", 1.0, "Foot cramps can come from tight shoes or poor circulation", [S003])],
    ("tingle", "yes"): [
        ("vitamin_b12", 3.0, "Tingling or numbness with cramps fits low vitamin B12", [S001, S002, S003]),
        ("calcium", 1.5, "Tingling and numbness can also be early signs of low calcium", [S000]),
        ("potassium", 1.0, "Tingling also fits low potassium", [S000]),
    ],
    ("tired", "yes"): [
        ("iron", 3.0, "Tiredness, weakness or pale skin fit low iron (anemia)", [S001, S004]),
        ("potassium", 1.0, "Weakness and tiredness also fit low potassium", [S000, S003]),
        ("vitamin_d", 1.0, "Tiredness and muscle weakness also fit low vitamin D", [S004]),
        ("magnesium", 0.5, "Tiredness is also a sign of low magnesium", [S004]),
    ],
    ("diet", "vegan"): [("vitamin_b12", 3.0, "A vegan or vegetarian diet makes low B12 more likely", [S002])],
    ("diet", "nodairy"): [("calcium", 2.5, "Little dairy means fewer calcium sources", [S000, S003])],
    ("diet", "nosun"): [("vitamin_d", 3.0, "Little sun makes low vitamin D more likely", [S000])],
    ("meds", "diur"): [
        ("medications", 3.5, "Water pills can lower potassium, calcium and magnesium", [S004, S001]),
        ("potassium", 2.0, "Water pills can lower potassium", [S001]),
        ("magnesium", 1.0, "Water pills can lower magnesium", [S004]),
        ("calcium", 1.0, "Water pills can lower calcium", [S004]),
    ],
    ("meds", "newmed"): [
        (
            "medications",
            4.0,
            "Some medicines list cramps as a side effect; review it with the prescriber",
            [S003, S001],
        ),
    ],
    ("sweat", "yes"): [
        ("dehydration", 3.0, "Heavy sweating loses sodium, potassium and magnesium", [S000, S001]),
        ("potassium", 1.0, "Heavy sweating can add to low potassium", [S001]),
    ],
    ("often", "nightly"): [("magnesium", 0.5, "Frequent night cramps are often linked to magnesium", [S001])],
    ("often", "fewweek"): [("magnesium", 0.3, "Frequent night cramps are often linked to magnesium", [S001])],
}

# Foods that come from animals: left out for someone who eats plant-based.
_ANIMAL_FOOD_WORDS = frozenset(
    [
        "meat",
        "fish",
        "salmon",
        "tuna",
        "sardines",
        "eggs",
        "egg",
        "yolks",
        "dairy",
        "milk",
        "cheese",
        "yogurt",
        "yoghurt",
        "chicken",
        "beef",
        "liver",
        "seafood",
        "poultry",
    ]
)

_ASK_TESTS = {
    "magnesium": "magnesium",
    "calcium": "calcium",
    "vitamin_d": "vitamin D",
    "vitamin_b12": "vitamin B12",
    "iron": "iron (anemia)",
    "potassium": "potassium",
    "vitamin_b1": "vitamin B1",
}
_MAX_CONTRIBUTORS = 4


def score(answers: Mapping[str, Sequence[str]], kb: KnowledgeBase | None = None) -> CheckResult:
    """Rank what the answers fit. `answers` maps question id -> chosen option ids (unknown ids ignored)."""
    knowledge = kb or _default_kb()
    totals: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    seeds: dict[str, list[str]] = {}
    for question_id, options in answers.items():
        for option in options:
            for topic, weight, reason, sources in _RULES.get((question_id, option), []):
                totals[topic] = totals.get(topic, 0.0) + weight
                if reason not in reasons.setdefault(topic, []):
                    reasons[topic].append(reason)
                seeds.setdefault(topic, [])
                seeds[topic] += [s for s in sources if s not in seeds[topic]]
    ranked = sorted(totals, key=lambda t: -totals[t])[:_MAX_CONTRIBUTORS]
    contributors = [
        Contributor(
            topic=t,
            reason=_join_reasons(reasons[t]),
            foods=_foods_that_fit(t, knowledge.foods_for(t), answers),
            sources=seeds[t],
        )
        for t in ranked
    ]
    notes = _notes(answers)
    return CheckResult(
        contributors=contributors,
        ask_doctor=_ask_doctor(ranked, answers),
        see_doctor=_needs_doctor(answers),
        disclaimer=knowledge.disclaimer,
        notes=notes,
    )


def _foods_that_fit(topic: str, foods: list[str], answers: Mapping[str, Sequence[str]]) -> list[str]:
    """Vegans and vegetarians see plant foods only (fortified cereals and a test for B12)."""
    if topic == "potassium" and _chosen(answers, "meds", "diur"):
        # Some water pills lower potassium and others keep it: the prescriber decides, not a food list.
        return []
    if not _chosen(answers, "diet", "vegan"):
        return foods
    if topic == "vitamin_b12":
        return ["fortified cereals; ask your doctor about a B12 test"]
    return [food for food in foods if not (_ANIMAL_FOOD_WORDS & set(food.lower().replace(",", " ").split()))]


def _chosen(answers: Mapping[str, Sequence[str]], question_id: str, option: str) -> bool:
    return option in answers.get(question_id, ())


def _ask_doctor(ranked: list[str], answers: Mapping[str, Sequence[str]]) -> list[str]:
    items: list[str] = []
    tests = [_ASK_TESTS[t] for t in ranked if t in _ASK_TESTS]
    if tests:
        items.append("Before taking any supplement, ask for a blood test for " + _and_list(tests) + ".")
    if _chosen(answers, "meds", "diur"):
        items.append("Review your diuretic (water pill) with your doctor; don't stop it on your own.")
    if _chosen(answers, "meds", "newmed"):
        items.append("Ask the doctor or pharmacist who prescribed your new medicine whether it could cause cramps.")
    if _chosen(answers, "preg", "yes"):
        items.append("Ask your midwife or doctor about cramps in pregnancy before changing diet or supplements.")
    if _chosen(answers, "where", "foot"):
        items.append("If your feet also feel cold or look pale, ask about your circulation.")
    if not items:
        items.append("If cramps become frequent or severe, ask your doctor to check your mineral levels.")
    return items


def _needs_doctor(answers: Mapping[str, Sequence[str]]) -> bool:
    return any(
        (
            _chosen(answers, "often", "nightly"),
            _chosen(answers, "often", "fewweek"),
            _chosen(answers, "preg", "yes"),
            _chosen(answers, "meds", "newmed"),
            _chosen(answers, "tingle", "yes") and _chosen(answers, "tired", "yes"),
        )
    )


def _notes(answers: Mapping[str, Sequence[str]]) -> list[str]:
    notes: list[str] = []
    if _chosen(answers, "preg", "yes"):
        notes.append(
            "My sources don't cover cramps in pregnancy, so ask your midwife or doctor before supplements "
            "or diet changes."
        )
    if _chosen(answers, "often", "nightly") or _chosen(answers, "often", "fewweek"):
        notes.append("Cramps this often are worth a doctor's visit.")
    if _chosen(answers, "diet", "vegan"):
        notes.append("Foods are plant-based only, as you eat vegan or vegetarian.")
    return notes


def render_check_result(result: CheckResult) -> str:
    """Telegram HTML (only <b>/<i>), ≤ CHECK_MAX_TEXT chars, ends with the disclaimer."""
    sections: list[str] = ["<b>Your cramp check</b>"]
    if result.see_doctor:
        sections.append("<b>Please see your doctor</b> about these cramps.")
    if result.contributors:
        lines = []
        for number, contributor in enumerate(result.contributors, start=1):
            line = f"{number}. " + _contributor_line(_title(contributor.topic), contributor.reason)
            if contributor.foods:
                label = "Try" if contributor.topic not in NUTRIENT_IDS else "Foods"
                line += f"\n   <i>{label}:</i> " + escape(", ".join(contributor.foods[:5]))
            lines.append(line)
        sections.append("<b>What may play a part</b>\n" + "\n".join(lines))
    else:
        sections.append(
            "Nothing in your answers points to a specific nutrient. Drink enough, stretch before bed, "
            "and eat leafy greens, nuts, bananas and dairy."
        )
    if result.notes:
        sections.append(escape(" ".join(result.notes)))
    sections.append("<b>Ask your doctor</b>\n" + bullets(result.ask_doctor))
    seeds = sorted({s for contributor in result.contributors for s in contributor.sources})
    titles = _default_kb().source_titles
    tail = [
        source_line(_cited_seeds(result.contributors), titles) if seeds else "",
        f"<i>{escape(result.disclaimer)}</i>",
    ]
    text = assemble(sections, tail, limit=CHECK_MAX_TEXT)
    assert len(text) <= CHECK_MAX_TEXT
    return text


_TITLES = {
    "magnesium": "Magnesium",
    "potassium": "Potassium",
    "calcium": "Calcium",
    "vitamin_d": "Vitamin D",
    "vitamin_b12": "Vitamin B12",
    "vitamin_b1": "Vitamin B1",
    "iron": "Iron",
    "dehydration": "Fluids and electrolytes",
    "exercise": "Muscle fatigue",
    "medications": "Medicines",
    "circulation": "Circulation and footwear",
}


def _contributor_line(title: str, reason: str) -> str:
    """ "<b>Magnesium</b>: low magnesium …", but "Muscle fatigue from overuse …" once, with its title in bold."""
    if reason.lower().startswith(title.lower()):
        return f"<b>{escape(reason[: len(title)])}</b>{escape(reason[len(title) :])}."
    return f"<b>{escape(title)}</b>: {escape(reason)}."


def _cited_seeds(contributors: Sequence[Contributor]) -> list[str]:
    """At most two seed files: the first two named by the strongest contributors."""
    cited: list[str] = []
    for contributor in contributors:
        cited += [s for s in contributor.sources if s not in cited]
    return cited[:2]


def _join_reasons(reasons: Sequence[str]) -> str:
    """ "Night cramps …; water pills …": one sentence, later reasons lower-cased."""
    return "; ".join([reasons[0]] + [r[:1].lower() + r[1:] for r in reasons[1:]])


def _and_list(items: Sequence[str]) -> str:
    """ "magnesium, calcium and iron"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _title(topic: str) -> str:
    return _TITLES.get(topic, topic.replace("_", " ").title())


@lru_cache(maxsize=1)
def _default_kb() -> KnowledgeBase:
    return KnowledgeBase.load(None, use_model=False)
