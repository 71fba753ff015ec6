"""Batched sampling of candidate answers: n continuations of one prompt in one forward loop.

A small hand-written sampling loop (KV cache, temperature, optional top-p) rather than
``model.generate``: it takes a seeded ``torch.Generator`` (reproducible candidates), prefills the
prompt once for all rows, and stops each row at end-of-turn or as soon as the answer is complete
(closing brace, "No Recommendation") or can no longer become valid.

Two modes:

- free: the model writes the whole answer (the tiny preset learned the format: about 87% of its answers
  are well-formed at temperature 0.9 before any preference learning).
- guided (the default of every preset): the answer's frame is fixed and the model fills it. Its first
  token is restricted to the first token of ``{"Suggestion": "`` or of ``No Recommendation`` (sampled
  from the model's own probabilities: that is the speak-or-stay-quiet decision); a silence is then
  complete, a suggestion's prefix goes in as one forward call, its text is sampled freely until its
  closing quote, and the object is closed. Small instruct models (SmolLM2-135M) almost never produce
  the JSON form on their own, and DPO on a tiny model can erode the format it learned (free decoding
  fell to 19% valid on day 6 of one run); guided, answers stay well-formed and their log-probability
  is still the model's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from propersim_agents.prompt import NO_RECOMMENDATION, answer_complete

SUGGESTION_PREFIX = '{"Suggestion": "'


@dataclass
class Sampled:
    """Generated texts plus how many tokens each took."""

    texts: list[str]
    tokens: list[int]
    prompt_tokens: int


class Sampler:
    """Samples ``n`` answers to one prompt with a model and its tokenizer."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        max_new_tokens: int = 128,
        temperature: float = 0.9,
        top_p: float = 1.0,
        max_prompt_tokens: int | None = None,
        guided: bool = False,
        threads: int | None = None,
    ) -> None:
        if temperature < 0:
            raise ValueError(f"temperature must be >= 0, got {temperature}")
        self.model = model
        self.tokenizer = tokenizer
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.top_p = top_p
        self.guided = guided
        self.threads = threads
        limit = getattr(model.config, "max_position_embeddings", None) or 4096
        self.max_prompt_tokens = max_prompt_tokens or max(16, limit - max_new_tokens)
        eos = tokenizer.eos_token_id
        ids = set(eos if isinstance(eos, list) else [eos]) if eos is not None else set()
        gen_eos = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
        ids |= set(gen_eos if isinstance(gen_eos, list) else [gen_eos]) if gen_eos is not None else set()
        self.stop_ids = {i for i in ids if i is not None}
        self.cache_arg = _cache_argument(model)
        self._frames: tuple[list[int], list[int]] | None = None
        self._prefix_text = SUGGESTION_PREFIX

    def encode(self, prompt: str) -> list[int]:
        """Prompt token ids (tokenized as TRL tokenizes it), truncated from the left if too long."""
        ids = self.tokenizer(prompt)["input_ids"]
        return ids[-self.max_prompt_tokens :]

    def frames(self) -> tuple[list[int], list[int]]:
        """Token ids of the suggestion prefix and of the silence phrase (as a completion is tokenized)."""
        if self._frames is None:
            suggestion = self.tokenizer(SUGGESTION_PREFIX, add_special_tokens=False)["input_ids"]
            silence = self.tokenizer(NO_RECOMMENDATION, add_special_tokens=False)["input_ids"]
            if not suggestion or not silence or suggestion[0] == silence[0]:
                raise ValueError("guided decoding needs the two answer frames to start with different tokens")
            self._frames = (suggestion, silence)
            self._prefix_text = self.tokenizer.decode(suggestion, skip_special_tokens=True)
        return self._frames

    def sample(self, prompt: str, n: int, seed: int, frame: str | None = None) -> Sampled:
        """``n`` sampled answers to ``prompt``; ``seed`` makes them reproducible. ``frame="suggestion"``
        (guided decoding only) skips the speak-or-stay-quiet choice: every answer is a suggestion."""
        import torch

        if frame not in (None, "suggestion"):
            raise ValueError(f"frame must be None or 'suggestion', got {frame!r}")
        if frame and not self.guided:
            raise ValueError("forcing the suggestion frame needs guided decoding")

        if n < 1:
            return Sampled([], [], 0)
        model = self.model
        device = next(model.parameters()).device
        prompt_ids = self.encode(prompt)
        generator = torch.Generator(device=device).manual_seed(int(seed) % (2**63))
        rows = [_Row() for _ in range(n)]
        with torch.inference_mode():
            # Prefill once and share it: the n rows differ only from the first sampled token on.
            prompt_t = torch.tensor([prompt_ids], dtype=torch.long, device=device)
            outputs = model(input_ids=prompt_t, use_cache=True, logits_to_keep=1)
            past = getattr(outputs, self.cache_arg, None)
            logits = outputs.logits[:, -1, :].float()
            if n > 1:
                if past is not None and hasattr(past, "batch_repeat_interleave"):
                    past.batch_repeat_interleave(n)
                    logits = logits.expand(n, -1)
                else:  # pragma: no cover - caches without batch expansion: prefill n rows
                    outputs = model(input_ids=prompt_t.expand(n, -1), use_cache=True, logits_to_keep=1)
                    past = getattr(outputs, self.cache_arg, None)
                    logits = outputs.logits[:, -1, :].float()
            # decoding steps are tiny: they run at the sampler's thread count (the prefill at the process's)
            with torch_threads(self.threads):
                self._decode(logits, past, rows, generator, only_suggestion=frame == "suggestion")
        texts = [self._finish(r) for r in rows]
        return Sampled(texts, [len(r.ids) for r in rows], len(prompt_ids))

    def _decode(
        self, logits: Any, past: Any, rows: list[_Row], generator: Any, only_suggestion: bool
    ) -> None:
        """Sample the rows token by token from the prefilled cache ``past`` until all are done."""
        import torch

        model, n = self.model, len(rows)
        device = logits.device
        for step in range(self.max_new_tokens):
            if self.guided and step == 0:
                # The frame decides everything up to the suggestion's text: a silence is complete, and
                # the suggestion prefix goes in as one forward call instead of one call per token.
                self._pick_frame(logits, generator, rows, only_suggestion=only_suggestion)
                if all(r.done for r in rows):
                    break
                prefix = self.frames()[0]
                kwargs = {self.cache_arg: past}
                prefix_t = torch.tensor([prefix] * n, dtype=torch.long, device=device)
                outputs = model(input_ids=prefix_t, use_cache=True, logits_to_keep=1, **kwargs)
                past = getattr(outputs, self.cache_arg, None)
                logits = outputs.logits[:, -1, :].float()
                continue
            next_ids = self._pick(logits, generator)
            for i, row in enumerate(rows):
                if row.done:
                    continue
                token = int(next_ids[i])
                self._advance(row, token)
            if all(r.done for r in rows):
                break
            kwargs = {self.cache_arg: past}
            outputs = model(input_ids=next_ids.view(n, 1), use_cache=True, logits_to_keep=1, **kwargs)
            past = getattr(outputs, self.cache_arg, None)
            logits = outputs.logits[:, -1, :].float()

    # ------------------------------------------------------------------ rows
    def _advance(self, row: _Row, token: int) -> None:
        if token in self.stop_ids:
            row.done = True
            return
        row.ids.append(token)
        row.text = self.tokenizer.decode(row.ids, skip_special_tokens=True)
        if row.kind == "suggestion":
            row.done = _closing_quote(row.text[len(self._prefix_text) :]) is not None
        else:
            row.done = answer_complete(row.text)

    def _finish(self, row: _Row) -> str:
        if row.kind == "silence":
            return NO_RECOMMENDATION
        if row.kind == "suggestion":
            body = row.text[len(self._prefix_text) :] if row.text.startswith(self._prefix_text) else ""
            end = _closing_quote(body)
            return SUGGESTION_PREFIX + (body if end is None else body[:end]) + '"}'
        return row.text

    def _pick_frame(
        self, logits: Any, generator: Any, rows: list[_Row], only_suggestion: bool = False
    ) -> None:
        """Each row's frame, sampled between the first tokens of the suggestion and the silence frame: a
        silence row is then complete, a suggestion row holds the suggestion prefix."""
        import torch

        suggestion, silence = self.frames()
        allowed = torch.full_like(logits, float("-inf"))
        allowed[:, [suggestion[0]] if only_suggestion else [suggestion[0], silence[0]]] = 0.0
        picked = self._pick(logits + allowed, generator)
        for i, row in enumerate(rows):
            if int(picked[i]) == suggestion[0]:
                row.kind, row.ids = "suggestion", list(suggestion)
                row.text = self._prefix_text
            else:
                row.kind, row.ids, row.done = "silence", list(silence), True

    def _pick(self, logits: Any, generator: Any) -> Any:
        import torch

        if self.temperature == 0:
            return logits.argmax(dim=-1)
        probs = torch.softmax(logits / self.temperature, dim=-1)
        if self.top_p < 1.0:
            sorted_probs, order = probs.sort(dim=-1, descending=True)
            keep = sorted_probs.cumsum(dim=-1) - sorted_probs < self.top_p
            sorted_probs = sorted_probs * keep
            probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
        return torch.multinomial(probs, 1, generator=generator).view(-1)


@dataclass
class _Row:
    """Decoding state of one candidate."""

    kind: str = "free"
    ids: list[int] = field(default_factory=list)
    done: bool = False
    text: str = ""


@contextlib.contextmanager
def torch_threads(threads: int | None) -> Iterator[None]:
    """Run with ``threads`` torch CPU threads (None: unchanged), then restore the previous count."""
    if not threads:
        yield
        return
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(int(threads))
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _closing_quote(body: str) -> int | None:
    """Index of the first unescaped double quote in ``body`` (the end of the suggestion string)."""
    escaped = False
    for i, ch in enumerate(body):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            return i
    return None


def _cache_argument(model: Any) -> str:
    """``cache`` (transformers >= 5.2x) or ``past_key_values`` (older): the KV-cache argument of forward."""
    import inspect

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    try:
        params = inspect.signature(type(base).forward).parameters
    except (TypeError, ValueError):  # pragma: no cover - exotic models
        return "past_key_values"
    return "cache" if "cache" in params else "past_key_values"
