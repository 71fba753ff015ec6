"""Drawing the household: text (ansi) and an RGB image (rgb_array), with the user and the last exchange."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

from propersim_gym.household.house import default_house
from propersim_gym.personas.schema import format_clock
from propersim_gym.protocol import NO_RECOMMENDATION

if TYPE_CHECKING:
    from propersim_gym.env.core import ProPerSimEnv

TILE = 14
STATUS_HEIGHT = 70
_ARENA_COLOURS = [
    (236, 226, 208),
    (208, 228, 236),
    (228, 214, 236),
    (236, 236, 200),
    (222, 236, 214),
    (240, 220, 220),
    (200, 232, 200),
]


def _status_lines(env: ProPerSimEnv) -> list[str]:
    moment = env.moment()
    sub = moment.subaction
    lines = [
        f"{env.persona.name} - day {env.day} {env.schedule.weekday if env.schedule else ''} "
        f"{format_clock(int(moment.minute))} - {sub.description} [{sub.state.value}] at {sub.location}"
    ]
    last = env.last_evaluation
    if last is None:
        lines.append("assistant: (nothing yet today)")
    else:
        said = last.text if last.is_recommendation else NO_RECOMMENDATION
        dims = " ".join(f"{k[:4]}={v}" for k, v in last.dimensions().items())
        lines.append(f"assistant: {said[:120]}  -> score {last.total}/4 ({dims})")
    return lines


def ansi(env: ProPerSimEnv) -> str:
    """The house map as text, the user as '@', then the time, the activity and the last exchange."""
    house = default_house()
    grid = [list(row) for row in house.ascii_map().splitlines()]
    sub = env.moment().subaction
    if house.has(sub.arena, sub.obj):
        x, y = house.tile_of(sub.arena, sub.obj)
        grid[y][x] = "@"
    return "\n".join(["".join(row) for row in grid] + [house.legend()] + _status_lines(env)) + "\n"


def rgb_array(env: ProPerSimEnv) -> np.ndarray:
    """An RGB image (H x W x 3, uint8) of the house, the user (red) and a status bar."""
    from PIL import Image, ImageDraw

    house = default_house()
    width, height = house.width * TILE, house.height * TILE + STATUS_HEIGHT
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for i, arena in enumerate(house.arenas):
        box = (
            arena.x * TILE,
            arena.y * TILE,
            (arena.x + arena.width) * TILE - 1,
            (arena.y + arena.height) * TILE - 1,
        )
        draw.rectangle(box, fill=_ARENA_COLOURS[i % len(_ARENA_COLOURS)], outline=(90, 90, 90))
        draw.text((box[0] + 3, box[1] + 2), arena.name, fill=(60, 60, 60))
        for obj in arena.objects:
            draw.rectangle(
                (obj.x * TILE + 2, obj.y * TILE + 2, obj.x * TILE + TILE - 3, obj.y * TILE + TILE - 3),
                fill=(150, 130, 110),
            )
    sub = env.moment().subaction
    if house.has(sub.arena, sub.obj):
        x, y = house.tile_of(sub.arena, sub.obj)
        draw.ellipse(
            (x * TILE - 4, y * TILE - 4, x * TILE + TILE + 3, y * TILE + TILE + 3), fill=(220, 30, 30)
        )
    top = house.height * TILE + 4
    for line in _status_lines(env):
        for part in textwrap.wrap(line, width=width // 6)[:2]:
            draw.text((4, top), part, fill=(0, 0, 0))
            top += 14
    return np.asarray(image, dtype=np.uint8)
