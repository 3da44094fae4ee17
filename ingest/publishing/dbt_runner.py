"""Running the dbt project against a DuckDB file, as a subprocess with its own log."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class DbtResult:
    ok: bool
    summary: str
    failures: list[str]
    log_path: Path


def _die_with_parent() -> None:
    """In the dbt child: ask Linux to kill it if the build process dies (e.g. `kill -9`), so an
    orphaned dbt never keeps the candidate file locked or writes into the next build's candidate."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(command: list[str], db_path: Path, project_dir: Path, log_dir: Path,
            heartbeat: Callable[[float], None] | None = None, heartbeat_seconds: float = 60.0) -> DbtResult:
    """Run `dbt <command>` on `db_path`; output goes to a log file, a summary comes back.

    While dbt runs, ``heartbeat`` is called with the seconds elapsed every ``heartbeat_seconds``."""
    project_dir = project_dir.resolve()
    log_dir = log_dir.resolve()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"dbt-{command[0]}.log"
    env = dict(os.environ)
    env.update({
        "STANCE_DBT_DB": str(db_path.resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    })
    args = [dbt_executable(), *command, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
            "--log-path", str(log_dir), "--target-path", str(log_dir / "target"), "--no-use-colors"]
    with log_path.open("w", encoding="utf-8") as log:
        child = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=project_dir,
                                 preexec_fn=_die_with_parent)
        returncode = _wait(child, heartbeat, heartbeat_seconds)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    failures = [line.strip() for line in output.splitlines() if re.search(r"\b(FAIL|ERROR)\b", line) and "PASS=" not in line][:10]
    summary = next((line.strip() for line in reversed(output.splitlines()) if "PASS=" in line), "")
    return DbtResult(returncode == 0, summary, failures, log_path)


def _wait(child: subprocess.Popen, heartbeat: Callable[[float], None] | None, every: float) -> int:
    started = time.monotonic()
    try:
        while True:
            try:
                return child.wait(timeout=max(every, 0.1) if heartbeat else None)
            except subprocess.TimeoutExpired:
                heartbeat(time.monotonic() - started)  # type: ignore[misc]
    except BaseException:  # Ctrl-C or an error here: dbt must not outlive the build
        child.kill()
        child.wait()
        raise
