"""The optional bitsandbytes path: a model loaded in 4-bit NF4 (here on the CPU, as bitsandbytes allows)."""

from __future__ import annotations

import pytest

pytest.importorskip("bitsandbytes", reason="the quant extra is not installed")

from propersim_agents.models import attach_lora, load_model

pytestmark = pytest.mark.slow
PROMPT = "It is 08:00 and the user is making coffee."


def _linear4bit(model) -> list:
    return [m for m in model.modules() if type(m).__name__ == "Linear4bit"]


def test_tiny_model_loads_and_generates_in_4bit() -> None:
    lm = load_model("tiny", quantize="nf4", device="cpu")
    assert lm.quantized
    layers = _linear4bit(lm.model)
    assert len(layers) == 2 * 7  # q,k,v,o,gate,up,down in both layers; lm_head stays full precision
    # bitsandbytes' AVX512-BF16 repacking is off on every layer (see keep_cpu_4bit_trainable)
    assert all(m.support_avx512bf16_for_cpu is False for m in layers)
    ids = lm.tokenizer(PROMPT, return_tensors="pt")
    out = lm.model.generate(**ids, max_new_tokens=6, do_sample=False)
    assert out.shape[1] > ids["input_ids"].shape[1]


def test_4bit_gradients_reach_the_first_layer_after_acting() -> None:
    """A day of acting (inference forwards) must not cut the gradient path that DPO trains through."""
    import torch

    lm = load_model("tiny", quantize="nf4", device="cpu")
    attach_lora(lm, seed=0)
    ids = lm.tokenizer(PROMPT, return_tensors="pt")
    with torch.no_grad():
        lm.model.generate(**ids, max_new_tokens=4, do_sample=False)
    lm.model.train()
    lm.model(**ids, labels=ids["input_ids"]).loss.backward()
    first = {
        name: param.grad.norm().item()
        for name, param in lm.model.named_parameters()
        if "layers.0." in name and "lora_B" in name and param.grad is not None
    }
    assert len(first) == 7
    assert all(norm > 0 for norm in first.values()), first
