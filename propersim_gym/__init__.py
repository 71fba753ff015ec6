"""ProPerSim Gym: a Gymnasium environment for proactive, personalized AI assistants.

``import propersim_gym`` registers ``ProPerSim-v0``; ``gym.make("ProPerSim-v0", persona=3)``.
Heavy parts (torch, transformers, chromadb, LLM SDKs) load lazily, only when used.
"""

from gymnasium.envs.registration import register, registry

from propersim_gym.policies.base import NO_RECOMMENDATION, BasePolicy, Policy

__version__ = "0.1.0"

ENV_ID = "ProPerSim-v0"
if ENV_ID not in registry:
    register(id=ENV_ID, entry_point="propersim_gym.env.core:ProPerSimEnv")

__all__ = ["ENV_ID", "NO_RECOMMENDATION", "BasePolicy", "Policy", "__version__"]
