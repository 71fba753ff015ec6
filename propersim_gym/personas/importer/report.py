"""The import report: where each structured field came from, per persona and across all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from propersim_gym.personas.rubric_text import Source
from propersim_gym.personas.schema import Persona

DIMENSIONS = ("preference", "frequency", "timing", "communication")
Status = Literal["fully", "partly", "not"]


@dataclass(frozen=True)
class FieldNote:
    """Where one structured field came from: read from the text, derived by a rule, or a default."""

    field: str
    source: Source
    value: str
    evidence: str
    counted: bool = True  # whether the field counts towards its dimension's recovery status


@dataclass
class DimensionReport:
    """The notes on one rubric dimension's structured fields."""

    name: str
    notes: list[FieldNote]

    @property
    def status(self) -> Status:
        """fully: every counted field read from the text; partly: some; not: none."""
        counted = [n for n in self.notes if n.counted]
        if counted and all(n.source == "text" for n in counted):
            return "fully"
        if any(n.source in ("text", "partial") for n in counted):
            return "partly"
        return "not"


@dataclass
class ImportReport:
    """Per rubric dimension and for the profile: which fields the text determined, which it did not."""

    dimensions: dict[str, DimensionReport]
    profile: list[FieldNote]
    adjustments: list[str] = field(default_factory=list)

    def not_from_text(self) -> list[tuple[str, FieldNote]]:
        """Every field not (fully) read from the text, as (section, note)."""
        out = [(d, n) for d, rep in self.dimensions.items() for n in rep.notes if n.source != "text"]
        out += [("profile", n) for n in self.profile if n.source != "text"]
        return out

    def to_markdown(self, title: str = "") -> str:
        """The report as a Markdown section."""
        lines = [f"## {title}", ""] if title else []
        for name in DIMENSIONS:
            rep = self.dimensions[name]
            lines += [
                f"### {name} — {rep.status}",
                "",
                "| field | source | value | evidence / reason |",
                "|---|---|---|---|",
            ]
            lines += [_row(n) for n in rep.notes]
            lines.append("")
        lines += [
            "### profile and routine",
            "",
            "| field | source | value | evidence / reason |",
            "|---|---|---|---|",
        ]
        lines += [_row(n) for n in self.profile]
        lines.append("")
        if self.adjustments:
            lines += ["### adjustments", ""] + [f"- {a}" for a in self.adjustments] + [""]
        return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(n: FieldNote) -> str:
    counted = "" if n.counted else " (not counted)"
    return f"| {n.field} | {n.source}{counted} | {_cell(n.value)} | {_cell(n.evidence)} |"


@dataclass(frozen=True)
class ImportResult:
    """One imported persona, the file it came from, and the report on how each field was obtained."""

    persona: Persona
    source: Path
    report: ImportReport


@dataclass(frozen=True)
class RecoveryRow:
    """One persona's recovery status on each rubric dimension."""

    persona_id: int
    name: str
    code: str
    statuses: dict[str, Status]


@dataclass(frozen=True)
class RecoveryTable:
    """How much of the structured rubric the texts determined, per persona and dimension."""

    rows: list[RecoveryRow]
    fields_from_text: int
    fields_counted: int

    @property
    def total(self) -> int:
        """Number of persona x dimension cells (32 x 4 for the full set)."""
        return 4 * len(self.rows)

    def count(self, status: Status) -> int:
        """How many persona x dimension cells have ``status``."""
        return sum(1 for r in self.rows for s in r.statuses.values() if s == status)

    def by_dimension(self) -> dict[str, dict[Status, int]]:
        """Counts of fully / partly / not per dimension."""
        out: dict[str, dict[Status, int]] = {d: {"fully": 0, "partly": 0, "not": 0} for d in DIMENSIONS}
        for r in self.rows:
            for d, s in r.statuses.items():
                out[d][s] += 1
        return out

    def render(self) -> str:
        """A Markdown table plus the totals."""
        lines = [
            "| id | name | Big Five | preference | frequency | timing | communication |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            lines.append(
                f"| {r.persona_id} | {r.name} | {r.code} | "
                + " | ".join(r.statuses[d] for d in DIMENSIONS)
                + " |"
            )
        lines.append("")
        for d, c in self.by_dimension().items():
            lines.append(f"- {d}: {c['fully']} fully, {c['partly']} partly, {c['not']} not")
        lines.append(
            f"- total: {self.count('fully')} of {self.total} dimension fields fully recovered from the text, "
            f"{self.count('partly')} partly, {self.count('not')} not"
        )
        lines.append(
            f"- structured fields read from the text: {self.fields_from_text} of {self.fields_counted} "
            "counted fields"
        )
        lines.append(
            "- fully = every counted structured field of the dimension was read from the text; "
            "partly = some were; "
            "not counted: 'never' (the same universal boundaries for everyone) and empty 'disliked' / "
            "'do_not_interrupt' lists when the text names none"
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def recovery_table(results: Sequence[ImportResult]) -> RecoveryTable:
    """Per persona and dimension: were its structured fields read from the text (fully / partly / not)?"""
    rows = []
    from_text = counted = 0
    for r in results:
        statuses = {d: r.report.dimensions[d].status for d in DIMENSIONS}
        rows.append(RecoveryRow(r.persona.id, r.persona.name, r.persona.big_five.code, statuses))
        for d in DIMENSIONS:
            for n in r.report.dimensions[d].notes:
                if n.counted:
                    counted += 1
                    from_text += n.source == "text"
    return RecoveryTable(rows, from_text, counted)


def report_markdown(results: Sequence[ImportResult]) -> str:
    """The whole import report: the recovery table, then each persona's field-by-field notes."""
    parts = ["# Import report: original ProPerSim personas", "", recovery_table(results).render(), ""]
    for r in results:
        parts.append(
            r.report.to_markdown(
                f"Persona {r.persona.id}: {r.persona.name} ({r.persona.big_five.code}) — {r.source}"
            )
        )
    return "\n".join(parts)
