"""TextUnderstanding: free text -> TextFeatures (topics, tone, length, question form, boundaries), cached."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from propersim_gym.evaluator.base import TextFeatures
from propersim_gym.evaluator.encoders import Encoder, get_encoder
from propersim_gym.evaluator.understanding.content import noise_reason, visible_text
from propersim_gym.evaluator.understanding.heads import load_head
from propersim_gym.evaluator.understanding.safety import detect_boundaries
from propersim_gym.evaluator.understanding.tone import classify_tone, is_question, tone_flags
from propersim_gym.evaluator.understanding.topics import (
    DEFAULT_CACHE_SIZE,
    DEFAULT_THRESHOLDS,
    DEFAULT_TOP_K,
    IDEA_LEAD,
    IDEA_MARGIN,
    SCORE_DECIMALS,
    THRESHOLDS,
    TopicIndex,
    focus_text,
    idea_clauses,
    index_for,
)
from propersim_gym.evaluator.understanding.words import gist
from propersim_gym.protocol import strip_control
from propersim_gym.taxonomy import Tone, Topic


class TextUnderstanding:
    """Reads topics, tone, length, question form and boundaries from recommendation texts (cached)."""

    def __init__(
        self,
        encoder: str | Encoder = "minilm",
        floor: float | None = None,
        margin: float | None = None,
        top_k: int = DEFAULT_TOP_K,
        cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        self.encoder = get_encoder(encoder)
        if top_k < 1:
            raise ValueError(f"top_k must be >= 1, got {top_k}")
        self.top_k = int(top_k)
        default_floor, default_margin = THRESHOLDS.get(self.encoder.name, DEFAULT_THRESHOLDS)
        self.floor = default_floor if floor is None else float(floor)
        self.margin = default_margin if margin is None else float(margin)
        if self.margin < 0:
            raise ValueError(f"margin must be >= 0, got {self.margin}")
        if cache_size < 0:
            raise ValueError(f"cache_size must be >= 0, got {cache_size}")
        self.cache_size = cache_size
        self._cache: OrderedDict[str, TextFeatures] = OrderedDict()
        self._index: TopicIndex | None = None

    @property
    def index(self) -> TopicIndex:
        """The prototype index (encodes the prototypes on first use)."""
        if self._index is None:
            self._index = index_for(self.encoder)
        return self._index

    def analyze(self, text: str) -> TextFeatures:
        """Features of one recommendation text."""
        return self.analyze_many([text])[0]

    def analyze_many(self, texts: list[str]) -> list[TextFeatures]:
        """Features of many texts; only texts not in the cache are encoded, in one batched call."""
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"texts must be str, got {type(t).__name__}")
        results: dict[str, TextFeatures] = {}
        missing: list[str] = []
        for t in texts:
            if t in results:
                continue
            hit = self._cache.get(t)
            if hit is not None:
                self._cache.move_to_end(t)
                results[t] = hit
            else:
                results[t] = None  # type: ignore[assignment]
                missing.append(t)
        if missing:
            cleaned = [visible_text(strip_control(t)).strip() for t in missing]
            focused = [focus_text(c) for c in cleaned]
            clauses = [idea_clauses(f) for f in focused]
            index = self.index
            # one batch: every focus text with something left to match, then every idea of a multi-idea text
            batch = [f for f in focused if f] + [c for parts in clauses for c in parts]
            encoded = self.encoder.encode(batch) if batch else np.empty((0, 0), dtype=np.float32)
            scores = (
                np.round(index.scores(encoded, self.top_k).astype(np.float64), SCORE_DECIMALS)
                if batch
                else np.empty((0, len(index.topics)))
            )
            # rounded like the scores, so a text reads the same whatever batch it was encoded in
            embeddings = np.round(encoded, SCORE_DECIMALS)
            position = 0
            idea_start = sum(1 for f in focused if f)
            idea_rows: list[list[np.ndarray]] = []
            for parts in clauses:
                idea_rows.append([scores[idea_start + k] for k in range(len(parts))])
                idea_start += len(parts)
            for raw, clean, focus, parts in zip(missing, cleaned, focused, idea_rows, strict=True):
                row = embedding = None
                if focus:
                    row, embedding = scores[position], embeddings[position]
                    position += 1
                feats = self._features(clean, row, embedding, index.topics, parts)
                results[raw] = feats
                self._remember(raw, feats)
        return [results[t] for t in texts]

    def topic_scores(self, text: str) -> dict[Topic, float]:
        """Every topic's score for ``text`` (diagnostics; not cached)."""
        clean = focus_text(visible_text(strip_control(text)).strip())
        row = self.index.scores(self.encoder.encode([clean]), self.top_k)[0]
        row = np.round(row.astype(np.float64), SCORE_DECIMALS)
        return dict(zip(self.index.topics, (float(s) for s in row), strict=True))

    def clear_cache(self) -> None:
        """Forget all cached features."""
        self._cache.clear()

    def _tone(self, text: str, embedding: np.ndarray | None) -> Tone:
        """The tone head's reading over the embedding, the rule flags and the words; the rules alone when
        the encoder has no head or nothing was left to encode."""
        head = load_head("tone", self.encoder.name)
        if head is None or embedding is None:
            return classify_tone(text)
        return Tone(head.predict(embedding, tone_flags(text), text))

    def _remember(self, text: str, feats: TextFeatures) -> None:
        """Cache ``feats`` under ``text``, evicting the least recently used entry when full."""
        if self.cache_size == 0:
            return
        self._cache[text] = feats
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _features(
        self,
        text: str,
        row: np.ndarray | None,
        embedding: np.ndarray | None,
        topics: tuple[Topic, ...],
        idea_rows: list[np.ndarray],
    ) -> TextFeatures:
        """Features of ``text`` given its topic-score row (None: nothing to match, no topics) and the rows
        of its separate ideas: the whole text's topics first, then each idea's best topic."""
        chosen: list[tuple[Topic, float]] = []
        if row is not None:
            order = np.argsort(-row, kind="stable")
            best = float(row[order[0]])
            for i in order:
                score = float(row[i])
                if score < self.floor or best - score > self.margin + 1e-9:
                    break
                chosen.append((topics[int(i)], score))
        for idea in idea_rows:
            first, second = np.argsort(-idea, kind="stable")[:2]
            score = float(idea[first])
            clear = score >= self.floor + IDEA_MARGIN and score - float(idea[second]) >= IDEA_LEAD
            if clear and all(t != topics[first] for t, _ in chosen):
                chosen.append((topics[int(first)], score))
        return TextFeatures(
            topics=tuple(t for t, _ in chosen),
            topic_scores=tuple(s for _, s in chosen),
            tone=self._tone(text, embedding),
            words=len(text.split()),
            is_question=is_question(text),
            boundaries=detect_boundaries(text),
            encoder=self.encoder.name,
            noise=noise_reason(text),
            gist=gist(text),
        )
