"""The temporary seeds folder `stance eval` uses to score a gold set with its own taxonomy."""

from __future__ import annotations

from pathlib import Path

from ingest.evaluation.taxonomy import seeds_with_topics


def test_topics_are_replaced_and_the_rest_kept(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "topics.csv").write_text("topic_id,label\nold,Old\n", encoding="utf-8")
    (seeds / "actors.csv").write_text("actor_id\nstate:FRA\n", encoding="utf-8")
    own = tmp_path / "mine.csv"
    own.write_text("topic_id,label\nnew,New\n", encoding="utf-8")
    with seeds_with_topics(seeds, own) as folder:
        assert (folder / "topics.csv").read_text(encoding="utf-8") == "topic_id,label\nnew,New\n"
        assert (folder / "actors.csv").read_text(encoding="utf-8") == "actor_id\nstate:FRA\n"
        made = Path(folder)
    assert not made.exists()  # removed on exit
    assert (seeds / "topics.csv").read_text(encoding="utf-8") == "topic_id,label\nold,Old\n"  # the original untouched
