"""CLI commands of the agents package: ``propersim export-pairs RUN_DIR [--out PATH]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def export_pairs_command(
    run_dir: Annotated[
        Path, typer.Argument(help="a run directory of ProPerAssistant (holds pairs/day_*.jsonl)")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            help="where to write: .jsonl, .json, .parquet, .csv, or a folder (datasets save_to_disk); "
            "default RUN_DIR/pairs_dataset"
        ),
    ] = None,
) -> None:
    """Export a run's preference pairs as a Hugging Face dataset (prompt/chosen/rejected + scores)."""
    try:
        from propersim_agents.export import export_pairs, write_dataset
    except ImportError as err:  # pragma: no cover - depends on the install
        raise typer.BadParameter(
            f"export-pairs needs the agents extra: pip install 'propersim-gym[agents]' ({err})"
        ) from err
    try:
        dataset = export_pairs(run_dir)
    except (FileNotFoundError, ValueError) as err:
        raise typer.BadParameter(str(err)) from err
    target = write_dataset(dataset, out if out is not None else run_dir / "pairs_dataset")
    days = sorted(set(dataset["day"])) if len(dataset) else []
    typer.echo(f"{len(dataset)} pairs from {len(days)} day(s) written to {target}")


def register(app: typer.Typer) -> None:
    """Add the agents' commands to the ``propersim`` app."""
    app.command("export-pairs")(export_pairs_command)
