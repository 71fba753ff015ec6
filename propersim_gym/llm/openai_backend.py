"""OpenAI-compatible chat completions through the ``openai`` SDK (OpenAI, vLLM, Ollama, llama.cpp
server, ``transformers serve``). The SDK's own retries are switched off: LLMClient retries."""

from __future__ import annotations

import ipaddress
import os
from typing import Any
from urllib.parse import urlsplit

from propersim_gym.llm.client import LLMClient, Message, RawResult, StructuredModeUnsupported, redact_url
from propersim_gym.llm.errors import LLMError, LLMRequestError, TransientLLMError

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured")


def _is_local(url: str | None) -> bool:
    if not url:
        return False
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(headers: Any) -> float | None:
    try:
        value = headers.get("retry-after") if headers is not None else None
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class OpenAIClient(LLMClient):
    """Chat completions against any OpenAI-compatible server (``base_url``), key from arg or env."""

    backend = "openai"
    structured_modes = ("schema", "json", "prompt")

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        **kwargs: Any,
    ) -> None:
        import openai

        model = model or os.environ.get("OPENAI_MODEL") or DEFAULT_OPENAI_MODEL
        super().__init__(model, timeout=timeout, **kwargs)
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if not _is_local(self.base_url):
                raise LLMError(
                    "no OpenAI API key: set OPENAI_API_KEY or pass api_key= "
                    "(a local server given by base_url/OPENAI_BASE_URL needs none)"
                )
            key = "not-needed"
        self._secrets.append(key)
        self._token_param = "max_tokens"
        self._sdk = openai.OpenAI(api_key=key, base_url=self.base_url, timeout=timeout, max_retries=0)

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
        import openai

        params: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": temperature,
            self._token_param: max_tokens,
        }
        if seed is not None:
            params["seed"] = seed
        if mode == "schema" and json_schema is not None:
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": json_schema, "strict": False},
            }
        elif mode == "json":
            params["response_format"] = {"type": "json_object"}
        where = f"openai:{self.model} at {redact_url(self.base_url) or 'api.openai.com'}"
        try:
            completion = self._sdk.chat.completions.create(**params)
        except openai.APITimeoutError:
            raise TransientLLMError(f"{where}: timed out after {self.timeout:g} s") from None
        except openai.APIConnectionError as err:
            cause = err.__cause__ or err
            raise TransientLLMError(self.redact(f"{where}: connection failed: {cause}")) from None
        except openai.APIStatusError as err:
            status = err.status_code
            body = self.redact(str(err.message))[:300]
            if status == 429 or status >= 500 or status == 408:
                raise TransientLLMError(
                    f"{where}: HTTP {status}: {body}", status, _retry_after(err.response.headers)
                ) from None
            lowered = body.lower()
            if (
                status in (400, 422)
                and mode in ("schema", "json")
                and any(w in lowered for w in _FORMAT_WORDS)
            ):
                raise StructuredModeUnsupported(f"{where} rejected {mode} output: {body}") from None
            if status == 400 and self._token_param == "max_tokens" and "max_completion_tokens" in lowered:
                self._token_param = "max_completion_tokens"
                raise TransientLLMError(f"{where}: switching to max_completion_tokens") from None
            if status in (401, 403):
                raise LLMRequestError(
                    f"{where}: HTTP {status}: authentication failed (check OPENAI_API_KEY)", status
                ) from None
            raise LLMRequestError(f"{where}: HTTP {status}: {body}", status) from None
        except openai.APIResponseValidationError as err:
            raise TransientLLMError(self.redact(f"{where}: malformed response body: {err}")) from None
        except ValueError as err:  # a body that is not JSON at all
            raise TransientLLMError(self.redact(f"{where}: response body is not JSON: {err}")) from None
        choices = getattr(completion, "choices", None)
        if isinstance(completion, str) or not choices:
            raise TransientLLMError(
                f"{where}: malformed response body (no choices): {str(completion)[:120]!r}"
            )
        message = choices[0].message
        text = message.content if message is not None and message.content is not None else ""
        usage = getattr(completion, "usage", None)
        return RawResult(
            text=text,
            input_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            output_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            finish_reason=choices[0].finish_reason,
        )
