"""The whole build: ingest into a candidate file, dbt, expectations, atomic publish.

Guarantees (see docs/reliability.md):
- the published file is only ever replaced by ``os.replace`` of a candidate that passed dbt and
  the expectations, so it is always whole and checked;
- an analyst holding the published file open read-only never makes a build fail (the candidate is
  a different file, and a rename does not need the lock);
- one build at a time per warehouse (a lock file); a killed build leaves a stale candidate that the
  next build discards.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from ingest.domain.files import DomainFileError
from ingest.ingestion import IngestSummary, run_ingest
from ingest.publishing.dbt_runner import run_dbt
from ingest.settings import Settings


class BuildFailed(RuntimeError):
    """A build that must not publish. The message is one line."""


@dataclass
class BuildResult:
    db_path: Path
    ingest: IngestSummary
    dbt_summary: str
    checks: int
    notes: list[str] = field(default_factory=list)


def candidate_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".tmp")


def rejected_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".rejected")


def phase_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".build-phase")


def _phase(db_path: Path, name: str) -> None:
    """Record what the running build is doing (read by `stance status` users and the fault tests)."""
    phase_path(db_path).write_text(name + "\n", encoding="utf-8")


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        if p.exists():
            p.unlink()


def _fsync_dir(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def build_warehouse(paths: list[Path], db_path: Path, settings: Settings, fresh: bool = False, wait_seconds: float = 0.0,
                    progress: bool | None = None, strict: bool = False) -> BuildResult:
    db_path = db_path.resolve()
    if db_path.is_dir():
        raise BuildFailed(f"cannot use {db_path} as the warehouse: it is a folder")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildFailed(f"cannot create the folder of {db_path}: {err.strerror or err}") from None
    lock = FileLock(str(lock_path(db_path)))
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise BuildFailed(f"another build of {db_path} is running (lock {lock_path(db_path).name}); try again when it has finished, or pass --wait SECONDS") from None
    try:
        return _build_locked(paths, db_path, settings, fresh, progress, strict)
    finally:
        phase_path(db_path).unlink(missing_ok=True)
        lock.release()


def _build_locked(paths: list[Path], db_path: Path, settings: Settings, fresh: bool, progress: bool | None,
                  strict: bool) -> BuildResult:
    from ingest.publishing.validation import validate_warehouse

    candidate = candidate_path(db_path)
    _phase(db_path, "preparing")
    _remove(candidate)  # left by a build that was killed
    notes: list[str] = []
    if db_path.exists() and not fresh:
        shutil.copyfile(db_path, candidate)
        notes.append(f"started from the published warehouse {db_path.name}")
    _phase(db_path, "ingesting")
    try:
        summary = run_ingest(paths, candidate, settings, progress=progress)
    except DomainFileError as err:  # a bad --topics/--actors file: one line, nothing published
        _remove(candidate)
        raise BuildFailed(f"{err}; published warehouse left unchanged") from None
    if strict and summary.rejected:
        _remove(candidate)
        first = summary.reject_messages[0] if summary.reject_messages else ""
        raise BuildFailed(f"{summary.rejected} input(s) rejected with --strict (first: {first}); published warehouse left unchanged")
    _phase(db_path, "dbt")
    log_dir = db_path.parent / "logs"
    dbt = run_dbt(["build"], candidate, settings.dbt_project_dir, log_dir)
    if not dbt.ok:
        _keep_rejected(candidate, db_path)
        detail = dbt.failures[0] if dbt.failures else dbt.summary or "see log"
        raise BuildFailed(f"dbt build failed: {detail} (log: {dbt.log_path}); published warehouse left unchanged")
    _phase(db_path, "validating")
    report = validate_warehouse(candidate, settings.expectations_dir, settings.validation_results_kept)
    if not report.success:
        kept = _keep_rejected(candidate, db_path)
        lines = report.summary_lines()
        raise BuildFailed(
            f"expectations failed ({len(lines)}): " + "; ".join(lines[:3])
            + f"; candidate kept at {kept}; published warehouse left unchanged"
        )
    _phase(db_path, "publishing")
    os.replace(candidate, db_path)
    _fsync_dir(db_path.parent)
    return BuildResult(db_path, summary, dbt.summary, report.checked, notes)


def _keep_rejected(candidate: Path, db_path: Path) -> Path:
    target = rejected_path(db_path)
    _remove(target)
    if candidate.exists():
        os.replace(candidate, target)
    return target
