"""The 32 bundled personas, their quality checks, the loader's errors and the procedural generator."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from statistics import mean

import pytest

from propersim_gym.personas import PersonaFileError, list_personas, load, read_persona_file
from propersim_gym.personas.checks import (
    CALM_TOPICS,
    FAMILIAR_TOPICS,
    OPEN_TOPICS,
    STRUCTURE_TOPICS,
    feasibility_problems,
    persona_problems,
    profile_problems,
    text_agreement_problems,
    trait_consistency_problems,
    window_coverage,
)
from propersim_gym.personas.generator import generate_persona
from propersim_gym.personas.loader import DATA_DIR
from propersim_gym.personas.schema import TRAITS, BigFive, Persona
from propersim_gym.taxonomy import Tone, Topic

OFFICIAL = Path(__file__).resolve().parents[2] / "shared" / "reference" / "propersim-official"
ALL_CODES = ["".join(c) for c in itertools.product("HL", repeat=5)]
PERSONAS = list_personas()


def _by(trait: str, level: str) -> list[Persona]:
    return [p for p in PERSONAS if getattr(p.big_five, trait) == level]


def _raw(persona_id: int = 1) -> dict:
    return json.loads((DATA_DIR / f"persona_{persona_id:02d}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the bundled set


def test_bundled_files_validate_with_ids_1_to_32() -> None:
    files = sorted(DATA_DIR.glob("*.json"))
    assert len(files) == 32
    for path in files:
        assert read_persona_file(path).id == int(path.stem.split("_")[1])
    assert [p.id for p in PERSONAS] == list(range(1, 33))
    assert len({p.name for p in PERSONAS}) == 32


def test_every_big_five_combination_appears_once() -> None:
    assert sorted(p.big_five.code for p in PERSONAS) == sorted(ALL_CODES)


def test_names_pronouns_and_ages_vary() -> None:
    assert len({p.name.split()[-1] for p in PERSONAS}) == 32
    pronouns = {p.pronouns for p in PERSONAS}
    assert pronouns == {"she/her", "he/him", "they/them"}
    ages = [p.age for p in PERSONAS]
    assert min(ages) >= 29 and max(ages) <= 62 and len(set(ages)) >= 15
    assert {p.routine.work.kind for p in PERSONAS} == {"fixed", "flexible", "none"}


def _official_code(n: int) -> str:
    matches = sorted(
        (OFFICIAL / "storage" / f"base_the_ville_persona_{n}" / "personas").glob(
            "*/bootstrap_memory/scratch.json"
        )
    )
    assert matches, f"official persona {n} has no scratch.json"
    text = json.loads(matches[0].read_text(encoding="utf-8"))["big_five_personality_traits"]
    levels = [part.strip().split()[0] for part in text.split(",")]
    assert len(levels) == 5, text
    return "".join("H" if level == "High" else "L" for level in levels)


@pytest.mark.skipif(
    not OFFICIAL.is_dir(),
    reason=f"official ProPerSim reference not found at {OFFICIAL} (shared/ not beside the repo)",
)
def test_persona_n_has_official_persona_n_big_five() -> None:
    for persona in PERSONAS:
        assert persona.big_five.code == _official_code(persona.id), persona.name


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: f"{p.id:02d}-{p.big_five.code}")
def test_bundled_persona_passes_every_check(persona: Persona) -> None:
    assert feasibility_problems(persona) == []
    assert trait_consistency_problems(persona) == []
    assert text_agreement_problems(persona) == []
    assert profile_problems(persona) == []


def test_trait_effects_hold_on_average() -> None:
    high_e, low_e = _by("extraversion", "high"), _by("extraversion", "low")
    assert mean(p.rubric.frequency.min_gap_minutes for p in high_e) < 0.6 * mean(
        p.rubric.frequency.min_gap_minutes for p in low_e
    )
    assert mean(p.rubric.frequency.max_gap_minutes for p in high_e) < mean(
        p.rubric.frequency.max_gap_minutes for p in low_e
    )
    assert (
        mean(p.rubric.frequency.per_day[1] for p in high_e)
        > mean(p.rubric.frequency.per_day[1] for p in low_e) + 3
    )
    assert all(Topic.SOCIAL in p.rubric.preference.wanted_topics for p in high_e)
    assert sum(Topic.SOCIAL in p.rubric.preference.disliked for p in low_e) >= len(low_e) // 2

    high_n, low_n = _by("neuroticism", "high"), _by("neuroticism", "low")
    assert all(p.rubric.communication.tones == [Tone.WARM, Tone.NEUTRAL] for p in high_n)
    assert all(Tone.NEUTRAL in p.rubric.communication.tones for p in low_n)
    assert mean(p.rubric.communication.max_words for p in high_n) + 15 < mean(
        p.rubric.communication.max_words for p in low_n
    )
    assert all(p.rubric.preference.wanted_topics & CALM_TOPICS for p in high_n)
    assert all(
        Tone.COMMANDING not in p.rubric.communication.tones for p in high_n + _by("agreeableness", "high")
    )
    assert all(Tone.PUSHY not in p.rubric.communication.tones for p in PERSONAS)

    assert all(p.rubric.preference.wanted_topics & STRUCTURE_TOPICS for p in _by("conscientiousness", "high"))
    for p in _by("conscientiousness", "low"):
        assert not p.rubric.preference.wanted_topics & {Topic.PRODUCTIVITY, Topic.FINANCE}
    assert all(len(p.rubric.preference.wanted_topics & OPEN_TOPICS) >= 2 for p in _by("openness", "high"))
    for p in _by("openness", "low"):
        assert len(p.rubric.preference.wanted_topics & FAMILIAR_TOPICS) >= 2
        assert not p.rubric.preference.wanted_topics & {Topic.LEARNING, Topic.PODCASTS}


def test_no_single_behaviour_suits_every_persona() -> None:
    rubrics = [p.rubric for p in PERSONAS]
    # Neither a warm nor a commanding register, no topic, no gap between recommendations and no
    # length is acceptable to all 32 personas (a plain neutral register is, as it should be).
    accepted_by_all = set.intersection(*(set(r.communication.tones) for r in rubrics))
    assert accepted_by_all == {Tone.NEUTRAL}
    assert len({r.communication.max_words for r in rubrics}) >= 4
    assert not frozenset.intersection(*(r.preference.wanted_topics for r in rubrics))
    assert max(r.frequency.min_gap_minutes for r in rubrics) > min(
        r.frequency.max_gap_minutes for r in rubrics
    )
    # Everyone's disliked topics are wanted by someone else: topics matter per persona.
    wanted_anywhere = frozenset.union(*(r.preference.wanted_topics for r in rubrics))
    assert all(set(r.preference.disliked) <= wanted_anywhere for r in rubrics)
    assert len({tuple((w.start, w.end) for w in r.timing.windows) for r in rubrics}) == 32


def test_window_coverage_is_moderate() -> None:
    coverages = [window_coverage(p) for p in PERSONAS]
    assert all(0.35 <= c <= 0.65 for c in coverages)


def test_checks_find_planted_problems() -> None:
    data = _raw(1)
    data["rubric"]["communication"]["tones"] = ["warm"]
    data["rubric"]["timing"]["windows"] = [{"start": "14:15", "end": "15:15", "label": "only"}]
    data["rubric"]["frequency"]["text"] = "Whenever you like, really."
    persona = Persona.model_validate(data)
    feasibility = " ".join(feasibility_problems(persona))
    assert "(a)" in feasibility and "(c)" in feasibility and "(e)" in feasibility
    assert any("warm" in p for p in trait_consistency_problems(persona))
    agreement = " ".join(text_agreement_problems(persona))
    assert "min gap" in agreement and "14:15" in agreement
    assert persona_problems(persona)


# --------------------------------------------------------------------------- loading and malformed files


def test_load_by_id_name_path_and_persona(tmp_path: Path) -> None:
    first = load(1)
    assert load("1") == first
    assert load(first.name.upper()) == first
    assert load(f"  {first.name.lower()} ") == first
    assert load(DATA_DIR / "persona_01.json") == first
    assert load(str(DATA_DIR / "persona_05.json")).id == 5
    assert load(first) is first
    copy = tmp_path / "mine.json"
    copy.write_text(json.dumps(_raw(7)), encoding="utf-8")
    assert load(copy) == load(7)
    with pytest.raises(KeyError, match="no bundled persona with id 99"):
        load(99)
    with pytest.raises(KeyError, match="Nobody At All"):
        load("Nobody At All")
    with pytest.raises(TypeError):
        load(True)


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_missing_field_is_named(tmp_path: Path) -> None:
    data = _raw(3)
    del data["background"]
    path = _write(tmp_path, "missing.json", data)
    with pytest.raises(PersonaFileError) as err:
        read_persona_file(path)
    assert str(path) in str(err.value) and "field background" in str(err.value)


def test_bad_clock_time_is_named(tmp_path: Path) -> None:
    data = _raw(3)
    data["routine"]["weekday"]["wake"] = "25:99"
    path = _write(tmp_path, "clock.json", data)
    with pytest.raises(PersonaFileError) as err:
        read_persona_file(path)
    assert (
        str(path) in str(err.value) and "routine.weekday.wake" in str(err.value) and "25:99" in str(err.value)
    )


def test_unknown_topic_is_named(tmp_path: Path) -> None:
    data = _raw(4)
    data["rubric"]["preference"]["wanted"][0]["topic"] = "astrology"
    path = _write(tmp_path, "topic.json", data)
    with pytest.raises(PersonaFileError) as err:
        read_persona_file(path)
    assert str(path) in str(err.value) and "rubric.preference.wanted.0.topic" in str(err.value)


def test_overlapping_windows_are_rejected(tmp_path: Path) -> None:
    data = _raw(5)
    data["rubric"]["timing"]["windows"] = [
        {"start": "08:00", "end": "10:00", "label": "a"},
        {"start": "09:30", "end": "11:00", "label": "b"},
    ]
    path = _write(tmp_path, "overlap.json", data)
    with pytest.raises(PersonaFileError) as err:
        read_persona_file(path)
    assert str(path) in str(err.value) and "rubric.timing" in str(err.value) and "overlap" in str(err.value)


def test_non_json_and_absent_files_are_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.json", '{"id": 1, "name": ')
    with pytest.raises(PersonaFileError, match="not valid JSON") as err:
        read_persona_file(path)
    assert str(path) in str(err.value)
    with pytest.raises(PersonaFileError, match="no such persona file"):
        read_persona_file(tmp_path / "absent.json")


# --------------------------------------------------------------------------- generator


@pytest.mark.parametrize("code", ALL_CODES)
def test_generated_personas_are_valid_and_consistent(code: str) -> None:
    for seed in range(3):
        persona = generate_persona(code, seed, id=200 + seed)
        assert persona.id == 200 + seed and persona.big_five.code == code
        assert Persona.model_validate(persona.model_dump()) == persona
        assert persona_problems(persona) == []


def test_generator_is_deterministic_and_seed_dependent() -> None:
    a = generate_persona("HLHHL", 11)
    assert generate_persona(BigFive.from_code("HLHHL"), 11) == a
    others = [generate_persona("HLHHL", s) for s in range(12, 16)]
    assert all(o != a for o in others)
    assert len({o.name for o in [a, *others]}) >= 4
    # One seed across the 32 codes gives different people, not one name 32 times.
    assert len({generate_persona(code, 0).name for code in ALL_CODES}) >= 24


def test_generated_persona_round_trips_through_a_file(tmp_path: Path) -> None:
    persona = generate_persona("LLLLH", 4, id=77)
    path = tmp_path / "persona_77.json"
    path.write_text(persona.model_dump_json(indent=2), encoding="utf-8")
    assert read_persona_file(path) == persona
    assert load(path) == persona


def test_generated_traits_show_on_average() -> None:
    people = {code: [generate_persona(code, s) for s in range(2)] for code in ALL_CODES}

    def level(trait: str, value: str) -> list[Persona]:
        i = TRAITS.index(trait)
        return [p for code, ps in people.items() if code[i] == value[0].upper() for p in ps]

    gaps = {
        v: mean(p.rubric.frequency.min_gap_minutes for p in level("extraversion", v)) for v in ("high", "low")
    }
    assert gaps["high"] < 0.6 * gaps["low"]
    high_n = level("neuroticism", "high")
    assert all(p.rubric.communication.tones == [Tone.WARM, Tone.NEUTRAL] for p in high_n)


def test_generator_rejects_bad_codes() -> None:
    with pytest.raises(ValueError, match="five letters"):
        generate_persona("HHX", 0)
