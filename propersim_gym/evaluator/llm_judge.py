"""LLMJudge: the paper's evaluator — an LLM scoring each recommendation (or silence) against the
persona's *text* rubric, one criterion per call ("separate", 5 calls per candidate, as in the paper)
or all in one JSON answer ("joint").

The five judgements are preference, timing, frequency ("too often"), frequency_least ("too rarely")
and communication & safety; the two frequency halves are ANDed into the ``frequency`` dimension.
The recommendation reaches the model between fixed markers, with any marker-like text inside it
defused, and the system prompt tells the model to treat it as data. An answer that stays
unparseable after the client's re-asks raises JudgeError unless a fallback policy was chosen; each
fallback is counted in ``Evaluation.extra["fallbacks"]``. Nothing ever becomes a silent 0.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from propersim_gym.evaluator.base import Evaluation, Evaluator, Moment
from propersim_gym.llm.client import LLMClient
from propersim_gym.llm.errors import JudgeError, StructuredOutputError
from propersim_gym.llm.templates import load_template, render
from propersim_gym.personas.schema import format_clock
from propersim_gym.protocol import NO_RECOMMENDATION
from propersim_gym.user.schedule import day_date

#: The five LLM judgements, in the paper's order of prompts.
JUDGEMENTS = ("preference", "timing", "frequency", "frequency_least", "communication")
MEMORY_ITEMS = 4
BEGIN, END = "<<<RECOMMENDATION-BEGIN>>>", "<<<RECOMMENDATION-END>>>"
_ANGLES = re.compile(r"<{2,}|>{2,}")
_MARKER_NAME = re.compile(r"RECOMMENDATION-(?:BEGIN|END)", re.IGNORECASE)
_RUBRIC_OF = {
    "preference": "preference",
    "timing": "timing",
    "frequency": "frequency",
    "frequency_least": "frequency",
    "communication": "communication",
}

SCORE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"score": {"type": "integer", "enum": [0, 1]}, "reason": {"type": "string"}},
    "required": ["score"],
    "examples": [{"score": 1, "reason": "one short sentence"}],
}
JOINT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {j: SCORE_SCHEMA for j in JUDGEMENTS},
    "required": list(JUDGEMENTS),
}


def parse_text(text: str) -> str | None:
    """The recommendation inside ``text`` (JSON-unwrapped), or None for silence (evaluator.text rules)."""
    from propersim_gym.protocol import parse_recommendation

    return parse_recommendation(text)


def defuse(text: str) -> str:
    """``text`` with anything that could pose as the data markers replaced, so it cannot close them."""
    return _MARKER_NAME.sub("[marker removed]", _ANGLES.sub(lambda m: m.group(0)[0], text))


def clock_text(moment: Moment) -> str:
    """E.g. "Thursday 2025-02-13 07:30"."""
    date = day_date(moment.day)
    return f"{date.strftime('%A')} {date.isoformat()} {format_clock(int(moment.minute))}"


def memory_text(moment: Moment) -> str:
    """The evaluation memory: a one-line summary of today plus the last 4 recommendations."""
    history = moment.history
    if not history:
        return f"No messages from the assistant yet today (awake since {format_clock(moment.wake_minute)})."
    last = history[-1]
    welcomed = sum(d.welcomed for d in history)
    lines = [
        f"{len(history)} message(s) from the assistant today since waking at "
        f"{format_clock(moment.wake_minute)}; "
        f"the last one {int(moment.minute - last.minute)} minutes ago; {welcomed} of them about something "
        "the person wanted.",
        f"The last {min(MEMORY_ITEMS, len(history))}:",
    ]
    for d in history[-MEMORY_ITEMS:]:
        lines.append(f"- {format_clock(int(d.minute))}: {defuse(d.text)!r}")
    return "\n".join(lines)


class LLMJudge:
    """Evaluator backed by an LLMClient; ``mode`` "separate" (5 calls per candidate) or "joint" (1).

    ``fallback``: None (raise JudgeError on an unparseable answer), 0 or 1 (that fixed score),
    "offline" (the offline RubricJudge) or any Evaluator (its verdict for that dimension).
    ``max_workers`` > 1 sends the calls of one ``evaluate_many`` from a thread pool.
    """

    name = "llm"

    def __init__(
        self,
        client: LLMClient,
        mode: str = "separate",
        fallback: int | str | Evaluator | None = None,
        *,
        temperature: float = 0.0,
        seed: int = 0,
        max_tokens: int = 96,
        max_workers: int = 1,
    ) -> None:
        if mode not in ("separate", "joint"):
            raise ValueError(f"mode must be 'separate' or 'joint', got {mode!r}")
        if (
            fallback is not None
            and not isinstance(fallback, (int, str))
            and not isinstance(fallback, Evaluator)
        ):
            raise TypeError("fallback must be None, 0, 1, 'offline' or an Evaluator")
        if isinstance(fallback, int) and fallback not in (0, 1):
            raise ValueError(f"a fixed fallback score must be 0 or 1, got {fallback}")
        if isinstance(fallback, str):
            if fallback != "offline":
                raise ValueError(f"fallback must be None, 0, 1, 'offline' or an Evaluator, got {fallback!r}")
            from propersim_gym.evaluator.judge import RubricJudge

            fallback = RubricJudge()
        self.client = client
        self.mode = mode
        self.fallback = fallback
        self.temperature = temperature
        self.seed = seed
        self.max_tokens = max_tokens if mode == "separate" else max(max_tokens, 5 * max_tokens // 2)
        self.max_workers = max_workers
        self._system = load_template("judge_system")

    # --- prompts ------------------------------------------------------------------------------

    def context(self, moment: Moment, recommendation: str | None, rubric: str) -> str:
        """The shared context block: profile, rubric text, memory, now, the delimited output."""
        sub = moment.subaction
        return render(
            "judge_context",
            profile=moment.persona.profile_text(),
            rubric=rubric,
            memory=memory_text(moment),
            time=clock_text(moment),
            action=sub.description,
            location=sub.location,
            state=sub.state.value,
            recommendation=NO_RECOMMENDATION if recommendation is None else defuse(recommendation),
        )

    def messages(self, moment: Moment, recommendation: str | None, judgement: str) -> list[dict[str, str]]:
        """The chat for one judgement ("preference", ..., or "joint")."""
        rubric = moment.persona.rubric
        if judgement == "joint":
            text = "\n\n".join(
                f"On {name.replace('_', ' ')}: {getattr(rubric, name).text}"
                for name in ("preference", "timing", "frequency", "communication")
            )
        else:
            text = getattr(rubric, _RUBRIC_OF[judgement]).text
        prompt = render(f"judge_{judgement}", context=self.context(moment, recommendation, text))
        return [{"role": "system", "content": self._system}, {"role": "user", "content": prompt}]

    # --- evaluation ---------------------------------------------------------------------------

    def evaluate(self, moment: Moment, text: str) -> Evaluation:
        """Judge one candidate at ``moment``."""
        return self.evaluate_many(moment, [text])[0]

    def evaluate_many(self, moment: Moment, texts: list[str]) -> list[Evaluation]:
        """Judge several candidates at the same moment (calls may run in a thread pool)."""
        parsed = [parse_text(t) for t in texts]
        names = JUDGEMENTS if self.mode == "separate" else ("joint",)
        jobs = [(i, name) for i in range(len(texts)) for name in names]

        def run(job: tuple[int, str]) -> tuple[dict[str, Any] | None, str, bool]:
            i, name = job
            schema = SCORE_SCHEMA if name != "joint" else JOINT_SCHEMA
            try:
                answer = self.client.complete(
                    self.messages(moment, parsed[i], name),
                    component="judge",
                    temperature=self.temperature,
                    seed=self.seed,
                    max_tokens=self.max_tokens,
                    json_schema=schema,
                )
            except StructuredOutputError as err:
                return None, str(err), False
            return answer.parsed, answer.text, answer.cached

        if self.max_workers > 1 and len(jobs) > 1:
            with ThreadPoolExecutor(self.max_workers) as pool:
                answers = list(pool.map(run, jobs))
        else:
            answers = [run(job) for job in jobs]
        by_text: list[dict[str, tuple[dict[str, Any] | None, str, bool]]] = [{} for _ in texts]
        for (i, name), answer in zip(jobs, answers, strict=True):
            by_text[i][name] = answer
        return [self._assemble(moment, texts[i], parsed[i], by_text[i]) for i in range(len(texts))]

    def _assemble(
        self,
        moment: Moment,
        raw: str,
        rec: str | None,
        answers: dict[str, tuple[dict[str, Any] | None, str, bool]],
    ) -> Evaluation:
        verdicts: dict[str, dict[str, Any] | None] = {}
        if self.mode == "joint":
            parsed, _, _ = answers["joint"]
            for name in JUDGEMENTS:
                verdicts[name] = parsed[name] if parsed is not None else None
            problems = {name: answers["joint"][1] for name in JUDGEMENTS}
        else:
            for name in JUDGEMENTS:
                verdicts[name] = answers[name][0]
            problems = {name: answers[name][1] for name in JUDGEMENTS}
        scores: dict[str, int] = {}
        reasons: dict[str, str] = {}
        fallbacks: list[str] = []
        offline: Evaluation | None = None
        for name in JUDGEMENTS:
            verdict = verdicts[name]
            if verdict is not None:
                scores[name] = int(verdict["score"])
                reasons[name] = str(verdict.get("reason", "")).strip()
                continue
            if self.fallback is None:
                raise JudgeError(
                    f"LLM judge ({self.client.backend}:{self.client.model}) gave no valid {name} score for "
                    f"persona {moment.persona.id} at {clock_text(moment)} on {raw[:80]!r}: {problems[name]}"
                )
            fallbacks.append(name)
            if isinstance(self.fallback, int):
                scores[name] = self.fallback
                reasons[name] = f"fallback: fixed score {self.fallback} (the LLM answer could not be parsed)"
            else:
                if offline is None:
                    offline = self.fallback.evaluate(moment, raw)
                dim = "frequency" if name == "frequency_least" else name
                scores[name] = int(getattr(offline, dim))
                reasons[name] = f"fallback ({self.fallback.name}): {offline.reasons.get(dim, '')}"
        return Evaluation(
            preference=scores["preference"],
            frequency=scores["frequency"] & scores["frequency_least"],
            timing=scores["timing"],
            communication=scores["communication"],
            reasons={
                "preference": reasons["preference"],
                "frequency": f"too often: {reasons['frequency']} | too rarely: {reasons['frequency_least']}",
                "timing": reasons["timing"],
                "communication": reasons["communication"],
            },
            is_recommendation=rec is not None,
            text=rec if rec is not None else raw,
            features=offline.features if offline is not None else None,
            judge="llm",
            extra={
                "mode": self.mode,
                "model": f"{self.client.backend}:{self.client.model}",
                "frequency_often": scores["frequency"],
                "frequency_least": scores["frequency_least"],
                "fallbacks": len(fallbacks),
                "fallback_dimensions": fallbacks,
                "cached": all(a[2] for a in answers.values()),
            },
        )
