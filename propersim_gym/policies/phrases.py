"""Recommendation sentences per topic, in a neutral and a warm register, for the scripted policies."""

from __future__ import annotations

import json
from pathlib import Path

from propersim_gym.taxonomy import Tone, Topic

NEUTRAL: dict[Topic, tuple[str, ...]] = {
    Topic.COOKING: (
        "A new pasta recipe is an option for tonight's dinner.",
        "A quick vegetable stir-fry recipe would suit the next meal.",
    ),
    Topic.NUTRITION: (
        "A glass of water and a piece of fruit would be a healthy snack now.",
        "A balanced lunch with greens and protein is worth planning.",
    ),
    Topic.EXERCISE: (
        "A ten-minute stretching routine is an option for loosening up.",
        "A short home workout with squats and push-ups fits in here.",
    ),
    Topic.MINDFULNESS: (
        "A five-minute breathing exercise is available to calm the mind.",
        "A short guided meditation is an option for a reset.",
    ),
    Topic.SLEEP: (
        "Dimming the lights an hour before bed supports better sleep.",
        "A consistent bedtime routine tonight would help with sleep.",
    ),
    Topic.PRODUCTIVITY: (
        "A short to-do list for the next hours would structure the work.",
        "Planning tomorrow's three main tasks now is an option.",
    ),
    Topic.LEARNING: (
        "An online course lesson on a new skill is an option for today.",
        "Fifteen minutes of language practice in an app is a good way to learn.",
    ),
    Topic.READING: (
        "A chapter of the current novel is an option for this break.",
        "A new book from the reading list could start today.",
    ),
    Topic.MUSIC: (
        "A calm jazz playlist would fit this moment.",
        "The new album from a favourite band is worth a listen.",
    ),
    Topic.FILM_TV: (
        "A documentary series episode is an option for this evening.",
        "A classic film would suit a quiet night in.",
    ),
    Topic.PODCASTS: (
        "A new episode of a favourite podcast would fit this time.",
        "An interview podcast about design is an option to listen to.",
    ),
    Topic.ARTS_CRAFTS: (
        "A quick watercolour sketch is an option for creative time.",
        "A small knitting or craft project would suit this break.",
    ),
    Topic.HOME_DECOR: (
        "Rearranging the shelf decor would refresh the living room.",
        "A new cushion and throw combination could brighten the sofa.",
    ),
    Topic.GARDENING: (
        "The herbs in the garden are due for watering.",
        "Repotting one of the house plants is an option today.",
    ),
    Topic.ORGANIZING: (
        "Decluttering one kitchen drawer takes about ten minutes.",
        "A quick tidy of the desk would clear the workspace.",
    ),
    Topic.SOCIAL: (
        "A short call with a friend is an option to catch up.",
        "A message to a family member would keep in touch.",
    ),
    Topic.GAMES: (
        "A crossword or sudoku puzzle is an option for a short break.",
        "A round of a favourite board game would suit the evening.",
    ),
    Topic.JOURNALING: (
        "Writing three lines in the journal about today is an option.",
        "A short gratitude list in the journal would close the day.",
    ),
    Topic.FINANCE: (
        "Reviewing this month's budget takes about ten minutes.",
        "Checking upcoming bills and savings goals is an option today.",
    ),
    Topic.SELF_CARE: (
        "A warm bath is an option to unwind.",
        "A face mask and a quiet moment would be a small treat.",
    ),
}

WARM: dict[Topic, tuple[str, ...]] = {
    Topic.COOKING: (
        "How about trying a cosy new pasta recipe for dinner tonight?",
        "Maybe a colourful veggie stir-fry would be fun to cook for your next meal?",
    ),
    Topic.NUTRITION: (
        "How about a glass of water and some fruit as a little healthy snack?",
        "Maybe a fresh salad with some protein would feel good for lunch?",
    ),
    Topic.EXERCISE: (
        "How about a gentle ten-minute stretch to loosen up?",
        "Maybe a short, easy home workout would feel nice right now?",
    ),
    Topic.MINDFULNESS: (
        "How about a calm five-minute breathing exercise?",
        "Maybe a short guided meditation would feel soothing now?",
    ),
    Topic.SLEEP: (
        "How about dimming the lights a little to help you sleep well tonight?",
        "Maybe a gentle bedtime routine would help you rest tonight?",
    ),
    Topic.PRODUCTIVITY: (
        "How about jotting down a short to-do list for the next few hours?",
        "Maybe plan your three main tasks for tomorrow now?",
    ),
    Topic.LEARNING: (
        "How about a short lesson of that online course you liked?",
        "Maybe fifteen minutes of language practice would be fun today?",
    ),
    Topic.READING: (
        "How about enjoying a chapter of your novel during this break?",
        "Maybe it's a nice time to start a new book from your list?",
    ),
    Topic.MUSIC: (
        "How about putting on a mellow jazz playlist?",
        "Maybe you'd enjoy that new album from your favourite band?",
    ),
    Topic.FILM_TV: (
        "How about an episode of that documentary series tonight?",
        "Maybe a classic film would make a cosy night in?",
    ),
    Topic.PODCASTS: (
        "How about the new episode of your favourite podcast?",
        "Maybe you'd enjoy an interview podcast about design?",
    ),
    Topic.ARTS_CRAFTS: (
        "How about a quick watercolour sketch for some creative time?",
        "Maybe a small craft or knitting project would be fun now?",
    ),
    Topic.HOME_DECOR: (
        "How about rearranging the shelf decor to refresh your living room?",
        "Maybe a new cushion and throw combo would brighten your sofa?",
    ),
    Topic.GARDENING: (
        "How about giving your garden herbs some water?",
        "Maybe repotting one of your house plants would be nice today?",
    ),
    Topic.ORGANIZING: (
        "How about a quick ten-minute declutter of one kitchen drawer?",
        "Maybe a little tidy of your desk would clear your space?",
    ),
    Topic.SOCIAL: (
        "How about a short call with a friend to catch up?",
        "Maybe send a kind message to someone in your family?",
    ),
    Topic.GAMES: (
        "How about a crossword or sudoku for a little break?",
        "Maybe a round of your favourite board game this evening?",
    ),
    Topic.JOURNALING: (
        "How about writing a few lines in your journal about today?",
        "Maybe a short gratitude list would be a nice way to close the day?",
    ),
    Topic.FINANCE: (
        "How about a quick ten-minute look at this month's budget?",
        "Maybe check your upcoming bills and savings goals today?",
    ),
    Topic.SELF_CARE: (
        "How about a warm bath to unwind?",
        "Maybe a face mask and a quiet moment would be a nice treat?",
    ),
}


class PhraseBank:
    """Recommendation lines per (topic, tone) for the scripted policies: the built-in one, or any labelled
    file, so that calibration can be repeated with phrasings the judge was never tuned on."""

    def __init__(self, lines: dict[tuple[Topic, Tone], tuple[str, ...]], name: str) -> None:
        missing = [
            f"{t.value}/{tone.value}"
            for t in Topic
            for tone in (Tone.NEUTRAL, Tone.WARM)
            if not lines.get((t, tone))
        ]
        if missing:
            raise ValueError(f"phrase bank {name!r} has no line for {', '.join(missing)}")
        self.lines = lines
        self.name = name

    @classmethod
    def builtin(cls) -> PhraseBank:
        """The scripted policies' own lines (``NEUTRAL`` and ``WARM`` above)."""
        lines = {(t, Tone.NEUTRAL): NEUTRAL[t] for t in Topic} | {(t, Tone.WARM): WARM[t] for t in Topic}
        return cls(lines, "builtin")

    @classmethod
    def from_jsonl(cls, path: str | Path) -> PhraseBank:
        """Lines from a JSONL file with ``text`` and ``topic`` (``topics`` with more than one entry are
        skipped) and an optional ``tone`` (neutral or warm; without one a line serves both)."""
        grouped: dict[tuple[Topic, Tone], list[str]] = {}
        for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                topic = Topic(row["topic"])
                tones = (Tone(row["tone"]),) if "tone" in row else (Tone.NEUTRAL, Tone.WARM)
                text = str(row["text"])
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a phrase-bank line ({exc})") from None
            if len(row.get("topics", [topic.value])) > 1:
                continue
            for tone in tones:
                grouped.setdefault((topic, tone), []).append(text)
        return cls({key: tuple(texts) for key, texts in grouped.items()}, Path(path).name)

    def count(self, topic: Topic, tone: Tone) -> int:
        """How many lines the bank has for ``topic`` in ``tone`` (commanding and pushy read as neutral)."""
        return len(self.lines[(topic, Tone.WARM if tone is Tone.WARM else Tone.NEUTRAL)])

    def phrase(self, topic: Topic, tone: Tone, index: int = 0) -> str:
        """Line ``index`` (wrapping) about ``topic`` in a neutral or warm register."""
        options = self.lines[(topic, Tone.WARM if tone is Tone.WARM else Tone.NEUTRAL)]
        return options[index % len(options)]


BUILTIN = PhraseBank.builtin()


def phrase(topic: Topic, tone: Tone, index: int = 0) -> str:
    """A recommendation about ``topic`` in a neutral or warm register (``index`` picks a variant)."""
    return BUILTIN.phrase(topic, tone, index)
