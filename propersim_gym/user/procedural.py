"""The offline user: a seeded, trait-conditioned planner of a persona's day at home.

``ProceduralUser().plan_day(persona, day, rng)`` builds a 24-hour :class:`DaySchedule` in four passes:

1. fixed points: wake-up hygiene, (planning,) meals with cooking before them, an evening wind-down,
   with day-to-day jitter on wake, meal and bed times (+-15 min for conscientious personas, +-30
   otherwise);
2. work at home per ``routine.work``: fixed hours split into ~90-minute focus blocks with short
   breaks and a lunch break, or 2-3 flexible blocks, or none (never fixed work at weekends);
3. free time: the persona's own activities (``per_week / 7`` a day, at their preferred part of day),
   daily needs, and trait-conditioned extras - calls (extraversion), planning and chores
   (conscientiousness), many different hobbies (openness), rest and self-soothing (neuroticism),
   leisure (low conscientiousness) - then fillers and short transitions in what is left;
4. each activity split into 5-30 minute sub-actions with a state and a place in the house.

Pure Python over a buffer of uniforms from the given generator: the same persona, day and generator
state give the same schedule.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from propersim_gym.household.house import BEDROOM
from propersim_gym.personas.schema import MINUTES_PER_DAY, Persona
from propersim_gym.taxonomy import ActivityKind as K
from propersim_gym.taxonomy import UserState as S
from propersim_gym.user import catalog as C
from propersim_gym.user.blocks import Block, Draw, r5, to_activity
from propersim_gym.user.catalog import Template
from propersim_gym.user.schedule import DaySchedule, day_date

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NOON = 12 * 60
EVENING = 17 * 60 + 30
LATEST_WAKE = 12 * 60
LAST_BEDTIME = MINUTES_PER_DAY - 5
#: Order of preferred parts of the day inside one free stretch.
WHEN_ORDER = {"morning": 0.0, "afternoon": 1.0, "any": 1.0, "evening": 2.0}
#: After these, a transition is "tidying up after ..." rather than "getting ready".
_TIDY_AFTER = frozenset({K.MEAL, K.COOKING, K.HOBBY, K.CHORES, K.GARDENING, K.EXERCISE, K.WORK})


def day_rng(seed: int, persona_id: int, day: int) -> np.random.Generator:
    """The generator the environment uses for one (seed, persona, day): ``default_rng([seed, id, day])``."""
    return np.random.default_rng([seed, persona_id, day])


def is_workday(persona: Persona, day: int) -> bool:
    """Whether the persona works at home on study day ``day`` (fixed work never at weekends)."""
    work = persona.routine.work
    dow = day_date(day).weekday()
    return work.kind != "none" and DAY_NAMES[dow] in work.days and not (work.kind == "fixed" and dow >= 5)


class ProceduralUser:
    """Offline user simulator: seeded, trait-conditioned daily schedules of a persona at home."""

    name = "procedural"

    def plan_day(self, persona: Persona, day: int, rng: np.random.Generator) -> DaySchedule:
        """The full 24 h schedule of study day ``day`` (day 0 is Thursday 2025-02-13)."""
        if day < 0:
            raise ValueError(f"day must be 0 or more, got {day}")
        return _DayPlanner(persona, day, Draw(rng)).plan()


@dataclass(frozen=True, slots=True)
class _Traits:
    e: bool
    a: bool
    c: bool
    o: bool
    n: bool


class _DayPlanner:
    """One day's planning state; see the module docstring for the passes."""

    def __init__(self, persona: Persona, day: int, draw: Draw) -> None:
        self.p = persona
        self.day = day
        self.d = draw
        b5 = persona.big_five
        self.t = _Traits(
            *(
                getattr(b5, x) == "high"
                for x in ("extraversion", "agreeableness", "conscientiousness", "openness", "neuroticism")
            )
        )
        self.dow = day_date(day).weekday()
        self.weekend = self.dow >= 5
        self.workday = is_workday(persona, day)
        self.jitter = 15 if self.t.c else 30
        self.wake = self.bed = self.limit = self.cursor = 0
        self.persona_items: list[Template] = []
        self.done: set[str] = set()  # activity names already planned today (fillers avoid repeats)

    def plan(self) -> DaySchedule:
        d, routine = self.d, self.p.routine
        pattern = routine.weekend if self.weekend else routine.weekday
        self.wake = min(max(r5(pattern.wake) + self._jit(), 180), LATEST_WAKE)
        self.bed = min(max(r5(pattern.sleep) + self._jit(), self.wake + 6 * 60), LAST_BEDTIME)
        cook_for = self._draw_persona_activities()
        later = max(0, r5(pattern.wake) - r5(routine.weekday.wake))  # weekend lie-in delays breakfast
        meal_at = {
            "breakfast": r5(routine.meals.breakfast) + later + self._jit(),
            "lunch": r5(routine.meals.lunch) + self._jit(),
            "dinner": r5(routine.meals.dinner) + self._jit(),
        }
        bed_hygiene, wind = d.int5(10, 15), d.int5(15, 30)
        self.limit = self.bed - bed_hygiene - wind
        self.cursor = self.wake
        anchors: list[Block] = []
        self._morning(anchors, meal_at["breakfast"], cook_for.get("breakfast"))
        self._lunch_and_dinner(anchors, meal_at, cook_for)
        tail = [
            Block(
                self.limit,
                self.limit + bed_hygiene,
                "getting ready for bed",
                K.HYGIENE,
                C.BEDTIME_HYGIENE_STEPS,
            ),
            Block(
                self.limit + bed_hygiene,
                self.bed,
                "winding down",
                K.REST,
                d.choice(C.WIND_DOWN_STEPS),
                place=(BEDROOM, "bed"),
            ),
        ]
        fixed = sorted(anchors + self._work(anchors), key=lambda b: b.start)
        blocks = sorted(fixed + self._free_time(fixed) + tail, key=lambda b: b.start)
        sleep = ("sleeping", K.SLEEP, ("",), S.ASLEEP, (BEDROOM, "bed"))
        blocks = [Block(0, self.wake, *sleep), *blocks, Block(self.bed, MINUTES_PER_DAY, *sleep)]
        return DaySchedule(self.p.id, self.day, tuple(to_activity(b) for b in blocks if b.end > b.start))

    def _jit(self) -> int:
        return self.d.int5(-self.jitter, self.jitter)

    # -- pass 1: fixed points ------------------------------------------------------------------

    def _draw_persona_activities(self) -> dict[str, Template]:
        """Today's own activities (``per_week / 7`` a day); cooking ones take over a meal's cooking."""
        cook_for: dict[str, Template] = {}
        for act in self.p.activities:
            rate = act.per_week / 7.0
            count = int(rate) + self.d.chance(rate - int(rate))
            template = C.from_persona(act)
            meal = {"morning": "breakfast", "afternoon": "lunch"}.get(act.when, "dinner")
            for _ in range(count):
                if act.kind is K.COOKING and meal not in cook_for:
                    cook_for[meal] = template
                else:
                    self.persona_items.append(template)
        return cook_for

    def _put(self, out: list[Block], t: Template, desired: int, minutes: int) -> None:
        """Place ``t`` at ``desired`` or right after the previous fixed point, shortened to fit before bed."""
        start = max(desired, self.cursor)
        minutes = min(minutes, (self.limit - start) // 5 * 5)
        if minutes >= 10:
            out.append(Block.of(t, start, minutes))
            self.cursor = start + minutes

    def _morning(self, out: list[Block], breakfast: int, cooking: Template | None) -> None:
        """Hygiene (before breakfast when there is time, else after), planning, breakfast."""
        d = self.d
        prep = d.int5(*cooking.minutes) if cooking else d.int5(10, 20)
        eat = d.int5(15, 25)
        hygiene = d.int5(20, 35)
        hygiene_t = C.MORNING_HYGIENE if d.chance(0.7) else C.MORNING_HYGIENE_QUICK
        plan = self.t.c or d.chance(0.08)
        plan_len = d.int5(*C.PLAN_DAY.minutes)
        room = breakfast - self.wake
        hygiene_first = room >= 15 + prep
        if hygiene_first:
            hygiene = min(hygiene, room - prep)
            self._put(out, hygiene_t, self.wake, hygiene)
            if plan and room - hygiene - prep >= 10:
                self._put(out, C.PLAN_DAY, self.cursor, min(plan_len, room - hygiene - prep))
                plan = False
        self._put(
            out, cooking or self._cooking("preparing breakfast", C.BREAKFAST_PREP), breakfast - prep, prep
        )
        self._put(out, self._eating("eating breakfast", C.BREAKFAST_EAT), breakfast, eat)
        if not hygiene_first:
            self._put(out, hygiene_t, self.cursor, hygiene)
        if plan:
            self._put(out, C.PLAN_DAY, self.cursor, plan_len)

    def _lunch_and_dinner(
        self, out: list[Block], meal_at: dict[str, int], cook_for: dict[str, Template]
    ) -> None:
        """Lunch and dinner with cooking before them; washing up after dinner."""
        d = self.d
        cooking = cook_for.get("lunch")
        prep = d.int5(*cooking.minutes) if cooking else (d.int5(10, 15) if self.workday else d.int5(15, 25))
        name = "making a quick lunch" if self.workday else "preparing lunch"
        self._put(out, cooking or self._cooking(name, C.LUNCH_PREP), meal_at["lunch"] - prep, prep)
        self._put(out, self._eating("eating lunch", C.LUNCH_EAT), meal_at["lunch"], d.int5(20, 30))
        cooking = cook_for.get("dinner")
        prep = d.int5(*cooking.minutes) if cooking else d.int5(25, 45)
        self._put(
            out, cooking or self._cooking("cooking dinner", C.DINNER_PREP, 3), meal_at["dinner"] - prep, prep
        )
        self._put(out, self._eating("eating dinner", C.DINNER_EAT), meal_at["dinner"], d.int5(25, 40))
        if d.chance(0.9 if self.t.c else 0.35):
            self._put(out, C.DISHES, self.cursor, d.int5(*C.DISHES.minutes))

    def _pick(self, steps: tuple[str, ...], k: int) -> tuple[str, ...]:
        """``k`` of ``steps`` in their original order."""
        return tuple(steps[i] for i in sorted(self.d.sample(range(len(steps)), k)))

    def _cooking(self, name: str, steps: tuple[str, ...], k: int = 2) -> Template:
        return Template(name, K.COOKING, (5, 60), self._pick(steps, k))

    def _eating(self, name: str, steps: tuple[str, ...]) -> Template:
        return Template(name, K.MEAL, (10, 40), (steps[0], *self._pick(steps[1:], 1)))

    # -- pass 2: work --------------------------------------------------------------------------

    def _work(self, anchors: list[Block]) -> list[Block]:
        """Work blocks for a workday, around the meals already placed."""
        if not self.workday:
            return []
        d, work = self.d, self.p.routine.work
        ws, we = max(r5(work.start or 0), self.wake), min(r5(work.end or 0), self.limit)
        if we - ws < 30:
            return []
        if work.kind == "fixed":
            spans = [(ws, we)]
        else:  # flexible: 2-3 blocks of 1-2 hours spread over the window, together about half of it or more
            n = 2 + d.chance(0.5)
            slot = (we - ws) // n // 5 * 5
            shortest = max(60, min(120, (we - ws) // (2 * n)))
            spans = []
            for i in range(n):
                length = min(d.int5(shortest, 120), slot - 10 if slot >= 40 else slot)
                offset = d.int5(0, max(slot - length, 0))
                if length >= 20:
                    spans.append((ws + i * slot + offset, ws + i * slot + offset + length))
        pieces: list[tuple[int, int]] = []
        for a, b in spans:
            for block in anchors:
                if block.end <= a or block.start >= b:
                    continue
                if block.start - a >= 20:
                    pieces.append((a, block.start))
                a = max(a, block.end)
            if b - a >= 20:
                pieces.append((a, b))
        offset = d.index(len(C.WORK_STEPS))
        out: list[Block] = []
        for i, (a, b) in enumerate(pieces):
            out.extend(self._focus_blocks(a, b, first=(i == 0), offset=offset + 3 * i))
        return out

    def _focus_blocks(self, a: int, b: int, first: bool, offset: int, gap: int = 15) -> list[Block]:
        """Split a work span into focus blocks of about 90 (65-105) minutes separated by short breaks."""
        n = max(1, -(-(b - a - 15) // 105))
        units = (b - a - (n - 1) * gap) // 5
        ws, desc = C.WORK_STEPS, self.p.routine.work.description
        out: list[Block] = []
        cursor = a
        for i in range(n):
            size = 5 * (units // n + (1 if i < units % n else 0))
            steps = tuple(ws[(offset + 4 * i + j) % len(ws)] for j in range(4))
            if first and i == 0:  # the working day opens with the inbox
                steps = (ws[0], *[s for s in steps if s != ws[0]][:3])
            out.append(Block(cursor, cursor + size, desc, K.WORK, steps))
            cursor += size
            if i < n - 1:
                out.append(Block.of(self.d.choice(C.WORK_BREAKS), cursor, gap))
                cursor += gap
        out[-1].end = b
        return out

    # -- pass 3: free time ---------------------------------------------------------------------

    def _wanted(self) -> list[tuple[int, Template]]:
        """Floating activities for today as (tier, template), most important first.

        Tier 0: the persona's own activities and daily needs; tier 1: the first trait extra of each
        kind; tier 2: further extras. Later tiers are dropped first when the day is full.
        """
        d, t = self.d, self.t
        items: list[tuple[int, float, Template]] = []

        def add(tier: int, templates: list[Template]) -> None:
            for i, template in enumerate(templates):
                items.append((tier if i == 0 else max(tier, 2), d.u(), template))

        for template in self.persona_items:
            items.append((0, d.u(), template))
        for need in self.p.daily_needs:
            template = C.need_template(need)
            if template is not None and d.chance(0.85):
                items.append((0, d.u(), template))
        # Extraversion (and a little agreeableness): calls and messages with friends and family.
        calls = (1 + d.chance(0.7) + d.chance(0.5)) if t.e else int(d.chance(0.3))
        calls += t.a and d.chance(0.3)
        add(1, d.sample(C.SOCIAL_CALLS, calls))
        # Conscientiousness: planning and chores; its absence: leisure.
        if t.c:
            plans_anyway = any(x.kind is K.PLANNING for x in self.persona_items)
            add(1, [C.PLAN_EVENING] if d.chance(0.6) and not plans_anyway else [])
            add(1, [C.PLAN_WEEK] if self.dow == 6 else [])
        else:
            add(2, [C.PLAN_QUICK] if d.chance(0.15) else [])
        add(1, d.sample(C.CHORES, (2 + d.chance(0.5)) if t.c else int(d.chance(0.5))))
        add(1, d.sample(C.LEISURE, 1 if t.c else 2 + d.chance(0.5)))
        # Neuroticism: rest and self-soothing.
        soothing = (2 + d.chance(0.5)) if t.n else int(d.chance(0.2))
        add(1, d.sample(C.SOOTHING if t.n else C.REST_FILLERS, soothing))
        # Openness: many different hobbies; otherwise one of two favourites.
        if t.o:
            add(1, d.sample(C.HOBBIES, 1 + d.chance(0.6) + (not self.workday)))
        else:
            add(1, [d.choice(self._favourites())])
        own = {a.name for a in self.p.activities} | {tm.name for tier, _, tm in items if tier == 0}
        items.sort(key=lambda x: (x[0], x[1]))
        return [(tier, tm) for tier, _, tm in items if tier == 0 or tm.name not in own]

    def _favourites(self) -> tuple[Template, Template]:
        """Two generic hobbies a persona keeps returning to (fixed per persona, not per day)."""
        h = zlib.crc32(f"{self.p.id}:{self.p.name}".encode())
        pool = C.FAMILIAR_HOBBIES
        n = len(pool)
        first = h % n
        return pool[first], pool[(first + 1 + (h // n) % (n - 1)) % n]

    def _window(self, when: str) -> tuple[int, int]:
        return {
            "morning": (self.wake, NOON),
            "afternoon": (NOON, EVENING),
            "evening": (EVENING, self.bed),
        }.get(when, (self.wake, self.bed))

    def _free_time(self, fixed: list[Block]) -> list[Block]:
        """Fill every free stretch between waking and the wind-down."""
        d = self.d
        gaps: list[_Gap] = []
        cursor, prev = self.wake, None
        for b in [*fixed, None]:
            end = b.start if b is not None else self.limit
            if end > cursor:
                gaps.append(_Gap(cursor, end, prev, b))
            if b is not None:
                cursor, prev = max(cursor, b.end), b
        wanted = self._wanted()
        self.done.update(template.name for _, template in wanted)
        for tier, template in wanted:
            lo, hi = template.minutes
            minutes = d.int5(lo, hi)
            wa, wb = self._window(template.when)
            # Prefer a stretch in the preferred part of the day with room for the drawn length, then
            # for the shortest length; the persona's own activities and needs may go anywhere.
            for need, in_window in ((minutes, True), (max(lo, 5), True), (max(lo, 5), tier > 0)):
                fits = [
                    g
                    for g in gaps
                    if g.free >= need
                    and (not in_window or min(g.end, wb) - max(g.start, wa) >= min(need, 30))
                ]
                if fits:
                    gap = fits[d.weighted([g.free * max(5, min(g.end, wb) - max(g.start, wa)) for g in fits])]
                    gap.items.append((template, min(minutes, gap.free)))
                    gap.free -= min(minutes, gap.free)
                    break
        return [b for g in gaps for b in self._fill_gap(g)]

    def _filler(self, room: int) -> Template:
        """Something to do with ``room`` spare minutes, weighted by traits, not yet done today if possible."""
        d, t = self.d, self.t
        pools = (
            (C.LEISURE, 1.8 if t.c else 6.0),
            (C.REST_FILLERS, 2.5 if t.n else 0.5),
            (C.CHORES, 2.0 if t.c else 0.5),
            (C.HOBBIES if t.o else self._favourites(), 1.5),
            (C.SOCIAL_FILLERS, 1.4 if t.e else 0.3),
        )
        pool = [x for x in pools[d.weighted([w for _, w in pools])][0] if x.minutes[0] <= room]
        fresh = [x for x in pool if x.name not in self.done]
        if not fresh:  # everything of that sort done already today: something else not yet done
            fresh = [x for p, _ in pools for x in p if x.minutes[0] <= room and x.name not in self.done]
        choice = d.choice(fresh or pool or [C.PAUSE])
        self.done.add(choice.name)
        return choice

    def _fill_gap(self, gap: _Gap) -> list[Block]:
        """Lay out a free stretch: its activities by part of day, fillers, transitions, slack."""
        d = self.d
        left = gap.free
        ranked = sorted(((WHEN_ORDER[t.when] + d.u() * 0.5, t, m) for t, m in gap.items), key=lambda x: x[0])
        plan = [(t, m) for _, t, m in ranked]
        while left >= 25 or (left >= 15 and not plan):
            room = left - 10 if left >= 25 else left
            filler = self._filler(room)
            minutes = min(d.int5(max(15, filler.minutes[0]), max(15, filler.minutes[1])), room // 5 * 5)
            plan.insert(d.index(len(plan) + 1), (filler, minutes))
            left -= minutes
        blocks: list[Block] = []
        cursor, prev = gap.start, gap.before
        for i in range(len(plan) + 1):
            upcoming = plan[i] if i < len(plan) else None
            if left >= 5 and (d.chance(0.6) or not plan):
                minutes = (10 if left >= 10 and d.chance(0.4) else 5) if plan else left
                nxt = Block.of(upcoming[0], 0, 5) if upcoming else gap.after
                blocks.append(self._transition(cursor, minutes, prev, nxt))
                cursor += minutes
                left -= minutes
                prev = blocks[-1]
            if upcoming:
                blocks.append(Block.of(upcoming[0], cursor, upcoming[1]))
                cursor += upcoming[1]
                prev = blocks[-1]
        if left > 0:  # give the slack to the longest activity and shift what follows
            longest = max(blocks, key=lambda b: (b.state is not S.TRANSITION, b.end - b.start))
            longest.end += left
            for b in blocks[blocks.index(longest) + 1 :]:
                b.start += left
                b.end += left
        return blocks

    def _transition(self, start: int, minutes: int, prev: Block | None, nxt: Block | None) -> Block:
        """A short "tidying up after ..." or "getting ready" between two activities."""
        if prev is not None and (nxt is None or (prev.kind in _TIDY_AFTER and self.d.chance(0.5))):
            return Block(
                start,
                start + minutes,
                f"tidying up after {prev.name}",
                K.CHORES,
                ("putting things away",),
                S.TRANSITION,
                prev.last_place(),
            )
        place = nxt.first_place() if nxt is not None else (BEDROOM, "closet")
        here = prev.last_place() if prev is not None else None
        detail = f"heading to the {place[0]}" if here is None or here[0] != place[0] else "setting things out"
        return Block(start, start + minutes, "getting ready", K.REST, (detail,), S.TRANSITION, place)


class _Gap:
    """A free stretch between fixed points, and what has been assigned to it."""

    __slots__ = ("after", "before", "end", "free", "items", "start")

    def __init__(self, start: int, end: int, before: Block | None, after: Block | None) -> None:
        self.start, self.end, self.before, self.after = start, end, before, after
        self.free = end - start
        self.items: list[tuple[Template, int]] = []
