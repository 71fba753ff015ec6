"""End-of-day learning with TRL: DPO on preference pairs (the paper), or KTO on scored samples.

Paper settings (docs/architecture.md, "The paper's protocol"): LoRA r16/alpha32/dropout0.05; lr 5e-5;
beta 0.1; 2 epochs; batch 1 x gradient accumulation 4; seed 42; the reference is the base model with the
adapter disabled. TRL, given a ``PeftModel`` that already holds an adapter, copies it into a frozen
"ref" adapter (the reference becomes yesterday's policy); for the paper's reference the reference pass
ignores that copy (TRL then disables the adapter) and we delete it before training.
``reference="previous_day"`` uses it. The reference is frozen, so DPO computes its log-probs once,
before the first epoch (TRL's ``precompute_ref_log_probs``), rather than again in every epoch.
KTO: desirable = score >= 3, batch 2 x 2 (KTO needs a real batch > 1).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from propersim_agents.buffer import PreferencePair, ScoredSample

log = logging.getLogger(__name__)

REFERENCES = ("base", "previous_day")
#: TRL log keys kept per day (both trainers), and the names they get in the day's metrics.
_LOGGED = {
    "loss": "loss",
    "rewards/chosen": "reward_chosen",
    "rewards/rejected": "reward_rejected",
    "rewards/margins": "reward_margin",
}


@dataclass
class TrainingSettings:
    """Hyper-parameters of the daily update (defaults: the paper)."""

    method: str = "dpo"
    learning_rate: float = 5e-5
    beta: float = 0.1
    epochs: float = 2.0
    batch_size: int = 1
    grad_accum: int = 4
    kto_batch_size: int = 2
    kto_grad_accum: int = 2
    seed: int = 42
    reference: str = "base"
    desirable_score: int = 3
    max_length: int | None = None
    precompute_reference: bool = True
    """DPO: compute the (frozen) reference log-probs once before training, not in every epoch."""
    progress: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    """More ``DPOConfig``/``KTOConfig`` arguments (override the ones above)."""

    def __post_init__(self) -> None:
        if self.method not in ("dpo", "kto"):
            raise ValueError(f"training method must be 'dpo' or 'kto', got {self.method!r}")
        if self.reference not in REFERENCES:
            raise ValueError(f"reference must be one of {REFERENCES}, got {self.reference!r}")


def _device_args(model: Any) -> dict[str, Any]:
    """CPU: ``use_cpu`` and fp32 (TRL defaults to bf16, which fails on CPU); CUDA: bf16."""
    device = next(model.parameters()).device
    if device.type == "cuda":
        return {"use_cpu": False, "bf16": True}
    return {"use_cpu": True, "bf16": False, "fp16": False}


def _common_args(
    settings: TrainingSettings, model: Any, output_dir: str, batch: int, accum: int
) -> dict[str, Any]:
    return {
        "output_dir": output_dir,
        "learning_rate": settings.learning_rate,
        "beta": settings.beta,
        "num_train_epochs": settings.epochs,
        "per_device_train_batch_size": batch,
        "gradient_accumulation_steps": accum,
        "seed": settings.seed,
        "data_seed": settings.seed,
        "logging_steps": 1,
        "save_strategy": "no",
        "report_to": "none",
        "disable_tqdm": not settings.progress,
        "max_length": settings.max_length,
        "dataloader_num_workers": 0,
        **_device_args(model),
        **settings.extra,
    }


def _no_checkpointing(config_cls: Any) -> dict[str, Any]:
    """Activation checkpointing off (TRL turns it on; it only slows small models down). transformers 5
    renamed ``gradient_checkpointing`` to ``activation_checkpointing``; use whichever exists."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(config_cls)}
    if "activation_checkpointing" in names:
        return {"activation_checkpointing": False}
    return {"gradient_checkpointing": False}


@contextlib.contextmanager
def _quiet_bars(show: bool) -> Iterator[None]:
    """Hide the progress bars of datasets' maps and of TRL's reference pass unless progress is wanted
    (TRL reads ``TQDM_DISABLE``)."""
    if show:
        yield
        return
    from datasets.utils import logging as ds_logging

    was_on = ds_logging.is_progress_bar_enabled()
    tqdm_disable = os.environ.get("TQDM_DISABLE")
    ds_logging.disable_progress_bar()
    os.environ["TQDM_DISABLE"] = "1"
    try:
        yield
    finally:
        if was_on:
            ds_logging.enable_progress_bar()
        if tqdm_disable is None:
            os.environ.pop("TQDM_DISABLE", None)
        else:
            os.environ["TQDM_DISABLE"] = tqdm_disable


@contextlib.contextmanager
def _compact_logprobs():
    """Score only completion tokens on CPU too.

    TRL's fused LM head scores every position (prompt included, over the whole vocabulary) on devices
    without Triton, to keep tile shapes fixed for compilers like Neuron's; on CPU that doubles the
    cost of a DPO step for no benefit. TRL decides this in ``trl.trainer.utils._use_triton``; we
    answer True for CPU while training (the kernels themselves still pick the torch path). If a TRL
    version lacks that hook, nothing is changed.
    """
    try:
        from trl.trainer import utils as trl_utils
    except ImportError:  # pragma: no cover
        yield
        return
    original = getattr(trl_utils, "_use_triton", None)
    if original is None:
        yield
        return
    trl_utils._use_triton = lambda device: device.type == "cpu" or original(device)
    try:
        yield
    finally:
        trl_utils._use_triton = original


@contextlib.contextmanager
def _hidden_adapter(model: Any, name: str):
    """Hide adapter ``name`` from ``model.peft_config`` for a moment (its layers stay loaded)."""
    config = model.peft_config.pop(name, None)
    try:
        yield
    finally:
        if config is not None:
            model.peft_config[name] = config


def _dpo_trainer(reference: str) -> Any:
    """TRL's ``DPOTrainer`` or, for the paper's base-model reference, one whose reference pass ignores
    TRL's "ref" adapter copy. TRL builds that copy in ``__init__`` and, with precomputed reference
    log-probs, also runs the reference pass there: before ``_prepare_reference`` can delete the copy."""
    from trl import DPOTrainer

    if reference != "base":
        return DPOTrainer

    class BaseReferenceDPOTrainer(DPOTrainer):
        def compute_ref_log_probs(self, model: Any, inputs: Any) -> Any:
            with _hidden_adapter(self.accelerator.unwrap_model(self.model), "ref"):
                return super().compute_ref_log_probs(model, inputs)

    return BaseReferenceDPOTrainer


def _quiet(trainer: Any, settings: TrainingSettings) -> None:
    """Without progress bars transformers prints every log dict; keep stdout clean unless asked."""
    if not settings.progress:
        from transformers.trainer_callback import PrinterCallback

        trainer.remove_callback(PrinterCallback)


def _prepare_reference(model: Any, settings: TrainingSettings, precomputed: bool) -> None:
    """After TRL built its "ref" copy: drop it for the paper's base-model reference, or once the
    reference log-probs are computed."""
    if (settings.reference == "base" or precomputed) and "ref" in getattr(model, "peft_config", {}):
        model.delete_adapter("ref")
        model.set_adapter("default")


def _cleanup(model: Any) -> None:
    """Leave only the trained "default" adapter, active, in eval mode, with the model's own forward.

    TRL patches an instance-level ``forward`` onto the base model (its fused LM head) that closes over
    the original bound forward. Left in place, a deep copy of the model (the merged inference copy) would
    run the original model's weights, and each day's trainer would wrap the previous day's patch.
    """
    if "ref" in getattr(model, "peft_config", {}):
        model.delete_adapter("ref")
    model.set_adapter("default")
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    vars(base).pop("forward", None)
    model.eval()


def _summarise(log_history: list[dict[str, Any]], prefix: str, keys: dict[str, str]) -> dict[str, float]:
    """Mean, first and last value of each logged metric over the run's logging steps."""
    out: dict[str, float] = {}
    for src, dst in keys.items():
        values = [float(e[src]) for e in log_history if src in e and isinstance(e[src], int | float)]
        values = [v for v in values if math.isfinite(v)]
        if values:
            out[f"{prefix}/{dst}"] = sum(values) / len(values)
            out[f"{prefix}/{dst}_first"] = values[0]
            out[f"{prefix}/{dst}_last"] = values[-1]
    return out


def train_dpo(
    model: Any,
    tokenizer: Any,
    pairs: Sequence[PreferencePair],
    settings: TrainingSettings,
    output_dir: str | Path | None = None,
) -> dict[str, float]:
    """One day's DPO update of the "default" LoRA adapter on ``pairs``; returns averaged metrics."""
    from datasets import Dataset
    from trl import DPOConfig

    if not pairs:
        return {"dpo/pairs": 0.0}
    data = Dataset.from_dict(
        {
            "prompt": [p.prompt for p in pairs],
            "chosen": [p.chosen for p in pairs],
            "rejected": [p.rejected for p in pairs],
        }
    )
    names = {**_LOGGED, "rewards/accuracies": "reward_accuracy"}
    batch = (settings.batch_size, settings.grad_accum)
    extra: dict[str, Any] = {}
    if settings.precompute_reference:
        extra = {"precompute_ref_log_probs": True, "precompute_ref_batch_size": 8}
    trainer_cls = _dpo_trainer(settings.reference)
    metrics = _fit(
        "dpo", trainer_cls, DPOConfig, model, tokenizer, data, settings, output_dir, batch, extra, names
    )
    metrics["dpo/pairs"] = float(len(pairs))
    return metrics


def train_kto(
    model: Any,
    tokenizer: Any,
    samples: Sequence[ScoredSample],
    settings: TrainingSettings,
    output_dir: str | Path | None = None,
) -> dict[str, float]:
    """One day's KTO update on scored samples (desirable = score >= ``desirable_score``)."""
    from datasets import Dataset
    from trl import KTOConfig, KTOTrainer

    if len(samples) < settings.kto_batch_size:
        return {"kto/samples": float(len(samples))}
    labels = [s.score >= settings.desirable_score for s in samples]
    data = Dataset.from_dict(
        {
            "prompt": [s.prompt for s in samples],
            "completion": [s.completion for s in samples],
            "label": labels,
        }
    )
    n_good = sum(labels)
    n_bad = len(labels) - n_good
    extra: dict[str, Any] = {}
    if n_good and n_bad:  # KTO's recommended balancing of the two kinds of examples
        extra = {"desirable_weight": 1.0, "undesirable_weight": n_good / n_bad if n_good < n_bad else 1.0}
        if n_good > n_bad:
            extra = {"desirable_weight": n_bad / n_good, "undesirable_weight": 1.0}
    names = {**_LOGGED, "kl": "kl"}
    batch = (settings.kto_batch_size, settings.kto_grad_accum)
    metrics = _fit(
        "kto", KTOTrainer, KTOConfig, model, tokenizer, data, settings, output_dir, batch, extra, names
    )
    metrics["kto/samples"] = float(len(samples))
    metrics["kto/desirable"] = float(n_good)
    return metrics


def _fit(
    prefix: str,
    trainer_cls: Any,
    config_cls: Any,
    model: Any,
    tokenizer: Any,
    data: Any,
    settings: TrainingSettings,
    output_dir: str | Path | None,
    batch: tuple[int, int],
    extra: dict[str, Any],
    names: dict[str, str],
) -> dict[str, float]:
    """Build a TRL trainer (DPO or KTO) on ``data``, train once, and summarise its log as ``prefix/...``."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, _quiet_bars(settings.progress), _compact_logprobs():
        common = _common_args(settings, model, str(output_dir or tmp), *batch)
        args = config_cls(**{**extra, **_no_checkpointing(config_cls), **common})
        trainer = trainer_cls(model=model, args=args, train_dataset=data, processing_class=tokenizer)
        _quiet(trainer, settings)
        _prepare_reference(model, settings, bool(getattr(args, "precompute_ref_log_probs", False)))
        model.train()
        result = trainer.train()
        history = list(trainer.state.log_history)
    _cleanup(model)
    metrics = _summarise(history, prefix, names)
    metrics[f"{prefix}/train_loss"] = float(result.training_loss)
    metrics[f"{prefix}/optimizer_steps"] = float(result.global_step)
    metrics[f"{prefix}/seconds"] = time.perf_counter() - started
    return metrics


def train(
    model: Any,
    tokenizer: Any,
    settings: TrainingSettings,
    *,
    pairs: Sequence[PreferencePair] = (),
    samples: Sequence[ScoredSample] = (),
    output_dir: str | Path | None = None,
) -> dict[str, float]:
    """Dispatch to ``train_dpo`` or ``train_kto`` by ``settings.method``."""
    if settings.method == "kto":
        return train_kto(model, tokenizer, samples, settings, output_dir)
    return train_dpo(model, tokenizer, pairs, settings, output_dir)
