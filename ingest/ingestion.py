"""Running the ingest: read inputs → extract with spaCy → load the raw schema, in bounded batches.

Memory stays flat: records stream from the readers through the pipeline (in this process, or in
worker processes: ``ingest/extraction/workers.py``) and are written every ``load_every`` articles.
Unchanged articles (same id, same content hash) are not processed again.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.extraction.pipeline import build_pipeline
from ingest.extraction.workers import extract
from ingest.loading.rows import article_row, extraction_rows
from ingest.loading.writer import RawWriter, now_utc
from ingest.readers import ArticleRecord, Reject, read_inputs
from ingest.readers.records import Notice
from ingest.settings import Settings


@dataclass
class IngestSummary:
    run_id: str
    records_seen: int = 0
    articles_loaded: int = 0
    articles_unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    statements: int = 0
    files_seen: int = 0
    seconds: float = 0.0
    words: int = 0
    reject_messages: list[str] = field(default_factory=list)
    # Notices about whole files (columns not read, files skipped), as "path: message" lines.
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.articles_loaded / self.seconds if self.seconds else 0.0
        return (
            f"ingest {self.run_id}: {self.articles_loaded} articles loaded, {self.articles_unchanged} unchanged, "
            f"{self.statements} statements, {self.rejected} rejected, {self.warnings} warnings "
            f"({self.seconds:.1f} s, {rate:.1f} articles/s)"
        )


def _progress_enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class _Progress:
    """Articles/s on a terminal (a live bar); elsewhere (logs, CI) a line on stderr every
    ``log_seconds``; nothing with ``enabled=False``."""

    def __init__(self, enabled: bool | None, log_seconds: float = 60.0) -> None:
        self.bar = _progress_enabled() if enabled is None else enabled
        self.log = enabled is None and not self.bar
        self.log_seconds = log_seconds
        self._progress = None
        self._task = None
        self._start = time.perf_counter()
        self._logged = self._start
        self._done = 0

    def __enter__(self) -> "_Progress":
        if self.bar:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} articles"),
                                      TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(), transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("ingesting", total=None, rate=0.0)
        return self

    def advance(self, count: int) -> None:
        self._done += count
        now = time.perf_counter()
        rate = self._done / max(now - self._start, 1e-6)
        if self._progress is not None:
            self._progress.advance(self._task, count)
            self._progress.update(self._task, rate=rate)
        elif self.log and now - self._logged >= self.log_seconds:
            self._logged = now
            print(f"ingesting: {self._done} articles so far ({now - self._start:.0f} s, {rate:.1f} articles/s)",
                  file=sys.stderr, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


def extractor_version(settings: Settings) -> str:
    """A fingerprint of everything that decides extraction: component code, word lists, seeds, model.

    An article whose text and fingerprint are unchanged is not processed again; when the extractor
    changes, every article is re-extracted on the next ingest.
    """
    digest = hashlib.sha1(settings.spacy_model.encode())
    extraction_dir = Path(__file__).resolve().parent / "extraction"
    for path in sorted(extraction_dir.glob("*.py")) + sorted(settings.seeds_dir.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def run_ingest(paths: Iterable[Path], db_path: Path, settings: Settings, nlp=None, progress: bool | None = None) -> IngestSummary:
    """Ingest the given files and folders into ``db_path`` (idempotent)."""
    paths = list(paths)
    run_id = now_utc().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    summary = IngestSummary(run_id=run_id)
    started = now_utc()
    clock = time.perf_counter()
    if nlp is None:
        nlp = build_pipeline(settings.spacy_model, settings.seeds_dir)
    version = extractor_version(settings)
    with RawWriter(db_path, settings.storage_compatibility_version) as writer, _Progress(progress, settings.progress_log_seconds) as bar:
        pending_rejects: list[dict] = []
        pending_warnings: list[dict] = []
        seen_ids: dict[str, str] = {}
        files: set[str] = set()

        def keep_reject(reject: Reject) -> None:
            summary.rejected += 1
            location = reject.source_path + (f" record {reject.record_number}" if reject.record_number else "")
            summary.reject_messages.append(f"{location}: {reject.message}")
            pending_rejects.append({"run_id": run_id, "source_path": reject.source_path, "record_number": reject.record_number,
                                    "reason": reject.reason, "message": reject.message, "excerpt": reject.excerpt, "rejected_at": now_utc()})

        def keep_warning(record: ArticleRecord, kind: str, message: str) -> None:
            summary.warnings += 1
            pending_warnings.append({"run_id": run_id, "source_path": record.source_path, "record_number": record.record_number,
                                     "article_id": record.article_id, "kind": kind, "message": message, "warned_at": now_utc()})

        def records_to_process() -> Iterator[ArticleRecord]:
            batch: list[ArticleRecord] = []

            def release(batch: list[ArticleRecord]) -> Iterator[ArticleRecord]:
                known = writer.known_hashes([r.article_id for r in batch if r.article_id not in seen_ids])
                for record in batch:
                    previous = seen_ids.get(record.article_id) or known.get(record.article_id)
                    fingerprint = f"{record.content_hash}/{version}"
                    if previous == fingerprint:
                        summary.articles_unchanged += 1
                        seen_ids[record.article_id] = fingerprint
                        continue
                    if previous is not None and previous.split("/")[0] != record.content_hash:
                        where = "earlier in this run" if record.article_id in seen_ids else "in the warehouse"
                        keep_warning(record, "replaced", f"article {record.article_id} {where} had different content; replaced by {record.source_path} record {record.record_number}")
                    seen_ids[record.article_id] = fingerprint
                    yield record

            for item in read_inputs(paths, settings.max_file_bytes, settings.csv_columns, settings.max_text_chars):
                if isinstance(item, Notice):
                    summary.notes.append(f"{item.source_path}: {item.message}")
                    continue
                if isinstance(item, Reject):
                    files.add(item.source_path)
                    keep_reject(item)
                    continue
                files.add(item.source_path)
                summary.records_seen += 1
                for kind, message in item.warnings:
                    keep_warning(item, kind, message)
                batch.append(item)
                if len(batch) >= settings.batch_size:
                    yield from release(batch)
                    batch = []
            yield from release(batch)

        buffers: dict[str, list[dict]] = {"articles": [], "mentions": [], "statements": [], "boilerplate": []}

        def flush() -> None:
            writer.replace_articles(buffers["articles"], buffers["mentions"], buffers["statements"], buffers["boilerplate"])
            writer.record_rejects(pending_rejects)
            writer.record_warnings(pending_warnings)
            for rows in buffers.values():
                rows.clear()
            pending_rejects.clear()
            pending_warnings.clear()

        for record, extraction in extract(nlp, records_to_process(), settings.batch_size, settings.n_process, settings.worker_chunk_size):
            if any(a["article_id"] == record.article_id for a in buffers["articles"]):
                # The same id twice in one batch: the newer record replaces the older one.
                summary.statements -= sum(1 for r in buffers["statements"] if r["article_id"] == record.article_id)
                for rows in buffers.values():
                    rows[:] = [r for r in rows if r["article_id"] != record.article_id]
                summary.articles_loaded -= 1
            mentions, statements, boilerplate = extraction_rows(record, extraction, run_id)
            buffers["articles"].append(article_row(record, run_id, version))
            buffers["mentions"].extend(mentions)
            buffers["statements"].extend(statements)
            buffers["boilerplate"].extend(boilerplate)
            summary.articles_loaded += 1
            bar.advance(1)
            summary.statements += len(statements)
            summary.words += len(record.text.split())
            if len(buffers["articles"]) >= settings.load_every:
                flush()
        flush()
        summary.files_seen = len(files)
        summary.seconds = time.perf_counter() - clock
        writer.record_run({
            "run_id": run_id, "started_at": started, "finished_at": now_utc(), "paths": " ".join(str(p) for p in paths),
            "model": settings.spacy_model, "files_seen": summary.files_seen, "records_seen": summary.records_seen,
            "articles_loaded": summary.articles_loaded, "articles_unchanged": summary.articles_unchanged,
            "rejected": summary.rejected, "warnings": summary.warnings, "statements": summary.statements, "status": "ok",
        })
    return summary
