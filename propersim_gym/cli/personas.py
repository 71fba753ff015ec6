"""``propersim personas``: import the original ProPerSim persona files, list and show bundled personas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the ``personas`` sub-app (import / list / show) to ``app``."""
    personas = typer.Typer(
        help="Persona files: import the originals, list and show the bundled ones.", no_args_is_help=True
    )

    @personas.command("import")
    def import_cmd(
        path: Annotated[
            Path, typer.Argument(help="a scratch.json, a persona folder, or the original storage/ folder")
        ],
        out: Annotated[
            Path, typer.Option("--out", help="folder for persona_NN.json files and import_report.md")
        ],
    ) -> None:
        """Import original ProPerSim personas into our format; write one JSON per persona and a report."""
        from propersim_gym.personas.importer import (
            OfficialImportError,
            import_official_all,
            recovery_table,
            report_markdown,
        )

        try:
            results = import_official_all(path)
        except OfficialImportError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(1) from None
        out.mkdir(parents=True, exist_ok=True)
        for result in results:
            data = result.persona.model_dump(mode="json")
            target = out / f"persona_{result.persona.id:02d}.json"
            target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (out / "import_report.md").write_text(report_markdown(results) + "\n", encoding="utf-8")
        typer.echo(recovery_table(results).render())
        typer.echo(f"\nwrote {len(results)} persona file(s) and import_report.md to {out}")

    @personas.command("list")
    def list_cmd() -> None:
        """The bundled personas: id, name, Big-Five code (E A C O N) and age."""
        from propersim_gym.personas import PersonaFileError, list_personas

        try:
            bundled = list_personas()
        except PersonaFileError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{'id':>3}  {'name':<24} {'E A C O N':<10} age")
        for p in bundled:
            typer.echo(f"{p.id:>3}  {p.name:<24} {' '.join(p.big_five.code):<10} {p.age}")

    @personas.command("show")
    def show_cmd(ref: Annotated[str, typer.Argument(help="persona id (1-32), name or persona file")]) -> None:
        """A persona's profile and its four rubric texts."""
        from propersim_gym.personas import PersonaFileError, load
        from propersim_gym.personas.schema import format_clock

        try:
            persona = load(ref)
        except (KeyError, PersonaFileError) as err:
            typer.echo(f"error: {err.args[0] if err.args else err}", err=True)
            raise typer.Exit(1) from None
        rubric = persona.rubric
        typer.echo(f"Persona {persona.id} ({persona.big_five.code})")
        typer.echo(persona.profile_text())
        day = persona.routine.weekday
        typer.echo(f"Routine: weekdays awake {format_clock(day.wake)}-{format_clock(day.sleep)}.")
        for title, dim in (
            ("Personal Preference", rubric.preference),
            ("Frequency", rubric.frequency),
            ("Timing", rubric.timing),
            ("Communication & Safety", rubric.communication),
        ):
            typer.echo(f"\n{title}:\n{dim.text}")

    app.add_typer(personas, name="personas")
