"""``propersim judge-agreement``: compare the offline judge with an LLM judge on the same moments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

LLM_HELP = "LLM spec: openai:MODEL or openai:MODEL@URL, gemini:MODEL, hf:smollm2, hf:PATH"


def judge_agreement(
    llm: Annotated[str, typer.Option(help=LLM_HELP)],
    personas: Annotated[str, typer.Option(help="comma-separated persona ids, e.g. 1,2")] = "1",
    samples: Annotated[int, typer.Option(min=1, help="moments per persona")] = 20,
    seed: Annotated[int, typer.Option(help="seed of the moment sampler")] = 0,
    mode: Annotated[
        str, typer.Option(help="separate (5 calls per candidate, as in the paper) | joint")
    ] = "separate",
    fallback: Annotated[
        str, typer.Option(help="on unparseable LLM answers: error | offline | 0 | 1")
    ] = "error",
    cache: Annotated[str, typer.Option(help="LLM response cache: read-write | replay | off")] = "read-write",
    encoder: Annotated[
        str, typer.Option(help="offline judge text encoder: minilm | minilm-int8 | lexical")
    ] = "minilm",
    budget: Annotated[
        float | None, typer.Option(help="stop when the LLM spend reaches this many USD")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="also write the result as JSON here")] = None,
) -> None:
    """Score the same sampled moments with the offline RubricJudge and an LLM judge; print per-dimension
    agreement and Cohen's kappa."""
    import numpy as np

    from propersim_gym.bench.agreement import agreement, format_agreement, sample_moments
    from propersim_gym.evaluator.judge import RubricJudge
    from propersim_gym.evaluator.llm_judge import LLMJudge
    from propersim_gym.llm import make_client
    from propersim_gym.personas import load

    chosen = [load(int(p)) for p in personas.split(",") if p.strip()]
    offline = RubricJudge(encoder=encoder)
    policy: int | str | None = {"error": None, "offline": "offline", "0": 0, "1": 1}.get(fallback, "bad")
    if policy == "bad":
        raise typer.BadParameter(f"--fallback must be error, offline, 0 or 1, got {fallback!r}")
    if policy == "offline":
        policy = offline  # type: ignore[assignment]
    client = make_client(llm, cache_mode=cache, budget_usd=budget)
    judge = LLMJudge(client, mode=mode, fallback=policy)  # type: ignore[arg-type]
    cases = sample_moments(chosen, samples, np.random.default_rng(seed), offline)
    result = agreement(offline, judge, cases)
    result["llm"] = client.describe()
    result["usage"] = client.ledger.summary()
    typer.echo(format_agreement(result, (offline.name, judge.name)))
    total = result["usage"]["total"]
    typer.echo(
        f"LLM calls: {total['calls']} live, {total['cached_calls']} cached; tokens in/out "
        f"{total['input_tokens']}/{total['output_tokens']}; cost ${total['cost_usd']:.4f}"
    )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=float))


def register(app: typer.Typer) -> None:
    """Add the LLM-tier commands to the ``propersim`` app."""
    app.command("judge-agreement")(judge_agreement)
