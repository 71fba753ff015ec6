"""Scripted model answers for the loopback server: a Generative-Agents-style day planner."""

from __future__ import annotations

import json

from servers.loopback import Seen

HOURLY = {
    "schedule": [
        {"start": "7:00 am", "activity": "morning routine", "kind": "hygiene"},
        {"start": "07:30", "activity": "making breakfast", "kind": "cooking"},
        {"start": "08:00", "activity": "eating breakfast with music", "kind": "meal"},
        {"start": "08:55", "activity": "a blip too short to keep", "kind": "work"},
        {"start": "09:00", "activity": "working on client design plans", "kind": "work"},
        {"start": "12:30", "activity": "lunch", "kind": "lunchtime"},
        {"start": "13:15", "activity": "working on client design plans", "kind": "work"},
        {"start": "17:30", "activity": "sketching new design ideas", "kind": "hobby"},
        {"start": "18:30", "activity": "cooking dinner", "kind": "cooking"},
        {"start": "19:30", "activity": "video-calling a friend", "kind": "social"},
        {"start": "20:30", "activity": "journaling about the day", "kind": "journaling"},
        {"start": "23:30", "activity": "too late, after bedtime", "kind": "rest"},
    ]
}


def planner(hourly: dict | str = HOURLY, steps: str | None = None):
    def respond(seen: Seen) -> str:
        prompt = seen.prompt_text()
        if "Step 1" in prompt:
            return '{"wake_up": "07:00", "bedtime": "22:45"}'
        if "Step 2" in prompt:
            return json.dumps(
                {"plan": ["wake up at 7", "work 9 to 17:30", "sketch", "dinner", "call a friend"]}
            )
        if "Step 3" in prompt:
            return hourly if isinstance(hourly, str) else json.dumps(hourly)
        return steps or json.dumps(
            {
                "steps": [
                    {"step": "getting set up", "minutes": 10},
                    {"step": "the main part", "minutes": 30},
                    {"step": "wrapping up", "minutes": 10},
                ]
            }
        )

    return respond
