"""The assistant contract: play_day's order of calls, its result, and the one silence token."""

from __future__ import annotations

from typing import Any

import pytest

import propersim_gym
from propersim_gym.protocol import NO_RECOMMENDATION, BasePolicy, Policy, parse_recommendation, play_day


class Recorder(BasePolicy):
    """Speaks at every fifth step and writes down every call it gets."""

    name = "recorder"

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.seen: list[dict[str, Any]] = []

    def start_day(self, env: Any, day: int) -> None:
        self.calls.append(("start_day", day, env is env.unwrapped))

    def act(self, observation: dict[str, Any]) -> str:
        self.calls.append(("act", observation["minute"]))
        self.seen.append(observation)
        return "How about a short walk?" if len(self.seen) % 5 == 1 else NO_RECOMMENDATION

    def observe(self, observation: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
        assert observation is self.seen[-1]  # the observation act saw, not the next one
        self.calls.append(("observe", int(info["minute"]), action))

    def end_day(self, day: int) -> dict[str, float]:
        self.calls.append(("end_day", day))
        return {"learned": 1.0}


def test_play_day_calls_the_hooks_in_order_and_reports_the_day(make_env) -> None:
    env = make_env(2, max_awake_steps=11)
    policy = Recorder()
    steps: list[float] = []
    result = play_day(
        env, policy, day=3, seed=7, on_step=lambda obs, action, reward, info: steps.append(reward)
    )
    assert isinstance(policy, Policy)
    assert policy.calls[0] == ("start_day", 3, True) and policy.calls[-1] == ("end_day", 3)
    middle = policy.calls[1:-1]
    assert [c[0] for c in middle] == ["act", "observe"] * 11
    assert all(a[1] == o[1] for a, o in zip(middle[::2], middle[1::2], strict=True))  # same moment
    assert (result.day, result.steps, result.truncated, result.learned) == (3, 11, True, {"learned": 1.0})
    assert result.rewards == steps and result.recommendations == 3  # steps 1, 6, 11
    assert result.mean_reward == pytest.approx(sum(steps) / 11)


def test_play_day_follows_the_env_days_and_ends_when_the_user_sleeps(make_env) -> None:
    env = make_env(4)
    first = play_day(env, Recorder(), seed=0)
    awake_steps = env.unwrapped.awake_steps
    second = play_day(env, Recorder())
    assert (first.day, second.day) == (0, 1)
    assert not first.truncated and first.steps == awake_steps > 200  # a whole waking day
    again = play_day(env, Recorder(), day=0, seed=0)
    assert again.rewards == first.rewards  # a seed and a day replay the same day


def test_one_silence_token_everywhere() -> None:
    assert propersim_gym.NO_RECOMMENDATION is NO_RECOMMENDATION == "No Recommendation"
    assert parse_recommendation(NO_RECOMMENDATION) is None
    assert parse_recommendation(f'{{"Suggestion": "{NO_RECOMMENDATION}"}}') is None
    from propersim_gym.env.spaces import FreeText

    space = FreeText(40, seed=0)
    assert NO_RECOMMENDATION in {space.sample() for _ in range(30)}
