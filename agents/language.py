"""LanguagePolicy: what the LM policies share (model, sampler, prompt, retries of invalid output, RNG)."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from propersim_agents.buffer import Candidate
from propersim_agents.generation import Sampler
from propersim_agents.models import LoadedModel, attach_lora, load_model
from propersim_agents.prompt import (
    NO_RECOMMENDATION,
    PromptContext,
    build_messages,
    parse_output,
    render_prompt,
)

from propersim_gym.protocol import BasePolicy

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
CHECKPOINT_REMEDY = (
    "delete this checkpoint to resume from the day before, or restart the run with --overwrite"
)
MERGE_MAX_PARAMETERS = 2e9


class LanguagePolicy(BasePolicy):
    """Shared machinery of the LM policies: model, sampler, prompt, retries of invalid output, RNG."""

    name = "language-policy"
    required_memory = "ARS"
    """The environment ``memory`` level this policy expects in ``observation["memory"]``."""

    def __init__(
        self,
        model: str | LoadedModel = "tiny",
        *,
        run_dir: str | Path | None = None,
        seed: int = 0,
        max_new_tokens: int = 128,
        temperature: float = 0.9,
        top_p: float = 1.0,
        max_retries: int = 2,
        invalid: str = "raw",
        quantize: str | bool | None = None,
        device: str | None = None,
        max_memory_chars: int | None = -1,
        lora: bool = True,
        threads: int | None = None,
        merge_for_inference: bool = True,
        guided: bool | None = None,
    ) -> None:
        if invalid not in ("raw", "silence"):
            raise ValueError(
                f"invalid must be 'raw' (deliver the text as written) or 'silence', got {invalid!r}"
            )
        self.loaded = (
            model if isinstance(model, LoadedModel) else load_model(model, quantize=quantize, device=device)
        )
        if threads:  # else torch's default stands: all cores, or OMP_NUM_THREADS (a bench pool's share)
            import torch

            torch.set_num_threads(int(threads))
        if lora and not hasattr(self.loaded.model, "peft_config"):
            attach_lora(self.loaded, seed=seed)
        self.model_spec = self.loaded.spec
        self.seed = int(seed)
        self.rng = np.random.default_rng(self.seed)
        self.max_retries = int(max_retries)
        self.invalid = invalid
        self.max_memory_chars = (
            self.loaded.settings.max_memory_chars if max_memory_chars == -1 else max_memory_chars
        )
        on_cpu = self.loaded.device == "cpu"
        self.sampler = Sampler(
            self.loaded.model,
            self.loaded.tokenizer,
            max_new_tokens=max_new_tokens,
            temperature=temperature,
            top_p=top_p,
            max_prompt_tokens=self.loaded.settings.max_prompt_tokens,
            guided=self.loaded.settings.guided if guided is None else bool(guided),
            threads=threads or (self.loaded.settings.generation_threads if on_cpu else None),
        )
        self.merge_for_inference = merge_for_inference
        self.refresh_inference_model()
        self.run_dir = (
            Path(run_dir) if run_dir is not None else Path(tempfile.mkdtemp(prefix="propersim-agent-"))
        )
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.env: Any = None
        self.day = -1
        self.persona_id: int | None = None
        self.counters: dict[str, float] = {}
        self._reset_day_counters()

    # ------------------------------------------------------------------ helpers
    def refresh_inference_model(self) -> None:
        """Point the sampler at a copy of the model with the LoRA adapter merged in (call after the adapter
        changes). Unmerged LoRA adds seven small matmuls per layer to every decoding step; merging roughly
        halves generation time on CPU. Quantized models keep the unmerged adapter (merging would be lossy)."""
        model = self.loaded.model
        small = sum(p.numel() for p in model.parameters()) <= MERGE_MAX_PARAMETERS  # the copy doubles memory
        if (
            self.merge_for_inference
            and hasattr(model, "merge_and_unload")
            and not self.loaded.quantized
            and small
        ):
            import copy

            merged = copy.deepcopy(model).merge_and_unload()
            merged.eval()
            self.sampler.model = merged
        else:
            self.sampler.model = model

    def _reset_day_counters(self) -> None:
        self.counters = {
            "steps": 0,
            "generated": 0,
            "retries": 0,
            "invalid": 0,
            "gen_seconds": 0.0,
            "score_seconds": 0.0,
            "recommendations": 0,
            "contrast": 0,
        }

    def _check_memory_level(self, env: Any) -> None:
        level = getattr(env, "memory_level", None)
        if level is not None and level != self.required_memory:
            log.warning(
                "%s expects the environment's memory level %r but it is %r (gym.make(..., memory=%r))",
                self.name,
                self.required_memory,
                level,
                self.required_memory,
            )

    def start_day(self, env: Any, day: int) -> None:
        """Remember the (unwrapped) environment and the day."""
        self.env = getattr(env, "unwrapped", env)
        self.day = int(day)
        persona = getattr(self.env, "persona", None)
        self.persona_id = getattr(persona, "id", None)
        self._check_memory_level(self.env)
        self._reset_day_counters()

    def context(
        self, observation: dict[str, Any], retrieved: tuple[str, ...] = (), rubric: str = ""
    ) -> PromptContext:
        """The prompt context for an observation."""
        return PromptContext(
            time=str(observation.get("time", "")),
            action=str(observation.get("action", "")),
            location=str(observation.get("location", "")),
            memory=str(observation.get("memory", "") or ""),
            retrieved=retrieved,
            rubric=rubric,
        )

    def prompt(self, ctx: PromptContext, *, with_memory: bool = True, with_retrieved: bool = True) -> str:
        """The rendered prompt string (chat template applied)."""
        messages = build_messages(
            ctx,
            with_memory=with_memory,
            with_retrieved=with_retrieved,
            max_memory_chars=self.max_memory_chars,
        )
        return render_prompt(self.loaded.tokenizer, messages)

    def generate(self, prompt: str, n: int, frame: str | None = None) -> list[Candidate]:
        """``n`` candidates in one batched call; invalid ones are re-sampled (batched) up to ``max_retries``
        times, then kept, counted and logged. ``frame="suggestion"``: suggestions only (guided decoding)."""
        started = time.perf_counter()
        candidates: list[Candidate | None] = [None] * n
        todo = list(range(n))
        for attempt in range(self.max_retries + 1):
            if not todo:
                break
            sampled = self.sampler.sample(prompt, len(todo), seed=int(self.rng.integers(2**62)), frame=frame)
            self.counters["generated"] += len(todo)
            if attempt:
                self.counters["retries"] += len(todo)
            still = []
            for slot, text in zip(todo, sampled.texts, strict=True):
                parsed = parse_output(text)
                candidates[slot] = Candidate(
                    text=parsed.canonical(), kind=parsed.kind, raw=text, retries=attempt
                )
                if not parsed.valid:
                    still.append(slot)
            todo = still
        for slot in todo:
            cand = candidates[slot]
            assert cand is not None
            self.counters["invalid"] += 1
            log.warning(
                "invalid model output after %d retries (delivered as %s): %r",
                self.max_retries,
                self.invalid,
                cand.raw[:200],
            )
            self._log_invalid(cand.raw)
            if self.invalid == "silence" or not cand.text.strip():
                cand.text = NO_RECOMMENDATION
        self.counters["gen_seconds"] += time.perf_counter() - started
        return [c for c in candidates if c is not None]

    def _log_invalid(self, raw: str) -> None:
        path = self.run_dir / "agent" / "invalid_outputs.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"day": self.day, "step": int(self.counters["steps"]), "text": raw}) + "\n")

    def day_metrics(self) -> dict[str, float]:
        """Generation counters of the day (invalid outputs are reported, never hidden)."""
        c = self.counters
        generated = max(1.0, c["generated"])
        return {
            "agent/steps": float(c["steps"]),
            "agent/generated": float(c["generated"]),
            "agent/retries": float(c["retries"]),
            "agent/invalid_outputs": float(c["invalid"]),
            "agent/valid_rate": 1.0 - (c["retries"] + c["invalid"]) / generated,
            "agent/gen_seconds": float(c["gen_seconds"]),
            "agent/score_seconds": float(c["score_seconds"]),
        }

    def _rng_state(self) -> dict[str, Any]:
        return self.rng.bit_generator.state

    def _set_rng_state(self, state: dict[str, Any]) -> None:
        self.rng.bit_generator.state = state
