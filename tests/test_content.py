"""A suggestion must say something: the noise check, its labelled set, and the rules that use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propersim_gym.env.core import ProPerSimEnv
from propersim_gym.evaluator.rules import Situation
from propersim_gym.evaluator.understanding import TextUnderstanding
from propersim_gym.evaluator.understanding.content import NOISE_REASONS, noise_reason
from propersim_gym.personas import list_personas, load
from propersim_gym.policies.phrases import phrase
from propersim_gym.taxonomy import Tone, Topic

DATA = Path(__file__).parent / "data"
LEX = {"encoder": "lexical"}


def _rows(part: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"content_{part}.jsonl").read_text("utf-8").splitlines()]


def _rates(rows: list[dict]) -> tuple[float, float]:
    """(share of noise caught, share of fluent texts flagged)."""
    noise = [r for r in rows if r["label"] == "noise"]
    fluent = [r for r in rows if r["label"] == "fluent"]
    caught = sum(noise_reason(r["text"]) is not None for r in noise) / len(noise)
    flagged = sum(noise_reason(r["text"]) is not None for r in fluent) / len(fluent)
    return caught, flagged


def test_the_labelled_set_has_what_it_promises() -> None:
    rows = _rows("dev") + _rows("test")
    noise = [r for r in rows if r["label"] == "noise"]
    fluent = [r for r in rows if r["label"] == "fluent"]
    assert len(noise) >= 200 and len(fluent) >= 200
    assert len({r["kind"] for r in noise}) >= 6 and len({r["kind"] for r in fluent}) >= 6
    assert sum(r["kind"] == "undertrained-lm" for r in noise) >= 100
    assert len({r["text"] for r in rows}) == len(rows)


def test_noise_check_on_the_held_out_half() -> None:
    """The floor reached so far (see the xfail below for the issue's target): no fluent text flagged."""
    caught, flagged = _rates(_rows("test"))
    assert flagged <= 0.02, f"{flagged:.1%} of fluent suggestions flagged as noise"
    assert caught >= 0.70, f"only {caught:.1%} of noise caught"


@pytest.mark.xfail(strict=True, reason="target of the judge issue, not yet met by the rule-based check")
def test_noise_check_meets_the_target() -> None:
    caught, flagged = _rates(_rows("test"))
    assert caught >= 0.97 and flagged <= 0.02


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("👍👍👍", "no words"),
        ("asdf qwer zxcv?", "unintelligible"),
        ("Try a short windminute weMaybe now.", "unintelligible"),
        ("music music music", "repetition"),
        ("Try a new new interesting playlist today.", "repetition"),
        ("Budget.", "too short"),
        ("How about a", "dangling"),
        ("Here's an idea:", "dangling"),
        ("Decor art display shelf plants", "list"),
        (
            "Maybe try a lesson from love for you love a chapter of the somewhere more relax that "
            "watercolour teaser.",
            "word salad",
        ),
        ("Try a few minutes.", "nothing concrete"),
        ("Here's a suggestion for you!", "nothing concrete"),
        ("Here is a thought about music for you.", "nothing concrete"),  # a topic word in a frame
        ("Consider a playlist, a podcast, a film, a book or a recipe.", "nothing concrete"),
        ("Exercise; stretching; walking; fitness", "list"),
    ],
)
def test_each_kind_of_noise_is_named(text: str, reason: str) -> None:
    assert reason in NOISE_REASONS
    assert noise_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Water the basil today.",
        "Tea break? Kettle's on standby.",
        "Listen to a podcast while you cook; afterwards, jot tomorrow's plan in your journal.",
        "You could try a French seam on the tote bag so the edges don't fray.",
        "A quick mise en place now will make tonight's stir-fry much easier.",
        "Maybe now you can do little walk for refresh the mind.",
        'Your Kindle has "The Thursday Murder Club" waiting, a chapter before bed?',
        "Put on a podcast.",  # one category with something to do
        "Bake banana bread.",  # a terse order, not a list
        "Piano practice, 20 min.",
        "Chop veg for the stir-fry.",
    ],
)
def test_plain_suggestions_of_many_styles_say_something(text: str) -> None:
    assert noise_reason(text) is None


def test_words_are_counted_as_a_reader_sees_them() -> None:
    judge = TextUnderstanding(encoder="lexical")
    blank_joined = "\u2800".join(["word"] * 60)
    assert judge.analyze(blank_joined).words == 60
    assert judge.analyze("a\u200bb c").words == 2  # a zero-width space joins, it does not separate


def _welcome_moment(env: ProPerSimEnv):
    """Step in silence to the first welcome moment of the day (receptive, in a window, a topic fits)."""
    judge = env.evaluator
    while True:
        moment = env.moment()
        rubric = judge.rubric(moment.persona)
        situation = Situation.at(rubric, moment)
        if situation.welcome_moment and rubric.any_fits(situation.kind):
            return moment
        env.step("No Recommendation")


#: Texts the check reads as noise (the rule is tested here; how much noise the check catches, above).
NOISE_SAMPLES = [r["text"] for r in _rows("test") if noise_reason(r["text"]) is not None][::4]


@pytest.mark.parametrize("persona", range(1, 33))
def test_noise_never_beats_silence_at_a_welcome_moment(persona: int) -> None:
    env = ProPerSimEnv(persona=persona, **LEX)
    env.reset(seed=persona)
    moment = _welcome_moment(env)
    silence, *noise = env.evaluator.evaluate_many(moment, ["No Recommendation", *NOISE_SAMPLES])
    assert silence.timing == 0  # the moment is one at which silence loses a point
    beaten = [e.text for e in noise if e.total > silence.total]
    assert not beaten, f"persona {persona}: noise beat silence ({silence.total}): {beaten[:3]}"
    assert all(e.preference == 0 for e in noise)  # so none counts as welcomed


def test_a_repeat_of_todays_suggestion_is_not_welcome() -> None:
    env = ProPerSimEnv(persona=1, **LEX)
    env.reset(seed=0)
    line = "How about putting on a calm jazz playlist while you relax?"
    first = env.step(line)[4]["evaluation"]
    for _ in range(60):
        env.step("No Recommendation")
    padded = "How about putting on a calm jazz playlist while you relax? It is such a grey, slow afternoon."
    again = env.evaluate_many([line, "Maybe put on a calm jazz playlist and relax a little?", padded])
    assert all(e.preference == 0 and "already" in e.reasons["preference"] for e in again)
    assert first.reasons["preference"] != again[0].reasons["preference"]


def test_past_the_daily_maximum_a_suggestion_never_beats_silence() -> None:
    personas = [load(i) for i in list_personas()]
    persona = min(personas, key=lambda p: p.rubric.frequency.per_day[1])
    env = ProPerSimEnv(persona=persona, **LEX)
    env.reset(seed=0)
    cap = persona.rubric.frequency.per_day[1]
    lines = [phrase(topic, Tone.NEUTRAL, index) for index in range(2) for topic in Topic]
    for line in lines[:cap]:
        env.step(line)
    rubric = env.evaluator.rubric(persona)
    start = env.moment().minute
    since_heard = Situation.at(rubric, env.moment()).since_heard
    for line in lines[cap : cap + 10]:
        rec, silence = env.evaluate_many([line, "No Recommendation"])
        assert rec.frequency == 0 and rec.total <= silence.total
        # nothing is overdue once the maximum is reached
        assert silence.preference == 1 and silence.timing == 1
        assert "too rarely" not in silence.reasons["frequency"]
        env.step(line)
    # a suggestion past the maximum does not reset the "too long without one" clock
    elapsed = env.moment().minute - start
    assert Situation.at(rubric, env.moment()).since_heard == pytest.approx(since_heard + elapsed)
