"""A seeds folder with another taxonomy: the bundled seeds with `topics.csv` replaced.

`stance eval` scores the Wikinews gold with the set's own taxonomy (`tests/gold/wikinews/topics.csv`),
as a user with their own topics would run the extractor; everything else (actors, roles) stays the
bundled gazetteer.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def seeds_with_topics(seeds_dir: Path, topics_csv: Path) -> Iterator[Path]:
    """A temporary copy of `seeds_dir` whose topics.csv is `topics_csv`; removed on exit."""
    with tempfile.TemporaryDirectory(prefix="stance-eval-seeds-") as tmp:
        folder = Path(tmp) / "seeds"
        shutil.copytree(seeds_dir, folder)
        shutil.copyfile(topics_csv, folder / "topics.csv")
        yield folder
