"""Phrase banks: the scripted policies' own lines, or a labelled file never used while tuning."""

from __future__ import annotations

from pathlib import Path

import pytest

from propersim_gym.policies.phrases import BUILTIN, PhraseBank, phrase
from propersim_gym.policies.scripted import CadencePolicy, EveryStepPolicy
from propersim_gym.taxonomy import Tone, Topic

UNSEEN = Path(__file__).parent / "data" / "topics_test.jsonl"


def test_the_builtin_bank_is_the_policies_own() -> None:
    assert all(BUILTIN.phrase(t, Tone.WARM, i) == phrase(t, Tone.WARM, i) for t in Topic for i in range(3))
    assert BUILTIN.count(Topic.MUSIC, Tone.NEUTRAL) == 2


def test_a_labelled_file_is_a_bank_of_single_topic_lines() -> None:
    bank = PhraseBank.from_jsonl(UNSEEN)
    assert bank.name == "topics_test.jsonl"
    assert sum(bank.count(t, Tone.NEUTRAL) for t in Topic) == 280  # the 40 two-idea lines are left out
    assert bank.phrase(Topic.GAMES, Tone.WARM, 0) == bank.phrase(
        Topic.GAMES, Tone.NEUTRAL, 0
    )  # no tone: both


def test_scripted_policies_speak_the_bank_they_are_given() -> None:
    bank = PhraseBank.from_jsonl(UNSEEN)
    lines = {text for (_, _), texts in bank.lines.items() for text in texts}
    policy = EveryStepPolicy(seed=3, bank=bank)
    assert all(policy.act({"minute": 600.0}) in lines for _ in range(50))
    assert CadencePolicy(90, seed=3, bank=bank).act({"minute": 600.0}) in lines


def test_a_bank_missing_a_topic_or_with_a_bad_line_is_refused(tmp_path: Path) -> None:
    short = tmp_path / "short.jsonl"
    short.write_text('{"text": "Water the basil.", "topic": "gardening"}\n', "utf-8")
    with pytest.raises(ValueError, match="no line for cooking/neutral"):
        PhraseBank.from_jsonl(short)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Water the basil.", "topic": "botany"}\n', "utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        PhraseBank.from_jsonl(bad)
