"""Errors of the LLM tier: each names the backend, model and what went wrong (never an API key)."""

from __future__ import annotations

from propersim_gym.errors import BudgetExceeded

__all__ = [
    "BudgetExceeded",
    "CacheMiss",
    "JudgeError",
    "LLMError",
    "LLMRequestError",
    "PlanError",
    "StructuredOutputError",
    "TransientLLMError",
]


class LLMError(RuntimeError):
    """Base class of every LLM-tier failure."""


class TransientLLMError(LLMError):
    """A failure worth retrying: timeout, connection reset, truncated or garbled body, 429, 5xx."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class LLMRequestError(LLMError):
    """A request that failed for good (after the retries, or a 4xx that retrying cannot fix)."""

    def __init__(self, message: str, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.status = status
        self.attempts = attempts


class StructuredOutputError(LLMError):
    """The model's answer was not valid JSON for the requested schema, even after re-asking."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


class CacheMiss(LLMError):
    """Replay mode found no cached response for a request: the recorded study lacks this call."""


class JudgeError(LLMError):
    """The LLM judge could not produce a valid 0/1 score (and no fallback policy was chosen)."""


class PlanError(LLMError):
    """The LLM user could not produce a valid day plan within its retries."""
