"""Step 1 of the pipeline: read input files into article records (or recorded rejects)."""

from ingest.readers.discover import read_inputs
from ingest.readers.records import ArticleRecord, Reject

__all__ = ["ArticleRecord", "Reject", "read_inputs"]
