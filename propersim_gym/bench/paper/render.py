"""The paper-style markdown tables and the plots of a paper-table summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from propersim_gym.bench.executor import BenchError
from propersim_gym.bench.paper.config import PaperConfig
from propersim_gym.bench.paper.results import Target
from propersim_gym.evaluator.base import DIMENSIONS
from propersim_gym.registry import get_policy

#: The paper's headline numbers (Table/Fig. of arXiv 2509.21730), shown beside ours for orientation.
PAPER_NUMBERS = {
    "nomemory": (2.1, 2.2),
    "ar": (2.3, 2.3),
    "ars": (2.6, 2.5),
    "properassistant": (2.2, 3.3),
}


def span(ids: Sequence[int]) -> str:
    """1,2,3,5 -> "1-3, 5": a short list of persona ids."""
    parts: list[str] = []
    ids = sorted(ids)
    i = 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        parts.append(str(ids[i]) if j == i else f"{ids[i]}-{ids[j]}")
        i = j + 1
    return ", ".join(parts)


def to_markdown(summary: dict[str, Any], targets: Sequence[Target], config: PaperConfig) -> str:
    """The paper-style tables and the target checks, as markdown."""
    ms = summary["methods"]
    if not ms:
        raise BenchError("no results to tabulate")
    n = max(m["days"][-1] for m in ms.values())
    steps = "all awake steps" if config.steps_per_day is None else f"first {config.steps_per_day} awake steps"
    uses_model = any(get_policy(m).uses_model for m in config.methods)
    model = f"model `{config.model}`, " if uses_model else "scripted methods only, "
    lines = [
        f"Preset `{config.preset}`: {model}personas {span(config.personas)}, "
        f"seeds {', '.join(map(str, config.seeds))}, {config.days} days, {steps} per day, "
        f"judge encoder `{config.encoder}`. Means over (persona, seed) runs.",
        *(
            [f"Policy options (non-default): `{json.dumps(config.policy_options, sort_keys=True)}`."]
            if config.policy_options
            else []
        ),
        "",
        f"| Method | Day 1 | Day {n} | Δ | Recs / awake h (day 1 → {n}) | Success % (day 1 → {n}) "
        "| Paper (day 1 → 14) |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, m in ms.items():
        f, last = m["first"], m["last"]
        paper = PAPER_NUMBERS.get(key)
        lines.append(
            f"| {m['label']} | {f['avg_score']:.2f} | {last['avg_score']:.2f} | "
            f"{last['avg_score'] - f['avg_score']:+.2f} | "
            f"{f['recs_per_hour']:.1f} → {last['recs_per_hour']:.1f} | "
            f"{100 * f['success_rate']:.1f} → {100 * last['success_rate']:.1f} | "
            f"{f'{paper[0]:.1f} → {paper[1]:.1f}' if paper else '—'} |"
        )
    lines += [
        "",
        f"Per-dimension means (share of steps passing; day 1 → day {n}):",
        "",
        "| Method | " + " | ".join(d.capitalize() for d in DIMENSIONS) + " |",
        "|---|" + "---|" * len(DIMENSIONS),
    ]
    for m in ms.values():
        cells = [f"{m['first'][f'{d}_mean']:.2f} → {m['last'][f'{d}_mean']:.2f}" for d in DIMENSIONS]
        lines.append(f"| {m['label']} | " + " | ".join(cells) + " |")
    personas = sorted({int(p) for m in ms.values() for p in m["per_persona"]})
    from propersim_gym.personas import load

    lines += [
        "",
        f"Per-persona average score on day {n} (day 1 in brackets):",
        "",
        "| Persona | " + " | ".join(m["label"] for m in ms.values()) + " |",
        "|---|" + "---|" * len(ms),
    ]
    for p in personas:
        persona = load(p)
        cells = []
        for m in ms.values():
            pp = m["per_persona"].get(str(p))
            cells.append(f"{pp['last']:.2f} ({pp['first']:.2f})" if pp else "—")
        lines.append(f"| {p} {persona.big_five.code} | " + " | ".join(cells) + " |")
    lines += ["", "Targets (the paper's findings, restated; the judge is never tuned to meet them):", ""]
    lines += [f"- **{t.verdict}** {t.name}: {t.detail}" for t in targets]
    return "\n".join(lines) + "\n"


def plot_results(summary: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """daily_score.png (the paper's main figure), recs_per_hour.png, success_rate.png, persona_final.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ms = summary["methods"]
    styles = {m: ("--" if m in ("silent", "oracle", "every-step", "cadence") else "-") for m in ms}
    paths = []
    for key, ylabel, title, scale, fname in (
        ("avg_score", "average score (0-4)", "Daily average score", 1.0, "daily_score.png"),
        ("recs_per_hour", "recommendations / awake hour", "Recommendation rate", 1.0, "recs_per_hour.png"),
        ("success_rate", "success rate (score >= 3), %", "Success rate", 100.0, "success_rate.png"),
    ):
        fig, ax = plt.subplots(figsize=(6.4, 4))
        for m, s in ms.items():
            ax.plot(
                s["days"], [v * scale for v in s["daily"][key]], styles[m], marker="o", ms=3, label=s["label"]
            )
        ax.set(xlabel="day", ylabel=ylabel, title=title)
        if key == "avg_score":
            ax.set_ylim(0, 4)
        else:
            ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out_dir / fname, dpi=100)
        plt.close(fig)
        paths.append(out_dir / fname)
    personas = sorted({int(p) for s in ms.values() for p in s["per_persona"]})
    fig, ax = plt.subplots(figsize=(min(16.0, max(6.4, 0.12 * len(personas) * len(ms) + 2)), 4))
    width = 0.8 / len(ms)
    for i, (_m, s) in enumerate(ms.items()):
        xs = [j + (i - (len(ms) - 1) / 2) * width for j in range(len(personas))]
        ys = [s["per_persona"].get(str(p), {}).get("last", float("nan")) for p in personas]
        ax.bar(xs, ys, width, label=s["label"])
    ax.set_xticks(range(len(personas)), [str(p) for p in personas])
    ax.set_xlim(-0.6, len(personas) - 0.4)
    ax.set(
        xlabel="persona", ylabel="average score on the last day", title="Final score per persona", ylim=(0, 4)
    )
    ax.legend(fontsize=7, loc="lower right", framealpha=0.9)
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    fig.savefig(out_dir / "persona_final.png", dpi=100)
    plt.close(fig)
    paths.append(out_dir / "persona_final.png")
    return paths
