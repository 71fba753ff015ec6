"""``propersim judge-agreement --labels``: the offline judge against human-labelled cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from propersim_gym.bench.agreement import agreement_with_labels, load_labelled_cases
from propersim_gym.cli.llm import register
from propersim_gym.evaluator.judge import RubricJudge

CASES = [
    {
        "id": "a",
        "persona": 1,
        "time": "14:30",
        "activity": {"activity": "sketching", "detail": "", "kind": "hobby", "state": "relaxed"},
        "history": [{"time": "09:00", "text": "Rearrange the shelf decor for a fresh look."}],
        "text": "Maybe try a quick watercolour sketch of the window view?",
        "labels": {"preference": 1, "frequency": 1, "timing": 1, "communication": 1},
    },
    {
        "id": "b",
        "persona": 1,
        "time": "13:00",
        "activity": {"activity": "lunch", "detail": "", "kind": "meal", "state": "relaxed"},
        "history": [],
        "text": "No Recommendation",
        "labels": {"preference": 1, "frequency": 1, "timing": 1, "communication": 1},
    },
    {
        "id": "c",
        "persona": 1,
        "time": "15:00",
        "activity": {"activity": "sketching", "detail": "", "kind": "hobby", "state": "relaxed"},
        "history": [{"time": "14:40", "text": "Put on an upbeat playlist."}],
        "text": "Review your budget now. No excuses.",
        "labels": {"preference": 0, "frequency": 0, "timing": 1, "communication": 0},
    },
]


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


def test_agreement_with_labels_reports_every_disagreement(tmp_path: Path) -> None:
    judge = RubricJudge(encoder="lexical")
    cases = load_labelled_cases(_write(tmp_path, CASES), judge)
    assert [len(c.moment.history) for c in cases] == [1, 0, 1]
    result = agreement_with_labels(judge, cases)
    assert result["n"] == 3
    expected = sum(
        judge.evaluate(c.moment, c.text).dimensions()[d] != c.labels[d] for c in cases for d in c.labels
    )
    assert len(result["disagreements"]) == expected
    assert all(0.0 <= row["agreement"] <= 1.0 for row in result["dimensions"].values())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time": "25:99"}, "not a labelled case"),
        ({"labels": {"preference": 2, "frequency": 1, "timing": 1, "communication": 1}}, "0 or 1"),
        ({"activity": {"kind": "flying", "state": "relaxed"}}, "flying"),
        ({"history": [{"time": "16:00", "text": "later than the case"}]}, "history times"),
        ({"persona": 99}, "not a labelled case"),
    ],
)
def test_a_bad_case_is_named_with_its_line(tmp_path: Path, change: dict, message: str) -> None:
    path = _write(tmp_path, [CASES[0], {**CASES[0], **change}])
    with pytest.raises(ValueError, match=message) as err:
        load_labelled_cases(path, RubricJudge(encoder="lexical"))
    assert "cases.jsonl:2" in str(err.value)


def test_the_command_scores_a_labelled_file(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:
        pass

    out = tmp_path / "result.json"
    args = ["judge-agreement", "--labels", str(_write(tmp_path, CASES)), "--encoder", "lexical"]
    result = CliRunner().invoke(app, [*args, "--show", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "preference" in result.output and json.loads(out.read_text())["n"] == 3
    missing = CliRunner().invoke(app, ["judge-agreement", "--encoder", "lexical"])
    assert missing.exit_code != 0 and "--labels" in missing.output


def test_the_offline_judge_agrees_with_the_held_out_human_labels() -> None:
    """The judge issue's target on the frozen half of tests/data/agreement_*.jsonl: >= 90% agreement and
    kappa >= 0.75 on every dimension (MiniLM)."""
    judge = RubricJudge(encoder="minilm")
    path = Path(__file__).parent / "data" / "agreement_test.jsonl"
    result = agreement_with_labels(judge, load_labelled_cases(path, judge))
    for dimension, row in result["dimensions"].items():
        assert row["agreement"] >= 0.90 and row["kappa"] >= 0.75, (dimension, row)
