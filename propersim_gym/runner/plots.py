"""Figures of a run directory: daily score and recommendations per hour, and a day timeline."""

from __future__ import annotations

import json
from pathlib import Path

from propersim_gym.runner.metrics import read_metrics

_SCORE_COLOURS = {0: "#b2182b", 1: "#ef8a62", 2: "#fddbc7", 3: "#67a9cf", 4: "#2166ac"}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_run(run_dir: str | Path, timeline_day: int | None = None) -> list[Path]:
    """Write plots/daily.png and plots/timeline_dayDDD.png (last day by default); return their paths."""
    run_dir = Path(run_dir)
    plots = run_dir / "plots"
    plots.mkdir(exist_ok=True)
    metrics = read_metrics(run_dir / "metrics.csv")
    if not metrics:
        return []
    plt = _pyplot()
    days = [m["day"] + 1 for m in metrics]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.plot(days, [m["avg_score"] for m in metrics], marker="o")
    ax1.set(xlabel="day", ylabel="average score (0-4)", ylim=(0, 4), title="Daily average score")
    ax2.plot(days, [m["recs_per_hour"] for m in metrics], marker="o", color="tab:orange")
    ax2.set(xlabel="day", ylabel="recommendations / awake hour", title="Recommendation rate")
    ax2.set_ylim(bottom=0)
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    daily = plots / "daily.png"
    fig.savefig(daily, dpi=100)
    plt.close(fig)
    day = metrics[-1]["day"] if timeline_day is None else timeline_day
    return [daily, plot_timeline(run_dir, day)]


def plot_timeline(run_dir: str | Path, day: int) -> Path:
    """One day: activities as bars over the clock, recommendations as dots coloured by score."""
    run_dir = Path(run_dir)
    rows = []
    with (run_dir / "trajectory.jsonl").open() as fh:
        for line in fh:
            row = json.loads(line)
            if row["day"] == day:
                rows.append(row)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(12, 3.2))
    kinds = sorted({r["kind"] for r in rows})
    ypos = {k: i for i, k in enumerate(kinds)}
    for r in rows:
        ax.barh(ypos[r["kind"]], 2.5 / 60, left=r["minute"] / 60, color="#cccccc", height=0.6)
    recs = [r for r in rows if r["is_recommendation"]]
    ax.scatter(
        [r["minute"] / 60 for r in recs],
        [ypos[r["kind"]] for r in recs],
        c=[_SCORE_COLOURS[int(r["reward"])] for r in recs],
        edgecolors="black",
        s=40,
        zorder=3,
    )
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_xlim(0, 24)
    ax.set_xlabel("hour of day")
    ax.set_title(f"Day {day}: activities (grey) and recommendations (colour = score 0 red ... 4 blue)")
    fig.tight_layout()
    path = run_dir / "plots" / f"timeline_day{day:03d}.png"
    path.parent.mkdir(exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
