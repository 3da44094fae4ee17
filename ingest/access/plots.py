"""Stance timelines: one PNG per topic, drawn from `marts.fct_statements`.

Each picture shows who took which stance on one topic, and when: one row per speaker
(`actor_name`, most statements at the top), time on the x axis, one marker per actor, date and
stance, coloured by stance and sized by the number of statements. Only canonical statements
(`is_canonical`, a story repeated by several outlets counts once) with a resolved actor and a
`statement_date` are drawn.

matplotlib is imported lazily and the Agg backend is selected inside the functions, so importing
this module has no side effects.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.access.query import open_read_only

MAX_ACTORS = 25
UNASSIGNED = "unassigned"  # the statements that match no topic: not a topic, so never drawn
PLOT_PREFIX = "stance-timeline-"
FORMATS = ("png", "pdf", "svg")
MONTHLY_AFTER_DAYS = 366  # longer spans are drawn per month instead of per day

STANCES = ("support", "neutral", "oppose")
STANCE_COLOURS = {"support": "#2e9e44", "neutral": "#9a9a9a", "oppose": "#d62f2f"}
# Rows with several stances on one date: support drawn a little above the row, oppose below.
STANCE_OFFSETS = {"support": 0.22, "neutral": 0.0, "oppose": -0.22}

_TOPIC_SQL = "select topic_id, label from marts.dim_topics where topic_id = ?"
_POINTS_SQL = """
    select actor_name,
           any_value(actor_id) as actor_id,
           any_value(actor_type) as actor_type,
           any_value(represented_name) as represented_name,
           statement_date,
           stance,
           count(*) as n
    from (
        select s.actor_id, s.actor_name, a.actor_type, s.stance, s.statement_date,
               case when s.represented_actor_id is distinct from s.actor_id then s.represented_actor_name end
                   as represented_name
        from marts.fct_statements s
        left join marts.dim_actors a on a.actor_id = s.actor_id
        where s.topic = ? and s.is_canonical and s.actor_id is not null and s.statement_date is not null
    )
    group by actor_name, statement_date, stance
"""
_UNDATED_SQL = """
    select count(*) from marts.fct_statements
    where topic = ? and is_canonical and actor_id is not null and statement_date is null
"""
_PLOTTABLE_TOPICS_SQL = """
    select distinct topic from marts.fct_statements
    where is_canonical and actor_id is not null and statement_date is not null
    order by topic
"""


@dataclass
class _Point:
    actor: str
    day: date
    stance: str
    count: int


@dataclass
class _TopicData:
    topic_id: str
    label: str
    points: list[_Point]
    represented: dict[str, str]  # actor_name -> represented state/organisation name (persons only)
    undated: int


def _load_topic(con, topic: str) -> _TopicData:
    found = con.execute(_TOPIC_SQL, [topic]).fetchone()
    if found is None:
        known = ", ".join(r[0] for r in con.execute("select topic_id from marts.dim_topics order by 1").fetchall())
        raise ValueError(f"unknown topic {topic!r}: not in marts.dim_topics (known topics: {known})")
    topic_id, label = found
    if topic_id == UNASSIGNED:
        raise ValueError(f"{UNASSIGNED!r} collects the statements that match no topic; it has no timeline")
    rows = con.execute(_POINTS_SQL, [topic_id]).fetchall()
    if not rows:
        raise ValueError(f"topic {topic_id!r} has no dated canonical statements with a resolved actor; nothing to plot")
    undated = con.execute(_UNDATED_SQL, [topic_id]).fetchone()[0]
    points = [_Point(name, day, stance, int(n)) for name, _aid, _atype, _rep, day, stance, n in rows]
    represented = {name: rep for name, _aid, atype, rep, *_ in rows if rep and atype == "person"}
    return _TopicData(topic_id, label or topic_id, points, represented, int(undated))


def _monthly(points: list[_Point]) -> list[_Point]:
    merged: dict[tuple[str, date, str], int] = {}
    for p in points:
        key = (p.actor, p.day.replace(day=1), p.stance)
        merged[key] = merged.get(key, 0) + p.count
    return [_Point(a, d, s, n) for (a, d, s), n in merged.items()]


def _marker_area(count: int) -> float:
    """Marker area in points²: 1 statement = 70, growing sub-linearly, capped so big counts stay on their row."""
    return min(70.0 * count**0.8, 420.0)


def _draw(data: _TopicData, out_file: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    totals: dict[str, int] = {}
    for p in data.points:
        totals[p.actor] = totals.get(p.actor, 0) + p.count
    ranked = sorted(totals, key=lambda a: (-totals[a], a.casefold()))
    shown = ranked[:MAX_ACTORS]
    row = {actor: i for i, actor in enumerate(shown)}  # 0 = top row (inverted axis)

    days = [p.day for p in data.points]
    monthly = (max(days) - min(days)).days > MONTHLY_AFTER_DAYS
    points = _monthly(data.points) if monthly else data.points
    points = [p for p in points if p.actor in row]
    stances_at: dict[tuple[str, date], set[str]] = {}
    for p in points:
        stances_at.setdefault((p.actor, p.day), set()).add(p.stance)

    n_rows = len(shown)
    fig = Figure(figsize=(11, max(3.6, 1.9 + 0.42 * n_rows)), dpi=120)
    ax = fig.add_subplot()

    # Alternate row shading and a thin line from each actor's first to last statement.
    for actor, i in row.items():
        if i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="#f3f3f3", zorder=0, linewidth=0)
        actor_days = [p.day for p in points if p.actor == actor]
        if len(set(actor_days)) > 1:
            ax.plot([min(actor_days), max(actor_days)], [i, i], color="#c8c8c8", linewidth=1.0, zorder=1)

    for stance in STANCES:
        mine = [p for p in points if p.stance == stance]
        if not mine:
            continue
        ys = [row[p.actor] - (STANCE_OFFSETS[stance] if len(stances_at[(p.actor, p.day)]) > 1 else 0.0) for p in mine]
        ax.scatter([p.day for p in mine], ys, s=[_marker_area(p.count) for p in mine], c=STANCE_COLOURS[stance],
                   edgecolors="white", linewidths=0.8, alpha=0.95, zorder=3)

    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([_actor_label(a, data.represented, totals[a]) for a in shown], fontsize=9)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)

    first, last = min(p.day for p in points), max(p.day for p in points)
    years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    if monthly:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        formatter = mdates.ConciseDateFormatter(locator, show_offset=False)
    elif 30 <= (last - first).days <= 150:
        locator = mdates.MonthLocator(bymonthday=[1, 15])
        formatter = mdates.DateFormatter("%-d %b")
    elif (last - first).days < 30:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        formatter = mdates.DateFormatter("%-d %b")
    else:
        locator = mdates.MonthLocator()
        formatter = mdates.DateFormatter("%b %Y")
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    pad = max(3, (last - first).days // 25)
    ax.set_xlim(mdates.date2num(first) - pad, mdates.date2num(last) + pad)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(f"Statement date{' (by month)' if monthly else ''}, {years}", fontsize=10)

    stance_handles = [Line2D([], [], marker="o", linestyle="", markersize=_marker_area(1) ** 0.5,
                             markerfacecolor=STANCE_COLOURS[s], markeredgecolor="white", label=s) for s in STANCES]
    stance_legend = ax.legend(handles=stance_handles, title="Stance", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                              frameon=False, fontsize=9, title_fontsize=10, alignment="left", borderaxespad=0.0)
    max_count = max(p.count for p in points)
    if max_count > 1:
        ax.add_artist(stance_legend)
        sizes = sorted({1, max_count} | ({2} if max_count > 2 else set()))
        size_handles = [Line2D([], [], marker="o", linestyle="", markersize=_marker_area(n) ** 0.5,
                               markerfacecolor="none", markeredgecolor="#555555", label=str(n)) for n in sizes]
        ax.legend(handles=size_handles, title="Statements\nper date", loc="upper left",
                  bbox_to_anchor=(1.01, 0.0 if n_rows < 6 else 0.55 if n_rows < 12 else 0.75), frameon=False, fontsize=9,
                  title_fontsize=10, alignment="left", labelspacing=1.1, borderaxespad=0.0)

    n_statements = sum(totals.values())
    subtitle = (f"{n_statements} canonical statement{'s' if n_statements != 1 else ''} by {len(ranked)} "
                f"actor{'s' if len(ranked) != 1 else ''} (number after each name)")
    if len(ranked) > MAX_ACTORS:
        subtitle += f"; showing the top {MAX_ACTORS} actors by number of statements"
    if data.undated:
        subtitle += f"; {data.undated} undated statement{'s' if data.undated != 1 else ''} not shown"
    subtitle += f". Topic id: {data.topic_id}"
    subtitle = textwrap.fill(subtitle, width=140)
    height = fig.get_figheight()
    fig.text(0.012, 1 - 0.18 / height, f"Stance on {data.label} over time", fontsize=14, fontweight="bold",
             ha="left", va="top")
    fig.text(0.012, 1 - 0.50 / height, subtitle, fontsize=9.5, color="#555555", ha="left", va="top", linespacing=1.4)
    reserved = 0.80 + 0.19 * subtitle.count("\n")
    fig.tight_layout(rect=(0, 0, 1, 1 - reserved / height))

    return _save_atomically(fig, out_file)


def _actor_label(actor: str, represented: dict[str, str], total: int) -> str:
    label = f"{actor} ({represented[actor]})" if actor in represented else actor
    return f"{label}  · {total}"


def plot_format(out_file: Path) -> str:
    """The image format named by the file's suffix (png, pdf or svg); ValueError for any other."""
    fmt = Path(out_file).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot draw {Path(out_file).name!r}: the file name must end in "
                         + ", ".join(f".{f}" for f in FORMATS))
    return fmt


def _save_atomically(fig, out_file: Path) -> Path:
    out_file = Path(out_file)
    fmt = plot_format(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_file.name}.", suffix=".tmp", dir=out_file.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fig.savefig(handle, format=fmt)
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; give the image ordinary permissions
        os.replace(tmp_name, out_file)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out_file


def plot_topic_timeline(db_path: Path, topic: str, out_file: Path) -> Path:
    """Draw the stance timeline of one topic into `out_file` (PNG, PDF or SVG, by suffix) and return its path.

    Raises ValueError when the suffix is none of those, the topic is `unassigned` or not in
    marts.dim_topics, or it has no dated, actor-resolved canonical statements.
    """
    plot_format(out_file)
    con = open_read_only(Path(db_path))
    try:
        data = _load_topic(con, topic)
    finally:
        con.close()
    return _draw(data, Path(out_file))


def plot_all_topics(db_path: Path, out_dir: Path) -> list[Path]:
    """Write `out_dir/stance-timeline-<topic>.png` for every topic with something to draw.

    Timelines left in `out_dir` by an earlier build for topics that have nothing to draw now are
    removed, so the folder always matches the warehouse.
    """
    con = open_read_only(Path(db_path))
    try:
        topics = [r[0] for r in con.execute(_PLOTTABLE_TOPICS_SQL).fetchall() if r[0] != UNASSIGNED]
        loaded = []
        for topic in topics:
            try:
                loaded.append(_load_topic(con, topic))
            except ValueError:
                continue  # e.g. a topic id that is not in dim_topics: skipped silently
    finally:
        con.close()
    out_dir = Path(out_dir)
    drawn = [_draw(data, out_dir / f"{PLOT_PREFIX}{_safe(data.topic_id)}.png") for data in loaded]
    if out_dir.is_dir():
        for old in out_dir.glob(f"{PLOT_PREFIX}*.png"):
            if old not in drawn and (old.is_file() or old.is_symlink()):
                old.unlink(missing_ok=True)
    return drawn


def _safe(topic_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", topic_id)
