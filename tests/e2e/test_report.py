"""`stance report` (and `stance build`) write one self-contained HTML page, parsed here with a real HTML parser."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from ingest.settings import PROJECT_ROOT

from tests.fixtures.queries import query_rows

STANCE = Path(sys.executable).with_name("stance")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "data", "poster", "background", "cite", "xlink:href",
                  "ping", "manifest", "icon", "longdesc", "archive", "codebase", "usemap", "lowsrc"}


def stance(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    env.pop("STANCE_DB", None)
    return subprocess.run([str(STANCE), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=900)


class Page(HTMLParser):
    """Every tag with its attributes, the ids, the text, and the contents of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


_sql = query_rows


def assert_self_contained(page: Page, article_urls: set[str]) -> None:
    """Nothing in the page loads from outside it; the only outside references are links to the articles."""
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "iframe", "object", "embed", "frame", "base", "form", "video", "audio", "source"}, tags
    for tag, attributes in page.tags:
        for name, value in attributes.items():
            if name.startswith("on"):
                raise AssertionError(f"event handler {name} on <{tag}>")
            if name == "style":
                assert "url(" not in value.lower(), value
            if name not in URL_ATTRIBUTES:
                continue
            if tag == "img" and name == "src":
                assert value.startswith("data:image/png;base64,"), value[:80]
            elif tag == "a" and name == "href":
                if value.startswith("#"):
                    assert value[1:] in page.ids, f"dangling anchor {value}"
                else:
                    assert value in article_urls and value.startswith(("https://", "http://")), value
            else:
                raise AssertionError(f"<{tag} {name}={value[:60]!r}> points somewhere")
    style = "".join(page.styles).lower()
    assert style and "url(" not in style and "@import" not in style


@pytest.fixture(scope="module")
def report(sample_warehouse, tmp_path_factory) -> tuple[Path, Path]:
    """(warehouse copy in its own folder, the report written by `stance report --db` into its reports/ folder)."""
    folder = tmp_path_factory.mktemp("report") / "my"
    folder.mkdir()
    db = folder / "w.duckdb"
    shutil.copyfile(sample_warehouse, db)
    result = stance("report", "--db", str(db))
    assert result.returncode == 0, result.stderr
    path = folder / "reports" / "w-report.html"
    assert result.stdout.strip() == f"report: {path}"
    return db, path


def test_report_is_self_contained(report):
    db, path = report
    urls = {r[0] for r in _sql(db, "select url from marts.dim_articles where url is not null")}
    page = parse(path)
    assert_self_contained(page, urls)
    assert any(tag == "a" and a.get("href", "").startswith("http") for tag, a in page.tags)  # links to the articles
    assert any(tag == "meta" and "default-src 'none'" in a.get("content", "") for tag, a in page.tags)


def test_report_has_a_section_and_an_embedded_timeline_per_topic(report):
    db, path = report
    page = parse(path)
    topics = [r[0] for r in _sql(db, "select distinct topic from marts.fct_statements where is_canonical and topic <> 'unassigned'")]
    assert len(topics) >= 3
    for topic in topics:
        assert f"topic-{topic}" in page.ids, topic
    assert "topic-unassigned" not in page.ids
    plottable = _sql(db, "select count(distinct topic) from marts.fct_statements where is_canonical and topic <> 'unassigned' "
                         "and actor_id is not null and statement_date is not null")[0][0]
    images = [a["src"] for tag, a in page.tags if tag == "img"]
    assert len(images) == plottable > 0
    for src in images:
        assert base64.b64decode(src.split(",", 1)[1])[:8] == PNG_MAGIC


def test_report_shows_sides_statements_changes_and_figures(report):
    db, path = report
    text = " ".join(" ".join(parse(path).text).split())
    assert "Who supports" in text and "Who opposes" in text and "Stance changes" in text
    (articles,) = _sql(db, "select count(*) from marts.dim_articles")[0]
    (canonical,) = _sql(db, "select count(*) from marts.fct_statements where is_canonical")[0]
    assert f"{articles} articles" in text and f"{canonical} statements (each counted once)" in text
    # The newest peacekeeping statement is shown with its evidence sentence and its outlet.
    evidence, source = _sql(db, "select evidence, source_name from marts.fct_statements where is_canonical and "
                                "topic = 'peacekeeping_force' order by statement_date desc nulls last, published_at desc, "
                                "statement_id desc limit 1")[0]
    flowing = " ".join("".join(parse(path).text).split())  # text as read: <mark> inside a sentence adds no space
    assert " ".join(evidence.split()) in flowing and source in text
    # The speaker with most opposing statements on the topic is listed with its counts.
    name, oppose = _sql(db, "select actor_name, count(*) from marts.fct_statements where is_canonical and actor_id is not null "
                            "and topic = 'peacekeeping_force' and stance = 'oppose' group by 1 order by 2 desc, 1 limit 1")[0]
    assert name in text
    # A stance change of the warehouse is shown.
    changes = _sql(db, "select count(*) from marts.fct_stance_changes where topic = 'peacekeeping_force'")[0][0]
    assert changes == 0 or "No speaker changed stance on this topic" not in text.split("Ceasefire")[0]
    (run_id, statements) = _sql(db, "select run_id, statements from raw.ingest_runs order by started_at desc limit 1")[0]
    assert run_id in text and "Figures of the run" in text and "statements extracted" in text
    assert "No input was rejected" in text
    assert "This warehouse has no quarantine table" in text or "rows quarantined" in text  # main now builds a quarantine


def test_report_escapes_hostile_text(report, tmp_path):
    db, _ = report
    hostile = tmp_path / "hostile.duckdb"
    shutil.copyfile(db, hostile)
    con = duckdb.connect(str(hostile))
    try:
        statement_id, article_id = con.execute(
            "select statement_id, article_id from marts.fct_statements where is_canonical and topic = 'peacekeeping_force' "
            "order by statement_date desc nulls last, published_at desc, statement_id desc limit 1").fetchall()[0]
        con.execute("update marts.fct_statements set evidence = ?, content_text = ? where statement_id = ?",
                    ['He said <script>alert(1)</script> and <img src="https://evil.example/x.png" onerror="alert(2)">.',
                     "<script>alert(1)</script>", statement_id])
        con.execute("update marts.dim_articles set url = 'javascript:alert(3)', title = '<b onclick=\"x()\">T</b>' "
                    "where article_id = ?", [article_id])
        con.execute("update marts.dim_topics set label = '</style><link rel=stylesheet href=https://evil.example/s.css>' "
                    "where topic_id = 'sanctions'")
    finally:
        con.close()
    out = tmp_path / "out" / "r.html"
    result = stance("report", "--db", str(hostile), "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = parse(out)
    urls = {r[0] for r in _sql(hostile, "select url from marts.dim_articles where url like 'http%'")}
    assert_self_contained(page, urls)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and '<b onclick="x()">T</b>' in text
    assert "</style><link rel=stylesheet href=https://evil.example/s.css>" in text
    assert "javascript:" not in "".join(a.get("href", "") for _, a in page.tags)
    assert "&lt;script&gt;" in out.read_text(encoding="utf-8")


def test_report_reads_a_quarantine_table_when_there_is_one(report, tmp_path):
    db, _ = report
    copy = tmp_path / "q.duckdb"
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("create table raw.quarantined_rows (article_id varchar, reason varchar)")
        con.execute("insert into raw.quarantined_rows values ('a1', 'empty_mention'), ('a1', 'empty_mention'), ('a2', 'bad_offsets')")
    finally:
        con.close()
    out = tmp_path / "q.html"
    assert stance("report", "--db", str(copy), "--out", str(out)).returncode == 0
    page = parse(out)
    flowing = " ".join("".join(page.text).split())
    assert "raw.quarantined_rows: 3 rows" in flowing and "empty_mention: 2" in flowing and "bad_offsets: 1" in flowing
    assert "3 rows quarantined" in " ".join(" ".join(page.text).split())


def test_report_refuses_a_name_that_is_not_html(report, tmp_path):
    db, _ = report
    result = stance("report", "--db", str(db), "--out", str(tmp_path / "r.txt"))
    assert result.returncode == 1 and result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_build_writes_plots_and_report_beside_the_named_warehouse(tmp_path):
    """A real build into my/w.duckdb: timelines and the report land in my/reports/, a stale timeline goes,
    `unassigned` gets none, and the report counts the input the build rejected."""
    folder = tmp_path / "my"
    reports = folder / "reports"
    reports.mkdir(parents=True)
    stale = reports / "stance-timeline-humanitarian.png"
    stale.write_bytes(PNG_MAGIC)
    bad = tmp_path / "broken.json"
    bad.write_text('{"title": "no text here"', encoding="utf-8")
    inputs = [PROJECT_ROOT / "data" / "articles" / "meridian", bad]
    result = stance("build", *map(str, inputs), "--db", str(folder / "w.duckdb"), "--fresh", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    db = folder / "w.duckdb"
    drawn = {p.name for p in reports.glob("stance-timeline-*.png")}
    expected = {f"stance-timeline-{t}.png" for (t,) in _sql(
        db, "select distinct topic from marts.fct_statements where is_canonical and actor_id is not null "
            "and statement_date is not null and topic <> 'unassigned'")}
    assert drawn == expected and expected
    assert not stale.exists() and "stance-timeline-unassigned.png" not in drawn
    report_path = reports / "w-report.html"
    assert f"report: {report_path}" in result.stdout
    assert not (PROJECT_ROOT / "reports" / "w-report.html").exists()
    page = parse(report_path)
    assert_self_contained(page, {r[0] for r in _sql(db, "select url from marts.dim_articles where url is not null")})
    reasons = _sql(db, "select reason, count(*) from raw.rejected_inputs group by 1")
    assert reasons
    text = " ".join("".join(page.text).split())
    for reason, n in reasons:
        assert f"{reason}: {n}" in text
    assert "broken.json" in text
