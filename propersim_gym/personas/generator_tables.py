"""Data tables of the persona generator: names, occupation themes, trait activities and rubric phrases."""

from __future__ import annotations

from dataclasses import dataclass

from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import Topic as T

# fmt: off
# --------------------------------------------------------------------------- names

FIRST_NAMES = {
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
LAST_NAMES = (
    "Abara", "Bergström", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Gallagher", "Haddad", "Ibrahim",
    "Jovanović", "Kimura", "Laurent", "Mensah", "Nguyen", "O'Brien", "Petrakis", "Quispe", "Rahman",
    "Santos", "Takahashi", "Umarov", "Varga", "Walsh", "Xu", "Yilmaz", "Zielinski", "Achterberg",
    "Banerjee", "Coleman", "Duarte", "Esposito", "Forsberg", "Goldberg", "Hosseini", "Iwu", "Kowalczyk",
    "Lindgren", "Moreau", "Novak", "Okonkwo", "Park", "Rossi", "Sato", "Tanaka", "Volkov", "Whitfield",
)
PRONOUNS = ("she/her", "he/him", "they/them")
POSSESSIVE = {"she/her": "her", "he/him": "his", "they/them": "their"}
REFLEXIVE = {"she/her": "herself", "he/him": "himself", "they/them": "themself"}

# --------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class Act:
    """A home activity: name, kind, minutes (low, high), times a week, part of the day and steps."""

    name: str
    kind: K
    minutes: tuple[int, int]
    per_week: float
    when: str
    steps: tuple[str, ...]


def _a(name: str, kind: K, lo: int, hi: int, per_week: float, when: str, *steps: str) -> Act:
    return Act(name, kind, (lo, hi), per_week, when, steps)


@dataclass(frozen=True)
class Theme:
    """An occupation and the home life around it; ``openness`` says which O level it suits."""

    openness: str
    job: str
    former: str
    work: str
    interests: tuple[str, ...]
    activities: tuple[Act, ...]
    topics: tuple[T, ...]
    goals: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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

TRAIT_ACTS: dict[tuple[str, str], tuple[Act, ...]] = {
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

ADJECTIVES = {
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

NEEDS = {
    ("extraversion", "high"): ("company or a chat every day", "people to share ideas with"),
    ("extraversion", "low"): ("long stretches of solitude", "quiet without interruptions"),
    ("neuroticism", "high"): ("reassurance when things go wrong", "a calm wind-down before bed"),
    ("neuroticism", "low"): ("a bit of challenge", "room to get on with things"),
    ("conscientiousness", "high"): ("a clear plan for the day", "a tidy, orderly home"),
    ("conscientiousness", "low"): ("freedom to change plans", "no pressure to be productive"),
    ("openness", "high"): ("something new to discover", "a creative outlet"),
    ("openness", "low"): ("familiar comforts", "practical, useful things to do"),
}

GOAL_TAILS = {
    ("neuroticism", "high"): "and learning to worry less along the way",
    ("neuroticism", "low"): "and enjoying the ride",
    ("extraversion", "high"): "with friends around to share it",
    ("extraversion", "low"): "in peace and quiet",
}

# Rubric-text vocabulary: every phrase holds a word that the text-agreement checks recognise.
WANT_PHRASES: dict[T, tuple[str, ...]] = {
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
DISLIKE_PHRASES: dict[T, str] = {
    T.COOKING: "recipes", T.NUTRITION: "nutrition advice", T.EXERCISE: "exercise plans",
    T.MINDFULNESS: "mindfulness exercises", T.SLEEP: "sleep advice", T.PRODUCTIVITY: "productivity advice",
    T.LEARNING: "courses to learn something", T.READING: "book recommendations",
    T.MUSIC: "music recommendations", T.FILM_TV: "TV and films", T.PODCASTS: "podcasts",
    T.ARTS_CRAFTS: "arts and crafts", T.HOME_DECOR: "home decor ideas", T.GARDENING: "gardening tips",
    T.ORGANIZING: "organizing advice", T.SOCIAL: "social plans", T.GAMES: "games",
    T.JOURNALING: "journaling prompts", T.FINANCE: "finance tips", T.SELF_CARE: "self-care tips",
}
KIND_PHRASES: dict[K, str] = {
    K.HYGIENE: "getting ready in the bathroom", K.MEAL: "eating", K.COOKING: "cooking",
    K.WORK: "working", K.CHORES: "doing chores", K.EXERCISE: "exercising", K.MEDITATION: "meditating",
    K.JOURNALING: "journaling", K.READING: "reading", K.HOBBY: "on a hobby project",
    K.GARDENING: "in the garden", K.SOCIAL: "with friends", K.LEISURE: "relaxing",
    K.PLANNING: "planning my day", K.REST: "resting",
}
DNI_PHRASES: dict[K, str] = {
    K.WORK: "my work", K.MEAL: "my meals", K.EXERCISE: "my exercise", K.MEDITATION: "my meditation",
    K.JOURNALING: "my journaling", K.HYGIENE: "my bath or shower", K.SOCIAL: "calls with friends or family",
    K.HOBBY: "my hobby when I'm absorbed in it", K.PLANNING: "my planning sessions", K.READING: "my reading",
}
#: Situations in which a topic naturally fits, in order of preference.
SITUATIONS: dict[T, tuple[K, ...]] = {
    T.COOKING: (K.COOKING, K.MEAL), T.NUTRITION: (K.MEAL, K.COOKING), T.EXERCISE: (K.LEISURE, K.REST),
    T.MINDFULNESS: (K.REST, K.LEISURE), T.SLEEP: (K.REST, K.LEISURE), T.PRODUCTIVITY: (K.PLANNING, K.LEISURE),
    T.LEARNING: (K.HOBBY, K.LEISURE), T.READING: (K.READING, K.REST), T.MUSIC: (K.LEISURE, K.HOBBY),
    T.FILM_TV: (K.LEISURE, K.REST), T.PODCASTS: (K.LEISURE, K.CHORES), T.ARTS_CRAFTS: (K.HOBBY, K.LEISURE),
    T.HOME_DECOR: (K.HOBBY, K.CHORES), T.GARDENING: (K.GARDENING, K.LEISURE),
    T.ORGANIZING: (K.CHORES, K.PLANNING),
    T.SOCIAL: (K.LEISURE, K.SOCIAL), T.GAMES: (K.LEISURE, K.SOCIAL), T.JOURNALING: (K.REST, K.LEISURE),
    T.FINANCE: (K.PLANNING, K.LEISURE), T.SELF_CARE: (K.REST, K.LEISURE),
}
OPEN = (T.LEARNING, T.ARTS_CRAFTS, T.PODCASTS, T.READING, T.FILM_TV, T.MUSIC)
OPEN_CORE = (T.LEARNING, T.ARTS_CRAFTS, T.PODCASTS, T.READING)
FAMILIAR = (T.COOKING, T.GARDENING, T.FILM_TV, T.GAMES)
STRUCTURE = (T.PRODUCTIVITY, T.ORGANIZING, T.FINANCE)
CALM = (T.MINDFULNESS, T.SELF_CARE, T.SLEEP)

OPENERS = {
    ("high", "high"): ("I like suggestions that bring something new into a well-planned day.",
                       "I enjoy ideas that teach me something and fit my plans."),
    ("high", "low"): ("I like suggestions that spark something new, whenever the mood takes me.",
                      "Surprise me - I love fresh ideas, as long as they don't come with a schedule."),
    ("low", "high"): ("I like practical, familiar ideas that fit my routine.",
                      "Keep it useful and familiar; I know what I like."),
    ("low", "low"): ("Keep it easy and familiar for me.", "Nothing fancy - simple, familiar things suit me."),
}
TONE_STYLES = {
    ("warm", "neutral"): ("Warm and neutral tones are both fine with me, but never an order.",
                          "A warm note is nice and a neutral one is fine too; blunt commands sting."),
    ("neutral",): ("A neutral, matter-of-fact tone suits me best.",
                   "Neutral and factual, please - no gushing."),
    ("neutral", "commanding"): ("Neutral or commanding is fine - just tell me straight.",
                                "Be neutral or even commanding; I prefer it direct."),
}
# fmt: on
