"""Cost per configuration: LLM calls and tokens per awake step, and a projected cost per persona-14-days.

Usage::

    python benchmarks/cost.py                    # uses benchmarks/results/llm_cost.json (measures if absent)
    python benchmarks/cost.py --measure --steps 3 # re-measure with SmolLM2 through the real HF backend
    python benchmarks/cost.py --run-dir runs/x    # also: the cost of a real run from its llm_ledger.json

Configurations (a run picks one implementation per party; docs/architecture.md):

- ``offline``: procedural user + rubric judge. No LLM call at all; the only cost is CPU time
  (measured by ``benchmarks/throughput.py``).
- ``llm-judge-separate``: the paper's judging, 5 calls per candidate, 2 candidates per step.
- ``llm-judge-joint``: one JSON call per candidate.
- ``llm-user``: Generative-Agents-style planning of each day (calls spread over the day's awake steps).
- ``paper-like``: LLM user + separate LLM judge (what the paper paid API fees for).

Calls and tokens are *measured* by ``benchmarks/llm_cost.py`` (real prompts, SmolLM2's tokenizer,
the real HF backend and the cost ledger, ``propersim_gym.llm.ledger``); this script reads its JSON,
normalises it per awake step, and projects dollars for hosted models from the bundled, dated price
table (``propersim_gym/llm/data/prices.json``; ``--prices`` for your own). The assistant's own compute
is reported next to it from ``benchmarks/results/agent_day_time.json`` when present. The paper's
figures for comparison: ~10 A100-days + ~$30 of API calls per persona for 14 days (70B assistant
run locally; ~10 judge calls + 2 generations + ~3 memory-summary calls per awake step). Our memory
summaries are procedural: they cost no call.

Writes ``benchmarks/results/cost.json``, ``cost.md`` and ``cost.png``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from propersim_gym.bench.record import git_commit, machine, repo_relative
from propersim_gym.llm.ledger import load_prices, price_for

RESULTS = Path(__file__).resolve().parent / "results"
DAYS = 14
PAPER = {"a100_days": 10.0, "api_usd": 30.0, "judge_calls_per_step": 10, "summary_calls_per_step": 3}
PRICED = [
    ("openai", "gpt-4o-mini"),
    ("openai", "gpt-4.1-mini"),
    ("openai", "gpt-4o"),
    ("gemini", "gemini-2.5-flash"),
    ("gemini", "gemini-2.5-flash-lite"),
]


def per_step(llm: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Calls and tokens per awake step of each configuration, from llm_cost.json."""
    awake = float(llm["awake_steps_per_day"])
    plan = llm["user_planning"]
    user = {
        "calls": plan["calls_per_day"] / awake,
        "input_tokens": plan["input_tokens_per_day"] / awake,
        "output_tokens": plan["output_tokens_per_day"] / awake,
    }

    def judge(block: dict[str, Any]) -> dict[str, float]:
        return {
            "calls": block["calls_per_step"],
            "input_tokens": block["input_tokens_per_step"],
            "output_tokens": block["output_tokens_per_step"],
        }

    sep, joint = judge(llm["separate"]), judge(llm["joint"])
    return {
        "offline": {"calls": 0.0, "input_tokens": 0.0, "output_tokens": 0.0},
        "llm-judge-separate": sep,
        "llm-judge-joint": joint,
        "llm-user": user,
        "paper-like": {k: sep[k] + user[k] for k in sep},
    }


def planning_outcome(plan: dict[str, Any]) -> Any:
    """Whether each planning prompt gave valid output (a small model often fails the JSON schemas)."""
    if "per_prompt" in plan:
        return {name: p.get("outcome") for name, p in plan["per_prompt"].items()}
    return plan.get("outcome")


def project(steps: dict[str, dict[str, float]], awake: int, prices: dict[str, Any]) -> dict[str, Any]:
    """USD per persona-14-days for each configuration and priced model (tokens x list price)."""
    out: dict[str, Any] = {}
    for backend, model in PRICED:
        price = price_for(prices, backend, model)
        if price is None:
            continue
        key = f"{backend}:{model}"
        out[key] = {"price_per_1M_in_out": list(price)}
        for config, s in steps.items():
            usd = DAYS * awake * (s["input_tokens"] * price[0] + s["output_tokens"] * price[1]) / 1e6
            out[key][config] = round(usd, 4)
    return out


def from_ledger(run_dir: Path) -> dict[str, Any]:
    """Calls and tokens per awake step per component of a real run (its llm_ledger.json + metrics.csv)."""
    from propersim_gym.runner.metrics import read_metrics

    ledger = json.loads((run_dir / "llm_ledger.json").read_text())
    steps = sum(m["steps"] for m in read_metrics(run_dir / "metrics.csv"))
    if not steps:
        raise SystemExit(f"{run_dir}: no completed day in metrics.csv")
    comps = {**ledger["components"], "total": ledger["total"]}
    return {
        "run_dir": str(run_dir),
        "awake_steps": steps,
        "per_step": {
            name: {
                "calls": u["calls"] / steps,
                "cached_calls": u["cached_calls"] / steps,
                "input_tokens": u["input_tokens"] / steps,
                "output_tokens": u["output_tokens"] / steps,
                "cost_usd": u["cost_usd"] / steps,
            }
            for name, u in comps.items()
        },
    }


def assistant_compute(path: Path) -> list[dict[str, Any]]:
    """CPU hours per persona-14-days of ProPerAssistant per model, from agent_day_time.json."""
    if not path.exists():
        return []
    rows = json.loads(path.read_text()).get("rows", [])
    return [
        {
            "model": r["model"],
            "seconds_per_day": round(r["day_seconds"], 1),
            "cpu_hours_per_persona_14_days": round(DAYS * r["day_seconds"] / 3600, 2),
            "extrapolated": r.get("extrapolated", False),
        }
        for r in rows
    ]


def _backend(described: Any) -> str:
    if isinstance(described, dict) and "backend" in described:
        return f"`{described['backend']}:{described.get('model')}`"
    return str(described)


def to_markdown(result: dict[str, Any]) -> str:
    """Two tables: per-step usage per configuration; projected dollars per persona-14-days."""
    steps = result["per_awake_step"]
    lines = [
        "| configuration | LLM calls / awake step | input tokens / step | output tokens / step |",
        "|---|---|---|---|",
    ]
    for name, s in steps.items():
        lines.append(f"| {name} | {s['calls']:.2f} | {s['input_tokens']:.0f} | {s['output_tokens']:.0f} |")
    configs = list(steps)
    lines += [
        "",
        f"Projected USD per persona, {DAYS} days ({result['awake_steps_per_day']} awake steps a day; "
        f"prices checked {result['prices_checked']}):",
        "",
        "| model | " + " | ".join(configs) + " |",
        "|---|" + "---|" * len(configs),
    ]
    for model, p in result["projection_usd_per_persona_14_days"].items():
        lines.append(f"| {model} | " + " | ".join(f"${p[c]:.2f}" for c in configs) + " |")
    paper = result["paper"]
    lines += [
        f"| paper (API judge, user planning, summaries) | — | — | — | — | ≈ ${paper['api_usd']:.0f} |",
        "",
        "Assistant compute (ProPerAssistant, local model, 2 CPU cores) vs the paper's "
        f"≈ {paper['a100_days']:.0f} A100-days per persona (70B, 4-bit):",
        "",
        "| model | wall seconds / day (2 cores) | hours / persona-14-days |",
        "|---|---|---|",
    ]
    for r in result["assistant_compute"]:
        note = " (extrapolated)" if r["extrapolated"] else ""
        lines.append(
            f"| {r['model']} | {r['seconds_per_day']}{note} | {r['cpu_hours_per_persona_14_days']} |"
        )
    if not result["assistant_compute"]:
        lines.append("| (run benchmarks/agent_day_time.py) | — | — |")
    lat = result["measured_latency_s_per_step"]
    lines += [
        "",
        f"Measured with {_backend(result['measured_with'])} on {result['measured_steps']} awake steps."
        " Latency per awake step of a local judge on this CPU: "
        f"separate {lat['llm-judge-separate'] or 0:.0f} s, joint {lat['llm-judge-joint'] or 0:.0f} s."
        f" User planning outcomes: {result['user_planning_outcome']}.",
    ]
    return "\n".join(lines) + "\n"


def plot(result: dict[str, Any], path: Path) -> None:
    """Grouped bars: projected USD per persona-14-days per configuration and model; the paper's $30."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    proj = result["projection_usd_per_persona_14_days"]
    configs = [c for c in result["per_awake_step"] if c != "offline"]
    models = list(proj)
    x = np.arange(len(configs))
    width = 0.8 / max(1, len(models))
    fig, ax = plt.subplots(figsize=(8, 4))
    for i, m in enumerate(models):
        ax.bar(x + (i - (len(models) - 1) / 2) * width, [proj[m][c] for c in configs], width, label=m)
    ax.axhline(result["paper"]["api_usd"], color="k", ls="--", lw=1, label="paper (≈ $30)")
    ax.set_xticks(x, configs)
    ax.set_yscale("log")
    ax.set_ylabel(f"USD per persona, {DAYS} days (log)")
    ax.set_title("Projected LLM-tier cost (offline tier: $0)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Read (or measure) the LLM usage, normalise, project, and write cost.{json,md,png}."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--llm-cost", type=Path, default=RESULTS / "llm_cost.json")
    parser.add_argument("--measure", action="store_true", help="(re)run benchmarks/llm_cost.py first")
    parser.add_argument("--steps", type=int, default=3, help="awake steps llm_cost.py measures")
    parser.add_argument("--agent-day-time", type=Path, default=RESULTS / "agent_day_time.json")
    parser.add_argument("--prices", type=Path, default=None, help="your own price table (JSON)")
    parser.add_argument("--run-dir", type=Path, default=None, help="a run directory with llm_ledger.json")
    parser.add_argument("--out", type=Path, default=RESULTS / "cost.json")
    args = parser.parse_args(argv)

    if args.measure or not args.llm_cost.exists():
        import llm_cost

        llm_cost.main(["--steps", str(args.steps), "--out", str(args.llm_cost)])
    llm = json.loads(args.llm_cost.read_text())
    prices = load_prices(args.prices)
    steps = per_step(llm)
    awake = int(llm["awake_steps_per_day"])
    result: dict[str, Any] = {
        "benchmark": "cost",
        "measured_with": llm.get("backend"),
        "measured_steps": llm["separate"]["steps"],
        "awake_steps_per_day": awake,
        "candidates_per_step": llm.get("candidates_per_step", 2),
        "per_awake_step": {k: {n: round(v, 3) for n, v in s.items()} for k, s in steps.items()},
        "projection_usd_per_persona_14_days": project(steps, awake, prices),
        "prices_checked": prices.get("_checked"),
        "assistant_compute": assistant_compute(args.agent_day_time),
        "paper": PAPER,
        "judge_fallbacks_during_measurement": {
            "separate": llm["separate"].get("fallbacks"),
            "joint": llm["joint"].get("fallbacks"),
        },
        "user_planning_outcome": planning_outcome(llm["user_planning"]),
        "measured_latency_s_per_step": {
            "llm-judge-separate": llm["separate"].get("latency_s_per_step"),
            "llm-judge-joint": llm["joint"].get("latency_s_per_step"),
        },
        "source": repo_relative(args.llm_cost),
        "git": git_commit(),
        "machine": machine(),
    }
    if args.run_dir is not None:
        result["run"] = from_ledger(args.run_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    markdown = to_markdown(result)
    args.out.with_suffix(".md").write_text("# Cost per configuration\n\n" + markdown)
    plot(result, args.out.with_suffix(".png"))
    print(markdown)
    print(f"wrote {args.out}, {args.out.with_suffix('.md')}, {args.out.with_suffix('.png')}")
    return result


if __name__ == "__main__":
    main()
