"""Train the judge's linear heads (``propersim_gym/evaluator/understanding/heads.py``) and write them
to ``propersim_gym/evaluator/data/heads/``.

    python training/train_heads.py            # every head, every encoder
    python training/train_heads.py --cv       # also print 5-fold accuracy on the training corpus

Training data: the corpora in this folder plus the *dev* halves under ``tests/data``; the test halves are
never read here. Needs scikit-learn (installed with the ``agents`` extra). Deterministic: the same data
give the same weights.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from propersim_gym.evaluator.encoders import get_encoder
from propersim_gym.evaluator.understanding.content import visible_text
from propersim_gym.evaluator.understanding.heads import head_file, word_bag
from propersim_gym.evaluator.understanding.tone import TONE_FLAGS, tone_flags
from propersim_gym.evaluator.understanding.topics import focus_text
from propersim_gym.protocol import strip_control

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "propersim_gym" / "evaluator"
#: Encoders that get their own head (int8 MiniLM reads fp32 MiniLM's: heads.SHARED_HEADS).
ENCODERS = ("minilm", "lexical")
WORD_MIN_COUNT = 2


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _design(
    texts: list[str], encoder: str, flags_fn: Callable[[str], frozenset[str]], flag_names: tuple[str, ...]
) -> tuple[np.ndarray, list[str], list[str]]:
    """(embeddings + flags matrix, cleaned texts, vocabulary) the way the judge sees the texts."""
    cleaned = [visible_text(strip_control(t)).strip() for t in texts]
    embeddings = np.asarray(
        get_encoder(encoder).encode([focus_text(c) or c for c in cleaned]), dtype=np.float32
    )
    flags = np.array(
        [[1.0 if f in flags_fn(c) else 0.0 for f in flag_names] for c in cleaned], dtype=np.float32
    )
    counts: dict[str, int] = {}
    for c in cleaned:
        for w in word_bag(c):
            counts[w] = counts.get(w, 0) + 1
    vocab = sorted(w for w, n in counts.items() if n >= WORD_MIN_COUNT)
    return np.hstack([embeddings, flags]), cleaned, vocab


def _bag(cleaned: list[str], vocab: list[str]) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    bag = np.zeros((len(cleaned), len(vocab)), dtype=np.float32)
    for r, c in enumerate(cleaned):
        for w in word_bag(c):
            if w in index:
                bag[r, index[w]] = 1.0
    return bag


def train(
    kind: str,
    rows: list[dict],
    label: str,
    flags_fn: Callable[[str], frozenset[str]],
    flag_names: tuple[str, ...],
    encoder: str,
    c: float,
    cv: bool = False,
    out_dir: Path = PACKAGE,
) -> Path:
    """Fit one head and write it; optionally report 5-fold accuracy first."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    texts, labels = [r["text"] for r in rows], np.array([str(r[label]) for r in rows])
    base, cleaned, vocab = _design(texts, encoder, flags_fn, flag_names)
    x = np.hstack([base, _bag(cleaned, vocab)])
    model = LogisticRegression(C=c, max_iter=10_000)
    if cv:
        folds = StratifiedKFold(5, shuffle=True, random_state=0).split(x, labels)
        acc = [np.mean(model.fit(x[a], labels[a]).predict(x[b]) == labels[b]) for a, b in folds]
        print(f"{kind}-{encoder}: 5-fold accuracy {np.mean(acc):.3f}")
    model.fit(x, labels)
    dim = base.shape[1] - len(flag_names)
    out = out_dir / head_file(kind, encoder)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        classes=np.array(model.classes_, dtype=str),
        weights=model.coef_.astype(np.float32),
        bias=model.intercept_.astype(np.float32),
        flags=np.array(flag_names, dtype=str),
        vocab=np.array(vocab, dtype=str),
        dim=np.int64(dim),
    )
    print(f"wrote {out}: {len(rows)} texts, {len(vocab)} words")
    return out


def train_all(cv: bool = False, out_dir: Path = PACKAGE) -> list[Path]:
    """Every head for every encoder in ``ENCODERS``."""
    tone_rows = _rows(ROOT / "training" / "tone_train.jsonl") + _rows(
        ROOT / "tests" / "data" / "tone_dev.jsonl"
    )
    return [
        train("tone", tone_rows, "tone", tone_flags, TONE_FLAGS, encoder, c=8.0, cv=cv, out_dir=out_dir)
        for encoder in ENCODERS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true", help="print 5-fold accuracy on the training data")
    train_all(cv=parser.parse_args().cv)


if __name__ == "__main__":
    main()
