"""The four structured rubric dimensions of an imported persona, read from its texts, with their notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from propersim_gym.personas.importer.report import FieldNote
from propersim_gym.personas.importer.routine import EARLIEST_WAKE, LATEST_SLEEP, RoutineDraft, draft_routine
from propersim_gym.personas.rubric_text import (
    DEFAULT_MAX_WORDS,
    RoutineCues,
    Source,
    parse_communication,
    parse_frequency,
    parse_preference,
    parse_timing,
)
from propersim_gym.personas.schema import BigFive, format_clock
from propersim_gym.taxonomy import Boundary


def _windows_note_value(windows: Sequence[tuple[int, int, str]]) -> str:
    return ", ".join(f"{format_clock(s)}-{format_clock(e)} ({lab})" for s, e, lab in windows)


def _fit_windows(
    parsed: Sequence[tuple[int, int, str]], draft: RoutineDraft
) -> tuple[int | None, int | None]:
    """New wake/sleep (default ones only) so that the parsed windows fit, or None to keep."""
    if not parsed:
        return None, None
    new_wake = new_sleep = None
    first, last = min(s for s, _, _ in parsed), max(e for _, e, _ in parsed)
    if first < draft.wake and draft.sources["wake"][0] == "default":
        new_wake = max(EARLIEST_WAKE, first)
    if last > draft.sleep and draft.sources["sleep"][0] == "default":
        new_sleep = min(LATEST_SLEEP, last)
    return new_wake, new_sleep


def derive_timing(
    text: str, cues: RoutineCues, big_five: BigFive, adjustments: list[str]
) -> tuple[RoutineDraft, dict[str, Any], list[FieldNote]]:
    """The routine draft (wake/sleep moved to fit the windows where they were defaults), the timing
    rubric and its notes."""
    draft = draft_routine(cues, big_five)
    timing = parse_timing(text, draft.anchors())
    new_wake, new_sleep = _fit_windows(timing.windows, draft)
    if new_wake is not None or new_sleep is not None:
        old = draft
        draft = draft_routine(cues, big_five, wake=new_wake, sleep=new_sleep)
        for key, value, why in (("wake", new_wake, "open the first"), ("sleep", new_sleep, "close the last")):
            if value is None:
                continue
            was, now = format_clock(getattr(old, key)), format_clock(value)
            draft.sources[key] = ("rule", f"moved from the default {was} to {why} timing window")
            adjustments.append(f"{key} moved from the default {was} to {now} to cover the timing windows")
        timing = parse_timing(text, draft.anchors())
    windows: list[tuple[int, int, str]] = []
    for start, end, label in timing.windows:
        s, e = max(start, draft.wake), min(end, draft.sleep)
        if (s, e) != (start, end):
            adjustments.append(
                f"timing window {format_clock(start)}-{format_clock(end)} ({label}) clipped to the waking day"
                f" "
                f"{format_clock(draft.wake)}-{format_clock(draft.sleep)}"
                + ("" if s < e else ": nothing left")
            )
        if s < e:
            windows.append((s, e, label))
    notes: list[FieldNote] = []
    if windows:
        ev = "phrases: " + "; ".join(repr(p) for p in timing.window_phrases)
        source: Source = "text"
        ruled = [a for a in timing.anchors_used if draft.sources[a][0] != "text"]
        if ruled:
            source = "partial"
            ev += f"; hung on routine times not stated in the text ({', '.join(ruled)}: see the routine)"
        if timing.timeless:
            source = "partial"
            said = ", ".join(repr(t) for t in timing.timeless)
            ev += f"; {said} states no time: the vocabulary's default window"
        notes.append(FieldNote("windows", source, _windows_note_value(windows), ev))
    else:
        fallback = [
            (max(draft.wake + 60, 9 * 60), 12 * 60, "default morning"),
            (14 * 60, 17 * 60, "default afternoon"),
        ]
        windows = [(s, min(e, draft.sleep), lab) for s, e, lab in fallback if s < min(e, draft.sleep)]
        why = "no usable time phrase in the timing text; default late morning and afternoon"
        notes.append(FieldNote("windows", "default", _windows_note_value(windows), why))
    kinds = [k.value for k in timing.do_not_interrupt]
    if kinds:
        ev = "; ".join(
            f"{k.value} <- {', '.join(repr(p) for p in v)}" for k, v in timing.avoid_phrases.items()
        )
        notes.append(FieldNote("do_not_interrupt", "text", ", ".join(kinds), ev))
    else:
        why = "the timing text names no activity to avoid; schema default []"
        notes.append(FieldNote("do_not_interrupt", "default", "[]", why, counted=False))
    rubric = {
        "text": text,
        "windows": [{"start": s, "end": e, "label": lab} for s, e, lab in windows],
        "do_not_interrupt": kinds,
        "slack_minutes": timing.slack_minutes,
    }
    return draft, rubric, notes


def derive_frequency(text: str) -> tuple[dict[str, Any], list[FieldNote]]:
    freq = parse_frequency(text)
    values = {
        "min_gap_minutes": freq.min_gap_minutes,
        "max_gap_minutes": freq.max_gap_minutes,
        "per_day": freq.per_day,
    }
    notes = [FieldNote(k, freq.sources[k], str(v), freq.evidence[k]) for k, v in values.items()]
    return {
        "text": text,
        **values,
        "per_day": list(freq.per_day),
        "overdue_counts": freq.overdue_counts,
    }, notes


def derive_preference(text: str, interests: Sequence[str]) -> tuple[dict[str, Any], list[FieldNote]]:
    pref = parse_preference(text, interests)
    notes: list[FieldNote] = []
    wanted = [{"topic": w.topic.value, "situations": [k.value for k in w.situations]} for w in pref.wanted]
    if wanted:
        parts = []
        for w in pref.wanted:
            part = f"{w.topic.value} <- {', '.join(repr(x) for x in w.words)} ({w.source})"
            if w.situations:
                said = ", ".join(repr(x) for x in w.situation_words)
                part += f" when {said} -> {', '.join(k.value for k in w.situations)}"
            parts.append(part + ("" if w.situations else " anywhere"))
        value = ", ".join(
            w["topic"] + (f" [{', '.join(w['situations'])}]" if w["situations"] else "") for w in wanted
        )
        ev = "; ".join(parts) + "; a topic's situations also hold its own activity kind (rule)"
        notes.append(FieldNote("wanted", "text", value, ev))
    else:
        wanted = [{"topic": "self_care", "situations": []}]
        why = "no topic word in the preference text or interests; default self_care"
        notes.append(FieldNote("wanted", "default", "self_care", why))
    disliked = [t.value for t, _ in pref.disliked]
    if disliked:
        ev = "; ".join(f"{t.value} <- {w!r}" for t, w in pref.disliked)
        notes.append(FieldNote("disliked", "text", ", ".join(disliked), ev))
    else:
        why = "the preference text refuses no topic; schema default []"
        notes.append(FieldNote("disliked", "default", "[]", why, counted=False))
    return {"text": text, "wanted": wanted, "disliked": disliked}, notes


def derive_communication(text: str) -> tuple[dict[str, Any], list[FieldNote]]:
    comm = parse_communication(text)
    said = [
        f"{t.value} <- {', '.join(repr(x) for x in comm.tone_words[t])}"
        for t in comm.tones
        if t in comm.tone_words
    ]
    rejected = [f"{t.value} <- {', '.join(repr(x) for x in ws)}" for t, ws in comm.rejected.items()]
    tone_ev = "; ".join(said) + (("; rejected: " + "; ".join(rejected)) if rejected else "")
    if comm.tones_source == "default":
        tone_ev = "no tone word in the text; default warm + neutral" + (f" ({tone_ev})" if tone_ev else "")
    if comm.length_words:
        length_ev = "words: " + ", ".join(repr(w) for w in comm.length_words)
    else:
        length_ev = f"the text says nothing about length; default {DEFAULT_MAX_WORDS}"
    never = [b.value for b in Boundary]
    never_ev = (
        "every persona forbids the universal boundaries (taxonomy.UNIVERSAL_BOUNDARIES); "
        "the same for all personas, so not counted"
    )
    notes = [
        FieldNote("tones", comm.tones_source, ", ".join(t.value for t in comm.tones), tone_ev),
        FieldNote("max_words", comm.max_words_source, str(comm.max_words), length_ev),
        FieldNote("never", "rule", ", ".join(never), never_ev, counted=False),
    ]
    rubric = {
        "text": text,
        "tones": [t.value for t in comm.tones],
        "max_words": comm.max_words,
        "never": never,
    }
    return rubric, notes
