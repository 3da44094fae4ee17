"""Network exports for Gephi, networkx, igraph, visone: who takes which side on which topic.

Both networks are built from canonical statements (a story repeated by several outlets counts once)
with a resolved speaker and a topic (never ``unassigned``), after the export filters.

* ``actor-topic`` — two-mode (DNA's actor × concept network): actor and topic nodes; one edge per actor
  and topic, weighted by the number of statements, with the count per stance and the net stance
  ((support − oppose) / statements).
* ``actor-actor`` — one-mode: an actor's position on a topic is the side most of its statements take
  (support or oppose; neutral-only or tied actors have none). Two actors are *congruent* on a topic when
  they take the same side, in *conflict* when they take opposite sides. One edge per pair that shares
  at least one decided topic: ``congruence`` and ``conflict`` count topics, ``weight`` = both together,
  ``net`` = congruence − conflict, and the topic ids of each kind are listed.

GraphML (by networkx) keeps every attribute typed; CSV gives a node list and an edge list with Gephi's
column names (Id, Label / Source, Target, Type, Weight).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import IO

from ingest.access.codebook import CodebookEntry, codebook_csv, codebook_markdown
from ingest.access.export import ExportFilters, ensure_out_dir, filter_clauses, resolve_filters, table_columns, write_atomically
from ingest.access.query import QueryError, open_read_only

KINDS = ("actor-topic", "actor-actor")
FORMATS = ("graphml", "csv")
UNASSIGNED = "unassigned"


@dataclass
class Network:
    kind: str
    nodes: list[dict[str, object]]  # each has "id" and "label"
    edges: list[dict[str, object]]  # each has "source", "target" and "weight"


def _counts(con, filters: ExportFilters) -> list[tuple]:
    """(actor_id, topic, support, oppose, neutral, first_date, last_date) per actor and topic."""
    where, params = filter_clauses(con, table_columns(con, "fct_statements"), filters)
    where += ["is_canonical", "actor_id is not null", "topic is not null", f"topic <> '{UNASSIGNED}'"]
    sql = f"""
        select actor_id, topic,
               count(*) filter (where stance = 'support') as support,
               count(*) filter (where stance = 'oppose') as oppose,
               count(*) filter (where stance = 'neutral') as neutral,
               min(statement_date) as first_date, max(statement_date) as last_date
        from marts.fct_statements
        where {' and '.join(where)}
        group by actor_id, topic
        order by actor_id, topic
    """
    return con.sql(sql, params=params).fetchall()


def _actor_nodes(con, actor_ids: set[str]) -> list[dict[str, object]]:
    rows = con.sql("select actor_id, actor_name, actor_type, represented_actor_id, represented_actor_name "
                   "from marts.dim_actors where actor_id in (select unnest(?)) order by actor_id",
                   params=[sorted(actor_ids)]).fetchall()
    found = {r[0]: r for r in rows}
    nodes = []
    for actor_id in sorted(actor_ids):
        _, name, actor_type, rep_id, rep_name = found.get(actor_id, (actor_id, actor_id, "unknown", None, None))
        nodes.append({"id": actor_id, "label": name or actor_id, "node_type": "actor", "actor_type": actor_type or "unknown",
                      "represents": rep_id or "", "represents_name": rep_name or ""})
    return nodes


def _position(support: int, oppose: int) -> str | None:
    if support > oppose:
        return "support"
    if oppose > support:
        return "oppose"
    return None


def build_network(con, kind: str, filters: ExportFilters) -> Network:
    if kind not in KINDS:
        raise QueryError(f"unknown network '{kind}' (actor-topic or actor-actor)")
    counts = _counts(con, resolve_filters(con, filters))
    actors = {r[0] for r in counts}
    if kind == "actor-topic":
        topic_ids = sorted({r[1] for r in counts})
        labels = dict(con.sql("select topic_id, coalesce(label, topic_id) from marts.dim_topics").fetchall())
        nodes = _actor_nodes(con, actors) + [
            {"id": f"topic:{t}", "label": labels.get(t, t), "node_type": "topic", "actor_type": "", "represents": "",
             "represents_name": ""} for t in topic_ids]
        edges = []
        for actor_id, topic, support, oppose, neutral, first, last in counts:
            total = support + oppose + neutral
            edges.append({"source": actor_id, "target": f"topic:{topic}", "weight": total, "support": support,
                          "oppose": oppose, "neutral": neutral, "net_stance": round((support - oppose) / total, 4),
                          "position": _position(support, oppose) or ("neutral" if support == oppose == 0 else "mixed"),
                          "first_date": first.isoformat() if first else "", "last_date": last.isoformat() if last else ""})
        return Network(kind, nodes, edges)

    sides: dict[str, dict[str, str]] = defaultdict(dict)  # topic -> actor -> side
    for actor_id, topic, support, oppose, _neutral, _first, _last in counts:
        side = _position(support, oppose)
        if side:
            sides[topic][actor_id] = side
    pairs: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: {"congruence": [], "conflict": []})
    for topic in sorted(sides):
        for a, b in combinations(sorted(sides[topic]), 2):
            relation = "congruence" if sides[topic][a] == sides[topic][b] else "conflict"
            pairs[(a, b)][relation].append(topic)
    edges = []
    for (a, b), found in sorted(pairs.items()):
        congruence, conflict = len(found["congruence"]), len(found["conflict"])
        edges.append({"source": a, "target": b, "weight": congruence + conflict, "congruence": congruence,
                      "conflict": conflict, "net": congruence - conflict,
                      "congruent_topics": ";".join(found["congruence"]), "conflict_topics": ";".join(found["conflict"])})
    decided = {actor for by_actor in sides.values() for actor in by_actor}
    return Network(kind, _actor_nodes(con, decided), edges)


def graphml_bytes(network: Network) -> bytes:
    import networkx as nx

    graph = nx.Graph(name=f"stance {network.kind} network") if network.kind == "actor-actor" else nx.DiGraph(
        name=f"stance {network.kind} network")
    for node in network.nodes:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in network.edges:
        graph.add_edge(edge["source"], edge["target"], **{k: v for k, v in edge.items() if k not in {"source", "target"}})
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def node_csv(network: Network) -> bytes:
    keys = [k for k in network.nodes[0] if k not in {"id", "label"}] if network.nodes else []
    return _csv(["Id", "Label", *keys], [[n["id"], n["label"], *(n[k] for k in keys)] for n in network.nodes])


def edge_csv(network: Network) -> bytes:
    kind = "Undirected" if network.kind == "actor-actor" else "Directed"
    keys = [k for k in network.edges[0] if k not in {"source", "target", "weight"}] if network.edges else []
    return _csv(["Source", "Target", "Type", "Weight", *keys],
                [[e["source"], e["target"], kind, e["weight"], *(e[k] for k in keys)] for e in network.edges])


_NODE_DOCS = [
    ("id", "VARCHAR", "Node id: the actor_id (marts.dim_actors), or topic:<topic_id> for a topic node."),
    ("label", "VARCHAR", "Actor name or topic label."),
    ("node_type", "VARCHAR", "actor or topic."),
    ("actor_type", "VARCHAR", "person, state, organisation, group (empty for topics)."),
    ("represents", "VARCHAR", "actor_id of the state or organisation the actor speaks for (dim_actors)."),
    ("represents_name", "VARCHAR", "Name of that state or organisation."),
]
_EDGE_DOCS = {
    "actor-topic": [
        ("source", "VARCHAR", "Actor node id."), ("target", "VARCHAR", "Topic node id (topic:<topic_id>)."),
        ("weight", "BIGINT", "Canonical statements of the actor on the topic."),
        ("support", "BIGINT", "Of those, statements in support."), ("oppose", "BIGINT", "Statements in opposition."),
        ("neutral", "BIGINT", "Neutral statements."),
        ("net_stance", "DOUBLE", "(support − oppose) / weight, from −1 (opposes) to +1 (supports)."),
        ("position", "VARCHAR", "support or oppose (the side most statements take), mixed (a tie), neutral (no side)."),
        ("first_date", "DATE", "Earliest statement_date of these statements (empty when none is dated)."),
        ("last_date", "DATE", "Latest statement_date."),
    ],
    "actor-actor": [
        ("source", "VARCHAR", "One actor node id (the smaller id)."), ("target", "VARCHAR", "The other actor node id."),
        ("weight", "BIGINT", "Topics on which both actors take a side: congruence + conflict."),
        ("congruence", "BIGINT", "Topics on which both take the same side (both support or both oppose)."),
        ("conflict", "BIGINT", "Topics on which they take opposite sides."),
        ("net", "BIGINT", "congruence − conflict."),
        ("congruent_topics", "VARCHAR", "`;`-separated topic ids of the congruent topics."),
        ("conflict_topics", "VARCHAR", "`;`-separated topic ids of the conflict topics."),
    ],
}


_EDGE_SUMMARY = {
    "actor-topic": "One edge per actor and topic (two-mode network), weighted by the actor's canonical statements on it.",
    "actor-actor": ("One edge per pair of actors who both take a side on at least one topic (one-mode network): "
                    "congruent when they take the same side, in conflict when opposite sides."),
}
_CSV_NAMES = {"id": "Id", "label": "Label", "source": "Source", "target": "Target", "weight": "Weight"}


def network_codebook(kind: str, fmt: str, names: tuple[str, str]) -> tuple[list[CodebookEntry], dict[str, str]]:
    """Codebook entries of the node and edge files (CSV: Gephi's column names; GraphML: the attribute keys)."""
    nodes_name, edges_name = names
    rename = _CSV_NAMES if fmt == "csv" else {}
    entries = [CodebookEntry(nodes_name, rename.get(c, c), t, d) for c, t, d in _NODE_DOCS]
    edge_docs = list(_EDGE_DOCS[kind])
    if fmt == "csv":
        edge_docs.insert(2, ("type", "VARCHAR", "Directed (actor → topic) or Undirected (actor – actor), for Gephi."))
    entries += [CodebookEntry(edges_name, rename.get(c, c.capitalize() if c == "type" else c), t, d) for c, t, d in edge_docs]
    descriptions = {nodes_name: f"Nodes of the {kind} network: actors" + (" and topics." if kind == "actor-topic" else "."),
                    edges_name: _EDGE_SUMMARY[kind]}
    return entries, descriptions


def export_network(db_path: Path, out_dir: Path, kind: str, fmt: str, filters: ExportFilters) -> list[tuple[Path, int]]:
    """Write the network to `out_dir` (GraphML file or node/edge CSVs) with its codebook; (path, rows) per file."""
    if kind not in KINDS:
        raise QueryError(f"unknown network '{kind}' (actor-topic or actor-actor)")
    if fmt not in FORMATS:
        raise QueryError(f"a network is written as graphml or csv, not '{fmt}'")
    con = open_read_only(db_path)
    try:
        network = build_network(con, kind, filters)
    finally:
        con.close()
    out_dir = ensure_out_dir(out_dir)
    stem = f"network-{kind}"

    def data(content: bytes):
        def write(handle: IO[bytes]) -> None:
            handle.write(content)

        return write

    written = []
    if fmt == "graphml":
        path = write_atomically(out_dir, f"{stem}.graphml", data(graphml_bytes(network)))
        written.append((path, len(network.edges)))
    else:
        written.append((write_atomically(out_dir, f"{stem}-nodes.csv", data(node_csv(network))), len(network.nodes)))
        written.append((write_atomically(out_dir, f"{stem}-edges.csv", data(edge_csv(network))), len(network.edges)))
    # One codebook per network for both formats, so a CSV and a GraphML export in one folder agree.
    entries, descriptions = network_codebook(kind, "csv", (f"{stem}-nodes.csv", f"{stem}-edges.csv"))
    more, more_descriptions = network_codebook(kind, "graphml", (f"{stem}.graphml nodes", f"{stem}.graphml edges"))
    entries, descriptions = entries + more, {**descriptions, **more_descriptions}
    for name, text in ((f"codebook-{stem}.csv", codebook_csv(entries)),
                       (f"codebook-{stem}.md", codebook_markdown(entries, descriptions))):
        written.append((write_atomically(out_dir, name, data(text.encode("utf-8"))), len(entries)))
    return written
