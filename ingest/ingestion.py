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
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from ingest.domain.files import UserActors, actor_rows, file_digest, read_actors_file, topic_rows
from ingest.domain.taxonomy import load_taxonomy
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
    # Stored articles extracted again because the taxonomy or actors in effect changed.
    articles_reextracted: int = 0
    # What the run did about the domain (taxonomy in effect, re-extraction) and a warning on its fit.
    domain_notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.articles_loaded / self.seconds if self.seconds else 0.0
        return (
            f"ingest {self.run_id}: {self.articles_loaded} articles loaded, {self.articles_unchanged} unchanged, "
            + (f"{self.articles_reextracted} extracted again, " if self.articles_reextracted else "")
            + f"{self.statements} statements, {self.rejected} rejected, {self.warnings} warnings "
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
    for path in (settings.topics_path, settings.actors_path):  # a user's taxonomy and actors
        digest.update(b"\x1e" + (path.read_bytes() if path is not None else b""))
    return digest.hexdigest()[:12]


def domain_digest(settings: Settings) -> str:
    """A fingerprint of the taxonomy and actors in effect (bundled seeds and the user's files)."""
    return file_digest(settings.taxonomy_path, settings.seeds_dir / "actors.csv", settings.seeds_dir / "actor_roles.csv",
                       settings.actors_path)


def _stored_record(row: dict) -> ArticleRecord:
    """A stored article (raw.articles row) as a record to extract again."""
    return ArticleRecord(article_id=row["article_id"], title=row["title"], text=row["text"],
                         published_at=row["published_at"], source=row["source"], url=row["url"], author=row["author"],
                         source_path=row["source_path"] or "", record_number=int(row["record_number"] or 0), id_given=True)


def _fit_warning(statements: int, unassigned: int, taxonomy: Path) -> str | None:
    """A warning when most statements match no topic: the taxonomy does not fit the corpus."""
    if statements < 5 or unassigned * 2 <= statements:
        return None
    return (f"warning: {unassigned} of {statements} statements ({unassigned / statements:.0%}) match no topic of "
            f"{taxonomy}: the taxonomy may not fit these articles (add match_terms; raw.statements.topic_key_phrase "
            f"shows what the unassigned ones are about)")


def run_ingest(paths: Iterable[Path], db_path: Path, settings: Settings, nlp=None, progress: bool | None = None) -> IngestSummary:
    """Ingest the given files and folders into ``db_path`` (idempotent)."""
    paths = list(paths)
    run_id = now_utc().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    summary = IngestSummary(run_id=run_id)
    started = now_utc()
    clock = time.perf_counter()
    topics = load_taxonomy(settings.seeds_dir, settings.topics_path)  # a bad file stops here, with one line
    user_actors = read_actors_file(settings.actors_path) if settings.actors_path is not None else UserActors()
    if nlp is None:
        nlp = build_pipeline(settings.spacy_model, settings.seeds_dir, topics_path=settings.topics_path,
                             actors_path=settings.actors_path)
    version = extractor_version(settings)
    domain = domain_digest(settings)
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

        # A taxonomy or actors change must not leave stored articles with stale topics and speakers: those
        # not in this input are extracted again from their stored text (after the input).
        previous_domain = writer.last_domain_digest()
        if previous_domain is None and writer.article_count():
            previous_domain = domain_digest(replace(settings, topics_path=None, actors_path=None))  # older runs: bundled
        domain_changed = previous_domain is not None and previous_domain != domain
        stored_hashes: dict[str, str] = {}

        def stored_to_reextract() -> Iterator[ArticleRecord]:
            if not domain_changed:
                return
            stale = [a for a in writer.articles_extracted_otherwise(version) if a not in seen_ids]
            for start in range(0, len(stale), settings.load_every):
                for row in writer.stored_articles(stale[start:start + settings.load_every]):
                    if row["article_id"] in seen_ids:
                        continue
                    record = _stored_record(row)
                    seen_ids[record.article_id] = f"{row['content_hash']}/{version}"
                    stored_hashes[record.article_id] = row["content_hash"]
                    summary.articles_reextracted += 1
                    yield record

        buffers: dict[str, list[dict]] = {"articles": [], "mentions": [], "statements": [], "boilerplate": []}

        def flush() -> None:
            writer.replace_articles(buffers["articles"], buffers["mentions"], buffers["statements"], buffers["boilerplate"])
            writer.record_rejects(pending_rejects)
            writer.record_warnings(pending_warnings)
            for rows in buffers.values():
                rows.clear()
            pending_rejects.clear()
            pending_warnings.clear()

        writer.record_domain(topic_rows(topics, str(settings.taxonomy_path), run_id, domain),
                             *actor_rows(user_actors, str(settings.actors_path or ""), run_id))
        for record, extraction in extract(nlp, chain(records_to_process(), stored_to_reextract()), settings.batch_size, settings.n_process, settings.worker_chunk_size):
            if any(a["article_id"] == record.article_id for a in buffers["articles"]):
                # The same id twice in one batch: the newer record replaces the older one.
                summary.statements -= sum(1 for r in buffers["statements"] if r["article_id"] == record.article_id)
                for rows in buffers.values():
                    rows[:] = [r for r in rows if r["article_id"] != record.article_id]
                summary.articles_loaded -= 1
            mentions, statements, boilerplate = extraction_rows(record, extraction, run_id)
            row = article_row(record, run_id, version)
            if record.article_id in stored_hashes:  # extracted again: the stored version is kept as it was
                row["content_hash"] = stored_hashes.pop(record.article_id)
            buffers["articles"].append(row)
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
        summary.articles_loaded -= summary.articles_reextracted  # counted on their own
        if settings.topics_path is not None:
            summary.domain_notes.append(f"taxonomy: {len(topics)} topics from {settings.topics_path}")
        if settings.actors_path is not None:
            summary.domain_notes.append(f"actors: {len(user_actors.actors)} actors and {len(user_actors.roles)} roles from {settings.actors_path} on top of the gazetteer")
        if domain_changed:
            summary.domain_notes.append(f"the taxonomy or actors changed since the last ingest: {summary.articles_reextracted} stored "
                                 f"article(s) extracted again so that no statement keeps a stale topic or speaker")
        total, unassigned = writer.statement_topic_counts()
        warning = _fit_warning(total, unassigned, settings.taxonomy_path)
        if warning:
            summary.domain_notes.append(warning)
        summary.files_seen = len(files)
        summary.seconds = time.perf_counter() - clock
        writer.record_run({
            "run_id": run_id, "started_at": started, "finished_at": now_utc(), "paths": " ".join(str(p) for p in paths),
            "model": settings.spacy_model, "files_seen": summary.files_seen, "records_seen": summary.records_seen,
            "articles_loaded": summary.articles_loaded, "articles_unchanged": summary.articles_unchanged,
            "rejected": summary.rejected, "warnings": summary.warnings, "statements": summary.statements, "status": "ok",
        })
    return summary
