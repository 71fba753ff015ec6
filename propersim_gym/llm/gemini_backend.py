"""Gemini through ``google-genai`` (the maintained successor of ``google-generativeai``).

The SDK only retries when ``retry_options`` are set; we leave them unset so LLMClient's retries
apply. ``base_url`` (e.g. a loopback test server) goes into ``HttpOptions``; the timeout too (ms).
"""

from __future__ import annotations

import os
from typing import Any

from propersim_gym.llm.client import LLMClient, Message, RawResult, StructuredModeUnsupported, redact_url
from propersim_gym.llm.errors import LLMError, LLMRequestError, TransientLLMError

DEFAULT_GEMINI_MODEL = "gemini-2.5-flash"


def _transport_errors() -> tuple[type[BaseException], ...]:
    """httpx / httpx2 transport errors (timeouts, resets, truncated bodies) the SDK lets through."""
    found: list[type[BaseException]] = []
    for name in ("httpx", "httpx2"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        for attr in ("TransportError", "TimeoutException", "DecodingError"):
            cls = getattr(module, attr, None)
            if isinstance(cls, type):
                found.append(cls)
    return tuple(found)


class GeminiClient(LLMClient):
    """Gemini ``generateContent``; key from arg, ``GEMINI_API_KEY`` or ``GOOGLE_API_KEY``."""

    backend = "gemini"
    structured_modes = ("schema", "json", "prompt")

    def __init__(
        self,
        model: str | None = None,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        thinking_budget: int | None = None,
        api_version: str = "v1beta",
        **kwargs: Any,
    ) -> None:
        from google import genai
        from google.genai import types

        model = model or os.environ.get("GEMINI_MODEL") or DEFAULT_GEMINI_MODEL
        super().__init__(model, timeout=timeout, **kwargs)
        key = api_key or os.environ.get("GEMINI_API_KEY") or os.environ.get("GOOGLE_API_KEY")
        if not key:
            raise LLMError("no Gemini API key: set GEMINI_API_KEY (or GOOGLE_API_KEY) or pass api_key=")
        self._secrets.append(key)
        self.base_url = base_url or os.environ.get("GEMINI_BASE_URL") or None
        # Flash models think by default and count thoughts against max_output_tokens: judging and
        # planning need no thinking, so it is off unless asked for (Pro cannot turn it off).
        if thinking_budget is None and "flash" in self.model:
            thinking_budget = 0
        self.thinking_budget = thinking_budget
        options = types.HttpOptions(
            base_url=self.base_url, api_version=api_version, timeout=int(timeout * 1000)
        )
        self._sdk = genai.Client(api_key=key, http_options=options)
        self._transport = _transport_errors()

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend, "model": self.model, "base_url": redact_url(self.base_url)}

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
        from google.genai import errors, types

        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system") or None
        contents = [
            types.Content(
                role="model" if m["role"] == "assistant" else "user", parts=[types.Part(text=m["content"])]
            )
            for m in messages
            if m["role"] != "system"
        ]
        config: dict[str, Any] = {
            "temperature": temperature,
            "max_output_tokens": max_tokens,
            "system_instruction": system,
        }
        if seed is not None:
            config["seed"] = seed
        if self.thinking_budget is not None:
            config["thinking_config"] = types.ThinkingConfig(thinking_budget=self.thinking_budget)
        if mode in ("schema", "json"):
            config["response_mime_type"] = "application/json"
            if mode == "schema" and json_schema is not None:
                config["response_json_schema"] = json_schema
        where = f"gemini:{self.model} at {redact_url(self.base_url) or 'the Gemini API'}"
        try:
            response = self._sdk.models.generate_content(
                model=self.model, contents=contents, config=types.GenerateContentConfig(**config)
            )
        except errors.APIError as err:
            status = int(err.code or 0)
            body = self.redact(str(err.message or err))[:300]
            if status in (408, 429) or status >= 500:
                raise TransientLLMError(f"{where}: HTTP {status}: {body}", status) from None
            if (
                status == 400
                and mode in ("schema", "json")
                and ("schema" in body.lower() or "mime" in body.lower())
            ):
                raise StructuredModeUnsupported(f"{where} rejected {mode} output: {body}") from None
            if status in (401, 403):
                raise LLMRequestError(
                    f"{where}: HTTP {status}: authentication failed (check GEMINI_API_KEY)", status
                ) from None
            raise LLMRequestError(f"{where}: HTTP {status}: {body}", status) from None
        except self._transport as err:
            kind = "timed out" if "timeout" in type(err).__name__.lower() else "connection failed"
            raise TransientLLMError(self.redact(f"{where}: {kind}: {type(err).__name__}: {err}")) from None
        except ValueError as err:  # body not JSON, or not the generateContent shape
            raise TransientLLMError(self.redact(f"{where}: malformed response body: {err}")) from None
        candidates = getattr(response, "candidates", None)
        if not candidates:
            feedback = getattr(response, "prompt_feedback", None)
            raise TransientLLMError(f"{where}: response has no candidates (prompt feedback: {feedback})")
        parts = candidates[0].content.parts if candidates[0].content and candidates[0].content.parts else []
        text = "".join(p.text for p in parts if getattr(p, "text", None) and not getattr(p, "thought", False))
        usage = response.usage_metadata
        output = (getattr(usage, "candidates_token_count", 0) or 0) + (
            getattr(usage, "thoughts_token_count", 0) or 0
        )
        finish = candidates[0].finish_reason
        return RawResult(
            text=text,
            input_tokens=int(getattr(usage, "prompt_token_count", 0) or 0),
            output_tokens=int(output),
            finish_reason="length" if finish is not None and "MAX_TOKENS" in str(finish) else str(finish),
        )
