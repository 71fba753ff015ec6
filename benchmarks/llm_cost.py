"""LLM calls, tokens and projected dollars per awake step and per persona-14-days.

Measures, with SmolLM2 through a real backend (the local HF backend by default, or the openai
backend against ``transformers serve`` with ``--serve``), on a few awake steps of persona 1:

1. paper-style separate judging: 5 judge calls per candidate, 2 candidates (a recommendation and
   "No Recommendation") per step -> ~10 judge calls per step;
2. joint judging: one call per candidate;
3. cached replay of (1): the same steps with the cache in replay mode (no live call at all);
4. LLM user planning for one day (wake/bedtime, plan, hourly schedule, and decomposition of
   one activity, projected to all of the day's activities).

Token counts are measured on the real prompts (SmolLM2's tokenizer; other tokenizers differ by a
few tens of percent) and projected to 14 days x the persona's awake steps, priced from the
ledger's price table for a few API models, next to the paper's ~$30 per persona for 14 days
(which also paid for ~3 memory-summary calls per step; the paper's assistant itself ran locally).

    python benchmarks/llm_cost.py                    # HF backend, 3 steps
    python benchmarks/llm_cost.py --serve --steps 2  # through transformers serve + openai SDK
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from propersim_gym.evaluator.base import Moment
from propersim_gym.evaluator.judge import RubricJudge
from propersim_gym.evaluator.llm_judge import LLMJudge
from propersim_gym.llm import ResponseCache, make_client
from propersim_gym.llm.ledger import load_prices, price_for
from propersim_gym.paths import cache_dir
from propersim_gym.personas import load
from propersim_gym.user.procedural import ProceduralUser

PAPER_USD_PER_PERSONA_14_DAYS = 30.0
DAYS = 14
STEP_MINUTES = 2.5
PRICED_MODELS = [
    ("openai", "gpt-4o-mini"),
    ("gemini", "gemini-2.5-flash"),
    ("openai", "gpt-4.1-mini"),
    ("openai", "gpt-4o"),
]
CANDIDATES = ["How about a short stretching break to loosen up?", "No Recommendation"]


def usage_delta(before: dict[str, Any], after: dict[str, Any], component: str) -> dict[str, float]:
    """Live and cached calls and tokens spent on ``component`` between two ledger summaries."""
    keys = ("calls", "cached_calls", "input_tokens", "output_tokens", "latency_s", "errors")
    a = before["components"].get(component, {})
    b = after["components"].get(component, {})
    return {k: float(b.get(k, 0)) - float(a.get(k, 0)) for k in keys}


def judge_block(client, mode: str, moments: list[Moment]) -> dict[str, float]:
    """Judge CANDIDATES at each moment; per-step calls/tokens/latency and the fallbacks."""
    judge = LLMJudge(client, mode=mode, fallback=RubricJudge(encoder="lexical"), max_tokens=64)
    before = client.ledger.summary()
    fallbacks = 0
    for m in moments:
        fallbacks += sum(int(e.extra["fallbacks"]) for e in judge.evaluate_many(m, CANDIDATES))
    d = usage_delta(before, client.ledger.summary(), "judge")
    n = len(moments)
    return {
        "steps": n,
        "calls_per_step": d["calls"] / n,
        "cached_calls_per_step": d["cached_calls"] / n,
        "input_tokens_per_step": d["input_tokens"] / n,
        "output_tokens_per_step": d["output_tokens"] / n,
        "latency_s_per_step": d["latency_s"] / n,
        "fallbacks": fallbacks,
        "errors": d["errors"],
    }


def planning_block(client, persona, n_activities: int = 12) -> dict[str, Any]:
    """One live call for each LLM-user prompt (wake, plan, hourly, one decomposition), projected to a
    day with ``n_activities`` decomposed activities. Token counts are measured whether or not the
    small model's answer validates (SmolLM2-135M cannot write a valid hourly schedule)."""
    from propersim_gym.llm.errors import LLMError
    from propersim_gym.llm.templates import render
    from propersim_gym.taxonomy import ActivityKind
    from propersim_gym.user.llm_user import (
        DECOMPOSE_SCHEMA,
        HOURLY_SCHEMA,
        PLAN_SCHEMA,
        WAKE_SCHEMA,
        areas_text,
        person_text,
    )

    person = person_text(persona, 0)
    plan = "\n".join(f"- {p}" for p in PLAN_SCHEMA["properties"]["plan"]["examples"][0])
    kinds = ", ".join(k.value for k in ActivityKind if k is not ActivityKind.SLEEP)
    prompts = {
        "wake": (render("user_wake", person=person), WAKE_SCHEMA, 40),
        "plan": (render("user_plan", person=person, wake="07:00", bedtime="23:00"), PLAN_SCHEMA, 200),
        "hourly": (
            render("user_hourly", person=person, plan=plan, wake="07:00", bedtime="23:00", kinds=kinds),
            HOURLY_SCHEMA,
            400,
        ),
        "decompose": (
            render(
                "user_decompose",
                person=person,
                start="09:00",
                end="10:30",
                minutes="90",
                activity="working at the desk",
            ),
            DECOMPOSE_SCHEMA,
            150,
        ),
    }
    system = render("user_system", areas=areas_text())
    per: dict[str, dict[str, float]] = {}
    for name, (prompt, schema, cap) in prompts.items():
        before = client.ledger.summary()
        outcome = "valid"
        try:
            client.complete(
                [{"role": "system", "content": system}, {"role": "user", "content": prompt}],
                component="user_planning",
                temperature=0.7,
                seed=0,
                max_tokens=cap,
                json_schema=schema,
            )
        except LLMError as err:
            outcome = type(err).__name__
        per[name] = usage_delta(before, client.ledger.summary(), "user_planning") | {"outcome": outcome}
    fixed = ("wake", "plan", "hourly")
    return {
        "per_prompt": per,
        "activities_decomposed": n_activities,
        "calls_per_day": 3 + n_activities,
        "input_tokens_per_day": sum(per[k]["input_tokens"] for k in fixed)
        + n_activities * per["decompose"]["input_tokens"],
        "output_tokens_per_day": sum(per[k]["output_tokens"] for k in fixed)
        + n_activities * per["decompose"]["output_tokens"],
    }


def project(separate: dict, joint: dict, planning: dict, awake_steps: int) -> dict[str, Any]:
    """Dollars per persona-14-days for each priced model (judging + user planning)."""
    table = load_prices()
    out = {}
    for backend, model in PRICED_MODELS:
        price_in, price_out = price_for(table, backend, model) or (float("nan"), float("nan"))

        def usd(inp: float, outp: float, p_in: float = price_in, p_out: float = price_out) -> float:
            return (inp * p_in + outp * p_out) / 1e6

        plan = DAYS * usd(planning["input_tokens_per_day"], planning["output_tokens_per_day"])
        steps = DAYS * awake_steps
        out[f"{backend}:{model}"] = {
            "price_per_1M_in_out": [price_in, price_out],
            "separate_judging_usd": round(
                steps * usd(separate["input_tokens_per_step"], separate["output_tokens_per_step"]), 3
            ),
            "joint_judging_usd": round(
                steps * usd(joint["input_tokens_per_step"], joint["output_tokens_per_step"]), 3
            ),
            "user_planning_usd": round(plan, 4),
            "cached_replay_usd": 0.0,
        }
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=3, help="awake steps to measure")
    parser.add_argument("--serve", action="store_true", help="go through transformers serve + the openai SDK")
    parser.add_argument("--llm", default="hf:smollm2", help="any LLM spec to measure instead of SmolLM2")
    parser.add_argument("--no-planning", action="store_true", help="skip the LLM user measurement")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/llm_cost.json"))
    args = parser.parse_args(argv)

    persona = load(1)
    schedule = ProceduralUser().plan_day(persona, 0, np.random.default_rng(0))
    awake_steps = int((schedule.sleep_minute - schedule.wake_minute) / STEP_MINUTES)
    rng = np.random.default_rng(0)
    minutes = sorted(
        rng.choice(
            np.arange(schedule.wake_minute, schedule.sleep_minute, STEP_MINUTES),
            size=args.steps,
            replace=False,
        )
    )
    moments = [
        Moment(persona, 0, float(m), schedule.at(float(m)), schedule.wake_minute, schedule.sleep_minute)
        for m in minutes
    ]
    cache_path = cache_dir("llm") / "llm_cost_benchmark.sqlite"  # a fresh cache: every call is measured
    cache_path.unlink(missing_ok=True)

    with contextlib.ExitStack() as stack:
        if args.serve:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from servers.tserve import transformers_serve

            from propersim_gym.llm.models import smollm2_dir

            url = stack.enter_context(transformers_serve(smollm2_dir()))
            spec = f"openai:{smollm2_dir()}@{url}"
        else:
            spec = args.llm
        client = make_client(spec, cache=ResponseCache(cache_path), json_retries=0, timeout=600.0)
        t0 = time.perf_counter()
        separate = judge_block(client, "separate", moments)
        joint = judge_block(client, "joint", moments)
        replay_client = make_client(spec, cache=ResponseCache(cache_path, mode="replay"), json_retries=0)
        replay = judge_block(replay_client, "separate", moments)
        planning = (
            planning_block(client, persona, n_activities=12)
            if not args.no_planning
            else {
                "outcome": "skipped",
                "input_tokens_per_day": 0,
                "output_tokens_per_day": 0,
                "calls_per_day": 0,
            }
        )
        elapsed = time.perf_counter() - t0

    result = {
        "backend": client.describe() | {"base_url": None} if args.serve else client.describe(),
        "persona": persona.id,
        "awake_steps_per_day": awake_steps,
        "candidates_per_step": len(CANDIDATES),
        "separate": separate,
        "joint": joint,
        "cached_replay": replay,
        "user_planning": planning,
        "projection_per_persona_14_days": project(separate, joint, planning, awake_steps),
        "paper_usd_per_persona_14_days": PAPER_USD_PER_PERSONA_14_DAYS,
        "prices_checked": load_prices().get("_checked"),
        "wall_s": round(elapsed, 1),
        "machine": platform.platform(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    plot(result, args.out.with_suffix(".png"))
    print(json.dumps(result, indent=2))
    return result


def plot(result: dict[str, Any], path: Path) -> None:
    """Bar chart: projected USD per persona-14-days per model, separate vs joint, and the paper's $30."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    proj = result["projection_per_persona_14_days"]
    names = list(proj)
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.bar(
        x - 0.2,
        [proj[n]["separate_judging_usd"] + proj[n]["user_planning_usd"] for n in names],
        0.4,
        label="separate judging + planning",
    )
    ax.bar(
        x + 0.2,
        [proj[n]["joint_judging_usd"] + proj[n]["user_planning_usd"] for n in names],
        0.4,
        label="joint judging + planning",
    )
    ax.axhline(
        result["paper_usd_per_persona_14_days"], color="k", ls="--", label="paper (~$30, all API calls)"
    )
    ax.set_xticks(x, names, rotation=15)
    ax.set_ylabel("USD per persona, 14 days")
    ax.set_title("Projected LLM-tier cost (token counts measured with SmolLM2 prompts)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    main()
