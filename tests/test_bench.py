"""Benchmarks: job executor (pool, inline, Ray), the paper table's outputs, targets and reproducibility."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from propersim_gym.bench.executor import BenchError, JobSpec, run_job, run_jobs
from propersim_gym.bench.paper import (
    PaperConfig,
    check_targets,
    plan_jobs,
    read_results_csv,
    run_paper_table,
    summarize,
)

FAST_ENV = {"encoder": "lexical", "max_awake_steps": 12}
OUTPUTS = ("results.csv", "table.md", "summary.json")


def _spec(tmp_path: Path, method: str = "silent", persona: int = 1, days: int = 2, **kw) -> JobSpec:
    out = tmp_path / f"{method}_{persona}"
    return JobSpec(method=method, persona=persona, seed=0, days=days, out=str(out), env=dict(FAST_ENV), **kw)


def _config(out: Path, methods=("silent", "oracle"), **kw) -> PaperConfig:
    base = {"personas": (1, 32), "days": 2, "steps_per_day": 15, "encoder": "lexical"}
    return PaperConfig.from_preset("cpu", out, methods=methods, **{**base, **kw})


def _read(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_job_spec_rejects_bad_settings(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="unknown policy 'nope'"):
        _spec(tmp_path, method="nope")
    with pytest.raises(BenchError, match="days"):
        _spec(tmp_path, days=0)
    with pytest.raises(BenchError, match="plain JSON"):
        JobSpec("silent", 1, 0, 1, str(tmp_path), env={"encoder": object()})
    with pytest.raises(BenchError, match="unknown executor"):
        run_jobs([_spec(tmp_path)], executor="mpi")
    with pytest.raises(BenchError, match="duplicate"):
        run_jobs([_spec(tmp_path), _spec(tmp_path)], executor="inline")


def test_run_job_writes_run_dir_and_skips_finished_days(tmp_path: Path) -> None:
    spec = _spec(tmp_path, method="cadence", days=2)
    first = run_job(spec)
    assert [r["day"] for r in first.rows] == [0, 1]
    assert first.replayed_days == 2
    assert all(r["method"] == "cadence" and r["persona"] == 1 and r["steps"] == 12 for r in first.rows)
    assert (Path(spec.out) / "trajectory.jsonl").exists()
    again = run_job(spec)
    assert again.replayed_days == 0 and again.rows == first.rows
    shorter = run_job(JobSpec(**{**spec.to_dict(), "days": 1}))  # a prefix of the same job
    assert shorter.replayed_days == 0 and shorter.rows == first.rows[:1]
    other = JobSpec(**{**spec.to_dict(), "seed": 1})
    with pytest.raises(BenchError, match="another job"):
        run_job(other)  # a different spec never silently reuses a run directory
    longer = run_job(JobSpec(**{**spec.to_dict(), "days": 3}))  # extends it by one day
    assert longer.replayed_days == 1 and longer.rows[:2] == first.rows


def test_a_run_directory_in_use_is_refused(tmp_path: Path) -> None:
    import json as _json
    import os
    import socket
    import subprocess
    import sys

    spec = _spec(tmp_path, days=1)
    lock = Path(spec.out) / ".bench.lock"
    lock.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock.write_text(_json.dumps({"pid": holder.pid, "host": socket.gethostname()}))
        with pytest.raises(BenchError, match="being written by another job"):
            run_job(spec)
    finally:
        holder.kill()
        holder.wait()
    assert run_job(spec).replayed_days == 1  # the holder is gone: its stale lock is taken over
    assert not lock.exists() and os.path.exists(Path(spec.out) / "metrics.csv")


def test_paper_table_is_reproducible_and_executor_independent(tmp_path: Path) -> None:
    a = run_paper_table(_config(tmp_path / "a"), executor="local", workers=2, log=lambda _: None)
    b = run_paper_table(_config(tmp_path / "b"), executor="inline", log=lambda _: None)
    assert _read(tmp_path / "a") == _read(tmp_path / "b")
    rows = read_results_csv(tmp_path / "a" / "results.csv")
    assert len(rows) == 2 * 2 * 2  # methods x personas x days
    assert {(r["method"], r["persona"]) for r in rows} == {
        (m, p) for m in ("silent", "oracle") for p in (1, 32)
    }
    assert a.summary == b.summary
    # the oracle reads the rubric: it beats silence on the last day
    assert (
        a.summary["methods"]["oracle"]["last"]["avg_score"]
        > a.summary["methods"]["silent"]["last"]["avg_score"]
    )
    for name in ("daily_score.png", "recs_per_hour.png", "success_rate.png", "persona_final.png"):
        assert (tmp_path / "a" / "plots" / name).stat().st_size > 1000
    record = json.loads((tmp_path / "a" / "record.json").read_text())
    assert record["seeds"] == [0] and "commit" in record["git"] and record["versions"]["gymnasium"]
    assert len(record["jobs"]) == 4
    table = (tmp_path / "a" / "table.md").read_text()
    assert "| Always silent (reference) |" in table and "32 LLLLL" in table and "**n/a** learns" in table
    # re-running the same config replays nothing and rewrites the same bytes
    c = run_paper_table(_config(tmp_path / "a"), executor="inline", log=lambda _: None)
    assert all(
        r["days_played"] == 0 for r in json.loads((tmp_path / "a" / "record.json").read_text())["jobs"]
    )
    assert _read(tmp_path / "a") == _read(tmp_path / "b") and str(c.rows) == str(a.rows)  # (nan != nan)


def _rows(method: str, scores: list[float], recs: list[float], success: list[float]) -> list[dict]:
    return [
        {
            "method": method,
            "persona": 1,
            "seed": 0,
            "day": d,
            "avg_score": s,
            "recs_per_hour": r,
            "success_rate": ok,
            "preference_mean": 0.5,
            "frequency_mean": 0.5,
            "timing_mean": 0.5,
            "communication_mean": 0.5,
        }
        for d, (s, r, ok) in enumerate(zip(scores, recs, success, strict=True))
    ]


def test_targets_pass_and_fail_with_numbers() -> None:
    rows = (
        _rows("properassistant", [2.2, 2.7, 3.3], [24.0, 12.0, 6.0], [0.51, 0.6, 0.72])
        + _rows("nomemory", [2.1, 2.1, 2.2], [20.0, 20.0, 20.0], [0.5, 0.5, 0.5])
        + _rows("ar", [2.3, 2.3, 2.3], [20.0, 20.0, 20.0], [0.5, 0.5, 0.5])
        + _rows("ars", [2.6, 2.3, 2.3], [20.0, 20.0, 20.0], [0.5, 0.5, 0.5])
    )
    verdicts = {t.name: t for t in check_targets(summarize(rows))}
    assert verdicts["learns"].verdict == "PASS" and "+1.10" in verdicts["learns"].detail
    assert (
        verdicts["beats prompt-only"].verdict == "PASS"
        and "AR Memory" in verdicts["beats prompt-only"].detail
    )
    assert verdicts["speaks less"].verdict == "PASS" and "x4.00" in verdicts["speaks less"].detail
    assert verdicts["succeeds more"].verdict == "PASS"
    assert verdicts["No Memory flat"].verdict == "PASS" and verdicts["AR Memory flat"].verdict == "PASS"
    assert verdicts["ARS Memory flat"].verdict == "FAIL" and "-0.30" in verdicts["ARS Memory flat"].detail
    flat = _rows("properassistant", [2.2, 2.3], [24.0, 20.0], [0.5, 0.52]) + _rows(
        "ar", [2.3, 2.3], [5, 5], [0.5] * 2
    )
    verdicts = {t.name: t.verdict for t in check_targets(summarize(flat))}
    assert verdicts["learns"] == verdicts["beats prompt-only"] == verdicts["speaks less"] == "FAIL"
    assert verdicts["No Memory flat"] == "n/a"


def test_plan_jobs_gives_each_job_its_own_dir_and_the_policy_memory(tmp_path: Path) -> None:
    config = PaperConfig.from_preset("cpu", tmp_path, seeds=(0, 1))
    jobs = plan_jobs(config)
    assert len(jobs) == 6 * 2 * 2
    with_variant = plan_jobs(
        PaperConfig.from_preset("cpu", tmp_path, methods=("properassistant", "properassistant-contrast"))
    )
    contrast = [j for j in with_variant if j.method == "properassistant-contrast"]
    assert len(contrast) == 2 and all(j.out.split("/")[-3] == "properassistant-contrast" for j in contrast)
    assert len({j.out for j in jobs}) == len(jobs)
    assert all(j.model == "tiny" and j.days == 14 and "memory" not in j.env for j in jobs)
    full = PaperConfig.from_preset("full", tmp_path)
    assert full.personas == tuple(range(1, 33)) and full.model == "smollm2"
    with pytest.raises(BenchError, match="unknown preset"):
        PaperConfig.from_preset("gpu", tmp_path)


def test_cli_paper_table_and_report(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from propersim_gym.cli.bench import register

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app)
    out = tmp_path / "cli"
    args = ["bench", "paper-table", "--methods", "silent,oracle", "--personas", "1", "--days", "2"]
    args += ["--steps-per-day", "8", "--encoder", "lexical", "--executor", "inline", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--runs-dir", str(tmp_path / "runs")])
    assert result.exit_code == 0, result.output
    assert not (out / "runs").exists() and (tmp_path / "runs" / "oracle" / "persona_01" / "seed_0").is_dir()
    assert "Oracle (reads the rubric; reference)" in result.output
    before = (out / "table.md").read_bytes()
    (out / "table.md").unlink()
    report = CliRunner().invoke(app, ["bench", "paper-report", str(out)])
    assert report.exit_code == 0, report.output
    assert (out / "table.md").read_bytes() == before
    bad = CliRunner().invoke(app, ["bench", "paper-table", "--methods", "nope", "--out", str(out)])
    assert bad.exit_code == 2 and "unknown policy" in bad.output
    base = [
        "bench",
        "paper-table",
        "--methods",
        "cadence",
        "--personas",
        "1",
        "--days",
        "1",
        "--encoder",
        "lexical",
    ]
    base += ["--steps-per-day", "40", "--executor", "inline"]
    rates = {}
    for every in (30, 600):
        run = CliRunner().invoke(
            app, [*base, "--option", f"cadence.every_minutes={every}", "--out", str(tmp_path / f"c{every}")]
        )
        assert run.exit_code == 0, run.output
        assert f'"every_minutes": {every}' in (tmp_path / f"c{every}" / "table.md").read_text()
        rates[every] = json.loads((tmp_path / f"c{every}" / "summary.json").read_text())["methods"]["cadence"]
    assert rates[30] != rates[600]  # the option reached the policy
    stray = CliRunner().invoke(app, [*base, "--option", "oracle.x=1", "--out", str(tmp_path / "stray")])
    assert stray.exit_code == 2 and "not among the methods" in stray.output


@pytest.mark.integration
def test_ray_executor_gives_the_same_results_as_the_pool(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    run_paper_table(_config(tmp_path / "pool"), executor="local", workers=2, log=lambda _: None)
    run_paper_table(_config(tmp_path / "ray"), executor="ray", ray_num_cpus=2, log=lambda _: None)
    assert _read(tmp_path / "pool") == _read(tmp_path / "ray")


@pytest.mark.slow
def test_tiny_model_day_is_reproducible(tmp_path: Path) -> None:
    pytest.importorskip("propersim_agents")
    config = {"methods": ("properassistant", "nomemory"), "personas": (1,), "days": 1, "steps_per_day": 10}
    run_paper_table(_config(tmp_path / "a", **config), workers=2, log=lambda _: None)
    run_paper_table(_config(tmp_path / "b", **config), workers=2, log=lambda _: None)
    assert _read(tmp_path / "a") == _read(tmp_path / "b")
    rows = read_results_csv(tmp_path / "a" / "results.csv")
    assert {r["method"] for r in rows} == {"properassistant", "nomemory"} and all(
        r["steps"] == 10 for r in rows
    )


@pytest.mark.slow
def test_variants_vary_a_registered_policy(tmp_path: Path) -> None:
    pytest.importorskip("propersim_agents.assistant")
    from propersim_agents.assistant import ProPerAssistant

    from propersim_gym.registry import get_policy, make_policy, policy_names

    variants = [n for n in policy_names() if get_policy(n).variant_of]
    assert variants == ["properassistant-contrast"]
    assert all(get_policy(get_policy(n).variant_of).uses_model for n in variants)
    policy = make_policy("properassistant-contrast", model="tiny", run_dir=tmp_path, seed=0)
    assert isinstance(policy, ProPerAssistant) and policy.contrast is True


def _pool_workers(driver: int) -> list[int]:
    """PIDs of the spawned pool workers whose parent is ``driver``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == driver and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the pool's workers")
def test_pool_workers_end_when_the_driver_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    code = (
        "from propersim_gym.bench.executor import JobSpec, run_jobs\n"
        "if __name__ == '__main__':\n"
        f"    spec = JobSpec('silent', 1, 0, 100000, {str(tmp_path / 'job')!r},"
        " env={'encoder': 'lexical', 'max_awake_steps': 1})\n"
        "    run_jobs([spec], executor='local', workers=1)\n"
    )
    script = tmp_path / "driver.py"
    script.write_text(code)
    driver = subprocess.Popen([sys.executable, str(script)])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not (workers := _pool_workers(driver.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert workers, "the pool never started a worker"
        while not (tmp_path / "job" / "metrics.csv").exists() and time.monotonic() < deadline:
            time.sleep(0.2)  # the worker is playing days
        driver.send_signal(signal.SIGTERM)  # a pool does not pass this on to its workers
        driver.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [w for w in workers if _alive(w)]
        assert not alive, f"pool workers {alive} outlived their driver"
    finally:
        driver.kill()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def test_pool_workers_get_their_share_of_the_cores() -> None:
    """A worker started by the pool's initializer runs torch on its share of the cores (the initializer
    sets ``OMP_NUM_THREADS`` before torch loads), not on all of them."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    torch = pytest.importorskip("torch")
    from propersim_gym.bench.executor import _init_worker

    spawn = multiprocessing.get_context("spawn")
    share = {"initializer": _init_worker, "initargs": (os.getpid(), 1)}
    with ProcessPoolExecutor(1, mp_context=spawn, **share) as pool:
        assert pool.submit(torch.get_num_threads).result() == 1
