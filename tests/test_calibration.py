"""The offline judge meets its calibration targets (the table in docs/calibration.md)."""

from __future__ import annotations

import pytest

from propersim_gym.evaluator.calibration import calibrate


@pytest.mark.slow
def test_calibration_targets_are_met() -> None:
    report = calibrate(days=3, seed=0, encoder="minilm")
    assert report.checks() == dict.fromkeys(report.checks(), True), report.to_markdown()
