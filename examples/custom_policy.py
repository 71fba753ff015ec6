"""Plug in your own assistant: a hand-written policy, run for two days on two personas.

Run: python examples/custom_policy.py   (offline, a few seconds with the lexical encoder)

or from the command line (any ``module:Class`` or ``file.py:Class`` runs, no registration needed)::

    propersim run --agent examples/custom_policy.py:QuietHelper --persona 1 --days 2 --encoder lexical \
        --out runs/quiet-helper
"""

from __future__ import annotations

from typing import Any

from propersim_gym import NO_RECOMMENDATION, BasePolicy
from propersim_gym.runner.metrics import format_table
from propersim_gym.runner.run import run

IDEAS = {
    "cooking": "How about trying a new pasta recipe tonight?",
    "garden": "Maybe give the herbs in the garden some water?",
    "sofa": "How about a chapter of your novel?",
    "desk": "Maybe jot down a short to-do list for the next hour?",
}


class QuietHelper(BasePolicy):
    """Speaks at most once every two hours, only when the current activity suggests an idea."""

    name = "quiet-helper"
    required_memory = "AR"  # the observation memory level this policy wants

    def act(self, observation: dict[str, Any]) -> str:
        if observation["minutes_since_last"] < 120:
            return NO_RECOMMENDATION
        where = f"{observation['action']} {observation['location']}".lower()
        for cue, idea in IDEAS.items():
            if cue in where:
                return idea
        return NO_RECOMMENDATION


if __name__ == "__main__":
    for persona in (1, 32):
        result = run(
            QuietHelper(),
            persona=persona,
            days=2,
            out=f"runs/custom_policy/persona_{persona:02d}",
            overwrite=True,
            env_kwargs={"encoder": "lexical"},
            progress=False,
        )
        print(format_table(result.metrics))
