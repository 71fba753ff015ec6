"""``propersim bench``: reproducible benchmarks (the paper's main table, offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _ints(text: str | None) -> tuple[int, ...] | None:
    """Parse "1,32" or "1-4,9" into (1, 32) / (1, 2, 3, 4, 9)."""
    if text is None:
        return None
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-", 1)
            out.extend(range(int(lo), int(hi) + 1))
        else:
            out.append(int(part))
    return tuple(out)


def register(app: typer.Typer) -> None:
    """Add the ``bench`` sub-app (``paper-table``, ``paper-report``) to the ``propersim`` CLI."""
    bench = typer.Typer(help="Reproducible benchmarks: the paper's main table.", no_args_is_help=True)

    @bench.command("paper-table")
    def paper_table(
        preset: Annotated[
            str, typer.Option(help="cpu (tiny model, 2 personas) | full (32 personas)")
        ] = "cpu",
        out: Annotated[Path, typer.Option(help="output folder (re-running resumes)")] = Path(
            "runs/paper_table"
        ),
        seeds: Annotated[str, typer.Option(help="seeds, e.g. 0 or 0,1,2")] = "0",
        runs_dir: Annotated[
            Path | None, typer.Option(help="where the per-job run directories go (default: OUT/runs)")
        ] = None,
        methods: Annotated[
            str | None,
            typer.Option(help="comma list (default: nomemory,ar,ars,properassistant,silent,oracle)"),
        ] = None,
        personas: Annotated[
            str | None, typer.Option(help="override the preset's personas, e.g. 1,32 or 1-32")
        ] = None,
        days: Annotated[int | None, typer.Option(min=1, help="override the preset's days")] = None,
        model: Annotated[str | None, typer.Option(help="tiny | smollm2 | HF id or path")] = None,
        steps_per_day: Annotated[
            int | None, typer.Option(min=1, help="play only the first N awake steps of each day")
        ] = None,
        encoder: Annotated[
            str | None, typer.Option(help="judge encoder: minilm | minilm-int8 | lexical")
        ] = None,
        executor: Annotated[str, typer.Option(help="local (process pool) | ray | inline")] = "local",
        workers: Annotated[int, typer.Option(min=1, help="processes of the local pool")] = 2,
        ray_address: Annotated[
            str | None, typer.Option(help="Ray cluster address (default: start a local instance)")
        ] = None,
        ray_cpus: Annotated[int | None, typer.Option(help="CPUs of a local Ray instance")] = None,
        gpus_per_job: Annotated[float, typer.Option(help="GPUs each Ray job asks for")] = 0.0,
        strict: Annotated[bool, typer.Option(help="exit 1 if a target fails")] = False,
        option: Annotated[
            list[str] | None,
            typer.Option(
                help="METHOD.KEY=VALUE policy option, repeatable, e.g. properassistant.contrast=true"
            ),
        ] = None,
    ) -> None:
        """Reproduce the paper's main table offline: prompt-only baselines vs ProPerAssistant."""
        from propersim_gym.bench.executor import BenchError
        from propersim_gym.bench.paper import PaperConfig, run_paper_table
        from propersim_gym.cli.options import parse_agent_options

        policy_options = parse_agent_options(option or [])
        for method, opts in policy_options.items():
            if not isinstance(opts, dict):
                raise typer.BadParameter(f"option for {method!r} must be METHOD.KEY=VALUE")
        try:
            config = PaperConfig.from_preset(
                preset,
                out,
                seeds=_ints(seeds),
                methods=tuple(m.strip() for m in methods.split(",") if m.strip()) if methods else None,
                personas=_ints(personas),
                days=days,
                model=model,
                steps_per_day=steps_per_day,
                encoder=encoder,
                runs_dir=str(runs_dir) if runs_dir is not None else None,
                policy_options=policy_options or None,
            )
            result = run_paper_table(
                config,
                executor=executor,
                workers=workers,
                ray_address=ray_address,
                ray_num_cpus=ray_cpus,
                gpus_per_job=gpus_per_job,
                log=typer.echo,
            )
        except BenchError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(2) from err
        typer.echo("\n" + result.markdown)
        typer.echo(
            f"wrote {result.out} (results.csv, table.md, summary.json, record.json, plots/)"
            f" in {result.wall_s:.0f} s"
        )
        if strict and any(t.passed is False for t in result.targets):
            raise typer.Exit(1)

    @bench.command("paper-report")
    def paper_report(
        out: Annotated[Path, typer.Argument(help="a folder written by `propersim bench paper-table`")],
    ) -> None:
        """Re-draw table.md, summary.json and the plots from an existing results.csv."""
        import json

        from propersim_gym.bench.paper import PaperConfig, read_results_csv, write_outputs

        record = out / "record.json"
        if not (out / "results.csv").exists() or not record.exists():
            raise typer.BadParameter(
                f"{out} has no results.csv / record.json: run `propersim bench paper-table`"
            )
        raw = json.loads(record.read_text())["config"]
        config = PaperConfig(**{**raw, **{k: tuple(raw[k]) for k in ("methods", "personas", "seeds")}})
        _, _, markdown, _ = write_outputs(config, read_results_csv(out / "results.csv"))
        typer.echo(markdown)

    app.add_typer(bench, name="bench")
