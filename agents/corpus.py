"""A persona-agnostic warm-start corpus: varied home contexts -> a recommendation or a silence.

The answer is drawn independently of the context (about half silences, recommendations spread
evenly over the 20 topics of ``propersim_gym.taxonomy`` in several tones and lengths), so the tiny
preset learns the answer *format* and nothing about *when* or *what* any user wants: that is left
to preference learning. No persona file is read; activities, memories and wishes are generic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from propersim_agents.prompt import NO_RECOMMENDATION, PromptContext, retrieved_line

from propersim_gym.memory.interaction import InteractionMemory, MemoryEvent
from propersim_gym.personas.schema import format_clock
from propersim_gym.taxonomy import Topic
from propersim_gym.user.schedule import START_DATE

CORPUS_VERSION = "1"

#: Per topic: suggestion cores (imperative phrases) and short reasons.
IDEAS: dict[Topic, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Topic.COOKING: (
        (
            "try a new pasta recipe tonight",
            "cook a simple vegetable stir-fry",
            "bake a batch of banana bread",
            "make a big pot of soup for the week",
            "try a new spice blend in your next dish",
        ),
        ("it is quick and satisfying", "you could enjoy something homemade", "it makes dinner more fun"),
    ),
    Topic.NUTRITION: (
        (
            "drink a glass of water",
            "have a piece of fruit as a snack",
            "add some greens to your next meal",
            "prepare a handful of nuts for later",
            "swap the sugary drink for herbal tea",
        ),
        ("staying hydrated keeps your energy up", "it keeps you fuelled", "a balanced snack helps you focus"),
    ),
    Topic.EXERCISE: (
        (
            "do a five-minute stretching routine",
            "try a short bodyweight workout",
            "do a few yoga poses",
            "stand up and roll your shoulders",
            "do ten squats to wake up your legs",
        ),
        ("moving a little loosens you up", "it gives you a quick energy boost", "your body will thank you"),
    ),
    Topic.MINDFULNESS: (
        (
            "take three slow deep breaths",
            "try a two-minute guided meditation",
            "pause for a short body scan",
            "close your eyes and notice five sounds around you",
            "try box breathing for a minute",
        ),
        ("it helps you reset", "a calm mind makes the next task easier", "it eases any tension"),
    ),
    Topic.SLEEP: (
        (
            "dim the lights an hour before bed",
            "put your phone away before sleeping",
            "keep a steady bedtime tonight",
            "try a short wind-down routine",
            "avoid caffeine this late",
        ),
        ("you will sleep more deeply", "rest makes tomorrow easier", "your body clock likes routine"),
    ),
    Topic.PRODUCTIVITY: (
        (
            "write a short to-do list for the afternoon",
            "try a 25-minute focus block",
            "pick the one task that matters most today",
            "plan tomorrow in five minutes",
            "take a short break before the next task",
        ),
        ("it keeps the day on track", "small plans make big tasks lighter", "you will get more done"),
    ),
    Topic.LEARNING: (
        (
            "spend ten minutes on a language app",
            "watch a short lesson on a new skill",
            "learn one new word today",
            "try a free online course module",
            "practise a skill you want to grow",
        ),
        ("a little every day adds up", "learning keeps the mind fresh", "it is a rewarding habit"),
    ),
    Topic.READING: (
        (
            "read a chapter of your book",
            "pick up that novel you started",
            "read an interesting article",
            "spend fifteen minutes with a good book",
            "try a short story collection",
        ),
        ("reading is a lovely way to unwind", "it takes your mind somewhere new", "it fits a quiet moment"),
    ),
    Topic.MUSIC: (
        (
            "put on a relaxing playlist",
            "listen to an album you love",
            "play some upbeat music",
            "try a new artist today",
            "practise your instrument for a few minutes",
        ),
        ("music lifts the mood", "it makes the task more pleasant", "a good song changes the day"),
    ),
    Topic.FILM_TV: (
        (
            "watch an episode of a comedy series",
            "pick a classic film for tonight",
            "try a nature documentary",
            "start that series everyone talks about",
            "watch a short film",
        ),
        ("it is a nice way to relax", "a good story is restful", "you have earned some downtime"),
    ),
    Topic.PODCASTS: (
        (
            "listen to a podcast episode",
            "try a history podcast while you work on this",
            "put on a short news podcast",
            "find a podcast about one of your hobbies",
            "listen to an interview show",
        ),
        ("it keeps you company", "you can learn while your hands are busy", "it makes chores go by faster"),
    ),
    Topic.ARTS_CRAFTS: (
        (
            "sketch something you can see from where you sit",
            "try a small watercolour painting",
            "knit a few rows",
            "start a simple DIY craft",
            "doodle for five minutes",
        ),
        ("creating something is refreshing", "it is a calm creative outlet", "your hands will enjoy it"),
    ),
    Topic.HOME_DECOR: (
        (
            "rearrange the cushions on the sofa",
            "add a plant to brighten the room",
            "move a lamp to make the corner cosier",
            "hang a picture you like",
            "refresh the table setting",
        ),
        ("a small change makes the room feel new", "it makes the space more welcoming", "it is a quick win"),
    ),
    Topic.GARDENING: (
        (
            "water the plants",
            "check on your herbs",
            "repot the plant that looks cramped",
            "pull a few weeds in the garden bed",
            "plan what to plant next season",
        ),
        ("plants love a little attention", "it is calming to tend something green", "it keeps them healthy"),
    ),
    Topic.ORGANIZING: (
        (
            "tidy your desk for five minutes",
            "clear one drawer",
            "put away the dishes",
            "sort the pile of papers",
            "do a quick tidy of this room",
        ),
        ("a clear space clears the mind", "it only takes a moment", "you will feel lighter"),
    ),
    Topic.SOCIAL: (
        (
            "send a message to a friend",
            "call a family member",
            "plan a dinner with friends",
            "check in on someone you have not heard from",
            "share a photo with someone you love",
        ),
        ("a short chat can brighten both your days", "staying in touch matters", "it keeps you connected"),
    ),
    Topic.GAMES: (
        (
            "try a quick crossword",
            "play a round of your favourite puzzle game",
            "do a sudoku",
            "set up a board game for this evening",
            "try a short brain teaser",
        ),
        ("it is a fun mental break", "games keep the mind sharp", "a little play is good for you"),
    ),
    Topic.JOURNALING: (
        (
            "write down three things you are grateful for",
            "jot a few lines about your day",
            "note one thing that went well",
            "write a short reflection",
            "keep a quick mood note",
        ),
        ("reflection helps you notice the good", "it clears your head", "it is a kind habit"),
    ),
    Topic.FINANCE: (
        (
            "review this week's spending",
            "check your budget for the month",
            "set aside a little savings",
            "pay the bill that is due soon",
            "cancel a subscription you do not use",
        ),
        ("it keeps your money on track", "small steps reduce money stress", "future you will be glad"),
    ),
    Topic.SELF_CARE: (
        (
            "take a warm bath tonight",
            "make yourself a cup of tea",
            "put on a face mask and rest",
            "wrap up in a blanket for a few minutes",
            "give yourself a short rest",
        ),
        ("you deserve a small comfort", "rest recharges you", "a little care goes a long way"),
    ),
}

#: Rare suggestions that step outside what an at-home assistant should say (something to unlearn).
OUT_OF_BOUNDS: tuple[str, ...] = (
    "Go for a run around the neighbourhood.",
    "Head to the cafe down the street for a coffee.",
    "Take two extra painkillers if your head hurts.",
)

_WARM = (
    "How about we {idea}? {Reason}.",
    "Maybe {idea}? {Reason}.",
    "If you feel like it, {idea} - {reason}.",
    "Would you like to {idea}? {Reason}.",
    "A gentle idea: {idea}. {Reason}.",
)
_NEUTRAL = (
    "{Idea}.",
    "Consider this: {idea}.",
    "Suggestion: {idea}, since {reason}.",
    "You could {idea}.",
    "Time to {idea}; {reason}.",
)
_COMMANDING = ("{Idea} now.", "{Idea} right away.", "Stop what you are doing and {idea}.")
_PUSHY = (
    "You really must {idea} right now, no excuses!",
    "Seriously, {idea} immediately!!",
    "Don't ignore this again: {idea} now!",
)
_EXTRA = (
    "It only takes a few minutes.",
    "Enjoy!",
    "Let me know how it goes.",
    "You have time for it.",
    "It could make the rest of the day nicer.",
)

ACTIVITIES: tuple[tuple[str, str, str], ...] = (
    ("waking up", "stretching in bed", "bedroom: bed"),
    ("brushing teeth", "", "bathroom: sink"),
    ("taking a shower", "washing hair", "bathroom: shower"),
    ("preparing breakfast", "brewing coffee", "kitchen: cooking area"),
    ("eating breakfast", "reading the news", "common room: table"),
    ("working at the desk", "answering emails", "bedroom: desk"),
    ("working at the desk", "writing a report", "bedroom: desk"),
    ("having lunch", "eating a sandwich", "kitchen: table"),
    ("doing the laundry", "folding clothes", "bedroom: closet"),
    ("cleaning the kitchen", "washing dishes", "kitchen: sink"),
    ("watering the garden", "filling the can", "garden: flower bed"),
    ("reading a novel", "", "common room: sofa"),
    ("cooking dinner", "chopping vegetables", "kitchen: cooking area"),
    ("eating dinner", "", "common room: table"),
    ("watching television", "a quiz show", "common room: sofa"),
    ("calling a friend", "catching up", "common room: sofa"),
    ("meditating", "breathing slowly", "bedroom: bed"),
    ("exercising at home", "doing push-ups", "common room: floor"),
    ("paying bills online", "checking the bank app", "bedroom: desk"),
    ("playing the piano", "practising scales", "common room: piano"),
    ("journaling", "writing about the day", "bedroom: desk"),
    ("knitting", "starting a new row", "common room: armchair"),
    ("getting ready for bed", "changing into pyjamas", "bedroom: closet"),
    ("taking a nap", "", "bedroom: bed"),
    ("studying a language", "reviewing flashcards", "bedroom: desk"),
    ("tidying the living room", "putting books away", "common room: shelf"),
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WISHES = (
    "I enjoy ideas about {a}.",
    "Please keep suggestions about {a} to a minimum.",
    "I prefer a few suggestions a day, spaced out.",
    "Don't disturb me while I am {b}.",
    "Mornings are a good time to talk to me.",
    "Keep it short and friendly.",
    "I like hearing from you in the evening.",
    "I don't mind frequent suggestions.",
)


@dataclass(frozen=True)
class Example:
    """One warm-start example: the context and the answer text (without end-of-turn)."""

    context: PromptContext
    answer: str
    topic: str | None


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def phrase(topic: Topic, rng: np.random.Generator) -> str:
    """A recommendation on ``topic`` in a random tone and length."""
    ideas, reasons = IDEAS[topic]
    idea, reason = ideas[rng.integers(len(ideas))], reasons[rng.integers(len(reasons))]
    tone = rng.choice(4, p=[0.4, 0.35, 0.15, 0.1])
    templates = (_WARM, _NEUTRAL, _COMMANDING, _PUSHY)[tone]
    text = templates[rng.integers(len(templates))].format(
        idea=idea, Idea=_cap(idea), reason=reason, Reason=_cap(reason)
    )
    if rng.random() < 0.25:
        text += " " + _EXTRA[rng.integers(len(_EXTRA))]
    return text


def answer(rng: np.random.Generator) -> tuple[str, str | None]:
    """A context-independent answer: silence about half the time, else a recommendation as JSON."""
    if rng.random() < 0.5:
        return NO_RECOMMENDATION, None
    if rng.random() < 0.03:
        return json.dumps({"Suggestion": OUT_OF_BOUNDS[rng.integers(len(OUT_OF_BOUNDS))]}), None
    topic = list(Topic)[rng.integers(len(Topic))]
    return json.dumps({"Suggestion": phrase(topic, rng)}), topic.value


def _activity(rng: np.random.Generator) -> tuple[str, str, str]:
    name, detail, where = ACTIVITIES[rng.integers(len(ACTIVITIES))]
    return name, (f"{name} ({detail})" if detail else name), where


def _memory(rng: np.random.Generator, minute: int, pool: list[str]) -> str:
    level = ("none", "A", "AR", "ARS", "ARS")[rng.integers(5)]
    memory = InteractionMemory(level)  # type: ignore[arg-type]
    minutes = np.arange(max(0, minute - int(rng.integers(10, 300))), minute, 2.5)
    n = len(minutes)
    rate = rng.uniform(0.02, 0.5)
    switch, speak = rng.random(n) < 0.15, rng.random(n) < rate
    scores, picks = rng.integers(0, 5, size=n), rng.integers(0, len(pool), size=n)
    name, description = "", ""
    for i, m in enumerate(minutes):
        if switch[i] or not name:
            name, description, _ = _activity(rng)
        rec = pool[picks[i]] if speak[i] else None
        memory.add(MemoryEvent(float(m), name, description, rec, int(scores[i])))
    return memory.text(float(minute))


def _retrieved(rng: np.random.Generator) -> tuple[str, ...]:
    lines = []
    for _ in range(int(rng.integers(1, 6))):
        _, description, _ = _activity(rng)
        said, _ = answer(rng)
        date = START_DATE + timedelta(days=int(rng.integers(0, 14)))
        when = f"{date.strftime('%A')} {date.isoformat()} {format_clock(int(rng.integers(6 * 60, 23 * 60)))}"
        lines.append(retrieved_line(when, description, said, int(rng.integers(5))))
    return tuple(lines)


def _rubric(rng: np.random.Generator) -> str:
    picks = rng.choice(len(_WISHES), size=4, replace=False)
    topics = list(Topic)
    return " ".join(
        _WISHES[i].format(a=topics[rng.integers(len(topics))].value.replace("_", " "), b=_activity(rng)[0])
        for i in picks
    )


def example(rng: np.random.Generator, pool: list[str]) -> Example:
    """One random context with an independently drawn answer (``pool``: phrasings for memories)."""
    minute = int(rng.integers(6 * 60, 23 * 60 + 30)) // 5 * 5
    _, description, where = _activity(rng)
    day = int(rng.integers(0, 14))
    date = START_DATE + timedelta(days=day)
    time = f"{date.strftime('%A')} {date.isoformat()} {format_clock(minute)}"
    short = rng.random() < 0.45  # cheap examples: the answer does not depend on the context anyway
    ctx = PromptContext(
        time=time,
        action=description,
        location=where if rng.random() < 0.8 else "",
        memory=_memory(rng, minute, pool) if not short and rng.random() < 0.9 else "",
        retrieved=_retrieved(rng) if not short and rng.random() < 0.85 else (),
        rubric=_rubric(rng) if rng.random() < 0.1 else "",
    )
    text, topic = answer(rng)
    return Example(ctx, text, topic)


def generate(n: int, seed: int = 0) -> list[Example]:
    """``n`` examples from a seeded generator (same seed, same corpus)."""
    rng = np.random.default_rng(seed)
    topics = list(Topic)
    pool = [phrase(topics[i % len(topics)], rng) for i in range(400)]
    return [example(rng, pool) for _ in range(n)]
