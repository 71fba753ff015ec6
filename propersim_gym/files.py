"""Reading and writing the small state files of runs and checkpoints: atomically, with clear errors.

A kill at any moment leaves either the old file or the new one, never half of one (``write_atomic``);
a file that is corrupt anyway (cut by a full disk, edited by hand) is reported by name with what to do
(``read_json``), never as a bare ``JSONDecodeError``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class CorruptFileError(ValueError):
    """A state file that exists but cannot be read back; the message names the file and the remedy."""


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and one rename."""
    path = Path(path)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # concurrent writers never share a temp file
    if isinstance(data, bytes):
        tmp.write_bytes(data)
    else:
        tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_json_atomic(path: str | Path, data: Any, *, indent: int | None = 2) -> Path:
    """``data`` as JSON (non-JSON values via ``str``), written atomically."""
    return write_atomic(path, json.dumps(data, indent=indent, ensure_ascii=False, default=str))


def read_json(path: str | Path, *, remedy: str = "delete it to start afresh") -> Any:
    """The JSON in ``path``; a corrupt or unreadable file raises ``CorruptFileError`` naming it."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CorruptFileError(f"{path} is corrupt or unreadable ({err}); {remedy}") from err
