"""The LLM tier: one client interface over OpenAI-compatible, Gemini and local HF backends, with a
shared response cache and a cost ledger. SDKs and torch load only when a backend is built.

``make_client("openai:gpt-4o-mini")``, ``make_client("gemini:gemini-2.5-flash")``,
``make_client("hf:smollm2")`` or ``make_client("openai:MODEL@http://127.0.0.1:8000/v1")``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from propersim_gym.llm.cache import CACHE_MODES, ResponseCache, default_cache_path
from propersim_gym.llm.client import LLMClient, LLMResponse, RetryPolicy
from propersim_gym.llm.errors import (
    BudgetExceeded,
    CacheMiss,
    JudgeError,
    LLMError,
    LLMRequestError,
    PlanError,
    StructuredOutputError,
)
from propersim_gym.llm.ledger import Ledger, load_prices

DEFAULT_SPEC = "hf:smollm2"
BACKENDS = ("openai", "gemini", "hf")

__all__ = [
    "BACKENDS",
    "CACHE_MODES",
    "DEFAULT_SPEC",
    "BudgetExceeded",
    "CacheMiss",
    "JudgeError",
    "LLMClient",
    "LLMError",
    "LLMRequestError",
    "LLMResponse",
    "Ledger",
    "PlanError",
    "ResponseCache",
    "RetryPolicy",
    "StructuredOutputError",
    "default_cache_path",
    "load_prices",
    "make_client",
    "parse_spec",
    "resolve_tier",
]

_JUDGE_KEYS = {
    "judge_mode": "mode",
    "judge_fallback": "fallback",
    "judge_workers": "max_workers",
    "judge_max_tokens": "max_tokens",
}
_USER_KEYS = {
    "user_decompose": "decompose",
    "user_temperature": "temperature",
    "user_plan_retries": "plan_retries",
    "user_max_tokens": "max_tokens",
}


def parse_spec(spec: str) -> tuple[str, str | None, str | None]:
    """Split "backend:model[@base_url]" into (backend, model or None, base_url or None)."""
    text = spec.strip()
    backend, _, rest = text.partition(":")
    backend = backend.lower()
    if backend not in BACKENDS:
        raise ValueError(
            f"LLM spec {spec!r} must start with one of {', '.join(b + ':' for b in BACKENDS)} "
            "e.g. openai:gpt-4o-mini, gemini:gemini-2.5-flash, hf:smollm2"
        )
    model, base_url = rest, None
    if backend != "hf" and "@" in rest:
        model, _, base_url = rest.partition("@")
    return backend, (model or None), (base_url or None)


def make_client(
    spec: str | dict[str, Any] | LLMClient | None = None,
    *,
    cache: ResponseCache | None = None,
    cache_mode: str | None = None,
    cache_path: str | Path | None = None,
    ledger: Ledger | None = None,
    budget_usd: float | None = None,
    prices: str | Path | None = None,
    retry: RetryPolicy | None = None,
    **backend_kwargs: Any,
) -> LLMClient:
    """Build a client from a spec string (or a dict {"spec": ..., **these options}); a client passes
    through. None means ``$PROPERSIM_LLM`` or "hf:smollm2". The cache mode defaults to
    ``$PROPERSIM_LLM_CACHE`` or "read-write", the cache file to ``cache_dir("llm")/responses.sqlite``."""
    if isinstance(spec, LLMClient):
        return spec
    if isinstance(spec, dict):
        options = dict(spec)
        inner = options.pop("spec", None)
        explicit = {
            "cache": cache,
            "cache_mode": cache_mode,
            "cache_path": cache_path,
            "ledger": ledger,
            "budget_usd": budget_usd,
            "prices": prices,
            "retry": retry,
        }
        merged = {k: v for k, v in explicit.items() if v is not None} | backend_kwargs | options
        return make_client(inner, **merged)
    if spec is None:
        spec = os.environ.get("PROPERSIM_LLM") or DEFAULT_SPEC
    if not isinstance(spec, str):
        raise TypeError(f"llm must be a spec string, a dict or an LLMClient, got {type(spec).__name__}")
    backend, model, base_url = parse_spec(spec)
    if cache is None:
        mode = cache_mode or os.environ.get("PROPERSIM_LLM_CACHE") or "read-write"
        cache = ResponseCache(cache_path, mode=mode)
    if ledger is None:
        ledger = Ledger(prices=prices, budget_usd=budget_usd)
    common: dict[str, Any] = {"cache": cache, "ledger": ledger, "retry": retry, **backend_kwargs}
    if backend == "openai":
        from propersim_gym.llm.openai_backend import OpenAIClient

        if base_url is not None:
            common.setdefault("base_url", base_url)
        return OpenAIClient(model, **common)
    if backend == "gemini":
        from propersim_gym.llm.gemini_backend import GeminiClient

        if base_url is not None:
            common.setdefault("base_url", base_url)
        return GeminiClient(model, **common)
    from propersim_gym.llm.hf_backend import HFClient

    return HFClient(model or "smollm2", **common)


def resolve_tier(
    llm: str | dict[str, Any] | LLMClient | None,
) -> tuple[LLMClient, dict[str, Any], dict[str, Any]]:
    """The env's ``llm=`` argument as (one shared client, LLMJudge kwargs, LLMUser kwargs).

    ``llm`` is a spec string, an LLMClient, None (``$PROPERSIM_LLM`` or "hf:smollm2"), or a dict of
    make_client options plus ``judge_mode``, ``judge_fallback``, ``judge_workers``, ``judge_max_tokens``,
    ``user_decompose``, ``user_temperature``, ``user_plan_retries`` and ``user_max_tokens``.
    """
    judge: dict[str, Any] = {}
    user: dict[str, Any] = {}
    if isinstance(llm, dict):
        options = dict(llm)
        for key, name in _JUDGE_KEYS.items():
            if key in options:
                judge[name] = options.pop(key)
        for key, name in _USER_KEYS.items():
            if key in options:
                user[name] = options.pop(key)
        llm = options
    return make_client(llm), judge, user
