"""Stance timeline PNGs drawn from the sample warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from pathlib import Path

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
    expected = [t for t in _plottable_topics(sample_warehouse) if t != "unassigned"]
    assert "peacekeeping_force" in expected
    paths = plot_all_topics(sample_warehouse, tmp_path / "plots")
    assert sorted(p.name for p in paths) == sorted(f"stance-timeline-{t}.png" for t in expected)
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        assert path.read_bytes()[:8] == PNG_MAGIC


def stance(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    env.pop("STANCE_DB", None)
    return subprocess.run([str(Path(sys.executable).with_name("stance")), *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_pdf_and_svg_follow_the_suffix(sample_warehouse, tmp_path):
    pdf = plot_topic_timeline(sample_warehouse, "peacekeeping_force", tmp_path / "t.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    svg = plot_topic_timeline(sample_warehouse, "peacekeeping_force", tmp_path / "t.SVG")
    assert b"<svg" in svg.read_bytes()[:2000]
    result = stance("plot", "--topic", "peacekeeping_force", "--db", str(sample_warehouse), "--out", str(tmp_path / "c.pdf"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c.pdf").read_bytes()[:5] == b"%PDF-"


def test_other_suffix_is_refused_in_one_line(sample_warehouse, tmp_path):
    result = stance("plot", "--topic", "peacekeeping_force", "--db", str(sample_warehouse), "--out", str(tmp_path / "t.jpg"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and ".pdf" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_timeline_for_unassigned(sample_warehouse, tmp_path):
    assert "unassigned" in _plottable_topics(sample_warehouse)  # it has statements, yet is not a topic
    with pytest.raises(ValueError, match="unassigned"):
        plot_topic_timeline(sample_warehouse, "unassigned", tmp_path / "u.png")
    paths = plot_all_topics(sample_warehouse, tmp_path / "plots")
    assert paths and not any("unassigned" in p.name for p in paths)
    result = stance("plot", "--topic", "unassigned", "--db", str(sample_warehouse), "--out", str(tmp_path / "u.png"))
    assert result.returncode == 1 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert not (tmp_path / "u.png").exists()


def test_stale_timelines_are_removed(sample_warehouse, tmp_path):
    out = tmp_path / "plots"
    out.mkdir()
    stale = [out / "stance-timeline-topic_that_is_gone.png", out / "stance-timeline-unassigned.png"]
    for path in stale:
        path.write_bytes(PNG_MAGIC)
    unrelated = out / "my-own-chart.png"
    unrelated.write_bytes(b"mine")
    paths = plot_all_topics(sample_warehouse, out)
    assert not any(p.exists() for p in stale)
    assert unrelated.read_bytes() == b"mine"
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in paths] + [unrelated.name])


def test_plot_goes_beside_the_named_warehouse(sample_warehouse, tmp_path):
    db = tmp_path / "my" / "w.duckdb"
    db.parent.mkdir()
    shutil.copyfile(sample_warehouse, db)
    result = stance("plot", "--topic", "peacekeeping_force", "--db", str(db))
    assert result.returncode == 0, result.stderr
    written = db.parent / "reports" / "stance-timeline-peacekeeping_force.png"
    assert written.read_bytes()[:8] == PNG_MAGIC
    assert str(written) in result.stdout
