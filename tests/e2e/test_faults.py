"""Faults around the whole build, through the real `stance build` command in real processes.

Killed builds (SIGKILL at each phase), two builds at once, an analyst holding the warehouse open, and
identical rebuilds. Every build here is a real subprocess: real spaCy pipeline, real DuckDB files,
real dbt and the real Great Expectations checkpoint. Nothing is mocked.

The builds are small (two files of the sample corpus) and shared through module fixtures so the whole
file runs in about two minutes:

- ``reference``: a fresh, uninterrupted build of both files — what every other build must converge to;
- ``base``: a published warehouse built from the first file only — what a killed build must leave alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingest.settings import PROJECT_ROOT

FIRST = PROJECT_ROOT / "data" / "articles" / "meridian" / "2025-02-13.json"
SECOND = PROJECT_ROOT / "data" / "articles" / "baltic" / "ledger-2025q1.jsonl"
BOTH = [FIRST, SECOND]
MARTS = ("dim_actors", "dim_articles", "dim_topics", "fct_actor_stances", "fct_actor_topic_edges",
         "fct_stance_changes", "fct_statements")
BUILD_TIMEOUT = 180  # seconds; a build of these two files takes about 15 s


# --- helpers --------------------------------------------------------------------------------------


def _stance_command() -> list[str]:
    script = Path(sys.executable).with_name("stance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ingest.cli"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANCE_")}
    env["CI"] = "1"
    return env


OFFLINE = ["unshare", "--net", "--map-root-user", "--"]  # a new network namespace: no interface but a down loopback


def start_build(db: Path, inputs: list[Path], *extra: str, offline: bool = False) -> subprocess.Popen:
    """`stance build <inputs> --db <db> --no-plots` in its own process group (so leftovers can be reaped)."""
    prefix = OFFLINE if offline else []
    return subprocess.Popen([*prefix, *_stance_command(), "build", *map(str, inputs), "--db", str(db), "--no-plots", "--no-report", *extra],
                            env=_env(), cwd=db.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    ended: float  # time.monotonic() when the process was seen to end


def finish(proc: subprocess.Popen, timeout: float = BUILD_TIMEOUT) -> Finished:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        reap(proc)
        out, err = proc.communicate()
        pytest.fail(f"build did not finish within {timeout} s:\n{err[-2000:]}")
    return Finished(proc.returncode, out, err, time.monotonic())


def reap(proc: subprocess.Popen) -> None:
    """Kill what is left of a build this test started (its process group: the build and its dbt child)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def build(db: Path, inputs: list[Path], *extra: str) -> Finished:
    result = finish(start_build(db, inputs, *extra))
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    return result


def phase_file(db: Path) -> Path:
    return db.with_name(db.name + ".build-phase")


def wait_for_phase(db: Path, wanted: str, proc: subprocess.Popen, since_ns: int, timeout: float = 120,
                   best_effort: bool = False) -> bool:
    """Poll `<db>.build-phase` until this build (not a killed earlier one) shows `wanted`.

    Returns False only with ``best_effort`` when the build finished (exit 0) before the phase was seen.
    """
    path = phase_file(db)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            fresh = path.stat().st_mtime_ns >= since_ns
            current = path.read_text(encoding="utf-8").strip() if fresh else None
        except FileNotFoundError:
            current = None
        if current == wanted:
            return True
        if proc.poll() is not None:
            _, err = proc.communicate()
            if best_effort and proc.returncode == 0:
                return False
            pytest.fail(f"build ended (exit {proc.returncode}) before reaching phase {wanted!r}:\n{err[-2000:]}")
        if not best_effort:
            time.sleep(0.002)  # a polling interval, not an assertion; best effort polls without pause
    pytest.fail(f"build never reached phase {wanted!r} within {timeout} s")


def kill_at(db: Path, inputs: list[Path], wanted: str, best_effort: bool = False) -> bool:
    """Start a build, SIGKILL its process as soon as it is in phase `wanted`; True when it was killed."""
    since = time.time_ns() - 5_000_000  # mtime granularity slack; the stale file of a killed build is older
    proc = start_build(db, inputs)
    _ORPHANED.append(proc)  # its dbt child (if any) is left running, as after a real `kill -9`; reaped at the end
    if best_effort:
        wait_for_phase(db, "validating", proc, since)
    if not wait_for_phase(db, wanted, proc, since, best_effort=best_effort):
        return False
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    return proc.returncode == -signal.SIGKILL


_ORPHANED: list[subprocess.Popen] = []


@pytest.fixture(scope="module", autouse=True)
def _reap_orphans():
    yield
    for proc in _ORPHANED:
        reap(proc)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def marts_checksums(db: Path) -> dict[str, tuple[int, str]]:
    """Row count and md5 of every marts table's rows (each row as text, ordered by all columns), read-only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        sums = {}
        for table in MARTS:
            sums[table] = con.execute(
                f"select count(*), md5(coalesce(string_agg(t::varchar, chr(10) order by t::varchar), '')) from marts.{table} t"
            ).fetchone()
        return sums
    finally:
        con.close()


def statements_checksum(db: Path) -> tuple[int, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*), md5(coalesce(string_agg(s::varchar, chr(10) order by statement_id), '')) "
                           "from marts.fct_statements s").fetchone()
    finally:
        con.close()


# --- shared builds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The reference build (both files, fresh) and the base build (first file, with no network), side by side."""
    ref_db = tmp_path_factory.mktemp("reference") / "w.duckdb"
    base_db = tmp_path_factory.mktemp("base") / "w.duckdb"
    ref_proc = start_build(ref_db, BOTH, "--fresh")
    base_proc = start_build(base_db, [FIRST], "--fresh", offline=True)
    for name, proc in (("reference", ref_proc), ("base", base_proc)):
        result = finish(proc)
        assert result.returncode == 0, f"{name} build failed:\n{result.stderr[-3000:]}"
    reference = marts_checksums(ref_db)
    base = marts_checksums(base_db)
    assert reference["fct_statements"][0] > base["fct_statements"][0] > 0
    assert reference["dim_articles"][0] == 8 and base["dim_articles"][0] == 1
    return {"reference_db": ref_db, "reference": reference, "base_db": base_db, "base": base}


def published_copy_of_base(shared, tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    shutil.copyfile(shared["base_db"], db)
    return db


def test_build_needs_no_network(shared):
    # The base build ran in its own network namespace (see `shared`); there, nothing can be reached.
    probe = subprocess.run([*OFFLINE, sys.executable, "-c",
                            "import socket; socket.create_connection(('1.1.1.1', 443), timeout=3)"],
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0 and ("unreachable" in probe.stderr or "OSError" in probe.stderr), probe.stderr
    assert shared["base"]["fct_statements"][0] > 0 and shared["base"]["dim_articles"][0] == 1


# --- 1. killed builds ----------------------------------------------------------------------------------


def test_killed_build_leaves_published_warehouse_whole_and_next_build_converges(shared, tmp_path):
    db = published_copy_of_base(shared, tmp_path)
    before_bytes = file_digest(db)
    before_statements = statements_checksum(db)

    for phase in ("ingesting", "dbt", "validating"):
        assert kill_at(db, BOTH, phase), f"the build was not killed while {phase}"
        assert file_digest(db) == before_bytes, f"published file changed by a build killed while {phase}"
        assert statements_checksum(db) == before_statements, f"killed while {phase}"
        assert marts_checksums(db) == shared["base"], f"killed while {phase}"
        assert not db.with_name(db.name + ".wal").exists()

    # The published warehouse answers `stance query` (read-only) after the kills.
    query = subprocess.run([*_stance_command(), "query", "select count(*) as n from marts.dim_articles", "--db", str(db),
                            "--format", "csv"], env=_env(), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert query.returncode == 0 and query.stdout.split() == ["n", "1"], query.stderr
    assert "Traceback" not in query.stderr

    # Best effort at the publishing step (os.replace + fsync take microseconds): the published file is
    # then either the old warehouse or the new one, never anything in between.
    kill_at(db, BOTH, "publishing", best_effort=True)
    assert marts_checksums(db) in (shared["base"], shared["reference"])

    result = build(db, BOTH)
    assert result.stdout.strip().splitlines()[-1] == f"published {db.resolve()}"
    assert marts_checksums(db) == shared["reference"]
    assert not db.with_name(db.name + ".tmp").exists(), "stale candidate of a killed build left behind"
    assert not phase_file(db).exists()


# --- 2. two builds at once --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def concurrent(shared, tmp_path_factory):
    """A fresh build (first); while it runs a second build without --wait, then a third with --wait 120."""
    db = tmp_path_factory.mktemp("concurrent") / "w.duckdb"
    since = time.time_ns() - 5_000_000
    first = start_build(db, BOTH, "--fresh")
    try:
        wait_for_phase(db, "ingesting", first, since)
        started = time.monotonic()
        refused = subprocess.run([*_stance_command(), "build", *map(str, BOTH), "--db", str(db), "--no-plots"],
                                 env=_env(), cwd=db.parent, capture_output=True, text=True, timeout=120)
        refused_seconds = time.monotonic() - started
        first_running_when_refused = first.poll() is None
        waiting = start_build(db, BOTH, "--wait", "120")
        first_result = finish(first)
        fresh_marts = marts_checksums(db)  # the waiting build needs ~15 s before it can publish
        waiting_result = finish(waiting)
    finally:
        reap(first)
    return {"db": db, "refused": refused, "refused_seconds": refused_seconds,
            "first_running_when_refused": first_running_when_refused, "first": first_result,
            "fresh_marts": fresh_marts, "waiting": waiting_result, "final_marts": marts_checksums(db)}


def test_second_build_is_refused_quickly_with_one_line(concurrent):
    refused = concurrent["refused"]
    assert refused.returncode != 0
    assert concurrent["first_running_when_refused"], "the refused build should have ended while the first still ran"
    assert concurrent["refused_seconds"] < 20
    assert "Traceback" not in refused.stderr
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, refused.stderr
    assert "another build" in lines[0] and "is running" in lines[0]
    assert "published" not in refused.stdout
    first = concurrent["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stderr


def test_second_build_with_wait_runs_after_the_first(concurrent):
    first, waiting = concurrent["first"], concurrent["waiting"]
    assert waiting.returncode == 0, waiting.stderr[-3000:]
    assert "Traceback" not in waiting.stderr
    assert waiting.ended >= first.ended
    # It started from what the first build published: all 8 articles unchanged, none loaded again.
    ingest_line = next(line for line in waiting.stdout.splitlines() if line.startswith("ingest "))
    assert ": 0 articles loaded, 8 unchanged" in ingest_line


# --- 3. an analyst holding the warehouse open ----------------------------------------------------------

_READER = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
q = "select count(*), md5(coalesce(string_agg(s::varchar, chr(10) order by statement_id), '')) from marts.fct_statements s"
print('open', *con.execute(q).fetchone(), flush=True)
sys.stdin.readline()
print('after', *con.execute(q).fetchone(), flush=True)
"""


def test_reader_holding_the_warehouse_never_makes_a_build_fail(shared, tmp_path):
    db = published_copy_of_base(shared, tmp_path)
    before = statements_checksum(db)
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        opened = reader.stdout.readline().split()
        assert opened[0] == "open", reader.stderr.read() if reader.poll() is not None else opened
        result = build(db, BOTH)  # the whole build runs while the reader holds its connection
        assert reader.poll() is None, "the reader was disturbed by the build"
        reader.stdin.write("\n")
        reader.stdin.flush()
        after = reader.stdout.readline().split()
    finally:
        reader.kill()
        reader.wait()
    assert "published" in result.stdout
    assert opened[1:] == [str(before[0]), before[1]]
    assert after[1:] == opened[1:]  # the open connection keeps its snapshot of the old file
    assert marts_checksums(db) == shared["reference"]  # new readers see the new warehouse


# --- 4. identical rebuilds ----------------------------------------------------------------------------


def test_rebuilds_of_the_same_input_give_identical_marts(shared, concurrent):
    # --fresh twice into different files: the reference build and the first build of `concurrent`.
    assert concurrent["fresh_marts"] == shared["reference"]
    # An incremental second build into the same file (the --wait build, same input, all unchanged).
    assert concurrent["final_marts"] == shared["reference"]
