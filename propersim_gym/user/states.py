"""How interruptible the user is: the state of a sub-action from its kind and text.

The judge treats ``asleep`` and ``focused`` as blocked and the other states as receptive, so these
rules decide when a good assistant should stay silent.
"""

from __future__ import annotations

import re
from functools import lru_cache

from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import UserState as S

#: States in which the user can take a suggestion (everything but asleep and focused).
RECEPTIVE_STATES = frozenset({S.RELAXED, S.TRANSITION, S.BUSY})

_FOCUS_WORDS = re.compile(
    r"\b(?:writ|sketch|draw|paint|practis|practic|stud|solv|cod|compos|learn|draft|concentrat|focus|memori"
    r"|program|edit|deep work|thinking through|taking notes)"
)
_CALL_WORDS = re.compile(r"\b(?:call|calling|phon|video|facetime|dial)|-call")
_BUSY = frozenset({K.COOKING, K.CHORES, K.HYGIENE, K.EXERCISE, K.GARDENING, K.PLANNING})
_RELAXED = frozenset({K.MEAL, K.LEISURE, K.REST})
_FOCUSABLE = frozenset({K.HOBBY, K.READING, K.JOURNALING})


@lru_cache(maxsize=8192)
def state_for(kind: K, activity: str, detail: str = "", override: S | None = None) -> S:
    """The state of a sub-action: the persona's override, else rules on its kind and text.

    Sleep is asleep; work and meditation focused; cooking, chores, hygiene, exercise, gardening and
    planning busy; meals, leisure and rest relaxed; calls busy, other social time relaxed; hobby,
    reading and journaling steps focused when the step is concentrated work (writing, sketching,
    practising, solving...), relaxed otherwise.
    """
    if override is not None:
        return override
    if kind is K.SLEEP:
        return S.ASLEEP
    if kind is K.WORK or kind is K.MEDITATION:
        return S.FOCUSED
    if kind in _BUSY:
        return S.BUSY
    if kind in _RELAXED:
        return S.RELAXED
    if kind is K.SOCIAL:
        return S.BUSY if _CALL_WORDS.search(f"{activity} {detail}".casefold()) else S.RELAXED
    if kind in _FOCUSABLE:
        return S.FOCUSED if _FOCUS_WORDS.search((detail or activity).casefold()) else S.RELAXED
    return S.RELAXED
