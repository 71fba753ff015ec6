"""The `propersim` command line, through typer's runner on the real app."""

from __future__ import annotations

from typer.testing import CliRunner

from propersim_gym.cli.main import app

runner = CliRunner()


def test_run_then_report(tmp_path) -> None:
    out = tmp_path / "run"
    args = ["run", "--persona", "4", "--agent", "oracle", "--days", "2", "--out", str(out), "--encoder",
            "lexical", "--steps-per-day", "40", "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "| 4 | 1 |" in result.output and (out / "plots" / "daily.png").exists()
    again = runner.invoke(app, args)
    assert again.exit_code != 0 and "resume" in again.output
    report = runner.invoke(app, ["report", str(out)])
    assert report.exit_code == 0 and "avg score" in report.output


def test_report_rejects_a_folder_that_is_not_a_run(tmp_path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code != 0 and "metrics.csv" in result.output


def test_unknown_agent_is_named(tmp_path) -> None:
    result = runner.invoke(app, ["run", "--agent", "psychic", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "psychic" in result.output


def test_day_and_personas_commands() -> None:
    day = runner.invoke(app, ["day", "--persona", "3", "--day", "2", "--seed", "1"])
    assert day.exit_code == 0 and "Saturday 2025-02-15" in day.output
    listed = runner.invoke(app, ["personas", "list"])
    assert listed.exit_code == 0 and "Maya Lin" in listed.output
