"""Export a run's preference pairs as a Hugging Face dataset (for offline DPO, analysis, sharing).

ProPerAssistant writes ``RUN_DIR/pairs/day_XXX.jsonl`` at the end of each day: prompt, chosen,
rejected, both scores and per-dimension results, day, step, time, activity, persona, model, seed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from propersim_gym.evaluator.base import DIMENSIONS

COLUMNS = (
    "prompt",
    "chosen",
    "rejected",
    "chosen_score",
    "rejected_score",
    "day",
    "step",
    "time",
    "activity",
    "persona",
    "model",
    "seed",
)


def pair_files(run_dir: str | Path) -> list[Path]:
    """The per-day pair files of a run (``RUN_DIR/pairs`` or any nested ``pairs`` folder), in day order."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"{run_dir}: no such run directory")
    files = sorted((run_dir / "pairs").glob("day_*.jsonl")) or sorted(run_dir.rglob("pairs/day_*.jsonl"))
    return files


def read_pairs(run_dir: str | Path) -> list[dict[str, Any]]:
    """All pairs of a run as flat records (per-dimension results as ``chosen_<dim>``/``rejected_<dim>``)."""
    rows: list[dict[str, Any]] = []
    for path in pair_files(run_dir):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not a JSON line: {err}") from None
            row = {c: raw.get(c) for c in COLUMNS}
            for side in ("chosen", "rejected"):
                dims = raw.get(f"{side}_dimensions") or {}
                for dim in DIMENSIONS:
                    row[f"{side}_{dim}"] = int(dims[dim]) if dim in dims else None
            rows.append(row)
    return rows


def export_pairs(run_dir: str | Path) -> Any:
    """A ``datasets.Dataset`` of the run's pairs (empty, with the columns, when there are none)."""
    from datasets import Dataset, Features, Value

    rows = read_pairs(run_dir)
    string, integer = Value("string"), Value("int64")
    features = Features(
        {
            "prompt": string,
            "chosen": string,
            "rejected": string,
            "chosen_score": integer,
            "rejected_score": integer,
            "day": integer,
            "step": integer,
            "time": string,
            "activity": string,
            "persona": integer,
            "model": string,
            "seed": integer,
            **{f"{side}_{dim}": integer for side in ("chosen", "rejected") for dim in DIMENSIONS},
        }
    )
    columns = {name: [r.get(name) for r in rows] for name in features}
    return Dataset.from_dict(columns, features=features)


def write_dataset(dataset: Any, out: str | Path) -> Path:
    """Save by suffix: .jsonl/.json, .parquet, .csv; anything else a ``save_to_disk`` folder."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in (".jsonl", ".json"):
        out.parent.mkdir(parents=True, exist_ok=True)
        dataset.to_json(str(out), lines=suffix == ".jsonl", force_ascii=False)
    elif suffix == ".parquet":
        out.parent.mkdir(parents=True, exist_ok=True)
        dataset.to_parquet(str(out))
    elif suffix == ".csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        dataset.to_csv(str(out), index=False)
    else:
        dataset.save_to_disk(str(out))
    return out
