"""A short day of ProPerSim-v0 with evaluator = LLM judge on SmolLM2 (local HF backend) and user = LLM
user (over the openai SDK to a loopback planner, since SmolLM2-135M cannot write a valid hourly
schedule), then the same day in replay mode with the server gone and the model never loaded:
identical schedule, observations and rewards."""

from __future__ import annotations

import pytest
from servers.loopback import LoopbackLLMServer
from servers.scripted import planner

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ACTIONS = ["How about a short stretch before you start?", "No Recommendation", "Maybe some calm music now?"]


def play(user_client, judge_client, steps: int = 2):
    import gymnasium as gym

    import propersim_gym  # noqa: F401 - registers ProPerSim-v0
    from propersim_gym.evaluator.judge import RubricJudge
    from propersim_gym.evaluator.llm_judge import LLMJudge
    from propersim_gym.user.llm_user import LLMUser

    user = LLMUser(user_client)
    judge = LLMJudge(judge_client, mode="joint", fallback=RubricJudge(encoder="lexical"), max_tokens=48)
    env = gym.make(
        "ProPerSim-v0", persona=1, user=user, evaluator=judge, encoder="lexical", max_awake_steps=steps
    )
    obs, _ = env.reset(seed=0)
    trace = [obs["time"] + " " + obs["action"]]
    rewards, fallbacks = [], 0
    for action in ACTIONS[:steps]:
        obs, reward, terminated, truncated, info = env.step(action)
        assert info["evaluation"].judge == "llm"
        rewards.append(float(reward))
        fallbacks += int(info["evaluation"].extra["fallbacks"])
        trace.append(obs["time"] + " " + obs["action"])
        if terminated or truncated:
            break
    timeline = env.unwrapped.schedule.timeline()
    env.close()
    return rewards, trace, timeline, fallbacks


def test_llm_day_then_replay_is_identical(tmp_path) -> None:
    pytest.importorskip("torch")
    from propersim_gym.llm import make_client

    cache = tmp_path / "responses.sqlite"
    with LoopbackLLMServer(responder=planner()) as srv:
        url = srv.openai_url
        user_client = make_client(f"openai:planner@{url}", cache_path=cache)
        judge_client = make_client("hf:smollm2", cache_path=cache, ledger=user_client.ledger, json_retries=0)
        live = play(user_client, judge_client)
    rewards = live[0]
    usage = user_client.ledger.summary()["components"]
    assert usage["user_planning"]["calls"] >= 3 and usage["judge"]["calls"] == len(rewards) == 2
    assert all(0 <= r <= 4 for r in rewards)

    replay_user = make_client(f"openai:planner@{url}", cache_path=cache, cache_mode="replay")
    replay_judge = make_client(
        "hf:smollm2", cache_path=cache, cache_mode="replay", ledger=replay_user.ledger, json_retries=0
    )
    assert play(replay_user, replay_judge) == live
    total = replay_user.ledger.summary()["total"]
    assert total["calls"] == 0 and total["cached_calls"] == usage["user_planning"]["calls"] + 2
    assert replay_judge._model is None  # nothing was generated: the model was never even loaded
