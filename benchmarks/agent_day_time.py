"""Wall time of one simulated day of ProPerAssistant: acting (generation, scoring, retrieval) and training.

Usage::

    python benchmarks/agent_day_time.py                       # tiny (2 whole days) + SmolLM2 (partial day)
    python benchmarks/agent_day_time.py --models tiny --persona 3 --days 3
    python benchmarks/agent_day_time.py --smollm2-steps 60

The tiny preset plays ``--days`` whole days (every awake step) and trains after each; its figure is the
last day's (day 0 also pays one-time imports). SmolLM2 plays the first
``--smollm2-steps`` awake steps, trains on the pairs they gave, and both parts are extrapolated
linearly to a full day (acting: per-step time x awake steps; training: per-pair time x the pairs a
full day would give, capped at the replay sample of 200) — the output says so. Writes
``benchmarks/results/agent_day_time.json``, ``.md`` and ``.png``. Targets (2 CPU cores): tiny <= 60 s
per day, SmolLM2 <= 10 min per day.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

TARGETS = {"tiny": 60.0, "smollm2": 600.0}


def measure(
    model: str, persona: int, steps: int | None, seed: int, threads: int | None = None, days: int = 1
) -> dict[str, Any]:
    """Play ``days`` days (or the first ``steps`` awake steps of day 0) and train after each; return
    the timings of every day, and of the last one at the top level (the first day also pays one-time
    imports and acts with a fresh adapter; later days act with a trained, merged one)."""
    import gymnasium as gym
    import torch

    from propersim_gym import make_policy

    torch.set_num_threads(threads or os.cpu_count() or 1)  # every model starts from the same count
    per_day = []
    with tempfile.TemporaryDirectory() as run_dir:
        t0 = time.perf_counter()
        policy = make_policy("properassistant", model=model, run_dir=run_dir, seed=seed, threads=threads)
        load_s = time.perf_counter() - t0
        env = gym.make("ProPerSim-v0", persona=persona, memory="ARS", max_awake_steps=steps)
        full = gym.make("ProPerSim-v0", persona=persona, memory="ARS", encoder="lexical")
        # warm-up: the judge's and the retrieval store's encoders load on first use
        env.reset(seed=seed, options={"day": 0})
        env.unwrapped.evaluate("No Recommendation")
        policy.retrieval.query("warm up", before_step=1)
        for day in range(days):
            full.reset(seed=seed + day, options={"day": day})
            per_day.append(_play_day(policy, env, day, seed + day, full.unwrapped.awake_steps))
    row = {"model": model, "persona": persona, "threads": torch.get_num_threads(), "load_seconds": load_s}
    return {**row, **per_day[-1], "days": per_day, "target_seconds": TARGETS.get(model)}


class _Timed:
    """Delegates to a policy, timing ``act`` + ``observe`` (wall and CPU) and ``end_day`` apart."""

    def __init__(self, policy: Any) -> None:
        self.policy, self.name = policy, policy.name
        self.act_wall = self.act_cpu = self.train_wall = self.train_cpu = 0.0

    def start_day(self, env: Any, day: int) -> None:
        self.policy.start_day(env, day)

    def act(self, observation: dict[str, Any]) -> str:
        w, c = time.perf_counter(), time.process_time()
        try:
            return self.policy.act(observation)
        finally:
            self.act_wall += time.perf_counter() - w
            self.act_cpu += time.process_time() - c

    def observe(self, observation: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
        w = time.perf_counter()
        self.policy.observe(observation, action, reward, info)
        self.act_wall += time.perf_counter() - w

    def end_day(self, day: int) -> dict[str, float]:
        w, c = time.perf_counter(), time.process_time()
        try:
            return self.policy.end_day(day)
        finally:
            self.train_wall, self.train_cpu = time.perf_counter() - w, time.process_time() - c


def _play_day(policy: Any, env: Any, day: int, seed: int, full_steps: int) -> dict[str, Any]:
    """One day of acting and its end-of-day training, timed (partial days extrapolated)."""
    from propersim_gym import play_day

    timed = _Timed(policy)
    result = play_day(env, timed, day=day, seed=seed)
    metrics, played = result.learned, result.steps
    act_wall, act_cpu, train_wall, train_cpu = (
        timed.act_wall,
        timed.act_cpu,
        timed.train_wall,
        timed.train_cpu,
    )
    pairs = int(metrics.get("agent/pairs_today", 0))
    scale = full_steps / played
    trained = int(metrics.get("dpo/pairs", 0))
    full_pairs = min(200, trained + round(pairs * (scale - 1)))  # the replay sample of a full day
    train_full = train_wall * (full_pairs / trained) if trained and played < full_steps else train_wall
    return {
        "day": day,
        "steps_played": played,
        "awake_steps_full_day": full_steps,
        "extrapolated": played < full_steps,
        "act_seconds": act_wall,
        "act_cpu_seconds": act_cpu,
        "act_seconds_per_step": act_wall / played,
        "sampling_seconds": metrics.get("agent/gen_seconds", 0.0),
        "scoring_seconds": metrics.get("agent/score_seconds", 0.0),
        "pairs": pairs,
        "pairs_trained": trained,
        "pairs_full_day": full_pairs,
        "train_seconds": train_wall,
        "train_cpu_seconds": train_cpu,
        "valid_rate": metrics.get("agent/valid_rate"),
        "guided": policy.sampler.guided,
        "invalid_outputs": metrics.get("agent/invalid_outputs"),
        "dpo_reward_accuracy": metrics.get("dpo/reward_accuracy"),
        "day_act_seconds": act_wall * scale,
        "day_train_seconds": train_full,
        "day_seconds": act_wall * scale + train_full,
    }


def pairs_note(r: dict[str, Any]) -> str:
    """Pairs trained on, or for a partial day how many it gave and what a full day is assumed to give."""
    if not r["extrapolated"]:
        return f"{r['pairs_trained']} pairs"
    return f"{r['pairs']} pairs in {r['steps_played']} steps -> {r['pairs_full_day']} assumed"


def to_markdown(rows: list[dict[str, Any]]) -> str:
    """One line per model and day."""
    lines = [
        "| model | day | steps played / day | acting s/step | acting s/day (sampling, scoring) "
        "| training s/day (pairs) | total s/day | target | valid rate |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        for r in row["days"]:
            note = " (extrapolated)" if r["extrapolated"] else ""
            scale = r["awake_steps_full_day"] / r["steps_played"]
            lines.append(
                f"| {row['model']} | {r['day']} | {r['steps_played']} / {r['awake_steps_full_day']} "
                f"| {r['act_seconds_per_step']:.3f} | {r['day_act_seconds']:.0f}{note} "
                f"({r['sampling_seconds'] * scale:.0f}, {r['scoring_seconds'] * scale:.0f}) "
                f"| {r['day_train_seconds']:.0f} ({pairs_note(r)}) | {r['day_seconds']:.0f}{note} "
                f"| <= {row['target_seconds']:.0f} | {r['valid_rate']:.3f} |"
            )
    return "\n".join(lines)


def render_report(table: str, meta: dict[str, Any]) -> str:
    """The markdown results page."""
    return (
        "# ProPerAssistant: time per simulated day\n\n"
        "Command: `python benchmarks/agent_day_time.py` (persona 1, paper settings: 2 candidates, DPO 2 "
        "epochs on up to 200 pairs, a batch of 4). Acting = generation + counterfactual scoring + "
        "retrieval; training = the end-of-day DPO. Day 0 also pays one-time imports and acts with a fresh "
        "adapter; day 1 is a steady-state day (trained adapter, replay sample of 200). Rows marked "
        "extrapolated played a partial day.\n\n" + table + f"\n\nmachine: {meta}\n"
    )


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    names = [r["model"] for r in rows]
    acting = [r["day_act_seconds"] for r in rows]
    training = [r["day_train_seconds"] for r in rows]
    ax.bar(names, acting, label="acting (generation + scoring + retrieval)")
    ax.bar(names, training, bottom=acting, label="training (DPO)")
    for i, r in enumerate(rows):
        if r["target_seconds"]:
            ax.hlines(r["target_seconds"], i - 0.4, i + 0.4, colors="k", linestyles="--")
    ax.set_ylabel("seconds per simulated day")
    ax.set_yscale("log")
    ax.set_title("ProPerAssistant: wall time per day (dashed: target)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="+", default=["tiny", "smollm2"])
    parser.add_argument("--persona", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--smollm2-steps", type=int, default=40, help="awake steps played with SmolLM2")
    parser.add_argument("--days", type=int, default=2, help="whole days played with the tiny preset")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: the preset's)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows = []
    for model in args.models:
        partial = model == "smollm2"
        steps = args.smollm2_steps if partial else None
        row = measure(model, args.persona, steps, args.seed, args.threads, 1 if partial else args.days)
        print(json.dumps(row, indent=2))
        rows.append(row)
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {"machine": platform.machine(), "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    (args.out / "agent_day_time.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    table = to_markdown(rows)
    (args.out / "agent_day_time.md").write_text(render_report(table, meta))
    plot(rows, args.out / "agent_day_time.png")
    print(table)


if __name__ == "__main__":
    main()
