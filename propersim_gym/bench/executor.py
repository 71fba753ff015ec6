"""Run many independent (method, persona, seed) jobs on a local process pool or a Ray cluster.

A job is a pure function of its ``JobSpec``: it builds the policy and the environment from the spec
alone, plays ``days`` days with the runner (``propersim_gym.runner.run``) into its own run directory,
and returns that directory's per-day metrics as read back from ``metrics.csv``. Every job runs in a
fresh process (``max_tasks_per_child=1`` in the pool, ``max_calls=1`` on Ray), so no cache or model
state carries from one job to the next, and the results are the same whichever executor ran them.

A job whose run directory already holds all its days is not re-played (its metrics are read back);
one that was interrupted resumes from its last completed day. Days are played in order, so a job of
N days can also read the first N days of the same job run for longer (a table at day 7 of a 14-day
study), and a longer job extends a shorter one.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from propersim_gym.files import read_json

EXECUTORS = ("local", "ray", "inline")


class BenchError(RuntimeError):
    """A benchmark that cannot be set up or run as asked."""


class JobsFailed(BenchError):
    """One or more jobs raised; the others finished and their run directories are kept."""

    def __init__(self, failures: list[tuple[JobSpec, str]], results: list[JobResult]) -> None:
        self.failures = failures
        self.results = results
        lines = [f"  {spec.label}: {err}" for spec, err in failures]
        super().__init__(
            f"{len(failures)} of {len(failures) + len(results)} jobs failed "
            "(re-run the same command to resume them):\n" + "\n".join(lines)
        )


@dataclass(frozen=True)
class JobSpec:
    """Everything one run depends on: which policy, which persona, which seed, how long, where.

    ``env`` goes to ``gym.make`` (e.g. ``encoder``, ``max_awake_steps``; ``memory`` defaults to the
    policy's ``required_memory``); ``options`` go to the policy's constructor.
    """

    method: str
    persona: int
    seed: int
    days: int
    out: str
    model: str = "tiny"
    env: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from propersim_gym.registry import UnknownPolicyError, get_policy

        try:
            get_policy(self.method)
        except UnknownPolicyError as err:
            raise BenchError(str(err)) from err
        if self.days < 1:
            raise BenchError(f"days must be >= 1, got {self.days}")
        for value in (*self.env.values(), *self.options.values()):
            if not isinstance(value, (str, int, float, bool, type(None), list, dict)):
                raise BenchError(f"job settings must be plain JSON values (got {value!r}): a job is its spec")

    @property
    def label(self) -> str:
        """``method/persona NN/seed S`` for logs."""
        return f"{self.method}/persona {self.persona:02d}/seed {self.seed}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form (what is stored in the job's run directory)."""
        return asdict(self)


@dataclass
class JobResult:
    """A finished job: its per-day metrics (as written to metrics.csv) and how long it took."""

    spec: JobSpec
    rows: list[dict[str, Any]]
    wall_s: float
    replayed_days: int
    pid: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form."""
        return {**asdict(self), "spec": self.spec.to_dict()}


def submission_order(specs: Sequence[JobSpec]) -> list[int]:
    """Indices of ``specs``, most expensive first (by the registry's cost of a day: learning agent, then
    prompt-only, then scripted)."""
    from propersim_gym.registry import get_policy

    costs = [get_policy(spec.method).cost * spec.days for spec in specs]
    return sorted(range(len(specs)), key=lambda i: (-costs[i], i))


def make_job_policy(spec: JobSpec) -> Any:
    """The policy a spec names, from the policy registry (``propersim_gym.registry``)."""
    from propersim_gym.registry import make_policy

    try:
        return make_policy(spec.method, model=spec.model, run_dir=spec.out, seed=spec.seed, **spec.options)
    except ImportError as err:  # pragma: no cover - depends on the install
        raise BenchError(
            f"method {spec.method!r} needs the agents extra: pip install 'propersim-gym[agents]' ({err})"
        ) from err


def _completed_days(out: Path, spec: JobSpec) -> int:
    from propersim_gym.runner.run import completed_days

    config = out / "config.json"
    done = completed_days(out)
    if not (done and config.exists()):
        return 0
    previous = dict(read_json(config, remedy="use another --out or delete the directory").get("job") or {})
    mine = spec.to_dict()
    # Days are played in order from the same seed, so a run of N days is the prefix of the same job
    # with more days: a shorter job reads it, a longer one extends it. Anything else is another job.
    if {k: v for k, v in previous.items() if k != "days"} != {k: v for k, v in mine.items() if k != "days"}:
        raise BenchError(
            f"{out} holds a run of another job ({previous or 'unknown'}); use another --out or delete it"
        )
    return done


LOCK_FILE = ".bench.lock"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _run_dir_lock(out: Path) -> Iterator[None]:
    """Hold ``out/.bench.lock`` while a job plays, so two commands never write one run directory."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_FILE
    me = {"pid": os.getpid(), "host": socket.gethostname()}
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                holder = json.loads(path.read_text() or "{}")
            except (OSError, json.JSONDecodeError):
                holder = {}
            stale = holder.get("host") == me["host"] and not _pid_alive(int(holder.get("pid", -1)))
            if not stale:
                raise BenchError(
                    f"{out} is being written by another job (pid {holder.get('pid')} on "
                    f"{holder.get('host')}); if that process is gone, delete {path}"
                ) from None
            path.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(json.dumps(me))
        break
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _play(spec: JobSpec, out: Path) -> Any:
    """Build the policy and play (or resume) the job's days with the runner."""
    from propersim_gym.runner.run import run

    return run(
        make_job_policy(spec),
        persona=spec.persona,
        days=spec.days,
        out=out,
        seed=spec.seed,
        env_kwargs=dict(spec.env),
        resume=True,
        progress=False,
        plots=False,
        config={"job": spec.to_dict(), "agent": spec.method, "model": spec.model},
    )


def run_job(spec: JobSpec) -> JobResult:
    """Play one job into ``spec.out`` (resuming or skipping what is done) and return its daily metrics."""
    from propersim_gym.runner.metrics import read_metrics

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    out = Path(spec.out)
    done = _completed_days(out, spec)
    played = 0
    if done < spec.days:
        with _run_dir_lock(out):
            done = _completed_days(out, spec)  # again, now that no one else can write it
            if done < spec.days:
                result = _play(spec, out)
                if result.stopped_early:
                    raise BenchError(f"{spec.label} stopped early: {result.stopped_early}")
                played = spec.days - done
    rows = [
        {"method": spec.method, "seed": spec.seed, **row}
        for row in read_metrics(out / "metrics.csv")
        if row["day"] < spec.days
    ]
    if len(rows) != spec.days:
        raise BenchError(f"{spec.label}: {out / 'metrics.csv'} has {len(rows)} days, expected {spec.days}")
    return JobResult(spec, rows, time.perf_counter() - started, played, os.getpid())


def _run_job_dict(spec: dict[str, Any]) -> JobResult:
    return run_job(JobSpec(**spec))


def run_jobs(
    specs: Sequence[JobSpec],
    *,
    executor: str = "local",
    workers: int = 2,
    ray_address: str | None = None,
    ray_num_cpus: int | None = None,
    cpus_per_job: float = 1.0,
    gpus_per_job: float = 0.0,
    on_done: Callable[[JobResult], None] | None = None,
) -> list[JobResult]:
    """Run every job and return their results in the order of ``specs``.

    ``executor``: "local" (a process pool of ``workers``, one fresh process per job), "ray"
    (``ray.init(address=ray_address)``; with no address a local instance of ``ray_num_cpus`` CPUs;
    each job asks for ``cpus_per_job`` CPUs and ``gpus_per_job`` GPUs), or "inline" (in this process,
    one after another: for debugging). Raises ``JobsFailed`` after the others finish if any job failed.
    """
    keys = [(s.method, s.persona, s.seed) for s in specs]
    if len(set(keys)) != len(keys):
        raise BenchError("duplicate (method, persona, seed) jobs")
    outs = [s.out for s in specs]
    if len(set(outs)) != len(outs):
        raise BenchError("two jobs share a run directory")
    if executor == "local":
        results, failures = _run_pool(specs, workers, on_done)
    elif executor == "ray":
        results, failures = _run_ray(specs, ray_address, ray_num_cpus, cpus_per_job, gpus_per_job, on_done)
    elif executor == "inline":
        results, failures = {}, []
        for i, spec in enumerate(specs):
            try:
                results[i] = run_job(spec)
            except Exception as err:
                failures.append((spec, f"{type(err).__name__}: {err}"))
                continue
            if on_done:
                on_done(results[i])
    else:
        raise BenchError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    ordered = [results[i] for i in range(len(specs)) if i in results]
    if failures:
        raise JobsFailed(failures, ordered)
    return ordered


def _run_pool(
    specs: Sequence[JobSpec], workers: int, on_done: Callable[[JobResult], None] | None
) -> tuple[dict[int, JobResult], list[tuple[JobSpec, str]]]:
    if workers < 1:
        raise BenchError(f"workers must be >= 1, got {workers}")
    # spawn: no forked torch/tokenizer threads; one task per child: nothing is shared between jobs.
    pool_size = min(workers, max(1, len(specs)))
    kwargs: dict[str, Any] = {
        "mp_context": multiprocessing.get_context("spawn"),
        "initializer": _init_worker,
        "initargs": (os.getpid(), max(1, (os.cpu_count() or 1) // pool_size)),
    }
    if sys.version_info >= (3, 11):
        kwargs["max_tasks_per_child"] = 1
    results: dict[int, JobResult] = {}
    failures: list[tuple[JobSpec, str]] = []
    with ProcessPoolExecutor(max_workers=pool_size, **kwargs) as pool:
        futures: dict[Future[JobResult], int] = {
            pool.submit(run_job, specs[i]): i for i in submission_order(specs)
        }
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = futures[fut]
                try:
                    results[i] = fut.result()
                except Exception as err:
                    failures.append((specs[i], f"{type(err).__name__}: {err}"))
                    continue
                if on_done:
                    on_done(results[i])
    return results, failures


def _init_worker(parent: int, threads: int) -> None:
    """Pool-worker initializer: share the cores between the workers (``OMP_NUM_THREADS``, read by torch
    and by the agents' training) and end with the driver."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    _exit_with_parent(parent)


def _exit_with_parent(parent: int, every_s: float = 1.0) -> None:
    """End this worker when the driver is gone (killed, say, with SIGTERM, which a pool does not pass
    on), instead of playing on for hours; its job resumes from its last day."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_s)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _run_ray(
    specs: Sequence[JobSpec],
    address: str | None,
    num_cpus: int | None,
    cpus_per_job: float,
    gpus_per_job: float,
    on_done: Callable[[JobResult], None] | None,
) -> tuple[dict[int, JobResult], list[tuple[JobSpec, str]]]:
    try:
        import ray
    except ImportError as err:
        raise BenchError(
            "the ray executor needs Ray: pip install 'propersim-gym[distributed]' (or ray)"
        ) from err
    started_here = False
    if not ray.is_initialized():
        init: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if address is not None:
            init["address"] = address
        elif num_cpus is not None:
            init["num_cpus"] = num_cpus
        ray.init(**init)
        started_here = True
    try:
        remote = ray.remote(num_cpus=cpus_per_job, num_gpus=gpus_per_job, max_calls=1)(_run_job_dict)
        refs = {remote.remote(specs[i].to_dict()): i for i in submission_order(specs)}
        results: dict[int, JobResult] = {}
        failures: list[tuple[JobSpec, str]] = []
        pending = list(refs)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                i = refs[ref]
                try:
                    results[i] = ray.get(ref)
                except Exception as err:
                    cause = getattr(err, "cause", None) or err
                    failures.append((specs[i], f"{type(cause).__name__}: {cause}"))
                    continue
                if on_done:
                    on_done(results[i])
        return results, failures
    finally:
        if started_here:
            ray.shutdown()
