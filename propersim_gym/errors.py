"""Exceptions shared across parts, so a runner can react to them without importing heavy modules."""


class BudgetExceeded(RuntimeError):
    """The LLM cost ledger reached its budget cap: the run stops cleanly at its last checkpoint."""
