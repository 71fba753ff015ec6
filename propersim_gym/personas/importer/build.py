"""Build a Persona and its import report from one scratch.json, or from every one below a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from propersim_gym.personas.importer.report import DimensionReport, FieldNote, ImportReport, ImportResult
from propersim_gym.personas.importer.routine import derive_routine
from propersim_gym.personas.importer.rubric import (
    derive_communication,
    derive_frequency,
    derive_preference,
    derive_timing,
)
from propersim_gym.personas.importer.scratch import (
    CRITERIA_KEYS,
    OfficialImportError,
    assign_ids,
    find_scratch_files,
    guess_pronouns,
    parse_big_five,
    persona_id_from_path,
    read_scratch,
    split_numbered,
)
from propersim_gym.personas.rubric_text import parse_routine_cues
from propersim_gym.personas.schema import Persona


def build_persona(raw: dict[str, Any], persona_id: int, path: Path) -> ImportResult:
    """Build a Persona and its import report from the parsed content of one scratch.json."""
    crit = raw["criteria"]
    texts = {dim: crit[key].strip() for dim, key in CRITERIA_KEYS.items()}
    try:
        big_five = parse_big_five(raw["big_five_personality_traits"])
    except ValueError as err:
        raise OfficialImportError(f"{path}: field 'big_five_personality_traits': {err}") from None
    interests = split_numbered(raw["current_interests"])
    lifestyle = split_numbered(raw["lifestyle"])
    daily = split_numbered(raw["daily_plan_req"])
    carried = {
        "name": raw["name"],
        "age": str(raw["age"]),
        "big_five": big_five.code,
        "background": raw["background"],
        "interests": "; ".join(interests),
        "lifestyle": "; ".join(lifestyle),
        "daily_needs": "; ".join(daily),
        "long_term_goals": raw["long_term_goals"],
    }
    profile = [FieldNote(k, "text", v, "carried over from the original file") for k, v in carried.items()]
    third_person = [
        raw[k] for k in ("background", "current_interests", "lifestyle", "daily_plan_req", "long_term_goals")
    ]
    pronouns, why = guess_pronouns(third_person)
    profile.append(FieldNote("pronouns", "default" if "default" in why else "text", pronouns, why))

    adjustments: list[str] = []
    cues = parse_routine_cues([raw["lifestyle"], raw["daily_plan_req"], texts["timing"]])
    draft, timing, timing_notes = derive_timing(texts["timing"], cues, big_five, adjustments)
    frequency, freq_notes = derive_frequency(texts["frequency"])
    preference, pref_notes = derive_preference(texts["preference"], interests)
    communication, comm_notes = derive_communication(texts["communication"])
    routine, activities = derive_routine(raw, draft, profile)
    data = {
        "id": persona_id,
        "name": raw["name"].strip(),
        "pronouns": pronouns,
        "age": int(raw["age"]),
        "big_five": big_five.model_dump(),
        "background": raw["background"].strip(),
        "interests": interests,
        "lifestyle": lifestyle,
        "daily_needs": daily,
        "long_term_goals": raw["long_term_goals"].strip(),
        "routine": routine,
        "activities": activities,
        "rubric": {
            "preference": preference,
            "frequency": frequency,
            "timing": timing,
            "communication": communication,
        },
    }
    try:
        persona = Persona.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in err.errors()
        )
        raise OfficialImportError(f"{path}: the imported persona does not validate: {problems}") from None
    report = ImportReport(
        dimensions={
            "preference": DimensionReport("preference", pref_notes),
            "frequency": DimensionReport("frequency", freq_notes),
            "timing": DimensionReport("timing", timing_notes),
            "communication": DimensionReport("communication", comm_notes),
        },
        profile=profile,
        adjustments=adjustments,
    )
    return ImportResult(persona=persona, source=path, report=report)


def import_file(path: str | Path, persona_id: int | None = None) -> ImportResult:
    """Import one scratch.json; id from its base_the_ville_persona_N folder, else ``persona_id``, else 1."""
    path = Path(path)
    raw = read_scratch(path)
    pid = persona_id if persona_id is not None else (persona_id_from_path(path.resolve()) or 1)
    return build_persona(raw, pid, path)


def import_official_all(path: str | Path) -> list[ImportResult]:
    """Import every scratch.json at or below ``path``, sorted by persona id."""
    files = find_scratch_files(path)
    if not files:
        raise OfficialImportError(f"{path}: no scratch.json found below this folder")
    results = [import_file(f, pid) for f, pid in assign_ids(files)]
    ids = [r.persona.id for r in results]
    if len(set(ids)) != len(ids):
        raise OfficialImportError(f"{path}: two persona files map to the same id: {sorted(ids)}")
    return sorted(results, key=lambda r: r.persona.id)


def import_official(path: str | Path) -> ImportResult:
    """Import the one persona at ``path``: a scratch.json, a persona folder or a base_the_ville_persona_N."""
    files = find_scratch_files(path)
    if not files:
        raise OfficialImportError(f"{path}: no scratch.json found below this folder")
    if len(files) > 1:
        raise OfficialImportError(
            f"{path}: holds {len(files)} persona files; use import_official_all() for a whole storage folder"
        )
    return import_file(files[0])
