#!/usr/bin/env python3
"""Check the hand-annotated Wikinews gold (stdlib only).

Usage: python tests/gold/wikinews/check_gold.py [-q]

Verifies:
- every article in articles.jsonl has id, text, published_at, url and license, and its split follows
  the id rule (held-out when the first hex digit after ``wn-`` is even);
- every statement has the required fields with allowed values; its article exists; its `split`
  matches the article's; it sits in the file of its split;
- every `evidence` occurs exactly once in its article and holds the cue span;
- `speaker_start/end` and `cue_start/end` point at `speaker_text` and `cue_text`;
- actor ids have the right shape, topics exist in topics.csv (or are `unassigned`), conditions and
  dates are consistent (published dates equal the publication date; no date after publication);
- no two statements share evidence, speaker span and actor;
- topics.csv has the columns of dbt_project/seeds/topics.csv (plus the optional support/oppose ones).
- second_reader.jsonl (a second reading of a sample) passes the same checks and each line keys to a
  gold statement; the agreement per field is printed.
Prints the counts per split; exit status 1 on any problem.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles.jsonl"
TOPICS = HERE / "topics.csv"
STATEMENT_FILES = {"dev": HERE / "statements_dev.jsonl", "heldout": HERE / "statements_heldout.jsonl"}
SECOND_READER = HERE / "second_reader.jsonl"

HELDOUT_DIGITS = set("02468ace")
TOPIC_COLUMNS = ["topic_id", "label", "description", "match_terms", "exclude_terms", "yields_to"]
OPTIONAL_TOPIC_COLUMNS = {"support_means", "oppose_means"}
STANCES = {"support", "oppose", "neutral"}
SPEAKER_KINDS = {"person", "org", "group", "state", "document", "unnamed"}
PRECISIONS = {"day", "month", "year"}
DATE_SOURCES = {"text", "published"}
REQUIRED = [
    "article_id", "split", "evidence", "speaker_text", "speaker_start", "speaker_end", "cue_text",
    "cue_start", "cue_end", "actor_id", "speaker_kind", "represents", "topic", "stance",
    "is_conditional", "condition_text", "date", "date_precision", "date_source", "date_text",
]
ACTOR_RE = re.compile(
    r"^(state:[A-Z]{3}|org:[A-Za-z0-9]+(-[a-z0-9]+)*|person:[a-z0-9]+(-[a-z0-9]+)*|group:[a-z0-9]+(-[a-z0-9]+)*)$"
)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def split_of(article_id: str) -> str:
    return "heldout" if article_id[3:4] in HELDOUT_DIGITS else "dev"


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    statements: Counter = field(default_factory=Counter)
    articles_with_statements: dict[str, set] = field(default_factory=lambda: {"dev": set(), "heldout": set()})
    articles: Counter = field(default_factory=Counter)


def read_jsonl(path: Path, report: Report) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            report.problems.append(f"{path.name} line {n}: bad JSON ({exc})")
    return rows


def load_articles(report: Report) -> dict[str, dict]:
    articles = {}
    for art in read_jsonl(ARTICLES, report):
        aid = art.get("id", "")
        for key in ("id", "title", "text", "published_at", "url", "license"):
            if not art.get(key):
                report.problems.append(f"articles.jsonl {aid or '?'}: missing {key}")
        if not re.match(r"^wn-[0-9a-f]{12}$", aid):
            report.problems.append(f"articles.jsonl: bad id {aid!r}")
        if "CC BY 2.5" not in art.get("license", ""):
            report.problems.append(f"articles.jsonl {aid}: licence is not CC BY 2.5")
        articles[aid] = art
        report.articles[split_of(aid)] += 1
    return articles


def load_topic_ids(report: Report) -> set[str]:
    with open(TOPICS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        rows = list(reader)
    if columns[: len(TOPIC_COLUMNS)] != TOPIC_COLUMNS or not set(columns[len(TOPIC_COLUMNS):]) <= OPTIONAL_TOPIC_COLUMNS:
        report.problems.append(f"topics.csv: columns {columns} are not {TOPIC_COLUMNS} (+ {sorted(OPTIONAL_TOPIC_COLUMNS)})")
    ids = {r["topic_id"] for r in rows}
    for r in rows:
        for other in filter(None, (r.get("yields_to") or "").split("|")):
            if other not in ids:
                report.problems.append(f"topics.csv {r['topic_id']}: yields_to unknown topic {other!r}")
        if not (r.get("match_terms") or "").strip():
            report.problems.append(f"topics.csv {r['topic_id']}: no match_terms")
    return ids | {"unassigned"}


def check_statement(rec: dict, where: str, articles: dict, topics: set[str], expected_split: str | None) -> list[str]:
    missing = [k for k in REQUIRED if k not in rec]
    if missing:
        return [f"{where}: missing fields {missing}"]
    out = []
    aid = rec["article_id"]
    if aid not in articles:
        return [f"{where}: unknown article {aid!r}"]
    art = articles[aid]
    text, pub = art["text"], art["published_at"][:10]
    where = f"{where} ({aid})"
    if rec["split"] != split_of(aid):
        out.append(f"{where}: split {rec['split']!r} but the id rule gives {split_of(aid)!r}")
    if expected_split and rec["split"] != expected_split:
        out.append(f"{where}: a {rec['split']} statement in the {expected_split} file")
    ev = rec["evidence"]
    hits = text.count(ev) if ev else 0
    if hits != 1:
        out.append(f"{where}: evidence occurs {hits} times: {ev!r}")
    elif not 2 <= len(ev.split()) <= 20:
        out.append(f"{where}: evidence should be 2-20 words: {ev!r}")
    for name in ("speaker", "cue"):
        start, end, want = rec[f"{name}_start"], rec[f"{name}_end"], rec[f"{name}_text"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            out.append(f"{where}: bad {name} offsets {start!r}..{end!r}")
        elif text[start:end] != want:
            out.append(f"{where}: {name} span holds {text[start:end]!r}, not {want!r}")
        elif name == "speaker" and ((start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())):
            out.append(f"{where}: speaker span {want!r} starts or ends inside a word")
    if hits == 1 and isinstance(rec["cue_start"], int):
        ev_start = text.find(ev)
        if not (ev_start <= rec["cue_start"] and rec["cue_end"] <= ev_start + len(ev)):
            out.append(f"{where}: cue span outside the evidence")
    for key in ("actor_id", "represents"):
        val = rec[key]
        if val is not None and not ACTOR_RE.match(val):
            out.append(f"{where}: bad {key} {val!r}")
    kind = rec["speaker_kind"]
    if kind not in SPEAKER_KINDS:
        out.append(f"{where}: bad speaker_kind {kind!r}")
    elif kind == "unnamed" and rec["actor_id"] is not None:
        out.append(f"{where}: an unnamed speaker has actor_id {rec['actor_id']!r}")
    elif kind in {"person", "state", "group"} and not str(rec["actor_id"]).startswith(kind + ":"):
        out.append(f"{where}: speaker_kind {kind} but actor_id {rec['actor_id']!r}")
    if rec["topic"] not in topics:
        out.append(f"{where}: topic {rec['topic']!r} not in topics.csv")
    if rec["stance"] not in STANCES:
        out.append(f"{where}: bad stance {rec['stance']!r}")
    if not isinstance(rec["is_conditional"], bool):
        out.append(f"{where}: is_conditional must be boolean")
    elif rec["is_conditional"] != bool(rec["condition_text"]):
        out.append(f"{where}: is_conditional {rec['is_conditional']} but condition_text {rec['condition_text']!r}")
    elif rec["condition_text"] and rec["condition_text"] not in text:
        out.append(f"{where}: condition_text not in the article: {rec['condition_text']!r}")
    date = str(rec["date"])
    if not DATE_RE.match(date):
        out.append(f"{where}: bad date {rec['date']!r}")
    if rec["date_precision"] not in PRECISIONS:
        out.append(f"{where}: bad date_precision {rec['date_precision']!r}")
    elif rec["date_precision"] == "month" and not date.endswith("-01"):
        out.append(f"{where}: month precision but date {date}")
    elif rec["date_precision"] == "year" and not date.endswith("-01-01"):
        out.append(f"{where}: year precision but date {date}")
    if rec["date_source"] not in DATE_SOURCES:
        out.append(f"{where}: bad date_source {rec['date_source']!r}")
    elif rec["date_source"] == "published":
        if date != pub or rec["date_precision"] != "day":
            out.append(f"{where}: date_source published but date {date}/{rec['date_precision']} != {pub}/day")
        if rec["date_text"] is not None:
            out.append(f"{where}: date_source published but date_text {rec['date_text']!r}")
    else:
        if not rec["date_text"] or rec["date_text"] not in text:
            out.append(f"{where}: date_source text needs a date_text found in the article: {rec['date_text']!r}")
    if date > pub:
        out.append(f"{where}: statement date {date} after publication {pub}")
    return out


def check(report: Report) -> None:
    articles = load_articles(report)
    topics = load_topic_ids(report)
    seen = set()
    for split, path in STATEMENT_FILES.items():
        if not path.is_file():
            continue
        for n, rec in enumerate(read_jsonl(path, report), 1):
            problems = check_statement(rec, f"{path.name} line {n}", articles, topics, split)
            report.problems += problems
            if problems:
                continue
            key = (rec["article_id"], rec["evidence"], rec["speaker_start"], rec["actor_id"])
            if key in seen:
                report.problems.append(f"{path.name} line {n}: duplicate statement {key}")
            seen.add(key)
            report.statements[split] += 1
            report.articles_with_statements[split].add(rec["article_id"])
    if SECOND_READER.is_file():
        for n, rec in enumerate(read_jsonl(SECOND_READER, report), 1):
            report.problems += check_statement(rec, f"{SECOND_READER.name} line {n}", articles, topics, None)


AGREEMENT_FIELDS = ("actor_id", "speaker_kind", "represents", "topic", "stance", "is_conditional", "date")


def second_reading_agreement(report: Report) -> dict[str, dict[str, tuple[int, int]]]:
    """Per split and field: (statements where the second reading agrees with the gold, statements read),
    a second reading being keyed to its gold statement by article, evidence and speaker span."""
    if not SECOND_READER.is_file():
        return {}
    gold = {}
    for path in STATEMENT_FILES.values():
        if path.is_file():
            for rec in read_jsonl(path, report):
                gold[(rec.get("article_id"), rec.get("evidence"), rec.get("speaker_start"), rec.get("cue_start"))] = rec
    out: dict[str, dict[str, list[int]]] = {}
    for n, rec in enumerate(read_jsonl(SECOND_READER, report), 1):
        key = (rec.get("article_id"), rec.get("evidence"), rec.get("speaker_start"), rec.get("cue_start"))
        if key not in gold:
            report.problems.append(f"{SECOND_READER.name} line {n}: no gold statement with this evidence and spans")
            continue
        fields = out.setdefault(gold[key]["split"], {f: [0, 0] for f in AGREEMENT_FIELDS})
        for f in AGREEMENT_FIELDS:
            fields[f][0] += rec.get(f) == gold[key].get(f)
            fields[f][1] += 1
    return {split: {f: (a, b) for f, (a, b) in fields.items()} for split, fields in out.items()}


def main(argv: list[str]) -> int:
    report = Report()
    check(report)
    agreement = second_reading_agreement(report)
    quiet = "-q" in argv
    for p in report.problems:
        print("FAIL", p)
    if not quiet:
        for split in ("dev", "heldout"):
            print(f"{split}: {report.statements[split]} statements in {len(report.articles_with_statements[split])} "
                  f"of {report.articles[split]} articles")
        for split, fields in sorted(agreement.items()):
            print(f"second reading, {split}: " + ", ".join(f"{f} {a}/{b}" for f, (a, b) in fields.items()))
    total = sum(report.statements.values())
    print(f"{total} statements; {len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
