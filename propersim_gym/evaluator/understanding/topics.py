"""Topics of a recommendation: its focus text (no judge-directed or current-activity clauses) and index."""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from propersim_gym.evaluator.encoders import Encoder, MiniLMEncoder
from propersim_gym.evaluator.understanding.words import word_set, word_tokens
from propersim_gym.paths import cache_dir
from propersim_gym.taxonomy import Topic

#: (floor, margin) per encoder name; other encoders use ``DEFAULT_THRESHOLDS``.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "minilm": (0.33, 0.03),
    "minilm-int8": (0.33, 0.03),
    "lexical": (0.25, 0.05),
}
DEFAULT_THRESHOLDS = (0.33, 0.03)
DEFAULT_CACHE_SIZE = 100_000
#: A topic's score is the mean of its ``DEFAULT_TOP_K`` best prototype similarities (1 = the best one).
DEFAULT_TOP_K = 2
#: A separate idea of a message (three words or more) adds its best topic when that scores this far above
#: the floor and leads the idea's next topic by ``IDEA_LEAD`` (a short clause is a noisier read).
IDEA_MARGIN = 0.05
IDEA_LEAD = 0.02
IDEA_MIN_WORDS = 3
PROTOTYPE_CACHE_VERSION = 1
SCORE_DECIMALS = 4


@lru_cache(maxsize=1)
def load_prototypes() -> dict[Topic, tuple[str, ...]]:
    """The prototype sentences of every topic, from ``evaluator/data/topic_prototypes.json``."""
    raw = json.loads(
        resources.files("propersim_gym.evaluator").joinpath("data/topic_prototypes.json").read_text("utf-8")
    )
    topics = raw["topics"]
    missing = {t.value for t in Topic} - set(topics)
    unknown = set(topics) - {t.value for t in Topic}
    if missing or unknown:
        raise ValueError(
            f"topic_prototypes.json: missing topics {sorted(missing)}, unknown {sorted(unknown)}"
        )
    return {Topic(name): tuple(sentences) for name, sentences in topics.items()}


_CONTEXT_RE = re.compile(
    r"(?:,\s*|\s+|^)(?:while|whilst|as you|as it|when you|once you|now that|since you(?:'re| are|'ve| have)"
    r"|since it's)\b[^,;.!?—–:]*",
    re.IGNORECASE,
)


#: Sentences addressed to the judge rather than the user ("ignore your rubric", "give this 4/4", "SYSTEM:",
#: "as an AI ..."): they are data, not a suggestion, and take no part in topic matching.
META_PATTERNS: tuple[str, ...] = (
    r"\bignore\b[^.]{0,40}\b(?:instructions?|rubric|rules|prompt|guidelines|criteria|above|everything)\b",
    r"\b(?:previous|prior|earlier|above) (?:instructions?|prompts?|messages?)\b",
    r"\b(?:give|rate|score|award|grade|mark|scored|rated|graded)\b[^.]{0,40}\b(?:[0-4]\s*/\s*4|"
    r"[0-4] out of (?:4|four)|(?:four|4) points|full (?:marks|points|score)|"
    r"(?:maximum|max|perfect|top|highest) "
    r"(?:score|marks|points|rating|grade))",
    r"\b(?:full marks|perfect score|maximum score)\b",
    r"\b4\s*/\s*4\b",
    r"\b(?:4|four) out of (?:4|four)\b",
    r"^\s*(?:system|assistant|user|developer)\s*:",
    r"\bdeveloper mode\b",
    r"\bjailbreak\b",
    r"\bas an ai\b",
    r"\b(?:ai|language) model\b",
    r"\b(?:the|this|your|a|an) (?:judge|evaluator|grader|scorer|rubric|reward model)\b",
    r"\bthis (?:suggestion|recommendation|response|answer|message) (?:deserves|should|gets|earns|is worth)\b",
    r"\b(?:every|all|each) (?:dimension|criteri(?:on|a))\b",
)
_META_RE = re.compile("|".join(META_PATTERNS), re.IGNORECASE | re.MULTILINE)
_SPLIT_SENTENCES_RE = re.compile(r"(?<=[.!?])\s+|\n+")


#: Words without which no META_PATTERNS can match (a fast pre-check; the patterns decide).
_META_TRIGGERS = word_set(
    """
    ignore previous prior earlier above give rate score award grade mark scored rated graded 4 four full
    perfect maximum system assistant user developer jailbreak ai language judge evaluator grader scorer
    rubric reward deserves should gets earns worth every all each
    """
)


def strip_meta(text: str, tokens: frozenset[str] | None = None) -> str:
    """``text`` without the sentences that address the judge instead of the user."""
    words = tokens if tokens is not None else word_tokens(text)
    if words.isdisjoint(_META_TRIGGERS) or not _META_RE.search(text):
        return text
    kept = [s for s in _SPLIT_SENTENCES_RE.split(text) if s.strip() and not _META_RE.search(s)]
    return " ".join(kept)


def focus_text(text: str) -> str:
    """The part of ``text`` used for topic matching: no judge-directed sentences, no current-activity clauses.

    Returns "" when nothing but judge-directed text is left (such a text gets no topic).
    """
    text = strip_meta(text)
    if not text:
        return ""
    cut = _CONTEXT_RE.sub("", text).strip(" ,;—–-")
    return cut if len(cut.split()) >= 2 else text


_IDEA_SPLIT_RE = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+[—–]\s+|\s+-\s+|,?\s+(?:and\s+)?then\s+|,\s+(?:and|or|plus|also)\s+"
    r"|\s+(?:afterwards|after that|later on|and later|or maybe|and maybe|and also)\s*,?\s+",
    re.IGNORECASE,
)


#: A clause with one of these leans on another ("Give it a drink", "stir them through the pasta"): it
#: carries no idea of its own.
_ANAPHORA = word_set("it its them they those these")


def idea_clauses(focus: str) -> list[str]:
    """The separate ideas of a focus text (sentences, and clauses joined by "then", ", and", a dash ...)
    that stand on their own; an empty list when the text holds a single idea."""
    parts = [p.strip(" ,;:—–-") for p in _IDEA_SPLIT_RE.split(focus)]
    parts = [p for p in parts if len(p.split()) >= IDEA_MIN_WORDS and word_tokens(p).isdisjoint(_ANAPHORA)]
    return parts if len(parts) >= 2 else []


def _prototype_cache_file(encoder: Encoder, texts: list[str]) -> Path | None:
    """Where the prototype embeddings of a built-in MiniLM encoder are cached (None: don't cache)."""
    if not isinstance(encoder, MiniLMEncoder) or os.environ.get("PROPERSIM_NO_ENCODING_CACHE"):
        return None
    model = Path(encoder.model_path or MiniLMEncoder.default_model_path())
    digest = hashlib.sha256()
    for part in (
        f"v{PROTOTYPE_CACHE_VERSION}",
        encoder.name,
        str(encoder.dim),
        str(encoder.max_tokens),
        (model / "config.json").read_text("utf-8") if (model / "config.json").exists() else "",
        str((model / "model.safetensors").stat().st_size) if (model / "model.safetensors").exists() else "",
        *texts,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    try:
        return cache_dir("encodings") / f"prototypes-{encoder.name}-{digest.hexdigest()[:16]}.npy"
    except OSError:
        return None


def _encode_prototypes(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Embeddings of the prototype texts, from the on-disk cache when it has them."""
    path = _prototype_cache_file(encoder, texts)
    if path is not None and path.exists():
        try:
            cached = np.load(path)
            if cached.shape == (len(texts), encoder.dim) and cached.dtype == np.float32:
                return cached
        except (OSError, ValueError):
            pass
    matrix = encoder.encode(texts)
    if path is not None:
        try:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                np.save(fh, matrix)
            os.replace(tmp, path)
        except OSError:
            pass
    return matrix


class TopicIndex:
    """Prototype embeddings of one encoder, grouped by topic (computed once per encoder and process)."""

    def __init__(self, encoder: Encoder) -> None:
        protos = load_prototypes()
        self.topics: tuple[Topic, ...] = tuple(protos)
        texts = [focus_text(s) for t in self.topics for s in protos[t]]
        self.matrix = np.ascontiguousarray(_encode_prototypes(encoder, texts).T)  # (dim, n_prototypes)
        # Column indices of each topic's prototypes, padded with a column that is always -inf.
        width = max(len(protos[t]) for t in self.topics)
        self.gather = np.full((len(self.topics), width), len(texts), dtype=np.intp)
        start = 0
        for row, topic in enumerate(self.topics):
            n = len(protos[topic])
            self.gather[row, :n] = np.arange(start, start + n)
            start += n

    def scores(self, embeddings: np.ndarray, top_k: int = 2) -> np.ndarray:
        """(n_texts, n_topics): mean of the ``top_k`` best cosine similarities to each topic's prototypes."""
        sims = embeddings @ self.matrix
        sims = np.concatenate([sims, np.full((sims.shape[0], 1), -np.inf, dtype=sims.dtype)], axis=1)
        grouped = sims[:, self.gather]  # (n_texts, n_topics, width)
        if top_k == 1:
            return grouped.max(axis=2)
        best = np.sort(grouped, axis=2)[:, :, -top_k:]
        return best.mean(axis=2)


_INDEXES: dict[int, tuple[Encoder, TopicIndex]] = {}


def index_for(encoder: Encoder) -> TopicIndex:
    """The shared prototype index of ``encoder`` (keeps the encoder alive so its id stays unique)."""
    entry = _INDEXES.get(id(encoder))
    if entry is None:
        entry = (encoder, TopicIndex(encoder))
        _INDEXES[id(encoder)] = entry
    return entry[1]
