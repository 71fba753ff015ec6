"""The chromadb retrieval memory with the bundled MiniLM: earlier steps only, persistence, pruning."""

from __future__ import annotations

import pytest

pytest.importorskip("chromadb")

from propersim_agents.retrieval import RetrievalMemory

ACTIVITIES = [
    "preparing breakfast (brewing coffee)",
    "working at the desk (answering emails)",
    "watering the garden (filling the can)",
    "reading a novel",
    "cooking dinner (chopping vegetables)",
]


def _fill(store: RetrievalMemory, n: int, per_day: int = 10) -> None:
    for step in range(n):
        store.add(
            step=step,
            day=step // per_day,
            minute=420 + step * 2.5,
            time=f"t{step}",
            activity=ACTIVITIES[step % len(ACTIVITIES)],
            delivered="No Recommendation",
            score=step % 5,
        )


@pytest.mark.slow
def test_returns_earlier_steps_only_and_most_similar_first(tmp_path):
    store = RetrievalMemory(tmp_path / "retrieval", k=5, flush_every=7)  # some flushed, some pending
    assert store.query("cooking", before_step=3) == []
    _fill(store, 30)
    found = store.query("chopping onions for dinner in the kitchen", before_step=12)
    assert 0 < len(found) <= 5
    assert all(r.step < 12 for r in found)
    assert found[0].activity == "cooking dinner (chopping vegetables)"
    assert [r.distance for r in found] == sorted(r.distance for r in found)
    assert store.query("reading", before_step=1)[0].step == 0
    assert store.query("reading", before_step=0) == []


@pytest.mark.slow
def test_persists_and_drops_later_days(tmp_path):
    store = RetrievalMemory(tmp_path / "retrieval", flush_every=4)
    _fill(store, 25)
    store.flush()
    again = RetrievalMemory(tmp_path / "retrieval")
    assert again.count() == 25
    assert again.drop_after(1) == 5  # steps 20-24 are day 2
    assert again.count() == 20
    assert max(r.step for r in again.query("reading a book", before_step=100, k=20)) < 20
    assert again.drop_from_step(15) == 5
    assert again.count() == 15


@pytest.mark.slow
def test_re_adding_a_step_replaces_it(tmp_path):
    store = RetrievalMemory(tmp_path / "retrieval", flush_every=2)
    store.add(step=0, day=0, minute=0, time="t", activity="reading a novel", delivered="a", score=1)
    store.add(step=0, day=0, minute=0, time="t", activity="reading a novel", delivered="b", score=2)
    store.flush()
    store.add(step=0, day=0, minute=0, time="t", activity="reading a novel", delivered="c", score=3)
    found = store.query("reading", before_step=5)
    assert [(r.step, r.delivered) for r in found] == [(0, "c")]


@pytest.mark.slow
def test_ties_go_to_the_most_recent_steps(tmp_path):
    """Steps with one activity text share a vector; chroma cuts such a tie arbitrarily, the store
    keeps the most recent of them."""
    store = RetrievalMemory(tmp_path / "retrieval", k=3, flush_every=1)  # everything in chroma
    _fill(store, 40)  # each activity 8 times
    found = store.query("reading a novel", before_step=30)
    assert [r.step for r in found] == [28, 23, 18]
