"""Per-day result rows, the results CSV, the summary per method and the paper's targets checked on it."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from propersim_gym.bench.executor import JobResult
from propersim_gym.bench.paper.config import LEARNER, PROMPT_ONLY, label
from propersim_gym.evaluator.base import DIMENSIONS
from propersim_gym.registry import get_policy, policy_names
from propersim_gym.runner.metrics import METRIC_FIELDS

RESULT_FIELDS = ("method", "seed", *METRIC_FIELDS)


def result_rows(results: Sequence[JobResult], methods: Sequence[str]) -> list[dict[str, Any]]:
    """All per-day rows, ordered by method (as listed), persona, seed, day."""
    order = {m: i for i, m in enumerate(methods)}
    rows = [row for r in results for row in r.rows]
    return sorted(rows, key=lambda r: (order.get(r["method"], len(order)), r["persona"], r["seed"], r["day"]))


def _fmt(value: Any) -> Any:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.4f}"
    return value


def write_results_csv(path: str | Path, rows: Sequence[dict[str, Any]]) -> Path:
    """The results CSV: one row per (method, persona, seed, day)."""
    path = Path(path)
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=list(RESULT_FIELDS), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _fmt(row.get(k, "")) for k in RESULT_FIELDS})
    return path


def read_results_csv(path: str | Path) -> list[dict[str, Any]]:
    """Read ``results.csv`` back with numbers as numbers."""
    ints = {"seed", "persona", "day", "steps", "recommendations"}
    with Path(path).open(newline="") as fh:
        return [
            {
                k: (v if k == "method" else int(v) if k in ints else float(v))
                for k, v in row.items()
                if v != ""
            }
            for row in csv.DictReader(fh)
        ]


def _mean(values: Sequence[float]) -> float:
    vals = [v for v in values if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else float("nan")


def summarize(rows: Sequence[dict[str, Any]], methods: Sequence[str] | None = None) -> dict[str, Any]:
    """Per method: mean over (persona, seed) runs of each day's metrics; first/last day; per persona."""
    methods = list(methods or dict.fromkeys(r["method"] for r in rows))
    out: dict[str, Any] = {"methods": {}}
    keys = ("avg_score", "recs_per_hour", "success_rate", *(f"{d}_mean" for d in DIMENSIONS))
    for m in methods:
        mrows = [r for r in rows if r["method"] == m]
        if not mrows:
            continue
        days = sorted({r["day"] for r in mrows})
        daily = {k: [round(_mean([r[k] for r in mrows if r["day"] == d]), 4) for d in days] for k in keys}
        last = days[-1]
        personas = sorted({r["persona"] for r in mrows})
        per_persona = {
            str(p): {
                "first": round(
                    _mean([r["avg_score"] for r in mrows if r["persona"] == p and r["day"] == 0]), 4
                ),
                "last": round(
                    _mean([r["avg_score"] for r in mrows if r["persona"] == p and r["day"] == last]), 4
                ),
            }
            for p in personas
        }
        out["methods"][m] = {
            "label": label(m),
            "runs": len({(r["persona"], r["seed"]) for r in mrows}),
            "days": [d + 1 for d in days],
            "daily": daily,
            "first": {k: v[0] for k, v in daily.items()},
            "last": {k: v[-1] for k, v in daily.items()},
            "per_persona": per_persona,
        }
    return out


@dataclass
class Target:
    """One of the paper's findings restated as a check on our numbers."""

    name: str
    passed: bool | None
    detail: str

    @property
    def verdict(self) -> str:
        """PASS, FAIL or n/a (when the methods it needs were not run)."""
        return "n/a" if self.passed is None else ("PASS" if self.passed else "FAIL")


def check_targets(summary: dict[str, Any]) -> list[Target]:
    """The issue's targets: ProPerAssistant learns (+0.6), beats prompt-only (+0.4), speaks less (2x),
    succeeds more (+15 points); prompt-only baselines stay flat (+-0.2). Variants of ProPerAssistant that
    were run get the same four checks, named after them."""
    ms = summary["methods"]
    baselines = {m: ms[m] for m in PROMPT_ONLY if m in ms}
    learners = [LEARNER, *(v for v in policy_names() if get_policy(v).variant_of == LEARNER and v in ms)]
    targets: list[Target] = []
    for key in learners:
        targets += _learner_targets(key, ms.get(key), baselines)
    for m in PROMPT_ONLY:
        b = ms.get(m)
        if b is None or len(b["days"]) < 2:
            targets.append(Target(f"{label(m)} flat", None, "not run" if b is None else "needs 2 days"))
            continue
        drift = b["last"]["avg_score"] - b["first"]["avg_score"]
        targets.append(
            Target(
                f"{label(m)} flat",
                abs(drift) <= 0.2,
                f"{label(m)} day 1 {b['first']['avg_score']:.2f} -> day {b['days'][-1]} "
                f"{b['last']['avg_score']:.2f} (drift {drift:+.2f}; target within +-0.20)",
            )
        )
    return targets


def _learner_targets(key: str, pa: dict[str, Any] | None, baselines: dict[str, Any]) -> list[Target]:
    """The four learning targets for one learning method (``pa``: its summary, None if not run)."""
    who = label(key)
    suffix = "" if key == LEARNER else f" ({who})"
    targets: list[Target] = []
    if pa is None or len(pa["days"]) < 2:
        why = f"{who} not run" if pa is None else "needs at least 2 days"
        for name in ("learns", "beats prompt-only", "speaks less", "succeeds more"):
            targets.append(Target(name + suffix, None, why))
    else:
        f, last, n = pa["first"], pa["last"], pa["days"][-1]
        gain = last["avg_score"] - f["avg_score"]
        targets.append(
            Target(
                "learns" + suffix,
                gain >= 0.6,
                f"{who} day 1 {f['avg_score']:.2f} -> day {n} {last['avg_score']:.2f} "
                f"(gain {gain:+.2f}; target >= +0.60)",
            )
        )
        if baselines:
            best_name, best = max(baselines.items(), key=lambda kv: kv[1]["last"]["avg_score"])
            margin = last["avg_score"] - best["last"]["avg_score"]
            targets.append(
                Target(
                    "beats prompt-only" + suffix,
                    margin >= 0.4,
                    f"day {n}: {who} {last['avg_score']:.2f} vs best prompt-only "
                    f"({label(best_name)}) {best['last']['avg_score']:.2f} (margin {margin:+.2f}; "
                    "target >= +0.40)",
                )
            )
        else:
            targets.append(Target("beats prompt-only" + suffix, None, "no prompt-only baseline run"))
        r0, r1 = f["recs_per_hour"], last["recs_per_hour"]
        factor = r0 / r1 if r1 > 0 else (math.inf if r0 > 0 else 1.0)
        targets.append(
            Target(
                "speaks less" + suffix,
                factor >= 2.0,
                f"recommendations per awake hour {r0:.2f} -> {r1:.2f} (fall x{factor:.2f}; target >= x2)",
            )
        )
        s0, s1 = f["success_rate"], last["success_rate"]
        targets.append(
            Target(
                "succeeds more" + suffix,
                s1 - s0 >= 0.15,
                f"success rate (score >= 3) {100 * s0:.1f}% -> {100 * s1:.1f}% "
                f"({100 * (s1 - s0):+.1f} points; target >= +15)",
            )
        )
    return targets
