"""The paper's main table, offline: prompt-only baselines vs ProPerAssistant, with reference rows.

``run_paper_table(config)`` plans one job per (method, persona, seed), runs them through
``propersim_gym.bench.executor``, and writes into ``config.out``::

    results.csv     one row per (method, persona, seed, day): the runner's per-day metrics
    table.md        the paper-style table (day 1 vs last day), per-dimension means, per-persona scores,
                    and the targets checked with their numbers
    summary.json    the numbers behind table.md and the target checks
    record.json     config, seeds, package versions, git commit, machine, wall times per job
    plots/          daily_score.png (main figure), recs_per_hour.png, success_rate.png,
                    persona_final.png
    runs/METHOD/persona_NN/seed_S/   the run directory of each job (resumable; ``runs_dir`` moves it)

Only ``record.json`` holds wall times; everything else is a function of the config, so re-running
the same config reproduces results.csv, table.md and summary.json byte for byte.

Modules: :mod:`.config` (methods, presets, the config and its jobs), :mod:`.results` (rows, CSV,
summary, targets), :mod:`.render` (markdown table, plots), :mod:`.run` (the whole benchmark); this
package re-exports their public names.
"""

from propersim_gym.bench.paper.config import (
    LABELS,
    LEARNER,
    PAPER_METHODS,
    PRESETS,
    PROMPT_ONLY,
    REFERENCES,
    PaperConfig,
    Preset,
    plan_jobs,
)
from propersim_gym.bench.paper.render import PAPER_NUMBERS, plot_results, span, to_markdown
from propersim_gym.bench.paper.results import (
    RESULT_FIELDS,
    Target,
    check_targets,
    read_results_csv,
    result_rows,
    summarize,
    write_results_csv,
)
from propersim_gym.bench.paper.run import PaperResult, run_paper_table, write_outputs

__all__ = [
    "LABELS",
    "LEARNER",
    "PAPER_METHODS",
    "PAPER_NUMBERS",
    "PRESETS",
    "PROMPT_ONLY",
    "REFERENCES",
    "RESULT_FIELDS",
    "PaperConfig",
    "PaperResult",
    "Preset",
    "Target",
    "check_targets",
    "plan_jobs",
    "plot_results",
    "read_results_csv",
    "result_rows",
    "run_paper_table",
    "span",
    "summarize",
    "to_markdown",
    "write_outputs",
    "write_results_csv",
]
