"""Tone as the persona wrote it: the rules, the learned head, and their labelled set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from propersim_gym.evaluator.understanding import TextUnderstanding
from propersim_gym.evaluator.understanding.heads import head_file, load_head
from propersim_gym.evaluator.understanding.tone import classify_tone
from propersim_gym.taxonomy import Tone

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def _rows(part: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"tone_{part}.jsonl").read_text("utf-8").splitlines()]


def test_the_labelled_set_has_what_it_promises() -> None:
    rows = _rows("dev") + _rows("test")
    assert len(rows) >= 250
    assert {r["tone"] for r in rows} == {t.value for t in Tone}
    assert min(sum(r["tone"] == t.value for r in rows) for t in Tone) >= 60
    assert len({r["style"] for r in rows}) >= 6


@pytest.mark.parametrize("encoder", ["minilm", "minilm-int8", "lexical"])
def test_tone_on_the_held_out_half(encoder: str) -> None:
    rows = _rows("test")
    feats = TextUnderstanding(encoder).analyze_many([r["text"] for r in rows])
    misses = [
        f"{r['tone']} -> {f.tone.value}: {r['text']}"
        for r, f in zip(rows, feats, strict=True)
        if f.tone.value != r["tone"]
    ]
    accuracy = 1 - len(misses) / len(rows)
    print(f"tone accuracy ({encoder}, test half): {accuracy:.3f}")
    assert accuracy >= 0.90, "\n".join(misses)


def test_the_rules_alone_are_the_floor_the_head_starts_from() -> None:
    rows = _rows("test")
    accuracy = np.mean([classify_tone(r["text"]).value == r["tone"] for r in rows])
    assert 0.6 <= accuracy < 0.9  # the rules miss what the head learns (measured 0.718)


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Drink a glass of water.", Tone.NEUTRAL),
        ("Maybe stop everything and call Jess. Tonight. No arguing.", Tone.COMMANDING),
        ("That's the third night this week you've skipped your stretches.", Tone.PUSHY),
        ("No rush at all, but a warm bath might feel lovely tonight 🛁", Tone.WARM),
        ("You will finish the report before dinner. That's final.", Tone.COMMANDING),
    ],
)
def test_the_judge_reads_clear_cases(text: str, tone: Tone) -> None:
    assert TextUnderstanding("minilm").analyze(text).tone == tone


def test_int8_shares_the_fp32_head_and_unknown_encoders_use_the_rules() -> None:
    assert load_head("tone", "minilm-int8") is load_head("tone", "minilm")
    assert load_head("tone", "no-such-encoder") is None


@pytest.mark.slow
def test_packaged_heads_match_a_fresh_training(tmp_path: Path) -> None:
    """The shipped weights are what training/train_heads.py makes of the committed data."""
    spec = importlib.util.spec_from_file_location("train_heads", ROOT / "training" / "train_heads.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    for fresh in module.train_all(out_dir=tmp_path):
        kind_encoder = fresh.stem
        kind, encoder = kind_encoder.split("-", 1)
        shipped = ROOT / "propersim_gym" / "evaluator" / head_file(kind, encoder)
        with np.load(fresh) as a, np.load(shipped) as b:
            assert set(a.files) == set(b.files)
            for key in a.files:
                if a[key].dtype.kind == "f":
                    np.testing.assert_allclose(a[key], b[key], atol=1e-2, err_msg=f"{kind_encoder}: {key}")
                else:
                    assert (a[key] == b[key]).all(), f"{kind_encoder}: {key}"
