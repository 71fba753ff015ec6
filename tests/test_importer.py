"""The importer of the original ProPerSim persona files and its deterministic phrase parsers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from propersim_gym.cli.personas import register
from propersim_gym.personas import read_persona_file
from propersim_gym.personas.importer import (
    CRITERIA_KEYS,
    DIMENSIONS,
    OfficialImportError,
    import_official,
    import_official_all,
    parse_big_five,
    recovery_table,
    split_numbered,
)
from propersim_gym.personas.rubric_text import (
    Anchors,
    avoided_kinds,
    parse_communication,
    parse_frequency,
    parse_preference,
    parse_time_phrase,
    parse_timing,
)
from propersim_gym.personas.schema import Persona
from propersim_gym.taxonomy import ActivityKind, Tone, Topic

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "propersim-official"
STORAGE = REFERENCE / "storage"
needs_originals = pytest.mark.skipif(
    not STORAGE.is_dir(),
    reason=f"the original ProPerSim persona files are not at {STORAGE} (CI clones the repo beside shared/)",
)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


# --------------------------------------------------------------------------------------------------
# Phrase parsers
# --------------------------------------------------------------------------------------------------

FREQUENCY_CASES = [
    # phrase, min_gap, max_gap, per_day, sources (min_gap, max_gap, per_day)
    ("about twice every 2 to 3 hours", 45, 180, (10, 16), ("text", "text", "rule")),
    ("around twice every two hours", 45, 120, (16, 16), ("text", "text", "rule")),
    ("three times a day", 160, 480, (3, 3), ("rule", "rule", "text")),
    (
        "four to five times per day, ideally spaced out every 3 to 4 hours",
        135,
        360,
        (4, 5),
        ("text", "text", "text"),
    ),
    (
        "no more than once every two hours, ideally just two to three times a day",
        120,
        720,
        (2, 3),
        ("text", "rule", "text"),
    ),
    ("once every morning and once before going to bed", 240, 720, (2, 2), ("rule", "rule", "text")),
    ("once every 4 hours", 180, 360, (4, 4), ("text", "text", "rule")),
    (
        "every 3 to 4 hours, with a maximum of five times per day",
        135,
        360,
        (4, 5),
        ("text", "text", "partial"),
    ),
    ("three times every three hours", 45, 180, (16, 16), ("text", "text", "rule")),
    ("two or three times a day", 160, 720, (2, 3), ("rule", "rule", "text")),
    ("around three times every day", 120, 720, (2, 4), ("rule", "rule", "text")),
    (
        "once every morning and once in the early afternoon, followed by a third time in the evening, "
        "with at least three-hour intervals",
        180,
        480,
        (3, 3),
        ("text", "rule", "text"),
    ),
    ("I like a quiet assistant that respects my rhythm.", 80, 480, (3, 6), ("default", "default", "default")),
]


@pytest.mark.parametrize(("phrase", "min_gap", "max_gap", "per_day", "sources"), FREQUENCY_CASES)
def test_frequency_phrases(
    phrase: str, min_gap: int, max_gap: int, per_day: tuple[int, int], sources: tuple
) -> None:
    parsed = parse_frequency(phrase)
    assert (parsed.min_gap_minutes, parsed.max_gap_minutes, parsed.per_day) == (min_gap, max_gap, per_day)
    got = (parsed.sources["min_gap_minutes"], parsed.sources["max_gap_minutes"], parsed.sources["per_day"])
    assert got == sources


TIME_CASES = [
    ("late morning", "10:00", "12:00"),
    ("early afternoon", "13:00", "15:00"),
    ("after 9 PM", "21:00", "23:00"),
    ("between 6:00 and 9:00 AM", "06:00", "09:00"),
    ("around 8am", "07:30", "08:30"),
    ("in the evening around 8:30pm", "20:00", "21:00"),
    ("during my lunch break at 12:30pm", "12:30", "13:30"),
    ("before going to bed", "21:00", "22:30"),  # default sleep 22:30
    ("after breakfast", "08:00", "09:30"),  # default breakfast 07:30
    ("during my creative breaks", "14:00", "16:00"),
    ("between 10 a.m. and 2 p.m.", "10:00", "14:00"),
    ("between 7pm to 8pm", "19:00", "20:00"),
    ("after I wake up at 7 a.m.", "07:00", "09:00"),
    ("in the morning, around 9am, after I've watered the plants", "08:30", "09:30"),
    ("shortly after my morning meditation around 6:30am", "06:00", "07:00"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), TIME_CASES)
def test_time_phrases(phrase: str, start: str, end: str) -> None:
    assert parse_time_phrase(phrase) == (hm(start), hm(end))


def test_time_phrases_hang_on_the_routine() -> None:
    anchors = Anchors(wake=6 * 60, sleep=21 * 60 + 30, breakfast=6 * 60 + 30, lunch=14 * 60, dinner=19 * 60)
    assert parse_time_phrase("before going to bed", anchors) == (hm("20:00"), hm("21:30"))
    assert parse_time_phrase("during my lunch break", anchors) == (hm("14:00"), hm("15:00"))
    assert parse_time_phrase("while I'm having breakfast", anchors) == (hm("06:30"), hm("07:30"))


def test_timing_text_windows_merge_and_avoid_parts() -> None:
    text = (
        "I prefer to receive recommendations in the late afternoon or early evening, as this is when I'm "
        "winding down. It's important that these recommendations don't interfere with my work hours or my "
        "journaling before bed."
    )
    parsed = parse_timing(text)
    assert [(s, e) for s, e, _ in parsed.windows] == [(hm("16:00"), hm("19:30"))]
    assert parsed.do_not_interrupt == [ActivityKind.WORK, ActivityKind.JOURNALING]


def test_negation_ends_at_a_resumption() -> None:
    text = (
        "I like suggestions when I'm not deeply engaged, like in the late morning or in the early afternoon."
    )
    assert [(s, e) for s, e, _ in parse_timing(text).windows] == [
        (hm("10:00"), hm("12:00")),
        (hm("13:00"), hm("15:00")),
    ]


AVOID_CASES = [
    ("don't interrupt my journaling at night", [ActivityKind.JOURNALING]),
    ("not during deep client work", [ActivityKind.WORK]),
    ("rather not during my breakfast routine", [ActivityKind.MEAL]),
    ("avoid my meditation", [ActivityKind.MEDITATION]),
    ("don't interfere with my midday nap", [ActivityKind.REST, ActivityKind.LEISURE]),
    ("don't interfere with my morning routine", [ActivityKind.HYGIENE, ActivityKind.MEAL]),
    ("don't disturb me before bed", [ActivityKind.REST]),
    ("not while I'm hosting guests", [ActivityKind.SOCIAL]),
]


@pytest.mark.parametrize(("text", "kinds"), AVOID_CASES)
def test_avoid_phrases(text: str, kinds: list[ActivityKind]) -> None:
    assert list(dict.fromkeys(k for k, _ in avoided_kinds(text))) == kinds


def test_preference_topics_and_situations() -> None:
    text = (
        "I prefer recommendations that align with my creative rhythm. Specifically, I like to receive decor "
        "suggestions when I'm rearranging a room, and recipe ideas when I'm cooking. I also enjoy podcasts. "
        "I do not welcome suggestions about money, as budgeting stresses me."
    )
    parsed = parse_preference(text, interests=["Gardening and cultivating native plants"])
    wanted = {w.topic: w.situations for w in parsed.wanted}
    assert wanted[Topic.HOME_DECOR] == (ActivityKind.HOBBY,)
    assert wanted[Topic.COOKING] == (ActivityKind.COOKING,)
    assert wanted[Topic.PODCASTS] == ()
    assert wanted[Topic.GARDENING] == ()  # from the interests: welcome anywhere
    assert [t for t, _ in parsed.disliked] == [Topic.FINANCE]


COMMUNICATION_CASES = [
    ("I like a friendly and casual tone, warm and gentle.", [Tone.WARM], 60, "default"),
    ("Please be concise, direct and professional.", [Tone.NEUTRAL], 30, "text"),
    ("Keep it short and straightforward.", [Tone.NEUTRAL], 40, "text"),
    ("A friendly and casual tone, nothing too pushy or overly structured.", [Tone.WARM], 60, "default"),
    ("A calm, polite, and neutral tone. I don't respond well to overly enthusiastic or informal messaging.",
     [Tone.NEUTRAL], 60, "default"),
    ("A direct but thoughtful tone without fluff. A voice that is clear and lightly assertive.",
     [Tone.NEUTRAL, Tone.COMMANDING], 30, "text"),
    ("A polite and informative style, respecting eco-friendly practices.", [Tone.NEUTRAL], 80, "text"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tones", "max_words", "source"), COMMUNICATION_CASES)
def test_communication(text: str, tones: list[Tone], max_words: int, source: str) -> None:
    parsed = parse_communication(text)
    assert parsed.tones == tones
    assert (parsed.max_words, parsed.max_words_source) == (max_words, source)


def test_profile_helpers() -> None:
    assert split_numbered("X enjoys 1) Knitting. 2) Baking bread. 3) Reading.") == [
        "Knitting",
        "Baking bread",
        "Reading",
    ]
    big_five = parse_big_five(
        "High in Extraversion, Low in Agreeableness, High in Conscientiousness, "
        "Low in Openness to Experience, High in Neuroticism"
    )
    assert big_five.code == "HLHLH"
    with pytest.raises(ValueError, match="neuroticism"):
        parse_big_five(
            "High in Extraversion, Low in Agreeableness, High in Conscientiousness, Low in Openness"
        )


# --------------------------------------------------------------------------------------------------
# The 32 original files
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported() -> list:
    if not STORAGE.is_dir():
        pytest.skip(f"the original ProPerSim persona files are not at {STORAGE}")
    return import_official_all(STORAGE)


def _original(result) -> dict:
    return json.loads(result.source.read_text(encoding="utf-8"))


@needs_originals
def test_all_32_import_into_valid_personas(imported: list) -> None:
    assert [r.persona.id for r in imported] == list(range(1, 33))
    codes = {r.persona.big_five.code for r in imported}
    assert len(codes) == 32  # every High/Low combination once
    for r in imported:
        again = Persona.model_validate(r.persona.model_dump(mode="json"))
        assert again == r.persona
        assert r.source.name == "scratch.json"
        assert f"base_the_ville_persona_{r.persona.id}" in str(r.source)


@needs_originals
def test_texts_are_carried_over_verbatim(imported: list) -> None:
    for r in imported:
        raw, p = _original(r), r.persona
        rubric = {"preference": p.rubric.preference, "frequency": p.rubric.frequency,
                  "timing": p.rubric.timing, "communication": p.rubric.communication}  # fmt: skip
        for dim, key in CRITERIA_KEYS.items():
            assert rubric[dim].text == raw["criteria"][key].strip()
        assert p.background == raw["background"].strip()
        assert p.long_term_goals == raw["long_term_goals"].strip()
        assert p.age == int(raw["age"])
        assert p.name == raw["name"]
        assert len(p.interests) == 3 and len(p.lifestyle) == 3 and len(p.daily_needs) == 3
        assert all(item in raw["current_interests"] for item in p.interests)
        assert all(item in raw["daily_plan_req"] for item in p.daily_needs)


STRUCTURED = {
    "preference": {"wanted", "disliked"},
    "frequency": {"min_gap_minutes", "max_gap_minutes", "per_day"},
    "timing": {"windows", "do_not_interrupt"},
    "communication": {"tones", "max_words", "never"},
}
PROFILE_DERIVED = {
    "pronouns", "routine.weekday.wake", "routine.weekday.sleep", "routine.meals.breakfast",
    "routine.meals.lunch", "routine.meals.dinner", "routine.weekend", "routine.work", "activities",
}  # fmt: skip


@needs_originals
def test_report_lists_every_field_not_read_from_the_text(imported: list) -> None:
    for r in imported:
        report = r.report
        for dim in DIMENSIONS:
            assert {n.field for n in report.dimensions[dim].notes} == STRUCTURED[dim]
        assert {n.field for n in report.profile} >= PROFILE_DERIVED
        missing = report.not_from_text()
        listed = {(section, n.field) for section, n in missing}
        markdown = report.to_markdown()
        for dim in DIMENSIONS:
            for n in report.dimensions[dim].notes:
                if n.source != "text":
                    assert (dim, n.field) in listed
                    assert n.evidence, f"{dim}.{n.field} of persona {r.persona.id} has no reason"
                    assert f"| {n.field} | {n.source}" in markdown
        # the routine and activities are never in the originals: always reported as rule / default
        assert {("profile", f) for f in PROFILE_DERIVED - {"pronouns"}} <= listed | {
            ("profile", n.field) for n in report.profile if n.source in ("text", "partial")
        }
        assert ("profile", "activities") in listed
        assert ("profile", "routine.work") in listed
        assert ("communication", "never") in listed


@needs_originals
def test_known_personas_parse_as_expected(imported: list) -> None:
    by_id = {r.persona.id: r.persona for r in imported}
    p3 = by_id[3].rubric
    assert [(w.start, w.end) for w in p3.timing.windows] == [
        (hm("06:00"), hm("09:00")),
        (hm("21:00"), hm("23:00")),
    ]
    assert (p3.frequency.min_gap_minutes, p3.frequency.max_gap_minutes, p3.frequency.per_day) == (
        135,
        360,
        (4, 5),
    )
    assert p3.communication.tones == [Tone.NEUTRAL, Tone.COMMANDING]
    p7 = by_id[7].rubric
    assert set(p7.preference.disliked) == {Topic.FILM_TV, Topic.SOCIAL}
    assert set(p7.timing.do_not_interrupt) == {ActivityKind.MEDITATION, ActivityKind.JOURNALING}
    p1 = by_id[1]
    assert p1.pronouns == "she/her"
    assert {w.topic for w in p1.rubric.preference.wanted} == {Topic.HOME_DECOR, Topic.SOCIAL}
    assert by_id[27].routine.weekday.wake == hm("11:00")
    assert by_id[27].rubric.timing.windows[0].start == hm("11:00")  # "around 11am" clipped to the stated wake


@needs_originals
def test_recovery_table_counts(imported: list) -> None:
    table = recovery_table(imported)
    assert table.total == 128
    assert table.count("fully") + table.count("partly") + table.count("not") == 128
    rendered = table.render()
    assert sum(line.startswith("| ") for line in rendered.splitlines()) == 1 + 32  # header + one row each
    print(rendered)
    counts = table.by_dimension()
    assert counts["preference"] == {"fully": 32, "partly": 0, "not": 0}
    assert counts["timing"] == {"fully": 27, "partly": 5, "not": 0}
    assert counts["frequency"] == {"fully": 3, "partly": 29, "not": 0}
    assert counts["communication"] == {"fully": 6, "partly": 26, "not": 0}
    assert (table.count("fully"), table.count("partly"), table.count("not")) == (68, 60, 0)


@needs_originals
def test_single_file_and_folder_imports(imported: list) -> None:
    folder = STORAGE / "base_the_ville_persona_5"
    one = import_official(folder)
    assert one.persona == next(r.persona for r in imported if r.persona.id == 5)
    scratch = next(folder.rglob("scratch.json"))
    assert import_official(scratch).persona.id == 5
    assert import_official(scratch.parent.parent).persona.id == 5  # the persona folder
    with pytest.raises(OfficialImportError, match="import_official_all"):
        import_official(STORAGE)


def _scratch(tmp_path: Path, name: str, data: dict | str) -> Path:
    path = tmp_path / name / "bootstrap_memory" / "scratch.json"
    path.parent.mkdir(parents=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


MINIMAL = {
    "name": "Ada Park",
    "age": 41,
    "big_five_personality_traits": "Low in Extraversion, High in Agreeableness, High in Conscientiousness, "
    "High in Openness to Experience, Low in Neuroticism",
    "daily_plan_req": "1) Water the plants in the morning. 2) Read a novel for 30 minutes. 3) Journal.",
    "background": "Retired librarian who loves quiet mornings.",
    "current_interests": "Ada Park enjoys 1) Gardening. 2) Mystery novels. 3) Baking bread.",
    "lifestyle": "Ada Park typically 1) Wakes up at 6am. 2) Has lunch at 12:30pm. 3) Reads in bed by 9pm.",
    "long_term_goals": "Growing all her own herbs and reading a hundred books a year.",
    "criteria": {
        "Personal_Preference": "I prefer recommendations that align with my calm life. I like book "
        "suggestions when I'm reading and gardening tips when I'm watering my plants.",
        "Timing": "I prefer to receive recommendations in the late morning, around 10am, and after lunch.",
        "Frequency": "I prefer receiving recommendations twice a day, never more.",
        "Communication_&_Safety": "Please be gentle and brief with me, and respect my privacy.",
    },
}


def test_a_file_outside_the_original_layout_gets_a_running_number(tmp_path: Path) -> None:
    _scratch(tmp_path, "Ada Park", MINIMAL)
    _scratch(tmp_path, "Ben Park", {**MINIMAL, "name": "Ben Park"})
    results = import_official_all(tmp_path)
    assert [(r.persona.id, r.persona.name) for r in results] == [(1, "Ada Park"), (2, "Ben Park")]
    persona = results[0].persona
    assert persona.pronouns == "she/her"
    assert persona.routine.weekday.wake == hm("06:00")
    assert persona.routine.weekday.sleep == hm("22:00")  # in bed by 9pm -> 22:00 (reported as partial)
    assert persona.rubric.frequency.per_day == (2, 2)
    assert persona.rubric.communication.max_words == 40
    assert persona.rubric.communication.tones == [Tone.WARM]


def test_not_json_names_the_file(tmp_path: Path) -> None:
    path = _scratch(tmp_path, "Broken", "{ this is not json")
    with pytest.raises(OfficialImportError, match="not valid JSON") as err:
        import_official(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    ("drop", "field"),
    [
        ("criteria", "'criteria'"),
        ("criteria.Timing", "'criteria.Timing'"),
        ("criteria.Communication_&_Safety", "'criteria.Communication_&_Safety'"),
        ("big_five_personality_traits", "'big_five_personality_traits'"),
        ("age", "'age'"),
    ],
)
def test_missing_field_names_file_and_field(tmp_path: Path, drop: str, field: str) -> None:
    data = json.loads(json.dumps(MINIMAL))
    if "." in drop:
        outer, inner = drop.split(".")
        del data[outer][inner]
    else:
        del data[drop]
    path = _scratch(tmp_path, "Missing", data)
    with pytest.raises(OfficialImportError) as err:
        import_official(path)
    message = str(err.value)
    assert str(path) in message and field in message and "missing" in message


def test_unreadable_big_five_names_the_field(tmp_path: Path) -> None:
    path = _scratch(tmp_path, "Odd", {**MINIMAL, "big_five_personality_traits": "very nice"})
    with pytest.raises(OfficialImportError, match="big_five_personality_traits") as err:
        import_official(path)
    assert str(path) in str(err.value)


# --------------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


def test_cli_import_writes_personas_and_report(tmp_path: Path) -> None:
    _scratch(tmp_path / "in", "Ada Park", MINIMAL)
    out = tmp_path / "out"
    result = CliRunner().invoke(_app(), ["personas", "import", str(tmp_path / "in"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "fully" in result.output and "of 4 dimension fields" in result.output
    persona = read_persona_file(out / "persona_01.json")
    assert persona.name == "Ada Park"
    report = (out / "import_report.md").read_text(encoding="utf-8")
    assert "| id | name | Big Five |" in report and "### frequency" in report


@needs_originals
def test_cli_import_of_the_originals(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["personas", "import", str(STORAGE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("persona_*.json"))) == 32
    assert "of 128 dimension fields fully recovered" in result.output


def test_cli_import_error_exits_non_zero(tmp_path: Path) -> None:
    _scratch(tmp_path / "in", "Broken", "not json")
    result = CliRunner().invoke(
        _app(), ["personas", "import", str(tmp_path / "in"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "not valid JSON" in result.output


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(_app(), ["personas", "list"])
    assert listed.exit_code == 0, listed.output
    assert "H H H H H" in listed.output  # persona 1 (all high) is always bundled
    shown = runner.invoke(_app(), ["personas", "show", "1"])
    assert shown.exit_code == 0, shown.output
    from propersim_gym.personas import load

    persona = load(1)
    assert persona.rubric.timing.text in shown.output
    assert persona.rubric.communication.text in shown.output
    assert persona.background in shown.output
    missing = runner.invoke(_app(), ["personas", "show", "999"])
    assert missing.exit_code == 1
