"""The optional bitsandbytes path: a model loaded in 4-bit NF4 (here on the CPU, as bitsandbytes allows)."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_tiny_model_loads_and_generates_in_4bit() -> None:
    pytest.importorskip("bitsandbytes", reason="the quant extra is not installed")
    from propersim_agents.models import load_model

    lm = load_model("tiny", quantize="nf4", device="cpu")
    assert lm.quantized
    assert any(type(m).__name__ == "Linear4bit" for m in lm.model.modules())
    ids = lm.tokenizer("It is 08:00 and the user is making coffee.", return_tensors="pt")
    out = lm.model.generate(**ids, max_new_tokens=6, do_sample=False)
    assert out.shape[1] > ids["input_ids"].shape[1]
