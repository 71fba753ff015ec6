"""Train ProPerAssistant for a few simulated days and print the daily table.

    python examples/train_properassistant.py                      # tiny preset, persona 1, 3 days
    python examples/train_properassistant.py --days 7 --persona 3
    python examples/train_properassistant.py --model smollm2 --steps-per-day 60

Each day the assistant acts on every awake step (two candidates, both scored by the environment's
counterfactual judge, the second delivered), and at the day's end trains a LoRA adapter with DPO
on 200 preference pairs from its replay buffer. The run directory keeps the trajectory, metrics,
pairs, adapters and the retrieval store; rerun with ``--resume`` to continue it, and export the pairs
with ``propersim export-pairs RUN_DIR``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description="Train ProPerAssistant for a few simulated days.")
    parser.add_argument("--persona", type=int, default=1)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--model", default="tiny", help="tiny | smollm2 | a Hugging Face id or local path")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps-per-day", type=int, default=None, help="stop each day early (quick looks)")
    parser.add_argument("--force-silence", type=float, default=0.0, help="P(candidate 1 = No Recommendation)")
    parser.add_argument(
        "--decoding",
        choices=["auto", "free", "guided"],
        default="auto",
        help="answer decoding (auto: the preset's)",
    )
    parser.add_argument("--out", type=Path, default=Path("runs/example_properassistant"))
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from propersim_gym import make_policy
    from propersim_gym.runner.metrics import format_table
    from propersim_gym.runner.run import run

    policy = make_policy(
        "properassistant",
        model=args.model,
        run_dir=args.out,
        seed=args.seed,
        force_silence=args.force_silence,
        guided=None if args.decoding == "auto" else args.decoding == "guided",
    )
    env_kwargs = {"max_awake_steps": args.steps_per_day} if args.steps_per_day else {}
    result = run(
        policy,
        persona=args.persona,
        days=args.days,
        out=args.out,
        seed=args.seed,
        env_kwargs=env_kwargs,
        resume=args.resume,
        overwrite=not args.resume,
        config={"agent": "properassistant", "model": args.model},
    )
    print(format_table(result.metrics))
    print()
    print("| day | pairs today | DPO pairs | DPO loss | reward acc. | reward margin | valid rate | train s |")
    print("|---|---|---|---|---|---|---|---|")
    nan = float("nan")
    for row in result.training:
        print(
            f"| {row['day']} | {row.get('agent/pairs_today', 0):.0f} | {row.get('dpo/pairs', 0):.0f} | "
            f"{row.get('dpo/loss', nan):.3f} | {row.get('dpo/reward_accuracy', nan):.2f} | "
            f"{row.get('dpo/reward_margin', nan):.3f} | {row.get('agent/valid_rate', nan):.3f} | "
            f"{row.get('agent/train_seconds', 0):.0f} |"
        )
    print(f"\nrun directory: {result.out}")


if __name__ == "__main__":
    main()
