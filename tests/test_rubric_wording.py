"""Rules read as the persona texts read: what ends a quiet stretch, and hedged ("roughly") windows."""

from __future__ import annotations

import pytest

from propersim_gym.evaluator.base import Delivered, Moment
from propersim_gym.evaluator.rules import CompiledRubric, Situation
from propersim_gym.personas import list_personas, load
from propersim_gym.personas.checks import text_agreement_problems
from propersim_gym.personas.rubric_text import overdue_counts, window_slack
from propersim_gym.taxonomy import ActivityKind, Topic, UserState
from propersim_gym.user.schedule import SubAction


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("If three hours pass while I'm up without anything useful, I get restless.", "useful"),
        ("If three hours go by without a single useful thing, I feel behind.", "useful"),
        ("I don't want to go more than three hours without hearing anything.", "any"),
        ("Five hours of total silence makes me wonder.", "any"),
        ("If five hours pass with nothing at all, then I'd like something useful.", "any"),
    ],
)
def test_what_ends_a_quiet_stretch_follows_the_wording(text: str, counts: str) -> None:
    assert overdue_counts(text) == counts


@pytest.mark.parametrize(
    ("text", "slack"),
    [
        ("Roughly 9:00 to 11:00 and 16:00 to 18:00.", 15),
        ("From 10:30 to 12:30 and 17:00 to 19:00, give or take.", 15),
        ("From 8:30 to 10:30 - more or less.", 15),
        ("Roughly - I don't watch the clock - good times are 9:00 to 11:00.", 15),
        ("I plan my day, so please keep to these times: 9:00 to 11:00.", 0),
        ("From 11:30 to 13:15 around lunch.", 0),  # "around lunch" names a moment, not a hedge
    ],
)
def test_hedged_windows_get_slack(text: str, slack: int) -> None:
    assert window_slack(text) == slack


def test_bundled_fields_agree_with_their_texts() -> None:
    for pid in list_personas():
        persona = load(pid)
        assert not [p for p in text_agreement_problems(persona) if "overdue" in p or "slack" in p]
    assert load(3).rubric.frequency.overdue_counts == "useful"
    assert load(1).rubric.frequency.overdue_counts == "any"
    assert load(4).rubric.timing.slack_minutes == 15 and load(1).rubric.timing.slack_minutes == 0


def _moment(pid: int, minute: float, history: tuple[Delivered, ...] = ()) -> Moment:
    persona = load(pid)
    sub = SubAction(
        int(minute), int(minute) + 5, "reading", "", ActivityKind.READING, UserState.RELAXED, "home", ""
    )
    return Moment(
        persona, 0, minute, sub, persona.routine.weekday.wake, persona.routine.weekday.sleep, history
    )


def test_a_hedged_window_opens_a_little_early() -> None:
    for pid, inside in ((4, True), (1, False)):
        rubric = CompiledRubric.of(load(pid))
        start = min(w.start for w in load(pid).rubric.timing.windows)
        assert rubric.in_window(start - 10) is inside


@pytest.mark.parametrize(("pid", "overdue"), [(1, False), (3, True)])
def test_an_unwelcome_suggestion_ends_the_silence_only_when_the_text_counts_anything(
    pid: int, overdue: bool
) -> None:
    persona = load(pid)
    wake, max_gap = persona.routine.weekday.wake, persona.rubric.frequency.max_gap_minutes
    # a suggestion the user did not want, well after waking: they heard something, nothing useful
    unwanted = Delivered(wake + max_gap - 30, "Review this month's budget.", (Topic.FINANCE,), 1, False)
    situation = Situation.at(CompiledRubric.of(persona), _moment(pid, wake + max_gap + 10, (unwanted,)))
    assert situation.overdue is overdue


def test_noise_ends_no_silence() -> None:
    persona = load(1)
    wake, max_gap = persona.routine.weekday.wake, persona.rubric.frequency.max_gap_minutes
    noise = Delivered(wake + max_gap - 30, "asdf qwer", (), 0, False, said_something=False)
    situation = Situation.at(CompiledRubric.of(persona), _moment(1, wake + max_gap + 10, (noise,)))
    assert situation.overdue


def _sub(activity: str, kind: ActivityKind) -> SubAction:
    return SubAction(600, 605, activity, "", kind, UserState.RELAXED, "home", "")


def test_do_not_interrupt_holds_for_the_activities_the_text_names() -> None:
    # persona 4: "don't butt in while I'm on a call with friends or family, or while I'm in the bath"
    rubric = CompiledRubric.of(load(4))
    assert rubric.guards(_sub("a long candlelit bath", ActivityKind.HYGIENE))
    assert not rubric.guards(_sub("morning hygiene (brushing teeth)", ActivityKind.HYGIENE))
    assert rubric.guards(_sub("video-calling her sister", ActivityKind.SOCIAL))
    # a kind named without narrowing words is guarded whatever the activity
    assert CompiledRubric.of(load(1)).guards(_sub("lunch", ActivityKind.MEAL))


def test_interrupt_only_must_narrow_a_listed_kind() -> None:
    from pydantic import ValidationError

    raw = load(4).model_dump(mode="json")
    raw["rubric"]["timing"]["interrupt_only"] = {"meal": ["lunch"]}
    with pytest.raises(ValidationError, match="not in do_not_interrupt"):
        type(load(4)).model_validate(raw)
