"""The "tiny" preset: a small Llama built offline and warm-started to write well-formed answers.

Steps (all local, seeded): generate the persona-agnostic corpus (``propersim_agents.corpus``);
train a byte-level BPE tokenizer on it with the ``tokenizers`` library and give it a chat template;
build a randomly initialised ``LlamaForCausalLM``; run a short supervised pass on the corpus with the
loss on the answers only. The result is cached under ``cache_dir("models", "tiny-<hash>")``, keyed by
the build config, the corpus version and the shape of the prompt, so it is built once per machine.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from propersim_agents import corpus
from propersim_agents.prompt import PromptContext, build_messages

from propersim_gym.paths import cache_dir

log = logging.getLogger(__name__)

BOS, EOS, PAD, UNK = "<|begin|>", "<|end|>", "<|pad|>", "<|unk|>"
ROLE_TOKENS = ("<|system|>", "<|user|>", "<|assistant|>")
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + eos_token + '\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)


@dataclass(frozen=True)
class TinyConfig:
    """Everything that defines the tiny preset; its hash names the cache folder."""

    vocab_size: int = 2560
    hidden_size: int = 96
    intermediate_size: int = 288
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    max_position_embeddings: int = 1024
    corpus_size: int = 2400
    tokenizer_corpus_size: int = 1500
    max_memory_chars: int = 300
    epochs: float = 1.0
    batch_size: int = 16
    learning_rate: float = 4e-3
    warmup_steps: int = 20
    threads: int = 1
    """Torch threads while building: the tiny model's ops are too small to gain from more, and extra
    threads slow everything down badly when other processes share the cores."""
    seed: int = 0

    def key(self) -> str:
        """Short hash of the config, the corpus version and a rendered sample prompt."""
        sample = build_messages(PromptContext(time="T", action="A", memory="M", retrieved=("R",)))
        blob = json.dumps([asdict(self), corpus.CORPUS_VERSION, sample, CHAT_TEMPLATE], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


def tiny_dir(config: TinyConfig | None = None, *, build: bool = True) -> Path:
    """The cached tiny model folder, built first if missing (about a minute on 2 CPU cores)."""
    config = config or TinyConfig()
    target = cache_dir("models") / f"tiny-{config.key()}"
    if (target / "model.safetensors").is_file() and (target / "build.json").is_file():
        return target
    if not build:
        raise FileNotFoundError(f"tiny model not built yet at {target}")
    tmp = target.with_name(f"{target.name}.partial-{os.getpid()}")  # concurrent builders never share a folder
    shutil.rmtree(tmp, ignore_errors=True)
    report = build_tiny(tmp, config)
    (tmp / "build.json").write_text(json.dumps(report, indent=2))
    if target.exists() and not (target / "build.json").is_file():
        shutil.rmtree(target, ignore_errors=True)  # an incomplete folder from an older layout
    try:
        tmp.rename(target)
    except OSError:  # another process finished first: keep its build
        shutil.rmtree(tmp, ignore_errors=True)
        if not (target / "build.json").is_file():
            raise
    return target


def train_tokenizer(texts: list[str], vocab_size: int) -> Any:
    """A byte-level BPE tokenizer trained on ``texts``, wrapped for transformers, with a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = [PAD, BOS, EOS, UNK, *ROLE_TOKENS]
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=BOS,
        eos_token=EOS,
        pad_token=PAD,
        unk_token=UNK,
        additional_special_tokens=list(ROLE_TOKENS),
    )
    wrapped.chat_template = CHAT_TEMPLATE
    wrapped.model_max_length = 1024
    return wrapped


def _examples_to_ids(tokenizer: Any, examples: list[corpus.Example], config: TinyConfig):
    rows = []
    for ex in examples:
        messages = build_messages(ex.context, max_memory_chars=config.max_memory_chars)
        prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        prompt_ids = tokenizer(prompt)["input_ids"]
        answer_ids = tokenizer(ex.answer + EOS)["input_ids"]
        ids = (prompt_ids + answer_ids)[-config.max_position_embeddings :]
        n_answer = min(len(answer_ids), len(ids))
        rows.append((ids, n_answer))
    return rows


def build_tiny(out: Path, config: TinyConfig) -> dict[str, Any]:
    """Build, warm-start and save the tiny model into ``out``; returns a build report."""
    from propersim_agents.generation import torch_threads

    started, cpu_started = time.perf_counter(), time.process_time()
    with torch_threads(config.threads):
        return _build(out, config, started, cpu_started)


def _build(out: Path, config: TinyConfig, started: float, cpu_started: float) -> dict[str, Any]:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(config.seed)
    examples = corpus.generate(config.corpus_size, seed=config.seed)
    texts = []
    for ex in examples[: config.tokenizer_corpus_size]:
        texts.extend(
            m["content"] for m in build_messages(ex.context, max_memory_chars=config.max_memory_chars)
        )
        texts.append(ex.answer)
    tokenizer = train_tokenizer(texts, config.vocab_size)
    rows = _examples_to_ids(tokenizer, examples, config)
    model_config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=config.hidden_size,
        intermediate_size=config.intermediate_size,
        num_hidden_layers=config.num_hidden_layers,
        num_attention_heads=config.num_attention_heads,
        num_key_value_heads=config.num_attention_heads,
        max_position_embeddings=config.max_position_embeddings,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = LlamaForCausalLM(model_config)
    tokenize_s = time.perf_counter() - started
    losses = _warm_start(model, rows, config, tokenizer.pad_token_id)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    report = {
        "config": asdict(config),
        "key": config.key(),
        "corpus_version": corpus.CORPUS_VERSION,
        "parameters": sum(p.numel() for p in model.parameters()),
        "mean_prompt_tokens": float(np.mean([len(r[0]) for r in rows])),
        "first_loss": losses[0],
        "final_loss": float(np.mean(losses[-10:])),
        "prepare_seconds": round(tokenize_s, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
        "build_cpu_seconds": round(time.process_time() - cpu_started, 1),
    }
    log.info(
        "built tiny model %s in %.0f s (answer loss %.2f -> %.2f)",
        out.name,
        report["build_seconds"],
        report["first_loss"],
        report["final_loss"],
    )
    return report


def _warm_start(
    model: Any, rows: list[tuple[list[int], int]], config: TinyConfig, pad_id: int
) -> list[float]:
    """Supervised pass with the loss on answers only; length-bucketed batches; the LM head runs only
    where a label is (the prompt positions need hidden states, not logits)."""
    import torch

    rng = np.random.default_rng(config.seed)
    order = np.argsort([len(r[0]) for r in rows], kind="stable")
    batches = [order[i : i + config.batch_size] for i in range(0, len(order), config.batch_size)]
    total = max(1, math.ceil(len(batches) * config.epochs))
    schedule = [batches[i] for e in range(math.ceil(config.epochs)) for i in rng.permutation(len(batches))][
        :total
    ]
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=0.01)

    def lr_at(step: int) -> float:
        warmup = min(1.0, (step + 1) / config.warmup_steps)
        return config.learning_rate * warmup * 0.5 * (1 + math.cos(math.pi * step / total))

    model.train()
    losses: list[float] = []
    for step, batch in enumerate(schedule):
        width = max(len(rows[i][0]) for i in batch)
        ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        target = torch.full((len(batch), width), -100, dtype=torch.long)
        for j, i in enumerate(batch):
            seq, n_answer = rows[i]
            ids[j, : len(seq)] = torch.tensor(seq)
            mask[j, : len(seq)] = 1
            target[j, len(seq) - n_answer - 1 : len(seq) - 1] = torch.tensor(seq[len(seq) - n_answer :])
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        hidden = model.model(input_ids=ids, attention_mask=mask).last_hidden_state
        where = target != -100
        logits = model.lm_head(hidden[where])
        loss = torch.nn.functional.cross_entropy(logits.float(), target[where])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(float(loss.detach()))
    model.eval()
    return losses
