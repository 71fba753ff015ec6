"""The cost ledger: LLM calls, tokens, latency and dollars per component, with an optional budget cap.

Components are free-form names; the package uses ``user_planning``, ``judge``, ``assistant`` and
``summaries``. Prices come from a user-editable JSON table (``llm/data/prices.json`` by default,
per 1M tokens, with its sources and date). Cached answers are counted apart and cost nothing.
When a budget is set, the call that crosses it is recorded (and its answer already cached), then
BudgetExceeded is raised so the runner can stop at its last checkpoint.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from propersim_gym.errors import BudgetExceeded

COMPONENTS = ("user_planning", "judge", "assistant", "summaries")


def load_prices(path: str | Path | None = None) -> dict[str, Any]:
    """The price table: the bundled one, or the JSON file at ``path``."""
    if path is None:
        text = resources.files("propersim_gym.llm").joinpath("data/prices.json").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    table = json.loads(text)
    if not isinstance(table.get("models"), dict):
        raise ValueError(f"price table {path or 'bundled'} has no 'models' object")
    for name, entry in table["models"].items():
        if not {"input", "output"} <= set(entry):
            raise ValueError(f"price table entry {name!r} needs 'input' and 'output' (USD per 1M tokens)")
    return table


def price_for(table: dict[str, Any], backend: str, model: str) -> tuple[float, float] | None:
    """(input, output) USD per 1M tokens for a model; (0, 0) for free backends; None if unknown."""
    if backend in table.get("free_backends", []):
        return (0.0, 0.0)
    name = model.split("/")[-1].lower()
    models = {k.lower(): v for k, v in table["models"].items()}
    if name in models:
        entry = models[name]
    else:
        prefixes = [k for k in models if name.startswith(k)]
        if not prefixes:
            return None
        entry = models[max(prefixes, key=len)]
    return float(entry["input"]), float(entry["output"])


@dataclass
class ComponentUsage:
    """Running totals for one component."""

    calls: int = 0
    cached_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    cached_output_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    retries: int = 0
    errors: int = 0
    unpriced_calls: int = 0


class Ledger:
    """Thread-safe totals of LLM usage per component, priced from a table, with a budget cap."""

    def __init__(
        self,
        prices: str | Path | dict[str, Any] | None = None,
        budget_usd: float | None = None,
        log_path: str | Path | None = None,
    ) -> None:
        self.prices = prices if isinstance(prices, dict) else load_prices(prices)
        self.budget_usd = budget_usd
        self.log_path = Path(log_path) if log_path is not None else None
        self._usage: dict[str, ComponentUsage] = {}
        self._lock = threading.Lock()

    @property
    def cost_usd(self) -> float:
        """Dollars spent so far on live (uncached) calls."""
        return sum(u.cost_usd for u in self._usage.values())

    def check_budget(self) -> None:
        """Raise BudgetExceeded if the budget is already spent (called before each live request)."""
        if self.budget_usd is not None and self.cost_usd >= self.budget_usd:
            raise BudgetExceeded(f"LLM budget of ${self.budget_usd:.4f} spent (${self.cost_usd:.4f} so far)")

    def record(
        self,
        *,
        component: str,
        backend: str,
        model: str,
        input_tokens: int,
        output_tokens: int,
        latency_s: float,
        cached: bool,
        retries: int = 0,
        error: str | None = None,
    ) -> float:
        """Add one call; return its cost. Raises BudgetExceeded once the cap is crossed."""
        price = price_for(self.prices, backend, model)
        cost = 0.0 if cached or price is None else (input_tokens * price[0] + output_tokens * price[1]) / 1e6
        with self._lock:
            usage = self._usage.setdefault(component, ComponentUsage())
            if cached:
                usage.cached_calls += 1
                usage.cached_input_tokens += input_tokens
                usage.cached_output_tokens += output_tokens
            else:
                usage.calls += 1
                usage.input_tokens += input_tokens
                usage.output_tokens += output_tokens
                usage.latency_s += latency_s
                usage.cost_usd += cost
                usage.retries += retries
                usage.unpriced_calls += int(price is None)
            usage.errors += int(error is not None)
            if self.log_path is not None:
                self.log_path.parent.mkdir(parents=True, exist_ok=True)
                with self.log_path.open("a", encoding="utf-8") as fh:
                    fh.write(
                        json.dumps(
                            {
                                "component": component,
                                "backend": backend,
                                "model": model,
                                "input_tokens": input_tokens,
                                "output_tokens": output_tokens,
                                "latency_s": round(latency_s, 4),
                                "cached": cached,
                                "retries": retries,
                                "cost_usd": cost,
                                "error": error,
                            }
                        )
                        + "\n"
                    )
        if not cached:
            self.check_budget()
        return cost

    def summary(self) -> dict[str, Any]:
        """Per-component and total usage, the budget and the price table's date, as plain JSON."""
        with self._lock:
            per = {name: asdict(u) for name, u in sorted(self._usage.items())}
        total = asdict(ComponentUsage())
        for u in per.values():
            for key, value in u.items():
                total[key] += value
        for entry in [*per.values(), total]:
            entry["latency_s"] = round(entry["latency_s"], 4)
            entry["cost_usd"] = round(entry["cost_usd"], 8)
            entry["mean_latency_s"] = round(entry["latency_s"] / entry["calls"], 4) if entry["calls"] else 0.0
        return {
            "components": per,
            "total": total,
            "budget_usd": self.budget_usd,
            "prices_checked": self.prices.get("_checked"),
        }

    def save(self, path: str | Path) -> None:
        """Write summary() as JSON, atomically (e.g. ``run_dir/llm_ledger.json``)."""
        path = Path(path)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.summary(), indent=2), encoding="utf-8")
        os.replace(tmp, path)
