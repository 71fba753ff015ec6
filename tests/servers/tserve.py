"""Start ``transformers serve`` on 127.0.0.1 for a local model folder: a real OpenAI-compatible server."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def transformers_serve(model_dir: str | Path, start_timeout: float = 240.0) -> Iterator[str]:
    """Run ``transformers serve MODEL_DIR`` offline on a free loopback port; yield its ``/v1`` base URL.

    The server is stopped (terminate, then kill) on exit; a start that fails or takes longer than
    ``start_timeout`` raises RuntimeError with the end of the server's log.
    """
    exe = shutil.which("transformers") or str(Path(sys.executable).with_name("transformers"))
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    log = tempfile.NamedTemporaryFile("w+", prefix="tserve-", suffix=".log", delete=False)  # noqa: SIM115
    cmd = [
        exe,
        "serve",
        str(model_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--device",
        "cpu",
        "--dtype",
        "float32",
        "--default-seed",
        "0",
    ]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"transformers serve exited with {proc.returncode}: {_tail(log.name)}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"transformers serve did not start in {start_timeout:g} s: {_tail(log.name)}"
                )
            time.sleep(1.0)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        os.unlink(log.name)


def _tail(path: str, chars: int = 2000) -> str:
    return Path(path).read_text(errors="replace")[-chars:]
