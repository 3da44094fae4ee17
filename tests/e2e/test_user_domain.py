"""A user's own domain end to end: `stance init`, `stance build --project` with a small taxonomy and
actors file on real Wikinews articles, and a taxonomy change that leaves no stale topics."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ingest.publishing.build import build_warehouse
from ingest.settings import PROJECT_ROOT, load_settings
from tests.fixtures.queries import query_rows

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "wikinews"


def _stance(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("stance")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ingest.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANCE_")}
    env["CI"] = "1"
    return subprocess.run([*command, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def _split_articles(tmp_path: Path) -> tuple[Path, Path]:
    lines = (FIXTURES / "auto_industry.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:4]), encoding="utf-8")
    second.write_text(lines[4], encoding="utf-8")
    return first, second


def test_a_project_builds_with_its_own_taxonomy_and_actors(tmp_path):
    project = tmp_path / "autos"
    first, second = _split_articles(tmp_path)
    init = _stance("init", str(project), cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    shutil.copyfile(FIXTURES / "topics.csv", project / "topics.csv")
    shutil.copyfile(FIXTURES / "actors.csv", project / "actors.csv")
    built = _stance("build", "--project", str(project), str(first), "--no-plots", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert f"note: taxonomy: 2 topics from {project / 'topics.csv'}" in built.stdout
    db = project / "warehouse" / "stance.duckdb"
    assert db.exists()

    topics = dict(query_rows(db, "select topic_id, statement_count from marts.dim_topics"))
    assert set(topics) == {"auto_bailout", "bankruptcy", "unassigned"}  # no bundled Ukraine-war topic
    assert topics["auto_bailout"] >= 3 and topics["bankruptcy"] >= 1
    assert query_rows(db, "select count(*) from marts.fct_statements where topic not in ('auto_bailout', 'bankruptcy', 'unassigned')")[0][0] == 0
    # the senate vote: "The bill was rejected after bipartisan discussions on the bailout broke down"
    assert query_rows(db, "select count(*) from marts.fct_statements where topic = 'auto_bailout' and evidence like '%bailout%'")[0][0] >= 1
    # the user's actors: ids from their names, speaking in the statements
    actors = dict(query_rows(db, "select actor_id, actor_type from marts.dim_actors where actor_id in "
                                 "('org:general-motors', 'org:chrysler', 'org:united-auto-workers')"))
    assert actors == {"org:general-motors": "organisation", "org:chrysler": "organisation", "org:united-auto-workers": "organisation"}
    assert query_rows(db, "select count(*) from marts.fct_statements where actor_id = 'org:united-auto-workers'")[0][0] >= 1
    recorded = query_rows(db, "select topic_id, source_path from raw.taxonomy order by position")
    assert recorded == [("auto_bailout", str(project / "topics.csv")), ("bankruptcy", str(project / "topics.csv"))]

    # A third topic: the stored articles are extracted again, none keeps a topic from the old taxonomy.
    with (project / "topics.csv").open("a", encoding="utf-8") as handle:
        handle.write('gm_restructuring,GM restructuring,"Plant closures, brands sold, government ownership.",'
                     "government ownership|new gm|plant closures|dealerships,,,,\n")
    settings = load_settings(topics_path=project / "topics.csv", actors_path=project / "actors.csv")
    result = build_warehouse([second], db, settings, progress=False)
    assert result.ingest.articles_loaded == 1 and result.ingest.articles_reextracted == 4
    assert any("4 stored article(s) extracted again" in note for note in result.ingest.domain_notes)
    versions = query_rows(db, "select count(distinct extractor_version) from raw.articles")[0][0]
    assert versions == 1  # every article by the extractor with the new taxonomy
    topics = dict(query_rows(db, "select topic_id, statement_count from marts.dim_topics"))
    assert set(topics) == {"auto_bailout", "bankruptcy", "gm_restructuring", "unassigned"} and topics["gm_restructuring"] >= 1
    # the article text, hash and ids are those stored: a rebuild of the first file changes nothing
    again = build_warehouse([first], db, settings, progress=False)
    assert again.ingest.articles_unchanged == 4 and again.ingest.articles_loaded == 0 and again.ingest.articles_reextracted == 0


def test_back_to_the_bundled_taxonomy_reassigns_and_warns_when_most_is_unassigned(tmp_path):
    first, _ = _split_articles(tmp_path)
    db = tmp_path / "w.duckdb"
    build_warehouse([first], db, load_settings(topics_path=FIXTURES / "topics.csv"), fresh=True, progress=False)
    result = build_warehouse([], db, load_settings(), progress=False)  # no new input, the bundled taxonomy
    assert result.ingest.articles_reextracted == 4
    # the Ukraine-war taxonomy does not fit auto-industry news: the summary says so
    assert any(note.startswith("warning:") and "match no topic" in note for note in result.ingest.domain_notes)
    assert query_rows(db, "select count(*) from marts.fct_statements where topic in ('auto_bailout', 'bankruptcy')")[0][0] == 0


def test_a_bad_taxonomy_stops_the_build_with_one_line(tmp_path):
    bad = tmp_path / "topics.csv"
    bad.write_text("topic_id,label,match_terms\nMinimum Wage,W,wage\n", encoding="utf-8")
    result = _stance("build", "--topics", str(bad), "--db", str(tmp_path / "w.duckdb"), str(FIXTURES / "auto_industry.jsonl"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: topics file") and "must be snake_case" in line
    assert not (tmp_path / "w.duckdb").exists()
    missing = _stance("ingest", "--project", str(tmp_path / "nope"), str(bad), cwd=tmp_path)
    assert missing.returncode == 2 and "stance init" in missing.stderr and "Traceback" not in missing.stderr
