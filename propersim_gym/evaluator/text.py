"""Reading an assistant action: validation, silence ("No Recommendation") and the JSON wrapper.

This runs on every environment step, so the common case (plain text) touches no JSON parser: only a
text that starts with ``{`` or a code fence is parsed. The rules are those of docs/scoring.md,
section "What counts as silence".
"""

from __future__ import annotations

import json
import re

#: The longest action (in characters) the environment accepts. Longer ones are rejected with a
#: ValueError before any state changes: no real recommendation needs more, and unbounded text would
#: make the judge's encoder and the memory store arbitrarily slow.
MAX_ACTION_CHARS = 4000

#: The silence phrase, compared case-insensitively after stripping quotes and trailing punctuation.
SILENCE_PHRASE = "no recommendation"

# C0/C1 control characters except tab, newline and carriage return (which are whitespace), plus
# DEL, zero-width and bidi-override characters that would hide text from a reader.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Quotes, brackets and punctuation that may surround or end the silence phrase.
_EDGE_CHARS = " \t\r\n\"'`“”‘’«»()[]<>*_.,;:!?…-–—"
_FENCE_RE = re.compile(r"^```[A-Za-z0-9_-]*\s*\n?(.*?)\n?\s*```$", re.DOTALL)
_SUGGESTION_KEY = "suggestion"


def validate_action(action: object) -> str:
    """Return ``action`` if it is an acceptable action string; raise TypeError/ValueError otherwise.

    The environment calls this before touching any state, so a bad action is rejected cleanly.
    """
    if not isinstance(action, str):
        raise TypeError(
            f"an action must be a str (a recommendation or 'No Recommendation'), got {type(action).__name__}"
        )
    if len(action) > MAX_ACTION_CHARS:
        raise ValueError(
            f"an action may have at most MAX_ACTION_CHARS={MAX_ACTION_CHARS} characters, got {len(action)}"
        )
    return action


def strip_control(text: str) -> str:
    """Remove control, zero-width and bidi-override characters (tab/newline become spaces)."""
    if text.isprintable():
        return text
    text = _CONTROL_RE.sub("", text)
    return text.replace("\t", " ").replace("\r", " ")


def is_silence_phrase(text: str) -> bool:
    """True for "No Recommendation" in any case, with optional quotes and trailing punctuation."""
    return text.strip(_EDGE_CHARS).lower() == SILENCE_PHRASE


def _unwrap_json(text: str) -> str | None:
    """The inner text of ``{"Suggestion": ...}`` (any key case, optionally fenced), else None."""
    body = text
    if body.startswith("```"):
        match = _FENCE_RE.match(body)
        if match is None:
            return None
        body = match.group(1).strip()
    if not body.startswith("{"):
        return None
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        if isinstance(key, str) and key.strip().lower() == _SUGGESTION_KEY:
            if value is None:
                return ""
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return None


def parse_recommendation(text: str) -> str | None:
    """The recommendation in an action, or None when the action is silence.

    Silence: empty/whitespace, "No Recommendation" in any case (quotes and trailing punctuation
    allowed), or ``{"Suggestion": "No Recommendation"}`` (any key case, also in a ```json fence).
    ``{"Suggestion": "..."}`` is unwrapped to its inner text; control characters are removed.
    """
    if not isinstance(text, str):
        raise TypeError(f"a recommendation must be a str, got {type(text).__name__}")
    text = strip_control(text).strip()
    if not text:
        return None
    if text[0] in "{`":
        inner = _unwrap_json(text)
        if inner is not None:
            text = strip_control(inner).strip()
            if not text:
                return None
    if len(text) <= 64 and is_silence_phrase(text):
        return None
    return text
