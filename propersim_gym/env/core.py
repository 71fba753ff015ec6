"""ProPerSim-v0: an assistant decides every 2.5 simulated minutes whether and what to recommend.

One episode is one simulated day of one persona. Only awake steps are played: sleep is skipped
while the clock still moves. The reward is the judge's rubric score (0-4) of what the assistant
said, silence included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from propersim_gym.env.spaces import FreeText
from propersim_gym.evaluator.base import Delivered, Evaluation, Evaluator, Moment
from propersim_gym.memory.interaction import MEMORY_LEVELS, InteractionMemory, MemoryEvent
from propersim_gym.personas import Persona, load
from propersim_gym.personas.schema import MINUTES_PER_DAY, format_clock
from propersim_gym.protocol import MAX_ACTION_CHARS, validate_action
from propersim_gym.taxonomy import UserState
from propersim_gym.user.base import UserSimulator
from propersim_gym.user.schedule import DaySchedule, SubAction

STUDY_DAYS = 14
NO_LAST = MINUTES_PER_DAY  # minutes_since_last when nothing was recommended today
MAX_OBS_TEXT = 20_000


@dataclass(frozen=True)
class EnvSnapshot:
    """Everything that defines the environment's state mid-day (see ``snapshot``/``restore``)."""

    base_seed: int
    day: int
    index: int
    history: tuple[Delivered, ...]
    events: tuple[MemoryEvent, ...]
    rng_state: dict[str, Any]


class _LazyClient:
    """Resolves the ``llm`` argument on first use, once, so the judge and the user share one client
    (one cache, one ledger); a dict spec may also carry judge_* and user_* options."""

    def __init__(self, spec: Any) -> None:
        self.spec = spec
        self._tier: tuple[Any, dict[str, Any], dict[str, Any]] | None = None

    def get(self) -> tuple[Any, dict[str, Any], dict[str, Any]]:
        """(client, LLMJudge options, LLMUser options)."""
        if self._tier is None:
            from propersim_gym.llm import resolve_tier

            self._tier = resolve_tier(self.spec)
        return self._tier


def _resolve_user(user: str | UserSimulator, llm: _LazyClient) -> UserSimulator:
    if not isinstance(user, str):
        if not isinstance(user, UserSimulator):
            raise TypeError(f"user must be 'offline', 'llm' or a UserSimulator, got {type(user).__name__}")
        return user
    if user == "offline":
        from propersim_gym.user.procedural import ProceduralUser

        return ProceduralUser()
    if user == "llm":
        from propersim_gym.user.llm_user import LLMUser

        client, _, user_options = llm.get()
        return LLMUser(client, **user_options)
    raise ValueError(f"user must be 'offline' or 'llm' (or a UserSimulator), got {user!r}")


_OFFLINE_JUDGES: dict[str, Evaluator] = {}


def _resolve_evaluator(evaluator: str | Evaluator, llm: _LazyClient, encoder: str) -> Evaluator:
    if not isinstance(evaluator, str):
        if not isinstance(evaluator, Evaluator):
            kind = type(evaluator).__name__
            raise TypeError(f"evaluator must be 'offline', 'llm' or an Evaluator, got {kind}")
        return evaluator
    if evaluator == "offline":
        if encoder not in _OFFLINE_JUDGES:  # shared so that many envs share one encoder and its cache
            from propersim_gym.evaluator.judge import RubricJudge

            _OFFLINE_JUDGES[encoder] = RubricJudge(encoder=encoder)
        return _OFFLINE_JUDGES[encoder]
    if evaluator == "llm":
        from propersim_gym.evaluator.llm_judge import LLMJudge

        client, judge_options, _ = llm.get()
        return LLMJudge(client, **judge_options)
    raise ValueError(f"evaluator must be 'offline' or 'llm' (or an Evaluator), got {evaluator!r}")


class ProPerSimEnv(gym.Env[dict[str, Any], str]):
    """A persona-driven user at home, a judge, and the assistant under study (the agent).

    One episode is one simulated day of one persona; a step is ``step_minutes`` (2.5) of simulated time
    while the user is awake. The assistant sees what the user is doing and its memory of the day, and
    says one thing or nothing; the judge scores it against the persona's rubric.

    Action (``FreeText(MAX_ACTION_CHARS)``, 4000 characters): a recommendation in plain text, or silence —
    ``"No Recommendation"`` (any case, quotes and trailing punctuation allowed), an empty string, or
    ``{"Suggestion": "No Recommendation"}``; ``{"Suggestion": "..."}`` is unwrapped to its text (see
    ``propersim_gym.protocol``). A non-string or a longer text raises before any state changes.

    Observation (``Dict``):

    ==================  =================  ===========================================================
    key                 space              meaning
    ==================  =================  ===========================================================
    time                FreeText(64)       weekday, date and clock of this step: "Thursday 2025-02-13 07:30"
    day                 Discrete(100000)   the study day (0 = Thursday 2025-02-13)
    minute              Discrete(1440)     minute of the day of this step (0-1439)
    action              FreeText(1000)     what the user is doing now, in words (the current sub-action)
    location            FreeText(200)      where in the house (room: object)
    memory              FreeText(20000)    today's interaction memory at level ``memory`` ("" at "none")
    recs_last_hour      Discrete(n)        recommendations delivered in the last 60 minutes
    minutes_since_last  Discrete(1441)     minutes since the last recommendation today; 1440 if none yet
    ==================  =================  ===========================================================

    (``recs_last_hour``: ``n = 60 / step_minutes + 2``, the count capped at ``n - 1``.)

    Reward: the judge's rubric score of the action at this moment, an integer 0-4 as a float: one point
    each for personal preference, frequency (neither too often nor too rarely), timing, and
    communication & safety. Silence is scored too.

    Episode end: ``terminated`` when the user falls asleep (the last awake step of the day);
    ``truncated`` after ``max_awake_steps`` steps when that is set. ``reset()`` then starts the next day
    (``reset(seed=s)``: day 0 of a study seeded by ``s``; ``options={"day": d}``: day ``d``).

    ``info`` of ``step``:

    ==================  ===========================================================
    key                 meaning
    ==================  ===========================================================
    evaluation          the judge's ``Evaluation`` (scores, reasons, topics, tone)
    dimensions          {"preference", "frequency", "timing", "communication"} -> 0 or 1
    reasons             one reason per dimension, in words
    is_recommendation   whether the action was a recommendation (False for silence)
    topics              the topics the judge read in it (values of ``Topic``)
    subaction           what the user was doing at the step just taken
    kind                that activity's kind (``ActivityKind`` value: meal, work, reading, ...)
    state               the user's state then (``UserState`` value: focused, busy, relaxed, transition)
    time                weekday, date and clock of the step just taken
    minute              its minute of the day (float)
    day                 its study day
    ==================  ===========================================================

    ``info`` of ``reset``:

    ==================  ===========================================================
    key                 meaning
    ==================  ===========================================================
    day                 the study day started
    date                its date (ISO)
    weekday             its weekday name
    awake_steps         steps the assistant acts on today (after ``max_awake_steps``)
    wake_minute         minute of the day the user wakes
    sleep_minute        minute of the day the user goes to sleep
    persona             the persona's id
    ==================  ===========================================================

    Args:
        persona: id (1-32), name, path of a persona file, or a ``Persona``.
        memory: the observation's memory level: "none", "A", "AR" or "ARS" (the paper's baselines).
        step_minutes: simulated minutes per step (the paper: 2.5).
        user: "offline" (procedural), "llm", or a ``UserSimulator``.
        evaluator: "offline" (rubric judge), "llm", or an ``Evaluator``.
        llm: client or spec for the LLM tier ("openai:MODEL", "gemini:MODEL", "hf:smollm2").
        encoder: text encoder of the offline judge: "minilm", "minilm-int8" or "lexical".
        render_mode: None, "ansi" or "rgb_array".
        max_awake_steps: truncate each day after this many awake steps (quick experiments, tests).
    """

    metadata = {"render_modes": ["ansi", "rgb_array"], "render_fps": 4}  # noqa: RUF012 - Gymnasium API

    def __init__(
        self,
        persona: int | str | Path | Persona = 1,
        memory: str = "ARS",
        step_minutes: float = 2.5,
        user: str | UserSimulator = "offline",
        evaluator: str | Evaluator = "offline",
        llm: Any = None,
        encoder: str = "minilm",
        render_mode: str | None = None,
        max_awake_steps: int | None = None,
    ) -> None:
        if memory not in MEMORY_LEVELS:
            raise ValueError(f"memory must be one of {MEMORY_LEVELS}, got {memory!r}")
        if not 0 < step_minutes <= 60 or MINUTES_PER_DAY % step_minutes:
            raise ValueError(f"step_minutes must divide 1440 and be at most 60, got {step_minutes}")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None")
        self.persona: Persona = load(persona)
        self.memory_level = memory
        self.step_minutes = float(step_minutes)
        client = _LazyClient(llm)
        self.user = _resolve_user(user, client)
        self.evaluator = _resolve_evaluator(evaluator, client, encoder)
        self.render_mode = render_mode
        if max_awake_steps is not None and max_awake_steps < 1:
            raise ValueError(f"max_awake_steps must be positive, got {max_awake_steps}")
        self.max_awake_steps = max_awake_steps

        self.action_space = FreeText(MAX_ACTION_CHARS)
        self.observation_space = spaces.Dict(
            {
                "time": FreeText(64),
                "day": spaces.Discrete(100_000),
                "minute": spaces.Discrete(MINUTES_PER_DAY),
                "action": FreeText(1000),
                "location": FreeText(200),
                "memory": FreeText(MAX_OBS_TEXT),
                "recs_last_hour": spaces.Discrete(int(60 / self.step_minutes) + 2),
                "minutes_since_last": spaces.Discrete(NO_LAST + 1),
            }
        )
        self._base_seed: int | None = None
        self.day = -1
        self.schedule: DaySchedule | None = None
        self._steps: list[tuple[float, SubAction]] = []
        self._index = 0
        self._history: tuple[Delivered, ...] = ()
        self._memory = InteractionMemory(memory)  # type: ignore[arg-type]
        self._times: list[str] = []
        self._last: Evaluation | None = None
        self._moment: Moment | None = None

    # ----------------------------------------------------------------- episode control
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        """Start a day: the next one, day ``options["day"]``, or day 0 of a freshly seeded study."""
        super().reset(seed=seed)
        if seed is not None or self._base_seed is None:
            self._base_seed = int(self.np_random.integers(2**62))
            next_day = 0
        else:
            next_day = self.day + 1
        if options and "day" in options:
            next_day = int(options["day"])
            if next_day < 0:
                raise ValueError(f"day must be >= 0, got {next_day}")
        self._start_day(next_day)
        return self._observe(), self._info_at_start()

    def _start_day(self, day: int) -> None:
        assert self._base_seed is not None
        self.day = day
        rng = np.random.default_rng([self._base_seed, self.persona.id, day])
        self.schedule = self.user.plan_day(self.persona, day, rng)
        grid = np.arange(0, MINUTES_PER_DAY, self.step_minutes)
        self._steps = [
            (float(m), sub) for m in grid if (sub := self.schedule.at(float(m))).state is not UserState.ASLEEP
        ]
        if not self._steps:
            raise RuntimeError(f"persona {self.persona.id} is asleep all of day {day}")
        self._index = 0
        self._history = ()
        self._memory.clear()
        self._last = None
        d = self.schedule.date
        prefix = f"{d.strftime('%A')} {d.isoformat()} "
        self._times = [prefix + format_clock(int(m)) for m, _ in self._steps]
        self._moment = None

    @property
    def minute(self) -> float:
        """Simulated minute of the current step."""
        return self._steps[min(self._index, len(self._steps) - 1)][0]

    @property
    def awake_steps(self) -> int:
        """Number of steps the assistant acts on today (after any ``max_awake_steps`` cut)."""
        n = len(self._steps)
        return n if self.max_awake_steps is None else min(n, self.max_awake_steps)

    @property
    def history(self) -> tuple[Delivered, ...]:
        """Recommendations delivered today."""
        return self._history

    def moment(self) -> Moment:
        """The current moment as the judge sees it."""
        if self.schedule is None:
            raise RuntimeError("call reset() before using the environment")
        if self._moment is None:
            minute, sub = self._steps[min(self._index, len(self._steps) - 1)]
            self._moment = Moment(
                persona=self.persona,
                day=self.day,
                minute=minute,
                subaction=sub,
                wake_minute=self.schedule.wake_minute,
                sleep_minute=self.schedule.sleep_minute,
                history=self._history,
            )
        return self._moment

    # ----------------------------------------------------------------- acting
    def step(self, action: str):
        """Deliver ``action`` (a recommendation or "No Recommendation"); advance to the next awake step."""
        if self.schedule is None:
            raise RuntimeError("call reset() before step()")
        if self._index >= self.awake_steps:
            raise RuntimeError("the day is over: call reset() to start the next day")
        text = validate_action(action)
        moment = self.moment()
        evaluation = self.evaluator.evaluate(moment, text)
        reward = evaluation.total
        sub = moment.subaction
        if evaluation.is_recommendation:
            self._history = (
                *self._history,
                Delivered.of(moment.minute, evaluation),
            )
        self._memory.add(
            MemoryEvent(
                moment.minute,
                sub.activity,
                sub.description,
                evaluation.text if evaluation.is_recommendation else None,
                reward,
            )
        )
        self._last = evaluation
        info = {
            "evaluation": evaluation,
            "dimensions": evaluation.dimensions(),
            "reasons": evaluation.reasons,
            "is_recommendation": evaluation.is_recommendation,
            "topics": [t.value for t in evaluation.topics],
            "subaction": sub.description,
            "kind": sub.kind.value,
            "state": sub.state.value,
            "time": self._times[self._index],
            "minute": moment.minute,
            "day": self.day,
        }
        self._index += 1
        self._moment = None
        terminated = self._index >= len(self._steps)
        truncated = (
            not terminated and self.max_awake_steps is not None and self._index >= self.max_awake_steps
        )
        return self._observe(), float(reward), terminated, truncated, info

    def evaluate(self, text: str) -> Evaluation:
        """Score ``text`` at the current moment without changing any state (counterfactual feedback)."""
        return self.evaluate_many([text])[0]

    def evaluate_many(self, texts: list[str]) -> list[Evaluation]:
        """Score several candidates at the current moment, in one batch, without changing any state."""
        checked = [validate_action(t) for t in texts]
        return self.evaluator.evaluate_many(self.moment(), checked)

    # ----------------------------------------------------------------- observations
    def _observe(self) -> dict[str, Any]:
        index = min(self._index, len(self._steps) - 1)
        minute, sub = self._steps[index]
        history = self._history
        since = NO_LAST if not history else min(NO_LAST, int(minute - history[-1].minute))
        recent = 0
        for d in reversed(history):
            if minute - d.minute > 60:
                break
            recent += 1
        return {
            "time": self._times[index],
            "day": self.day,
            "minute": int(minute),
            "action": sub.description,
            "location": sub.location,
            "memory": self._memory.text(minute)[-MAX_OBS_TEXT:],
            "recs_last_hour": min(recent, int(60 / self.step_minutes) + 1),
            "minutes_since_last": since,
        }

    def _info_at_start(self) -> dict[str, Any]:
        assert self.schedule is not None
        return {
            "day": self.day,
            "date": self.schedule.date.isoformat(),
            "weekday": self.schedule.weekday,
            "awake_steps": self.awake_steps,
            "wake_minute": self.schedule.wake_minute,
            "sleep_minute": self.schedule.sleep_minute,
            "persona": self.persona.id,
        }

    # ----------------------------------------------------------------- state
    def snapshot(self) -> EnvSnapshot:
        """The full state, to ``restore`` later (e.g. to try an action and roll back)."""
        if self._base_seed is None:
            raise RuntimeError("call reset() before snapshot()")
        return EnvSnapshot(
            base_seed=self._base_seed,
            day=self.day,
            index=self._index,
            history=self._history,
            events=tuple(self._memory.events),
            rng_state=self.np_random.bit_generator.state,
        )

    def restore(self, snap: EnvSnapshot) -> None:
        """Return to a state taken by ``snapshot``."""
        self._base_seed = snap.base_seed
        self.np_random.bit_generator.state = snap.rng_state
        if self.day != snap.day or self.schedule is None:
            self._start_day(snap.day)
        self._memory.clear()
        for event in snap.events:
            self._memory.add(event)
        self._history = snap.history
        self._index = snap.index
        self._moment = None
        self._last = None

    # ----------------------------------------------------------------- rendering
    def render(self):
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; pass render_mode='ansi' or 'rgb_array'")
            return None
        from propersim_gym.env import render

        if self.render_mode == "ansi":
            return render.ansi(self)
        return render.rgb_array(self)

    def llm_usage(self) -> dict[str, Any] | None:
        """The LLM ledger's summary (calls, tokens, latency, cost per component), if an LLM is in use."""
        ledgers = {
            id(led): led
            for part in (self.user, self.evaluator)
            if (led := getattr(getattr(part, "client", None), "ledger", None)) is not None
        }
        if not ledgers:
            return None
        summaries = [led.summary() for led in ledgers.values()]
        return summaries[0] if len(summaries) == 1 else {"ledgers": summaries}

    @property
    def last_evaluation(self) -> Evaluation | None:
        """The judgement of the last delivered action, for renderers and loggers."""
        return self._last
