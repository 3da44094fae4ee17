"""Running the pipeline over article records, in this process or in worker processes.

Workers are handed records and send back only what was extracted (plain lists of dicts), never Docs:
a processed Doc with its tok2vec tensor serialises to ~300 KB per article and has to be read back
in the main process, while its extraction is a few KB. Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from ingest.readers.records import ArticleRecord

# The pipeline of a worker process, handed over once when the worker starts (see `_adopt_pipeline`).
_worker_pipeline: Language | None = None


class WorkerFailed(RuntimeError):
    """A worker process stopped without finishing its chunk (killed, out of memory)."""


@dataclass
class Extraction:
    """What the pipeline found in one article, as the components wrote it on the Doc."""

    boilerplate: list[dict]
    mentions: list[dict]
    statements: list[dict]

    @classmethod
    def of(cls, doc: Doc) -> "Extraction":
        return cls(doc._.boilerplate or [], doc._.actor_mentions or [], doc._.statements or [])


def article_doc(nlp: Language, record: ArticleRecord) -> Doc:
    """The record as an unprocessed Doc carrying what the components read besides the text."""
    doc = nlp.make_doc(record.text)
    doc._.article_id = record.article_id
    doc._.published = record.published_at.date().isoformat() if record.published_at else None
    doc._.author = record.author
    doc._.title = record.title
    return doc


def extract(nlp: Language, records: Iterable[ArticleRecord], batch_size: int, n_process: int,
            chunk_size: int) -> Iterator[tuple[ArticleRecord, Extraction]]:
    """Each record with its extraction, in input order. Records are read lazily; workers are handed
    `chunk_size` of them at a time and run them through `nlp.pipe` in batches of `batch_size`.

    Workers are forked, so they share the loaded pipeline instead of loading the model again; where
    the platform cannot fork (Windows), everything runs in this process."""
    if n_process <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from _extract_here(nlp, records, batch_size)
        return
    context = multiprocessing.get_context("fork")
    remaining = iter(records)
    chunks = iter(lambda: list(islice(remaining, chunk_size)), [])
    lifeline = os.pipe()  # workers die when this process does (see _die_with_parent)
    pool = ProcessPoolExecutor(n_process, mp_context=context, initializer=_adopt_pipeline,
                               initargs=(nlp, os.getpid(), lifeline))
    try:
        pending: deque[tuple[list[ArticleRecord], Future]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(_extract_in_worker, chunk, batch_size)))
            if len(pending) > 2 * n_process:  # keep every worker busy, and memory bounded
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        # When the caller stops early (an error while loading, Ctrl-C), chunks not yet started are dropped.
        pool.shutdown(wait=True, cancel_futures=True)
        for fd in lifeline:
            os.close(fd)


def _extract_here(nlp: Language, records: Iterable[ArticleRecord], batch_size: int) -> Iterator[tuple[ArticleRecord, Extraction]]:
    queue: deque[ArticleRecord] = deque()

    def docs() -> Iterator[Doc]:
        for record in records:
            queue.append(record)
            yield article_doc(nlp, record)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield queue.popleft(), Extraction.of(doc)


def _collect(chunk: list[ArticleRecord], future: Future) -> Iterator[tuple[ArticleRecord, Extraction]]:
    try:
        extractions = future.result()
    except BrokenProcessPool as err:
        raise WorkerFailed(
            f"an extraction worker process stopped unexpectedly (killed, or out of memory?) while processing "
            f"{chunk[0].source_path}; articles loaded before it are kept: run again, or with --processes 1"
        ) from err
    yield from zip(chunk, extractions)


def _adopt_pipeline(nlp: Language, parent_pid: int, lifeline: tuple[int, int]) -> None:
    global _worker_pipeline
    _die_with_parent(parent_pid, lifeline)
    _worker_pipeline = nlp


def _die_with_parent(parent_pid: int, lifeline: tuple[int, int]) -> None:
    """In a worker: exit when the parent dies, even by `kill -9` (an orphaned worker would hold
    ~200 MB and the parent's pipes for good). Linux kills the worker itself (PR_SET_PDEATHSIG); on
    every platform a thread waits on a pipe whose only writer is the parent and exits at end-of-file."""
    read_end, write_end = lifeline
    os.close(write_end)  # this worker's copy; the parent holds the other
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the above took effect
        os._exit(1)

    def watch() -> None:
        try:
            os.read(read_end, 1)  # returns b"" once the parent's end is closed, i.e. the parent is gone
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=watch, name="parent-lifeline", daemon=True).start()


def _extract_in_worker(records: list[ArticleRecord], batch_size: int) -> list[Extraction]:
    assert _worker_pipeline is not None, "worker started without a pipeline"
    return [extraction for _, extraction in _extract_here(_worker_pipeline, records, batch_size)]
