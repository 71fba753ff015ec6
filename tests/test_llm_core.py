"""Fast unit tests of the LLM tier's pure parts: kappa, JSON parsing, cache, ledger, specs, templates."""

from __future__ import annotations

import json
import math

import pytest

from propersim_gym.bench.agreement import cohen_kappa
from propersim_gym.errors import BudgetExceeded
from propersim_gym.llm import CacheMiss, Ledger, ResponseCache, RetryPolicy, load_prices, parse_spec
from propersim_gym.llm.cache import request_key
from propersim_gym.llm.jsonout import SchemaViolation, extract_json_object, parse_structured
from propersim_gym.llm.ledger import price_for
from propersim_gym.llm.templates import load_template, render, template_fields

SCORE = {
    "type": "object",
    "properties": {"score": {"type": "integer", "enum": [0, 1]}, "reason": {"type": "string"}},
    "required": ["score"],
}


def test_cohen_kappa_matches_a_hand_computed_example() -> None:
    # 10 items: rater A says yes on 6, rater B on 5; they agree on 4 yes + 3 no = 7.
    a = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    b = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0]
    # p_o = 0.7; p_e = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(a, a) == pytest.approx(1.0)
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)
    assert math.isnan(cohen_kappa([1, 1, 1], [1, 1, 1]))
    with pytest.raises(ValueError):
        cohen_kappa([1, 0], [1])


@pytest.mark.parametrize(
    "text",
    [
        '{"score": 1, "reason": "ok"}',
        'Sure! Here it is:\n```json\n{"score": 1, "reason": "ok"}\n```',
        'I think {"score": "1", "reason": "ok",} is right.',
        'noise { not json } then {"score": 1}',
        '{\n  "reason": "a comma is missing"\n  "score": 1\n}',
    ],
)
def test_parse_structured_finds_the_first_valid_object(text: str) -> None:
    assert parse_structured(text, SCORE)["score"] == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("I would give it a one.", "no JSON object"),
        ('{"score": 2, "reason": "x"}', "not one of"),
        ('{"reason": "x"}', "missing required key 'score'"),
        ('{"score": 1, "reason": "unterminated', "no JSON object"),
    ],
)
def test_parse_structured_says_why_it_fails(text: str, problem: str) -> None:
    with pytest.raises(SchemaViolation, match=problem):
        parse_structured(text, SCORE)


def test_extract_json_object_ignores_arrays_and_scalars() -> None:
    assert extract_json_object("[1, 2] 3") is None
    assert extract_json_object('x {"a": {"b": [1]}} y') == {"a": {"b": [1]}}


def test_cache_modes_and_content_addressing(tmp_path) -> None:
    path = tmp_path / "c.sqlite"
    request = {"backend": "openai", "model": "m", "messages": [{"role": "user", "content": "hi"}], "seed": 1}
    key = request_key(request)
    assert key == request_key(dict(reversed(list(request.items()))))  # key order does not matter
    assert key != request_key({**request, "seed": 2})
    rw = ResponseCache(path, mode="read-write")
    assert rw.require(key, request) is None
    rw.put(key, request, {"text": "hello"})
    assert rw.get(key) == {"text": "hello"} and len(rw) == 1
    replay = ResponseCache(path, mode="replay")
    assert replay.require(key, request) == {"text": "hello"}
    with pytest.raises(CacheMiss, match="replay mode"):
        replay.require(request_key({**request, "seed": 3}), request)
    replay.put("other", request, {"text": "x"})  # replay never writes
    assert len(replay) == 1
    off = ResponseCache(tmp_path / "off.sqlite", mode="off")
    off.put(key, request, {"text": "x"})
    assert off.get(key) is None and not (tmp_path / "off.sqlite").exists()
    with pytest.raises(ValueError, match="cache mode"):
        ResponseCache(path, mode="sometimes")


def test_ledger_prices_components_and_budget(tmp_path) -> None:
    ledger = Ledger(budget_usd=0.001, log_path=tmp_path / "calls.jsonl")
    cost = ledger.record(
        component="judge",
        backend="openai",
        model="gpt-4o-mini-2024-07-18",
        input_tokens=1000,
        output_tokens=100,
        latency_s=0.5,
        cached=False,
    )
    assert cost == pytest.approx((1000 * 0.15 + 100 * 0.60) / 1e6)
    ledger.record(
        component="judge",
        backend="openai",
        model="gpt-4o-mini",
        input_tokens=1000,
        output_tokens=100,
        latency_s=0.0,
        cached=True,
    )
    ledger.record(
        component="user_planning",
        backend="hf",
        model="smollm2-135m-instruct",
        input_tokens=500,
        output_tokens=50,
        latency_s=1.0,
        cached=False,
    )
    summary = ledger.summary()
    judge = summary["components"]["judge"]
    assert judge["calls"] == 1 and judge["cached_calls"] == 1 and judge["cached_input_tokens"] == 1000
    assert summary["components"]["user_planning"]["cost_usd"] == 0.0
    assert summary["total"]["input_tokens"] == 1500 and summary["total"]["calls"] == 2
    assert len((tmp_path / "calls.jsonl").read_text().splitlines()) == 3
    with pytest.raises(BudgetExceeded):
        ledger.record(
            component="judge",
            backend="gemini",
            model="gemini-2.5-flash",
            input_tokens=10_000,
            output_tokens=1000,
            latency_s=0.1,
            cached=False,
        )
    with pytest.raises(BudgetExceeded):
        ledger.check_budget()
    ledger.save(tmp_path / "ledger.json")
    assert json.loads((tmp_path / "ledger.json").read_text())["budget_usd"] == 0.001


def test_price_table_is_documented_and_overridable(tmp_path) -> None:
    table = load_prices()
    assert table["_sources"] and table["_checked"]
    assert price_for(table, "gemini", "gemini-2.5-flash") == (0.30, 2.50)
    assert price_for(table, "gemini", "models/gemini-2.5-flash-lite") == (0.10, 0.40)
    assert price_for(table, "openai", "some-unknown-model") is None
    custom = tmp_path / "prices.json"
    custom.write_text(json.dumps({"models": {"my-model": {"input": 1.0, "output": 2.0}}}))
    ledger = Ledger(prices=custom)
    assert ledger.record(
        component="judge",
        backend="openai",
        model="my-model",
        input_tokens=1_000_000,
        output_tokens=0,
        latency_s=0,
        cached=False,
    ) == pytest.approx(1.0)
    unpriced = Ledger()
    unpriced.record(
        component="judge",
        backend="openai",
        model="mystery",
        input_tokens=5,
        output_tokens=5,
        latency_s=0,
        cached=False,
    )
    assert unpriced.summary()["total"]["unpriced_calls"] == 1


def test_retry_delays_are_exponential_and_seeded() -> None:
    assert RetryPolicy(max_retries=4, base_delay=1, max_delay=5).delays() == [1, 2, 4, 5]
    jittered = RetryPolicy(max_retries=3, base_delay=1, jitter=0.5, seed=7)
    assert jittered.delays() == RetryPolicy(max_retries=3, base_delay=1, jitter=0.5, seed=7).delays()
    assert jittered.delays() != RetryPolicy(max_retries=3, base_delay=1, jitter=0.5, seed=8).delays()


def test_parse_spec() -> None:
    assert parse_spec("openai:gpt-4o-mini") == ("openai", "gpt-4o-mini", None)
    assert parse_spec("openai:m@http://127.0.0.1:8000/v1") == ("openai", "m", "http://127.0.0.1:8000/v1")
    assert parse_spec("gemini") == ("gemini", None, None)
    assert parse_spec("hf:/models/x@y") == ("hf", "/models/x@y", None)
    with pytest.raises(ValueError, match="must start with"):
        parse_spec("claude:x")


def test_templates_render_strictly() -> None:
    assert "context" in template_fields("judge_timing")
    assert "No Recommendation" in load_template("judge_system")
    with pytest.raises(KeyError, match="missing"):
        render("judge_timing")
    with pytest.raises(KeyError, match="unknown"):
        render("judge_timing", context="x", extra="y")
    # A value holding a placeholder is not expanded again.
    assert "{{context}}" in render("judge_timing", context="{{context}}")


def test_resolve_tier_splits_party_options(tmp_path) -> None:
    from propersim_gym.llm import make_client, resolve_tier

    spec = {
        "spec": "openai:m@http://127.0.0.1:9/v1",
        "cache_mode": "off",
        "budget_usd": 2.0,
        "judge_mode": "joint",
        "judge_fallback": "offline",
        "user_decompose": False,
    }
    client, judge, user = resolve_tier(spec)
    assert client.describe() == {"backend": "openai", "model": "m", "base_url": "http://127.0.0.1:9/v1"}
    assert client.ledger.budget_usd == 2.0 and client.cache.mode == "off"
    assert judge == {"mode": "joint", "fallback": "offline"} and user == {"decompose": False}
    assert make_client(client) is client and resolve_tier(client) == (client, {}, {})
