"""`make bench`: `stance ingest` words/s against bare `nlp.pipe` with the full model, on the same real articles.

Prints figures; it is not a test. Reads the third-party articles from ../shared/data at run time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy

from ingest.ingestion import run_ingest
from ingest.readers import ArticleRecord, read_inputs
from ingest.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=load_settings().real_data_dir, help="folder or file of articles")
    parser.add_argument("--processes", type=int, default=2, help="worker processes for stance ingest")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the benchmark reads third-party articles at run time)")
        return 0
    settings = load_settings(n_process=args.processes)
    texts = [r.text for r in read_inputs([args.data]) if isinstance(r, ArticleRecord)]
    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)}, words: {words}")

    nlp = spacy.load(settings.spacy_model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    bare = words / (time.perf_counter() - start)
    print(f"bare nlp.pipe, full model, 1 process, batch 64: {bare:,.0f} words/s")

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = run_ingest([args.data], Path(tmp) / "bench.duckdb", settings, progress=False)
        elapsed = time.perf_counter() - start
    ours = summary.words / elapsed
    print(f"stance ingest ({args.processes} processes, read + extract + load, model load included): {ours:,.0f} words/s "
          f"({summary.articles_loaded} articles, {summary.statements} statements, {elapsed:.1f} s)")
    print(f"ratio: {ours / bare:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
