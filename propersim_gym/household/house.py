"""The simulated home: arenas (rooms) with objects on a small tile map, after the Lin family house.

The user of ProPerSim never leaves the house, so this one building plus its garden is the whole
world. Every sub-action of a schedule names an ``(arena, object)`` pair that exists here, and a
renderer can draw the arenas as rectangles and the objects as tiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, slots=True)
class HouseObject:
    """A thing the user can use, at one tile of the map."""

    name: str
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Arena:
    """A room (or the garden): a rectangle of tiles holding objects."""

    name: str
    x: int
    y: int
    width: int
    height: int
    objects: tuple[HouseObject, ...]
    outdoor: bool = False

    def contains(self, x: int, y: int) -> bool:
        """Whether tile (x, y) lies inside this arena."""
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height

    def object(self, name: str) -> HouseObject:
        """The object called ``name``; KeyError naming the arena's objects otherwise."""
        for obj in self.objects:
            if obj.name == name:
                return obj
        raise KeyError(f"arena {self.name!r} has no object {name!r}; it has {[o.name for o in self.objects]}")

    @property
    def center(self) -> tuple[int, int]:
        """The tile at the middle of the arena."""
        return self.x + self.width // 2, self.y + self.height // 2


@dataclass(frozen=True)
class House:
    """A home as a ``width`` x ``height`` tile map tiled by non-overlapping arenas."""

    name: str
    width: int
    height: int
    arenas: tuple[Arena, ...]

    def __post_init__(self) -> None:
        self.validate()

    @cached_property
    def _by_name(self) -> dict[str, Arena]:
        return {a.name: a for a in self.arenas}

    def arena(self, name: str) -> Arena:
        """The arena called ``name``; KeyError listing the arenas otherwise."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no arena {name!r}; arenas are {list(self._by_name)}") from None

    def has(self, arena: str, obj: str) -> bool:
        """Whether ``obj`` is an object of ``arena`` in this house."""
        found = self._by_name.get(arena)
        return found is not None and any(o.name == obj for o in found.objects)

    def locations(self) -> list[tuple[str, str]]:
        """Every (arena, object) pair, in map order."""
        return [(a.name, o.name) for a in self.arenas for o in a.objects]

    def tile_of(self, arena: str, obj: str) -> tuple[int, int]:
        """The tile (x, y) of an object."""
        found = self.arena(arena).object(obj)
        return found.x, found.y

    def arena_at(self, x: int, y: int) -> Arena | None:
        """The arena covering tile (x, y), or None outside the map."""
        return next((a for a in self.arenas if a.contains(x, y)), None)

    def validate(self) -> None:
        """Raise ValueError unless arenas lie on the map, do not overlap and hold their objects."""
        names = [a.name for a in self.arenas]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate arena names in {names}")
        owner: dict[tuple[int, int], str] = {}
        for a in self.arenas:
            if a.x < 0 or a.y < 0 or a.x + a.width > self.width or a.y + a.height > self.height:
                size = f"{self.width}x{self.height}"
                raise ValueError(f"{self.name}: arena {a.name!r} lies outside the {size} map")
            for x in range(a.x, a.x + a.width):
                for y in range(a.y, a.y + a.height):
                    if (x, y) in owner:
                        other = owner[(x, y)]
                        raise ValueError(f"{self.name}: arenas {other!r} and {a.name!r} overlap at {(x, y)}")
                    owner[(x, y)] = a.name
            seen: set[str] = set()
            for o in a.objects:
                if o.name in seen:
                    raise ValueError(f"{self.name}: arena {a.name!r} has two objects called {o.name!r}")
                seen.add(o.name)
                if not a.contains(o.x, o.y):
                    raise ValueError(f"{self.name}: object {o.name!r} lies outside arena {a.name!r}")

    def map_marks(self) -> dict[str, str]:
        """One distinct letter per arena for the text map: the first of its words' initials, then of its
        other letters, that no earlier arena took (upper case indoors, lower case outdoors)."""
        marks: dict[str, str] = {}
        for a in self.arenas:
            words = a.name.split()
            letters = [w[0] for w in words] + [ch for w in words for ch in w[1:]]
            choices = [ch.lower() if a.outdoor else ch.upper() for ch in letters if ch.isalpha()]
            taken = set(marks.values())
            marks[a.name] = next((ch for ch in choices if ch not in taken), "?")
        return marks

    def ascii_map(self) -> str:
        """The map as text: each arena filled with its letter (``map_marks``), objects as '*'."""
        grid = [[" "] * self.width for _ in range(self.height)]
        marks = self.map_marks()
        for a in self.arenas:
            for x in range(a.x, a.x + a.width):
                for y in range(a.y, a.y + a.height):
                    grid[y][x] = marks[a.name]
            for o in a.objects:
                grid[o.y][o.x] = "*"
        return "\n".join("".join(row) for row in grid)

    def legend(self) -> str:
        """What the text map's letters mean, e.g. "B bedroom  S spare bedroom  ..."."""
        return "  ".join(f"{mark} {name}" for name, mark in self.map_marks().items()) + "  * object  @ user"


def _arena(
    name: str, rect: tuple[int, int, int, int], objects: dict[str, tuple[int, int]], outdoor: bool = False
) -> Arena:
    x, y, w, h = rect
    return Arena(name, x, y, w, h, tuple(HouseObject(n, ox, oy) for n, (ox, oy) in objects.items()), outdoor)


# Arena names: the Lin family house of Generative Agents, with the second bedroom used as a spare
# (hobby) room and a study corner for work at home.
BEDROOM = "bedroom"
SPARE_BEDROOM = "spare bedroom"
BATHROOM = "bathroom"
KITCHEN = "kitchen"
COMMON_ROOM = "common room"
STUDY = "study corner"
GARDEN = "garden"

#: The house every simulated user lives in: 40 x 20 tiles, seven arenas.
LIN_HOUSE = House(
    name="the Lin family house",
    width=40,
    height=20,
    arenas=(
        _arena(BEDROOM, (0, 0, 10, 8), {"bed": (2, 2), "desk": (7, 2), "closet": (2, 6)}),
        _arena(BATHROOM, (10, 0, 6, 8), {"toilet": (11, 2), "sink": (14, 2), "shower": (12, 6)}),
        _arena(
            SPARE_BEDROOM,
            (16, 0, 9, 8),
            {"bed": (18, 2), "desk": (23, 2), "closet": (18, 6), "exercise mat": (22, 6)},
        ),
        _arena(STUDY, (25, 0, 7, 8), {"desk": (27, 2), "bookshelf": (30, 5)}),
        _arena(KITCHEN, (0, 8, 11, 12), {"sink": (2, 10), "cooking area": (5, 10), "refrigerator": (9, 10)}),
        _arena(
            COMMON_ROOM,
            (11, 8, 21, 12),
            {"table": (15, 13), "sofa": (22, 15), "shelf": (30, 10), "TV": (22, 18)},
        ),
        _arena(
            GARDEN,
            (32, 0, 8, 20),
            {"flower bed": (34, 3), "bench": (36, 9), "vegetable patch": (35, 15)},
            outdoor=True,
        ),
    ),
)


def default_house() -> House:
    """The house used by the environment and the procedural user."""
    return LIN_HOUSE
