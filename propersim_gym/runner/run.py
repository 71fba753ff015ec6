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
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym

from propersim_gym.errors import BudgetExceeded
from propersim_gym.policies.base import Policy
from propersim_gym.runner.metrics import day_metrics, write_metrics


class RunDirError(RuntimeError):
    """A run directory that cannot be started or resumed as asked."""


@dataclass
class RunResult:
    """What a finished (or cleanly stopped) run produced."""

    out: Path
    metrics: list[dict[str, Any]]
    training: list[dict[str, Any]] = field(default_factory=list)
    stopped_early: str | None = None


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str))
    os.replace(tmp, path)


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
    tmp = path.with_suffix(".tmp")
    with tmp.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    os.replace(tmp, path)
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
        "action": evaluation.text if evaluation.is_recommendation else "No Recommendation",
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
    state_path = out / "state.json"
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
            state = json.loads(state_path.read_text())
            previous = json.loads((out / "config.json").read_text())
            for key in ("persona", "seed", "policy"):
                if previous.get(key) != resolved[key]:
                    raise RunDirError(
                        f"{out}: cannot resume: {key} was {previous.get(key)!r}, now {resolved[key]!r}"
                    )
            start_day = int(state["completed_days"])
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
    _write_json_atomic(out / "config.json", resolved)

    trajectory_path = out / "trajectory.jsonl"
    kept = _keep_days(trajectory_path, start_day)
    training = _keep_days(out / "training.jsonl", start_day)
    step_minutes = float(env_kwargs.get("step_minutes", 2.5))
    metrics = [day_metrics([r for r in kept if r["day"] == d], step_minutes) for d in range(start_day)]

    env = gym.make("ProPerSim-v0", persona=persona, **env_kwargs)
    persona_id = env.unwrapped.persona.id
    stopped: str | None = None
    try:
        for day in range(start_day, days):
            try:
                rows = _play_day(
                    env,
                    policy,
                    day,
                    seed if day == start_day else None,
                    persona_id,
                    trajectory_path,
                    progress,
                )
            except BudgetExceeded as err:
                stopped = f"budget exceeded during day {day}: {err}"
                _keep_days(trajectory_path, day)
                break
            metrics.append(day_metrics(rows, step_minutes))
            learned = policy.end_day(day) or {}
            training.append({"day": day, **learned})
            with (out / "training.jsonl").open("a") as fh:
                fh.write(json.dumps({"day": day, **learned}, default=float) + "\n")
            policy.save(out / "checkpoints" / f"day_{day:03d}")
            usage = env.unwrapped.llm_usage()
            if usage is not None:
                _write_json_atomic(out / "llm_ledger.json", usage)
            write_metrics(out / "metrics.csv", metrics)
            _write_json_atomic(state_path, {"completed_days": day + 1})
    finally:
        env.close()
    if plots and metrics:
        from propersim_gym.runner.plots import plot_run

        plot_run(out)
    return RunResult(out=out, metrics=metrics, training=training, stopped_early=stopped)


def _play_day(
    env: gym.Env,
    policy: Policy,
    day: int,
    seed: int | None,
    persona_id: int,
    trajectory_path: Path,
    progress: bool,
) -> list[dict[str, Any]]:
    obs, _ = env.reset(seed=seed, options={"day": day})
    policy.start_day(env.unwrapped, day)
    rows: list[dict[str, Any]] = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(
            total=env.unwrapped.awake_steps, desc=f"persona {persona_id} day {day}", unit="step", leave=False
        )
    with trajectory_path.open("a") as fh:
        done = False
        while not done:
            action = policy.act(obs)
            next_obs, reward, terminated, truncated, info = env.step(action)
            policy.observe(obs, action, reward, info)
            row = _step_row(obs, action, reward, info, persona_id, policy)
            rows.append(row)
            fh.write(json.dumps(row) + "\n")
            obs = next_obs
            done = terminated or truncated
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    return rows


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
