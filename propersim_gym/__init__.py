"""ProPerSim Gym: a Gymnasium environment for proactive, personalized AI assistants.

``import propersim_gym`` registers ``ProPerSim-v0``; ``gym.make("ProPerSim-v0", persona=3)``.
Heavy parts (torch, transformers, chromadb, LLM SDKs) load lazily, only when used.
"""

from gymnasium.envs.registration import register
from gymnasium.envs.registration import registry as gym_registry

from propersim_gym.protocol import NO_RECOMMENDATION, BasePolicy, DayResult, Policy, play_day
from propersim_gym.registry import make_policy, policy_names, register_policy

__version__ = "0.1.0"

ENV_ID = "ProPerSim-v0"
if ENV_ID not in gym_registry:
    register(id=ENV_ID, entry_point="propersim_gym.env.core:ProPerSimEnv")

__all__ = [
    "ENV_ID",
    "NO_RECOMMENDATION",
    "BasePolicy",
    "DayResult",
    "Policy",
    "__version__",
    "make_policy",
    "play_day",
    "policy_names",
    "register_policy",
]
