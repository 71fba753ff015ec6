"""Time the procedural user: plan 32 personas x 14 days (best of 3) and summarise the days planned.

    python benchmarks/plan_days.py [--personas 32] [--days 14] [--seed 0] [--repeats 3] [--out results.json]

Prints the best total time (wall and CPU), the time per day, and how receptive the simulated user
is (share of awake time relaxed, busy or in transition) by kind of day, for the bundled personas and
for a reference panel: the first persona with a full-time 09:00-17:00 job under all 32 Big-Five codes.
If fewer personas are bundled than asked for, the rest are copies of bundled ones with other
Big-Five codes (same routine), so the figure always covers the requested number.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path

from propersim_gym.personas import list_personas
from propersim_gym.personas.schema import BigFive, Persona
from propersim_gym.user.procedural import ProceduralUser, day_rng, is_workday
from propersim_gym.user.schedule import DaySchedule
from propersim_gym.user.stats import day_stats


def personas(n: int) -> list[Persona]:
    """``n`` personas: the bundled ones, topped up with Big-Five variants of them."""
    bundled = list_personas()
    if not bundled:
        raise SystemExit("no bundled personas found")
    out = list(bundled[:n])
    codes = ["".join(c) for c in itertools.product("HL", repeat=5)]
    next_id = max(p.id for p in bundled) + 1
    for i in range(len(out), n):
        raw = bundled[i % len(bundled)].model_dump()
        raw["id"], raw["big_five"] = next_id, BigFive.from_code(codes[i % 32]).model_dump()
        out.append(Persona.model_validate(raw))
        next_id += 1
    return out


def full_time_panel(base: Persona) -> list[Persona]:
    """``base`` with a full-time fixed job (09:00-17:00, Mon-Fri) under all 32 Big-Five codes."""
    out = []
    for i, code in enumerate(itertools.product("HL", repeat=5)):
        raw = base.model_dump(mode="json")
        raw["id"], raw["big_five"] = 1000 + i, BigFive.from_code("".join(code)).model_dump()
        raw["routine"]["work"] = {
            **raw["routine"]["work"],
            "kind": "fixed",
            "start": "09:00",
            "end": "17:00",
            "days": ["mon", "tue", "wed", "thu", "fri"],
        }
        raw["routine"]["weekday"] = {"wake": "07:00", "sleep": "23:00"}
        raw["routine"]["meals"] = {"breakfast": "07:30", "lunch": "12:30", "dinner": "19:00"}
        raw["rubric"]["timing"]["windows"] = [{"start": "10:30", "end": "12:30", "label": "late morning"}]
        out.append(Persona.model_validate(raw))
    return out


def receptive_by_day_type(people: list[Persona], schedules: list[DaySchedule]) -> dict[str, dict[str, float]]:
    """Share of awake time receptive, by the kind of day: fixed / flexible work day, or day off."""
    by_id = {p.id: p for p in people}
    groups: dict[str, list[float]] = {}
    for s in schedules:
        p = by_id[s.persona_id]
        key = f"{p.routine.work.kind} work day" if is_workday(p, s.day) else "day off"
        groups.setdefault(key, []).append(day_stats(s).receptive_fraction)
    return {
        k: {"days": len(v), "mean": statistics.mean(v), "min": min(v), "max": max(v)}
        for k, v in sorted(groups.items())
    }


def main() -> None:
    """Run the benchmark and print (and optionally save) its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--personas", type=int, default=32)
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = ap.parse_args()

    people = personas(args.personas)
    user = ProceduralUser()
    wall, cpu = [], []
    for _ in range(args.repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        schedules = [
            user.plan_day(p, d, day_rng(args.seed, p.id, d)) for p in people for d in range(args.days)
        ]
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    panel = full_time_panel(people[0])
    panel_days = [user.plan_day(p, d, day_rng(args.seed, p.id, d)) for p in panel for d in range(args.days)]

    figures = {
        "personas": len(people),
        "days_per_persona": args.days,
        "schedules": len(schedules),
        "best_wall_seconds": min(wall),
        "best_cpu_seconds": min(cpu),
        "wall_seconds": wall,
        "ms_per_day": 1000 * min(wall) / len(schedules),
        "subactions_per_day": statistics.mean(len(s.subactions) for s in schedules),
        "receptive_bundled": receptive_by_day_type(people, schedules),
        "receptive_full_time_panel": receptive_by_day_type(panel, panel_days),
    }
    print(
        f"planned {len(schedules)} days ({len(people)} personas x {args.days}): best of {args.repeats} = "
        f"{min(wall):.3f} s wall, {min(cpu):.3f} s CPU ({figures['ms_per_day']:.2f} ms/day, "
        f"{figures['subactions_per_day']:.0f} sub-actions/day)"
    )
    print("receptive share of awake time (relaxed, busy or transition):")
    for title, key in (
        ("bundled personas", "receptive_bundled"),
        ("full-time 09-17 panel", "receptive_full_time_panel"),
    ):
        for kind, s in figures[key].items():
            print(
                f"  {title:22s} {kind:18s} mean {s['mean']:.1%} (min {s['min']:.1%}, max {s['max']:.1%}) "
                f"over {s['days']} days"
            )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
