"""ProPerAssistant and the baselines in the real environment (tiny preset, short days)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

pytest.importorskip("trl")
pytest.importorskip("chromadb")

import gymnasium as gym
from propersim_agents import export_pairs

from propersim_gym import make_policy, play_day
from propersim_gym.registry import get_policy

pytestmark = [pytest.mark.slow, pytest.mark.integration]
STEPS = 16


def play(env, policy, day, seed=None):
    """One day through the shared loop; what the policy's end_day returned."""
    return play_day(env, policy, day=day, seed=seed).learned


def lora_state(policy):
    return {
        k: v.detach().clone().numpy()
        for k, v in policy.loaded.model.named_parameters()
        if "lora_" in k and ".default." in k
    }


def test_two_short_days_pairs_dpo_and_adapter_carry_over(tmp_path):
    env = gym.make("ProPerSim-v0", persona=1, memory="ARS", max_awake_steps=STEPS)
    policy = make_policy("properassistant", model="tiny", run_dir=tmp_path, seed=0, force_silence=0.7)
    assert policy.required_memory == get_policy("properassistant").required_memory == "ARS"
    initial = lora_state(policy)

    m0 = play(env, policy, 0, seed=0)
    assert m0["agent/steps"] == STEPS
    assert m0["agent/pairs_today"] > 0, "no preference pair formed on day 0"
    assert m0["dpo/pairs"] == m0["agent/pairs_today"]
    assert 0.0 <= m0["dpo/reward_accuracy"] <= 1.0
    assert 0.0 <= m0["agent/valid_rate"] <= 1.0
    after0 = lora_state(policy)
    assert any(not np.allclose(initial[k], after0[k]) for k in initial), "DPO left the adapter unchanged"
    assert (tmp_path / "adapters" / "day_000" / "adapter_model.safetensors").is_file()
    lines = (tmp_path / "pairs" / "day_000.jsonl").read_text().splitlines()
    assert len(lines) == m0["agent/pairs_today"]
    first = json.loads(lines[0])
    assert first["chosen_score"] > first["rejected_score"] and first["persona"] == 1
    step = policy.step_log
    assert step is not None and len(step["candidates"]) == 2 and step["delivered"] == 1
    policy.save(tmp_path / "ckpt0")

    m1 = play(env, policy, 1)
    assert m1["agent/steps"] == STEPS
    assert policy.retrieval.count() == 2 * STEPS
    records = [
        json.loads(x) for x in (tmp_path / "agent" / "steps" / "day_001.jsonl").read_text().splitlines()
    ]
    assert [r["step"] for r in records] == list(range(STEPS, 2 * STEPS))

    # The next day starts from the saved adapter: a fresh policy loading the day-0 checkpoint has its weights,
    # and the retrieval store forgets day 1 (as after a kill during day 1).
    fresh = make_policy("properassistant", model="tiny", run_dir=tmp_path, seed=0, force_silence=0.7)
    fresh.load(tmp_path / "ckpt0")
    loaded = lora_state(fresh)
    assert all(np.allclose(after0[k], loaded[k]) for k in after0)
    assert fresh.retrieval.count() == STEPS
    assert fresh.global_step == STEPS and fresh.last_completed_day == 0
    assert not (tmp_path / "pairs" / "day_001.jsonl").exists()
    assert len(fresh.buffer) == m0["agent/pairs_today"]

    dataset = export_pairs(tmp_path)
    assert len(dataset) == m0["agent/pairs_today"]
    assert {"prompt", "chosen", "rejected", "chosen_score", "chosen_timing", "day", "model"} <= set(
        dataset.column_names
    )
    assert set(dataset["model"]) == {"tiny"}


def test_same_seed_same_two_days(tmp_path):
    """Two policies with one seed, in one process (torch's global generator has moved on between them),
    play the same two days: the same candidates, the same trained adapter."""

    def run(path):
        env = gym.make("ProPerSim-v0", persona=3, memory="ARS", max_awake_steps=8)
        policy = make_policy("properassistant", model="tiny", run_dir=path, seed=5)
        for day in (0, 1):
            play(env, policy, day, seed=day)
        steps = (path / "agent" / "steps" / "day_001.jsonl").read_text()
        return steps, lora_state(policy)

    steps_a, lora_a = run(tmp_path / "a")
    steps_b, lora_b = run(tmp_path / "b")
    assert steps_a == steps_b
    assert all(np.array_equal(lora_a[k], lora_b[k]) for k in lora_a)


def test_kto_trainer_in_the_loop(tmp_path):
    env = gym.make("ProPerSim-v0", persona=2, memory="ARS", max_awake_steps=8)
    policy = make_policy("properassistant", model="tiny", run_dir=tmp_path, seed=1, trainer="kto")
    metrics = play(env, policy, 0, seed=3)
    assert metrics["kto/samples"] == 16
    assert "kto/loss" in metrics


def test_contrast_scores_the_missing_kind_without_delivering_it(tmp_path):
    env = gym.make("ProPerSim-v0", persona=5, memory="ARS", max_awake_steps=12)
    policy = make_policy(
        "properassistant",
        model="tiny",
        run_dir=tmp_path,
        seed=2,
        contrast=True,
        force_silence=1.0,
        train=False,
    )
    extras = []

    def check(obs, action, reward, info):
        step = policy.last_step
        kinds = {c["kind"] for c in step["candidates"]}
        assert kinds == {"silence", "recommendation"} or "invalid" in kinds, step["candidates"]
        assert step["delivered"] == 1 and all(c["forced"] for c in step["candidates"][2:])  # never the extra
        extras.append(len(step["candidates"]) - 2)

    assert play_day(env, policy, day=0, seed=0, on_step=check).steps == 12
    assert policy.counters["contrast"] == sum(extras)
    assert len(policy.buffer) > 0


@pytest.mark.parametrize("name", ["nomemory", "ar", "ars", "rubric-given"])
def test_baselines_act_without_training(tmp_path, name):
    policy = make_policy(name, model="tiny", run_dir=tmp_path, seed=0)
    assert policy.required_memory == get_policy(name).required_memory
    env = gym.make("ProPerSim-v0", persona=3, memory=policy.required_memory, max_awake_steps=4)
    metrics = play(env, policy, 0, seed=0)
    assert metrics["agent/steps"] == 4 and metrics["agent/generated"] >= 4
    assert not hasattr(policy.loaded.model, "peft_config")
    if name == "rubric-given":
        assert env.unwrapped.persona.rubric.timing.text in policy._rubric
    policy.save(tmp_path / "ckpt")
    fresh = make_policy(name, model="tiny", run_dir=tmp_path / "fresh", seed=99)
    fresh.load(tmp_path / "ckpt")  # the RNG and the day counter of the saved policy
    assert fresh.last_completed_day == policy.last_completed_day == 0
    said = {}
    for who, p in (("saved", policy), ("loaded", fresh)):
        said[who] = []
        play_day(env, p, day=1, on_step=lambda obs, action, *_, out=said[who]: out.append(action))
    assert said["saved"] == said["loaded"] and len(said["saved"]) == 4


def _lines(path):
    return path.read_text().splitlines() if path.exists() else []


def test_resume_after_killing_a_real_run(tmp_path):
    """`propersim run` killed during day 1 resumes at the start of day 1 with nothing duplicated."""
    out = tmp_path / "run"
    cmd = [
        sys.executable,
        "-m",
        "propersim_gym.cli.main",
        "run",
        "--persona",
        "1",
        "--agent",
        "properassistant",
        "--model",
        "tiny",
        "--days",
        "2",
        "--steps-per-day",
        "12",
        "--out",
        str(out),
        "--seed",
        "0",
        "--quiet",
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    try:
        while len(_lines(out / "trajectory.jsonl")) < 12 + 4:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "run too slow"
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert json.loads((out / "state.json").read_text())["completed_days"] == 1
    done = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    trajectory = [json.loads(x) for x in _lines(out / "trajectory.jsonl")]
    assert [r["day"] for r in trajectory] == [0] * 12 + [1] * 12
    steps = [json.loads(x)["step"] for x in _lines(out / "agent" / "steps" / "day_001.jsonl")]
    assert steps == list(range(12, 24))
    from propersim_agents.retrieval import RetrievalMemory

    store = RetrievalMemory(out / "retrieval")
    assert store.count() == 24
    got = store.collection.get(include=["metadatas"])
    assert sorted(m["step"] for m in got["metadatas"]) == list(range(24))
    assert (out / "adapters" / "day_001" / "adapter_model.safetensors").is_file()
