"""The labelled sets under tests/data: their test halves are frozen (SHA256SUMS) before any tuning."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
FROZEN = [line.split() for line in (DATA / "SHA256SUMS").read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(("digest", "name"), FROZEN, ids=[name for _, name in FROZEN])
def test_frozen_test_half_is_unchanged(digest: str, name: str) -> None:
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, f"{name} changed after freezing"


def test_every_test_half_is_frozen() -> None:
    assert {p.name for p in DATA.glob("*_test.jsonl")} == {name for _, name in FROZEN}
