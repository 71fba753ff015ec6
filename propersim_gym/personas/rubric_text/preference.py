"""Preference parser: wanted topics (with their situations) and disliked topics from a preference text.

Preference (:func:`parse_preference`)
-------------------------------------
Sentences are split into clauses at ", and <topic words> suggestions/tips/..." and situations are the
spans after "when / whenever / while / during / as I'm" (to the next clause-starting comma, or to
"I appreciate / like / ..."). Topics come from :data:`TOPIC_WORDS` in the rest of the clause; a topic
named in a clause with a situation is wanted in the situations' activity kinds (from
:data:`SITUATION_KINDS`) plus, by rule, its own activity kind (:data:`TOPIC_OWN_KINDS`); a topic named
without a situation, or in the persona's interests, is wanted everywhere. "after ..." parts of a
situation (the moment after an activity) name no situation kind. The opening "I prefer
recommendations that align with my ..." sentence is skipped (it names moods, not topics).
Disliked topics come only from explicit refusals ("I do not welcome / don't like / don't want ...
suggestions about X", "spare me X", "not interested in X").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from propersim_gym.personas.rubric_text.common import REASON, plain, sentences, split_polarity
from propersim_gym.taxonomy import ActivityKind, Topic

#: Keyword (regex, word-start) -> topics. Checked on the topic part of each clause and on interests.
TOPIC_WORDS: list[tuple[str, tuple[Topic, ...]]] = [
    (
        r"recipes?|cooking|cook|culinary|baking|bake|kitchen|flavou?rs?|flavou?r-pairing|meal ideas"
        r"|dinner themes?"
        r"|brewing",
        (Topic.COOKING,),
    ),
    (r"food|takeout|fast food|coffee|espresso", (Topic.COOKING, Topic.NUTRITION)),
    (r"nutrition|healthy eating|protein|snacks?|plant-based|diet\b|hydration", (Topic.NUTRITION,)),
    (r"herbal teas?|teas|tea blends?", (Topic.NUTRITION, Topic.SELF_CARE)),
    (
        r"workouts?|fitness|exercise|spin class|jiu-jitsu|strength training|yoga|stretch\w*|nature walks?",
        (Topic.EXERCISE,),
    ),
    (r"mindful\w*|meditat\w*|breathing|mindset", (Topic.MINDFULNESS,)),
    (r"sleep hygiene|bedtime routine", (Topic.SLEEP,)),
    (r"productivity|to-do|task-oriented|deadlines|focus techniques?|strategic", (Topic.PRODUCTIVITY,)),
    (
        r"research|academic|stud(?:y|ying)|courses?|learn\w*|insights|data-driven|analy[sz]\w*|philosoph\w*"
        r"|technolog\w*|smart home|automation|open-source|software|eco-friendly|sustainab\w*|geopolitic\w*"
        r"|neuroscience|thought-provoking|herbal medicine|holistic",
        (Topic.LEARNING,),
    ),
    (
        r"books?|reading|novels?|articles|essays|biograph\w*|literature|book club|historical fiction"
        r"|philosophical texts",
        (Topic.READING,),
    ),
    (r"music|playlists?|albums?|jazz|classical|instruments?|ambient|songs?", (Topic.MUSIC,)),
    (
        r"films?|movies?|\btv\b|series|documentar\w*|sitcoms?|reality tv|youtube|episodes?|directors"
        r"|talk show|entertainment|cinema|tv shows?",
        (Topic.FILM_TV,),
    ),
    (r"podcasts?|audiobooks?", (Topic.PODCASTS,)),
    (
        r"paint\w*|drawing|sketch\w*|calligraphy|knit\w*|crochet\w*|embroider\w*|crafts?|diy|\bart\b|artistic"
        r"|creative (?:inspiration|prompts|writing|diy|projects?)|poe\w*|stationery|upcycl\w*|mixed media"
        r"|refurbish\w*|restor\w*|design inspiration|creative\b",
        (Topic.ARTS_CRAFTS,),
    ),
    (
        r"d[eé]cor\w*|decorat\w*|interior|furniture|rearrang\w*|layouts?|aesthetic\w*|ambiance"
        r"|home improvement"
        r"|home solutions|colou?r palettes?|lighting|design\b|redecorat\w*|home aesthetics",
        (Topic.HOME_DECOR,),
    ),
    (r"garden\w*|plants?|houseplants|plant care|soil|native plants", (Topic.GARDENING,)),
    (r"organi[sz]\w*|declutter\w*|clean\w*|tidy\w*|storage|household chores|clutter", (Topic.ORGANIZING,)),
    (
        r"social(?!\s+media)|friends|hosting|host\b|gatherings?|party|conversation|networking|community"
        r"|family|neighbou?rs|meetups|game nights?",
        (Topic.SOCIAL,),
    ),
    (r"games?|board games?|video games?|puzzles?|jigsaw|strategy", (Topic.GAMES,)),
    (
        r"journal\w*|reflective|reflection|gratitude|(?:writing|journal\w*|poetic|reflection"
        r"|reflective) prompts",
        (Topic.JOURNALING,),
    ),
    (r"financ\w*|budget\w*|investment|portfolio|money|saving", (Topic.FINANCE,)),
    (r"self-care|wellness|bath|skincare|soothing|relaxing|scented candle", (Topic.SELF_CARE,)),
]

#: Situation keyword -> activity kinds (what the user is doing when a topic is welcome).
SITUATION_KINDS: list[tuple[str, tuple[ActivityKind, ...]]] = [
    (r"preparing (?:my\s+)?(?:breakfast|lunch|dinner|a meal)", (ActivityKind.COOKING, ActivityKind.MEAL)),
    (r"cook\w*|kitchen|baking|recipe|flavou?rs", (ActivityKind.COOKING,)),
    (r"breakfast|lunch|dinner|takeout|\bmeals?\b|\btea\b|coffee|espresso", (ActivityKind.MEAL,)),
    (r"journal\w*|reflect\w*", (ActivityKind.JOURNALING,)),
    (r"meditat\w*", (ActivityKind.MEDITATION,)),
    (r"workouts?|fitness|exercis\w*|training", (ActivityKind.EXERCISE,)),
    (r"garden\w*|plants?|houseplants", (ActivityKind.GARDENING,)),
    (
        r"organi[sz]\w*|clean\w*|declutter\w*|tidy\w*|household chores|chores|\barrang\w*|bookshel\w*"
        r"|maintaining my home|clutter|light tasks",
        (ActivityKind.CHORES,),
    ),
    (
        r"rearrang\w*|redecorat\w*|decorat\w*|d[eé]cor|refresh\w*|sketch\w*|paint\w*|design\w*|diy"
        r"|projects?|artistic"
        r"|hobb\w*|art\b|a new piece|creative|layouts|hands-on|experiment with art|knitting|calligraphy"
        r"|art movements",
        (ActivityKind.HOBBY,),
    ),
    (r"host\w*|friends?|gatherings?|game nights?|book club|catching up|debates?", (ActivityKind.SOCIAL,)),
    (r"planning|plan\b|prepping|reviewing|to-do", (ActivityKind.PLANNING,)),
    (
        r"academic work|deep work|work sessions?|analy[sz]\w*|research|personal study|writing"
        r"|focused personal projects"
        r"|\bwork\b",
        (ActivityKind.WORK,),
    ),
    (r"reading|\bbooks?\b|philosophical texts|exploring a new philosophy", (ActivityKind.READING,)),
    (
        r"watch\w*|\btv\b|films?|movies?|play\b|video games?|leisure|downtime|something new to watch|series",
        (ActivityKind.LEISURE,),
    ),
    (
        r"wind(?:ing)?[- ]down|unwind\w*|relax\w*|taking a break|feeling stressed|downtime|wellness routines",
        (ActivityKind.REST, ActivityKind.LEISURE),
    ),
    (r"preparing for bed|before bed|bedtime", (ActivityKind.REST, ActivityKind.HYGIENE)),
]

#: The activity kind in which a topic is always at home (added to a topic's situations by rule).
TOPIC_OWN_KINDS: dict[Topic, tuple[ActivityKind, ...]] = {
    Topic.COOKING: (ActivityKind.COOKING,),
    Topic.NUTRITION: (ActivityKind.MEAL,),
    Topic.EXERCISE: (ActivityKind.EXERCISE,),
    Topic.MINDFULNESS: (ActivityKind.MEDITATION,),
    Topic.SLEEP: (ActivityKind.REST,),
    Topic.PRODUCTIVITY: (ActivityKind.PLANNING,),
    Topic.LEARNING: (ActivityKind.READING,),
    Topic.READING: (ActivityKind.READING,),
    Topic.MUSIC: (ActivityKind.LEISURE,),
    Topic.FILM_TV: (ActivityKind.LEISURE,),
    Topic.PODCASTS: (ActivityKind.LEISURE,),
    Topic.ARTS_CRAFTS: (ActivityKind.HOBBY,),
    Topic.HOME_DECOR: (ActivityKind.HOBBY,),
    Topic.GARDENING: (ActivityKind.GARDENING,),
    Topic.ORGANIZING: (ActivityKind.CHORES,),
    Topic.SOCIAL: (ActivityKind.SOCIAL,),
    Topic.GAMES: (ActivityKind.LEISURE,),
    Topic.JOURNALING: (ActivityKind.JOURNALING,),
    Topic.FINANCE: (ActivityKind.PLANNING,),
    Topic.SELF_CARE: (ActivityKind.REST,),
}

_REC_NOUN = r"(?:suggestions|recommendations|tips|ideas|updates|advice|inspiration|methods|insights|prompts)"
_CLAUSE_SPLIT = re.compile(
    rf",?\s+and\s+(?=(?:(?!and\b|when\b|while\b)[\w\-]+[,\s]+){{0,4}}?{_REC_NOUN}\b)", re.IGNORECASE
)
_SITUATION = re.compile(r"\b(?:when|whenever|while|during|as i'm|as i am)\b", re.IGNORECASE)
_SITUATION_END = re.compile(
    r",\s*(?=(?:i\b|i'm|especially|as\b|since|so\b|which|because|these|this|that|such as|like|in contrast"
    r"|on the other hand)\b)"
    r"|(?=[\u2014\u2013]?\s*\bi\s+(?:also\s+)?(?:appreciate|like|enjoy|prefer|want|love|'d)\b)",
    re.IGNORECASE,
)
_AFTER_SUB = re.compile(r"\bafter\b[^,\u2014]*?(?=\bor\b|\u2014|,|$)", re.IGNORECASE)
_OPENING = re.compile(r"^\s*i prefer recommendations that\b", re.IGNORECASE)
_REFUSAL = re.compile(
    r"\b(?:(?:do not|don't|never)\s+(?:\w+\s+){0,2}?(?:welcome|want|like|enjoy|appreciate|need)"
    r"|spare me|not interested in|dislike|hate)\b",
    re.IGNORECASE,
)


def topics_in(text: str) -> list[tuple[Topic, str]]:
    """Topics named in ``text`` by the keyword vocabulary, each with the word that named it."""
    out: list[tuple[Topic, str]] = []
    for pattern, topics in TOPIC_WORDS:
        for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            out.extend((t, m.group(0)) for t in topics)
    return out


def situation_kinds(text: str) -> list[tuple[ActivityKind, str]]:
    """Activity kinds named in a situation span, each with the phrase that named it."""
    out: list[tuple[ActivityKind, str]] = []
    for pattern, kinds in SITUATION_KINDS:
        for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            out.extend((k, m.group(0)) for k in kinds)
    return out


@dataclass(frozen=True)
class TopicEvidence:
    """One wanted topic: where it is welcome (empty = anywhere) and the words that said so."""

    topic: Topic
    situations: tuple[ActivityKind, ...]
    words: tuple[str, ...]
    situation_words: tuple[str, ...]
    source: str  # "preference text" or "interests"


@dataclass(frozen=True)
class PreferenceParse:
    """Wanted topics with situations, disliked topics, and their evidence."""

    wanted: list[TopicEvidence]
    disliked: list[tuple[Topic, str]]


def _clauses(sentence: str) -> list[str]:
    """Split at ", and <rec words>" (or a bare "and <rec words>" after a situation: "X when ..., Y tips")."""
    out: list[str] = []
    start = 0
    for m in _CLAUSE_SPLIT.finditer(sentence):
        before = sentence[start : m.start()]
        if m.group(0).lstrip().startswith(",") or _SITUATION.search(before):
            out.append(before)
            start = m.end()
    out.append(sentence[start:])
    return [c for c in out if c.strip()]


def _split_situations(clause: str) -> tuple[str, list[str]]:
    """(topic part, situation spans) of one clause."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _SITUATION.search(clause, pos)
        if not m:
            break
        end_m = _SITUATION_END.search(clause, m.end())
        end = end_m.start() if end_m else len(clause)
        if end <= m.end():
            end = len(clause)
        spans.append((m.start(), end))
        pos = max(end, m.end())
    topic_part = clause
    for s, e in reversed(spans):
        topic_part = topic_part[:s] + " " + topic_part[e:]
    return topic_part, [clause[s:e] for s, e in spans]


def parse_preference(text: str, interests: Sequence[str] = ()) -> PreferenceParse:
    """Wanted topics (with situations) and disliked topics from a preference text plus interests."""
    order = list(ActivityKind)
    wanted: dict[Topic, dict] = {}
    disliked: list[tuple[Topic, str]] = []

    def want(topic: Topic, kinds: list[tuple[ActivityKind, str]], word: str, source: str) -> None:
        entry = wanted.setdefault(
            topic, {"general": False, "kinds": set(), "words": [], "sit_words": [], "source": source}
        )
        if word not in entry["words"]:
            entry["words"].append(word)
        if kinds:
            entry["kinds"].update(k for k, _ in kinds)
            entry["sit_words"].extend(w for _, w in kinds if w not in entry["sit_words"])
        else:
            entry["general"] = True

    for index, (_, sentence) in enumerate(sentences(plain(text))):
        if index == 0 and _OPENING.search(sentence):
            continue
        refusal = _REFUSAL.search(sentence)
        if refusal:
            span = sentence[refusal.end() :]
            reason = REASON.search(span) or re.search(r",\s*so\b", span)
            if reason:
                span = span[: reason.start()]
            disliked.extend(topics_in(span))
            sentence = sentence[: refusal.start()]
        welcome, _ = split_polarity(sentence)
        for clause in _clauses(welcome):
            topic_part, spans = _split_situations(clause)
            kinds: list[tuple[ActivityKind, str]] = []
            for span in spans:
                span = re.sub(r"\bbreak from work\b", "break", _AFTER_SUB.sub(" ", span), flags=re.IGNORECASE)
                kinds.extend(situation_kinds(span))
            for topic, word in topics_in(topic_part):
                want(topic, kinds, word, "preference text")
    for interest in interests:
        for topic, word in topics_in(interest):
            if topic not in wanted:
                want(topic, [], word, "interests")
    wanted_topics = set(wanted)
    disliked = [(t, w) for t, w in disliked if t not in wanted_topics]
    seen: set[Topic] = set()
    unique_disliked = []
    for t, w in disliked:
        if t not in seen:
            seen.add(t)
            unique_disliked.append((t, w))
    result: list[TopicEvidence] = []
    for topic in Topic:
        if topic not in wanted:
            continue
        e = wanted[topic]
        if e["general"] or not e["kinds"]:
            situations: tuple[ActivityKind, ...] = ()
        else:
            kinds = set(e["kinds"]) | set(TOPIC_OWN_KINDS[topic])
            situations = tuple(sorted(kinds, key=order.index))
        result.append(TopicEvidence(topic, situations, tuple(e["words"]), tuple(e["sit_words"]), e["source"]))
    return PreferenceParse(result, unique_disliked)
