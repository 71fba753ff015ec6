"""The paper's main table, offline: No Memory, AR, ARS and ProPerAssistant, with silent and oracle rows.

Same as ``propersim bench paper-table`` (see ``propersim_gym/bench/paper/`` for what it writes)::

    python benchmarks/paper_table.py --preset cpu --out benchmarks/results/paper_table_cpu
    python benchmarks/paper_table.py --preset full --out runs/paper_full --executor ray --ray-address auto
    python benchmarks/paper_table.py --methods silent,oracle,cadence,every-step --days 14 \\
        --out benchmarks/results/paper_table_scripted          # scripted methods only: ~1 minute

Re-running with the same arguments resumes unfinished jobs and reproduces the same table.
"""

from __future__ import annotations

import sys

from propersim_gym.cli.bench import register


def main(argv: list[str] | None = None) -> None:
    """Run ``propersim bench paper-table`` with these arguments."""
    import typer

    app = typer.Typer(add_completion=False)

    @app.callback()
    def _root() -> None:
        """ProPerSim Gym benchmarks."""

    register(app)
    app(["bench", "paper-table", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # the guard matters: the local pool spawns fresh worker processes
    main()
