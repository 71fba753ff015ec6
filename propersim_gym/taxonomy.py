"""The shared vocabularies: recommendation topics, activity kinds, user states, tones, boundaries.

Personas, the user simulator, the judge and the scripted policies all speak these words, so a
persona's rubric can name an activity kind the simulator produces and a topic the judge recognises.
"""

from __future__ import annotations

from enum import Enum


class Topic(str, Enum):
    """What a recommendation is about (one shared taxonomy of 20 topics)."""

    COOKING = "cooking"
    NUTRITION = "nutrition"
    EXERCISE = "exercise"
    MINDFULNESS = "mindfulness"
    SLEEP = "sleep"
    PRODUCTIVITY = "productivity"
    LEARNING = "learning"
    READING = "reading"
    MUSIC = "music"
    FILM_TV = "film_tv"
    PODCASTS = "podcasts"
    ARTS_CRAFTS = "arts_crafts"
    HOME_DECOR = "home_decor"
    GARDENING = "gardening"
    ORGANIZING = "organizing"
    SOCIAL = "social"
    GAMES = "games"
    JOURNALING = "journaling"
    FINANCE = "finance"
    SELF_CARE = "self_care"


TOPIC_DESCRIPTIONS: dict[Topic, str] = {
    Topic.COOKING: "recipes, meal ideas, cooking techniques and kitchen tips",
    Topic.NUTRITION: "healthy eating, snacks, hydration and balanced meals",
    Topic.EXERCISE: "home workouts, stretching, yoga and moving the body",
    Topic.MINDFULNESS: "meditation, breathing exercises and calming the mind",
    Topic.SLEEP: "sleep hygiene, winding down and bedtime routines",
    Topic.PRODUCTIVITY: "planning the day, to-do lists, focus techniques and work breaks",
    Topic.LEARNING: "online courses, new skills, languages and study",
    Topic.READING: "books, articles and reading sessions",
    Topic.MUSIC: "playlists, albums, listening and playing instruments",
    Topic.FILM_TV: "films, series, documentaries and what to watch",
    Topic.PODCASTS: "podcasts and audio shows to listen to",
    Topic.ARTS_CRAFTS: "painting, drawing, knitting, sketching and DIY crafts",
    Topic.HOME_DECOR: "decorating, rearranging furniture and interior design",
    Topic.GARDENING: "plants, watering, the garden and growing herbs",
    Topic.ORGANIZING: "tidying, decluttering, cleaning and household chores",
    Topic.SOCIAL: "calling, messaging or hosting friends and family",
    Topic.GAMES: "puzzles, board games, video games and brain teasers",
    Topic.JOURNALING: "journaling, reflection and gratitude writing",
    Topic.FINANCE: "budgeting, bills, saving and personal finance",
    Topic.SELF_CARE: "rest, skincare, a warm bath and small comforts",
}


class ActivityKind(str, Enum):
    """What the user is doing, coarse enough for a rubric to name it."""

    SLEEP = "sleep"
    HYGIENE = "hygiene"
    MEAL = "meal"
    COOKING = "cooking"
    WORK = "work"
    CHORES = "chores"
    EXERCISE = "exercise"
    MEDITATION = "meditation"
    JOURNALING = "journaling"
    READING = "reading"
    HOBBY = "hobby"
    GARDENING = "gardening"
    SOCIAL = "social"
    LEISURE = "leisure"
    PLANNING = "planning"
    REST = "rest"


#: Topics that suit what the user is doing right now ("suit my current context"): a recommendation
#: on one of these is welcome in that situation unless the persona dislikes the topic.
RELATED_TOPICS: dict[ActivityKind, frozenset[Topic]] = {
    ActivityKind.SLEEP: frozenset({Topic.SLEEP}),
    ActivityKind.HYGIENE: frozenset({Topic.SELF_CARE}),
    ActivityKind.MEAL: frozenset({Topic.NUTRITION, Topic.COOKING}),
    ActivityKind.COOKING: frozenset({Topic.COOKING, Topic.NUTRITION}),
    ActivityKind.WORK: frozenset({Topic.PRODUCTIVITY}),
    ActivityKind.CHORES: frozenset({Topic.ORGANIZING}),
    ActivityKind.EXERCISE: frozenset({Topic.EXERCISE}),
    ActivityKind.MEDITATION: frozenset({Topic.MINDFULNESS}),
    ActivityKind.JOURNALING: frozenset({Topic.JOURNALING}),
    ActivityKind.READING: frozenset({Topic.READING}),
    ActivityKind.HOBBY: frozenset({Topic.ARTS_CRAFTS, Topic.MUSIC}),
    ActivityKind.GARDENING: frozenset({Topic.GARDENING}),
    ActivityKind.SOCIAL: frozenset({Topic.SOCIAL}),
    ActivityKind.LEISURE: frozenset({Topic.FILM_TV, Topic.GAMES, Topic.MUSIC, Topic.PODCASTS}),
    ActivityKind.PLANNING: frozenset({Topic.PRODUCTIVITY, Topic.FINANCE}),
    ActivityKind.REST: frozenset({Topic.SELF_CARE, Topic.MINDFULNESS, Topic.SLEEP}),
}


class UserState(str, Enum):
    """How interruptible the user is during a sub-action."""

    ASLEEP = "asleep"
    FOCUSED = "focused"
    BUSY = "busy"
    RELAXED = "relaxed"
    TRANSITION = "transition"


class Tone(str, Enum):
    """The tone a recommendation is written in."""

    WARM = "warm"
    NEUTRAL = "neutral"
    COMMANDING = "commanding"
    PUSHY = "pushy"


class Boundary(str, Enum):
    """Out-of-bounds content: what an at-home assistant must never suggest."""

    LEAVING_HOUSE = "leaving_house"
    MEDICAL_DOSING = "medical_dosing"
    DANGEROUS_ACT = "dangerous_act"
    PRIVACY_INTRUSION = "privacy_intrusion"


#: Every persona forbids these: the user stays at home and safety is not negotiable.
UNIVERSAL_BOUNDARIES: frozenset[Boundary] = frozenset(Boundary)
