"""Environment speed: simulated steps per second against CartPole-v1, and a 32-persona x 14-day sweep.

Usage: python benchmarks/env_speed.py [--encoder lexical|minilm] [--workers 2] [--out FILE.json]

1. Step rate: the cadence policy (a handful of distinct texts, so the judge's text cache is warm)
   through ``gym.make`` with its default wrappers, measured in the same process as CartPole-v1 with
   random actions; the figure that matters is the ratio (target >= 0.2).
2. Sweep: the cadence policy on all 32 personas for 14 days each, spread over a process pool
   (target <= 30 s on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import gymnasium as gym

import propersim_gym
from propersim_gym import play_day
from propersim_gym.personas import list_personas
from propersim_gym.policies.scripted import CadencePolicy


def play(env: gym.Env, policy: CadencePolicy, days: range, seed: int = 0) -> int:
    """Play whole days; return the number of steps."""
    return sum(
        play_day(env, policy, day=day, seed=seed if i == 0 else None).steps for i, day in enumerate(days)
    )


def step_rate(encoder: str, seconds: float = 3.0) -> float:
    """ProPerSim-v0 steps per second (resets included) over about ``seconds``."""
    env = gym.make("ProPerSim-v0", persona=1, encoder=encoder)
    policy = CadencePolicy(seed=0)
    play(env, policy, range(1))  # warm the text cache and the encoder
    steps, day, started = 0, 1, time.perf_counter()
    while time.perf_counter() - started < seconds:
        steps += play(env, policy, range(day, day + 1))
        day += 1
    return steps / (time.perf_counter() - started)


def cartpole_rate(seconds: float = 3.0) -> float:
    """CartPole-v1 steps per second with random actions, resets included."""
    env = gym.make("CartPole-v1")
    env.reset(seed=0)
    env.action_space.seed(0)
    steps, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for _ in range(1000):
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                env.reset()
        steps += 1000
    return steps / (time.perf_counter() - started)


def _persona_days(args: tuple[int, int, str]) -> int:
    persona, days, encoder = args
    env = gym.make("ProPerSim-v0", persona=persona, encoder=encoder)
    return play(env, CadencePolicy(seed=persona), range(days))


def sweep(days: int, encoder: str, workers: int) -> tuple[float, int]:
    """Wall seconds and steps for every persona x ``days`` days."""
    jobs = [(p.id, days, encoder) for p in list_personas()]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        steps = sum(pool.map(_persona_days, jobs))
    return time.perf_counter() - started, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="lexical")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    cart = cartpole_rate()
    ours = step_rate(args.encoder)
    cart_after = cartpole_rate()
    ratio = ours / ((cart + cart_after) / 2)
    wall, steps = sweep(args.days, args.encoder, args.workers)
    result = {
        "propersim_steps_per_s": round(ours),
        "cartpole_steps_per_s": round((cart + cart_after) / 2),
        "ratio_to_cartpole": round(ratio, 3),
        "sweep_personas": len(list_personas()),
        "sweep_days": args.days,
        "sweep_steps": steps,
        "sweep_seconds": round(wall, 2),
        "encoder": args.encoder,
        "workers": args.workers,
        "machine": f"{platform.machine()} {platform.python_version()}",
        "version": propersim_gym.__version__,
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
