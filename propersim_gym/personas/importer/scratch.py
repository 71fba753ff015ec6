"""Reading the original scratch.json files: required fields, numbered lists, Big Five, pronouns, ids."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from propersim_gym.personas.schema import TRAITS, BigFive

CRITERIA_KEYS = {
    "preference": "Personal_Preference",
    "timing": "Timing",
    "frequency": "Frequency",
    "communication": "Communication_&_Safety",
}
REQUIRED_TEXT = (
    "name",
    "big_five_personality_traits",
    "daily_plan_req",
    "background",
    "current_interests",
    "lifestyle",
    "long_term_goals",
)
_FOLDER_ID = re.compile(r"^base_the_ville_persona_(\d+)$")


class OfficialImportError(ValueError):
    """An original persona file that cannot be read or imported; the message names file and field."""


def read_scratch(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OfficialImportError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise OfficialImportError(f"{path}: not valid JSON: {err}") from None
    if not isinstance(raw, dict):
        raise OfficialImportError(f"{path}: expected a JSON object at the top level")
    for key in REQUIRED_TEXT:
        _text(raw, key, path)
    if "age" not in raw or raw["age"] in (None, ""):
        raise OfficialImportError(f"{path}: missing field 'age'")
    try:
        int(raw["age"])
    except (TypeError, ValueError):
        raise OfficialImportError(f"{path}: field 'age' is not a number: {raw['age']!r}") from None
    criteria = raw.get("criteria")
    if criteria is None:
        raise OfficialImportError(f"{path}: missing field 'criteria'")
    if not isinstance(criteria, dict):
        raise OfficialImportError(f"{path}: field 'criteria' must be an object")
    for key in CRITERIA_KEYS.values():
        value = criteria.get(key)
        if value is None:
            raise OfficialImportError(f"{path}: missing field 'criteria.{key}'")
        if not isinstance(value, str) or len(value.strip()) < 20:
            raise OfficialImportError(
                f"{path}: field 'criteria.{key}' must be a text of at least 20 characters"
            )
    return raw


def _text(raw: dict[str, Any], key: str, path: Path) -> str:
    value = raw.get(key)
    if value is None:
        raise OfficialImportError(f"{path}: missing field '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise OfficialImportError(f"{path}: field '{key}' must be a non-empty text")
    return value.strip()


def split_numbered(text: str) -> list[str]:
    """Items of "X enjoys 1) ... 2) ... 3) ..." (the lead-in dropped, trailing periods removed)."""
    parts = re.split(r"(?:^|\s)\d+\)\s*", text.strip())
    if len(parts) == 1:
        return [text.strip().rstrip(".")]
    items = [p.strip().rstrip(".").strip() for p in parts[1:]]
    return [i for i in items if i]


_BIG_FIVE = re.compile(
    r"\b(high|low)\s+in\s+(extraversion|extroversion|agreeableness|conscientiousness|openness|neuroticism)",
    re.IGNORECASE,
)


def parse_big_five(text: str) -> BigFive:
    """ "High in Extraversion, Low in Agreeableness, ..." -> BigFive; every trait must be named once."""
    levels: dict[str, str] = {}
    for m in _BIG_FIVE.finditer(text):
        trait = m.group(2).lower().replace("extroversion", "extraversion")
        levels[trait] = m.group(1).lower()
    missing = [t for t in TRAITS if t not in levels]
    if missing:
        raise ValueError(f"cannot read the level of {', '.join(missing)} from {text!r}")
    return BigFive(**levels)


def guess_pronouns(texts: Iterable[str]) -> tuple[str, str]:
    """(pronouns, evidence) from the her/his/their counts of third-person texts; they/them if unclear."""
    joined = " ".join(texts)
    counts = {
        "she/her": len(re.findall(r"\b(?:she|her|hers|herself)\b", joined, re.IGNORECASE)),
        "he/him": len(re.findall(r"\b(?:he|him|his|himself)\b", joined, re.IGNORECASE)),
        "they/them": len(re.findall(r"\b(?:they|their|theirs|themselves|themself)\b", joined, re.IGNORECASE)),
    }
    best = max(counts.values())
    winners = [p for p, c in counts.items() if c == best]
    summary = ", ".join(f"{p.split('/')[0]}: {c}" for p, c in counts.items())
    if best == 0 or len(winners) > 1:
        return "they/them", f"no clear pronoun in the profile texts ({summary}); default they/them"
    return winners[0], f"pronoun counts in the profile texts ({summary})"


def find_scratch_files(path: str | Path) -> list[Path]:
    """Every scratch.json at or below ``path`` (a file, a persona folder, a storage folder), sorted."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.exists():
        raise OfficialImportError(f"{path}: no such file or folder")
    return sorted(path.rglob("scratch.json"))


def persona_id_from_path(path: Path) -> int | None:
    """N of the nearest enclosing folder named base_the_ville_persona_N, or None."""
    for parent in [path, *path.parents]:
        m = _FOLDER_ID.match(parent.name)
        if m:
            return int(m.group(1))
    return None


def assign_ids(files: Sequence[Path]) -> list[tuple[Path, int]]:
    known = {f: persona_id_from_path(f.resolve()) for f in files}
    taken = {i for i in known.values() if i is not None}
    counter = 1
    out = []
    for f in files:
        pid = known[f]
        if pid is None:
            while counter in taken:
                counter += 1
            pid = counter
            taken.add(pid)
        out.append((f, pid))
    return out
