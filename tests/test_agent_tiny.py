"""The tiny preset: built offline and cached, a chat template, well-formed answers at temperature 0.9."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("transformers")

from propersim_agents import corpus
from propersim_agents.generation import Sampler
from propersim_agents.models import PRESET_SETTINGS, load_model
from propersim_agents.prompt import build_messages, parse_output, render_prompt
from propersim_agents.tiny import TinyConfig, tiny_dir

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny():
    import torch

    torch.set_num_threads(1)
    return load_model("tiny")


def test_build_is_cached_and_described(tiny):
    path = tiny_dir()
    assert path.name == f"tiny-{TinyConfig().key()}"
    report = json.loads((path / "build.json").read_text())
    assert report["final_loss"] < report["first_loss"] / 3
    assert report["parameters"] < 2_000_000
    assert tiny_dir(build=False) == path  # no rebuild
    assert tiny.settings == PRESET_SETTINGS["tiny"]
    assert load_model(str(path)).settings == PRESET_SETTINGS["tiny"]  # a tiny folder is recognised


def test_chat_template_and_special_tokens(tiny):
    tok = tiny.tokenizer
    text = tok.apply_chat_template(
        [{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True
    )
    assert text == "<|begin|><|user|>\nhi<|end|>\n<|assistant|>\n"
    assert tok.eos_token == "<|end|>" and tok.pad_token == "<|pad|>"
    ids = tok(text)["input_ids"]
    assert tok.convert_ids_to_tokens(ids[:2]) == ["<|begin|>", "<|user|>"]
    assert 1000 < len(tok) <= 4096


def test_mostly_well_formed_at_temperature_09(tiny):
    sampler = Sampler(tiny.model, tiny.tokenizer, temperature=0.9)
    kinds = []
    for i, example in enumerate(corpus.generate(30, seed=99)):
        prompt = render_prompt(tiny.tokenizer, build_messages(example.context, max_memory_chars=300))
        kinds += [parse_output(t).kind for t in sampler.sample(prompt, 2, seed=i).texts]
    valid = sum(k != "invalid" for k in kinds) / len(kinds)
    assert valid >= 0.75, kinds
    assert "silence" in kinds and "recommendation" in kinds


def test_guided_sampling_is_always_well_formed(tiny):
    sampler = Sampler(tiny.model, tiny.tokenizer, temperature=0.9, guided=True)
    prompt = render_prompt(tiny.tokenizer, build_messages(corpus.generate(1, seed=4)[0].context))
    texts = [t for seed in range(10) for t in sampler.sample(prompt, 2, seed=seed).texts]
    assert all(parse_output(t).valid for t in texts), texts
    assert sampler.sample(prompt, 2, seed=3).texts == sampler.sample(prompt, 2, seed=3).texts  # seeded


def test_forced_suggestion_frame(tiny):
    sampler = Sampler(tiny.model, tiny.tokenizer, temperature=0.9, guided=True)
    prompt = render_prompt(tiny.tokenizer, build_messages(corpus.generate(1, seed=5)[0].context))
    texts = [t for seed in range(4) for t in sampler.sample(prompt, 2, seed=seed, frame="suggestion").texts]
    assert all(parse_output(t).kind == "recommendation" for t in texts), texts
    with pytest.raises(ValueError, match="guided"):
        Sampler(tiny.model, tiny.tokenizer, guided=False).sample(prompt, 1, seed=0, frame="suggestion")


def test_sampling_threads_are_restored(tiny):
    """A sampler with its own thread count (the tiny preset decodes on 1) leaves the process's count
    (what scoring and training use) as it found it."""
    import torch

    sampler = Sampler(tiny.model, tiny.tokenizer, guided=True, threads=1)
    prompt = render_prompt(tiny.tokenizer, build_messages(corpus.generate(1, seed=6)[0].context))
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        sampler.sample(prompt, 2, seed=0)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
    assert PRESET_SETTINGS["tiny"].generation_threads == 1
