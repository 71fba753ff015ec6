"""Local Hugging Face chat models through transformers (SmolLM2-135M-Instruct by default, offline).

Structured output here is "prefill": the answer is started with ``{`` so a small model writes a
JSON object, which LLMClient then parses and validates. Sampling is seeded in a forked torch RNG,
so the global torch generator is left as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from propersim_gym.llm.client import LLMClient, Message, RawResult
from propersim_gym.llm.jsonout import json_object_end

SMOLLM2_ALIASES = ("smollm2", "smollm2-135m", "smollm2-135m-instruct")


def _json_stopper(tokenizer: Any, prompt_len: int, prefix: str) -> Any:
    """A StoppingCriteria that ends generation once the answer holds one complete JSON object."""
    from transformers import StoppingCriteria

    class StopAfterJSON(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> bool:
            text = prefix + tokenizer.decode(input_ids[0, prompt_len:], skip_special_tokens=True)
            return json_object_end(text) is not None

    return StopAfterJSON()


class HFClient(LLMClient):
    """A local transformers causal LM with a chat template; loads on first use."""

    backend = "hf"
    structured_modes = ("prefill",)

    def __init__(
        self,
        model: str = "smollm2",
        *,
        device: str = "cpu",
        dtype: str = "float32",
        timeout: float = 300.0,
        **kwargs: Any,
    ) -> None:
        self.source = model
        name = "smollm2-135m-instruct" if model.lower() in SMOLLM2_ALIASES else str(model)
        super().__init__(name, timeout=timeout, **kwargs)
        self.device = device
        self.dtype = dtype
        self._lock = threading.Lock()
        self._model: Any = None
        self._tokenizer: Any = None

    def _path(self) -> str:
        if self.source.lower() in SMOLLM2_ALIASES:
            from propersim_gym.llm.models import smollm2_dir

            return str(smollm2_dir())
        path = Path(self.source).expanduser()
        return str(path) if path.exists() else self.source

    def load(self) -> None:
        """Load tokenizer and model (idempotent)."""
        with self._lock:
            if self._model is not None:
                return
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            path = self._path()
            self._tokenizer = AutoTokenizer.from_pretrained(path)
            self._model = AutoModelForCausalLM.from_pretrained(path, dtype=getattr(torch, self.dtype))
            self._model.to(self.device).eval()

    def _generate(
        self,
        messages: list[Message],
        *,
        temperature: float,
        seed: int | None,
        max_tokens: int,
        mode: str | None,
        json_schema: dict[str, Any] | None,
    ) -> RawResult:
        import torch

        self.load()
        tok = self._tokenizer
        prompt = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        prefix = "{" if mode == "prefill" else ""
        inputs = tok(prompt + prefix, return_tensors="pt", add_special_tokens=False).to(self.device)
        sample = temperature > 0
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_tokens,
            "do_sample": sample,
            "max_time": self.timeout,
            "pad_token_id": tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id,
        }
        if prefix:
            from transformers import StoppingCriteriaList

            kwargs["stopping_criteria"] = StoppingCriteriaList(
                [_json_stopper(tok, int(inputs["input_ids"].shape[1]), prefix)]
            )
        if sample:
            kwargs.update(temperature=temperature, top_p=1.0, top_k=0)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        with self._lock, torch.random.fork_rng(devices=[]), torch.inference_mode():
            torch.manual_seed(0 if seed is None else int(seed))
            out = self._model.generate(**inputs, **kwargs)
        new = out[0, inputs["input_ids"].shape[1] :]
        text = prefix + tok.decode(new, skip_special_tokens=True)
        finished = bool(len(new)) and int(new[-1]) == tok.eos_token_id
        if prefix:
            end = json_object_end(text)
            finished = finished or end is not None
            text = text[:end] if end is not None else text
        return RawResult(
            text=text,
            input_tokens=int(inputs["input_ids"].shape[1]),
            output_tokens=len(new),
            finish_reason="stop" if finished else "length",
        )
