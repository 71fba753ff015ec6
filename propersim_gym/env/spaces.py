"""Free-text spaces: any string up to a maximum length (Gymnasium's Text only takes a charset)."""

from __future__ import annotations

import string
from typing import Any

from gymnasium.spaces import Text

from propersim_gym.protocol import NO_RECOMMENDATION
from propersim_gym.taxonomy import TOPIC_DESCRIPTIONS

_SAMPLE_CHARSET = string.ascii_letters + string.digits + string.punctuation + " "


class FreeText(Text):
    """Any ``str`` of at most ``max_length`` characters (any script, any characters).

    It subclasses ``Text`` so Gymnasium's vector utilities batch it like text. ``sample()`` gives
    plausible recommendations and silences rather than random characters.
    """

    def __init__(self, max_length: int, *, min_length: int = 0, seed: Any = None) -> None:
        super().__init__(max_length, min_length=min_length, charset=_SAMPLE_CHARSET, seed=seed)

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) and self.min_length <= len(x) <= self.max_length

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        """A plausible recommendation about a random topic, or "No Recommendation" (one in three)."""
        if mask is not None or probability is not None:
            return super().sample(mask=mask, probability=probability)
        if self.np_random.random() < 1 / 3:
            return NO_RECOMMENDATION[: self.max_length]
        topics = list(TOPIC_DESCRIPTIONS.values())
        about = topics[int(self.np_random.integers(len(topics)))]
        text = f"Maybe take a moment for {about.split(',')[0]}?"
        return text[: self.max_length]

    def __repr__(self) -> str:
        return f"FreeText({self.min_length}, {self.max_length})"
