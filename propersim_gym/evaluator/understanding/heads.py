"""Linear heads: the learned half of reading a text's tone, over its embedding, rule flags and words.

A head is a multinomial logistic regression trained offline (``training/train_heads.py``, scikit-learn)
on labelled texts and shipped as plain arrays (``evaluator/data/heads/<kind>-<encoder>.npz``), so the
judge applies it with numpy alone: ``softmax(W @ [embedding, flags, words] + b)``.

* **embedding** — the sentence embedding the topic index already computed (no second encoding);
* **flags** — one-hot of what the documented rules say (e.g. the tone rules' verdict), so the head
  starts from the rules and learns where they miss;
* **words** — a binary bag of the head's vocabulary (lower-case words seen at least twice in training).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

_WORD_RE = re.compile(r"[a-z']+")
#: Heads trained on one encoder's embeddings that another encoder shares (int8 MiniLM ~ fp32 MiniLM).
SHARED_HEADS = {"minilm-int8": "minilm"}


def word_bag(text: str) -> frozenset[str]:
    """The lower-case words a head's word features look up (the same split at training and judge time)."""
    return frozenset(_WORD_RE.findall(text.lower().replace("’", "'")))


@dataclass(frozen=True)
class LinearHead:
    """A trained linear classifier over [embedding, rule flags, word bag]."""

    classes: tuple[str, ...]
    weights: np.ndarray
    """(n_classes, dim + n_flags + n_words), float32."""
    bias: np.ndarray
    flags: tuple[str, ...]
    vocab: dict[str, int]
    dim: int

    def features(self, embedding: np.ndarray, flags: frozenset[str], text: str) -> np.ndarray:
        """The input row of one text."""
        row = np.zeros(self.weights.shape[1], dtype=np.float32)
        row[: self.dim] = embedding
        for i, name in enumerate(self.flags):
            if name in flags:
                row[self.dim + i] = 1.0
        offset = self.dim + len(self.flags)
        for word in word_bag(text):
            j = self.vocab.get(word)
            if j is not None:
                row[offset + j] = 1.0
        return row

    def probabilities(self, embedding: np.ndarray, flags: frozenset[str], text: str) -> np.ndarray:
        """Class probabilities of one text, in ``classes`` order."""
        logits = self.weights @ self.features(embedding, flags, text) + self.bias
        logits = np.exp(logits - logits.max())
        return logits / logits.sum()

    def predict(self, embedding: np.ndarray, flags: frozenset[str], text: str) -> str:
        """The most probable class."""
        return self.classes[int(np.argmax(self.probabilities(embedding, flags, text)))]


def head_file(kind: str, encoder: str) -> str:
    """The packaged file name of a head."""
    return f"data/heads/{kind}-{encoder}.npz"


def load_head(kind: str, encoder: str) -> LinearHead | None:
    """The packaged ``kind`` head for ``encoder`` embeddings, or None when none was trained for it."""
    return _load_head(kind, SHARED_HEADS.get(encoder, encoder))


@lru_cache(maxsize=16)
def _load_head(kind: str, name: str) -> LinearHead | None:
    """A packaged head by its file name parts (cached: one copy per process)."""
    path = resources.files("propersim_gym.evaluator").joinpath(head_file(kind, name))
    if not path.is_file():
        return None
    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
        vocab = [str(w) for w in data["vocab"]]
        return LinearHead(
            classes=tuple(str(c) for c in data["classes"]),
            weights=np.ascontiguousarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            flags=tuple(str(f) for f in data["flags"]),
            vocab={w: i for i, w in enumerate(vocab)},
            dim=int(data["dim"]),
        )
