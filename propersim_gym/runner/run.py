"""Play a policy for N simulated days and write a run directory that can be inspected and resumed.

Layout of a run directory::

    config.json        the resolved configuration
    trajectory.jsonl   one line per awake step (time, activity, action, reward, dimensions, ...)
    metrics.csv        per-day metrics
    training.jsonl     what the policy's end_day returned, per day
    state.json         the last completed day (written last, atomically, after each day)
    checkpoints/day_DDD/  the policy's own state after day DDD
    plots/             PNG figures (written at the end, or by ``propersim report``)

A run killed mid-day restarts that day from the checkpoint of the previous one, with the
partial day's trajectory lines dropped, so nothing is lost or duplicated.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym

from propersim_gym.errors import BudgetExceeded
from propersim_gym.files import CorruptFileError, read_json, write_atomic, write_json_atomic
from propersim_gym.protocol import NO_RECOMMENDATION, DayResult, Policy, play_day
from propersim_gym.runner.metrics import day_metrics, write_metrics

STATE_FILE = "state.json"


class RunDirError(RuntimeError):
    """A run directory that cannot be started or resumed as asked."""


@dataclass
class RunResult:
    """What a finished (or cleanly stopped) run produced."""

    out: Path
    metrics: list[dict[str, Any]]
    training: list[dict[str, Any]] = field(default_factory=list)
    stopped_early: str | None = None


def completed_days(out: str | Path) -> int:
    """How many days the run directory ``out`` has completed (0 when none has, or no run is there)."""
    path = Path(out) / STATE_FILE
    if not path.exists():
        return 0
    remedy = "it is rewritten after each completed day; delete the run directory (or use --overwrite)"
    state = read_json(path, remedy=remedy)
    if not isinstance(state, dict) or not isinstance(state.get("completed_days"), int):
        raise CorruptFileError(f"{path} has no integer 'completed_days' ({state!r}); {remedy}")
    return int(state["completed_days"])


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    with path.open() as fh:
        for line in fh:
            line = line.strip()
            if line:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    break  # a line cut by a kill: everything after it is from the unfinished day
    return rows


def _keep_days(path: Path, before_day: int) -> list[dict[str, Any]]:
    """Rewrite a JSONL file keeping only rows of days < before_day; return them."""
    rows = [r for r in _read_jsonl(path) if r["day"] < before_day]
    write_atomic(path, "".join(json.dumps(r) + "\n" for r in rows))
    return rows


def _step_row(
    obs: dict[str, Any], action: str, reward: float, info: dict[str, Any], persona: int, policy: Policy
) -> dict[str, Any]:
    evaluation = info["evaluation"]
    row = {
        "persona": persona,
        "day": info["day"],
        "minute": info["minute"],
        "time": info["time"],
        "activity": info["subaction"],
        "kind": info["kind"],
        "state": info["state"],
        "action": evaluation.text if evaluation.is_recommendation else NO_RECOMMENDATION,
        "is_recommendation": info["is_recommendation"],
        "reward": reward,
        "dimensions": info["dimensions"],
        "topics": info["topics"],
        "reasons": info["reasons"],
    }
    fallbacks = evaluation.extra.get("fallbacks")
    if fallbacks:
        row["judge_fallbacks"] = fallbacks
    extra = getattr(policy, "step_log", None)
    if extra:
        row["policy"] = extra
    return row


def run(
    policy: Policy,
    *,
    persona: int | str = 1,
    days: int = 14,
    out: str | Path,
    seed: int = 0,
    env_kwargs: dict[str, Any] | None = None,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = True,
    plots: bool = True,
    config: dict[str, Any] | None = None,
) -> RunResult:
    """Play ``policy`` on one persona for ``days`` days (from day 0) and write the run directory."""
    out = Path(out)
    state_path = out / STATE_FILE
    env_kwargs = dict(env_kwargs or {})
    env_kwargs.setdefault("memory", getattr(policy, "required_memory", "ARS"))
    resolved = {
        "persona": persona,
        "days": days,
        "seed": seed,
        "policy": policy.name,
        "env": {
            k: (v if isinstance(v, (str, int, float, bool, type(None))) else repr(v))
            for k, v in env_kwargs.items()
        },
        **(config or {}),
    }
    start_day = 0
    if state_path.exists():
        if resume:
            previous = read_json(out / "config.json", remedy="delete the run directory (or use --overwrite)")
            for key in ("persona", "seed", "policy"):
                if previous.get(key) != resolved[key]:
                    raise RunDirError(
                        f"{out}: cannot resume: {key} was {previous.get(key)!r}, now {resolved[key]!r}"
                    )
            start_day = completed_days(out)
            if start_day > 0:
                policy.load(out / "checkpoints" / f"day_{start_day - 1:03d}")
        elif overwrite:
            shutil.rmtree(out)
        else:
            raise RunDirError(
                f"{out} already holds a run: pass resume=True (--resume) or overwrite=True (--overwrite)"
            )
    elif resume and (out / "trajectory.jsonl").exists():
        start_day = 0  # killed during day 0: start afresh
    out.mkdir(parents=True, exist_ok=True)
    (out / "checkpoints").mkdir(exist_ok=True)
    write_json_atomic(out / "config.json", resolved)

    trajectory_path = out / "trajectory.jsonl"
    kept = _keep_days(trajectory_path, start_day)
    training = _keep_days(out / "training.jsonl", start_day)
    step_minutes = float(env_kwargs.get("step_minutes", 2.5))
    metrics = [day_metrics([r for r in kept if r["day"] == d], step_minutes) for d in range(start_day)]

    env = gym.make("ProPerSim-v0", persona=persona, **env_kwargs)
    stopped: str | None = None
    try:
        for day in range(start_day, days):
            rows: list[dict[str, Any]] = []
            try:
                played = _play_logged_day(
                    env,
                    policy,
                    day,
                    seed if day == start_day else None,
                    rows,
                    trajectory_path,
                    progress,
                )
            except BudgetExceeded as err:
                stopped = f"budget exceeded during day {day}: {err}"
                _keep_days(trajectory_path, day)
                break
            metrics.append(day_metrics(rows, step_minutes))
            training.append({"day": day, **played.learned})
            with (out / "training.jsonl").open("a") as fh:
                fh.write(json.dumps({"day": day, **played.learned}, default=float) + "\n")
            policy.save(out / "checkpoints" / f"day_{day:03d}")
            usage = env.unwrapped.llm_usage()
            if usage is not None:
                write_json_atomic(out / "llm_ledger.json", usage)
            write_metrics(out / "metrics.csv", metrics)
            write_json_atomic(state_path, {"completed_days": day + 1})
    finally:
        env.close()
    if plots and metrics:
        from propersim_gym.runner.plots import plot_run

        plot_run(out)
    return RunResult(out=out, metrics=metrics, training=training, stopped_early=stopped)


def _play_logged_day(
    env: gym.Env,
    policy: Policy,
    day: int,
    seed: int | None,
    rows: list[dict[str, Any]],
    trajectory_path: Path,
    progress: bool,
) -> DayResult:
    """``play_day`` with each step appended to ``rows`` and the trajectory file, under a progress bar."""
    unwrapped = env.unwrapped
    persona_id = unwrapped.persona.id
    bar = None
    with trajectory_path.open("a") as fh:

        def log_step(obs: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
            nonlocal bar
            row = _step_row(obs, action, reward, info, persona_id, policy)
            rows.append(row)
            fh.write(json.dumps(row) + "\n")
            if progress:
                if bar is None:  # created at the first step: the day's length is known once it is reset
                    from tqdm.auto import tqdm

                    bar = tqdm(
                        total=unwrapped.awake_steps,
                        desc=f"persona {persona_id} day {day}",
                        unit="step",
                        leave=False,
                    )
                bar.update(1)

        try:
            return play_day(env, policy, day=day, seed=seed, on_step=log_step)
        finally:
            if bar is not None:
                bar.close()


def run_many(
    make_policy: Callable[[int], Policy],
    *,
    personas: list[int],
    out: str | Path,
    **kwargs: Any,
) -> dict[int, RunResult]:
    """Run one fresh policy per persona, each in ``out/persona_NN``, one after another."""
    results = {}
    for pid in personas:
        results[pid] = run(make_policy(pid), persona=pid, out=Path(out) / f"persona_{pid:02d}", **kwargs)
    return results
