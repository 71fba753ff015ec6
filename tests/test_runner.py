"""The runner: run directories, metrics, plots, and resuming without losing or duplicating a day."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from propersim_gym.policies.scripted import EveryStepPolicy, OraclePolicy, SilentPolicy
from propersim_gym.runner.metrics import read_metrics
from propersim_gym.runner.run import RunDirError, run

ENV = {"encoder": "lexical", "max_awake_steps": 60}


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_run_writes_a_complete_run_directory(tmp_path) -> None:
    result = run(
        OraclePolicy(seed=0), persona=2, days=2, out=tmp_path / "r", seed=0, env_kwargs=ENV, progress=False
    )
    out = result.out
    for name in (
        "config.json",
        "trajectory.jsonl",
        "metrics.csv",
        "state.json",
        "training.jsonl",
        "plots/daily.png",
        "plots/timeline_day001.png",
    ):
        assert (out / name).exists(), name
    rows = lines(out / "trajectory.jsonl")
    assert len(rows) == 120 and {r["day"] for r in rows} == {0, 1}
    metrics = read_metrics(out / "metrics.csv")
    assert [m["day"] for m in metrics] == [0, 1]
    day0 = [r for r in rows if r["day"] == 0]
    assert metrics[0]["avg_score"] == pytest.approx(sum(r["reward"] for r in day0) / 60, abs=1e-3)
    recs = sum(r["is_recommendation"] for r in day0)
    assert metrics[0]["recs_per_hour"] == pytest.approx(recs / (60 * 2.5 / 60), abs=1e-3)
    assert json.loads((out / "state.json").read_text()) == {"completed_days": 2}
    assert json.loads((out / "config.json").read_text())["policy"] == "oracle"


def test_existing_run_is_not_overwritten_by_accident(tmp_path) -> None:
    run(SilentPolicy(), persona=1, days=1, out=tmp_path, env_kwargs=ENV, progress=False, plots=False)
    with pytest.raises(RunDirError, match="resume"):
        run(SilentPolicy(), persona=1, days=1, out=tmp_path, env_kwargs=ENV, progress=False, plots=False)
    with pytest.raises(RunDirError, match="persona"):
        run(SilentPolicy(), persona=2, days=2, out=tmp_path, env_kwargs=ENV, resume=True, progress=False)


def test_resume_continues_exactly_where_a_run_stopped(tmp_path) -> None:
    whole = run(
        EveryStepPolicy(seed=4),
        persona=3,
        days=3,
        out=tmp_path / "whole",
        seed=1,
        env_kwargs=ENV,
        progress=False,
        plots=False,
    )
    run(
        EveryStepPolicy(seed=4),
        persona=3,
        days=1,
        out=tmp_path / "parts",
        seed=1,
        env_kwargs=ENV,
        progress=False,
        plots=False,
    )
    # simulate a kill in the middle of day 1: a partial day and a torn last line in the trajectory
    with (tmp_path / "parts" / "trajectory.jsonl").open("a") as fh:
        fh.write(json.dumps({"day": 1, "reward": 4}) + "\n" + '{"day": 1, "rew')
    resumed = run(
        EveryStepPolicy(seed=99),
        persona=3,
        days=3,
        out=tmp_path / "parts",
        seed=1,
        env_kwargs=ENV,
        resume=True,
        progress=False,
        plots=False,
    )
    assert lines(tmp_path / "parts" / "trajectory.jsonl") == lines(tmp_path / "whole" / "trajectory.jsonl")
    assert [m["avg_score"] for m in resumed.metrics] == [m["avg_score"] for m in whole.metrics]


@pytest.mark.integration
def test_a_killed_cli_run_resumes_with_nothing_lost_or_duplicated(tmp_path) -> None:
    """Kill a real `propersim run` process mid-run, resume it, and compare with an uninterrupted run."""
    base = [
        sys.executable,
        "-m",
        "propersim_gym.cli.main",
        "run",
        "--persona",
        "5",
        "--agent",
        "every-step",
        "--days",
        "6",
        "--encoder",
        "lexical",
        "--seed",
        "3",
        "--quiet",
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    subprocess.run([*base, "--out", str(tmp_path / "whole")], check=True, env=env, capture_output=True)
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [*base, "--out", str(killed)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        state = killed / "state.json"
        if state.exists() and json.loads(state.read_text())["completed_days"] >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert json.loads((killed / "state.json").read_text())["completed_days"] < 6
    subprocess.run([*base, "--out", str(killed), "--resume"], check=True, env=env, capture_output=True)
    assert lines(killed / "trajectory.jsonl") == lines(tmp_path / "whole" / "trajectory.jsonl")
    assert (killed / "metrics.csv").read_text() == (tmp_path / "whole" / "metrics.csv").read_text()
