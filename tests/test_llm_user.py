"""LLMUser over a real HTTP backend (a scripted loopback planner): a valid 24 h DaySchedule with
taxonomy kinds, household places and states; memoised per (persona, day, seed); bad plans retried
then a clear PlanError."""

from __future__ import annotations

import numpy as np
import pytest
from servers.loopback import LoopbackLLMServer
from servers.scripted import planner

from propersim_gym.household import LIN_HOUSE
from propersim_gym.llm import PlanError, RetryPolicy, make_client
from propersim_gym.personas import load
from propersim_gym.taxonomy import ActivityKind, UserState
from propersim_gym.user.base import UserSimulator
from propersim_gym.user.llm_user import LLMUser, guess_kind

pytestmark = pytest.mark.integration


def user_for(server: LoopbackLLMServer, tmp_path, **kw) -> LLMUser:
    client = make_client(
        "openai:planner",
        base_url=server.openai_url,
        cache_path=tmp_path / "c.sqlite",
        retry=RetryPolicy(max_retries=1, base_delay=0.01),
        json_retries=0,
    )
    return LLMUser(client, **kw)


def test_plans_a_valid_day_at_home(tmp_path) -> None:
    with LoopbackLLMServer(responder=planner()) as srv:
        user = user_for(srv, tmp_path)
        assert isinstance(user, UserSimulator)
        schedule = user.plan_day(load(1), 0, np.random.default_rng(0))
        calls = len(srv.seen)
    assert schedule.wake_minute == 7 * 60 and schedule.sleep_minute == 22 * 60 + 45
    subs = schedule.subactions
    assert subs[0].start == 0 and subs[-1].end == 24 * 60
    for sub in subs:
        assert isinstance(sub.kind, ActivityKind) and isinstance(sub.state, UserState)
        assert LIN_HOUSE.has(sub.arena, sub.obj), sub
        assert sub.end - sub.start <= 240
        if sub.kind is not ActivityKind.SLEEP:
            assert sub.end - sub.start <= 30 and sub.start % 5 == 0
    described = [a.description for a in schedule.activities]
    assert "a blip too short to keep" not in described and "too late, after bedtime" not in described
    lunch = next(a for a in schedule.activities if a.description == "lunch")
    assert lunch.kind is ActivityKind.MEAL  # "lunchtime" is no kind: read from the text
    work = schedule.at(10 * 60)
    assert work.state is UserState.FOCUSED and work.location == "study corner: desk"
    # wake/bedtime + plan + hourly + one decomposition per awake activity
    awake = [a for a in schedule.activities if a.kind is not ActivityKind.SLEEP]
    assert calls == 3 + len(awake)
    assert user.client.ledger.summary()["components"]["user_planning"]["calls"] == calls


def test_same_rng_state_same_day_and_memoised(tmp_path) -> None:
    with LoopbackLLMServer(responder=planner()) as srv:
        user = user_for(srv, tmp_path)
        first = user.plan_day(load(1), 0, np.random.default_rng(5))
        calls = len(srv.seen)
        again = user.plan_day(load(1), 0, np.random.default_rng(5))
        assert again is first and len(srv.seen) == calls
        fresh = user_for(srv, tmp_path).plan_day(load(1), 0, np.random.default_rng(5))  # new memo, same cache
        assert fresh == first and len(srv.seen) == calls


def test_without_decomposition_blocks_are_cut_into_half_hours(tmp_path) -> None:
    with LoopbackLLMServer(responder=planner()) as srv:
        schedule = user_for(srv, tmp_path, decompose=False).plan_day(load(1), 0, np.random.default_rng(0))
        assert len(srv.seen) == 3
    assert all(s.end - s.start <= 30 for s in schedule.subactions if s.kind is not ActivityKind.SLEEP)


def test_invalid_plans_are_retried_then_reported(tmp_path) -> None:
    bad = {
        "schedule": [
            {"start": "nine-ish", "activity": "stuff"},
            {"start": "03:00", "activity": "x"},
            {"start": "10:00", "activity": "work"},
        ]
    }
    with LoopbackLLMServer(responder=planner(hourly=bad)) as srv:
        user = user_for(srv, tmp_path, plan_retries=2)
        with pytest.raises(PlanError, match=r"hourly schedule of persona 1 for day 0 after 3 tries.*usable"):
            user.plan_day(load(1), 0, np.random.default_rng(0))
        hourly_calls = [s for s in srv.seen if "Step 3" in s.prompt_text()]
        assert len(hourly_calls) == 3
        assert len({s.body["seed"] for s in hourly_calls}) == 3  # each retry with a new seed


def test_unparseable_steps_are_a_plan_error(tmp_path) -> None:
    with (
        LoopbackLLMServer(responder=planner(steps="first I wash, then I dry")) as srv,
        pytest.raises(PlanError, match="steps of 'morning routine'"),
    ):
        user_for(srv, tmp_path, plan_retries=0).plan_day(load(1), 0, np.random.default_rng(0))


def test_guess_kind() -> None:
    assert guess_kind("taking a shower") is ActivityKind.HYGIENE
    assert guess_kind("answering client emails") is ActivityKind.WORK
    assert guess_kind("watering the garden") is ActivityKind.GARDENING
    assert guess_kind("doing nothing in particular") is ActivityKind.LEISURE
