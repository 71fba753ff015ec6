"""RubricJudge: the offline evaluator — recommendation understanding plus the rules of docs/scoring.md."""

from __future__ import annotations

from propersim_gym.evaluator.base import Evaluation, Moment
from propersim_gym.evaluator.rules import CompiledRubric, Situation, judge_recommendation, judge_silence
from propersim_gym.personas.schema import Persona
from propersim_gym.protocol import parse_recommendation


class RubricJudge:
    """Scores recommendations against a persona's structured rubric, offline and deterministically.

    ``encoder`` picks the sentence encoder for topic recognition: "minilm" (the bundled
    all-MiniLM-L6-v2; needs the ``agents`` extra for torch) or "lexical" (pure numpy). The model
    loads on the first recommendation judged, not at construction.
    """

    name = "offline"

    def __init__(self, encoder: str = "minilm") -> None:
        self.encoder_name = encoder
        self._understanding = None
        self._rubrics: dict[int, tuple[Persona, CompiledRubric]] = {}

    @property
    def understanding(self):
        """The TextUnderstanding in use, created on first need."""
        if self._understanding is None:
            from propersim_gym.evaluator.understanding import TextUnderstanding

            self._understanding = TextUnderstanding(encoder=self.encoder_name)
        return self._understanding

    def rubric(self, persona: Persona) -> CompiledRubric:
        """The compiled rubric of ``persona`` (compiled once per persona object)."""
        entry = self._rubrics.get(id(persona))
        if entry is None or entry[0] is not persona:
            entry = (persona, CompiledRubric.of(persona))
            self._rubrics[id(persona)] = entry
        return entry[1]

    def evaluate(self, moment: Moment, text: str) -> Evaluation:
        rubric = self.rubric(moment.persona)
        situation = Situation.at(rubric, moment)
        rec = parse_recommendation(text)
        if rec is None:
            scores, reasons = judge_silence(rubric, situation)
            return Evaluation(*scores, reasons=reasons, is_recommendation=False, text=text)
        features = self.understanding.analyze(rec)
        scores, reasons = judge_recommendation(rubric, situation, features)
        return Evaluation(*scores, reasons=reasons, is_recommendation=True, text=rec, features=features)

    def evaluate_many(self, moment: Moment, texts: list[str]) -> list[Evaluation]:
        """Judge several candidates at the same moment; recommendation texts are encoded in one batch."""
        rubric = self.rubric(moment.persona)
        situation = Situation.at(rubric, moment)
        parsed = [parse_recommendation(t) for t in texts]
        to_read = [p for p in parsed if p is not None]
        features = iter(self.understanding.analyze_many(to_read) if to_read else ())
        results = []
        for raw, rec in zip(texts, parsed, strict=True):
            if rec is None:
                scores, reasons = judge_silence(rubric, situation)
                results.append(Evaluation(*scores, reasons=reasons, is_recommendation=False, text=raw))
            else:
                feats = next(features)
                scores, reasons = judge_recommendation(rubric, situation, feats)
                results.append(
                    Evaluation(*scores, reasons=reasons, is_recommendation=True, text=rec, features=feats)
                )
        return results
