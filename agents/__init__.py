"""ProPerAssistant, the paper's reference agent, and its prompt-only baselines."""
