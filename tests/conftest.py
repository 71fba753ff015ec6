"""Shared test settings: nothing downloads, and a fast offline env factory."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import gymnasium as gym
import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # a test never reaches a model hub

#: The offline judge with its pure-numpy encoder: exact rules, no model to load (tests of the judge's
#: text understanding ask for "minilm" themselves).
LEXICAL = {"encoder": "lexical"}


@pytest.fixture
def make_env() -> Callable[..., gym.Env]:
    """``make_env(persona=1, **kwargs)``: ``gym.make("ProPerSim-v0", ...)`` with the lexical encoder."""

    def make(persona: Any = 1, **kwargs: Any) -> gym.Env:
        return gym.make("ProPerSim-v0", persona=persona, **{**LEXICAL, **kwargs})

    return make
