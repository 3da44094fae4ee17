"""`stance export --network`: the two-mode actor–topic and the one-mode actor network, read back by real parsers."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from tests.fixtures.queries import query_rows

STANCE = Path(sys.executable).with_name("stance")
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
BASE = "from marts.fct_statements where is_canonical and actor_id is not null and topic <> 'unassigned'"


def stance(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    env.pop("STANCE_DB", None)
    return subprocess.run([str(STANCE), *args], capture_output=True, text=True, env=env, timeout=300)


_sql = query_rows


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _expected_actor_pairs(db: Path, topic_filter: str = "") -> dict[tuple[str, str], tuple[int, int]]:
    """(actor a, actor b) -> (congruent topics, conflict topics), computed in SQL independently of the exporter."""
    rows = _sql(db, f"""
        with counts as (
            select actor_id, topic, count(*) filter (where stance = 'support') as s, count(*) filter (where stance = 'oppose') as o
            {BASE} {topic_filter} group by 1, 2),
        sides as (select actor_id, topic, case when s > o then 'support' else 'oppose' end as side from counts where s <> o)
        select a.actor_id, b.actor_id, count(*) filter (where a.side = b.side), count(*) filter (where a.side <> b.side)
        from sides a join sides b on a.topic = b.topic and a.actor_id < b.actor_id
        group by 1, 2""")
    return {(a, b): (c, k) for a, b, c, k in rows}


def test_actor_topic_graphml(sample_warehouse, tmp_path):
    result = stance("export", "--db", str(sample_warehouse), "--out", str(tmp_path), "--network", "actor-topic",
                    "--format", "graphml")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "network-actor-topic.graphml"
    root = etree.parse(str(path)).getroot()  # well-formed GraphML for any XML reader
    assert root.tag == f"{GRAPHML_NS}graphml"
    graph = nx.read_graphml(path)
    expected = {(a, f"topic:{t}"): (n, s, o) for a, t, n, s, o in _sql(
        sample_warehouse, f"select actor_id, topic, count(*), count(*) filter (where stance = 'support'), "
                          f"count(*) filter (where stance = 'oppose') {BASE} group by 1, 2")}
    assert len(expected) > 20
    assert {(u, v): (d["weight"], d["support"], d["oppose"]) for u, v, d in graph.edges(data=True)} == expected
    actors = {a for a, _ in expected}
    topics = {t for _, t in expected}
    assert set(graph.nodes) == actors | topics
    assert {graph.nodes[t]["node_type"] for t in topics} == {"topic"}
    assert {graph.nodes[a]["node_type"] for a in actors} == {"actor"}
    assert nx.is_bipartite(graph.to_undirected())
    names = dict(_sql(sample_warehouse, "select actor_id, actor_name from marts.dim_actors"))
    assert all(graph.nodes[a]["label"] == names[a] for a in actors)
    assert "topic:unassigned" not in graph


def test_actor_actor_graphml_has_congruence_and_conflict(sample_warehouse, tmp_path):
    result = stance("export", "--db", str(sample_warehouse), "--out", str(tmp_path), "--network", "actor-actor",
                    "--format", "graphml")
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(tmp_path / "network-actor-actor.graphml")
    assert not graph.is_directed()
    expected = _expected_actor_pairs(sample_warehouse)
    got = {tuple(sorted((u, v))): (d["congruence"], d["conflict"]) for u, v, d in graph.edges(data=True)}
    assert got == expected
    assert any(c for c, _ in expected.values()) and any(k for _, k in expected.values())
    for u, v, d in graph.edges(data=True):
        assert d["weight"] == d["congruence"] + d["conflict"] and d["net"] == d["congruence"] - d["conflict"]
        assert len([t for t in d["congruent_topics"].split(";") if t]) == d["congruence"]


def test_network_csv_for_gephi_matches_the_graphml(sample_warehouse, tmp_path):
    for kind in ("actor-topic", "actor-actor"):
        assert stance("export", "--db", str(sample_warehouse), "--out", str(tmp_path), "--network", kind).returncode == 0
        assert stance("export", "--db", str(sample_warehouse), "--out", str(tmp_path), "--network", kind,
                      "--format", "graphml").returncode == 0
        nodes = _read_csv(tmp_path / f"network-{kind}-nodes.csv")
        edges = _read_csv(tmp_path / f"network-{kind}-edges.csv")
        assert list(nodes[0])[:2] == ["Id", "Label"] and list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
        graph = nx.read_graphml(tmp_path / f"network-{kind}.graphml")
        assert {n["Id"] for n in nodes} == set(graph.nodes)
        assert {(e["Source"], e["Target"]): int(e["Weight"]) for e in edges} == {
            (u, v) if (u, v) in {(e["Source"], e["Target"]) for e in edges} else (v, u): d["weight"]
            for u, v, d in graph.edges(data=True)}
        assert {e["Type"] for e in edges} == {"Undirected" if kind == "actor-actor" else "Directed"}
        codebook = _read_csv(tmp_path / f"codebook-network-{kind}.csv")
        described = {(r["table"], r["column"]) for r in codebook if r["description"]}
        for name, rows in ((f"network-{kind}-nodes.csv", nodes), (f"network-{kind}-edges.csv", edges)):
            assert {(name, column) for column in rows[0]} <= described, name
        assert (tmp_path / f"codebook-network-{kind}.md").read_text(encoding="utf-8").startswith("# Codebook")


def test_network_follows_the_topic_filter(sample_warehouse, tmp_path):
    result = stance("export", "--db", str(sample_warehouse), "--out", str(tmp_path), "--network", "actor-actor",
                    "--format", "graphml", "--topic", "peacekeeping_force")
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(tmp_path / "network-actor-actor.graphml")
    expected = _expected_actor_pairs(sample_warehouse, "and topic = 'peacekeeping_force'")
    assert {tuple(sorted((u, v))) for u, v in graph.edges} == set(expected) != set()
    assert all(d["congruent_topics"] in ("", "peacekeeping_force") for _, _, d in graph.edges(data=True))


@pytest.mark.parametrize("args, fragment", [
    (["--network", "actor-state"], "unknown network 'actor-state'"),
    (["--network", "actor-topic", "--format", "parquet"], "graphml or csv"),
    (["--network", "actor-topic", "--table", "dim_topics"], "cannot be combined"),
    (["--network", "actor-topic", "--topic", "peace"], "unknown topic 'peace'"),
])
def test_network_mistakes_are_one_line(sample_warehouse, tmp_path, args, fragment):
    out = tmp_path / "out"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and fragment in result.stderr, result.stderr
    assert not out.exists()
