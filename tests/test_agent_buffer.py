"""Preference pairs and the replay buffer strategies (pure Python, no model)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from propersim_agents.buffer import Candidate, PreferencePair, ReplayBuffer, make_pairs, spread_equally


def _cand(text, score):
    return Candidate(text=text, kind="recommendation", score=score, dimensions={"preference": score % 2})


def _pair(day, i=0):
    return PreferencePair(f"p{day}-{i}", "a", "b", 3, 1, {}, {}, day, i)


def test_ties_give_no_pair_and_higher_is_chosen():
    assert make_pairs("p", [_cand("a", 2), _cand("b", 2)], day=0, step=0) == []
    pairs = make_pairs("p", [_cand("a", 1), _cand("b", 3)], day=0, step=7, time="t", activity="x")
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.chosen, pair.rejected, pair.chosen_score, pair.rejected_score) == ("b", "a", 3, 1)
    assert pair.step == 7 and pair.activity == "x"
    three = make_pairs("p", [_cand("a", 1), _cand("b", 3), _cand("c", 1)], day=0, step=0)
    assert len(three) == 2  # a-c tie gives nothing


def test_unscored_candidates_are_rejected():
    with pytest.raises(ValueError):
        make_pairs("p", [Candidate("a", "silence"), _cand("b", 1)], day=0, step=0)


def test_equally200_spreads_over_days():
    buf = ReplayBuffer("equally200")
    for day, n in [(0, 300), (1, 30), (2, 300)]:
        buf.add_pairs([_pair(day, i) for i in range(n)])
    rng = np.random.default_rng(0)
    batch = buf.sample(2, rng)
    counts = Counter(p.day for p in batch)
    assert len(batch) == 200
    assert counts[1] == 30  # a short day gives everything, its unused quota goes to the others
    assert counts[0] == 85 and counts[2] == 85
    assert len({(p.day, p.step) for p in batch}) == 200  # no duplicates


def test_equally_takes_all_when_few_and_ignores_future_days():
    buf = ReplayBuffer("equally400")
    buf.add_pairs([_pair(0, i) for i in range(50)] + [_pair(1, i) for i in range(60)])
    batch = buf.sample(0, np.random.default_rng(1))
    assert len(batch) == 50 and {p.day for p in batch} == {0}
    assert len(buf.sample(1, np.random.default_rng(1))) == 110


def test_halftoday():
    buf = ReplayBuffer("halftoday")
    buf.add_pairs(
        [_pair(0, i) for i in range(100)]
        + [_pair(1, i) for i in range(100)]
        + [_pair(2, i) for i in range(40)]
    )
    batch = buf.sample(2, np.random.default_rng(0))
    counts = Counter(p.day for p in batch)
    assert counts[2] == 40 and counts[0] + counts[1] == 40 and counts[0] == counts[1] == 20
    assert len(buf.sample(0, np.random.default_rng(0))) == 100


def test_sampling_is_seeded():
    buf = ReplayBuffer()
    buf.add_pairs([_pair(d, i) for d in range(3) for i in range(150)])
    a = [(p.day, p.step) for p in buf.sample(2, np.random.default_rng(3))]
    b = [(p.day, p.step) for p in buf.sample(2, np.random.default_rng(3))]
    assert a == b


def test_spread_equally_edge_cases():
    rng = np.random.default_rng(0)
    assert spread_equally({}, 10, rng) == []
    assert len(spread_equally({0: [_pair(0, i) for i in range(3)]}, 10, rng)) == 3
    assert spread_equally({0: [_pair(0)]}, 0, rng) == []


def test_roundtrip_and_drop_after():
    buf = ReplayBuffer("halftoday")
    buf.add_pairs([_pair(0), _pair(1), _pair(2)])
    copy = ReplayBuffer.from_dict(buf.to_dict())
    assert copy.strategy == "halftoday" and len(copy) == 3
    copy.drop_after(0)
    assert len(copy) == 1


def test_unknown_strategy():
    with pytest.raises(ValueError, match="strategy"):
        ReplayBuffer("sometimes")
