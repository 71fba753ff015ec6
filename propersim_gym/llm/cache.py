"""A response cache in sqlite, content-addressed by backend, model, messages and parameters.

One file is shared by every run (default ``cache_dir("llm")/responses.sqlite``), so a repeated
request costs nothing, and ``mode="replay"`` re-runs a recorded study bit-for-bit with no network:
a request that was never recorded raises CacheMiss instead of calling out. Entries hold the
request (without any credential), the answer, its token counts and its latency.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Literal

from propersim_gym.llm.errors import CacheMiss
from propersim_gym.paths import cache_dir

CacheMode = Literal["read-write", "replay", "off"]
CACHE_MODES: tuple[str, ...] = ("read-write", "replay", "off")
_ALIASES = {"rw": "read-write", "readwrite": "read-write", "on": "read-write", "none": "off"}


def default_cache_path() -> Path:
    """``$PROPERSIM_CACHE/llm/responses.sqlite``."""
    return cache_dir("llm") / "responses.sqlite"


def request_key(request: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a request (backend, model, messages, parameters)."""
    blob = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def normalize_mode(mode: str) -> CacheMode:
    """Accept the three modes and a few aliases; ValueError naming the choices otherwise."""
    value = _ALIASES.get(mode.strip().lower(), mode.strip().lower())
    if value not in CACHE_MODES:
        raise ValueError(f"cache mode must be one of {', '.join(CACHE_MODES)}, got {mode!r}")
    return value  # type: ignore[return-value]


class ResponseCache:
    """sqlite-backed store of LLM responses; safe to share between threads and processes."""

    def __init__(self, path: str | Path | None = None, mode: str = "read-write") -> None:
        self.mode: CacheMode = normalize_mode(mode)
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self.writes = 0
        if self.mode != "off":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, backend TEXT, model TEXT, "
                "request TEXT NOT NULL, response TEXT NOT NULL, created REAL NOT NULL)"
            )
            conn.commit()
            self._conn = conn

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for ``key``; None on a miss (read-write) or CacheMiss (replay)."""
        if self._conn is None:
            return None
        with self._lock:
            row = self._conn.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(row[0])

    def require(self, key: str, request: dict[str, Any]) -> dict[str, Any] | None:
        """Like get, but in replay mode a miss raises CacheMiss describing the request."""
        found = self.get(key)
        if found is None and self.mode == "replay":
            raise CacheMiss(
                f"replay mode: no cached response in {self.path} for a {request.get('component', '?')} call "
                f"to {request.get('backend')}:{request.get('model')} (key {key[:12]}); "
                "run once in read-write mode to record it"
            )
        return found

    def put(self, key: str, request: dict[str, Any], response: dict[str, Any]) -> None:
        """Store a response (read-write mode only; replay never writes)."""
        if self._conn is None or self.mode != "read-write":
            return
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    str(request.get("backend")),
                    str(request.get("model")),
                    json.dumps(request, sort_keys=True, ensure_ascii=False),
                    json.dumps(response, ensure_ascii=False),
                    time.time(),
                ),
            )
            self._conn.commit()
            self.writes += 1

    def __len__(self) -> int:
        if self._conn is None:
            return 0
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        """Hits, misses and writes of this process, plus the mode and file."""
        return {
            "mode": self.mode,
            "path": str(self.path),
            "hits": self.hits,
            "misses": self.misses,
            "writes": self.writes,
        }

    def close(self) -> None:
        """Close the sqlite connection."""
        if self._conn is not None:
            with self._lock:
                self._conn.close()
            self._conn = None
