"""The simulated home: arenas, objects, a tile layout, and where each kind of activity happens."""

from propersim_gym.household.house import LIN_HOUSE, Arena, House, HouseObject, default_house
from propersim_gym.household.locate import KIND_DEFAULTS, locate, locate_parts

__all__ = [
    "KIND_DEFAULTS",
    "LIN_HOUSE",
    "Arena",
    "House",
    "HouseObject",
    "default_house",
    "locate",
    "locate_parts",
]
