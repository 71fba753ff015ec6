"""Throughput of the offline judge's recommendation understanding (TextUnderstanding.analyze_many).

Generates N new, varied recommendation texts from templates (seeded), so nothing is cached, and
measures recommendations per second for each encoder (MiniLM with torch, MiniLM int8 with
onnxruntime, lexical), with its load time, prototype-index time and topic accuracy on the labelled
test set. Writes a JSON results file and a bar plot.

    python benchmarks/judge_throughput.py                 # 2000 texts, all three encoders
    python benchmarks/judge_throughput.py --n 500 --encoders lexical
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from propersim_gym.bench.calibration import topic_accuracy

OPENERS = [
    "How about",
    "Why not try",
    "You could try",
    "Maybe",
    "Consider",
    "Would you like",
    "Time for",
    "It might be nice to try",
    "Shall we go for",
    "Try",
    "",
    "Perhaps",
]
SUGGESTIONS = [
    "a {m}-minute stretching routine for your back",
    "a new pasta recipe with {food} for dinner",
    "a glass of water and some {food}",
    "a short guided meditation",
    "dimming the lights to wind down",
    "planning tomorrow's top three tasks",
    "a {m}-minute lesson of your {lang} course",
    "a chapter of your novel",
    "an upbeat {genre} playlist",
    "an episode of that {genre2} series",
    "the latest episode of a {genre2} podcast",
    "a quick watercolour sketch of the {obj}",
    "rearranging the cushions on the {obj}",
    "watering the {plant} on the windowsill",
    "decluttering the {obj} drawer",
    "calling your {rel} to catch up",
    "a {m}-minute crossword or sudoku",
    "writing three things you're grateful for",
    "reviewing this week's budget",
    "a warm bath with a face mask",
    "a yoga flow on your mat",
    "prepping {food} for tomorrow's lunch",
    "a few pages of poetry",
    "practising {m} minutes of {instr}",
    "a documentary about {subject}",
]
CONTEXTS = [
    "",
    "while the kettle boils",
    "before your {t} meeting",
    "since you have a free moment",
    "after lunch",
    "this evening around {t}",
    "while you're in the kitchen",
    "before bed",
    "now that work is done",
    "during your {m}-minute break",
    "this afternoon",
    "while dinner is in the oven",
]
CLOSERS = [
    "",
    "It could feel lovely.",
    "You deserve a break!",
    "Only if you feel like it.",
    "😊",
    "It takes just {m} minutes.",
    "I think you'd enjoy it.",
    "No pressure at all.",
]
FILL = {
    "m": ["5", "10", "15", "20", "25", "30", "45"],
    "food": ["chickpeas", "salmon", "spinach", "oats", "lentils", "berries", "almonds", "tofu"],
    "lang": ["Spanish", "Japanese", "French", "Italian", "Korean"],
    "genre": ["jazz", "lo-fi", "soul", "classical", "indie folk"],
    "genre2": ["crime", "history", "science", "comedy", "nature"],
    "obj": ["sofa", "desk", "kitchen", "bedroom", "hallway"],
    "plant": ["basil", "ferns", "orchid", "succulents"],
    "rel": ["sister", "mum", "dad", "best friend", "grandmother"],
    "instr": ["guitar", "piano", "ukulele", "violin"],
    "subject": ["octopuses", "deep oceans", "ancient Rome", "volcanoes"],
    "t": ["3 pm", "4:30", "8", "19:00", "10 am"],
}


def make_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct recommendation texts combined from templates with a seeded generator."""
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    out: list[str] = []

    def pick(options: list[str]) -> str:
        text = options[int(rng.integers(len(options)))]
        while "{" in text:
            start = text.index("{")
            key = text[start + 1 : text.index("}", start)]
            text = text.replace("{" + key + "}", pick(FILL[key]), 1)
        return text

    while len(out) < n:
        opener, body, context, closer = pick(OPENERS), pick(SUGGESTIONS), pick(CONTEXTS), pick(CLOSERS)
        text = " ".join(p for p in (opener, body, context) if p).strip()
        text = (
            text[0].upper()
            + text[1:]
            + ("?" if opener in ("How about", "Why not try", "Would you like", "Shall we go for") else ".")
        )
        if closer:
            text += " " + closer
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def bench(encoder: str, texts: list[str], batch: int) -> dict[str, float]:
    """Load time, index time and throughput of ``analyze_many`` for one encoder."""
    from propersim_gym.evaluator.encoders import get_encoder
    from propersim_gym.evaluator.understanding import TextUnderstanding

    start = time.perf_counter()
    enc = get_encoder(encoder)
    if hasattr(enc, "load"):
        enc.load()
    load_s = time.perf_counter() - start
    tu = TextUnderstanding(enc)
    start = time.perf_counter()
    tu.index  # noqa: B018 - prototype embeddings (from the on-disk cache when present)
    index_s = time.perf_counter() - start
    tu.analyze_many(["Warm-up text so lazy initialisation is not timed."])
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        tu.analyze_many(texts[i : i + batch])
    elapsed = time.perf_counter() - start
    words = float(np.mean([len(t.split()) for t in texts]))
    return {
        "load_s": round(load_s, 3),
        "index_s": round(index_s, 3),
        "n": len(texts),
        "seconds": round(elapsed, 3),
        "per_second": round(len(texts) / elapsed, 1),
        "mean_words": round(words, 1),
    }


def main() -> None:
    """Run the benchmark and write ``--out`` (JSON) and a PNG bar plot beside it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=256, help="texts per analyze_many call")
    parser.add_argument("--encoders", nargs="+", default=["minilm", "minilm-int8", "lexical"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0, help="torch threads for MiniLM (0: leave as is)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "judge_throughput.json")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    results: dict[str, object] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "batch": args.batch,
        "seed": args.seed,
        "encoders": {},
    }
    if args.threads and "minilm" in args.encoders:
        import torch

        torch.set_num_threads(args.threads)
    for i, name in enumerate(args.encoders):
        texts = make_texts(args.n, seed=args.seed + 1000 * i)  # new texts per encoder: nothing cached
        res = bench(name, texts, args.batch)
        if name == "minilm":
            import torch

            res["torch_threads"] = torch.get_num_threads()
        accuracy, labelled = topic_accuracy(name)
        res["topic_accuracy"] = round(accuracy, 4)
        res["topic_testset"] = labelled
        results["encoders"][name] = res  # type: ignore[index]
        print(
            f"{name:12s} {res['per_second']:8.1f} recs/s  ({res['n']} texts, {res['mean_words']} words avg, "
            f"{res['seconds']} s; load {res['load_s']} s, prototype index {res['index_s']} s); "
            f"topic accuracy {res['topic_accuracy']:.1%} on {labelled} labelled texts"
        )
    results["machine"]["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None  # type: ignore[index]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        names = list(results["encoders"])  # type: ignore[arg-type]
        rates = [results["encoders"][n]["per_second"] for n in names]  # type: ignore[index]
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.bar(names, rates, color=["#4c72b0", "#55a868", "#dd8452"][: len(names)])
        ax.axhline(300, color="grey", linestyle="--", linewidth=1, label="target 300/s")
        ax.set_ylabel("recommendations / s")
        ax.set_title("analyze_many throughput")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.out.with_suffix(".png"), dpi=120)
    except ImportError:  # pragma: no cover - matplotlib is a core dependency
        pass
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
