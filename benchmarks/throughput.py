"""Throughput and scaling of the offline tier: steps/s (plain, SyncVectorEnv, AsyncVectorEnv), judge rate,
and how wall time grows with days and with personas.

Usage::

    python benchmarks/throughput.py                      # writes benchmarks/results/throughput.{json,png}
    python benchmarks/throughput.py --seconds 2 --judge-n 300 --no-sweep   # quicker

1. Steps per second with the scripted cadence policy for 1 and 32 personas: a plain loop over
   ``gym.make`` environments, ``gymnasium.vector.SyncVectorEnv`` and
   ``AsyncVectorEnv(shared_memory=False)`` (text observations need it), next to CartPole-v1 with
   random actions measured in the same run (before and after; the mean is used). Each rate is the
   best of ``--repeats`` windows, the one least disturbed by other load on the machine.
2. Judge throughput on new texts (nothing cached): ``judge_throughput.bench`` for each encoder.
3. Scaling: wall time of persona 1 for 1, 2, 4, 7, 14 and 28 days, and of 1, 2, 4, 8, 16 and 32
   personas for 2 days each, every point in a fresh process (best of 3), so no point inherits warm
   caches from another; a least-squares line is fitted to each and its R^2 reported (linear means
   R^2 close to 1 and a small intercept).
4. The full 32-persona x 14-day study with the scripted policy on a process pool (``env_speed.sweep``).

The environments use the lexical judge encoder by default (``--encoder minilm`` for the default
one): with a scripted policy the judge's text cache is warm after the first day, so the encoder
matters little, and 32 AsyncVectorEnv workers each loading MiniLM would need ~10 GB of memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import env_speed
import judge_throughput

import propersim_gym  # noqa: F401 - registers ProPerSim-v0
from propersim_gym.bench.record import git_commit, machine, package_versions
from propersim_gym.policies.scripted import CadencePolicy
from propersim_gym.protocol import NO_RECOMMENDATION

RESULTS = Path(__file__).resolve().parent / "results"


def _maker(persona: int, encoder: str) -> Callable[[], gym.Env]:
    def make() -> gym.Env:
        return gym.make("ProPerSim-v0", persona=persona, encoder=encoder)

    return make


def plain_rate(personas: list[int], encoder: str, seconds: float) -> float:
    """Steps/s of a plain loop over one environment per persona (each plays whole days in turn)."""
    envs = [_maker(p, encoder)() for p in personas]
    policies = [CadencePolicy(seed=i) for i in range(len(personas))]
    for env, pol in zip(envs, policies, strict=True):  # warm the text cache and the encoder
        env_speed.play(env, pol, range(1))
    steps, day, started = 0, 1, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for env, pol in zip(envs, policies, strict=True):
            steps += env_speed.play(env, pol, range(day, day + 1))
        day += 1
    return steps / (time.perf_counter() - started)


def vector_rate(personas: list[int], encoder: str, seconds: float, kind: str) -> float:
    """Steps/s through a vector env ("sync" or "async"), counting real steps, not autoreset ones."""
    fns = [_maker(p, encoder) for p in personas]
    if kind == "sync":
        venv: gym.vector.VectorEnv = gym.vector.SyncVectorEnv(fns)
    else:
        venv = gym.vector.AsyncVectorEnv(fns, shared_memory=False)
    n = len(personas)
    policies = [CadencePolicy(seed=i) for i in range(n)]
    try:
        obs, _ = venv.reset(seed=0)
        autoreset = np.zeros(n, dtype=bool)

        def one_step() -> int:
            nonlocal obs, autoreset
            actions = tuple(
                NO_RECOMMENDATION if autoreset[i] else policies[i].act({k: obs[k][i] for k in obs})
                for i in range(n)
            )
            obs, _, terminated, truncated, _ = venv.step(actions)
            real = int((~autoreset).sum())
            for i in np.flatnonzero(autoreset):
                policies[i].start_day(None, 0)  # type: ignore[arg-type] - cadence only resets its clock
            autoreset = np.logical_or(terminated, truncated)
            return real

        warm = time.perf_counter()
        while time.perf_counter() - warm < min(2.0, seconds / 2):
            one_step()
        steps, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            steps += one_step()
        return steps / (time.perf_counter() - started)
    finally:
        venv.close()


def fit_line(xs: list[float], ys: list[float]) -> dict[str, float]:
    """Least-squares y = intercept + slope * x, with R^2."""
    x, y = np.asarray(xs, float), np.asarray(ys, float)
    slope, intercept = np.polyfit(x, y, 1)
    pred = intercept + slope * x
    ss_res = float(((y - pred) ** 2).sum())
    ss_tot = float(((y - y.mean()) ** 2).sum())
    return {
        "slope": float(slope),
        "intercept": float(intercept),
        "r2": 1.0 - ss_res / ss_tot if ss_tot else 1.0,
    }


def _play_personas(personas: range, days: int, encoder: str) -> int:
    steps = 0
    for p in personas:
        env = _maker(p, encoder)()
        steps += env_speed.play(env, CadencePolicy(seed=p), range(days))
        env.close()
    return steps


def _timed(args: tuple[int, int, str]) -> tuple[int, float]:
    """Steps and wall seconds to play the first ``n`` personas for ``days`` days (in a fresh process)."""
    n, days, encoder = args
    started = time.perf_counter()
    steps = _play_personas(range(1, n + 1), days, encoder)
    return steps, time.perf_counter() - started


def _cold(points: list[tuple[int, int]], encoder: str, repeats: int) -> list[tuple[int, float]]:
    """Each point measured ``repeats`` times, each time in a fresh process (cold caches, no carry-over
    from the other points); the least time is kept, as the least disturbed by other load."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    jobs = [(n, days, encoder) for n, days in points for _ in range(repeats)]
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=1) as pool:
        timings = list(pool.map(_timed, jobs))
    out = []
    for i in range(len(points)):
        chunk = timings[i * repeats : (i + 1) * repeats]
        out.append((chunk[0][0], min(t for _, t in chunk)))
    return out


def time_vs_days(days_list: list[int], encoder: str, repeats: int = 3) -> list[dict[str, float]]:
    """Wall seconds to play persona 1 for each number of days, each from a fresh process (best of N)."""
    timed = _cold([(1, d) for d in days_list], encoder, repeats)
    return [{"days": d, "steps": st, "seconds": sec} for d, (st, sec) in zip(days_list, timed, strict=True)]


def time_vs_personas(counts: list[int], days: int, encoder: str, repeats: int = 3) -> list[dict[str, float]]:
    """Wall seconds to play the first N personas for ``days`` days each, in turn, from a fresh process."""
    timed = _cold([(n, days) for n in counts], encoder, repeats)
    return [{"personas": n, "steps": st, "seconds": sec} for n, (st, sec) in zip(counts, timed, strict=True)]


def plot(result: dict[str, Any], path: Path) -> None:
    """Three panels: steps/s by mode, time vs days, time vs personas (with the fitted lines)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    rates = result["steps_per_s"]
    short = {"plain": "plain", "SyncVectorEnv": "Sync", "AsyncVectorEnv": "Async"}
    labels = [f"{short.get(mode, mode)}\n×{n}" for n in rates for mode in rates[n]]
    values = [rates[n][mode] for n in rates for mode in rates[n]]
    axes[0].bar(labels, values, color="#4c72b0")
    axes[0].axhline(
        result["cartpole_steps_per_s"] * 0.2, color="grey", ls="--", lw=1, label="20% of CartPole"
    )
    axes[0].set_yscale("log")
    axes[0].set_ylabel("simulated steps / s (×N: personas)")
    axes[0].set_title(f"Step rate (CartPole-v1: {result['cartpole_steps_per_s']:.0f}/s)")
    axes[0].tick_params(axis="x", labelsize=7)
    axes[0].legend(fontsize=7)
    for ax, key, series, fit in (
        (axes[1], "days", result["scaling"]["days"], result["scaling"]["days_fit"]),
        (axes[2], "personas", result["scaling"]["personas"], result["scaling"]["personas_fit"]),
    ):
        xs = [r[key] for r in series]
        ax.plot(xs, [r["seconds"] for r in series], "o", label="measured")
        grid = np.linspace(0, max(xs), 50)
        ax.plot(
            grid,
            fit["intercept"] + fit["slope"] * grid,
            "-",
            label=f"fit {fit['slope']:.3f} s/{key[:-1]}, R² {fit['r2']:.4f}",
        )
        ax.set(xlabel=key, ylabel="wall seconds", title=f"Time vs {key}")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run every measurement and write ``--out`` (JSON) and a PNG beside it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time of one step-rate window")
    parser.add_argument("--repeats", type=int, default=3, help="windows per step rate; the best is kept")
    parser.add_argument("--encoder", default="lexical", help="judge encoder of the environments")
    parser.add_argument("--judge-n", type=int, default=1000, help="new texts per judge-encoder measurement")
    parser.add_argument("--judge-encoders", nargs="+", default=["lexical", "minilm", "minilm-int8"])
    parser.add_argument("--no-sweep", action="store_true", help="skip the 32 x 14 process-pool sweep")
    parser.add_argument("--workers", type=int, default=2, help="processes of the sweep")
    parser.add_argument("--out", type=Path, default=RESULTS / "throughput.json")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()

    def best(fn: Callable[[], float]) -> float:
        return max(fn() for _ in range(args.repeats))

    cart_before = best(lambda: env_speed.cartpole_rate(args.seconds))
    many = list(range(1, 33))
    rates: dict[str, dict[str, float]] = {"1": {}, "32": {}}
    for label, personas in (("1", [1]), ("32", many)):
        rates[label]["plain"] = best(lambda p=personas: plain_rate(p, args.encoder, args.seconds))
        for name, kind in (("SyncVectorEnv", "sync"), ("AsyncVectorEnv", "async")):
            rates[label][name] = best(
                lambda p=personas, k=kind: vector_rate(p, args.encoder, args.seconds, k)
            )
        print(f"{label:>2} persona(s): " + ", ".join(f"{k} {v:.0f} steps/s" for k, v in rates[label].items()))
    cart_after = best(lambda: env_speed.cartpole_rate(args.seconds))
    cart = (cart_before + cart_after) / 2
    print(f"CartPole-v1: {cart:.0f} steps/s (before {cart_before:.0f}, after {cart_after:.0f})")

    judge: dict[str, Any] = {}
    for i, enc in enumerate(args.judge_encoders):
        texts = judge_throughput.make_texts(args.judge_n, seed=1000 * (i + 1))
        judge[enc] = judge_throughput.bench(enc, texts, batch=256)
        print(f"judge ({enc}): {judge[enc]['per_second']:.0f} new texts/s")

    days = time_vs_days([1, 2, 4, 7, 14, 28], args.encoder)
    personas = time_vs_personas([1, 2, 4, 8, 16, 32], 2, args.encoder)
    days_fit = fit_line([r["days"] for r in days], [r["seconds"] for r in days])
    personas_fit = fit_line([r["personas"] for r in personas], [r["seconds"] for r in personas])
    print(f"time vs days: {days_fit}")
    print(f"time vs personas: {personas_fit}")

    sweep = None
    if not args.no_sweep:
        wall, steps = env_speed.sweep(14, args.encoder, args.workers)
        sweep = {
            "personas": 32,
            "days": 14,
            "workers": args.workers,
            "steps": steps,
            "seconds": round(wall, 2),
        }
        print(f"32 personas x 14 days on {args.workers} workers: {wall:.1f} s ({steps} steps)")

    result: dict[str, Any] = {
        "benchmark": "throughput",
        "policy": "cadence (scripted, 90 min)",
        "encoder": args.encoder,
        "seconds_per_window": args.seconds,
        "windows_best_of": args.repeats,
        "steps_per_s": {n: {k: round(v, 1) for k, v in r.items()} for n, r in rates.items()},
        "cartpole_steps_per_s": round(cart, 1),
        "ratio_to_cartpole": {n: {k: round(v / cart, 4) for k, v in r.items()} for n, r in rates.items()},
        "judge_new_texts": judge,
        "scaling": {
            "days": [{**r, "seconds": round(r["seconds"], 3)} for r in days],
            "days_fit": {k: round(v, 5) for k, v in days_fit.items()},
            "personas": [{**r, "seconds": round(r["seconds"], 3)} for r in personas],
            "personas_days_each": 2,
            "personas_fit": {k: round(v, 5) for k, v in personas_fit.items()},
        },
        "sweep_32x14": sweep,
        "git": git_commit(),
        "versions": package_versions(("propersim-gym", "gymnasium", "numpy", "torch", "onnxruntime")),
        "machine": machine(),
        "wall_s": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    plot(result, args.out.with_suffix(".png"))
    print(f"wrote {args.out} and {args.out.with_suffix('.png')}")
    return result


if __name__ == "__main__":
    main()
