"""One interface for every LLM backend: cached, retried, ledgered chat completions with JSON output.

A backend implements ``_generate`` (one HTTP request or one local generation) and raises
TransientLLMError for what is worth retrying; ``LLMClient.complete`` adds the rest the same way
for all of them:

1. the response cache (content-addressed; replay mode never calls out),
2. retries with exponential backoff (optional seeded jitter) on timeouts, 429 and 5xx,
3. structured output: a JSON Schema where the server supports it, else JSON mode, else the
   prompt alone; the answer is always parsed and validated here, and re-asked a bounded number of
   times with the validation error when it does not fit,
4. the cost ledger (tokens, latency, dollars per component; budget cap).

No credential is ever part of a request record, a cache entry, a ledger line or an error message.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from propersim_gym.llm.cache import ResponseCache
from propersim_gym.llm.errors import LLMError, LLMRequestError, StructuredOutputError, TransientLLMError
from propersim_gym.llm.jsonout import SchemaViolation, parse_structured, schema_instruction, server_schema
from propersim_gym.llm.ledger import Ledger

Message = dict[str, str]
ROLES = ("system", "user", "assistant")
#: Structured-output modes, strongest first: server-side schema, server-side JSON mode, an opening
#: "{" written into the answer (local models), prompt only.
STRUCTURED_MODES = ("schema", "json", "prefill", "prompt")
CACHE_FORMAT = 1


class StructuredModeUnsupported(LLMError):
    """The server rejected a response_format/schema request: fall back to the next mode."""


@dataclass(frozen=True)
class LLMResponse:
    """The answer to one ``complete`` call."""

    text: str
    parsed: dict[str, Any] | None
    input_tokens: int
    output_tokens: int
    latency_s: float
    cached: bool
    backend: str
    model: str
    requests: int = 1
    """Live requests made for it (re-asks and retries included; 0 when cached)."""
    retries: int = 0
    structured_mode: str | None = None


@dataclass(frozen=True)
class RawResult:
    """What one backend request returned."""

    text: str
    input_tokens: int
    output_tokens: int
    finish_reason: str | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: delay_i = min(max_delay, base_delay * 2**i) * (1 + jitter * u_i), u ~ U[0,1)
    from a generator seeded with ``seed`` (jitter 0 = no randomness)."""

    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.0
    seed: int = 0

    def delays(self) -> list[float]:
        """The sleep before each retry, in order."""
        rng = np.random.default_rng(self.seed)
        out = []
        for i in range(self.max_retries):
            base = min(self.max_delay, self.base_delay * 2**i)
            out.append(base * (1.0 + self.jitter * float(rng.random())) if self.jitter else base)
        return out


def validate_messages(messages: list[Message]) -> list[Message]:
    """Check chat messages are {"role", "content"} dicts with known roles; return plain copies."""
    if not messages:
        raise ValueError("messages must not be empty")
    out = []
    for i, msg in enumerate(messages):
        role, content = msg.get("role"), msg.get("content")
        if role not in ROLES or not isinstance(content, str):
            raise ValueError(f"message {i} must be {{'role': one of {ROLES}, 'content': str}}, got {msg!r}")
        out.append({"role": role, "content": content})
    return out


def redact_url(url: str | None) -> str | None:
    """A URL without any user:password part (safe for logs and records)."""
    if not url:
        return url
    parts = urlsplit(url)
    if "@" in parts.netloc:
        parts = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1])
    return urlunsplit(parts)


def _with_instruction(messages: list[Message], schema: dict[str, Any]) -> list[Message]:
    msgs = copy.deepcopy(messages)
    instruction = schema_instruction(schema)
    if msgs[-1]["role"] == "user":
        msgs[-1]["content"] = msgs[-1]["content"].rstrip() + "\n\n" + instruction
    else:
        msgs.append({"role": "user", "content": instruction})
    return msgs


@dataclass
class _Totals:
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    requests: int = 0
    retries: int = 0
    texts: list[str] = field(default_factory=list)


class LLMClient:
    """Base class: ``complete`` with cache, retries, structured output and ledger over ``_generate``."""

    backend: str = "base"
    #: Structured modes this backend can try, strongest first.
    structured_modes: tuple[str, ...] = ("prompt",)

    def __init__(
        self,
        model: str,
        *,
        cache: ResponseCache | None = None,
        ledger: Ledger | None = None,
        retry: RetryPolicy | None = None,
        json_retries: int = 2,
        timeout: float = 60.0,
    ) -> None:
        self.model = model
        self.cache = cache if cache is not None else ResponseCache(mode="off")
        self.ledger = ledger if ledger is not None else Ledger()
        self.retry = retry if retry is not None else RetryPolicy()
        self.json_retries = json_retries
        self.timeout = timeout
        self._modes = list(self.structured_modes)
        self._secrets: list[str] = []

    # --- for backends -------------------------------------------------------------------------

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
        """One request to the model. Raise TransientLLMError (retry), StructuredModeUnsupported or
        LLMRequestError (give up)."""
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """Backend and model (and server address, without credentials) for configs and logs."""
        return {"backend": self.backend, "model": self.model}

    def redact(self, text: str) -> str:
        """``text`` with every known secret of this client replaced by ***."""
        for secret in self._secrets:
            if secret:
                text = text.replace(secret, "***")
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.backend}:{self.model})"

    # --- the one public call ------------------------------------------------------------------

    def complete(
        self,
        messages: list[Message],
        *,
        component: str = "assistant",
        temperature: float = 0.0,
        seed: int | None = 0,
        max_tokens: int = 256,
        json_schema: dict[str, Any] | None = None,
    ) -> LLMResponse:
        """Answer a chat; with ``json_schema`` the answer is parsed and validated into ``parsed``."""
        messages = validate_messages(messages)
        request = {
            "format": CACHE_FORMAT,
            "backend": self.backend,
            "model": self.model,
            "messages": messages,
            "temperature": float(temperature),
            "seed": seed,
            "max_tokens": int(max_tokens),
            "json_schema": json_schema,
        }
        if json_schema is not None:  # how hard we tried is part of a recorded failure
            request["json_retries"] = self.json_retries
        key = self._cache_key(request)
        hit = self.cache.require(key, {**request, "component": component})
        if hit is not None:
            return self._from_cache(hit, component)
        self.ledger.check_budget()
        totals = _Totals()
        try:
            if json_schema is None:
                raw = self._request(messages, totals, temperature, seed, max_tokens, None, None)
                text, parsed, mode = raw.text, None, None
            else:
                text, parsed, mode = self._structured(
                    messages, totals, temperature, seed, max_tokens, json_schema
                )
        except StructuredOutputError as err:
            entry = self._entry(totals, err.text, None, None, error=str(err))
            self.cache.put(key, request, entry)
            self._record(component, totals, cached=False, error="structured_output")
            raise
        except LLMError as err:
            self._record(component, totals, cached=False, error=type(err).__name__)
            raise
        self.cache.put(key, request, self._entry(totals, text, parsed, mode))
        self._record(component, totals, cached=False)
        return LLMResponse(
            text=text,
            parsed=parsed,
            input_tokens=totals.input_tokens,
            output_tokens=totals.output_tokens,
            latency_s=totals.latency_s,
            cached=False,
            backend=self.backend,
            model=self.model,
            requests=totals.requests,
            retries=totals.retries,
            structured_mode=mode,
        )

    # --- internals ----------------------------------------------------------------------------

    def _cache_key(self, request: dict[str, Any]) -> str:
        from propersim_gym.llm.cache import request_key

        return request_key(request)

    @staticmethod
    def _entry(totals: _Totals, text: str, parsed: Any, mode: str | None, error: str | None = None) -> dict:
        return {
            "text": text,
            "parsed": parsed,
            "structured_mode": mode,
            "error": error,
            "input_tokens": totals.input_tokens,
            "output_tokens": totals.output_tokens,
            "latency_s": totals.latency_s,
            "requests": totals.requests,
        }

    def _from_cache(self, hit: dict[str, Any], component: str) -> LLMResponse:
        totals = _Totals(hit["input_tokens"], hit["output_tokens"], 0.0, 0, 0)
        self._record(component, totals, cached=True, error="structured_output" if hit.get("error") else None)
        if hit.get("error"):
            raise StructuredOutputError(f"(cached) {hit['error']}", text=hit.get("text", ""))
        return LLMResponse(
            text=hit["text"],
            parsed=hit.get("parsed"),
            input_tokens=hit["input_tokens"],
            output_tokens=hit["output_tokens"],
            latency_s=0.0,
            cached=True,
            backend=self.backend,
            model=self.model,
            requests=0,
            retries=0,
            structured_mode=hit.get("structured_mode"),
        )

    def _record(self, component: str, totals: _Totals, *, cached: bool, error: str | None = None) -> None:
        self.ledger.record(
            component=component,
            backend=self.backend,
            model=self.model,
            input_tokens=totals.input_tokens,
            output_tokens=totals.output_tokens,
            latency_s=totals.latency_s,
            cached=cached,
            retries=totals.retries,
            error=error,
        )

    def _request(
        self,
        messages: list[Message],
        totals: _Totals,
        temperature: float,
        seed: int | None,
        max_tokens: int,
        mode: str | None,
        schema: dict[str, Any] | None,
    ) -> RawResult:
        """One logical request with retries on transient failures."""
        delays = self.retry.delays()
        for attempt in range(self.retry.max_retries + 1):
            start = time.perf_counter()
            try:
                raw = self._generate(
                    messages,
                    temperature=temperature,
                    seed=seed,
                    max_tokens=max_tokens,
                    mode=mode,
                    json_schema=schema,
                )
            except TransientLLMError as err:
                totals.latency_s += time.perf_counter() - start
                totals.requests += 1
                if attempt >= self.retry.max_retries:
                    raise LLMRequestError(
                        self.redact(
                            f"{self.backend}:{self.model}: giving up after {attempt + 1} attempts: {err}"
                        ),
                        status=err.status,
                        attempts=attempt + 1,
                    ) from None
                totals.retries += 1
                delay = delays[attempt]
                if err.retry_after is not None:
                    delay = min(self.retry.max_delay, max(delay, err.retry_after))
                time.sleep(delay)
                continue
            totals.latency_s += time.perf_counter() - start
            totals.requests += 1
            totals.input_tokens += raw.input_tokens
            totals.output_tokens += raw.output_tokens
            totals.texts.append(raw.text)
            return raw
        raise AssertionError("unreachable")  # pragma: no cover

    def _structured(
        self,
        messages: list[Message],
        totals: _Totals,
        temperature: float,
        seed: int | None,
        max_tokens: int,
        schema: dict[str, Any],
    ) -> tuple[str, dict[str, Any], str]:
        msgs = _with_instruction(messages, schema)
        wire_schema = server_schema(schema)
        problem = ""
        text = ""
        for _ in range(self.json_retries + 1):
            while True:
                mode = self._modes[0] if self._modes else "prompt"
                try:
                    raw = self._request(msgs, totals, temperature, seed, max_tokens, mode, wire_schema)
                    break
                except StructuredModeUnsupported:
                    if mode in self._modes and len(self._modes) > 1:
                        self._modes.remove(mode)
                    else:
                        raise
            text = raw.text
            try:
                return text, parse_structured(text, schema), mode
            except SchemaViolation as err:
                problem = str(err)
                if raw.finish_reason == "length":
                    problem += " (the answer was cut off by the token limit: be shorter)"
            msgs = [
                *msgs,
                {"role": "assistant", "content": text},
                {
                    "role": "user",
                    "content": f"That answer is not valid: {problem}. " + schema_instruction(schema),
                },
            ]
        raise StructuredOutputError(
            f"{self.backend}:{self.model}: no valid JSON after {self.json_retries + 1} answers: {problem}; "
            f"last answer began {text[:120]!r}",
            text=text,
        )
