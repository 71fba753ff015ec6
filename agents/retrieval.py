"""Retrieval memory: every step stored in a persistent chromadb collection, searched by activity.

The collection lives in the run directory (``PersistentClient``) and embeds with the bundled
MiniLM (``propersim_gym.evaluator.encoders.chroma_embedding_function``), never chromadb's
downloading default. Each record holds the step's time, activity, delivered text, score and day;
a query returns the ``k`` most similar activities among *earlier* steps only.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

COLLECTION = "interactions"


@dataclass(frozen=True)
class Retrieved:
    """One remembered step."""

    step: int
    day: int
    time: str
    activity: str
    delivered: str
    score: float
    distance: float


class RetrievalMemory:
    """A chromadb store of past steps with a small embedding cache (activities repeat for minutes)."""

    def __init__(
        self,
        path: str | Path,
        *,
        k: int = 5,
        encoder: str = "minilm",
        cache_size: int = 4096,
        flush_every: int = 48,
    ) -> None:
        import chromadb
        from chromadb.config import Settings

        from propersim_gym.evaluator.encoders import chroma_embedding_function

        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.k = k
        self.embed = chroma_embedding_function(encoder)
        self.client = chromadb.PersistentClient(
            path=str(self.path), settings=Settings(anonymized_telemetry=False)
        )
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=self.embed, metadata={"hnsw:space": "cosine"}
        )
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = cache_size
        self.flush_every = flush_every
        self._pending: list[tuple[str, list[float], str, dict[str, Any]]] = []
        self._stored = self.collection.count()  # kept up to date here: a count() call costs ~3 ms

    def _vector(self, text: str) -> list[float]:
        vec = self._cache.get(text)
        if vec is None:
            vec = [float(x) for x in self.embed([text])[0]]
            self._cache[text] = vec
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return vec

    def add(
        self, *, step: int, day: int, minute: float, time: str, activity: str, delivered: str, score: float
    ) -> None:
        """Store one step (id ``s<step>``; re-adding replaces it). Writes are batched: see ``flush``."""
        meta = {
            "step": int(step),
            "day": int(day),
            "minute": float(minute),
            "time": time,
            "delivered": delivered,
            "score": float(score),
        }
        self._pending = [p for p in self._pending if p[0] != f"s{step}"]
        self._pending.append((f"s{step}", self._vector(activity), activity, meta))
        if len(self._pending) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        """Write pending steps to the persistent collection (one chromadb call; each call costs ~40 ms)."""
        if not self._pending:
            return
        ids, vecs, docs, metas = (list(x) for x in zip(*self._pending, strict=True))
        self.collection.upsert(ids=ids, embeddings=vecs, documents=docs, metadatas=metas)
        self._pending = []
        self._stored = self.collection.count()

    def query(self, activity: str, *, before_step: int, k: int | None = None) -> list[Retrieved]:
        """The ``k`` stored steps most similar to ``activity`` among steps numbered below ``before_step``."""
        k = self.k if k is None else k
        if k <= 0 or before_step <= 0:
            return []
        vec = self._vector(activity)
        found: list[Retrieved] = []
        if self._stored > 0:
            result = self.collection.query(
                query_embeddings=[vec],
                n_results=k,
                where={"step": {"$lt": int(before_step)}},
                include=["documents", "metadatas", "distances"],
            )
            for doc, meta, dist in zip(
                result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
            ):
                found.append(self._record(str(doc), meta, float(dist)))
            if len(found) == k:
                found = self._with_twins_of_last(found, before_step)
        pending = [p for p in self._pending if p[3]["step"] < before_step]
        if pending:
            import numpy as np

            sims = np.asarray([p[1] for p in pending], dtype=np.float32) @ np.asarray(vec, dtype=np.float32)
            pending_ids = {p[0] for p in pending}
            found = [r for r in found if f"s{r.step}" not in pending_ids]
            found += [self._record(p[2], p[3], float(1.0 - s)) for p, s in zip(pending, sims, strict=True)]
        found.sort(key=lambda r: (r.distance, -r.step))
        return found[:k]

    def _with_twins_of_last(self, found: list[Retrieved], before_step: int) -> list[Retrieved]:
        """Steps with the same activity text share one vector, so they tie; chroma's top k cuts such a
        tie arbitrarily (runs with one seed retrieved different steps). Add every stored step of the
        farthest result's activity, so the sort below keeps the most recent ones."""
        last = max(found, key=lambda r: r.distance)
        twins = self.collection.get(
            where={"step": {"$lt": int(before_step)}},
            where_document={"$contains": last.activity},
            include=["documents", "metadatas"],
        )
        seen = {r.step for r in found}
        for doc, meta in zip(twins["documents"], twins["metadatas"], strict=True):
            if doc == last.activity and int(meta["step"]) not in seen:
                found.append(self._record(str(doc), meta, last.distance))
        return found

    @staticmethod
    def _record(doc: str, meta: Any, distance: float) -> Retrieved:
        return Retrieved(
            int(meta["step"]),
            int(meta["day"]),
            str(meta["time"]),
            doc,
            str(meta["delivered"]),
            float(meta["score"]),
            distance,
        )

    def count(self) -> int:
        """Steps stored, pending writes included."""
        return self._stored + len(self._pending)

    def drop_after(self, day: int) -> int:
        """Delete steps of days after ``day`` (a day killed midway leaves nothing); returns how many."""
        self._pending = [p for p in self._pending if p[3]["day"] <= day]
        found = self.collection.get(where={"day": {"$gt": int(day)}}, include=[])
        ids = found["ids"]
        if ids:
            self.collection.delete(ids=ids)
            self._stored = self.collection.count()
            log.info("retrieval store: dropped %d steps of days after %d", len(ids), day)
        return len(ids)

    def drop_from_step(self, step: int) -> int:
        """Delete steps numbered ``step`` or later; returns how many."""
        self._pending = [p for p in self._pending if p[3]["step"] < step]
        found = self.collection.get(where={"step": {"$gte": int(step)}}, include=[])
        if found["ids"]:
            self.collection.delete(ids=found["ids"])
            self._stored = self.collection.count()
        return len(found["ids"])

    def __repr__(self) -> str:
        return f"RetrievalMemory({str(self.path)!r}, k={self.k})"

    def state(self) -> dict[str, Any]:
        """A summary for logs."""
        return {"path": str(self.path), "k": self.k, "count": self.count()}
