"""The ``propersim`` command line: run policies, report runs, calibrate the judge, and more."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from propersim_gym.cli import agents as agents_cli
from propersim_gym.cli import bench as bench_cli
from propersim_gym.cli import day as day_cli
from propersim_gym.cli import llm as llm_cli
from propersim_gym.cli import personas as personas_cli
from propersim_gym.cli.options import parse_agent_options

app = typer.Typer(
    help="ProPerSim Gym: proactive, personalized assistants in a simulated household.",
    no_args_is_help=True,
    add_completion=False,
)


def make_agent(agent: str, *, model: str, seed: int, run_dir: Path, options: dict[str, Any]) -> Any:
    """A policy by registered name, or ``module:Class`` / ``file.py:Class`` (``propersim_gym.registry``)."""
    from propersim_gym.registry import UnknownPolicyError, get_policy

    try:
        entry = get_policy(agent)
    except UnknownPolicyError as err:
        raise typer.BadParameter(str(err)) from err
    try:
        return entry.build(model=model, run_dir=run_dir, seed=seed, **options)
    except ImportError as err:  # pragma: no cover - depends on the install
        raise typer.BadParameter(
            f"agent {agent!r} needs the agents extra: pip install 'propersim-gym[agents]' ({err})"
        ) from err
    except TypeError as err:  # an option the policy does not take
        raise typer.BadParameter(f"agent {agent!r}: {err}") from err


@app.command()
def run(
    persona: Annotated[str, typer.Option(help="persona id (1-32), name or persona file")] = "1",
    agent: Annotated[
        str,
        typer.Option(
            help="a registered policy (`propersim policies` lists them) or your own as module:Class "
            "or path/to/file.py:Class"
        ),
    ] = "properassistant",
    model: Annotated[str, typer.Option(help="tiny | smollm2 | a Hugging Face id or local path")] = "tiny",
    days: Annotated[int, typer.Option(min=1, help="simulated days (the study protocol: 14)")] = 14,
    out: Annotated[Path, typer.Option(help="run directory")] = Path("runs/run"),
    seed: Annotated[int, typer.Option(help="seed of the whole run")] = 0,
    memory: Annotated[
        str | None, typer.Option(help="observation memory: none | A | AR | ARS (default: the agent's)")
    ] = None,
    encoder: Annotated[
        str, typer.Option(help="judge text encoder: minilm | minilm-int8 | lexical")
    ] = "minilm",
    evaluator: Annotated[str, typer.Option(help="offline | llm")] = "offline",
    user: Annotated[str, typer.Option(help="offline | llm")] = "offline",
    llm: Annotated[
        str | None,
        typer.Option(
            help="LLM spec for the LLM tier, e.g. openai:gpt-4o-mini, gemini:gemini-2.5-flash, hf:smollm2"
        ),
    ] = None,
    steps_per_day: Annotated[
        int | None, typer.Option(help="stop each day after this many awake steps (quick runs)")
    ] = None,
    resume: Annotated[bool, typer.Option(help="continue from the last completed day in --out")] = False,
    overwrite: Annotated[bool, typer.Option(help="replace an existing run in --out")] = False,
    agent_option: Annotated[
        list[str] | None,
        typer.Option(
            help="KEY=VALUE option of the agent, repeatable, e.g. force_silence=0.3 or training.epochs=1"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option(help="no progress bars")] = False,
) -> None:
    """Play an assistant policy for some days on one persona and write a run directory."""
    from propersim_gym.files import CorruptFileError
    from propersim_gym.runner.metrics import format_table
    from propersim_gym.runner.run import RunDirError
    from propersim_gym.runner.run import run as run_policy

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    options = parse_agent_options(agent_option or [])
    policy = make_agent(agent, model=model, seed=seed, run_dir=out, options=options)
    env_kwargs: dict[str, Any] = {"encoder": encoder, "evaluator": evaluator, "user": user}
    if memory is not None:
        env_kwargs["memory"] = memory
    if llm is not None:
        env_kwargs["llm"] = llm
    if steps_per_day is not None:
        env_kwargs["max_awake_steps"] = steps_per_day
    try:
        result = run_policy(
            policy,
            persona=persona,
            days=days,
            out=out,
            seed=seed,
            env_kwargs=env_kwargs,
            resume=resume,
            overwrite=overwrite,
            progress=not quiet,
            config={"agent": agent, "model": model, "agent_options": options},
        )
    except (RunDirError, CorruptFileError) as err:
        raise typer.BadParameter(str(err)) from err
    typer.echo(format_table(result.metrics))
    if result.stopped_early:
        typer.echo(f"stopped early: {result.stopped_early}")
    typer.echo(f"run directory: {result.out} (plots in {result.out / 'plots'})")


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="a run directory written by `propersim run`")],
) -> None:
    """Print a run's per-day table and (re)draw its plots."""
    import json

    from propersim_gym.runner.metrics import format_table, read_metrics
    from propersim_gym.runner.plots import plot_run

    metrics_path = run_dir / "metrics.csv"
    if not metrics_path.exists():
        raise typer.BadParameter(f"{run_dir} has no metrics.csv: not a run directory, or no day finished yet")
    typer.echo(format_table(read_metrics(metrics_path)))
    ledger = run_dir / "llm_ledger.json"
    if ledger.exists():
        typer.echo("\nLLM usage:\n" + json.dumps(json.loads(ledger.read_text()), indent=2))
    for path in plot_run(run_dir):
        typer.echo(f"wrote {path}")


@app.command()
def calibrate(
    days: Annotated[int, typer.Option(min=1)] = 3,
    seed: int = 0,
    encoder: str = "minilm",
    write: Annotated[Path | None, typer.Option(help="also write the table to this markdown file")] = None,
    bank: Annotated[
        Path | None,
        typer.Option(
            help="JSONL of lines (text, topic, optional tone) the scripted policies use instead of theirs"
        ),
    ] = None,
) -> None:
    """Measure the offline judge with scripted policies on all personas against its targets."""
    from propersim_gym.bench.calibration import calibrate as run_calibration
    from propersim_gym.policies.phrases import PhraseBank

    try:
        lines = PhraseBank.from_jsonl(bank) if bank is not None else None
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--bank") from None
    report_ = run_calibration(days=days, seed=seed, encoder=encoder, progress=typer.echo, bank=lines)
    text = report_.to_markdown()
    typer.echo(text)
    if write is not None:
        option = f" --bank {bank}" if bank is not None else ""
        write.write_text(
            "# Offline judge calibration\n\nCommand: `propersim calibrate"
            f" --days {days} --seed {seed} --encoder {encoder}{option}`\n\n{text}\n"
        )
        typer.echo(f"wrote {write}")
    if not all(report_.checks().values()):
        raise typer.Exit(1)


@app.command()
def policies() -> None:
    """List the registered policies: name, observation memory they read, what they are."""
    from propersim_gym.registry import get_policy, policy_names

    for name in policy_names():
        entry = get_policy(name)
        typer.echo(f"{name:26} {entry.required_memory:5} {entry.description}")


for module in (personas_cli, day_cli, agents_cli, llm_cli, bench_cli):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
