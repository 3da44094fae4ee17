"""The taxonomy in effect for a run: a user's topics file, else the bundled seed."""

from __future__ import annotations

from pathlib import Path

from ingest.gazetteer.lookup import Topic, load_topics


def load_taxonomy(seeds_dir: Path | str, topics_path: Path | str | None = None) -> list[Topic]:
    """The topics of `topics_path` (checked: see `read_topics_file`) when given, else of `seeds_dir`."""
    if topics_path:
        from ingest.domain.files import read_topics_file

        return read_topics_file(Path(topics_path))
    return load_topics(Path(seeds_dir))
