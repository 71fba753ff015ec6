"""The policy registry: every assistant the CLI, the bench and ``make_policy`` can build, by name.

The scripted references register here (``propersim_gym.policies.scripted``); other packages register
theirs through the entry point group ``propersim_gym.policies``: each entry point names a function that
calls ``register_policy`` (``propersim_agents`` registers ProPerAssistant and the prompt-only baselines
this way), loaded on first use. A name may also be ``module:Class`` or ``path/to/file.py:Class`` — a
policy of your own, run from the command line or in ``propersim bench`` without editing the package.

Factories are called with the user's options; the run's context (``seed``, ``run_dir``, ``model``) is
offered to every factory and passed only to those whose signature takes it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from propersim_gym.memory.interaction import MEMORY_LEVELS
from propersim_gym.protocol import Policy

ENTRY_POINT_GROUP = "propersim_gym.policies"
CONTEXT_KEYS = ("seed", "run_dir", "model")


class UnknownPolicyError(ValueError):
    """A policy name that is neither registered nor a loadable ``module:Class`` / ``file.py:Class``."""


@dataclass(frozen=True)
class PolicyEntry:
    """A registered policy: how to build it and what it needs from the environment."""

    name: str
    factory: Callable[..., Policy]
    required_memory: str = "ARS"
    """The observation memory level the policy reads (the env is made with it unless told otherwise)."""
    description: str = ""
    uses_model: bool = False
    """Whether the policy runs a language model (``--model`` applies; the bench lists the model)."""
    cost: int = 0
    """Rough relative cost of a simulated day (0: scripted) to start the longest bench jobs first."""
    variant_of: str | None = None
    """For a named variant (a policy with fixed options): the policy it varies."""

    def build(self, **options: Any) -> Policy:
        """The policy, built with ``options``; context keys the factory does not take are dropped."""
        accepted = _accepted_keywords(self.factory)
        if accepted is None:
            return self.factory(**options)
        unknown = sorted(set(options) - accepted - set(CONTEXT_KEYS))
        if unknown:
            takes = ", ".join(sorted(accepted - set(CONTEXT_KEYS))) or "no options"
            raise TypeError(f"policy {self.name!r} takes no option {', '.join(unknown)} (it takes: {takes})")
        return self.factory(**{k: v for k, v in options.items() if k in accepted})


_REGISTRY: dict[str, PolicyEntry] = {}
_ALIASES: dict[str, str] = {}
_BROKEN_PLUGINS: dict[str, str] = {}
_plugins_loaded = False


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _accepted_keywords(factory: Callable[..., Any]) -> set[str] | None:
    """Keyword names a callable takes (None when it takes ``**kwargs``, i.e. anything)."""
    try:
        params = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def register_policy(
    name: str,
    factory: Callable[..., Policy],
    *,
    required_memory: str | None = None,
    description: str = "",
    uses_model: bool = False,
    cost: int = 0,
    variant_of: str | None = None,
    aliases: tuple[str, ...] = (),
    replace: bool = False,
) -> PolicyEntry:
    """Register ``factory`` under ``name`` (and ``aliases``); names are case- and ``_``/``-``-blind.

    ``required_memory`` defaults to the factory's ``required_memory`` attribute, else "ARS"."""
    if required_memory is None:
        required_memory = getattr(factory, "required_memory", "ARS")
    if required_memory not in MEMORY_LEVELS:
        raise ValueError(f"required_memory must be one of {MEMORY_LEVELS}, got {required_memory!r}")
    if ":" in name:
        raise ValueError(f"a policy name may not contain ':' (that form loads a class), got {name!r}")
    key = _key(name)
    if not replace and key in _REGISTRY and _REGISTRY[key].factory is not factory:
        raise ValueError(f"a policy named {key!r} is already registered (pass replace=True to replace it)")
    entry = PolicyEntry(key, factory, required_memory, description, uses_model, cost, variant_of)
    _REGISTRY[key] = entry
    for alias in aliases:
        _ALIASES[_key(alias)] = key
    return entry


def _load_plugins() -> None:
    """Run every ``propersim_gym.policies`` entry point once (each registers its policies)."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    import propersim_gym.policies.scripted  # noqa: F401 - registers the scripted references

    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            register = point.load()
        except ImportError as err:  # a plugin whose own dependencies are missing
            _BROKEN_PLUGINS[point.name] = str(err)
            continue
        register()


def policy_names() -> tuple[str, ...]:
    """Every registered policy name, in registration order."""
    _load_plugins()
    return tuple(_REGISTRY)


def get_policy(name: str) -> PolicyEntry:
    """The entry for a registered name or a ``module:Class`` / ``file.py:Class`` reference."""
    _load_plugins()
    if ":" in name:
        return _class_entry(name)
    key = _key(name)
    key = _ALIASES.get(key, key)
    if key not in _REGISTRY:
        broken = "".join(f"; plugin {n!r} failed to load: {e}" for n, e in _BROKEN_PLUGINS.items())
        raise UnknownPolicyError(
            f"unknown policy {name!r}; choose from {', '.join(_REGISTRY)}, or name your own as "
            f"module:Class or path/to/file.py:Class{broken}"
        )
    return _REGISTRY[key]


def make_policy(name: str, **options: Any) -> Policy:
    """Build a policy by registered name or ``module:Class`` / ``file.py:Class``, with ``options``."""
    return get_policy(name).build(**options)


def _class_entry(reference: str) -> PolicyEntry:
    """An unregistered entry for ``module:Class`` or ``path/to/file.py:Class``."""
    where, _, attr = reference.rpartition(":")
    if not where or not attr:
        raise UnknownPolicyError(f"{reference!r}: expected module:Class or path/to/file.py:Class")
    if where.endswith(".py"):
        path = Path(where).expanduser().resolve()
        if not path.is_file():
            raise UnknownPolicyError(f"{reference!r}: no such file {path}")
        module_name = f"propersim_user_policy_{hashlib.sha1(str(path).encode()).hexdigest()[:12]}"
        module = sys.modules.get(module_name)
        if module is None:
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise UnknownPolicyError(f"{reference!r}: cannot load {path} as a Python module")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
    else:
        try:
            module = importlib.import_module(where)
        except ImportError as err:
            raise UnknownPolicyError(f"{reference!r}: cannot import {where!r} ({err})") from err
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise UnknownPolicyError(f"{reference!r}: {where} has no class or function {attr!r}")
    memory = getattr(factory, "required_memory", "ARS")
    if memory not in MEMORY_LEVELS:
        raise UnknownPolicyError(
            f"{reference!r}: required_memory must be one of {MEMORY_LEVELS}, got {memory!r}"
        )
    return PolicyEntry(reference, factory, memory, inspect.getdoc(factory) or "", uses_model=False)
