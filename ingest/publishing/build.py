"""The whole build: ingest into a candidate file, dbt, expectations, atomic publish.

Guarantees (see docs/reliability.md):
- the published file is only ever replaced by ``os.replace`` of a candidate that passed dbt and
  the expectations, so it is always whole and checked;
- an analyst holding the published file open read-only never makes a build fail (the candidate is
  a different file, and a rename does not need the lock);
- one build at a time per warehouse (a lock file); a killed build leaves a stale candidate that the
  next build discards;
- a process holding the published file read-write makes the build refuse (its writes would be lost);
  a write-ahead log left beside it by a process that died is carried into the candidate, and the
  published file is re-opened before the build says it is published (``_publish``);
- articles whose rows fail a row-level expectation are quarantined, the rest publishes
  (``_validate_with_quarantine``; not with ``--strict``); a build that yields no article fails.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from filelock import FileLock, Timeout

from ingest.domain.files import DomainFileError
from ingest.ingestion import IngestSummary, run_ingest
from ingest.loading.schema import connect
from ingest.publishing.dbt_runner import run_dbt
from ingest.publishing.quarantine import (QuarantinedArticle, article_count, failing_articles, quarantine_allowed,
                                          quarantine_articles)
from ingest.settings import Settings

PhaseReport = Callable[[str], None]


class BuildFailed(RuntimeError):
    """A build that must not publish. The message is one line."""


@dataclass
class BuildResult:
    db_path: Path
    ingest: IngestSummary
    dbt_summary: str
    checks: int
    notes: list[str] = field(default_factory=list)
    quarantined: list[QuarantinedArticle] = field(default_factory=list)
    articles_published: int = 0


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
                    progress: bool | None = None, strict: bool = False, on_phase: PhaseReport | None = None,
                    on_ingested: Callable[[IngestSummary], None] | None = None) -> BuildResult:
    """Build and publish ``db_path``. ``on_phase`` is called with a line as each phase ends (ingest,
    dbt, expectations, publish), and with a progress line a minute while dbt runs; ``on_ingested``, if
    given, is called with the ingest summary instead of its line."""
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
        report_phase = on_phase or (lambda line: None)
        return _build_locked(paths, db_path, settings, fresh, progress, strict, report_phase,
                             on_ingested or (lambda summary: report_phase(summary.line())))
    finally:
        phase_path(db_path).unlink(missing_ok=True)
        lock.release()


def _build_locked(paths: list[Path], db_path: Path, settings: Settings, fresh: bool, progress: bool | None,
                  strict: bool, report_phase: PhaseReport, on_ingested: Callable[[IngestSummary], None]) -> BuildResult:
    candidate = candidate_path(db_path)
    _phase(db_path, "preparing")
    _remove(candidate)  # left by a build that was killed
    notes: list[str] = []
    target_wal = _refuse_live_writer(db_path, fresh)
    if db_path.exists() and not fresh:
        _copy_published(db_path, candidate, target_wal)
        notes.append(f"started from the published warehouse {db_path.name}")
        if target_wal is not None:
            notes.append(f"carried {wal_path(db_path).name}, left by a process that did not finish, into the build")
    _phase(db_path, "ingesting")
    try:
        summary = run_ingest(paths, candidate, settings, progress=progress)
    except DomainFileError as err:  # a bad --topics/--actors file: one line, nothing published
        _remove(candidate)
        raise BuildFailed(f"{err}; published warehouse left unchanged") from None
    except duckdb.Error as err:
        _remove(candidate)
        raise BuildFailed(f"cannot ingest into the candidate {candidate.name}: {_first_line(err)}; published warehouse left unchanged") from None
    on_ingested(summary)
    if strict and summary.rejected:
        _remove(candidate)
        first = summary.reject_messages[0] if summary.reject_messages else ""
        raise BuildFailed(f"{summary.rejected} input(s) rejected with --strict (first: {first}); published warehouse left unchanged")
    _refuse_empty_build(summary, candidate, fresh)
    _phase(db_path, "dbt")
    dbt_summary = _run_dbt_or_fail(candidate, db_path, settings, report_phase)
    report_phase(f"dbt: {dbt_summary}")
    _phase(db_path, "validating")
    checked, quarantined = _validate_with_quarantine(candidate, db_path, settings, strict, summary.run_id, report_phase)
    _phase(db_path, "publishing")
    published = _publish(candidate, db_path, target_wal, fresh)
    report_phase(f"published {db_path}")
    return BuildResult(db_path, summary, dbt_summary, checked, notes, quarantined, published)


# --- a warehouse that yields nothing ------------------------------------------------------------------

def _refuse_empty_build(summary: IngestSummary, candidate: Path, fresh: bool) -> None:
    """No article read from any input (all missing, rejected or empty) fails the build, and so does a
    warehouse that would be empty. A build whose inputs are all unchanged, or an incremental build given
    no input at all on a warehouse that has articles (a rebuild for a new taxonomy), is fine."""
    rebuild_only = not fresh and summary.rejected == 0 and article_count(candidate) > 0
    if summary.records_seen == 0 and not rebuild_only:
        _remove(candidate)
        first = f" (first: {summary.reject_messages[0]})" if summary.reject_messages else ""
        raise BuildFailed(f"no article read from the inputs: {summary.rejected} rejected{first}; published warehouse left unchanged")
    if article_count(candidate) == 0:
        _remove(candidate)
        raise BuildFailed("the warehouse would hold no article; published warehouse left unchanged")


def _run_dbt_or_fail(candidate: Path, db_path: Path, settings: Settings, report_phase: PhaseReport,
                     extra: tuple[str, ...] = ()) -> str:
    dbt = run_dbt(["build", *extra], candidate, settings.dbt_project_dir, db_path.parent / "logs",
                  heartbeat=lambda seconds: report_phase(f"dbt: still running ({seconds:.0f} s)"),
                  heartbeat_seconds=settings.progress_log_seconds)
    if not dbt.ok:
        _keep_rejected(candidate, db_path)
        detail = dbt.failures[0] if dbt.failures else dbt.summary or "see log"
        raise BuildFailed(f"dbt build failed: {detail} (log: {dbt.log_path}); published warehouse left unchanged")
    return dbt.summary


# --- expectations, and the quarantine of failing articles ---------------------------------------------

def _validate_with_quarantine(candidate: Path, db_path: Path, settings: Settings, strict: bool, run_id: str,
                              report_phase: PhaseReport) -> tuple[int, list[QuarantinedArticle]]:
    """Run the expectations. When every failure is row-level (and not ``strict``), move the failing
    articles to raw.quarantined_articles, rebuild the marts from scratch and check again; only a
    passing second check publishes. Returns (expectations checked, quarantined articles)."""
    from ingest.publishing.validation import validate_warehouse

    report = validate_warehouse(candidate, settings.expectations_dir, settings.validation_results_kept)
    quarantined: list[QuarantinedArticle] = []
    if not report.success and not strict:
        checks = failing_articles(report)
        if checks and quarantine_allowed(len(checks), article_count(candidate), settings.quarantine_max_share):
            quarantined = quarantine_articles(candidate, checks, run_id)
            for article in quarantined:
                report_phase(f"quarantined: {article.line()}")
            if article_count(candidate) == 0:
                _keep_rejected(candidate, db_path)
                raise BuildFailed("every article failed a row-level expectation and was quarantined; published warehouse left unchanged")
            # From scratch: incremental models must not keep rows of the articles just taken out.
            report_phase(f"dbt: rebuilding the marts without the {len(quarantined)} quarantined article(s)")
            report_phase("dbt: " + _run_dbt_or_fail(candidate, db_path, settings, report_phase, ("--full-refresh",)))
            report = validate_warehouse(candidate, settings.expectations_dir, settings.validation_results_kept)
    if not report.success:
        kept = _keep_rejected(candidate, db_path)
        lines = report.summary_lines()
        hint = ""
        if strict and report.only_row_failures:
            hint = "; with --strict nothing is quarantined"
        elif not quarantined and failing_articles(report):
            hint = (f"; {len(failing_articles(report))} articles fail row-level expectations, more than the quarantine "
                    f"allows ({settings.quarantine_max_share:.0%} of the articles)")
        raise BuildFailed(
            f"expectations failed ({len(lines)}): " + "; ".join(lines[:3])
            + f"; candidate kept at {kept}; published warehouse left unchanged{hint}"
        )
    held = f", {len(quarantined)} article(s) quarantined (raw.quarantined_articles)" if quarantined else ""
    report_phase(f"expectations: {report.checked} checked, all passed{held}")
    return report.checked, quarantined


# --- the published file: live writers, a stale write-ahead log, publishing ----------------------------

def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def _first_line(err: BaseException) -> str:
    return " ".join((str(err).strip().splitlines() or [type(err).__name__])[0].split())[:300]


def _refuse_live_writer(db_path: Path, fresh: bool = False) -> tuple[int, int] | None:
    """Refuse (one line) when another process holds the published file read-write: its writes would
    be lost when the new file replaces it. Returns (size, mtime) of a write-ahead log left beside the
    file by a process that died, else None."""
    if not db_path.exists():
        return None
    try:
        con = connect(db_path, read_only=True)
    except duckdb.IOException as err:
        message = str(err)
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", message)
        who = f"process {holder.group(2)} ({Path(holder.group(1)).name})" if holder else "another process"
        if "lock" in message.lower():
            raise BuildFailed(f"{db_path} is open read-write by {who}; close that connection and build again "
                              "(the build would replace the file and lose what it writes)") from None
        if fresh:
            return _wal_state(db_path)
        raise BuildFailed(f"cannot open the published warehouse {db_path}: {_first_line(err)}; "
                          f"move it away or build with --fresh") from None
    except duckdb.Error as err:
        if fresh:  # it is replaced, not read
            return _wal_state(db_path)
        raise BuildFailed(f"cannot open the published warehouse {db_path}: {_first_line(err)}; "
                          f"move it away or build with --fresh") from None
    con.close()
    return _wal_state(db_path)


def _wal_state(db_path: Path) -> tuple[int, int] | None:
    wal = wal_path(db_path)
    if wal.exists():
        info = wal.stat()
        return info.st_size, info.st_mtime_ns
    return None


def _copy_published(db_path: Path, candidate: Path, target_wal: tuple[int, int] | None) -> None:
    """Copy the published file, and a write-ahead log a dead process left beside it (the candidate
    replays it when the ingest opens it), to the candidate."""
    shutil.copyfile(db_path, candidate)
    if target_wal is not None:
        shutil.copyfile(wal_path(db_path), wal_path(candidate))


def _checkpointed_count(candidate: Path) -> int:
    """Checkpoint the candidate (so it is one self-contained file, no .wal) and count its articles."""
    con = connect(candidate)
    try:
        con.execute("checkpoint")
        count = int(con.execute("select count(*) from raw.articles").fetchall()[0][0])
    finally:
        con.close()
    if wal_path(candidate).exists():
        raise BuildFailed(f"the candidate {candidate.name} still has a write-ahead log after a checkpoint; published warehouse left unchanged")
    return count


def _publish(candidate: Path, db_path: Path, target_wal: tuple[int, int] | None, fresh: bool) -> int:
    """Replace the published file by the candidate, then re-open it; returns its article count."""
    expected = _checkpointed_count(candidate)
    now_wal = _refuse_live_writer(db_path, fresh)
    if now_wal is not None and now_wal != target_wal:
        raise BuildFailed(f"{wal_path(db_path).name} appeared beside the published warehouse during the build "
                          "(another process wrote to it); build again so its writes are kept; published warehouse left unchanged")
    # The old log belongs to the old file (its content is in the candidate): replayed against the new
    # file it would make it unreadable. Removed before the rename, so no moment pairs them.
    wal_path(db_path).unlink(missing_ok=True)
    os.replace(candidate, db_path)
    _fsync_dir(db_path.parent)
    try:
        con = connect(db_path, read_only=True)
        try:
            found = int(con.execute("select count(*) from raw.articles").fetchall()[0][0])
        finally:
            con.close()
    except duckdb.Error as err:
        raise BuildFailed(f"the published file {db_path} does not open after publishing: {_first_line(err)}") from None
    if found != expected:
        raise BuildFailed(f"the published file {db_path} holds {found} articles after publishing, expected {expected}")
    return found


def _keep_rejected(candidate: Path, db_path: Path) -> Path:
    target = rejected_path(db_path)
    _remove(target)
    if candidate.exists():
        os.replace(candidate, target)
    return target
