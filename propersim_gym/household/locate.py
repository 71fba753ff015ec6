"""Where in the house a sub-action happens: deterministic keyword rules over its kind and text.

``locate(kind, "preparing breakfast (brewing coffee)")`` looks first at the detail in brackets,
then at the activity name, with kind-specific rules before general ones, and falls back to a
default place per activity kind. The same input always gives the same (arena, object).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from propersim_gym.household.house import (
    BATHROOM,
    BEDROOM,
    COMMON_ROOM,
    GARDEN,
    KITCHEN,
    LIN_HOUSE,
    SPARE_BEDROOM,
    STUDY,
)
from propersim_gym.taxonomy import ActivityKind as K

Place = tuple[str, str]

#: Where each kind of activity happens when no keyword says otherwise.
KIND_DEFAULTS: dict[K, Place] = {
    K.SLEEP: (BEDROOM, "bed"),
    K.HYGIENE: (BATHROOM, "sink"),
    K.MEAL: (COMMON_ROOM, "table"),
    K.COOKING: (KITCHEN, "cooking area"),
    K.WORK: (STUDY, "desk"),
    K.CHORES: (COMMON_ROOM, "shelf"),
    K.EXERCISE: (SPARE_BEDROOM, "exercise mat"),
    K.MEDITATION: (SPARE_BEDROOM, "exercise mat"),
    K.JOURNALING: (BEDROOM, "desk"),
    K.READING: (COMMON_ROOM, "sofa"),
    K.HOBBY: (SPARE_BEDROOM, "desk"),
    K.GARDENING: (GARDEN, "flower bed"),
    K.SOCIAL: (COMMON_ROOM, "sofa"),
    K.LEISURE: (COMMON_ROOM, "sofa"),
    K.PLANNING: (STUDY, "desk"),
    K.REST: (COMMON_ROOM, "sofa"),
}

# (keywords, kinds the rule applies to (None = any), place). Keywords match at a word start
# ("cook" matches "cooking"); a trailing "$" makes a keyword a whole word ("bed$" is not "bedroom").
_RAW_RULES: list[tuple[str, frozenset[K] | None, Place]] = [
    # Kind-specific rules first; anything they do not match falls to KIND_DEFAULTS (homed kinds) or
    # to the general rules below.
    ("fridge refrigerator grocer unpack", frozenset({K.COOKING}), (KITCHEN, "refrigerator")),
    ("wash rins dishes$ clean wip", frozenset({K.COOKING}), (KITCHEN, "sink")),
    ("table$ serv", frozenset({K.COOKING}), (COMMON_ROOM, "table")),
    ("garden outside bench", frozenset({K.MEAL}), (GARDEN, "bench")),
    ("sofa couch tv$ film", frozenset({K.MEAL}), (COMMON_ROOM, "sofa")),
    ("kitchen counter standing", frozenset({K.MEAL}), (KITCHEN, "cooking area")),
    ("shower bath", frozenset({K.HYGIENE}), (BATHROOM, "shower")),
    ("toilet", frozenset({K.HYGIENE}), (BATHROOM, "toilet")),
    ("dress clothes pyjama pajama outfit closet", frozenset({K.HYGIENE}), (BEDROOM, "closet")),
    ("book reference shelf binder archive", frozenset({K.WORK}), (STUDY, "bookshelf")),
    (
        "vegetable herb tomato seed soil compost dig harvest weed",
        frozenset({K.GARDENING}),
        (GARDEN, "vegetable patch"),
    ),
    ("bench", frozenset({K.GARDENING}), (GARDEN, "bench")),
    ("houseplant indoor", frozenset({K.GARDENING}), (COMMON_ROOM, "shelf")),
    ("garden outside", frozenset({K.SOCIAL}), (GARDEN, "bench")),
    ("table$ board cards$ game", frozenset({K.SOCIAL}), (COMMON_ROOM, "table")),
    ("garden outside", frozenset({K.MEDITATION, K.JOURNALING, K.PLANNING}), (GARDEN, "bench")),
    ("bed$ pillow", frozenset({K.MEDITATION, K.JOURNALING}), (BEDROOM, "bed")),
    ("sofa couch", frozenset({K.MEDITATION, K.JOURNALING, K.PLANNING}), (COMMON_ROOM, "sofa")),
    ("kitchen table$", frozenset({K.PLANNING, K.JOURNALING}), (COMMON_ROOM, "table")),
    ("bed$", frozenset({K.READING}), (BEDROOM, "bed")),
    ("garden outside bench", frozenset({K.READING}), (GARDEN, "bench")),
    ("desk study grammar exercise translat", frozenset({K.READING}), (STUDY, "desk")),
    # General rules for the kinds that can happen anywhere.
    ("sofa couch armchair", None, (COMMON_ROOM, "sofa")),
    ("shower bath$ bathtub soak", None, (BATHROOM, "shower")),
    ("toilet", None, (BATHROOM, "toilet")),
    ("brush teeth skincare face$ shav", None, (BATHROOM, "sink")),
    ("bathroom", None, (BATHROOM, "sink")),
    ("dishes$ washing-up sink", None, (KITCHEN, "sink")),
    ("fridge refrigerator grocer pantry", None, (KITCHEN, "refrigerator")),
    ("watch", None, (COMMON_ROOM, "TV")),
    ("cook bake baking recipe tea$ coffee kettle$ snack kitchen", None, (KITCHEN, "cooking area")),
    ("laundry clothes closet wardrobe iron fold", None, (BEDROOM, "closet")),
    ("nap$ lie lying bed$", None, (BEDROOM, "bed")),
    ("houseplant", None, (COMMON_ROOM, "shelf")),
    ("vegetable herb", None, (GARDEN, "vegetable patch")),
    ("bench bird", None, (GARDEN, "bench")),
    ("garden flower plant fresh outside outdoor", None, (GARDEN, "flower bed")),
    (
        "tv$ television film movie series show$ shows$ documentar stream video videos gaming console",
        None,
        (COMMON_ROOM, "TV"),
    ),
    ("puzzle jigsaw board cards$ chess table$ solitaire", None, (COMMON_ROOM, "table")),
    ("bookshel reshelv", None, (STUDY, "bookshelf")),
    ("decor rearrang shelf furniture dust", None, (COMMON_ROOM, "shelf")),
    ("yoga stretch workout exercise push-up weights dance pilates", None, (SPARE_BEDROOM, "exercise mat")),
    ("meditat breath", None, (SPARE_BEDROOM, "exercise mat")),
    (
        "sketch draw paint knit sew craft origami model calligraph scrapbook watercolour",
        None,
        (SPARE_BEDROOM, "desk"),
    ),
    ("read$ reading reads$ novel book magazine newspaper", None, (COMMON_ROOM, "sofa")),
    (
        "guitar piano instrument violin ukulele sing music podcast radio album playlist",
        None,
        (COMMON_ROOM, "sofa"),
    ),
    ("phone scroll messag text call chat", None, (COMMON_ROOM, "sofa")),
    (
        "desk email computer laptop budget bills finance course spreadsheet paperwork mail$",
        None,
        (STUDY, "desk"),
    ),
    ("vacuum sweep mop tidy tidying", None, (COMMON_ROOM, "shelf")),
    ("bedroom", None, (BEDROOM, "closet")),
    ("study", None, (STUDY, "desk")),
]


def _compile(keywords: str) -> re.Pattern[str] | None:
    if not keywords:
        return None
    parts = [re.escape(k[:-1]) + r"\b" if k.endswith("$") else re.escape(k) for k in keywords.split()]
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


_RULES = [(_compile(words), kinds, place) for words, kinds, place in _RAW_RULES]

for _, _, (_arena, _obj) in _RULES:
    if not LIN_HOUSE.has(_arena, _obj):  # pragma: no cover - a data error caught at import
        raise ValueError(f"locate rule names {_arena}: {_obj}, which is not in {LIN_HOUSE.name}")


#: Kinds that have a home: only their own rules can move them (a cooking step that mentions music
#: still happens at the cooking area).
HOMED_KINDS = frozenset({K.SLEEP, K.COOKING, K.MEAL, K.HYGIENE, K.WORK, K.GARDENING, K.SOCIAL, K.READING})


@cache
def _rules_for(kind: K) -> tuple[tuple[re.Pattern[str], Place], ...]:
    return tuple(
        (pattern, place)
        for pattern, kinds, place in _RULES
        if pattern is not None and (kind in kinds if kinds is not None else kind not in HOMED_KINDS)
    )


@lru_cache(maxsize=8192)
def locate_parts(kind: K, activity: str, detail: str = "") -> Place:
    """(arena, object) of a sub-action given its kind, activity name and detail."""
    kind = K(kind)
    rules = _rules_for(kind)
    for text in (detail.casefold(), activity.casefold()):
        if text:
            for pattern, place in rules:
                if pattern.search(text):
                    return place
    return KIND_DEFAULTS[kind]


def locate(kind: K, text: str) -> Place:
    """(arena, object) of a sub-action from its kind and text, e.g. "preparing breakfast (brewing coffee)"."""
    text = text.strip()
    if text.endswith(")") and "(" in text:
        cut = text.index("(")
        return locate_parts(kind, text[:cut].strip(), text[cut + 1 : -1].strip())
    return locate_parts(kind, text, "")
