"""The judge: its interface and result types, the offline rubric judge, and (lazily) the LLM judge."""

from propersim_gym.evaluator.base import DIMENSIONS, Delivered, Evaluation, Evaluator, Moment, TextFeatures
from propersim_gym.evaluator.judge import RubricJudge

__all__ = ["DIMENSIONS", "Delivered", "Evaluation", "Evaluator", "Moment", "RubricJudge", "TextFeatures"]
