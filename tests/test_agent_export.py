"""Exporting a run's preference pairs: the dataset and the `propersim export-pairs` command."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("datasets")

import typer
from propersim_agents.buffer import PreferencePair
from propersim_agents.export import export_pairs
from typer.testing import CliRunner

from propersim_gym.cli import agents as agents_cli

DIMS = {"preference": 1, "frequency": 1, "timing": 0, "communication": 1}


def _write_run(run_dir, days=(0, 1), per_day=3):
    (run_dir / "pairs").mkdir(parents=True)
    for day in days:
        with (run_dir / "pairs" / f"day_{day:03d}.jsonl").open("w") as fh:
            for i in range(per_day):
                pair = PreferencePair(
                    f"prompt {day}-{i}",
                    "No Recommendation",
                    '{"Suggestion": "Tea?"}',
                    3,
                    1,
                    DIMS,
                    {**DIMS, "preference": 0},
                    day,
                    day * 10 + i,
                    "t",
                    "reading",
                )
                fh.write(json.dumps({**pair.to_dict(), "persona": 4, "model": "tiny", "seed": 7}) + "\n")


def test_export_pairs_dataset(tmp_path):
    _write_run(tmp_path)
    ds = export_pairs(tmp_path)
    assert len(ds) == 6
    row = ds[0]
    assert (row["prompt"], row["chosen"], row["chosen_score"], row["rejected_score"]) == (
        "prompt 0-0",
        "No Recommendation",
        3,
        1,
    )
    assert (row["chosen_timing"], row["rejected_preference"], row["persona"], row["model"], row["seed"]) == (
        0,
        0,
        4,
        "tiny",
        7,
    )
    assert ds["day"] == [0, 0, 0, 1, 1, 1]


def test_export_empty_and_missing(tmp_path):
    assert len(export_pairs(tmp_path)) == 0
    with pytest.raises(FileNotFoundError):
        export_pairs(tmp_path / "nope")


def test_cli_export_pairs(tmp_path):
    _write_run(tmp_path / "run")
    app = typer.Typer()
    agents_cli.register(app)

    @app.command()
    def other() -> None:  # a second command, so typer keeps the sub-command name
        """placeholder"""

    runner = CliRunner()
    out = tmp_path / "pairs.jsonl"
    result = runner.invoke(app, ["export-pairs", str(tmp_path / "run"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 pairs from 2 day(s)" in result.output
    assert len(out.read_text().splitlines()) == 6
    default = runner.invoke(app, ["export-pairs", str(tmp_path / "run")])
    assert default.exit_code == 0 and (tmp_path / "run" / "pairs_dataset").is_dir()
    bad = runner.invoke(app, ["export-pairs", str(tmp_path / "missing")])
    assert bad.exit_code != 0
