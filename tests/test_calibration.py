"""The offline judge meets its calibration targets (the table in docs/calibration.md)."""

from __future__ import annotations

import pytest

from propersim_gym.bench.calibration import calibrate


@pytest.mark.slow
def test_calibration_targets_are_met() -> None:
    report = calibrate(days=3, seed=0, encoder="minilm")
    checks = report.checks()
    assert set(checks) == {"silent", "every-step", "cadence", "oracle", "personalisation", "topics"}
    assert all(checks.values()), report.to_markdown()
