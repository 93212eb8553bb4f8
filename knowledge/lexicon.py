"""Everyday words people use for each topic, with weights.

Weights: 4-6 names the topic outright ("magnesium", "pregnant"), 2-3 is a strong hint (a risk group,
a timing, a symptom that belongs to one nutrient), 1 or less is a weak hint shared by several topics.
Phrases are matched as whole token sequences after the same normalisation as questions.
"""

from __future__ import annotations

TOPIC_LEXICON: dict[str, dict[str, float]] = {
    "magnesium": {
        "keto": 3, "ketogenic": 3, "low carb": 3, "low carbs": 3, "no carbs": 2.5, "carnivore": 2.5, "fasting": 2,
        "drinking heavily": 1.5, "heavy drinker": 1.5, "pints": 1,
        "magnesium": 5, "magnesuim": 5, "magnesim": 5, "mag": 3, "mg levels": 3, "magnesium citrate": 5,
        "magnesium glycinate": 5, "relaxation mineral": 4, "twitch": 2.5, "twitching": 2.5,
        "eyelid": 2, "eye twitch": 2.5, "muscle twitches": 2.5, "anxiety": 1.5, "anxious": 1.5,
        "stress": 1.2, "stressed": 1.2, "nuts": 1.2, "almonds": 1.5, "whole grains": 1, "relax": 1,
        "relaxing": 0.8, "night": 1.2, "nighttime": 1.2, "nocturnal": 1.2, "sleep": 0.8, "most common": 1.2,
        "irregular heartbeat": 0.8, "nausea": 0.5, "seeds": 0.8,
        "last night": -1.2, "night shift": -1.2, "night shifts": -1.2, "what deficiency": 1.5, "which deficiency": 1.5, "eye twitching": 2.5, "eyelid twitching": 2.5,
    },
    "potassium": {
        "dialysis": 3.5, "kidney disease": 3, "ckd": 3, "kidney failure": 3, "kidneys": 1.5, "kidney": 1.5,
        "potassium": 5, "potasium": 5, "potassim": 5, "k": 3, "low k": 4, "hypokalemia": 5,
        "hypokalaemia": 5, "irregular heartbeat": 2, "heartbeat": 1.5, "banana": 2, "bananas": 2, "avocado": 1, "dried apricots": 2, "apricots": 1.5,
        "potato": 1, "potatoes": 1, "weakness": 0.8, "weak": 0.6, "stiff": 1, "stiffness": 1,
        "heart rhythm": 1, "palpitations": 1, "vomiting": 1, "throwing up": 1, "diarrhea": 1,
        "diarrhoea": 1, "water pills": 1, "diuretic": 1, "diuretics": 1, "electrolyte": 0.5,
    },
    "calcium": {
        "calcium": 5, "calcuim": 5, "calsium": 5, "hypocalcemia": 5, "hypocalcaemia": 5, "tetany": 4,
        "dairy": 2.5, "milk": 2, "cheese": 2, "yogurt": 2, "yoghurt": 2, "lactose": 3,
        "lactose intolerant": 3.5, "dairy free": 3, "no dairy": 3.5, "dont eat dairy": 3.5,
        "brittle nails": 3, "nails": 1.5, "osteoporosis": 3, "bones": 1.5, "bone": 1, "weak bones": 2.5,
        "during the day": 2.5, "through the day": 2.5, "throughout the day": 2.5, "afternoon": 1.5, "daytime": 2.5, "day time": 2.5, "in the day": 2, "at work": 1,
        "contraction": 1, "contract": 0.8, "back": 0.8, "legs and back": 1,
        "glass of milk": 3,
    },
    "vitamin_d": {
        "vitamin d": 5, "vitamind": 5, "vitd": 5, "d deficiency": 4, "sun": 2.5, "sunlight": 3,
        "sunshine": 3, "no sun": 3.5, "see the sun": 3.5, "see sun": 3.5, "see daylight": 3.5, "daylight": 2.5,
        "no sunlight": 4, "night shift": 2, "night shifts": 2, "nightshift": 2, "little sun": 3.5, "indoors": 2.5, "inside all day": 2.5,
        "never outside": 3, "dont go outside": 3, "winter": 1.5, "dark months": 2, "fatty fish": 2,
        "salmon": 1.5, "egg yolks": 2, "bone pain": 2.5, "bones ache": 2, "back pain": 2,
        "neck": 2, "back": 1.2, "lower back": 1.5, "aches": 1, "achy": 1, "muscle aches": 1.5,
        "fracture": 1.5, "vitamin": 0.9, "vitamins": 0.9, "absorb calcium": 2, "chronic pain": 2,
    },
    "vitamin_b12": {
        "b12": 5, "vitamin b12": 5, "cobalamin": 5, "vegan": 3.5, "vegans": 3.5, "vegetarian": 3.5,
        "veggie": 2.5, "plant based": 3.5, "dont eat meat": 3.5, "no meat": 3.5, "stopped eating meat": 3.5,
        "meat": 1, "pins and needles": 3, "pin and needles": 3, "tingling": 2.5, "tingly": 2.5,
        "tingle": 2.5, "numb": 2, "numbness": 2, "balance": 2, "balance problems": 2.5, "unsteady": 2,
        "nerve": 1, "nerves": 1, "vitamin": 0.7, "vitamins": 0.7, "b vitamins": 2.5, "b vitamin": 2.5,
        "fortified cereals": 1, "eggs": 0.7,
        "burning feet": 4, "burning legs": 3.5, "feet burning": 4,
    },
    "vitamin_b1": {
        "b1": 5, "vitamin b1": 5, "thiamine": 5, "thiamin": 5, "energy metabolism": 2,
        "burning feet": 4.5, "burning legs": 4, "feet burn": 4, "feet burning": 4.5, "burning": 1.5,
    },
    "iron": {
        "iron": 5, "anemia": 4, "anaemia": 4, "anemic": 4, "anaemic": 4, "hemoglobin": 3,
        "haemoglobin": 3, "ferritin": 4, "pale": 3, "pale skin": 3.5, "look pale": 3.5, "tired": 1.2,
        "tiredness": 1.2, "exhausted": 1.2, "exhaustion": 1.2, "fatigue": 1, "no energy": 1.2,
        "always tired": 1.8, "worn out": 1.2, "oxygen": 2, "red blood cells": 2,
        "blood count": 2,
    },
    "choline": {
        "choline": 6, "acetylcholine": 6, "neurotransmitter": 4, "chemical messenger": 3,
    },
    "dehydration": {
        # Low-carb diets and heavy drinking: the seeds' "poor diet" and "dehydration" triggers.
        "keto": 3.5, "ketogenic": 3.5, "low carb": 3.5, "low carbs": 3.5, "no carbs": 3, "carnivore": 3,
        "fasting": 3, "intermittent fasting": 3, "pints": 2.5, "pint": 2, "lager": 2.5, "drinking heavily": 3,
        "heavy drinker": 3, "heavy drinking": 3, "binge": 2, "warehouse": 1, "desert": 2.5, "arizona": 2.5,
        "working outside": 2.5, "work outside": 2.5, "outside all day": 2.5, "in the sun all day": 3,
        "match": 1.5, "after a match": 2, "after the match": 2, "game": 1, "training": 1, "tournament": 1.5,
        "how much water": 4.5, "how much should i drink": 4.5, "how much to drink": 4.5,
        "dehydration": 5, "dehydrated": 5, "dehydrate": 5, "hydration": 3.5, "hydrated": 3,
        "water": 2, "drink water": 3, "drinking water": 3, "not drinking": 3, "drink enough": 3,
        "fluids": 2.5, "fluid": 2, "thirsty": 3, "electrolyte": 3.5, "electrolytes": 3.5,
        "electrolyte drink": 4, "sports drink": 4, "gatorade": 4, "powerade": 4, "lytes": 3,
        "salt": 4, "salty": 2.5, "flight": 1.5, "plane": 1.5, "long flight": 1.5, "sodium": 4, "hyponatremia": 5, "sweat": 3, "sweating": 3.5,
        "sweaty": 3, "hot yoga": 4, "bikram": 4, "sweat a lot": 4, "heavy sweating": 4, "hot weather": 3, "heatwave": 3,
        "heat wave": 3, "summer": 1.5, "sauna": 2.5, "hangover": 2.5, "alcohol": 1, "vomiting": 1.5,
        "throwing up": 1.5, "diarrhea": 1.5, "diarrhoea": 1.5, "drink": 1, "drinking": 1, "pee": 1,
        "urine": 1.5, "coconut water": 3,
        "beer": 2.5, "beers": 2.5, "booze": 2.5, "alcohol": 1.5, "drank": 1.5, "drunk": 1.5, "wine": 1.5, "hungover": 3, "hot day": 3, "hot days": 3, "in the heat": 3, "heat": 1.5, "scorching": 2.5, "building site": 2.5, "construction": 2, "outdoors": 1, "festival": 1.5, "rehydration": 4, "dioralyte": 4, "pedialyte": 4, "hydralyte": 4, "liquid iv": 4, "isotonic": 3.5, "sachet": 1.5, "sachets": 1.5, "just water": 3, "only water": 3,
        "what should i drink": 4.5, "what to drink": 4.5, "what can i drink": 4.5, "what do i drink": 4.5,
        "hot shift": 3, "kitchen": 1.5, "hot kitchen": 3, "drink more water": 4.5, "more water": 3.5, "drink more": 3,
    },
    "relief": {
        "relief": 3, "relieve": 3.5, "stop it": 2.5, "stop a cramp": 4, "stop the cramp": 4,
        "stop cramp": 3, "make it stop": 4, "get rid": 3, "right now": 3, "happening now": 3.5,
        "ease": 2.5, "ease it": 3, "help it": 2, "what do i do": 2.5, "what should i do": 2, "what to do": 2,
        "how do i stop": 3.5, "how to stop": 3.5, "hurts": 1.5, "hurting": 1.5, "so painful": 1.5,
        "agony": 2, "killing me": 2.5, "massage": 3, "rub": 2.5, "rubbing": 2.5, "heating pad": 3.5,
        "heat pad": 3.5, "hot water bottle": 3.5, "warm bath": 3, "hot bath": 3, "warm towel": 3,
        "ice": 2, "ice pack": 3, "cold pack": 3, "bed covers": 3, "blanket": 2, "duvet": 2,
        "sheets": 2, "quick": 1.5, "fast": 1.5, "quickly": 1.5, "instant": 2, "immediate": 2,
        "stuck": 1.5, "locked": 2, "seized": 2, "seizing up": 2, "knot": 2, "rock hard": 2.5,
        "charley horse": 2, "charlie horse": 2, "charley": 1.5, "sore after": 2, "sore afterwards": 3,
        "still sore": 3, "soreness": 2, "help": 0.5, "sore": 1.5, "still hurts": 2.5, "after a cramp": 2.5,
        "after the cramp": 2.5, "leftover": 2, "next day": 2, "let go": 2.5, "wont let go": 3,
        "wont stop": 2, "curling": 1.5, "curled": 1.5, "woke me up": 1.5, "woke up with": 1.5,
        "rn": 3, "atm": 2, "asap": 2.5, "help me": 2.5, "ouch": 2, "what can i do": 2.5, "what helps": 3, "what can she do": 2.5, "what can he do": 2.5, "stop the pain": 3.5, "ease the pain": 3.5, "having a cramp": 3.5, "got a cramp": 3, "mid cramp": 3.5, "heat or ice": 4, "ice or heat": 4, "hot or cold": 3, "toes curling": 2.5, "toes curl": 2.5, "how do i make it stop": 2,
        "what i must do": 3, "what must i do": 3, "what i should do": 3, "what i do": 2.5, "what to do with": 3,
        "what i can do": 3, "what i need to do": 3, "what do i need to do": 3, "what need i do": 3,
        "what can be done": 2.5, "how i can stop": 3.5, "how can i stop": 3.5, "how i stop": 3.5,
        "how to make it stop": 3.5, "how to make stop": 3.5, "how to relax": 2.5, "what is to do": 3,
        "how long does": 3, "how long do": 3, "how long will": 3, "how long is": 2.5, "how long it": 3,
        "how long they": 3, "how long should": 2, "normal to last": 3.5, "supposed to last": 3.5,
        "usually last": 3, "normally last": 3, "to last": 3, "how many minutes": 3,
        # "How do I stop it happening (again)?" is prevention, not relief.
        "stop it happening": -3.5, "stop them happening": -3.5, "stop them coming back": -3.5,
        "stop it coming back": -3.5, "from happening": -3, "happening again": -2,
    },
    "prevention_foods": {
        "food": 3, "foods": 3, "eat": 2.5, "eating": 1.8, "diet": 2.5, "what to eat": 4,
        "what should i eat": 4, "snack": 3, "meal": 2.5, "meals": 2.5, "breakfast": 2.5, "dinner": 2.5,
        "fruit": 3.5, "fruits": 3.5, "vegetables": 3.5, "veggies": 3.5, "veg": 2.5, "recipe": 3, "grocery": 3,
        "shopping list": 3, "prevent": 2.5, "prevention": 2.5, "avoid": 1.5, "stop them": 2,
        "stop getting": 2.5, "keep getting": 1, "coming back": 1.5, "come back": 3, "stop them coming back": 4,
        "stop it coming back": 4, "stop it happening": 2, "stop them happening": 2, "rich in": 2, "sources of": 2,
        "source of": 2, "nutrition": 2.5, "nutrients": 1.5, "balanced diet": 3.5, "bananas": 1,
        "banana": 1, "spinach": 1.5, "avocado": 1, "leafy greens": 2, "sweet potatoes": 2,
        "what food": 4.5, "which food": 4.5, "best food": 4, "foods that": 3, "food for": 3, "good for": 2.5, "what is good for": 3, "eat to": 3, "eat for": 3,
        "what i must eat": 4, "what i should eat": 4, "what i can eat": 4, "what eat": 3.5, "which food i": 4,
        "what food i": 4, "what to eat more": 4, "what must i eat": 4,
        # "Tips to stop leg cramps for good": prevention (foods, water, stretching), not the nutrient overview.
        "for good": 3.5, "tips": 2, "tips to stop": 3,
    },
    "stretching": {
        "standing": 1, "warehouse": 1, "on my feet": 1,
        "stretch": 4, "stretches": 4, "stretching": 4, "stretched": 3.5, "streching": 4,
        "yoga": 3, "flexibility": 3, "flexible": 2.5, "routine": 2, "warm up": 2.5, "warmup": 2.5,
        "cool down": 2, "before bed": 1.5, "exercises for": 2, "which exercises": 2.5,
        "toes toward": 3, "pull my toes": 3, "hamstring": 2, "hamstrings": 2, "tight calves": 2.5,
        "tight muscles": 2, "flight": 2, "plane": 2, "long flight": 2.5, "sitting for hours": 2,
        "sitting all day": 2, "long drive": 2,
    },
    "medications": {
        "chemo": 5, "chemotherapy": 5, "oncology": 4, "oncologist": 4, "dialysis": 4.5, "kidney disease": 4,
        "ckd": 4, "kidney failure": 4, "renal": 3,
        "medication": 4, "medications": 4, "medicine": 4, "medicines": 4, "meds": 4, "med": 3,
        "pill": 2, "pills": 2, "tablets": 1.5, "prescription": 4, "prescribed": 4, "side effect": 4,
        "side effects": 4, "diuretic": 5, "diuretics": 5, "water pill": 5, "water pills": 5,
        "water tablet": 5, "water tablets": 5, "furosemide": 5, "lasix": 5, "hydrochlorothiazide": 5,
        "hctz": 5, "thiazide": 5, "bendroflumethiazide": 5, "spironolactone": 5, "statin": 5,
        "statins": 5, "atorvastatin": 5, "simvastatin": 5, "rosuvastatin": 5, "lipitor": 5,
        "crestor": 5, "cholesterol": 3, "blood pressure": 3, "high blood pressure": 3.5,
        "bp": 2.5, "hypertension": 3.5, "started taking": 2.5, "new drug": 4, "drug": 2.5,
        "drugs": 2.5, "inhaler": 3, "steroid": 3, "steroids": 3, "prescriber": 4, "pharmacist": 3,
        "doctor put me on": 4, "put me on": 3, "quinine": 5,
        "metformin": 5, "lithium": 5, "laxative": 5, "laxatives": 5, "prednisone": 5, "prednisolone": 5,
        "cortisone": 5, "omeprazole": 5, "ppi": 4, "ppis": 4, "ace inhibitor": 5, "ace inhibitors": 5,
        "beta blocker": 5, "beta blockers": 5, "antidepressant": 4, "antidepressants": 4, "insulin": 4,
        "levothyroxine": 5, "amlodipine": 5, "ramipril": 5, "lisinopril": 5, "losartan": 5, "zocor": 5,
        "pravastatin": 5, "blood thinner": 4, "blood thinners": 4, "on tablets": 2.5, "on pills": 2.5,
    },
    "circulation": {
        "standing": 2, "on my feet": 2.5, "warehouse": 2, "long shifts": 2, "stand all day": 2.5,
        "standing for hours": 3, "hours standing": 3, "hours on my feet": 3,
        "shifts": 1.5, "hour shifts": 2.5, "long shift": 2,
        "circulation": 5, "blood flow": 5, "poor circulation": 5, "pad": 3, "peripheral artery": 5,
        "artery": 4, "arteries": 4, "diabetes": 4.5, "diabetic": 4.5, "blood sugar": 3.5,
        "neuropathy": 4, "nerve damage": 4, "thyroid": 4.5, "hypothyroid": 4.5, "hypothyroidism": 4.5,
        "underactive thyroid": 4.5, "shoes": 3.5, "shoe": 3.5, "footwear": 4, "tight shoes": 4.5,
        "heels": 3, "high heels": 3.5, "boots": 2.5, "trainers": 1.5, "sneakers": 1.5, "insoles": 3,
        "pinched nerve": 4.5, "nerve compression": 5, "compressed nerve": 4.5, "sciatica": 4,
        "slipped disc": 3.5, "cold feet": 3, "cold legs": 2.5, "purple": 1.5, "blue toes": 3,
        "standing all day": 2, "prolonged standing": 2, "on my feet all day": 2, "smoker": 1.5,
        "smoking": 1.5, "walking": 0.8,
        "flight": 3, "flights": 3, "long flight": 4, "plane": 3, "airplane": 3, "flying": 3, "long haul": 3,
        "long drive": 3, "road trip": 3, "car journey": 3, "bus ride": 2.5, "train ride": 2.5, "travel": 2.5,
        "traveling": 2.5, "travelling": 2.5, "sitting for hours": 3.5, "sitting all day": 3, "sit all day": 3,
        "desk job": 2.5, "sitting still": 2.5, "long sitting": 3, "when i walk": 2.5, "walk a short": 2.5,
        "when walking": 3, "while walking": 3, "goes away when i rest": 4, "go away when i rest": 4,
        "stops when i rest": 4, "better when i rest": 4, "eases when i rest": 4, "when i stop walking": 4,
        "claudication": 5,
        "blood not flowing": 5, "blood flowing": 4, "not flowing": 3, "blood not circulating": 5, "sit for long": 2.5,
        "sitting for long": 2.5, "sit for a long time": 2.5, "knitting": 1.5, "sewing": 1.5,
        # A cramp on one side only: circulation or a nerve, worth a doctor's look.
        "one side": 3.5, "only one side": 4, "only in my left": 3.5, "only in my right": 3.5, "only my left": 3.5,
        "only my right": 3.5, "only the left": 3.5, "only the right": 3.5, "one leg only": 3.5, "only one leg": 3.5,
        "only one foot": 3.5,
    },
    "red_flag": {
        "doctor": 2.5, "gp": 2.5, "physician": 2.5, "see someone": 2, "hospital": 2.5, "work at the hospital": -2.5, "shifts at the hospital": -2.5,
        "on my feet at the hospital": -2.5, "nurse at the hospital": -2.5,
        "emergency": 3, "er": 2, "a and e": 2.5, "urgent care": 3, "when should i worry": 4,
        "should i worry": 3.5, "worry": 1.5, "worried": 1.5, "worrying": 1.5, "concerned": 1.5,
        "serious": 2.5, "dangerous": 2.5, "is it bad": 3, "bad sign": 3, "normal": 1, "is this normal": 2, "red flag": 4,
        "warning signs": 4,         "wont go away": 2, "doesnt go away": 2, "persistent": 2, "every day": 1, "constant": 1.5,
        "severe": 1.5, "really bad": 1, "test": 1.5, "tests": 1.5, "blood test": 2.5, "checked": 1.5,
        "check up": 2, "injury": 2, "injured": 2, "fell": 1.5, "fall": 1,
    },
    "supplements": {
        "supplement": 4.5, "supplements": 4.5, "suplement": 4.5, "supplementing": 4.5,
        "multivitamin": 4.5, "multi vitamin": 4.5, "tablet": 2.5, "tablets": 2.5, "capsule": 3,
        "capsules": 3, "pill": 2, "pills": 1.5, "dose": 6, "dosage": 6, "how much": 3.5,
        "how many mg": 5, "mg": 3, "milligrams": 4, "per day": 2.5, "a day": 1, "take": 1.5,
        "should i take": 3, "can i take": 2.5, "taking": 1, "buy": 2, "brand": 3, "spray": 2,
        "powder": 2, "safe to take": 5, "together": 1, "too much": 3, "overdose": 3.5, "gummies": 3, "epsom": 2,
        "which form": 3, "how do i know if": 3, "find out": 2.5, "test for": 2, "citrate": 2, "glycinate": 2, "oxide": 2, "long until": 1.5, "work": 0.5,
        "pills": 1, "tabs": 2, "otc": 2, "over the counter": 3, "is it ok to take": 3, "ok to take": 3, "okay to take": 3, "mg of": 3, "every day": 0.5,
    },
    "night_cramps": {
        "night": 3, "nights": 3, "nite": 3, "nightly": 3.5, "overnight": 3, "at night": 3.5, "nighttime": 3.5, "nocturnal": 4,
        "sleep": 2.5, "sleeping": 2.5, "asleep": 3, "in bed": 3, "bed": 2, "bedtime": 2.5,
        "wake": 2, "wakes": 2, "waking": 2, "wake up": 2.5, "woke": 2, "woke up": 2.5,
        "middle of the night": 3.5, "3am": 3, "2am": 3, "4am": 3, "midnight": 3, "evening": 1.5,
        "resting": 2, "at rest": 2.5, "lying down": 2.5, "in my sleep": 3.5,
        "last night": -3, "night shift": -3, "night shifts": -3, "nightshift": -3, "night nurse": -3,
        "3 am": 3, "2 am": 3, "4 am": 3, "5am": 3, "1am": 3, "every nite": 3.5,
    },
    "pregnancy": {
        "pregnant": 8, "pregnancy": 8, "preggo": 8, "prego": 8, "expecting": 5, "trimester": 8,
        "weeks pregnant": 8, "baby": 3, "breastfeeding": 6, "nursing": 3, "midwife": 7,
        "prenatal": 7, "antenatal": 7, "expecting a baby": 8,
    },
    "exercise": {
        "situps": 3.5, "sit ups": 3.5, "situp": 3.5, "crunches": 3.5, "crunch": 2.5, "plank": 3, "planks": 3,
        "ab workout": 3.5, "abs workout": 3.5, "core workout": 3.5, "leg raises": 3, "push ups": 3, "pushups": 3,
        "press ups": 3,
        "exercise": 3, "exercising": 3.5, "workout": 3.5, "work out": 3, "working out": 3.5,
        "gym": 3, "training": 3, "train": 2, "run": 2.5, "running": 3, "ran": 2.5, "runner": 3,
        "jog": 3, "jogging": 3, "marathon": 3.5, "half marathon": 3.5, "race": 2, "sprint": 2.5,
        "football": 3, "soccer": 3, "basketball": 3, "tennis": 3, "cycling": 3, "bike": 2.5,
        "biking": 3, "ride": 1.5, "swim": 3, "swimming": 3, "pool": 2.5, "laps": 2.5, "hike": 3, "hiking": 3, "sport": 2.5,
        "sports": 2.5, "match": 2, "game": 1.5, "lifting": 3, "weights": 2.5, "squats": 3,
        "leg day": 3.5, "overexertion": 4, "overdoing": 3, "overdid": 3, "overuse": 3.5,
        "overworked": 3, "muscle fatigue": 3.5, "after running": 3, "during exercise": 3.5,
        "after exercise": 3.5, "after a workout": 3.5, "long walk": 2.5, "dancing": 2.5,
        "standing": 1, "physical": 1.5, "active": 1, "athlete": 3, "fitness": 2.5,
        # Sport-specific phrasings: the sport decides the topic, not the body part.
        "swimmer": 3.5, "lap": 2.5, "mid lap": 3.5, "push off": 2, "kick": 2.5, "kick the ball": 3.5, "kicking": 2.5,
        "ball": 1.5, "horse riding": 4, "riding": 2.5, "rider": 2.5, "km": 2.5, "mile": 2, "miles": 2,
        "hot yoga": 2.5, "pilates": 3, "climbing": 3, "rowing": 3, "skiing": 3, "dance": 2.5, "ballet": 3,
        "rugby": 3, "hockey": 3, "golf": 3, "triathlon": 3.5, "spin class": 3.5, "crossfit": 3.5, "cyclist": 3,
        "groin": 1.5, "mid race": 3.5, "mid game": 3.5, "during the game": 3, "during a match": 3,
        "dance class": 3.5, "after dance": 3.5, "after class": 1.5,
        # Gym diets: "on a cut" is a calorie deficit, not a wound (triage knows the difference too).
        "on a cut": 3, "cutting phase": 3.5, "cutting weight": 3, "bulk and cut": 3.5, "weight cut": 3,
    },
}

# Words that show a question is about cramps at all (used when no topic word matched).
CRAMP_WORDS: dict[str, float] = {
    "cramp": 1, "cramps": 1, "cramping": 1, "cramped": 1, "crams": 1, "cramo": 1, "spasm": 1,
    "spasms": 1, "charley horse": 1, "charlie horse": 1, "muscle": 0.6, "muscles": 0.6,
    "calf": 0.8, "calves": 0.8, "leg": 0.6, "legs": 0.6, "foot": 0.6, "feet": 0.6, "toe": 0.6,
    "toes": 0.6, "thigh": 0.6, "hamstring": 0.6, "quad": 0.6, "arch": 0.5, "knot": 0.5,
    "tight": 0.4, "seize": 0.5, "deficiency": 0.8, "deficient": 0.8, "lacking": 0.6,
    "lack": 0.5, "low in": 0.6, "mineral": 0.8, "minerals": 0.8, "nutrient": 0.8, "vitamin": 0.8,
    "twinge": 0.6, "ache": 0.4, "sore": 0.4,
}

# Words that say a muscle cramped (not just that something hurts): with a body or muscle word they keep a
# question in scope whatever else it rambles about ("hamstring locked up getting out of the car").
CRAMP_EVENT_WORDS: dict[str, float] = {
    "cramp": 1, "cramps": 1, "cramping": 1, "cramped": 1, "crampy": 1, "cramp up": 1, "spasm": 1, "spasms": 1,
    "spasming": 1, "charley horse": 1, "charlie horse": 1, "locked up": 1, "locks up": 1, "lock up": 1,
    "locking up": 1, "seized": 1, "seized up": 1, "seizes up": 1, "seize up": 1, "seizing up": 1, "knotted": 1,
    "knotted up": 1, "in a knot": 1, "into a knot": 1, "went into a ball": 1, "into a ball": 1, "balled up": 1,
    "balls up": 1, "tightened up": 1, "tightens up": 1, "tighten up": 1, "tightening up": 1, "tensed up": 1,
    "clenched up": 1,
}
# Skeletal muscles named as a phrase ("stomach muscles", "abs"): a cramp there is a muscle cramp, unlike
# "stomach cramps", which are the gut.
MUSCLE_SITES: dict[str, float] = {
    "muscle": 1, "muscles": 1, "stomach muscle": 1, "stomach muscles": 1, "tummy muscles": 1,
    "belly muscles": 1, "abdominal muscle": 1, "abdominal muscles": 1, "ab muscles": 1, "ab muscle": 1, "abs": 1,
    "core": 1, "six pack": 1, "sixpack": 1, "side muscles": 1, "side muscle": 1, "obliques": 1, "oblique": 1,
    "chest muscle": 1, "chest muscles": 1, "pecs": 1, "pec": 1, "rib muscles": 1, "intercostal": 1,
    "glute": 1, "glutes": 1, "bum muscle": 1, "buttock": 1, "lats": 1, "biceps": 1, "bicep": 1, "triceps": 1,
    "forearm": 1, "forearms": 1, "wrist": 1,
}

# Clearly different problems the bot doesn't cover. "cramp" may appear in them (period cramps).
OUT_OF_SCOPE: dict[str, float] = {
    "hair": 6, "hair loss": 8, "bald": 6, "balding": 6, "heartburn": 8, "acid reflux": 8,
    "reflux": 6, "indigestion": 6, "bloating": 6, "gas": 4, "ibs": 6, "constipation": 4, "weather": 3,
    "forecast": 6, "headache": 6, "migraine": 6, "toothache": 8, "tooth": 6, "acne": 8,
    "pimple": 7, "rash": 5, "eczema": 7, "cough": 6, "sore throat": 7, "flu": 4, "covid": 5,
    "anxiety attack": 3, "depression": 5, "weight loss": 6, "lose weight": 6, "diet plan": 3,
    "recipe for": 4, "joke": 6, "football score": 8, "who won": 8, "score": 3, "stock": 5, "bitcoin": 8,
    "capital of": 8, "translate": 8, "writer": 6, "poem": 8, "song": 6, "movie": 7, "homework": 8,
    "dog": 5, "cat": 4, "my dog": 8, "my cat": 8, "my pet": 8, "puppy": 8, "kitten": 8, "vet": 6,
    "my horse": 8, "no cramps": 8, "no cramp": 8, "not cramps": 6, "not a cramp": 6, "not cramping": 6, "car": 3, "phone": 4, "password": 8, "who are you": 6, "your name": 6,
    "eyes": 3, "vision": 5,
    "cancer": 5, "insomnia": 4, "snoring": 6, "hay fever": 7, "allergy": 5, "allergies": 5,
    "wisdom teeth": 8, "back to school": 6, "pizza": 5, "news": 5, "time is it": 8,
    "gallstones": 8, "kidney stones": 6,
    "protein powder": 8, "protein shake": 6, "build muscle": 6, "building muscle": 6, "muscle gain": 6,
    "gain muscle": 6, "bulking": 6, "six pack": 6, "mass gainer": 8, "pre workout": 5,
    "panic attack": 6, "panic attacks": 6, "switch off": 4, "mind racing": 5, "racing thoughts": 5,
    "overthinking": 5, "brain wont": 3,
    # Everyday non-medical requests: never a health question, whatever job or place they mention.
    "wifi": 8, "wi fi": 8, "router": 8, "internet": 6, "broadband": 8, "tax": 6, "taxes": 8, "tax return": 8,
    "cover letter": 8, "essay": 8, "resume": 5, "cv": 6, "write me": 4, "banana bread": 8, "bake": 5, "baking": 5,
    "cake": 5, "lasagna": 8, "cooking": 3, "dogs": 5, "cats": 4, "my dogs": 8, "my cats": 8, "our dog": 8,
    "our dogs": 8, "our cat": 8,
}

# Cramps of the womb or belly, not of a skeletal muscle: out of scope when they are where the cramp is
# ("period cramps"), ignored when a limb or back cramp is what is asked about ("calf cramps on my period").
CRAMP_SITE_OUT_OF_SCOPE: dict[str, float] = {
    "period": 6, "periods": 6, "period pain": 8, "menstrual": 8, "menstruation": 8, "pms": 7,
    "time of the month": 7, "womb": 8, "uterus": 8, "uterine": 8, "pelvic": 6, "ovulation": 8,
    "endometriosis": 8, "stomach": 6, "tummy": 6, "belly": 5, "abdominal": 6, "abdomen": 6, "gut": 5,
    "bowel": 5, "labor": 4, "labour": 4, "contractions": 4, "colic": 7,
}
# Skeletal-muscle places: a cramp named here keeps the question in scope whatever else is mentioned.
LIMB_WORDS: frozenset[str] = frozenset(
    "calf calves leg legs foot feet toe toes thigh thighs hamstring hamstrings quad quads shin shins ankle "
    "ankles arm arms hand hands finger fingers back neck shoulder shoulders hip hips knee knees".split()
)
# Drug-name endings (statins, ACE inhibitors, sartans, beta blockers, PPIs, diuretics, ...): a medicine
# name the lexicon doesn't list is still recognised as a medicine.
DRUG_SUFFIXES: tuple[str, ...] = (
    "statin", "pril", "sartan", "olol", "prazole", "thiazide", "semide", "etanide", "dipine", "formin",
    "gliptin", "gliflozin", "glutide", "olone", "isone", "thyroxine", "oxetine", "alopram", "triptyline",
    "azepam", "floxacin", "tidine", "pamil", "tiazem",
)
# Diuretics are what the articles name; the answer says so only for other medicines.
DIURETIC_WORDS: frozenset[str] = frozenset(
    "diuretic diuretics furosemide lasix hydrochlorothiazide hctz thiazide bendroflumethiazide "
    "spironolactone bumetanide torsemide".split()
)
STATIN_WORDS: frozenset[str] = frozenset("statin statins lipitor crestor zocor".split())
# Medicines people name that the suffixes miss (single tokens, as typed).
NAMED_DRUGS: frozenset[str] = STATIN_WORDS | frozenset(
    "metformin lithium laxative laxatives prednisone prednisolone cortisone steroid steroids omeprazole "
    "lansoprazole ppi ppis insulin levothyroxine synthroid amlodipine ramipril lisinopril losartan atorvastatin "
    "simvastatin rosuvastatin pravastatin antidepressant antidepressants inhaler salbutamol albuterol".split()
)

# Body places: used to pick relief steps and to tailor the overview answer.
PLACES: dict[str, str] = {
    "calf": "calf", "calves": "calf", "calve": "calf", "shin": "calf", "lower leg": "calf",
    "charley horse": "calf", "charlie horse": "calf",
    "foot": "foot", "feet": "foot", "toe": "foot", "toes": "foot", "arch": "foot", "sole": "foot",
    "heel": "foot", "ankle": "foot",
    "thigh": "thigh", "thighs": "thigh", "hamstring": "thigh", "hamstrings": "thigh", "quad": "thigh",
    "quads": "thigh", "upper leg": "thigh",
    "back": "back", "neck": "back", "lower back": "back", "shoulder": "back",
    "groin": "thigh", "inner thigh": "thigh",
}

# General "what deficiency / which vitamin" questions: answered with the overview of causes.
GENERAL_CAUSE: dict[str, float] = {
    "what deficiency": 3, "which deficiency": 3, "what vitamin": 3, "which vitamin": 3, "what vitamins": 3,
    "which vitamins": 3, "what mineral": 3, "which mineral": 3, "am i missing": 3, "am i lacking": 3,
    "what am i lacking": 3, "what am i missing": 3, "vitamin deficiency": 2.5, "what causes": 2, "what cause": 2,
    "vitamin is missing": 3, "vitamin missing": 3, "what is missing": 3, "which is missing": 3, "what i am missing": 3,
    "what i miss": 3, "what i lack": 3, "what is lacking": 3, "what lack": 2.5, "which lack": 2.5,
    "what deficit": 3, "which deficit": 3, "missing in my body": 3, "lacking in my body": 3,
}

# Things people ask about that the seed articles don't cover: phrase -> (what to call it, closest topic).
# The answer says so honestly, then gives the closest general advice the articles do cover.
UNCOVERED: dict[str, tuple[str, str]] = {
    "quinine": ("quinine", "medications"),
    "tonic water": ("tonic water", "relief"), "tonic": ("tonic water", "relief"),
    "pickle juice": ("pickle juice", "relief"), "pickle": ("pickle juice", "relief"),
    "pickles": ("pickle juice", "relief"), "mustard": ("mustard", "relief"),
    "vinegar": ("vinegar", "relief"), "apple cider vinegar": ("apple cider vinegar", "relief"),
    "soap": ("soap under the sheets", "relief"), "epsom": ("Epsom salt", "relief"),
    "coconut water": ("coconut water", "dehydration"),
    "creatine": ("creatine", "exercise"),
    "compression socks": ("compression socks", "circulation"), "compression sock": ("compression socks", "circulation"),
    "compression stockings": ("compression stockings", "circulation"), "compression": ("compression socks", "circulation"),
    "foam roller": ("foam rolling", "stretching"), "foam rolling": ("foam rolling", "stretching"),
    "cbd": ("CBD", "relief"), "kinesio": ("kinesiology tape", "relief"),
    **{phrase: ("hand cramps", "relief") for phrase in (
        "hand cramp", "hands cramp", "cramp in my hand", "cramp in my hands", "cramp in my finger",
        "cramp in my fingers", "finger cramp", "fingers cramp", "thumb cramp", "hand spasm", "hand lock",
        "hand locks", "hand locked", "claw", "when i write", "writing", "writers cramp", "wrist cramp",
        "hand cramping", "hands cramping", "hand keeps cramping", "hands keep cramping", "finger cramping",
        "fingers cramping", "fingers keep cramping", "hand cramps up", "hands cramp up",
    )},
    "jaw": ("jaw cramps", "relief"), "chewing": ("jaw cramps", "relief"),
    "eye twitch": ("eyelid twitching", "magnesium"), "eyelid": ("eyelid twitching", "magnesium"),
    "eye keep twitching": ("eyelid twitching", "magnesium"), "eye keeps twitching": ("eyelid twitching", "magnesium"),
    "restless legs": ("restless legs", "night_cramps"), "restless leg": ("restless legs", "night_cramps"),
    "side stitch": ("a stitch in your side", "exercise"), "stitch": ("a stitch in your side", "exercise"),
}
# Labels above that are remedies ("does X help?"); the others are body parts or conditions.
UNCOVERED_REMEDIES: frozenset[str] = frozenset({
    "quinine", "tonic water", "pickle juice", "mustard", "vinegar", "apple cider vinegar",
    "soap under the sheets", "Epsom salt", "coconut water", "creatine", "compression socks",
    "compression stockings", "foam rolling", "CBD", "kinesiology tape",
})
# How much an uncovered phrase adds to its closest topic, so that topic leads the answer.
UNCOVERED_WEIGHT = 3.0
