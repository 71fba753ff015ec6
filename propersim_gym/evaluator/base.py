"""The judge's interface and result types, shared by the offline rubric judge and the LLM judge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from propersim_gym.personas.schema import Persona
from propersim_gym.taxonomy import Boundary, Tone, Topic
from propersim_gym.user.schedule import SubAction

DIMENSIONS = ("preference", "frequency", "timing", "communication")


@dataclass(frozen=True, slots=True)
class Delivered:
    """A recommendation the user actually received earlier today."""

    minute: float
    text: str
    topics: tuple[Topic, ...]
    score: int
    welcomed: bool
    """Whether it passed the preference judgement (a wanted topic): for a persona whose text asks for
    something *useful* (``overdue_counts="useful"``) only those end a stretch without one."""
    said_something: bool = True
    """False for noise: text with nothing in it ends no stretch without a suggestion."""

    @classmethod
    def of(cls, minute: float, evaluation: Evaluation) -> Delivered:
        """What the judge remembers of a recommendation it scored at ``minute``."""
        features = evaluation.features
        return cls(
            minute,
            evaluation.text,
            evaluation.topics,
            evaluation.total,
            evaluation.preference == 1,
            features is None or features.noise is None,
        )


@dataclass(frozen=True, slots=True)
class Moment:
    """Everything the judge needs to know about *when* a recommendation arrives."""

    persona: Persona
    day: int
    minute: float
    subaction: SubAction
    wake_minute: int
    sleep_minute: int
    history: tuple[Delivered, ...] = ()

    @property
    def last_minute(self) -> float | None:
        return self.history[-1].minute if self.history else None


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What the judge understood of a recommendation's text."""

    topics: tuple[Topic, ...]
    topic_scores: tuple[float, ...]
    tone: Tone
    words: int
    is_question: bool
    boundaries: tuple[Boundary, ...]
    encoder: str
    noise: str | None = None
    """Why the text says nothing a reader could act on (``understanding.content.NOISE_REASONS``), or None."""
    gist: frozenset[str] = frozenset()
    """Its content words, for telling a repeat of an earlier suggestion (``understanding.words.gist``)."""


@dataclass(frozen=True)
class Evaluation:
    """A judged recommendation (or silence): four 0/1 dimensions, reasons, what was understood."""

    preference: int
    frequency: int
    timing: int
    communication: int
    reasons: dict[str, str]
    is_recommendation: bool
    text: str
    features: TextFeatures | None = None
    judge: str = "offline"
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.preference + self.frequency + self.timing + self.communication

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.features.topics if self.features else ()

    def dimensions(self) -> dict[str, int]:
        return {d: getattr(self, d) for d in DIMENSIONS}


@runtime_checkable
class Evaluator(Protocol):
    """Scores a recommendation (or "No Recommendation") at a moment against the persona's rubric."""

    name: str

    def evaluate(self, moment: Moment, text: str) -> Evaluation: ...

    def evaluate_many(self, moment: Moment, texts: list[str]) -> list[Evaluation]: ...
