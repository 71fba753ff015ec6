"""The simulated user: day schedules and the simulators that plan them."""

from propersim_gym.user.base import UserSimulator
from propersim_gym.user.procedural import ProceduralUser
from propersim_gym.user.schedule import Activity, DaySchedule, SubAction

__all__ = ["Activity", "DaySchedule", "ProceduralUser", "SubAction", "UserSimulator"]
