"""The offline judge's rules (docs/scoring.md), over a persona's rubric compiled for speed.

Everything here is plain Python on small tuples and frozensets: it runs once per candidate per
simulated step, so it avoids pydantic access and string building beyond the reasons it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from propersim_gym.evaluator.base import Delivered, Moment, TextFeatures
from propersim_gym.evaluator.understanding.words import gist, same_gist
from propersim_gym.personas.schema import Persona, format_clock
from propersim_gym.taxonomy import RELATED_TOPICS, ActivityKind, Boundary, Tone, Topic, UserState
from propersim_gym.user.schedule import SubAction

_BLOCKING_STATES = frozenset({UserState.ASLEEP, UserState.FOCUSED})


@dataclass(frozen=True, slots=True)
class CompiledRubric:
    """A persona's structured rubric as flat fields for quick checks."""

    windows: tuple[tuple[int, int], ...]
    """Welcome windows, each stretched by the text's slack ("roughly")."""
    do_not_interrupt: frozenset[ActivityKind]
    min_gap: int
    max_gap: int
    per_day_max: int
    wanted: dict[Topic, frozenset[ActivityKind] | None]
    disliked: frozenset[Topic]
    tones: frozenset[Tone]
    max_words: int
    never: frozenset[Boundary]
    interrupt_only: tuple[tuple[ActivityKind, tuple[str, ...]], ...] = ()
    """Do-not-interrupt kinds narrowed to the activities the text names, by their words."""
    useful_only: bool = False
    """Only a welcomed suggestion ends a stretch without one ("without anything useful")."""

    @classmethod
    def of(cls, persona: Persona) -> CompiledRubric:
        r = persona.rubric
        return cls(
            windows=tuple(
                sorted(
                    (w.start - r.timing.slack_minutes, w.end + r.timing.slack_minutes)
                    for w in r.timing.windows
                )
            ),
            do_not_interrupt=frozenset(r.timing.do_not_interrupt),
            min_gap=r.frequency.min_gap_minutes,
            max_gap=r.frequency.max_gap_minutes,
            per_day_max=r.frequency.per_day[1],
            wanted={w.topic: (frozenset(w.situations) or None) for w in r.preference.wanted},
            disliked=frozenset(r.preference.disliked),
            tones=frozenset(r.communication.tones),
            max_words=r.communication.max_words,
            never=frozenset(r.communication.never),
            useful_only=r.frequency.overdue_counts == "useful",
            interrupt_only=tuple(
                (kind, tuple(w.lower() for w in words)) for kind, words in r.timing.interrupt_only.items()
            ),
        )

    def guards(self, sub: SubAction) -> bool:
        """Whether the persona asked not to be interrupted in this sub-action: its kind is listed, and,
        where the text names particular activities of that kind, this is one of them."""
        if sub.kind not in self.do_not_interrupt:
            return False
        for kind, words in self.interrupt_only:
            if kind is sub.kind:
                name = f"{sub.activity} {sub.detail}".lower()
                return any(word in name for word in words)
        return True

    def in_window(self, minute: float) -> bool:
        for start, end in self.windows:  # noqa: SIM110 - a plain loop is faster on the per-step path
            if start <= minute < end:
                return True
        return False

    def fits(self, topic: Topic, kind: ActivityKind) -> bool:
        """Whether ``topic`` is welcome during ``kind``: wanted there, or suits it and is not disliked."""
        if topic in self.wanted:
            situations = self.wanted[topic]
            if situations is None or kind in situations:
                return True
        return topic in RELATED_TOPICS[kind] and topic not in self.disliked

    def any_fits(self, kind: ActivityKind) -> bool:
        """Whether some topic would be welcome while doing ``kind``."""
        return any(s is None or kind in s for s in self.wanted.values()) or bool(
            RELATED_TOPICS[kind] - self.disliked
        )


@dataclass(frozen=True, slots=True)
class Situation:
    """The rule terms of docs/scoring.md evaluated at one moment."""

    receptive: bool
    in_window: bool
    since_last: float
    last_gap: float
    since_heard: float
    """Minutes since the last suggestion that ends a quiet stretch (or since waking)."""
    count: int
    overdue: bool
    welcome_moment: bool
    kind: ActivityKind
    full: bool = False
    """Today's maximum of recommendations is reached: no more are wanted today."""
    history: tuple[Delivered, ...] = ()
    """Today's delivered recommendations (a repeat of one is not welcome)."""

    @classmethod
    def at(cls, rubric: CompiledRubric, moment: Moment) -> Situation:
        sub = moment.subaction
        minute = moment.minute
        receptive = sub.state not in _BLOCKING_STATES and not rubric.guards(sub)
        in_window = rubric.in_window(minute)
        history = moment.history
        since_last = minute - history[-1].minute if history else float("inf")
        last_gap = history[-1].minute - history[-2].minute if len(history) >= 2 else float("inf")
        last_heard = moment.wake_minute
        # What ends a stretch without one, within the day's maximum: any suggestion that says something,
        # or only a welcomed one when the persona's text asks for something useful.
        for index in range(min(len(history), rubric.per_day_max) - 1, -1, -1):
            entry = history[index]
            if entry.welcomed if rubric.useful_only else entry.said_something:
                last_heard = entry.minute
                break
        since_heard = minute - last_heard
        count = len(history)
        full = count >= rubric.per_day_max
        welcome = receptive and in_window and since_last >= rubric.min_gap and not full
        return cls(
            receptive=receptive,
            in_window=in_window,
            since_last=since_last,
            last_gap=last_gap,
            since_heard=since_heard,
            count=count,
            overdue=since_heard >= rubric.max_gap and not full,
            welcome_moment=welcome,
            kind=sub.kind,
            full=full,
            history=history,
        )

    def repeats(self, text_gist: frozenset[str]) -> bool:
        """Whether a text with this gist says again what was already delivered today."""
        return any(same_gist(_gist_of(d.text), text_gist) for d in self.history)


@lru_cache(maxsize=65536)
def _gist_of(text: str) -> frozenset[str]:
    """The gist of a delivered text (cached: the same history is read at every later step)."""
    return gist(text)


_NOISE_SCORES = (0, 0, 0, 0)


def judge_recommendation(
    rubric: CompiledRubric, situation: Situation, features: TextFeatures
) -> tuple[tuple[int, int, int, int], dict[str, str]]:
    """Scores and reasons for a recommendation (preference, frequency, timing, communication)."""
    s = situation
    if features.noise is not None:
        reason = f"says nothing a reader could act on ({features.noise})"
        return _NOISE_SCORES, {
            "preference": reason,
            "frequency": "an interruption with nothing in it",
            "timing": "an interruption with nothing in it",
            "communication": reason,
        }
    disliked = [t.value for t in features.topics if t in rubric.disliked]
    fitting = [t.value for t in features.topics if rubric.fits(t, s.kind)]
    repeated = s.repeats(features.gist)
    if repeated:
        pref, pref_reason = 0, "I heard that already today"
    elif disliked:
        pref, pref_reason = 0, f"disliked topic: {', '.join(disliked)}"
    elif fitting:
        pref, pref_reason = 1, f"welcome topic here: {', '.join(fitting)}"
    elif features.topics:
        topics = ", ".join(t.value for t in features.topics)
        pref, pref_reason = 0, f"topic {topics} is not wanted while {s.kind.value}"
    else:
        pref, pref_reason = 0, "no recognisable topic"

    if s.since_last < rubric.min_gap:
        freq, freq_reason = 0, f"too often: {s.since_last:.0f} min since the last one (min {rubric.min_gap})"
    elif s.count >= rubric.per_day_max:
        freq, freq_reason = 0, f"too many today: {s.count} already (max {rubric.per_day_max})"
    else:
        freq, freq_reason = 1, "spacing and daily count within the preferred band"

    if not s.receptive:
        timing, timing_reason = 0, f"user should not be interrupted while {s.kind.value}"
    elif not s.in_window:
        timing, timing_reason = 0, "outside the preferred time windows"
    else:
        timing, timing_reason = 1, "receptive moment inside a preferred window"

    problems = []
    if features.tone not in rubric.tones:
        problems.append(
            f"{features.tone.value} tone (wants {'/'.join(sorted(t.value for t in rubric.tones))})"
        )
    if features.words > rubric.max_words:
        problems.append(f"{features.words} words (max {rubric.max_words})")
    crossed = [b.value for b in features.boundaries if b in rubric.never]
    if crossed:
        problems.append(f"out of bounds: {', '.join(crossed)}")
    comm, comm_reason = (0, "; ".join(problems)) if problems else (1, "tone, length and content acceptable")

    reasons = {
        "preference": pref_reason,
        "frequency": freq_reason,
        "timing": timing_reason,
        "communication": comm_reason,
    }
    return (pref, freq, timing, comm), reasons


def judge_silence(
    rubric: CompiledRubric, situation: Situation
) -> tuple[tuple[int, int, int, int], dict[str, str]]:
    """Scores and reasons for "No Recommendation" at this moment."""
    s = situation
    missed_wanted = s.welcome_moment and rubric.any_fits(s.kind)
    if s.overdue:
        freq, freq_reason = (
            0,
            f"too rarely: {s.since_heard:.0f} min without {'a useful' if rubric.useful_only else 'any'} "
            "suggestion",
        )
    elif s.last_gap < rubric.min_gap and s.since_last < rubric.min_gap:
        freq, freq_reason = (
            0,
            (
                f"too often: the last two came {s.last_gap:.0f} min apart "
                f"(min {rubric.min_gap}) and the last only {s.since_last:.0f} min ago"
            ),
        )
    else:
        freq, freq_reason = 1, "neither too often nor too rarely"
    if s.overdue:
        pref, pref_reason = 0, f"nothing wanted for {s.since_heard:.0f} min (max {rubric.max_gap})"
    else:
        if missed_wanted:
            pref, pref_reason = 0, f"a wanted suggestion was missed while {s.kind.value}"
        else:
            pref, pref_reason = 1, "nothing wanted was missed"
    if s.welcome_moment:
        timing, timing_reason = 0, "a welcome moment passed unused"
    else:
        timing, timing_reason = 1, "silence suits this moment"
    reasons = {
        "preference": pref_reason,
        "frequency": freq_reason,
        "timing": timing_reason,
        "communication": "silence is always safe",
    }
    return (pref, freq, timing, 1), reasons


def describe_situation(rubric: CompiledRubric, situation: Situation, minute: float) -> str:
    """One line for logs and renders: what the rules saw."""
    s = situation
    return (
        f"{format_clock(int(minute))} {s.kind.value} receptive={s.receptive} window={s.in_window} "
        f"since_last={s.since_last:.0f} since_heard={s.since_heard:.0f} count={s.count} "
        f"overdue={s.overdue} welcome={s.welcome_moment}"
    )
