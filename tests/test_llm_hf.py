"""The local Hugging Face backend with the converted SmolLM2-135M-Instruct (offline, CPU)."""

from __future__ import annotations

import pytest

from propersim_gym.llm import ResponseCache, StructuredOutputError, make_client
from propersim_gym.llm.jsonout import json_object_end

pytestmark = pytest.mark.slow

SCORE = {
    "type": "object",
    "properties": {"score": {"type": "integer", "enum": [0, 1]}, "reason": {"type": "string"}},
    "required": ["score"],
}


@pytest.fixture(scope="module")
def smollm2():
    torch = pytest.importorskip("torch")
    c = make_client("hf:smollm2", cache=ResponseCache(mode="off"))
    c.load()
    return c, torch


def test_json_object_end() -> None:
    assert json_object_end('{"a": "}"} tail') == 10
    assert json_object_end('{"a": {"b": 1}') is None
    assert json_object_end('{"a": "q\\"}"} z') == 13


def test_greedy_and_seeded_sampling_are_reproducible(smollm2) -> None:
    client, torch = smollm2
    messages = [{"role": "user", "content": "Name one fruit."}]
    greedy = client.complete(messages, temperature=0.0, max_tokens=8)
    assert greedy.text and greedy.text == client.complete(messages, temperature=0.0, max_tokens=8).text
    assert greedy.input_tokens > 5 and 0 < greedy.output_tokens <= 8
    before = torch.random.get_rng_state()
    a = client.complete(messages, temperature=1.0, seed=1, max_tokens=8)
    b = client.complete(messages, temperature=1.0, seed=1, max_tokens=8)
    assert a.text == b.text
    assert torch.equal(before, torch.random.get_rng_state())  # the global torch RNG is untouched


def test_structured_output_is_prefilled_and_stops_at_the_object(smollm2, tmp_path) -> None:
    client, _ = smollm2
    cached = make_client("hf:smollm2", cache_path=tmp_path / "c.sqlite", json_retries=0)
    cached._model, cached._tokenizer = client._model, client._tokenizer  # share the loaded weights
    messages = [{"role": "user", "content": "Is tea relaxing? Give a score, 1 for yes, 0 for no."}]
    try:
        answer = cached.complete(messages, json_schema=SCORE, max_tokens=24, component="judge")
        assert answer.text.startswith("{") and answer.text.endswith("}")
        assert answer.parsed["score"] in (0, 1) and answer.structured_mode == "prefill"
        again = cached.complete(messages, json_schema=SCORE, max_tokens=24, component="judge")
        assert again.cached and again.parsed == answer.parsed
    except StructuredOutputError as err:  # a 135M model may fail; then it must fail clearly
        assert "no valid JSON" in str(err)
