"""The household: arenas and objects on the tile map, and the (kind, text) -> (arena, object) rules."""

from __future__ import annotations

import pytest

from propersim_gym.household import KIND_DEFAULTS, LIN_HOUSE, Arena, House, HouseObject, locate, locate_parts
from propersim_gym.taxonomy import ActivityKind as K

REQUIRED = {
    "bedroom": {"bed", "desk", "closet"},
    "spare bedroom": {"bed", "desk", "closet"},
    "bathroom": {"toilet", "sink", "shower"},
    "kitchen": {"sink", "cooking area", "refrigerator"},
    "common room": {"table", "sofa", "shelf", "TV"},
    "study corner": {"desk", "bookshelf"},
    "garden": {"flower bed", "bench", "vegetable patch"},
}


def test_house_has_the_lin_family_rooms_and_objects() -> None:
    for arena, objects in REQUIRED.items():
        have = {o.name for o in LIN_HOUSE.arena(arena).objects}
        assert objects <= have, (arena, objects - have)
    assert len(LIN_HOUSE.locations()) == len(set(LIN_HOUSE.locations()))


def test_layout_tiles_the_map_and_objects_sit_inside_their_arena() -> None:
    assert (LIN_HOUSE.width, LIN_HOUSE.height) == (40, 20)
    for x in range(LIN_HOUSE.width):
        for y in range(LIN_HOUSE.height):
            assert LIN_HOUSE.arena_at(x, y) is not None, (x, y)
    for arena in LIN_HOUSE.arenas:
        for obj in arena.objects:
            assert LIN_HOUSE.arena_at(obj.x, obj.y) is arena
            assert LIN_HOUSE.tile_of(arena.name, obj.name) == (obj.x, obj.y)
    assert LIN_HOUSE.arena_at(40, 0) is None
    rows = LIN_HOUSE.ascii_map().splitlines()
    assert len(rows) == 20 and all(len(r) == 40 for r in rows)
    marks = LIN_HOUSE.map_marks()
    assert len(set(marks.values())) == len(LIN_HOUSE.arenas) and "?" not in marks.values()
    for arena in LIN_HOUSE.arenas:
        assert f"{marks[arena.name]} {arena.name}" in LIN_HOUSE.legend()
        assert rows[arena.y][arena.x] in (marks[arena.name], "*")


def test_bad_layouts_are_rejected_with_a_clear_message() -> None:
    room = Arena("a", 0, 0, 5, 5, (HouseObject("bed", 1, 1),))
    with pytest.raises(ValueError, match="overlap"):
        House("h", 10, 10, (room, Arena("b", 4, 4, 3, 3, ())))
    with pytest.raises(ValueError, match="outside arena"):
        House("h", 10, 10, (Arena("a", 0, 0, 5, 5, (HouseObject("bed", 7, 7),)),))
    with pytest.raises(ValueError, match="outside the 10x10 map"):
        House("h", 10, 10, (Arena("a", 8, 8, 5, 5, ()),))
    with pytest.raises(KeyError, match="no arena 'attic'"):
        LIN_HOUSE.arena("attic")
    with pytest.raises(KeyError, match="no object 'piano'"):
        LIN_HOUSE.arena("common room").object("piano")


@pytest.mark.parametrize(
    ("kind", "text", "place"),
    [
        (K.HYGIENE, "morning hygiene (showering)", ("bathroom", "shower")),
        (K.HYGIENE, "morning hygiene (using the toilet)", ("bathroom", "toilet")),
        (K.HYGIENE, "morning hygiene (brushing teeth)", ("bathroom", "sink")),
        (K.HYGIENE, "morning hygiene (getting dressed)", ("bedroom", "closet")),
        (K.COOKING, "preparing breakfast (brewing coffee)", ("kitchen", "cooking area")),
        (K.COOKING, "trying a new recipe (reading the recipe)", ("kitchen", "cooking area")),
        (K.COOKING, "cooking dinner (taking ingredients from the refrigerator)", ("kitchen", "refrigerator")),
        (K.MEAL, "eating lunch", ("common room", "table")),
        (K.WORK, "working on client plans (a video meeting with colleagues)", ("study corner", "desk")),
        (K.GARDENING, "tending the garden (weeding the vegetable patch)", ("garden", "vegetable patch")),
        (K.GARDENING, "watering the flowers", ("garden", "flower bed")),
        (K.SLEEP, "sleeping", ("bedroom", "bed")),
        (K.LEISURE, "watching a TV series", ("common room", "TV")),
        (K.SOCIAL, "video-calling a friend (planning the next dinner)", ("common room", "sofa")),
        (K.HOBBY, "sketching new design ideas (choosing a colour palette)", ("spare bedroom", "desk")),
        (K.HOBBY, "rearranging the living room decor (trying new arrangements)", ("common room", "shelf")),
        (K.CHORES, "washing the dishes (scrubbing the pots)", ("kitchen", "sink")),
        (K.CHORES, "doing the laundry (folding clothes)", ("bedroom", "closet")),
        (K.CHORES, "cleaning the bathroom (scrubbing the bathroom sink)", ("bathroom", "sink")),
        (K.REST, "tea break (making a cup of tea)", ("kitchen", "cooking area")),
        (K.REST, "winding down (reading a few pages in bed)", ("bedroom", "bed")),
        (K.EXERCISE, "doing a yoga flow (holding poses)", ("spare bedroom", "exercise mat")),
        (K.READING, "reading a novel", ("common room", "sofa")),
        (K.JOURNALING, "journaling about the day (writing about the day)", ("bedroom", "desk")),
        (K.PLANNING, "planning the day (reviewing the calendar)", ("study corner", "desk")),
    ],
)
def test_locate_keyword_rules(kind: K, text: str, place: tuple[str, str]) -> None:
    assert locate(kind, text) == place


def test_homed_kinds_stay_home_whatever_the_text() -> None:
    # A cooking step that mentions music still happens in the kitchen; work stays at the study desk.
    assert locate(K.COOKING, "cooking dinner (listening to music while stirring)")[0] == "kitchen"
    assert locate(K.WORK, "working (reading a novel-length report)")[0] == "study corner"
    assert locate(K.SLEEP, "sleeping (dreaming of the garden)") == ("bedroom", "bed")


def test_every_kind_has_a_default_and_every_answer_exists_in_the_house() -> None:
    assert set(KIND_DEFAULTS) == set(K)
    texts = ["", "something unusual", "doing it in the garden", "with a cup of tea", "on the sofa (reading)"]
    for kind in K:
        assert LIN_HOUSE.has(*KIND_DEFAULTS[kind])
        assert locate_parts(kind, "zzz", "") == KIND_DEFAULTS[kind]
        for text in texts:
            assert LIN_HOUSE.has(*locate(kind, text)), (kind, text)
            assert locate(kind, text) == locate(kind, text)
