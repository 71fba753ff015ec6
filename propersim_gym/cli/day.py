"""``propersim day``: print one simulated day of a persona as a timeline."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ``day`` command to the ``propersim`` app."""
    app.command("day")(day)


def day(
    persona: str = typer.Option("1", "--persona", "-p", help="Persona id, name or JSON path."),
    day: int = typer.Option(0, "--day", "-d", min=0, help="Study day, 0 = Thursday 2025-02-13."),
    seed: int = typer.Option(0, "--seed", "-s", help="Seed (generator: default_rng([seed, id, day]))."),
    stats: bool = typer.Option(False, "--stats", help="Also print awake, receptive and per-kind minutes."),
) -> None:
    """Print the procedural user's schedule for one persona and day."""
    from propersim_gym.personas import PersonaFileError, load
    from propersim_gym.user.procedural import ProceduralUser, day_rng
    from propersim_gym.user.stats import day_stats

    try:
        who = load(persona)
    except (KeyError, PersonaFileError, TypeError) as err:
        raise typer.BadParameter(str(err).strip("'\""), param_hint="--persona") from None
    schedule = ProceduralUser().plan_day(who, day, day_rng(seed, who.id, day))
    typer.echo(f"{who.name} ({who.big_five.code}, E A C O N)")
    typer.echo(schedule.timeline())
    if stats:
        s = day_stats(schedule)
        typer.echo(
            f"\nawake {s.awake_minutes} min, receptive {s.receptive_minutes} min ({s.receptive_fraction:.0%})"
        )
        for kind, minutes in sorted(s.minutes_by_kind.items(), key=lambda kv: -kv[1]):
            typer.echo(f"  {kind.value:<11} {minutes:4d} min")
