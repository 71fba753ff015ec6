"""The `propersim` command line, through typer's runner on the real app."""

from __future__ import annotations

from typer.testing import CliRunner

from propersim_gym.cli.main import app

runner = CliRunner()


def test_run_then_report(tmp_path) -> None:
    out = tmp_path / "run"
    args = [
        "run",
        "--persona",
        "4",
        "--agent",
        "oracle",
        "--days",
        "2",
        "--out",
        str(out),
        "--encoder",
        "lexical",
        "--steps-per-day",
        "40",
        "--quiet",
    ]
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


def test_agent_options_parse_json_values_and_dotted_keys() -> None:
    from propersim_gym.cli.options import parse_agent_options

    options = parse_agent_options(
        ["force_silence=0.3", "training.epochs=1", "training.reference=previous_day"]
    )
    assert options == {"force_silence": 0.3, "training": {"epochs": 1, "reference": "previous_day"}}
    assert parse_agent_options(["buffer=halftoday", "quantize=false"]) == {
        "buffer": "halftoday",
        "quantize": False,
    }


def test_bad_agent_options_are_named(tmp_path) -> None:
    no_equals = runner.invoke(
        app, ["run", "--agent", "properassistant", "--agent-option", "epochs", "--out", str(tmp_path / "a")]
    )
    assert no_equals.exit_code != 0 and "KEY=VALUE" in no_equals.output
    scripted = runner.invoke(
        app, ["run", "--agent", "oracle", "--agent-option", "n=2", "--out", str(tmp_path / "b")]
    )
    assert scripted.exit_code != 0 and "takes no option n" in scripted.output
    unknown = runner.invoke(
        app, ["run", "--agent", "nomemory", "--agent-option", "telepathy=1", "--out", str(tmp_path / "c")]
    )
    assert unknown.exit_code != 0 and "telepathy" in unknown.output


def test_resume_with_a_corrupt_state_file_names_it_and_the_remedy(tmp_path) -> None:
    out = tmp_path / "run"
    args = ["run", "--persona", "2", "--agent", "silent", "--days", "2", "--out", str(out)]
    args += ["--encoder", "lexical", "--steps-per-day", "5", "--quiet"]
    assert runner.invoke(app, args).exit_code == 0
    (out / "state.json").write_text('{"completed_da')  # cut by a full disk
    result = runner.invoke(app, [*args, "--resume"])
    assert result.exit_code != 0 and "state.json" in result.output and "--overwrite" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no bare JSONDecodeError
