"""Benchmarks: many independent (method, persona, seed) runs, the paper's main table and its plots, and
the harnesses that hold the judge to account (calibration with scripted policies, agreement of two judges).

Heavy parts (model-based policies, Ray, matplotlib) load only inside the functions that need them.
"""

from __future__ import annotations

from propersim_gym.bench.executor import JobResult, JobSpec, run_job, run_jobs

__all__ = ["JobResult", "JobSpec", "run_job", "run_jobs"]
