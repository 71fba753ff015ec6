"""The openai and google-genai backends against a real loopback HTTP server: structured output,
parameters on the wire, the fallback chain, faults with retries, cache/ledger consistency, replay,
and keys kept out of every record."""

from __future__ import annotations

import json
import logging

import pytest
from servers.loopback import LoopbackLLMServer

from propersim_gym.llm import (
    CacheMiss,
    Ledger,
    LLMRequestError,
    RetryPolicy,
    StructuredOutputError,
    make_client,
)

pytestmark = pytest.mark.integration

SECRET = "sk-TEST-SECRET-0123456789abcdef"
SCORE = {
    "type": "object",
    "properties": {"score": {"type": "integer", "enum": [0, 1]}, "reason": {"type": "string"}},
    "required": ["score"],
}
MESSAGES = [{"role": "system", "content": "You judge."}, {"role": "user", "content": "Is tea nice?"}]
FAST = RetryPolicy(max_retries=2, base_delay=0.01)


def client_for(backend: str, server: LoopbackLLMServer, tmp_path, *, mode: str = "read-write", **kw):
    url = server.openai_url if backend == "openai" else server.gemini_url
    return make_client(
        f"{backend}:test-model",
        base_url=url,
        api_key=SECRET,
        cache_path=tmp_path / "cache.sqlite",
        cache_mode=mode,
        retry=kw.pop("retry", FAST),
        timeout=kw.pop("timeout", 2.0),
        **kw,
    )


@pytest.fixture
def server():
    with LoopbackLLMServer() as srv:
        yield srv


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_structured_request_carries_schema_seed_and_temperature(backend, server, tmp_path) -> None:
    client = client_for(backend, server, tmp_path)
    answer = client.complete(
        MESSAGES, component="judge", temperature=0.3, seed=11, max_tokens=50, json_schema=SCORE
    )
    assert answer.parsed == {"score": 1, "reason": "fine"} and answer.structured_mode == "schema"
    assert answer.input_tokens > 0 and answer.output_tokens > 0 and not answer.cached
    body = server.seen[-1].body
    if backend == "openai":
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["schema"]["required"] == ["score"]
        assert body["seed"] == 11 and body["temperature"] == 0.3 and body["max_tokens"] == 50
        assert server.seen[-1].headers["authorization"] == f"Bearer {SECRET}"
    else:
        config = body["generationConfig"]
        assert config["responseMimeType"] == "application/json" and "responseJsonSchema" in config
        assert config["seed"] == 11 and config["temperature"] == 0.3 and config["maxOutputTokens"] == 50
        assert body["systemInstruction"]["parts"][0]["text"] == "You judge."
        assert "thinkingConfig" not in config  # only Flash models get thinking switched off
        assert server.seen[-1].headers["x-goog-api-key"] == SECRET
    again = client.complete(
        MESSAGES, component="judge", temperature=0.3, seed=11, max_tokens=50, json_schema=SCORE
    )
    assert again.cached and again.parsed == answer.parsed and len(server.seen) == 1
    usage = client.ledger.summary()["components"]["judge"]
    assert usage["calls"] == 1 and usage["cached_calls"] == 1


def test_gemini_flash_thinks_not_unless_asked(server, tmp_path) -> None:
    flash = make_client(f"gemini:gemini-2.5-flash@{server.gemini_url}", api_key=SECRET, cache_mode="off")
    flash.complete(MESSAGES, max_tokens=20)
    thinking = server.seen[-1].body["generationConfig"]["thinkingConfig"]
    assert thinking in ({"thinkingBudget": 0}, {"thinking_budget": 0})  # the REST API reads both spellings
    assert server.seen[-1].path.startswith("/v1beta/models/gemini-2.5-flash:generateContent")


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_a_server_without_structured_output_gets_the_prompt_only(backend, tmp_path) -> None:
    with LoopbackLLMServer(reject_formats=True) as srv:
        client = client_for(backend, srv, tmp_path)
        answer = client.complete(MESSAGES, json_schema=SCORE)
        assert answer.parsed["score"] == 1 and answer.structured_mode == "prompt"
        assert client._modes == ["prompt"]  # remembered: later calls skip the rejected modes
        assert len(srv.seen) == 3  # schema rejected, JSON mode rejected, prompt answered
        assert "shaped like" in srv.seen[-1].prompt_text()
        client.complete(MESSAGES, json_schema=SCORE, seed=9)
        assert len(srv.seen) == 4


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_prompt_and_validate_re_asks_with_the_error(backend, tmp_path) -> None:
    answers = iter(["I'd say yes, it is nice.", '{"score": 5}', '{"score": 1, "reason": "tea is nice"}'])
    with LoopbackLLMServer(responder=lambda seen: next(answers)) as srv:
        client = client_for(backend, srv, tmp_path)
        answer = client.complete(MESSAGES, json_schema=SCORE, component="judge")
        assert answer.parsed == {"score": 1, "reason": "tea is nice"} and answer.requests == 3
        assert "not valid" in srv.seen[-1].prompt_text() and "not one of [0, 1]" in srv.seen[-1].prompt_text()


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_unparseable_output_is_a_clear_error_and_is_cached_as_such(backend, tmp_path) -> None:
    with LoopbackLLMServer(responder=lambda seen: "no json here, sorry") as srv:
        client = client_for(backend, srv, tmp_path)
        with pytest.raises(StructuredOutputError, match="no valid JSON after 3 answers"):
            client.complete(MESSAGES, json_schema=SCORE, component="judge")
        assert len(srv.seen) == 3
        replay = client_for(backend, srv, tmp_path, mode="replay")
        with pytest.raises(StructuredOutputError, match="cached"):
            replay.complete(MESSAGES, json_schema=SCORE, component="judge")
        assert len(srv.seen) == 3  # replay never called out
        assert client.ledger.summary()["total"]["errors"] == 1


@pytest.mark.parametrize("backend", ["openai", "gemini"])
@pytest.mark.parametrize("fault", ["429", "500", "503", "hang", "truncate", "nonjson", "badshape"])
def test_faults_are_retried_then_succeed(backend, fault, tmp_path) -> None:
    with LoopbackLLMServer(faults=[fault], hang_seconds=3.0) as srv:
        client = client_for(backend, srv, tmp_path, timeout=0.5)
        answer = client.complete(MESSAGES, json_schema=SCORE, component="judge")
        assert answer.parsed["score"] == 1 and answer.retries == 1 and answer.requests == 2
        usage = client.ledger.summary()["components"]["judge"]
        assert usage["calls"] == 1 and usage["retries"] == 1 and usage["errors"] == 0
        assert len(client.cache) == 1


@pytest.mark.parametrize("backend", ["openai", "gemini"])
@pytest.mark.parametrize("fault", ["429", "500", "hang", "truncate", "nonjson"])
def test_persistent_faults_give_up_with_a_clear_error_and_cache_nothing(backend, fault, tmp_path) -> None:
    with LoopbackLLMServer(faults=[fault] * 3, hang_seconds=2.0) as srv:
        client = client_for(backend, srv, tmp_path, timeout=0.3)
        with pytest.raises(LLMRequestError, match="giving up after 3 attempts") as info:
            client.complete(MESSAGES, json_schema=SCORE, component="judge")
        assert SECRET not in str(info.value)
        assert len(client.cache) == 0
        total = client.ledger.summary()["total"]
        assert total["errors"] == 1 and total["retries"] == 2
        # The server recovers: the same call now succeeds and is cached once.
        answer = client.complete(MESSAGES, json_schema=SCORE, component="judge")
        assert answer.parsed["score"] == 1 and len(client.cache) == 1


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_4xx_is_not_retried(backend, tmp_path) -> None:
    with LoopbackLLMServer(faults=["401", "404"]) as srv:
        client = client_for(backend, srv, tmp_path)
        with pytest.raises(LLMRequestError, match="authentication failed") as info:
            client.complete(MESSAGES)
        assert info.value.status == 401 and len(srv.seen) == 1 and SECRET not in str(info.value)
        with pytest.raises(LLMRequestError, match="HTTP 404"):
            client.complete(MESSAGES)
        assert len(srv.seen) == 2


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_replay_mode_needs_no_server_and_misses_loudly(backend, tmp_path) -> None:
    with LoopbackLLMServer() as srv:
        recorded = client_for(backend, srv, tmp_path).complete(MESSAGES, json_schema=SCORE, seed=3)
        url_srv = srv
    replay = client_for(backend, url_srv, tmp_path, mode="replay")  # the server is gone
    again = replay.complete(MESSAGES, json_schema=SCORE, seed=3)
    assert again.cached and again.parsed == recorded.parsed and again.text == recorded.text
    with pytest.raises(CacheMiss, match="replay mode"):
        replay.complete(MESSAGES, json_schema=SCORE, seed=4)


@pytest.mark.parametrize("backend", ["openai", "gemini"])
def test_keys_never_reach_cache_ledger_logs_or_errors(backend, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    ledger = Ledger(log_path=tmp_path / "run" / "llm_calls.jsonl")
    with LoopbackLLMServer(faults=["500", "429"]) as srv:
        client = client_for(backend, srv, tmp_path, ledger=ledger)
        client.complete(MESSAGES, json_schema=SCORE, component="judge")
        client.complete(MESSAGES, component="assistant")
        ledger.save(tmp_path / "run" / "llm_ledger.json")
    client.cache.close()
    blobs = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    assert blobs and all(SECRET.encode() not in blob for blob in blobs)
    assert SECRET not in caplog.text
    assert SECRET not in repr(client) and SECRET not in json.dumps(client.describe())


def test_missing_keys_are_reported(monkeypatch) -> None:
    from propersim_gym.llm import LLMError

    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(LLMError, match="OPENAI_API_KEY"):
        make_client("openai:gpt-4o-mini", cache_mode="off")
    with pytest.raises(LLMError, match="GEMINI_API_KEY"):
        make_client("gemini", cache_mode="off")
    # A loopback OpenAI-compatible server needs no key.
    assert (
        make_client("openai:m@http://127.0.0.1:9/v1", cache_mode="off").describe()["base_url"]
        == "http://127.0.0.1:9/v1"
    )


def test_budget_cap_stops_after_caching_the_crossing_call(tmp_path) -> None:
    from propersim_gym.errors import BudgetExceeded

    with LoopbackLLMServer() as srv:
        client = make_client(
            "openai:gpt-4o@" + srv.openai_url,
            api_key=SECRET,
            cache_path=tmp_path / "c.sqlite",
            budget_usd=1e-9,
            retry=FAST,
        )
        with pytest.raises(BudgetExceeded):
            client.complete(MESSAGES)
        assert len(client.cache) == 1  # nothing lost: the answer is there for the resumed run
        with pytest.raises(BudgetExceeded):
            client.complete(MESSAGES, seed=5)
        assert len(srv.seen) == 1  # the second call never went out
