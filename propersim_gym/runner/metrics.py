"""Per-day metrics of a run (the paper's, docs/architecture.md), computed from trajectory rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from propersim_gym.evaluator.base import DIMENSIONS

METRIC_FIELDS = (
    "persona",
    "day",
    "steps",
    "recommendations",
    "avg_score",
    "recs_per_hour",
    "success_rate",
    *(f"{d}_mean" for d in DIMENSIONS),
    "rec_preference_rate",
    "awake_hours",
    "judge_fallbacks",
)


_INT_FIELDS = frozenset({"persona", "day", "steps", "recommendations", "judge_fallbacks"})


def day_metrics(rows: list[dict[str, Any]], step_minutes: float) -> dict[str, Any]:
    """Average score over awake steps (silence included), recommendations per awake hour, success
    rate (score >= 3), mean of each dimension, and the preference pass rate of recommendations."""
    if not rows:
        raise ValueError("no steps to summarise")
    n = len(rows)
    recs = [r for r in rows if r["is_recommendation"]]
    hours = n * step_minutes / 60
    out: dict[str, Any] = {
        "persona": rows[0]["persona"],
        "day": rows[0]["day"],
        "steps": n,
        "recommendations": len(recs),
        "avg_score": sum(r["reward"] for r in rows) / n,
        "recs_per_hour": len(recs) / hours,
        "success_rate": sum(r["reward"] >= 3 for r in rows) / n,
        "rec_preference_rate": (sum(r["dimensions"]["preference"] for r in recs) / len(recs))
        if recs
        else float("nan"),
        "awake_hours": hours,
        "judge_fallbacks": sum(r.get("judge_fallbacks", 0) for r in rows),
    }
    for d in DIMENSIONS:
        out[f"{d}_mean"] = sum(r["dimensions"][d] for r in rows) / n
    return out


def write_metrics(path: Path, metrics: Iterable[dict[str, Any]]) -> None:
    """Write per-day metrics as CSV (rounded for reading)."""
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(METRIC_FIELDS), extrasaction="ignore")
        writer.writeheader()
        for m in metrics:
            writer.writerow({k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()})


def read_metrics(path: Path) -> list[dict[str, Any]]:
    """Read a metrics CSV back with numbers as numbers."""
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    parsed = []
    for row in rows:
        parsed.append(
            {
                k: (int(v) if k in _INT_FIELDS else float(v))
                for k, v in row.items()
                if k in METRIC_FIELDS and v != ""
            }
        )
    return parsed


def format_table(metrics: list[dict[str, Any]]) -> str:
    """A markdown table of per-day metrics."""
    head = "| persona | day | avg score | recs/h | success | pref | freq | timing | comm |"
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for m in metrics:
        lines.append(
            f"| {m['persona']} | {m['day']} | {m['avg_score']:.2f} | {m['recs_per_hour']:.2f} | "
            f"{100 * m['success_rate']:.1f}% | {m['preference_mean']:.2f} | {m['frequency_mean']:.2f} | "
            f"{m['timing_mean']:.2f} | {m['communication_mean']:.2f} |"
        )
    return "\n".join(lines)
