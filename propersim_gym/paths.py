"""Where ProPerSim Gym keeps its caches (converted models, encodings, LLM responses)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(*parts: str) -> Path:
    """``$PROPERSIM_CACHE`` (default ``~/.cache/propersim``) joined with ``parts``, created on demand."""
    root = Path(os.environ.get("PROPERSIM_CACHE") or Path.home() / ".cache" / "propersim")
    path = root.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
