"""Loading the assistant's language model: presets, any Hugging Face id or path, 4-bit, LoRA.

``load_model("tiny")`` builds/loads the cached tiny Llama (``propersim_agents.tiny``),
``load_model("smollm2")`` the converted SmolLM2-135M-Instruct, anything else is passed to
``from_pretrained`` (a local folder, or a Hub id when downloads are possible). 4-bit NF4 through
bitsandbytes is used on request (``quantize="nf4"``), and by default on CUDA for models of 3B+
parameters. LoRA follows the paper: r 16, alpha 32, dropout 0.05 on q,k,v,o,gate,up,down.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
LORA_R, LORA_ALPHA, LORA_DROPOUT = 16, 32, 0.05
LARGE_MODEL_PARAMETERS = 3e9
QUANT_INSTALL_HINT = "4-bit loading needs bitsandbytes: pip install 'propersim-gym[quant]' (or bitsandbytes)"


@dataclass(frozen=True)
class PresetSettings:
    """Prompt budgets that suit a model's context and speed."""

    max_memory_chars: int | None = 4000
    max_prompt_tokens: int | None = None
    generation_threads: int | None = None
    """Torch CPU threads while sampling (None: the process's count). Scoring and training keep all."""
    guided: bool = True
    """Guided decoding of the answer frame (see ``propersim_agents.generation``)."""
    training: dict[str, Any] = field(default_factory=dict)
    """``TrainingSettings`` defaults for this model (the user's ``training`` option overrides them)."""


PRESET_SETTINGS = {
    # tiny: the paper's DPO batch of 4 as one micro-batch instead of 4 x 1 (the same update in a quarter
    # of the calls: per-call overhead dominates a 2-layer model's step)
    "tiny": PresetSettings(
        max_memory_chars=300,
        max_prompt_tokens=896,
        generation_threads=1,
        training={"batch_size": 4, "grad_accum": 1},
    ),
    "smollm2": PresetSettings(max_memory_chars=800, max_prompt_tokens=1792),
}


@dataclass
class LoadedModel:
    """A model, its tokenizer and how it was loaded."""

    model: Any
    tokenizer: Any
    spec: str
    path: str
    device: str
    quantized: bool
    settings: PresetSettings

    @property
    def name(self) -> str:
        """A short name for logs and exported datasets."""
        return self.spec if self.spec in PRESET_SETTINGS else Path(self.path).name or self.path


def resolve_path(spec: str) -> str:
    """Folder or Hub id for a model spec ("tiny", "smollm2", a path, or an HF id)."""
    if spec == "tiny":
        from propersim_agents.tiny import tiny_dir

        return str(tiny_dir())
    if spec == "smollm2":
        from propersim_gym.llm.models import smollm2_dir

        return str(smollm2_dir())
    return spec


def _default_device(device: str | None) -> str:
    if device:
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _estimated_parameters(config: Any) -> float:
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    hidden = getattr(text, "hidden_size", 0) or 0
    layers = getattr(text, "num_hidden_layers", 0) or 0
    vocab = getattr(text, "vocab_size", 0) or 0
    return 12.0 * layers * hidden * hidden + vocab * hidden


def wants_quantization(quantize: str | bool | None, device: str, config: Any) -> bool:
    """Whether to load in 4-bit: on request, or (``quantize=None``) on CUDA for 3B+ parameter models."""
    if quantize is None:
        return device.startswith("cuda") and _estimated_parameters(config) >= LARGE_MODEL_PARAMETERS
    if isinstance(quantize, bool):
        return quantize
    value = quantize.lower()
    if value in ("nf4", "4bit", "4-bit", "bnb4"):
        return True
    if value in ("none", "no", "off", "false"):
        return False
    raise ValueError(f"quantize must be None, 'nf4' or 'none', got {quantize!r}")


def load_model(
    spec: str = "tiny",
    quantize: str | bool | None = None,
    device: str | None = None,
    dtype: str | None = None,
) -> LoadedModel:
    """Load a causal LM and its tokenizer (no adapter yet; see ``attach_lora``)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    path = resolve_path(spec)
    device = _default_device(device)
    config = AutoConfig.from_pretrained(path)
    quantized = wants_quantization(quantize, device, config)
    if dtype is None:
        torch_dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    else:
        torch_dtype = getattr(torch, dtype)
    kwargs: dict[str, Any] = {"dtype": torch_dtype}
    if quantized:
        if importlib.util.find_spec("bitsandbytes") is None:
            raise ImportError(QUANT_INSTALL_HINT)
        from transformers import BitsAndBytesConfig

        compute = torch.bfloat16 if device.startswith("cuda") else torch.float32
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=compute,
            bnb_4bit_use_double_quant=True,
        )
        kwargs["device_map"] = {"": device}
    tokenizer = AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(path, **kwargs)
    if not quantized:
        model.to(device)
    if quantized:
        from peft import prepare_model_for_kbit_training

        if device == "cpu":
            keep_cpu_4bit_trainable(model)

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    model.eval()
    settings = PRESET_SETTINGS.get(spec) or _settings_for_path(path)
    log.info("loaded %s from %s on %s%s", spec, path, device, " (4-bit nf4)" if quantized else "")
    return LoadedModel(model, tokenizer, spec, str(path), device, quantized, settings)


def keep_cpu_4bit_trainable(model: Any) -> int:
    """Turn off bitsandbytes' repacking of 4-bit weights for its AVX512-BF16 CPU kernel; returns the
    number of layers changed.

    From 0.49 on, on a CPU with AVX512-BF16, bitsandbytes repacks a 4-bit weight on its first inference
    forward and from then on multiplies through ``gemv_4bit``, which has no backward: gradients stop at
    every repacked layer, so after a day of acting DPO would train only the last layer's adapters
    (silently). The repacking also needs input widths divisible by 64 and fails with a reshape error on
    others (the tiny preset is 96 wide). Without it, bitsandbytes dequantizes per forward, on every CPU."""
    changed = 0
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False
            changed += 1
    return changed


def _settings_for_path(path: str) -> PresetSettings:
    """Preset settings for a local folder: a tiny build (it has build.json) gets the tiny preset's."""
    if (Path(path) / "build.json").is_file():
        return PRESET_SETTINGS["tiny"]
    return PresetSettings()


def lora_config(model: Any) -> Any:
    """The paper's LoRA: r 16, alpha 32, dropout 0.05 on the attention and MLP projections."""
    from peft import LoraConfig

    names = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    targets: list[str] | str = [t for t in LORA_TARGETS if t in names] or "all-linear"
    return LoraConfig(
        r=LORA_R,
        lora_alpha=LORA_ALPHA,
        lora_dropout=LORA_DROPOUT,
        target_modules=targets,
        bias="none",
        task_type="CAUSAL_LM",
    )


def attach_lora(loaded: LoadedModel, adapter_dir: str | Path | None = None, seed: int = 0) -> Any:
    """Wrap the model in a trainable LoRA adapter named "default" (fresh, or read from ``adapter_dir``).
    A fresh adapter's random init draws from ``seed``, not from torch's global generator (which torch
    seeds differently in every process)."""
    import torch
    from peft import PeftModel, get_peft_model

    if adapter_dir is not None:
        model = PeftModel.from_pretrained(loaded.model, str(adapter_dir), is_trainable=True)
    else:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(seed))
            model = get_peft_model(loaded.model, lora_config(loaded.model))
    model.eval()
    loaded.model = model
    return model


def save_adapter(model: Any, directory: str | Path) -> Path:
    """Save only the "default" adapter (never TRL's frozen "ref" copy)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(directory), selected_adapters=["default"])
    return directory


def load_adapter_weights(model: Any, directory: str | Path) -> None:
    """Overwrite the "default" adapter's weights with those saved in ``directory``."""
    from peft.utils import set_peft_model_state_dict

    directory = Path(directory)
    file = directory / "adapter_model.safetensors"
    if file.is_file():
        from safetensors.torch import load_file

        state = load_file(str(file))
    elif (directory / "adapter_model.bin").is_file():
        import torch

        state = torch.load(directory / "adapter_model.bin", map_location="cpu", weights_only=True)
    else:
        raise FileNotFoundError(f"no adapter weights in {directory}")
    result = set_peft_model_state_dict(model, state, adapter_name="default")
    unexpected = getattr(result, "unexpected_keys", None)
    if unexpected:
        raise ValueError(f"adapter in {directory} does not fit this model: unexpected keys {unexpected[:3]}")
