"""Prompt templates shipped as package data (``llm/prompts/*.txt``) with ``{{name}}`` placeholders.

Double braces keep single braces free for the JSON examples inside the prompts. Rendering fails
loudly on a missing or unused field, so a prompt and its caller cannot drift apart silently.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_FIELD = re.compile(r"\{\{(\w+)\}\}")


@cache
def load_template(name: str) -> str:
    """The text of ``prompts/<name>.txt``."""
    path = resources.files("propersim_gym.llm").joinpath(f"prompts/{name}.txt")
    if not path.is_file():
        raise FileNotFoundError(f"no prompt template {name!r} in propersim_gym/llm/prompts/")
    return path.read_text(encoding="utf-8")


def template_fields(name: str) -> set[str]:
    """The placeholder names of a template."""
    return set(_FIELD.findall(load_template(name)))


def render(name: str, **fields: str) -> str:
    """Fill a template; KeyError naming any field that is missing or not in the template."""
    text = load_template(name)
    wanted = set(_FIELD.findall(text))
    missing, extra = wanted - set(fields), set(fields) - wanted
    if missing or extra:
        raise KeyError(f"template {name!r}: missing fields {sorted(missing)}, unknown fields {sorted(extra)}")
    # One pass, so a value that itself contains "{{x}}" is never expanded.
    return _FIELD.sub(lambda m: str(fields[m.group(1)]), text).strip()
