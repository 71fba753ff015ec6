"""Run a paper-table config and write its outputs: CSV, summary, table, plots and provenance record."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from propersim_gym.bench.executor import JobResult, run_jobs
from propersim_gym.bench.paper.config import PaperConfig, plan_jobs
from propersim_gym.bench.paper.render import plot_results, to_markdown
from propersim_gym.bench.paper.results import (
    Target,
    check_targets,
    result_rows,
    summarize,
    write_results_csv,
)
from propersim_gym.bench.record import git_commit, machine, package_versions, repo_relative


@dataclass
class PaperResult:
    """What ``run_paper_table`` wrote and found."""

    out: Path
    rows: list[dict[str, Any]]
    summary: dict[str, Any]
    targets: list[Target]
    markdown: str
    wall_s: float
    plots: list[Path] = field(default_factory=list)


def write_outputs(
    config: PaperConfig, rows: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[Target], str, list[Path]]:
    """results.csv, summary.json, table.md and plots/ from the rows (no wall times: reproducible)."""
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    write_results_csv(out / "results.csv", rows)
    summary = summarize(rows, config.methods)
    targets = check_targets(summary)
    markdown = to_markdown(summary, targets, config)
    (out / "table.md").write_text(markdown)
    (out / "summary.json").write_text(
        json.dumps({**summary, "targets": [asdict(t) for t in targets]}, indent=2) + "\n"
    )
    plots = plot_results(summary, out / "plots")
    return summary, targets, markdown, plots


def run_paper_table(
    config: PaperConfig,
    *,
    executor: str = "local",
    workers: int = 2,
    ray_address: str | None = None,
    ray_num_cpus: int | None = None,
    gpus_per_job: float = 0.0,
    log: Callable[[str], None] = print,
) -> PaperResult:
    """Run every job of ``config`` and write the table, the plots, the CSV and the provenance record."""
    jobs = plan_jobs(config)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    log(
        f"{len(jobs)} jobs ({len(config.methods)} methods x {len(config.personas)} personas x "
        f"{len(config.seeds)} seeds, {config.days} days) on executor {executor!r} -> {out}"
    )
    started = time.perf_counter()

    def done(r: JobResult) -> None:
        last = r.rows[-1]
        log(
            f"  done {r.spec.label}: day {last['day'] + 1} avg {last['avg_score']:.2f}, "
            f"{r.replayed_days} day(s) played in {r.wall_s:.0f} s"
        )

    results = run_jobs(
        jobs,
        executor=executor,
        workers=workers,
        ray_address=ray_address,
        ray_num_cpus=ray_num_cpus,
        gpus_per_job=gpus_per_job,
        on_done=done,
    )
    wall = time.perf_counter() - started
    rows = result_rows(results, config.methods)
    summary, targets, markdown, plots = write_outputs(config, rows)
    record = {
        "benchmark": "paper-table",
        "config": {
            **asdict(config),
            "out": repo_relative(config.out),
            "runs_dir": repo_relative(config.runs_dir),
        },
        "seeds": list(config.seeds),
        "executor": {"name": executor, "workers": workers, "ray_address": ray_address},
        "git": git_commit(),
        "versions": package_versions(),
        "machine": machine(),
        "wall_s": round(wall, 1),
        "jobs": [
            {"job": r.spec.label, "days_played": r.replayed_days, "wall_s": round(r.wall_s, 1)}
            for r in results
        ],
        "targets": {t.name: t.verdict for t in targets},
    }
    (out / "record.json").write_text(json.dumps(record, indent=2, default=str) + "\n")
    for t in targets:
        log(f"{t.verdict:4s} {t.name}: {t.detail}")
    return PaperResult(out, rows, summary, targets, markdown, wall, plots)
