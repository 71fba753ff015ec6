"""``propersim judge-agreement`` end to end, with the LLM judge served by a loopback model."""

from __future__ import annotations

import json

import numpy as np
import pytest
import typer
from servers.loopback import LoopbackLLMServer
from typer.testing import CliRunner

from propersim_gym.bench.agreement import agreement, candidate_pool, sample_moments
from propersim_gym.cli.llm import register
from propersim_gym.evaluator.judge import RubricJudge
from propersim_gym.personas import load

pytestmark = pytest.mark.integration


def test_sampling_is_seeded_and_histories_are_consistent() -> None:
    judge = RubricJudge(encoder="lexical")
    personas = [load(1)]
    a = sample_moments(personas, 4, np.random.default_rng(3), judge)
    b = sample_moments(personas, 4, np.random.default_rng(3), judge)
    assert [(m.minute, t, len(m.history)) for m, t in a] == [(m.minute, t, len(m.history)) for m, t in b]
    for m, text in a:
        assert m.wake_minute <= m.minute < m.sleep_minute
        assert all(d.minute < m.minute for d in m.history)
        assert text == "No Recommendation" or text in candidate_pool()


def test_agreement_of_a_judge_with_itself_is_perfect() -> None:
    judge = RubricJudge(encoder="lexical")
    cases = sample_moments([load(1)], 6, np.random.default_rng(0), judge)
    result = agreement(judge, judge, cases)
    assert result["n"] == 6 and result["total"]["exact"] == 1.0
    assert all(row["agreement"] == 1.0 for row in result["dimensions"].values())


def test_judge_agreement_command(tmp_path) -> None:
    app = typer.Typer()
    register(app)

    @app.command("noop")  # a second command keeps typer from collapsing the app into one command
    def noop() -> None:
        pass

    reply = json.dumps(
        {
            j: {"score": 1, "reason": "fine"}
            for j in ("preference", "timing", "frequency", "frequency_least", "communication")
        }
    )
    with LoopbackLLMServer(responder=lambda seen: reply) as srv:
        out = tmp_path / "agreement.json"
        result = CliRunner().invoke(
            app,
            [
                "judge-agreement",
                "--llm",
                f"openai:judge@{srv.openai_url}",
                "--personas",
                "1,2",
                "--samples",
                "3",
                "--seed",
                "1",
                "--mode",
                "joint",
                "--cache",
                "off",
                "--encoder",
                "lexical",
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert len(srv.seen) == 6
    assert "kappa" in result.output and "communication" in result.output
    data = json.loads(out.read_text())
    assert data["n"] == 6 and data["usage"]["total"]["calls"] == 6
    assert data["dimensions"]["communication"]["llm_pass"] == 1.0
