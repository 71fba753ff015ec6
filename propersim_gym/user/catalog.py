"""The procedural user's repertoire: activity templates for meals, work, chores, calls, rest and hobbies.

A template is what the planner can schedule: a name, a kind, a duration range, the steps it splits
into and the part of the day it prefers. Persona activities become templates too, so the persona's
own habits and these generic ones are planned the same way. The tables below are written one
template a line: ``name | kind | low-high minutes | when | step; step; ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from propersim_gym.personas.schema import PersonaActivity
from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import UserState

WHEN = ("morning", "afternoon", "evening", "any")


@dataclass(frozen=True, slots=True)
class Template:
    """Something the planner can schedule: name, kind, duration range (min), steps, preferred time."""

    name: str
    kind: K
    minutes: tuple[int, int]
    steps: tuple[str, ...]
    when: str = "any"
    state: UserState | None = None
    category: str = ""


def parse_templates(category: str, table: str) -> tuple[Template, ...]:
    """Templates from lines ``name | kind | lo-hi | when | step; step``; ValueError naming a bad line."""
    out = []
    for line in table.strip().splitlines():
        fields = [f.strip() for f in line.split("|")]
        try:
            name, kind, span, when, steps = fields
            lo, hi = (int(x) for x in span.split("-"))
            if when not in WHEN or not 5 <= lo <= hi:
                raise ValueError
            out.append(
                Template(
                    name, K(kind), (lo, hi), tuple(s.strip() for s in steps.split(";")), when, None, category
                )
            )
        except ValueError:
            raise ValueError(f"bad {category} template line: {line!r}") from None
    return tuple(out)


def from_persona(activity: PersonaActivity) -> Template:
    """The persona's own activity as a template (category "persona")."""
    low, high = activity.minutes
    return Template(
        activity.name,
        activity.kind,
        (low, high),
        tuple(activity.steps),
        activity.when,
        activity.state,
        "persona",
    )


def _one(category: str, line: str) -> Template:
    return parse_templates(category, line)[0]


# --- fixed parts of the day -------------------------------------------------------------------

MORNING_HYGIENE = _one(
    "hygiene",
    "morning hygiene | hygiene | 15-35 | morning | using the toilet; showering; "
    "brushing teeth; getting dressed",
)
MORNING_HYGIENE_QUICK = replace(
    MORNING_HYGIENE, steps=("using the toilet", "brushing teeth", "getting dressed")
)
BEDTIME_HYGIENE_STEPS = ("brushing teeth", "washing face", "changing into pyjamas")
WIND_DOWN_STEPS = (
    ("dimming the lights", "reading a few pages in bed"),
    ("listening to calm music", "lying in bed"),
    ("tidying the bedside table", "settling into bed"),
)

BREAKFAST_PREP = ("brewing coffee", "toasting bread", "slicing fruit", "boiling eggs", "making porridge")
BREAKFAST_EAT = ("eating breakfast", "sipping coffee", "reading the morning news")
LUNCH_PREP = ("heating up leftovers", "making a sandwich", "tossing a salad", "cooking pasta", "warming soup")
LUNCH_EAT = ("eating lunch", "having a second helping", "finishing with some fruit")
DINNER_PREP = (
    "taking ingredients from the refrigerator",
    "chopping vegetables",
    "cooking on the stove",
    "seasoning and tasting",
    "setting the table",
)
DINNER_EAT = ("eating dinner", "enjoying the meal slowly", "having dessert")

WORK_STEPS = (
    "going through emails",
    "deep work on the main task",
    "a video meeting with colleagues",
    "writing up notes",
    "reviewing documents",
    "working through the task list",
    "answering messages",
    "preparing a report",
)

WORK_BREAKS = parse_templates(
    "break",
    """
short break | rest | 10-15 | any | stretching by the window; refilling a glass of water
short break | rest | 10-15 | any | making a cup of tea; drinking tea in the kitchen
short break | rest | 10-15 | any | stepping into the garden for fresh air; looking at the flowers
short break | rest | 10-15 | any | resting eyes on the sofa; having a small snack
""",
)

DISHES = _one(
    "chores", "washing the dishes | chores | 10-15 | evening | scrubbing the pots; wiping the counters"
)

# --- trait-conditioned pools ------------------------------------------------------------------

PLAN_DAY, PLAN_EVENING, PLAN_WEEK, PLAN_QUICK = parse_templates(
    "planning",
    """
planning the day | planning | 10-20 | morning | reviewing the calendar; writing a to-do list
reviewing tomorrow's to-do list | planning | 10-15 | evening | ticking off today's tasks; listing priorities
planning the week ahead | planning | 20-30 | afternoon | looking over the week's calendar; setting goals
jotting down a quick to-do list | planning | 5-10 | any | scribbling a few tasks
""",
)

SOCIAL_CALLS = parse_templates(
    "social",
    """
calling a family member | social | 15-35 | evening | dialling in; hearing the family news; sharing plans
video-calling a friend | social | 20-40 | any | catching up; laughing over old stories; planning the next call
phoning an old friend | social | 15-30 | any | catching up on news; reminiscing
chatting with a neighbour over the garden fence | social | 10-20 | afternoon | swapping news; small talk
messaging friends | social | 10-20 | any | replying in the group chat; sending photos
group video call with friends | social | 30-45 | evening | joining the call; playing an online quiz; goodbyes
""",
)
#: Social time that also fills spare minutes: messages and a phone call.
SOCIAL_FILLERS = (SOCIAL_CALLS[4], SOCIAL_CALLS[2])

CHORES = parse_templates(
    "chores",
    """
doing the laundry | chores | 20-40 | any | sorting the clothes; loading the washing machine; hanging washing
tidying the common room | chores | 15-25 | any | picking things up; straightening the cushions
vacuuming the floors | chores | 15-30 | any | vacuuming the common room; vacuuming the bedroom
cleaning the bathroom | chores | 15-30 | any | scrubbing the bathroom sink; wiping the shower
wiping down the kitchen | chores | 15-20 | any | clearing the counters; wiping the stove
making the bed and tidying the bedroom | chores | 10-20 | morning | making the bed; putting clothes away
sorting the mail and paperwork | chores | 15-25 | any | opening letters; filing paperwork
folding and ironing clothes | chores | 20-30 | any | folding clothes; ironing shirts
organising the refrigerator | chores | 10-20 | any | throwing out old food; writing a grocery list
""",
)

SOOTHING = parse_templates(
    "rest",
    """
tea break | rest | 10-20 | any | making a cup of tea; sipping tea slowly
short meditation | meditation | 10-20 | any | settling on the mat; following the breath
breathing exercises | meditation | 5-15 | any | slow breathing; counting breaths
lying down for a rest | rest | 15-30 | afternoon | lying on the bed; resting eyes
a quiet moment in the garden | rest | 10-20 | any | sitting on the bench; listening to the birds
a warm soak in the bath | rest | 20-30 | evening | running the bath; soaking in warm water
""",
)
#: Rest that also fills spare minutes (no meditation: that one is chosen, not drifted into).
REST_FILLERS = tuple(s for s in SOOTHING if s.kind is not K.MEDITATION)

LEISURE = parse_templates(
    "leisure",
    """
watching a TV series | leisure | 30-60 | any | picking an episode; watching on the sofa
scrolling through the phone | leisure | 15-30 | any | scrolling social media; watching short videos
listening to music | leisure | 15-40 | any | choosing a playlist; listening on the sofa
watching videos online | leisure | 20-45 | any | browsing videos; watching on the sofa
browsing the news | leisure | 15-25 | any | reading headlines; reading a long article
playing a video game | leisure | 30-60 | any | loading the game; playing a few rounds
watching a film | leisure | 60-110 | evening | choosing a film; watching the film; watching the ending
""",
)

#: Generic hobbies: high-openness users sample widely from all of them, others keep to two favourites.
HOBBIES = parse_templates(
    "hobby",
    """
doing a crossword puzzle | hobby | 15-30 | any | filling in the easy clues; solving the hard clues
learning a few phrases of Italian | hobby | 15-30 | any | listening to a lesson; practising pronunciation
trying a new podcast | leisure | 20-40 | any | picking an episode; listening on the sofa
sketching in a notebook | hobby | 20-40 | any | sketching the view from the window; shading the drawing
playing the guitar | hobby | 20-40 | any | tuning the guitar; practising chords; strumming favourite songs
doing a jigsaw puzzle | hobby | 20-45 | any | sorting edge pieces; fitting the sky together
reading a novel | reading | 20-45 | any | finding the bookmark; reading a chapter
watching a documentary | leisure | 30-60 | evening | choosing a documentary; watching on the sofa
folding origami | hobby | 15-30 | any | choosing paper; folding a paper crane
baking a batch of cookies | cooking | 30-50 | afternoon | mixing the dough; shaping cookies; baking them
repotting a houseplant | gardening | 15-25 | any | loosening the roots; potting in fresh soil
writing a short poem | hobby | 15-30 | any | jotting down images; writing and revising lines
listening to a new album | leisure | 20-45 | any | putting the album on; listening closely
browsing an online course | hobby | 20-40 | any | watching a lesson; taking notes
photographing the garden | hobby | 15-30 | afternoon | finding the light; taking photos of the flowers
knitting a scarf | hobby | 20-45 | any | picking up the needles; knitting a few rows
playing chess against the computer | hobby | 20-40 | any | setting up the board; thinking through moves
doing a yoga flow | exercise | 20-35 | any | warming up; holding poses; resting in child's pose
trying a watercolour painting | hobby | 25-45 | any | wetting the paper; painting washes of colour
reading poetry | reading | 15-30 | any | opening a poetry collection; reading poems aloud
reorganising the bookshelf | hobby | 20-35 | any | taking books down; sorting books by colour
making a new playlist | leisure | 15-30 | any | picking songs; ordering the tracks
building a model kit | hobby | 25-45 | any | sorting the parts; gluing pieces together
birdwatching from the garden bench | hobby | 15-30 | morning | settling on the bench; spotting birds
tending the vegetable patch | gardening | 20-40 | any | pulling weeds; watering the herbs
trying a new tea blend | rest | 10-20 | any | brewing the tea; tasting the blend
""",
)

#: Familiar pastimes: low-openness users pick their two favourites from these.
FAMILIAR_HOBBIES = tuple(
    h
    for h in HOBBIES
    if h.name
    in {
        "doing a crossword puzzle",
        "doing a jigsaw puzzle",
        "reading a novel",
        "watching a documentary",
        "knitting a scarf",
        "playing chess against the computer",
        "building a model kit",
        "tending the vegetable patch",
        "baking a batch of cookies",
    }
)

PAUSE = _one("filler", "pausing for a moment | rest | 5-25 | any | looking out of the window")

# --- daily needs ------------------------------------------------------------------------------

#: Needs phrased as a constraint ("no lectures", "being left alone to work") ask for nothing to do.
_NOT_AN_ACTIVITY = re.compile(r"^(?:no|minimal|freedom|being left alone|left alone)\b")

# Keywords (a trailing "$" means the whole word, otherwise a word start), then the template: the
# first rule whose keywords occur in a daily-need text turns that need into something done daily.
_NEED_KEYWORDS = (
    "tv$ radio film watch listen",
    "friend family contact social talk chat$ chatting conversation people connect banter children"
    " grandchildren students community company laughter",
    "meditat mindful breath",
    "journal reflect diary",
    "creative create art$ arts$ craft hands$ workbench",
    "read$ reading book information",
    "learn study course skill curious discover novelty intellectual think ideas$",
    "music song",
    "snack food hydrat water$ meal nutrition",
    "plan to-do goal progress control",
    "tidy clean order clutter organis organiz useful jobs",
    "calm quiet peace relax unwind rest$ resting downtime alone solitude solitary recharge comfort worr"
    " stress anxi nerves reassur sleep asleep winding switch off easy pace unhurried slow",
    "movement exercise stretching workout active$ fit$ fitness",
    "fresh outside outdoor garden nature sunlight walk daylight",
    "tea$ coffee",
)
_NEED_TEMPLATES = parse_templates(
    "need",
    """
putting on the radio | leisure | 15-30 | any | tuning the radio; listening along
catching up with someone by phone | social | 15-30 | any | calling; chatting about the day
a few minutes of mindful breathing | meditation | 10-15 | any | sitting quietly; breathing slowly
jotting reflections in a notebook | journaling | 10-20 | any | writing a few lines
a creative break | hobby | 15-30 | any | doodling in a sketchbook; playing with ideas
reading for pleasure | reading | 20-40 | any | reading a chapter
learning something new | hobby | 20-30 | any | watching a short lesson; taking notes
listening to favourite music | leisure | 15-30 | any | choosing songs; listening
having a healthy snack | meal | 5-15 | any | preparing a snack; eating it slowly
checking the to-do list | planning | 5-15 | any | ticking off tasks
a quick tidy-up | chores | 10-20 | any | putting things back; clearing surfaces
quiet time on the sofa | rest | 20-30 | any | sitting quietly; letting the mind wander
stretching and moving | exercise | 15-25 | any | stretching; a few bodyweight exercises
getting fresh air in the garden | rest | 15-25 | any | walking round the garden; sitting on the bench
tea break | rest | 10-20 | any | making tea; sipping tea slowly
""",
)


def _keywords(words: str) -> re.Pattern[str]:
    parts = [re.escape(w[:-1]) + r"\b" if w.endswith("$") else re.escape(w) for w in words.split()]
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


_NEED_RULES = tuple(
    (_keywords(words), template) for words, template in zip(_NEED_KEYWORDS, _NEED_TEMPLATES, strict=True)
)
_NEED_WHEN = (
    ("morning", "morning"),
    ("evening", "evening"),
    ("night", "evening"),
    ("bed", "evening"),
    ("sleep", "evening"),
    ("afternoon", "afternoon"),
    ("lunch", "afternoon"),
)


@lru_cache(maxsize=1024)
def need_template(need: str) -> Template | None:
    """The activity that serves a daily need ("some contact with friends every day" -> a call), or None.

    Keyword rules, first match wins; a time of day in the need ("before bed", "in the afternoon")
    becomes the template's preferred part of day. Needs that are constraints give None.
    """
    text = need.casefold().strip()
    if _NOT_AN_ACTIVITY.search(text):
        return None
    for pattern, template in _NEED_RULES:
        if pattern.search(text):
            for word, when in _NEED_WHEN:
                if word in text:
                    return replace(template, when=when)
            return template
    return None
