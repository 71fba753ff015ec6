"""``propersim judge-agreement``: compare the offline judge with an LLM judge on the same moments, or
either judge with human labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from propersim_gym.evaluator.base import Evaluator

LLM_HELP = "LLM spec: openai:MODEL or openai:MODEL@URL, gemini:MODEL, hf:smollm2, hf:PATH"


def judge_agreement(
    llm: Annotated[str | None, typer.Option(help=LLM_HELP + " (optional with --labels)")] = None,
    labels: Annotated[
        Path | None,
        typer.Option(
            help="human-labelled cases (JSONL, see tests/data/README.md): judge them against the labels"
        ),
    ] = None,
    show: Annotated[int, typer.Option(min=0, help="with --labels: print this many disagreements")] = 0,
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
    """Score the same sampled moments with the offline RubricJudge and an LLM judge, or score human-labelled
    cases (--labels) with the offline judge (or the LLM judge, given --llm); print per-dimension agreement
    and Cohen's kappa."""
    from propersim_gym.evaluator.judge import RubricJudge

    offline = RubricJudge(encoder=encoder)
    if labels is not None and llm is None:
        _labelled_agreement(offline, labels, show, out)
        return
    if llm is None:
        raise typer.BadParameter("give --llm (an LLM judge to compare with) or --labels (a labelled file)")
    import numpy as np

    from propersim_gym.bench.agreement import agreement, format_agreement, sample_moments
    from propersim_gym.evaluator.llm_judge import LLMJudge
    from propersim_gym.llm import make_client
    from propersim_gym.personas import load

    chosen = [load(int(p)) for p in personas.split(",") if p.strip()]
    policy: int | str | None = {"error": None, "offline": "offline", "0": 0, "1": 1}.get(fallback, "bad")
    if policy == "bad":
        raise typer.BadParameter(f"--fallback must be error, offline, 0 or 1, got {fallback!r}")
    if policy == "offline":
        policy = offline  # type: ignore[assignment]
    client = make_client(llm, cache_mode=cache, budget_usd=budget)
    judge = LLMJudge(client, mode=mode, fallback=policy)  # type: ignore[arg-type]
    if labels is not None:
        _labelled_agreement(judge, labels, show, out, reader=offline)
        return
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
    _write_result(out, result)


def _labelled_agreement(
    judge: Evaluator, labels: Path, show: int, out: Path | None, reader: Evaluator | None = None
) -> None:
    """Print (and optionally write) ``judge`` against the human labels in ``labels``."""
    from propersim_gym.bench.agreement import agreement_with_labels, format_agreement, load_labelled_cases

    try:
        cases = load_labelled_cases(labels, reader or judge)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--labels") from None
    result = agreement_with_labels(judge, cases)
    typer.echo(format_agreement(result, ("human", judge.name)))
    for row in result["disagreements"][:show]:
        typer.echo(
            f"{row['id']} {row['dimension']}: human {row['label']}, judge {row['judge']} "
            f"({row['reason']}) | {row['text']}"
        )
    _write_result(out, result)


def _write_result(out: Path | None, result: dict) -> None:
    """Write a command's result as JSON when ``--out`` was given."""
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=float))


def register(app: typer.Typer) -> None:
    """Add the LLM-tier commands to the ``propersim`` app."""
    app.command("judge-agreement")(judge_agreement)
