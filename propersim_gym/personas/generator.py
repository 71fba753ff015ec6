"""Procedural persona generator: a new, consistent persona for any Big-Five combination and seed.

Trait-conditioned tables give the name, occupation theme, routine, activities and rubric numbers;
the first-person rubric texts are filled from the structured fields, so text and structure agree by
construction. Every result passes the schema and the checks of :mod:`propersim_gym.personas.checks`
(a draw that does not is redrawn from the same generator, so the output stays deterministic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from propersim_gym.personas.checks import number_words, persona_problems
from propersim_gym.personas.schema import TRAITS, BigFive, Persona, format_clock
from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import Topic as T

__all__ = ["MAX_ATTEMPTS", "generate_persona"]

#: Draws tried before giving up (in practice one to a few suffice).
MAX_ATTEMPTS = 400

# fmt: off
# --------------------------------------------------------------------------- names

_FIRST = {
    "she/her": (
        "Amara", "Beatriz", "Chloe", "Dagny", "Elena", "Fatima", "Grace", "Hana", "Isabel", "Joanna",
        "Keiko", "Leila", "Marta", "Nadia", "Olivia", "Priya", "Rania", "Sofia", "Tamsin", "Yara",
        "Zofia", "Mei", "Ines", "Aoife", "Chiamaka", "Lucinda", "Paulina", "Wanjiru",
    ),
    "he/him": (
        "Adrian", "Bilal", "Connor", "Diego", "Emeka", "Felix", "Gabriel", "Hiroshi", "Ivan", "Jamal",
        "Kofi", "Luca", "Mateo", "Nikhil", "Oskar", "Pavel", "Rohan", "Stefan", "Tomas", "Victor",
        "Wei", "Yusuf", "Arjun", "Callum", "Dmitri", "Esteban", "Henrik", "Malik",
    ),
    "they/them": (
        "Alex", "Robin", "Sam", "Jordan", "Riley", "Quinn", "Sasha", "Kit", "Noa", "Avery", "Rowan",
    ),
}
_LAST = (
    "Abara", "Bergström", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Gallagher", "Haddad", "Ibrahim",
    "Jovanović", "Kimura", "Laurent", "Mensah", "Nguyen", "O'Brien", "Petrakis", "Quispe", "Rahman",
    "Santos", "Takahashi", "Umarov", "Varga", "Walsh", "Xu", "Yilmaz", "Zielinski", "Achterberg",
    "Banerjee", "Coleman", "Duarte", "Esposito", "Forsberg", "Goldberg", "Hosseini", "Iwu", "Kowalczyk",
    "Lindgren", "Moreau", "Novak", "Okonkwo", "Park", "Rossi", "Sato", "Tanaka", "Volkov", "Whitfield",
)
_PRONOUNS = ("she/her", "he/him", "they/them")
_POSSESSIVE = {"she/her": "her", "he/him": "his", "they/them": "their"}
_REFLEXIVE = {"she/her": "herself", "he/him": "himself", "they/them": "themself"}

# --------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class _Act:
    name: str
    kind: K
    minutes: tuple[int, int]
    per_week: float
    when: str
    steps: tuple[str, ...]


def _a(name: str, kind: K, lo: int, hi: int, per_week: float, when: str, *steps: str) -> _Act:
    return _Act(name, kind, (lo, hi), per_week, when, steps)


@dataclass(frozen=True)
class _Theme:
    """An occupation and the home life around it; ``openness`` says which O level it suits."""

    openness: str
    job: str
    former: str
    work: str
    interests: tuple[str, ...]
    activities: tuple[_Act, ...]
    topics: tuple[T, ...]
    goals: tuple[str, ...]


_THEMES: tuple[_Theme, ...] = (
    _Theme(
        "high", "Freelance illustrator", "Retired art teacher", "illustrating commissions",
        ("watercolour sketching", "graphic novels", "online gallery tours", "hand-lettering",
         "collecting art books"),
        (
            _a("sketching in a notebook", K.HOBBY, 20, 60, 5, "afternoon",
               "choosing a subject", "sketching loosely", "adding colour"),
            _a("painting a watercolour", K.HOBBY, 45, 120, 3, "afternoon",
               "mixing colours", "laying the first wash", "adding detail"),
            _a("reading a graphic novel", K.READING, 30, 60, 4, "evening",
               "finding the bookmark", "reading a few chapters"),
            _a("sorting the art supplies", K.CHORES, 15, 30, 1, "morning",
               "sorting the brushes", "labelling the paint tubes"),
            _a("watching an online gallery tour", K.LEISURE, 30, 60, 2, "evening",
               "choosing a museum", "watching the tour"),
        ),
        (T.ARTS_CRAFTS, T.READING, T.FILM_TV, T.HOME_DECOR, T.MUSIC),
        ("illustrating a book of {pos} own", "holding a small online exhibition of {pos} paintings"),
    ),
    _Theme(
        "high", "Session musician and online music teacher", "Retired music teacher",
        "teaching online lessons and recording session parts",
        ("jazz records", "learning new instruments", "film soundtracks", "songwriting", "vintage audio gear"),
        (
            _a("practising an instrument", K.HOBBY, 30, 60, 6, "morning",
               "warming up with scales", "working on a hard passage", "recording a take"),
            _a("listening to records", K.LEISURE, 30, 90, 5, "evening",
               "choosing a record", "listening closely on the sofa"),
            _a("writing a song", K.HOBBY, 30, 90, 2, "evening",
               "finding a chord progression", "writing lyrics", "recording a voice memo"),
            _a("cleaning and restringing instruments", K.CHORES, 20, 40, 1, "afternoon",
               "removing the old strings", "cleaning the fretboard"),
            _a("watching a concert film", K.LEISURE, 60, 120, 2, "evening",
               "choosing a concert", "watching with the volume up"),
        ),
        (T.MUSIC, T.LEARNING, T.FILM_TV, T.PODCASTS),
        ("recording an album of {pos} own songs", "starting a small music circle at home"),
    ),
    _Theme(
        "high", "Writer and translator", "Retired editor", "writing and translating",
        ("contemporary fiction", "learning languages", "literary podcasts", "poetry", "word games"),
        (
            _a("reading a novel", K.READING, 30, 90, 6, "evening",
               "finding the bookmark", "reading by the lamp"),
            _a("language practice", K.HOBBY, 20, 40, 5, "morning",
               "reviewing vocabulary", "reading a short text aloud"),
            _a("writing in a notebook", K.JOURNALING, 15, 30, 5, "evening",
               "writing a page", "rereading yesterday's lines"),
            _a("listening to a literary podcast", K.LEISURE, 30, 60, 3, "afternoon",
               "choosing an episode", "listening with tea"),
            _a("sorting the bookshelves", K.CHORES, 20, 40, 1, "morning",
               "taking the books down", "shelving them by author"),
        ),
        (T.READING, T.LEARNING, T.PODCASTS, T.JOURNALING),
        ("publishing a novel of {pos} own", "translating a classic nobody has translated well"),
    ),
    _Theme(
        "high", "Researcher who analyses data for a university", "Retired lecturer",
        "analysing research data",
        ("popular science books", "astronomy", "documentaries", "chess problems", "history podcasts"),
        (
            _a("reading a popular science book", K.READING, 30, 60, 5, "evening",
               "reading a chapter", "noting a question to look up"),
            _a("watching a documentary", K.LEISURE, 45, 90, 3, "evening",
               "choosing a documentary", "watching with a notebook"),
            _a("solving chess problems", K.LEISURE, 20, 40, 4, "afternoon",
               "setting up the position", "working out the mate"),
            _a("stargazing from the garden", K.HOBBY, 30, 60, 1, "evening",
               "setting up the telescope", "finding a planet", "sketching what is visible"),
            _a("building a model kit", K.HOBBY, 30, 90, 2, "afternoon",
               "sorting the parts", "gluing a section"),
        ),
        (T.LEARNING, T.READING, T.PODCASTS, T.FILM_TV, T.GAMES),
        ("writing a popular science book", "building a small observatory in the garden"),
    ),
    _Theme(
        "high", "Interior and product designer", "Retired architect", "designing for clients",
        ("mid-century furniture", "houseplants", "design magazines", "upcycling old furniture",
         "photography"),
        (
            _a("rearranging a room", K.HOBBY, 30, 90, 2, "afternoon",
               "clearing the space", "trying a new layout", "stepping back to judge it"),
            _a("upcycling a piece of furniture", K.HOBBY, 60, 150, 1, "afternoon",
               "sanding it down", "painting it", "fitting new handles"),
            _a("tending the houseplants", K.GARDENING, 15, 30, 4, "morning",
               "checking the soil", "watering", "turning the pots to the light"),
            _a("browsing design magazines", K.READING, 20, 45, 4, "evening",
               "leafing through", "tearing out ideas"),
            _a("photographing corners of the home", K.HOBBY, 20, 45, 2, "afternoon",
               "setting up the shot", "editing the photos"),
        ),
        (T.HOME_DECOR, T.ARTS_CRAFTS, T.GARDENING, T.READING),
        ("turning {pos} home into a showcase of {pos} designs", "launching a small furniture line"),
    ),
    _Theme(
        "high", "Potter who sells handmade work online", "Retired craft teacher", "throwing and glazing pots",
        ("pottery", "natural dyeing", "folk music", "fermenting vegetables", "weaving"),
        (
            _a("throwing pots on the wheel", K.HOBBY, 45, 120, 4, "afternoon",
               "wedging the clay", "centring on the wheel", "pulling up the walls"),
            _a("glazing a batch", K.HOBBY, 30, 60, 2, "afternoon", "mixing the glaze", "dipping the pots"),
            _a("fermenting vegetables", K.COOKING, 30, 60, 1, "morning",
               "chopping cabbage", "salting and packing the jar"),
            _a("tending the dye plants", K.GARDENING, 20, 45, 3, "morning",
               "weeding the dye bed", "picking marigolds"),
            _a("listening to folk music", K.LEISURE, 30, 60, 4, "evening",
               "choosing an album", "listening by the window"),
        ),
        (T.ARTS_CRAFTS, T.GARDENING, T.COOKING, T.MUSIC),
        ("holding a solo exhibition of {pos} pottery", "teaching pottery classes at home"),
    ),
    _Theme(
        "low", "Bookkeeper for local businesses", "Retired bank clerk", "keeping the books",
        ("tidy household accounts", "growing vegetables", "detective series on TV", "crosswords", "baking"),
        (
            _a("weeding the vegetable beds", K.GARDENING, 30, 60, 4, "morning",
               "pulling weeds", "watering the rows"),
            _a("baking a plain cake", K.COOKING, 45, 60, 1, "afternoon",
               "weighing the ingredients", "baking and cooling"),
            _a("doing the crossword", K.LEISURE, 20, 40, 6, "afternoon",
               "reading the clues", "filling in answers"),
            _a("watching a detective series", K.LEISURE, 45, 60, 4, "evening",
               "settling in the armchair", "guessing the culprit"),
            _a("ironing the laundry", K.CHORES, 30, 45, 2, "afternoon",
               "ironing the shirts", "folding the linen"),
        ),
        (T.FINANCE, T.ORGANIZING, T.GARDENING, T.FILM_TV, T.GAMES, T.COOKING),
        ("paying off the house early", "growing a vegetable patch that feeds {pos} household all summer"),
    ),
    _Theme(
        "low", "Customer-support agent working from home", "Retired switchboard operator",
        "answering customer calls and chats",
        ("reality TV", "online card games", "comfort cooking", "football on TV", "collecting mugs"),
        (
            _a("watching reality TV", K.LEISURE, 45, 90, 5, "evening",
               "starting the episode", "messaging friends about it"),
            _a("playing online card games", K.LEISURE, 20, 45, 4, "any",
               "joining a table", "playing a few hands"),
            _a("cooking comfort food", K.COOKING, 30, 60, 3, "evening",
               "boiling the pasta", "making the sauce"),
            _a("cleaning the kitchen", K.CHORES, 20, 40, 3, "morning",
               "clearing the counters", "mopping the floor"),
            _a("watching the football", K.LEISURE, 90, 120, 1, "evening",
               "grabbing snacks", "watching the match"),
        ),
        (T.FILM_TV, T.GAMES, T.COOKING, T.NUTRITION),
        ("becoming a team leader", "saving up for a bigger kitchen"),
    ),
    _Theme(
        "low", "Furniture repairer with a workshop in the garage", "Retired carpenter",
        "repairing furniture in the workshop",
        ("woodworking", "gardening", "westerns", "barbecuing", "fixing old radios"),
        (
            _a("fixing something at the workbench", K.HOBBY, 30, 90, 3, "afternoon",
               "finding the fault", "repairing it", "testing it"),
            _a("mowing and edging the lawn", K.GARDENING, 30, 45, 1, "morning",
               "mowing in stripes", "edging the borders"),
            _a("barbecuing in the garden", K.COOKING, 45, 90, 1, "evening", "lighting the coals", "grilling"),
            _a("watching a western", K.LEISURE, 60, 120, 2, "evening",
               "settling in the chair", "watching the film"),
            _a("sorting the tools", K.CHORES, 20, 40, 1, "morning",
               "cleaning the tools", "hanging them on the board"),
        ),
        (T.GARDENING, T.COOKING, T.FILM_TV, T.HOME_DECOR, T.ORGANIZING),
        ("restoring every chair in the house", "keeping the garden in perfect order"),
    ),
    _Theme(
        "low", "Homemaker and family cook", "Retired school cook", "running the household",
        ("family recipes", "TV dramas", "the vegetable garden", "knitting", "card games"),
        (
            _a("cooking a family recipe", K.COOKING, 60, 120, 4, "afternoon",
               "preparing the ingredients", "cooking slowly", "tasting"),
            _a("tending the vegetable garden", K.GARDENING, 30, 60, 4, "morning",
               "weeding", "picking what is ripe"),
            _a("watching a TV drama", K.LEISURE, 45, 90, 5, "evening", "making tea", "watching the episode"),
            _a("knitting a blanket", K.HOBBY, 30, 60, 3, "evening", "counting the rows", "knitting a square"),
            _a("sweeping and tidying", K.CHORES, 30, 45, 5, "morning",
               "sweeping the floors", "dusting the shelves"),
        ),
        (T.COOKING, T.GARDENING, T.FILM_TV, T.GAMES, T.NUTRITION),
        ("writing the family recipes into a cookbook", "keeping a home the family loves coming back to"),
    ),
    _Theme(
        "low", "Sales representative working on the phone", "Retired shop manager", "calling customers",
        ("home workouts", "barbecue", "sport on TV", "card nights", "cars"),
        (
            _a("home workout", K.EXERCISE, 20, 45, 4, "morning",
               "warming up", "a circuit of squats and push-ups"),
            _a("grilling in the garden", K.COOKING, 45, 90, 1, "evening",
               "marinating the meat", "grilling over charcoal"),
            _a("watching sport on TV", K.LEISURE, 60, 150, 3, "evening",
               "grabbing a drink", "watching the game"),
            _a("washing the car in the driveway", K.CHORES, 30, 45, 1, "morning",
               "soaping the car", "rinsing and drying"),
            _a("playing a video game", K.LEISURE, 30, 90, 3, "evening",
               "loading the game", "playing a few rounds"),
        ),
        (T.EXERCISE, T.COOKING, T.FILM_TV, T.GAMES),
        ("becoming the top seller in the region", "building a proper home gym"),
    ),
    _Theme(
        "low", "Remote IT support technician", "Retired telecoms engineer", "handling support tickets",
        ("video games", "sci-fi series", "tinkering with old electronics", "houseplants", "simple cooking"),
        (
            _a("playing a video game", K.LEISURE, 30, 120, 4, "evening",
               "loading a save", "playing through a level"),
            _a("repairing an old gadget", K.HOBBY, 30, 90, 2, "afternoon",
               "opening the casing", "replacing a part", "testing it"),
            _a("rewatching a sci-fi series", K.LEISURE, 45, 120, 5, "evening",
               "picking the next episode", "watching with the lights low"),
            _a("watering the houseplants", K.GARDENING, 10, 15, 3, "morning",
               "checking the soil", "watering the dry pots"),
            _a("cooking a rice bowl", K.COOKING, 20, 30, 4, "evening", "rinsing the rice", "frying an egg"),
        ),
        (T.GAMES, T.FILM_TV, T.COOKING, T.GARDENING),
        ("a calm, self-sufficient home", "building a home lab of restored electronics"),
    ),
)

# --------------------------------------------------------------------------- trait tables

_TRAIT_ACTS: dict[tuple[str, str], tuple[_Act, ...]] = {
    ("extraversion", "high"): (
        _a("video-calling a friend", K.SOCIAL, 20, 45, 5, "evening",
           "catching up", "sharing news", "planning the next call"),
        _a("hosting friends for dinner", K.SOCIAL, 90, 180, 1, "evening",
           "laying the table", "serving dinner", "talking late"),
    ),
    ("extraversion", "low"): (
        _a("a quiet hour alone with tea", K.REST, 20, 45, 4, "afternoon",
           "making tea", "sitting by the window"),
        _a("messaging one close friend", K.SOCIAL, 10, 20, 2, "evening",
           "reading the messages", "writing a short reply"),
    ),
    ("neuroticism", "high"): (
        _a("a short meditation", K.MEDITATION, 10, 20, 6, "morning",
           "settling on the cushion", "following the breath"),
        _a("journaling about the day", K.JOURNALING, 10, 25, 5, "evening",
           "writing about the day", "noting what went well"),
        _a("a warm bath", K.HYGIENE, 20, 40, 3, "evening", "running the bath", "soaking quietly"),
    ),
    ("neuroticism", "low"): (
        _a("stretching and bodyweight exercises", K.EXERCISE, 20, 40, 4, "morning",
           "warming up", "a few sets", "stretching"),
    ),
    ("conscientiousness", "high"): (
        _a("planning tomorrow", K.PLANNING, 10, 20, 6, "evening",
           "reviewing the day", "writing tomorrow's list"),
        _a("weekly deep clean", K.CHORES, 45, 90, 1, "morning",
           "dusting", "scrubbing the bathroom", "mopping"),
    ),
    ("conscientiousness", "low"): (
        _a("napping on the sofa", K.REST, 20, 45, 3, "afternoon", "lying down", "dozing"),
    ),
}

_ADJECTIVES = {
    "extraversion": {"high": ("sociable", "talkative", "outgoing"), "low": ("private", "quiet", "reserved")},
    "agreeableness": {
        "high": ("kind", "generous", "accommodating"), "low": ("blunt", "sceptical", "critical"),
    },
    "conscientiousness": {
        "high": ("organised", "disciplined", "methodical"),
        "low": ("spontaneous", "easy-going", "disorganised"),
    },
    "openness": {
        "high": ("curious", "imaginative", "inventive"), "low": ("practical", "traditional", "homely"),
    },
    "neuroticism": {
        "high": ("prone to worry", "easily stressed", "anxious under pressure"),
        "low": ("calm under pressure", "even-tempered", "hard to rattle"),
    },
}

_NEEDS = {
    ("extraversion", "high"): ("company or a chat every day", "people to share ideas with"),
    ("extraversion", "low"): ("long stretches of solitude", "quiet without interruptions"),
    ("neuroticism", "high"): ("reassurance when things go wrong", "a calm wind-down before bed"),
    ("neuroticism", "low"): ("a bit of challenge", "room to get on with things"),
    ("conscientiousness", "high"): ("a clear plan for the day", "a tidy, orderly home"),
    ("conscientiousness", "low"): ("freedom to change plans", "no pressure to be productive"),
    ("openness", "high"): ("something new to discover", "a creative outlet"),
    ("openness", "low"): ("familiar comforts", "practical, useful things to do"),
}

_GOAL_TAILS = {
    ("neuroticism", "high"): "and learning to worry less along the way",
    ("neuroticism", "low"): "and enjoying the ride",
    ("extraversion", "high"): "with friends around to share it",
    ("extraversion", "low"): "in peace and quiet",
}

# Rubric-text vocabulary: every phrase holds a word that the text-agreement checks recognise.
_WANT_PHRASES: dict[T, tuple[str, ...]] = {
    T.COOKING: ("recipes and cooking ideas", "something new to cook"),
    T.NUTRITION: ("healthy snack and nutrition ideas", "nutrition tips"),
    T.EXERCISE: ("quick exercise ideas", "a short workout"),
    T.MINDFULNESS: ("short mindfulness or breathing practices", "a moment of mindfulness"),
    T.SLEEP: ("tips for better sleep", "ideas to help me sleep"),
    T.PRODUCTIVITY: ("productivity tricks", "ways to plan my day more productively"),
    T.LEARNING: ("something new to learn", "a small learning challenge"),
    T.READING: ("books to read", "a good book or article"),
    T.MUSIC: ("music to listen to", "new music"),
    T.FILM_TV: ("films or TV series to watch", "a good film or series"),
    T.PODCASTS: ("podcasts worth hearing", "a good podcast"),
    T.ARTS_CRAFTS: ("art and craft ideas", "a creative craft project"),
    T.HOME_DECOR: ("home decor ideas", "ways to refresh the decor"),
    T.GARDENING: ("gardening tips", "ideas for the garden"),
    T.ORGANIZING: ("ways to keep the house organized", "tidying and decluttering ideas"),
    T.SOCIAL: ("friends or family to call", "social plans"),
    T.GAMES: ("games and puzzles", "a game to play"),
    T.JOURNALING: ("journaling prompts", "a question to journal about"),
    T.FINANCE: ("money and budgeting tips", "sensible finance reminders"),
    T.SELF_CARE: ("small self-care treats", "a bit of self-care"),
}
_DISLIKE_PHRASES: dict[T, str] = {
    T.COOKING: "recipes", T.NUTRITION: "nutrition advice", T.EXERCISE: "exercise plans",
    T.MINDFULNESS: "mindfulness exercises", T.SLEEP: "sleep advice", T.PRODUCTIVITY: "productivity advice",
    T.LEARNING: "courses to learn something", T.READING: "book recommendations",
    T.MUSIC: "music recommendations", T.FILM_TV: "TV and films", T.PODCASTS: "podcasts",
    T.ARTS_CRAFTS: "arts and crafts", T.HOME_DECOR: "home decor ideas", T.GARDENING: "gardening tips",
    T.ORGANIZING: "organizing advice", T.SOCIAL: "social plans", T.GAMES: "games",
    T.JOURNALING: "journaling prompts", T.FINANCE: "finance tips", T.SELF_CARE: "self-care tips",
}
_KIND_PHRASES: dict[K, str] = {
    K.HYGIENE: "getting ready in the bathroom", K.MEAL: "eating", K.COOKING: "cooking",
    K.WORK: "working", K.CHORES: "doing chores", K.EXERCISE: "exercising", K.MEDITATION: "meditating",
    K.JOURNALING: "journaling", K.READING: "reading", K.HOBBY: "on a hobby project",
    K.GARDENING: "in the garden", K.SOCIAL: "with friends", K.LEISURE: "relaxing",
    K.PLANNING: "planning my day", K.REST: "resting",
}
_DNI_PHRASES: dict[K, str] = {
    K.WORK: "my work", K.MEAL: "my meals", K.EXERCISE: "my exercise", K.MEDITATION: "my meditation",
    K.JOURNALING: "my journaling", K.HYGIENE: "my bath or shower", K.SOCIAL: "calls with friends or family",
    K.HOBBY: "my hobby when I'm absorbed in it", K.PLANNING: "my planning sessions", K.READING: "my reading",
}
#: Situations in which a topic naturally fits, in order of preference.
_SITUATIONS: dict[T, tuple[K, ...]] = {
    T.COOKING: (K.COOKING, K.MEAL), T.NUTRITION: (K.MEAL, K.COOKING), T.EXERCISE: (K.LEISURE, K.REST),
    T.MINDFULNESS: (K.REST, K.LEISURE), T.SLEEP: (K.REST, K.LEISURE), T.PRODUCTIVITY: (K.PLANNING, K.LEISURE),
    T.LEARNING: (K.HOBBY, K.LEISURE), T.READING: (K.READING, K.REST), T.MUSIC: (K.LEISURE, K.HOBBY),
    T.FILM_TV: (K.LEISURE, K.REST), T.PODCASTS: (K.LEISURE, K.CHORES), T.ARTS_CRAFTS: (K.HOBBY, K.LEISURE),
    T.HOME_DECOR: (K.HOBBY, K.CHORES), T.GARDENING: (K.GARDENING, K.LEISURE),
    T.ORGANIZING: (K.CHORES, K.PLANNING),
    T.SOCIAL: (K.LEISURE, K.SOCIAL), T.GAMES: (K.LEISURE, K.SOCIAL), T.JOURNALING: (K.REST, K.LEISURE),
    T.FINANCE: (K.PLANNING, K.LEISURE), T.SELF_CARE: (K.REST, K.LEISURE),
}
_OPEN = (T.LEARNING, T.ARTS_CRAFTS, T.PODCASTS, T.READING, T.FILM_TV, T.MUSIC)
_OPEN_CORE = (T.LEARNING, T.ARTS_CRAFTS, T.PODCASTS, T.READING)
_FAMILIAR = (T.COOKING, T.GARDENING, T.FILM_TV, T.GAMES)
_STRUCTURE = (T.PRODUCTIVITY, T.ORGANIZING, T.FINANCE)
_CALM = (T.MINDFULNESS, T.SELF_CARE, T.SLEEP)

_OPENERS = {
    ("high", "high"): ("I like suggestions that bring something new into a well-planned day.",
                       "I enjoy ideas that teach me something and fit my plans."),
    ("high", "low"): ("I like suggestions that spark something new, whenever the mood takes me.",
                      "Surprise me - I love fresh ideas, as long as they don't come with a schedule."),
    ("low", "high"): ("I like practical, familiar ideas that fit my routine.",
                      "Keep it useful and familiar; I know what I like."),
    ("low", "low"): ("Keep it easy and familiar for me.", "Nothing fancy - simple, familiar things suit me."),
}
_TONE_STYLES = {
    ("warm", "neutral"): ("Warm and neutral tones are both fine with me, but never an order.",
                          "A warm note is nice and a neutral one is fine too; blunt commands sting."),
    ("neutral",): ("A neutral, matter-of-fact tone suits me best.",
                   "Neutral and factual, please - no gushing."),
    ("neutral", "commanding"): ("Neutral or commanding is fine - just tell me straight.",
                                "Be neutral or even commanding; I prefer it direct."),
}
# fmt: on

# --------------------------------------------------------------------------- small helpers


def _pick(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _sample(rng: np.random.Generator, items: Sequence[Any], k: int) -> list[Any]:
    idx = rng.choice(len(items), size=min(k, len(items)), replace=False)
    return [items[int(i)] for i in idx]


def _steps(rng: np.random.Generator, lo: int, hi: int, step: int) -> int:
    """A multiple of ``step`` in [lo, hi] (lo rounded up, hi rounded down)."""
    first, last = -(-lo // step), hi // step
    return int(rng.integers(first, last + 1)) * step if last >= first else first * step


def _minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _duration(minutes: int) -> str:
    """A natural phrase for a gap, one of those the text checks accept."""
    hours, rest = divmod(minutes, 60)
    if hours == 0 or (hours == 1 and rest == 45):
        return f"{minutes} minutes"
    word = "an" if hours == 1 else number_words(hours)[-1]
    if rest == 0:
        return f"{word} hour" if hours == 1 else f"{word} hours"
    if hours == 1:
        return {15: "an hour and a quarter", 30: "an hour and a half"}[rest]
    fraction = {15: "and a quarter", 30: "and a half", 45: "and three-quarter"}[rest]
    return f"{word} {fraction} hours"


def _label(start: int) -> str:
    for limit, label in (
        (9 * 60, "early morning"),
        (11 * 60 + 30, "morning"),
        (13 * 60 + 30, "around lunch"),
        (16 * 60 + 30, "afternoon"),
        (19 * 60, "early evening"),
    ):
        if start < limit:
            return label
    return "evening"


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# --------------------------------------------------------------------------- routine and windows


def _routine(
    rng: np.random.Generator, traits: BigFive, age: int, theme: _Theme
) -> tuple[dict[str, Any], int]:
    """Wake/sleep, meals and work; returns the routine dict and the time unit of the windows."""
    high_c = traits.conscientiousness == "high"
    unit = 15 if high_c else 30
    if high_c:
        wake, sleep = _steps(rng, 330, 435, 15), _steps(rng, 1290, 1365, 15)
    else:
        wake, sleep = _steps(rng, 450, 570, 30), _steps(rng, 1380, 1410, 30)
    wake_we = min(600, wake + _steps(rng, 0, 90, 30))
    sleep_we = min(1439, sleep + _steps(rng, 0, 60, 30))
    breakfast = wake + _steps(rng, 15, 45, 15)
    lunch = _steps(rng, 720, 810, 15)
    dinner = min(_steps(rng, 1080, 1170, 15), sleep - 120)
    roll = rng.random()
    days = ["mon", "tue", "wed", "thu", "fri"]
    if age >= 55 and roll < 0.5:
        work: dict[str, Any] = {"kind": "none", "description": "retired"}
    elif roll < 0.1:
        work = {"kind": "none", "description": "on a career break"}
    elif roll < 0.45:
        if rng.random() < 0.5:
            start = _steps(rng, max(wake + 90, 480), max(wake + 150, 570), 30)
        else:
            start = _steps(rng, 780, 840, 30)
        end = start + _steps(rng, 150, 240, 30)
        work = {"kind": "fixed", "start": format_clock(start), "end": format_clock(end), "days": days,
                "description": theme.work}  # fmt: skip
    else:
        start = _steps(rng, max(wake + 60, 540), 660, 30)
        end = min(start + _steps(rng, 360, 480, 60), sleep - 180)
        work = {"kind": "flexible", "start": format_clock(start), "end": format_clock(end), "days": days,
                "description": theme.work}  # fmt: skip
    routine = {
        "weekday": {"wake": format_clock(wake), "sleep": format_clock(sleep)},
        "weekend": {"wake": format_clock(wake_we), "sleep": format_clock(sleep_we)},
        "meals": {
            "breakfast": format_clock(breakfast),
            "lunch": format_clock(lunch),
            "dinner": format_clock(dinner),
        },
        "work": work,
    }
    return routine, unit


def _windows(
    rng: np.random.Generator, routine: dict[str, Any], unit: int, m: int, big_m: int
) -> list[tuple[int, int]] | None:
    """Timing windows that satisfy the feasibility rules (None: the caller redraws).

    Windows are laid forward from soon after waking, gaps at most max_gap - min_gap - 15; with fixed
    work, one window straddles the start of work and one its end, each at least half outside it.
    """
    wake, sleep = _minutes(routine["weekday"]["wake"]), _minutes(routine["weekday"]["sleep"])
    wake_we, sleep_we = _minutes(routine["weekend"]["wake"]), _minutes(routine["weekend"]["sleep"])
    earliest, latest = min(wake, wake_we), max(sleep, sleep_we) // unit * unit
    slack = big_m - m - 15
    first_max = earliest + big_m - 60
    last_min = max(sleep, sleep_we) - slack
    gap_hi = slack // unit * unit
    if gap_hi < 30:
        return None

    def gap() -> int:
        return _steps(rng, max(30, gap_hi // 2), gap_hi, unit)

    def length() -> int:
        return _steps(rng, max(60, int(slack * 0.7)), max(90, int(slack * 1.4)), unit)

    def forward(end: int) -> list[tuple[int, int]] | None:
        out: list[tuple[int, int]] = []
        while end < last_min:
            start = end + gap()
            stop = min(latest, start + length())
            if stop - start < 30:
                return None
            out.append((start, stop))
            end = stop
        return out

    work = routine["work"]
    if work["kind"] != "fixed":
        start = earliest + _steps(rng, 0, min(big_m - 60, 120), unit)
        first = (start, min(latest, start + length()))
        rest = forward(first[1])
        return None if rest is None else [first, *rest]

    ws, we = _minutes(work["start"]), _minutes(work["end"])
    inside = max(0, we - ws - gap_hi)
    a_in = -(-inside // 2 // unit) * unit
    b_in = max(0, -(-(inside - a_in) // unit) * unit)
    a_out = _steps(rng, max(a_in, 45), max(a_in, 120), unit)
    b_out = _steps(rng, max(b_in, 60), max(b_in, 150), unit)
    before = (max(earliest, ws - a_out), ws + a_in)
    after = (we - b_in, min(latest, we + b_out))
    if before[1] - before[0] < 2 * a_in or after[1] - after[0] < 2 * b_in or before[1] >= after[0]:
        return None
    head: list[tuple[int, int]] = []
    start = before[0]
    while start > first_max:
        stop = start - gap()
        begin = max(earliest, stop - length())
        if stop - begin < 30:
            return None
        head.insert(0, (begin, stop))
        start = begin
    tail = forward(after[1])
    return None if tail is None else [*head, before, after, *tail]


# --------------------------------------------------------------------------- rubric


def _topics(rng: np.random.Generator, traits: BigFive, theme: _Theme) -> tuple[list[T], list[T]]:
    """Wanted topics (the trait-required ones first) and disliked topics, following the trait rules."""
    required: list[T] = []
    if traits.extraversion == "high":
        required.append(T.SOCIAL)
    if traits.conscientiousness == "high":
        required += _sample(rng, _STRUCTURE, 1 + int(rng.random() < 0.4))
    if traits.openness == "high":
        core = _pick(rng, _OPEN_CORE)
        required += [core, _pick(rng, [t for t in _OPEN if t != core])]
    else:
        required += _sample(rng, _FAMILIAR, 2)
    if traits.neuroticism == "high":
        required.append(_pick(rng, _CALM))
    banned: set[T] = set()
    if traits.conscientiousness == "low":
        banned |= {T.PRODUCTIVITY, T.FINANCE}
    if traits.openness == "low":
        banned |= {T.LEARNING, T.PODCASTS}
    if traits.extraversion == "low":
        banned.add(T.SOCIAL)
    wanted: list[T] = []
    for topic in [*required, *_sample(rng, theme.topics, len(theme.topics))]:
        if topic not in wanted and topic not in banned:
            wanted.append(topic)
    size = _steps(rng, 5, 7, 1)
    if len(wanted) < size:
        wanted += _sample(rng, [t for t in T if t not in wanted and t not in banned], size - len(wanted))
    wanted = wanted[: max(size, len(required))][:8]

    pool: list[T] = [T.SOCIAL] if traits.extraversion == "low" else []
    if traits.conscientiousness == "low":
        pool += [T.PRODUCTIVITY, T.FINANCE, T.ORGANIZING]
    pool += [T.LEARNING, T.PODCASTS, T.ARTS_CRAFTS] if traits.openness == "low" else [T.GAMES, T.HOME_DECOR]
    if traits.neuroticism == "low":
        pool += [T.MINDFULNESS, T.SELF_CARE]
    pool += [T.JOURNALING, T.GARDENING, T.NUTRITION]
    pool = [t for t in dict.fromkeys(pool) if t not in wanted]
    disliked = pool[:1] + _sample(rng, pool[1:], _steps(rng, 1, 3, 1))
    return wanted, disliked


def _preference_text(
    rng: np.random.Generator, traits: BigFive, wants: list[dict[str, Any]], disliked: list[T]
) -> str:
    anytime = [_pick(rng, _WANT_PHRASES[T(w["topic"])]) for w in wants if not w["situations"]]
    parts = [_pick(rng, _OPENERS[(traits.openness, traits.conscientiousness)])]
    parts.append(f"{_join(anytime)[0].upper()}{_join(anytime)[1:]} are welcome any time.")
    groups: dict[tuple[str, ...], list[str]] = {}
    for want in wants:
        if want["situations"]:
            phrase = _pick(rng, _WANT_PHRASES[T(want["topic"])])
            groups.setdefault(tuple(want["situations"]), []).append(phrase)
    for situations, phrases in groups.items():
        kinds = _join([_KIND_PHRASES[K(k)] for k in situations], "or")
        parts.append(f"When I'm {kinds}, {_join(phrases, 'or')} would suit me.")
    reason = " - they stress me out." if traits.neuroticism == "high" else "; they are not for me."
    parts.append(f"Please leave out {_join([_DISLIKE_PHRASES[t] for t in disliked])}{reason}")
    return " ".join(parts)


def _frequency_text(traits: BigFive, m: int, big_m: int, per_day: tuple[int, int]) -> str:
    low, high = (number_words(n)[-1] if n < 20 else str(n) for n in per_day)
    if traits.extraversion == "high":
        return (
            f"I enjoy hearing from you: {low} to {high} suggestions a day suits me, at least "
            f"{_duration(m)} apart so I can try each one. If {_duration(big_m)} pass while I'm awake "
            "with nothing, I get restless."
        )
    return (
        f"{low.capitalize()} to {high} suggestions a day is plenty for me. Please leave at least "
        f"{_duration(m)} between them, but don't stay silent for more than {_duration(big_m)} "
        "while I'm awake."
    )


def _timing_text(traits: BigFive, windows: list[tuple[int, int]], dni: list[K]) -> str:
    spans = _join([f"{_clock(s)} to {_clock(e)}" for s, e in windows])
    if traits.conscientiousness == "high":
        lead = "I plan my day, so please keep to these times: "
    else:
        lead = "Roughly - I don't watch the clock - good times are "
    guard = _join([_DNI_PHRASES[k] for k in dni])
    return f"{lead}{spans}. Please don't interrupt {guard}, even inside those times."


def _communication_text(rng: np.random.Generator, tones: list[str], max_words: int) -> str:
    words = number_words(max_words)[1] if max_words < 100 else str(max_words)
    style = _pick(rng, _TONE_STYLES[tuple(tones)])
    return (
        f"{style} {words.capitalize()} words at most, and never suggest leaving the house, anything unsafe, "
        "medicine doses, or prying into my private life."
    )


def _rubric(
    rng: np.random.Generator,
    traits: BigFive,
    theme: _Theme,
    routine: dict[str, Any],
    unit: int,
    activities: list[_Act],
) -> dict[str, Any] | None:
    """The four rubric dimensions, numbers by trait, texts filled from the structure."""
    if traits.extraversion == "high":
        m = _pick(rng, (45, 60, 75, 90))
        big_m = _steps(rng, max(150, m + 90), 210, 15)
        per_day = [_steps(rng, 4, 6, 1), _steps(rng, 8, 11, 1)]
    else:
        m = _pick(rng, (120, 135, 150, 165, 180))
        big_m = _steps(rng, max(240, m + 105), 300, 15)
        low = _steps(rng, 2, 4, 1)
        per_day = [low, _steps(rng, max(4, low + 1), 7, 1)]
    windows = _windows(rng, routine, unit, m, big_m)
    if windows is None:
        return None
    per_day[0] = min(per_day[0], sum(e - s for s, e in windows) // m)

    kinds = {a.kind for a in activities}
    optional = [
        k for k in (K.MEDITATION, K.JOURNALING, K.EXERCISE, K.HYGIENE, K.PLANNING, K.HOBBY) if k in kinds
    ]
    dni: list[K] = [K.WORK, K.MEAL] if routine["work"]["kind"] != "none" else [K.MEAL]
    dni = [dni[0], *_sample(rng, [*dni[1:], *optional], _steps(rng, 0, 2, 1))]

    wanted, disliked = _topics(rng, traits, theme)
    available = kinds | {K.MEAL, K.COOKING, K.LEISURE, K.REST}
    anytime_count = _steps(rng, 3, 4, 1)
    wants = [
        {
            "topic": topic.value,
            "situations": [k.value for k in _SITUATIONS[topic] if k in available and k not in dni]
            if i >= anytime_count
            else [],
        }
        for i, topic in enumerate(wanted)
    ]
    if traits.neuroticism == "high":
        tones, max_words = ["warm", "neutral"], _steps(rng, 20, 35, 5)
    else:
        options = [["warm", "neutral"], ["neutral"]]
        if traits.agreeableness == "low":
            options.append(["neutral", "commanding"])
        tones, max_words = _pick(rng, options), _steps(rng, 30, 60, 5)
    return {
        "preference": {
            "text": _preference_text(rng, traits, wants, disliked),
            "wanted": wants,
            "disliked": [t.value for t in disliked],
        },
        "frequency": {
            "text": _frequency_text(traits, m, big_m, (per_day[0], per_day[1])),
            "min_gap_minutes": m,
            "max_gap_minutes": big_m,
            "per_day": per_day,
        },
        "timing": {
            "text": _timing_text(traits, windows, dni),
            "windows": [
                {"start": format_clock(s), "end": format_clock(e), "label": _label(s)} for s, e in windows
            ],
            "do_not_interrupt": [k.value for k in dni],
        },
        "communication": {
            "text": _communication_text(rng, tones, max_words),
            "tones": tones,
            "max_words": max_words,
        },
    }


# --------------------------------------------------------------------------- profile


def _activities(rng: np.random.Generator, traits: BigFive, theme: _Theme) -> list[_Act]:
    """Three or four theme activities plus one each for E, N and C."""
    chosen = _sample(rng, theme.activities, _steps(rng, 3, 4, 1))
    for trait in ("extraversion", "neuroticism", "conscientiousness"):
        chosen.append(_pick(rng, _TRAIT_ACTS[(trait, getattr(traits, trait))]))
    return list({a.name: a for a in chosen}.values())[:8]


def _profile(
    rng: np.random.Generator,
    traits: BigFive,
    theme: _Theme,
    pronouns: str,
    routine: dict[str, Any],
    activities: list[_Act],
) -> dict[str, Any]:
    """Background, interests, lifestyle, needs, goals and activities in the file format."""
    pos = _POSSESSIVE[pronouns]
    work = routine["work"]
    adjectives = [_pick(rng, _ADJECTIVES[t][getattr(traits, t)]) for t in TRAITS if t != "openness"]
    if work["kind"] == "none":
        job = theme.former if work["description"] == "retired" else f"{theme.job} on a career break"
        clause = "who spends the days at home"
        middle = "fills the day with jobs around the house and garden"
    elif work["kind"] == "fixed":
        job = theme.job
        shift = f"{_clock(_minutes(work['start']))} to {_clock(_minutes(work['end']))}"
        clause = f"who works a fixed shift from {shift}"
        middle = f"is at {pos} desk for that shift every weekday"
    else:
        job, clause = theme.job, "who works from home in flexible blocks"
        middle = f"fits {work['description']} into loose blocks"
    streak = _article(_pick(rng, _ADJECTIVES["openness"][traits.openness]))
    wake = _minutes(routine["weekday"]["wake"])
    if traits.conscientiousness == "high":
        morning = f"wakes at {_clock(wake)} and starts with a written plan"
    else:
        morning = f"wakes around {_clock(wake)} and lets the day unfold"
    if traits.extraversion == "high":
        evening = "spends evenings talking with friends or family"
    else:
        evening = f"keeps evenings quiet and to {_REFLEXIVE[pronouns]}"
    needs = [
        _pick(rng, _NEEDS[(t, getattr(traits, t))])
        for t in ("extraversion", "neuroticism", "conscientiousness")
    ]
    needs = [*needs[: _steps(rng, 2, 3, 1)], _pick(rng, _NEEDS[("openness", traits.openness)])]
    goal = _pick(rng, theme.goals).format(pos=pos)
    tail_key = (
        ("neuroticism", traits.neuroticism) if rng.random() < 0.5 else ("extraversion", traits.extraversion)
    )
    return {
        "background": f"{job} {clause}; {_join(adjectives)}, with {streak} streak.",
        "interests": _sample(rng, theme.interests, 3),
        "lifestyle": [morning, middle, evening],
        "daily_needs": needs,
        "long_term_goals": f"{goal[0].upper()}{goal[1:]}, {_GOAL_TAILS[tail_key]}.",
        "activities": [
            {
                "name": a.name,
                "kind": a.kind.value,
                "minutes": list(a.minutes),
                "per_week": a.per_week,
                "when": a.when,
                "steps": list(a.steps),
            }
            for a in activities
        ],
    }


def _draw(rng: np.random.Generator, traits: BigFive, pid: int) -> dict[str, Any] | None:
    """One candidate persona as file data (None when its windows could not be laid out)."""
    pronouns = _PRONOUNS[int(rng.choice(3, p=[0.45, 0.45, 0.10]))]
    name = f"{_pick(rng, _FIRST[pronouns])} {_pick(rng, _LAST)}"
    age = int(rng.integers(29, 63))
    theme = _pick(rng, [t for t in _THEMES if t.openness == traits.openness])
    routine, unit = _routine(rng, traits, age, theme)
    activities = _activities(rng, traits, theme)
    rubric = _rubric(rng, traits, theme, routine, unit, activities)
    if rubric is None:
        return None
    profile = _profile(rng, traits, theme, pronouns, routine, activities)
    return {
        "id": pid,
        "name": name,
        "pronouns": pronouns,
        "age": age,
        "big_five": traits.model_dump(),
        **profile,
        "routine": routine,
        "rubric": rubric,
    }


def generate_persona(big_five: BigFive | str, seed: int, id: int = 100) -> Persona:
    """A new persona for ``big_five`` (BigFive or a code like "HLHHL"), deterministic for (traits, seed).

    Draws from ``numpy.random.default_rng([seed, code])``; a draw that fails the schema or any check of
    :func:`propersim_gym.personas.checks.persona_problems` is redrawn from the same generator.
    """
    traits = big_five if isinstance(big_five, BigFive) else BigFive.from_code(big_five)
    # The code joins the seed so that one seed gives 32 different people, not one name 32 times.
    rng = np.random.default_rng([seed, int(traits.code.replace("H", "1").replace("L", "0"), 2)])
    problems: list[str] = []
    for _ in range(MAX_ATTEMPTS):
        data = _draw(rng, traits, id)
        if data is None:
            continue
        persona = Persona.model_validate(data)
        problems = persona_problems(persona)
        if not problems:
            return persona
    raise RuntimeError(
        f"no consistent persona for {traits.code}, seed {seed}, in {MAX_ATTEMPTS} draws: {problems}"
    )
