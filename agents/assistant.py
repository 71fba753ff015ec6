"""ProPerAssistant: retrieval-augmented candidates, counterfactual scoring, and daily preference learning.

Per awake step: build the prompt ([MEMORY] from the observation, [RETRIEVED] the top-k similar
earlier steps from the chromadb store, [ACTION] time and sub-action); sample n candidates in one
batched call (candidate 1 may be forced to "No Recommendation" with probability p); score every
candidate with ``env.unwrapped.evaluate_many`` (state unchanged); deliver one (paper: the second);
turn candidates with strictly different scores into preference pairs. At the end of the day: train
DPO (or KTO) on pairs drawn from the replay buffer, save the adapter, return the day's metrics.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
from propersim_agents.buffer import Candidate, ReplayBuffer, ScoredSample, make_pairs
from propersim_agents.language import CHECKPOINT_REMEDY, STATE_FILE, LanguagePolicy
from propersim_agents.models import LoadedModel, load_adapter_weights, save_adapter
from propersim_agents.prompt import NO_RECOMMENDATION, retrieved_line
from propersim_agents.training import TrainingSettings, train

from propersim_gym.files import read_json, write_json_atomic

log = logging.getLogger(__name__)

FORCE_SILENCE_CHOICES = (0.0, 0.3, 0.7, 1.0)
BUFFER_FILE = "buffer.json"
ADAPTER_DIR = "adapter"


class ProPerAssistant(LanguagePolicy):
    """The paper's reference agent (see module docstring). Needs the environment's "ARS" memory level.

    Args:
        model: "tiny", "smollm2", an HF id or local path, or a ``LoadedModel``.
        run_dir: where the retrieval store, pairs per day, adapters per day and logs go (temporary if None).
        seed: seeds candidate sampling, forced silences and replay sampling.
        n_candidates: candidates per step (paper: 2).
        force_silence: probability that candidate 1 is "No Recommendation" (paper: 0 / 0.3 / 0.7 / 1.0).
        deliver: index of the delivered candidate (paper: 1, the second; clipped to n - 1).
        contrast: when the sampled candidates are all silences (or all suggestions), also score one of the
            other kind, never delivered, so that every step can compare speaking with staying quiet; a
            policy that has fallen silent still learns when a suggestion would have been welcome. Off in
            the paper's setting; needs guided decoding.
        buffer: replay strategy "equally200" (default), "equally400" or "halftoday".
        trainer: "dpo" (paper) or "kto".
        reference: "base" (adapter disabled; paper) or "previous_day".
        retrieval_k: retrieved similar past steps (paper: 5); 0 disables retrieval.
        retrieval_skip_recent: leave out the last steps, already shown raw in [MEMORY] (its 10 minutes).
        train: False freezes the model (acting and pairing only).
        training: more ``TrainingSettings`` fields (e.g. ``{"epochs": 1}``).
    """

    name = "properassistant"
    required_memory = "ARS"

    def __init__(
        self,
        model: str | LoadedModel = "tiny",
        *,
        run_dir: str | Path | None = None,
        seed: int = 0,
        n_candidates: int = 2,
        force_silence: float = 0.0,
        deliver: int = 1,
        contrast: bool = False,
        buffer: str = "equally200",
        trainer: str = "dpo",
        reference: str = "base",
        retrieval_k: int = 5,
        retrieval_skip_recent: int = 4,
        train: bool = True,
        training: dict[str, Any] | None = None,
        progress: bool = False,
        **kwargs: Any,
    ) -> None:
        if n_candidates < 1:
            raise ValueError(f"n_candidates must be >= 1, got {n_candidates}")
        if not 0.0 <= force_silence <= 1.0:
            raise ValueError(f"force_silence must be a probability, got {force_silence}")
        if deliver < 0:
            raise ValueError(f"deliver must be a candidate index >= 0, got {deliver}")
        super().__init__(model, run_dir=run_dir, seed=seed, **kwargs)
        self.n_candidates = int(n_candidates)
        self.force_silence = float(force_silence)
        self.deliver = int(deliver)
        self.contrast = bool(contrast)
        if self.contrast and not self.sampler.guided:
            raise ValueError("contrast=True needs guided decoding (guided=True)")
        self.buffer = ReplayBuffer(buffer)
        self.train_enabled = bool(train)
        self.settings = TrainingSettings(
            method=trainer,
            reference=reference,
            progress=progress,
            **{**self.loaded.settings.training, **(training or {})},
        )
        self.retrieval_k = int(retrieval_k)
        self.retrieval_skip_recent = max(0, int(retrieval_skip_recent))
        self._retrieval: Any = None
        self.global_step = 0
        self.last_completed_day = -1
        self.history: list[dict[str, float]] = []
        self.last_step: dict[str, Any] = {}
        self._day_records: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ retrieval
    @property
    def retrieval(self) -> Any:
        """The chromadb store in ``run_dir/retrieval`` (opened on first use)."""
        if self._retrieval is None:
            from propersim_agents.retrieval import RetrievalMemory

            self._retrieval = RetrievalMemory(self.run_dir / "retrieval", k=max(1, self.retrieval_k))
        return self._retrieval

    def _retrieved(self, activity: str) -> tuple[str, ...]:
        if self.retrieval_k <= 0:
            return ()
        before = self.global_step - self.retrieval_skip_recent
        found = self.retrieval.query(activity, before_step=before, k=self.retrieval_k)
        return tuple(retrieved_line(r.time, r.activity, r.delivered, r.score) for r in found)

    # ------------------------------------------------------------------ day loop
    def start_day(self, env: Any, day: int) -> None:
        """Bind the environment (needed for counterfactual scoring) and reset the day's logs."""
        super().start_day(env, day)
        if not hasattr(self.env, "evaluate_many"):
            raise TypeError("ProPerAssistant needs env.unwrapped.evaluate_many (counterfactual feedback)")
        self._day_records = []
        self.last_step = {}
        if self.retrieval_k > 0 and self.retrieval.count():
            # Steps numbered from here on can only come from an earlier attempt that was killed before
            # its checkpoint (e.g. during day 0): drop them so nothing is duplicated.
            self.retrieval.drop_from_step(self.global_step)

    @property
    def step_log(self) -> dict[str, Any] | None:
        """The last step's candidates, scores and delivered index (the runner adds it to trajectory.jsonl)."""
        if not self.last_step:
            return None
        return {
            "candidates": [
                {
                    "text": c["text"],
                    "score": c["score"],
                    "dimensions": c["dimensions"],
                    "forced": c["forced"],
                    "kind": c["kind"],
                }
                for c in self.last_step["candidates"]
            ],
            "delivered": self.last_step["delivered"],
            "pairs": self.last_step["pairs"],
        }

    def act(self, observation: dict[str, Any]) -> str:
        """Generate candidates, score them counterfactually, keep the pairs, return the delivered one."""
        if self.env is None:
            raise RuntimeError("call start_day(env, day) before act()")
        ctx = self.context(observation, self._retrieved(str(observation.get("action", ""))))
        prompt = self.prompt(ctx, with_retrieved=self.retrieval_k > 0)
        forced = self.force_silence > 0 and bool(self.rng.random() < self.force_silence)
        generated = self.generate(prompt, self.n_candidates - 1 if forced else self.n_candidates)
        candidates = (
            [Candidate(NO_RECOMMENDATION, "silence", NO_RECOMMENDATION, forced=True)] if forced else []
        )
        candidates += generated
        index = min(self.deliver, len(candidates) - 1)  # chosen among the policy's own candidates
        candidates += self._contrasting(prompt, candidates)
        started = time.perf_counter()
        evaluations = self.env.evaluate_many([c.text for c in candidates])
        self.counters["score_seconds"] += time.perf_counter() - started
        for cand, ev in zip(candidates, evaluations, strict=True):
            cand.score = int(ev.total)
            cand.dimensions = dict(ev.dimensions())
        delivered = candidates[index]
        pairs = make_pairs(
            prompt, candidates, day=self.day, step=self.global_step, time=ctx.time, activity=ctx.action
        )
        self.buffer.add_pairs(pairs)
        if self.settings.method == "kto":
            self.buffer.add_samples(
                [
                    ScoredSample(
                        prompt, c.text, int(c.score or 0), dict(c.dimensions), self.day, self.global_step
                    )
                    for c in candidates
                ]
            )
        self.last_step = {
            "step": self.global_step,
            "day": self.day,
            "time": ctx.time,
            "activity": ctx.action,
            "candidates": [
                {
                    "text": c.text,
                    "kind": c.kind,
                    "forced": c.forced,
                    "retries": c.retries,
                    "score": c.score,
                    "dimensions": c.dimensions,
                }
                for c in candidates
            ],
            "delivered": index,
            "pairs": len(pairs),
        }
        return delivered.text

    def _contrasting(self, prompt: str, candidates: list[Candidate]) -> list[Candidate]:
        """With ``contrast``: one candidate of the kind the step lacks (a suggestion if all are silent, a
        silence if all are suggestions), else none."""
        kinds = {c.kind for c in candidates} if self.contrast else set()
        if kinds == {"silence"}:
            extra = self.generate(prompt, 1, frame="suggestion")
        elif kinds == {"recommendation"}:
            extra = [Candidate(NO_RECOMMENDATION, "silence", NO_RECOMMENDATION)]
        else:
            return []
        for cand in extra:
            cand.forced = True
        self.counters["contrast"] += len(extra)
        return extra

    def observe(self, observation: dict[str, Any], action: str, reward: float, info: dict[str, Any]) -> None:
        """Store the step in the retrieval memory and the day's log."""
        if self.retrieval_k > 0:
            self.retrieval.add(
                step=self.global_step,
                day=self.day,
                minute=float(observation.get("minute", 0)),
                time=str(observation.get("time", "")),
                activity=str(observation.get("action", "")),
                delivered=action,
                score=float(reward),
            )
        record = (
            dict(self.last_step)
            if self.last_step.get("step") == self.global_step
            else {"step": self.global_step, "day": self.day}
        )
        record["reward"] = float(reward)
        self._day_records.append(record)
        if info.get("is_recommendation"):
            self.counters["recommendations"] += 1
        self.counters["steps"] += 1
        self.global_step += 1

    def end_day(self, day: int) -> dict[str, float]:
        """Write the day's pairs, train on the replay sample, save the adapter; return the day's metrics."""
        if self._retrieval is not None:
            self._retrieval.flush()
        self._write_day_files(day)
        metrics = self.day_metrics()
        todays = self.buffer.pairs_of(day)
        metrics["agent/pairs_today"] = float(len(todays))
        metrics["agent/pairs_total"] = float(len(self.buffer))
        steps = max(1, len(self._day_records))
        metrics["agent/mean_candidate_score"] = float(
            np.mean([c["score"] for r in self._day_records for c in r.get("candidates", [])] or [0.0])
        )
        metrics["agent/mean_reward"] = float(sum(r.get("reward", 0.0) for r in self._day_records) / steps)
        if self.train_enabled:
            started = time.perf_counter()
            if self.settings.method == "kto":
                batch_samples = self.buffer.sample_unpaired(day, self.rng)
                trained = train(
                    self.loaded.model, self.loaded.tokenizer, self.settings, samples=batch_samples
                )
            else:
                batch_pairs = self.buffer.sample(day, self.rng)
                trained = train(self.loaded.model, self.loaded.tokenizer, self.settings, pairs=batch_pairs)
            metrics.update(trained)
            self.refresh_inference_model()
            metrics["agent/train_seconds"] = time.perf_counter() - started
            save_adapter(self.loaded.model, self.run_dir / "adapters" / f"day_{day:03d}")
        else:
            metrics["agent/train_seconds"] = 0.0
        self.last_completed_day = int(day)
        self.history.append({"day": float(day), **metrics})
        return metrics

    def _write_day_files(self, day: int) -> None:
        meta = {"persona": self.persona_id, "model": self.loaded.name, "seed": self.seed, "agent": self.name}
        pairs_dir = self.run_dir / "pairs"
        pairs_dir.mkdir(parents=True, exist_ok=True)
        with (pairs_dir / f"day_{day:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for pair in self.buffer.pairs_of(day):
                fh.write(json.dumps({**pair.to_dict(), **meta}, ensure_ascii=False) + "\n")
        steps_dir = self.run_dir / "agent" / "steps"
        steps_dir.mkdir(parents=True, exist_ok=True)
        with (steps_dir / f"day_{day:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for record in self._day_records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | Path) -> None:
        """Adapter, replay buffer, RNG state and counters into ``directory`` (the store stays in run_dir)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if self._retrieval is not None:
            self._retrieval.flush()
        if hasattr(self.loaded.model, "peft_config"):
            tmp = directory / (ADAPTER_DIR + ".partial")
            shutil.rmtree(tmp, ignore_errors=True)
            save_adapter(self.loaded.model, tmp)
            shutil.rmtree(directory / ADAPTER_DIR, ignore_errors=True)
            tmp.rename(directory / ADAPTER_DIR)
        write_json_atomic(directory / BUFFER_FILE, self.buffer.to_dict())
        write_json_atomic(
            directory / STATE_FILE,
            {
                "agent": self.name,
                "model": self.model_spec,
                "seed": self.seed,
                "rng": self._rng_state(),
                "global_step": self.global_step,
                "last_completed_day": self.last_completed_day,
                "persona": self.persona_id,
                "history": self.history,
                "run_dir": str(self.run_dir),
                "settings": {
                    "n_candidates": self.n_candidates,
                    "force_silence": self.force_silence,
                    "deliver": self.deliver,
                    "contrast": self.contrast,
                    "buffer": self.buffer.strategy,
                    "trainer": self.settings.method,
                    "reference": self.settings.reference,
                },
            },
        )

    def load(self, directory: str | Path) -> None:
        """Restore ``save``'s files; drop retrieval entries and pair files of days after the checkpoint."""
        directory = Path(directory)
        state = read_json(directory / STATE_FILE, remedy=CHECKPOINT_REMEDY)
        if state.get("model") != self.model_spec:
            log.warning(
                "checkpoint was written with model %r, this policy uses %r",
                state.get("model"),
                self.model_spec,
            )
        if (directory / ADAPTER_DIR).is_dir():
            load_adapter_weights(self.loaded.model, directory / ADAPTER_DIR)
            self.refresh_inference_model()
        self.buffer = ReplayBuffer.from_dict(read_json(directory / BUFFER_FILE, remedy=CHECKPOINT_REMEDY))
        self._set_rng_state(state["rng"])
        self.global_step = int(state["global_step"])
        self.last_completed_day = int(state["last_completed_day"])
        self.persona_id = state.get("persona")
        self.history = list(state.get("history", []))
        self.buffer.drop_after(self.last_completed_day)
        if self.retrieval_k > 0:
            self.retrieval.drop_after(self.last_completed_day)
            self.retrieval.drop_from_step(self.global_step)
        for path in (self.run_dir / "pairs").glob("day_*.jsonl"):
            if int(path.stem.split("_")[1]) > self.last_completed_day:
                path.unlink()
