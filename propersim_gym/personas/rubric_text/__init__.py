"""Deterministic phrase parsers that read the structured rubric out of ProPerSim's first-person texts.

Pure Python: regular expressions and small vocabularies, no model, no randomness. Every parser
returns its values together with where each came from (:data:`Source`) and the phrases it matched,
so the importer can report what the text determined and what a documented rule filled in. Each
module's docstring gives its rules: :mod:`.common` (sources, numbers), :mod:`.frequency`,
:mod:`.timing`, :mod:`.preference`, :mod:`.communication` and :mod:`.routine` (routine cues).
"""

from propersim_gym.personas.rubric_text.common import Source, clock_minutes, normalize_numbers, round5
from propersim_gym.personas.rubric_text.communication import (
    DEFAULT_MAX_WORDS,
    CommunicationParse,
    parse_communication,
)
from propersim_gym.personas.rubric_text.frequency import (
    WAKING_MINUTES,
    FrequencyParse,
    overdue_counts,
    parse_frequency,
)
from propersim_gym.personas.rubric_text.preference import PreferenceParse, TopicEvidence, parse_preference
from propersim_gym.personas.rubric_text.routine import RoutineCues, parse_routine_cues
from propersim_gym.personas.rubric_text.timing import (
    Anchors,
    TimingParse,
    avoided_kinds,
    parse_time_phrase,
    parse_timing,
    window_slack,
)

__all__ = [
    "DEFAULT_MAX_WORDS",
    "WAKING_MINUTES",
    "Anchors",
    "CommunicationParse",
    "FrequencyParse",
    "PreferenceParse",
    "RoutineCues",
    "Source",
    "TimingParse",
    "TopicEvidence",
    "avoided_kinds",
    "clock_minutes",
    "normalize_numbers",
    "overdue_counts",
    "parse_communication",
    "parse_frequency",
    "parse_preference",
    "parse_routine_cues",
    "parse_time_phrase",
    "parse_timing",
    "round5",
    "window_slack",
]
