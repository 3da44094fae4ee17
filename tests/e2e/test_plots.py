"""Stance timeline PNGs drawn from the sample warehouse."""

from __future__ import annotations

import duckdb
import pytest

from ingest.access.plots import plot_all_topics, plot_topic_timeline

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _image_size(path):
    from matplotlib import image

    pixels = image.imread(path)
    return pixels.shape[1], pixels.shape[0]


def _plottable_topics(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select distinct s.topic from marts.fct_statements s join marts.dim_topics t on t.topic_id = s.topic "
            "where s.is_canonical and s.actor_id is not null and s.statement_date is not null order by 1"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_topic_timeline_is_a_real_png(sample_warehouse, tmp_path):
    out = tmp_path / "nested" / "peacekeeping.png"
    result = plot_topic_timeline(sample_warehouse, "peacekeeping_force", out)
    assert result == out and out.is_file()
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 10_000
    width, height = _image_size(out)
    assert 800 <= width <= 4000 and 400 <= height <= 6000
    assert [p.name for p in out.parent.iterdir()] == ["peacekeeping.png"]  # no temp file left behind


def test_existing_file_is_replaced(sample_warehouse, tmp_path):
    out = tmp_path / "t.png"
    out.write_bytes(b"old")
    plot_topic_timeline(sample_warehouse, "peacekeeping_force", out)
    assert out.read_bytes()[:8] == PNG_MAGIC


def test_unknown_topic_raises_value_error(sample_warehouse, tmp_path):
    with pytest.raises(ValueError, match="unknown topic 'no_such_topic'") as info:
        plot_topic_timeline(sample_warehouse, "no_such_topic", tmp_path / "x.png")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "x.png").exists()


def test_topic_without_statements_raises_value_error(sample_warehouse, tmp_path):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        empty = con.execute(
            "select topic_id from marts.dim_topics where topic_id not in ("
            " select topic from marts.fct_statements"
            " where is_canonical and actor_id is not null and statement_date is not null) order by 1"
        ).fetchall()
    finally:
        con.close()
    if not empty:
        pytest.skip("every topic of the sample has statements")
    with pytest.raises(ValueError, match="no dated canonical statements"):
        plot_topic_timeline(sample_warehouse, empty[0][0], tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_plot_all_topics_draws_each_topic_with_statements(sample_warehouse, tmp_path):
    expected = _plottable_topics(sample_warehouse)
    assert "peacekeeping_force" in expected
    paths = plot_all_topics(sample_warehouse, tmp_path / "plots")
    assert sorted(p.name for p in paths) == sorted(f"stance-timeline-{t}.png" for t in expected)
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        assert path.read_bytes()[:8] == PNG_MAGIC
