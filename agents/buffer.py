"""Scored candidates, preference pairs and the replay buffer that picks each day's training set.

Pairs come from candidates of the same step with strictly different scores (the higher one is
chosen); ties give none. Strategies (docs/architecture.md, "The paper's protocol"):

- ``equally200`` / ``equally400``: up to 200 / 400 pairs spread equally over all days so far
  (each day gets an equal quota; a day with fewer pairs gives its unused quota to the others).
- ``halftoday``: every pair from today plus as many from earlier days (spread equally over them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import numpy as np

STRATEGIES = ("equally200", "equally400", "halftoday")


@dataclass
class Candidate:
    """One generated (or forced) answer and its counterfactual judgement."""

    text: str
    kind: str
    raw: str = ""
    forced: bool = False
    retries: int = 0
    score: int | None = None
    dimensions: dict[str, int] = field(default_factory=dict)


@dataclass
class PreferencePair:
    """A chosen and a rejected answer to one prompt, with their scores and where they came from."""

    prompt: str
    chosen: str
    rejected: str
    chosen_score: int
    rejected_score: int
    chosen_dimensions: dict[str, int]
    rejected_dimensions: dict[str, int]
    day: int
    step: int
    time: str = ""
    activity: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScoredSample:
    """One answer with its score: the unpaired data KTO learns from."""

    prompt: str
    completion: str
    score: int
    dimensions: dict[str, int]
    day: int
    step: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_pairs(
    prompt: str, candidates: Sequence[Candidate], *, day: int, step: int, time: str = "", activity: str = ""
) -> list[PreferencePair]:
    """Every pair of candidates with strictly different scores; the higher-scored one is chosen."""
    pairs = []
    for i in range(len(candidates)):
        for j in range(i + 1, len(candidates)):
            a, b = candidates[i], candidates[j]
            if a.score is None or b.score is None:
                raise ValueError("candidates must be scored before pairing")
            if a.score == b.score:
                continue
            hi, lo = (a, b) if a.score > b.score else (b, a)
            pairs.append(
                PreferencePair(
                    prompt,
                    hi.text,
                    lo.text,
                    int(hi.score),
                    int(lo.score),
                    dict(hi.dimensions),
                    dict(lo.dimensions),
                    day,
                    step,
                    time,
                    activity,
                )
            )
    return pairs


T = TypeVar("T", PreferencePair, ScoredSample)


def spread_equally(by_day: dict[int, list[T]], total: int, rng: np.random.Generator) -> list[T]:
    """Up to ``total`` items with an equal quota per day; unused quota flows to days that have more."""
    days = sorted(d for d, items in by_day.items() if items)
    taken: dict[int, int] = dict.fromkeys(days, 0)
    remaining = total
    open_days = [d for d in days if by_day[d]]
    while remaining > 0 and open_days:
        share, extra = divmod(remaining, len(open_days))
        order = rng.permutation(len(open_days))
        for rank, idx in enumerate(order):
            day = open_days[idx]
            want = share + (1 if rank < extra else 0)
            give = min(want, len(by_day[day]) - taken[day])
            taken[day] += give
            remaining -= give
        open_days = [d for d in open_days if taken[d] < len(by_day[d])]
        if share == 0 and extra == 0:
            break
    chosen: list[T] = []
    for day in days:
        items = by_day[day]
        if taken[day] >= len(items):
            chosen.extend(items)
        elif taken[day]:
            idx = np.sort(rng.choice(len(items), size=taken[day], replace=False))
            chosen.extend(items[i] for i in idx)
    return [chosen[i] for i in rng.permutation(len(chosen))]


def select(by_day: dict[int, list[T]], today: int, strategy: str, rng: np.random.Generator) -> list[T]:
    """The training set for the end of day ``today`` under ``strategy``."""
    upto = {d: items for d, items in by_day.items() if d <= today}
    match = re.fullmatch(r"equally(\d+)", strategy)
    if match:
        return spread_equally(upto, int(match.group(1)), rng)
    if strategy == "halftoday":
        todays = list(upto.get(today, []))
        earlier = {d: items for d, items in upto.items() if d < today}
        chosen = todays + spread_equally(earlier, len(todays), rng)
        return [chosen[i] for i in rng.permutation(len(chosen))]
    raise ValueError(f"unknown buffer strategy {strategy!r}; choose one of {STRATEGIES} (or equallyN)")


class ReplayBuffer:
    """All pairs (and scored samples) so far, by day; ``sample`` applies the strategy."""

    def __init__(self, strategy: str = "equally200") -> None:
        if strategy not in STRATEGIES and not re.fullmatch(r"equally\d+", strategy):
            raise ValueError(
                f"unknown buffer strategy {strategy!r}; choose one of {STRATEGIES} (or equallyN)"
            )
        self.strategy = strategy
        self.pairs: dict[int, list[PreferencePair]] = {}
        self.samples: dict[int, list[ScoredSample]] = {}

    def add_pairs(self, pairs: Sequence[PreferencePair]) -> None:
        for pair in pairs:
            self.pairs.setdefault(pair.day, []).append(pair)

    def add_samples(self, samples: Sequence[ScoredSample]) -> None:
        for sample in samples:
            self.samples.setdefault(sample.day, []).append(sample)

    def pairs_of(self, day: int) -> list[PreferencePair]:
        return list(self.pairs.get(day, []))

    def __len__(self) -> int:
        return sum(len(v) for v in self.pairs.values())

    def sample(self, today: int, rng: np.random.Generator) -> list[PreferencePair]:
        """Pairs to train on at the end of ``today`` (DPO)."""
        return select(self.pairs, today, self.strategy, rng)

    def sample_unpaired(self, today: int, rng: np.random.Generator) -> list[ScoredSample]:
        """Scored samples to train on at the end of ``today`` (KTO), same strategy."""
        return select(self.samples, today, self.strategy, rng)

    def drop_after(self, day: int) -> None:
        """Forget everything from days after ``day`` (resuming from a checkpoint)."""
        self.pairs = {d: v for d, v in self.pairs.items() if d <= day}
        self.samples = {d: v for d, v in self.samples.items() if d <= day}

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "pairs": [p.to_dict() for day in sorted(self.pairs) for p in self.pairs[day]],
            "samples": [s.to_dict() for day in sorted(self.samples) for s in self.samples[day]],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReplayBuffer:
        buffer = cls(data["strategy"])
        buffer.add_pairs([PreferencePair(**p) for p in data.get("pairs", [])])
        buffer.add_samples([ScoredSample(**s) for s in data.get("samples", [])])
        return buffer
