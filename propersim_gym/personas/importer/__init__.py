"""Import the original ProPerSim persona files (``scratch.json``) into this package's persona schema.

The originals hold a profile and four first-person rubric texts; our schema also needs structured
rubric fields, a routine and home activities. Text fields are carried over verbatim; the structured
rubric is read from the texts by the deterministic parsers of :mod:`propersim_gym.personas.rubric_text`;
what the text does not determine comes from documented rules and defaults. Every field's origin is
written to the :class:`ImportReport`, so nothing is guessed silently.

Modules: :mod:`.scratch` reads and checks the files, :mod:`.routine` derives the routine, work and
activities, :mod:`.rubric` the four rubric dimensions, :mod:`.report` holds the report and the
recovery table, :mod:`.build` puts a persona together; this package re-exports their public names.

Rules for what the originals lack (all reported as ``rule`` or ``default``):

- pronouns: she/her, he/him or they/them by the most frequent of her/his/their in the third-person
  texts (background, interests, lifestyle, daily plan, goals); none or a tie -> they/them.
- wake / sleep: read from the texts where stated (see ``parse_routine_cues``); else wake 07:00 and
  sleep 22:30 for high Conscientiousness, wake 08:00 and sleep 23:30 for low. The weekend wakes 30
  (high C) or 60 (low C) minutes later and sleeps 30 minutes later (at most 23:59).
- meals: read where stated; else breakfast = wake + 30, lunch = max(12:30, breakfast + 150),
  dinner = max(19:00, lunch + 300), dinner at most sleep - 90.
- work: none for retired / former workers (unless "turned ..." / "now a ..."); flexible for freelance
  and creative occupations, fixed otherwise. Fixed: Mon-Fri from max(09:00, breakfast + 60) for up
  to 8 hours, ending an hour before dinner. Flexible: the afternoon (13:30-17:30) when the lifestyle
  puts work, writing, research or design there, late evening (21:00-23:30) when it works late at night,
  else 10:00-15:00.
- activities: from the daily plan (7 a week), lifestyle (5 a week; 2 for weekends) and interests (2 a
  week), kind by :data:`ACTIVITY_KINDS`, duration from "for N minutes / an hour" (x0.75 .. x1.25) or
  the kind's default, part of day from the words, steps from the kind's template. Meals and sleep are
  left to the routine; things done away from home (classes, cafés, travel, walks) are skipped.
- timing windows outside the waking day: when wake/sleep came from a rule, wake/sleep move to cover
  the window (wake not before 05:00); when they came from the text, the window is clipped.
"""

from propersim_gym.personas.importer.build import (
    build_persona,
    import_file,
    import_official,
    import_official_all,
)
from propersim_gym.personas.importer.report import (
    DIMENSIONS,
    DimensionReport,
    FieldNote,
    ImportReport,
    ImportResult,
    RecoveryRow,
    RecoveryTable,
    Status,
    recovery_table,
    report_markdown,
)
from propersim_gym.personas.importer.routine import (
    ACTIVITY_KINDS,
    EARLIEST_WAKE,
    KIND_MINUTES,
    KIND_STEPS,
    LATEST_SLEEP,
    activity_kind,
    activity_minutes,
    activity_name,
    activity_when,
    occupation,
)
from propersim_gym.personas.importer.scratch import (
    CRITERIA_KEYS,
    REQUIRED_TEXT,
    OfficialImportError,
    find_scratch_files,
    guess_pronouns,
    parse_big_five,
    persona_id_from_path,
    split_numbered,
)

__all__ = [
    "ACTIVITY_KINDS",
    "CRITERIA_KEYS",
    "DIMENSIONS",
    "EARLIEST_WAKE",
    "KIND_MINUTES",
    "KIND_STEPS",
    "LATEST_SLEEP",
    "REQUIRED_TEXT",
    "DimensionReport",
    "FieldNote",
    "ImportReport",
    "ImportResult",
    "OfficialImportError",
    "RecoveryRow",
    "RecoveryTable",
    "Status",
    "activity_kind",
    "activity_minutes",
    "activity_name",
    "activity_when",
    "build_persona",
    "find_scratch_files",
    "guess_pronouns",
    "import_file",
    "import_official",
    "import_official_all",
    "occupation",
    "parse_big_five",
    "persona_id_from_path",
    "recovery_table",
    "report_markdown",
    "split_numbered",
]
