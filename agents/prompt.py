"""The assistant's prompt (our own wording) and the robust parsing of what the model answers.

Sections: the role, optionally [RUBRIC] (the rubric-given reference), [MEMORY] (the observation's
memory text), [RETRIEVED] (similar past interactions), [ACTION] (time and current sub-action).
The expected answer is ``{"Suggestion": "..."}`` or ``No Recommendation``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from propersim_gym.llm.jsonout import json_object_end
from propersim_gym.protocol import NO_RECOMMENDATION

SYSTEM_PROMPT = (
    "You are a proactive home assistant for one person. Every few minutes, offer one short recommendation "
    "or stay quiet. Learn from memory and past scores (0-4) when and what this person wants."
)

ANSWER_FORMAT = (
    'Reply with exactly one line: either {"Suggestion": "<your recommendation>"} or No Recommendation.'
)


@dataclass(frozen=True)
class PromptContext:
    """What one decision is conditioned on (all plain text)."""

    time: str
    action: str
    location: str = ""
    memory: str = ""
    retrieved: tuple[str, ...] = ()
    rubric: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _clip_tail(text: str, limit: int | None) -> str:
    """Keep the last ``limit`` characters (the most recent memory), cut at a line start when possible."""
    text = text.strip()
    if limit is None or len(text) <= limit:
        return text
    cut = text[-limit:]
    newline = cut.find("\n")
    if 0 <= newline < len(cut) // 2:
        cut = cut[newline + 1 :]
    return "..." + cut


def user_message(
    ctx: PromptContext,
    *,
    with_memory: bool = True,
    with_retrieved: bool = True,
    max_memory_chars: int | None = None,
) -> str:
    """The user turn: the sections in a fixed order, [ACTION] last so truncation never hides it."""
    parts: list[str] = []
    if ctx.rubric:
        parts.append("[RUBRIC]\nWhat the person told us about their wishes:\n" + ctx.rubric.strip())
    if with_memory:
        memory = _clip_tail(ctx.memory, max_memory_chars)
        parts.append("[MEMORY]\n" + (memory or "(nothing yet today)"))
    if with_retrieved:
        lines = "\n".join(f"- {line}" for line in ctx.retrieved) if ctx.retrieved else "(none)"
        parts.append("[RETRIEVED]\nSimilar earlier moments (what you said -> score):\n" + lines)
    where = f" ({ctx.location})" if ctx.location else ""
    parts.append(f"[ACTION]\nTime: {ctx.time}\nThe person is now: {ctx.action}{where}")
    parts.append(ANSWER_FORMAT)
    return "\n\n".join(parts)


def build_messages(ctx: PromptContext, **kwargs: Any) -> list[dict[str, str]]:
    """System and user messages for a chat model."""
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": user_message(ctx, **kwargs)},
    ]


def render_prompt(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    """The prompt string through the tokenizer's chat template (plain fallback for base models)."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    text = "\n\n".join(f"{m['role'].upper()}:\n{m['content']}" for m in messages)
    return text + "\n\nASSISTANT:\n"


def short_time(time: str) -> str:
    """ "Thursday 2025-02-13 07:30" -> "Thu 07:30" (other forms unchanged)."""
    parts = time.split()
    if len(parts) == 3 and parts[0].isalpha() and ":" in parts[2]:
        return f"{parts[0][:3]} {parts[2]}"
    return time


def retrieved_line(time: str, activity: str, delivered: str, score: float, max_chars: int = 60) -> str:
    """One [RETRIEVED] line: when, what the person did, what was said (clipped), how it scored."""
    said = "quiet"
    if not is_silence(delivered):
        text = suggestion_text(delivered)
        text = text if len(text) <= max_chars else text[: max_chars - 3] + "..."
        said = f'"{text}"'
    return f"{short_time(time)} {activity}: {said} -> {score:g}/4"


# ---------------------------------------------------------------------------------------- parsing
Kind = Literal["silence", "recommendation", "invalid"]

_SILENCE_PREFIX_RE = re.compile(r"^\s*no[\s_-]*recommendation\b", re.IGNORECASE)
_FENCE_RE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    """A model answer understood: silence, a recommendation (with its inner text), or invalid."""

    kind: Kind
    text: str
    raw: str

    @property
    def valid(self) -> bool:
        return self.kind != "invalid"

    def canonical(self) -> str:
        """The form delivered to the environment and used as a training completion."""
        if self.kind == "silence":
            return NO_RECOMMENDATION
        if self.kind == "recommendation":
            return json.dumps({"Suggestion": self.text}, ensure_ascii=False)
        return self.raw.strip()


def _json_suggestion(text: str) -> str | None:
    """The value of a ``{"Suggestion": ...}`` object (any key case), or None."""
    fenced = _FENCE_RE.match(text)
    if fenced:
        text = fenced.group(1)
    text = text.strip()
    if not text.startswith("{"):
        return None
    end = text.find("}")
    while end != -1:
        try:
            obj = json.loads(text[: end + 1])
        except json.JSONDecodeError:
            end = text.find("}", end + 1)
            continue
        if isinstance(obj, dict) and len(obj) == 1:
            key, value = next(iter(obj.items()))
            if str(key).strip().lower() == "suggestion" and isinstance(value, str):
                return value
        return None
    return None


def parse_output(raw: str) -> Parsed:
    """Understand a generated answer; anything but the two allowed forms is ``invalid``.

    Silence follows the environment's own reading (``propersim_gym.protocol``): "No
    Recommendation" in any case with quotes/punctuation, or ``{"Suggestion": "No Recommendation"}``.
    A recommendation is a JSON object whose "Suggestion" (any key case) is a non-empty string,
    optionally in a code fence. Free text, broken JSON or other keys are ``invalid``.
    """
    from propersim_gym.protocol import parse_recommendation

    inner = parse_recommendation(raw)
    if inner is None:
        return Parsed("silence", NO_RECOMMENDATION, raw)
    value = _json_suggestion(raw.strip())
    if value is None or not value.strip():
        return Parsed("invalid", raw.strip(), raw)
    return Parsed("recommendation", value.strip(), raw)


def is_silence(text: str) -> bool:
    """Whether a delivered text means "No Recommendation"."""
    return parse_output(text).kind == "silence" or not text.strip()


def suggestion_text(text: str) -> str:
    """The inner text of a delivered recommendation (JSON unwrapped)."""
    parsed = parse_output(text)
    return parsed.text if parsed.kind == "recommendation" else text.strip()


def answer_complete(text: str) -> bool:
    """Whether generation may stop: the answer is complete, or it can no longer become a valid one.

    Complete: a JSON object closed, or the silence phrase written out. Hopeless (stop early, it will be
    retried): text that starts with anything but ``{``, a code fence, or the beginning of "No
    Recommendation" (after optional quotes), e.g. a model chatting instead of answering.
    """
    stripped = text.lstrip()
    if not stripped:
        return False
    if stripped.startswith("`"):
        body = stripped.lstrip("`")
        body = body[4:] if body.lower().startswith("json") else body
        body = body.lstrip()
        return bool(body) and (body[0] != "{" or json_object_end(body) is not None)
    if stripped.startswith("{"):
        return json_object_end(stripped) is not None
    plain = stripped.lstrip("\"'*").lower()
    if _SILENCE_PREFIX_RE.match(plain):
        return True
    phrase = NO_RECOMMENDATION.lower()
    return not (phrase.startswith(plain) or phrase.startswith(" ".join(plain.split())))
