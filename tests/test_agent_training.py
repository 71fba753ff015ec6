"""Real TRL training on the tiny preset: DPO changes the adapter, the reference choice, KTO runs."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("trl")

from propersim_agents import corpus
from propersim_agents.buffer import PreferencePair, ScoredSample
from propersim_agents.models import (
    LORA_TARGETS,
    attach_lora,
    load_adapter_weights,
    load_model,
    save_adapter,
)
from propersim_agents.prompt import build_messages, render_prompt
from propersim_agents.training import TrainingSettings, train_dpo, train_kto

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture(scope="module")
def tiny():
    import torch

    torch.set_num_threads(1)
    loaded = load_model("tiny")
    attach_lora(loaded)
    return loaded


def _prompts(loaded, n):
    return [
        render_prompt(loaded.tokenizer, build_messages(e.context, max_memory_chars=300))
        for e in corpus.generate(n, seed=11)
    ]


def _pairs(loaded, n=8):
    return [
        PreferencePair(p, "No Recommendation", '{"Suggestion": "Go for a run outside."}', 4, 1, {}, {}, 0, i)
        for i, p in enumerate(_prompts(loaded, n))
    ]


def _lora_state(model):
    return {k: v.detach().clone() for k, v in model.named_parameters() if "lora_" in k and ".default." in k}


def test_lora_covers_all_projections(tiny):
    config = tiny.model.peft_config["default"]
    assert set(config.target_modules) == set(LORA_TARGETS)
    assert (config.r, config.lora_alpha, config.lora_dropout) == (16, 32, 0.05)


def test_fresh_adapter_init_follows_the_seed():
    """LoRA's random init draws from the given seed, not torch's global generator (seeded differently in
    every process): the same seed gives the same adapter, another seed another one."""

    def fresh(seed):
        loaded = load_model("tiny")
        attach_lora(loaded, seed=seed)
        return {k: v.detach().numpy().copy() for k, v in loaded.model.named_parameters() if "lora_A" in k}

    first, again, other = fresh(3), fresh(3), fresh(4)
    assert all(np.array_equal(first[k], again[k]) for k in first)
    assert not all(np.array_equal(first[k], other[k]) for k in first)


def test_dpo_step_changes_adapter_and_saves_only_default(tiny, tmp_path):
    before = _lora_state(tiny.model)
    settings = TrainingSettings(epochs=1, extra={"learning_rate": 5e-4})
    metrics = train_dpo(tiny.model, tiny.tokenizer, _pairs(tiny), settings)
    after = _lora_state(tiny.model)
    changed = [k for k in before if not np.allclose(before[k].numpy(), after[k].numpy())]
    assert changed, "DPO did not change any LoRA weight"
    assert metrics["dpo/pairs"] == 8 and metrics["dpo/optimizer_steps"] == 2
    assert 0.0 <= metrics["dpo/reward_accuracy"] <= 1.0
    assert "dpo/reward_margin" in metrics and np.isfinite(metrics["dpo/loss"])
    assert set(tiny.model.peft_config) == {"default"}  # TRL's "ref" copy removed
    saved = save_adapter(tiny.model, tmp_path / "adapter")
    assert (saved / "adapter_model.safetensors").is_file() and not (saved / "ref").exists()
    # reload into the same model after perturbing: weights come back
    for name, param in tiny.model.named_parameters():
        if "lora_B" in name and ".default." in name:
            param.data.zero_()
    load_adapter_weights(tiny.model, saved)
    restored = _lora_state(tiny.model)
    assert all(np.allclose(after[k].numpy(), restored[k].numpy()) for k in after)


def test_reference_base_vs_previous_day(tiny):
    """With a non-zero adapter, the paper's base reference sees rewards at the first step; the
    previous-day reference (a frozen copy of the adapter) starts at exactly zero."""
    pairs = _pairs(tiny, 4)
    previous = train_dpo(
        tiny.model, tiny.tokenizer, pairs, TrainingSettings(epochs=1, reference="previous_day")
    )
    base = train_dpo(tiny.model, tiny.tokenizer, pairs, TrainingSettings(epochs=1, reference="base"))
    assert abs(previous["dpo/reward_chosen_first"]) < 1e-6
    assert abs(base["dpo/reward_chosen_first"]) > 1e-6


def test_precomputed_reference_matches_the_per_epoch_reference(tiny):
    """Computing the base reference once before training gives the same run as recomputing it every
    step, on a non-zero adapter (where TRL's "ref" copy would differ from the base model)."""
    import torch

    pairs = _pairs(tiny, 8)
    train_dpo(tiny.model, tiny.tokenizer, pairs, TrainingSettings(epochs=1, extra={"learning_rate": 5e-3}))
    start = {k: v.detach().clone() for k, v in tiny.model.named_parameters() if "lora_" in k}
    runs = []
    for precompute in (True, False):
        with torch.no_grad():
            for name, param in tiny.model.named_parameters():
                if name in start:
                    param.copy_(start[name])
        settings = TrainingSettings(epochs=1, batch_size=4, grad_accum=1, precompute_reference=precompute)
        runs.append(train_dpo(tiny.model, tiny.tokenizer, pairs, settings))
    precomputed, per_step = runs
    assert abs(per_step["dpo/reward_chosen_first"]) > 1e-4  # the adapter differs from the base model
    for key in ("dpo/reward_chosen_first", "dpo/reward_rejected_first", "dpo/loss_first", "dpo/loss_last"):
        assert precomputed[key] == pytest.approx(per_step[key], rel=1e-4, abs=1e-6), key


def test_training_leaves_the_models_own_forward(tiny):
    """TRL patches a fused-LM-head forward onto the base model; after training it is gone, so a deep
    copy (the merged inference copy) runs its own weights, not the original model's."""
    import copy

    import torch

    train_dpo(tiny.model, tiny.tokenizer, _pairs(tiny, 4), TrainingSettings(epochs=1))
    assert "forward" not in vars(tiny.model.get_base_model())
    merged = copy.deepcopy(tiny.model).merge_and_unload().eval()
    ids = torch.tensor([[5, 6, 7, 8]])
    with torch.no_grad():
        for param in merged.parameters():
            param.zero_()
        logits = merged(input_ids=ids).logits
    assert torch.count_nonzero(logits) == 0


def test_kto_runs_and_changes_weights(tiny):
    prompts = _prompts(tiny, 8)
    samples = [
        ScoredSample(
            p, "No Recommendation" if i % 2 else '{"Suggestion": "Try tea."}', 4 if i % 2 else 1, {}, 0, i
        )
        for i, p in enumerate(prompts)
    ]
    before = _lora_state(tiny.model)
    metrics = train_kto(tiny.model, tiny.tokenizer, samples, TrainingSettings(method="kto", epochs=1))
    after = _lora_state(tiny.model)
    assert any(not np.allclose(before[k].numpy(), after[k].numpy()) for k in before)
    assert metrics["kto/samples"] == 8 and metrics["kto/desirable"] == 4
    assert np.isfinite(metrics["kto/loss"])
    assert set(tiny.model.peft_config) == {"default"}


def test_empty_day_trains_nothing(tiny):
    assert train_dpo(tiny.model, tiny.tokenizer, [], TrainingSettings()) == {"dpo/pairs": 0.0}


def test_nf4_quantized_lora_dpo_on_request(tmp_path):
    pytest.importorskip("bitsandbytes")
    loaded = load_model("tiny", quantize="nf4")
    assert loaded.quantized
    attach_lora(loaded)
    before = _lora_state(loaded.model)
    metrics = train_dpo(loaded.model, loaded.tokenizer, _pairs(loaded, 4), TrainingSettings(epochs=1))
    after = _lora_state(loaded.model)
    assert metrics["dpo/pairs"] == 4
    assert any(not np.allclose(before[k].float().numpy(), after[k].float().numpy()) for k in before)


def test_quantize_argument_is_checked():
    from propersim_agents.models import wants_quantization

    class Config:
        hidden_size, num_hidden_layers, vocab_size = 8192, 80, 128256  # a 70B-sized model

    assert wants_quantization(None, "cuda", Config()) is True
    assert wants_quantization(None, "cpu", Config()) is False
    assert wants_quantization("none", "cuda", Config()) is False
    assert wants_quantization("nf4", "cpu", Config()) is True
    with pytest.raises(ValueError, match="quantize"):
        wants_quantization("int3", "cpu", Config())
