#!/usr/bin/env python3
"""Check the hand-annotated gold statements for the third-party real-article corpus.

Usage: python tests/gold/check_real_gold.py [DATA_FOLDER]

DATA_FOLDER defaults to ../shared/data/guardian-ukraine-2022 relative to the
project root. When the folder is absent the check prints
"skipped: data folder absent" and exits 0.

Verifies (stdlib only):
- every record has the expected fields and allowed values;
- `row` is a valid 0-based data-row index (header excluded; same as pandas.read_csv);
- every `evidence` occurs exactly once in its article text and is 3-12 words;
- every `speaker_text` occurs in its article text;
- no duplicate (file, row, evidence);
- real_articles_index.csv lists every annotated article with the right count.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
DEFAULT_DATA = PROJECT_ROOT / ".." / "shared" / "data" / "guardian-ukraine-2022"
GOLD = HERE / "real_articles.jsonl"
INDEX = HERE / "real_articles_index.csv"

FILES = {"Guardians_Russia_Ukraine.csv", "NYT_Russia_Ukraine.csv"}
STANCES = {"support", "oppose", "neutral"}
TOPICS = {
    "peacekeeping_force", "sanctions", "military_aid", "ceasefire_negotiations",
    "nato_membership", "energy", "humanitarian", "war_crimes", "unassigned",
}
PRECISIONS = {"day", "month", "year"}
DATE_SOURCES = {"text", "published"}
REQUIRED = [
    "file", "row", "evidence", "speaker_text", "actor_id", "represents", "stance",
    "is_conditional", "topic", "date", "date_precision", "date_source",
]
ACTOR_RE = re.compile(r"^(state:[A-Z]{3}|org:[A-Z0-9]+|person:[a-z0-9]+(-[a-z0-9]+)*|group:[a-z0-9]+(-[a-z0-9]+)*)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_articles(folder: Path) -> dict[str, list[list[str]]]:
    csv.field_size_limit(sys.maxsize)
    out = {}
    for name in sorted(FILES):
        with open(folder / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        out[name] = rows[1:]  # header excluded; 0-based data rows
    return out


def published_date(value: str) -> str:
    return value.strip()[:10].replace("/", "-")


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    if not folder.is_dir() or not all((folder / f).is_file() for f in FILES):
        print("skipped: data folder absent")
        return 0
    articles = load_articles(folder)
    problems: list[str] = []
    counts: Counter = Counter()
    seen = set()
    with open(GOLD, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip()]
    for n, line in enumerate(lines, 1):
        where = f"line {n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: bad JSON ({exc})")
            continue
        missing = [k for k in REQUIRED if k not in rec]
        if missing:
            problems.append(f"{where}: missing fields {missing}")
            continue
        f, row = rec["file"], rec["row"]
        if f not in FILES:
            problems.append(f"{where}: unknown file {f!r}")
            continue
        if not isinstance(row, int) or not 0 <= row < len(articles[f]):
            problems.append(f"{where}: bad row {row!r}")
            continue
        text = articles[f][row][2]
        where = f"line {n} ({f}:{row})"
        ev, sp = rec["evidence"], rec["speaker_text"]
        hits = text.count(ev)
        if hits != 1:
            problems.append(f"{where}: evidence occurs {hits} times: {ev!r}")
        if not 3 <= len(ev.split()) <= 12:
            problems.append(f"{where}: evidence should be 3-12 words: {ev!r}")
        if not sp or sp not in text:
            problems.append(f"{where}: speaker_text not found: {sp!r}")
        if (f, row, ev) in seen:
            problems.append(f"{where}: duplicate evidence {ev!r}")
        seen.add((f, row, ev))
        for key in ("actor_id", "represents"):
            val = rec[key]
            if val is not None and not ACTOR_RE.match(val):
                problems.append(f"{where}: bad {key} {val!r}")
        if rec["stance"] not in STANCES:
            problems.append(f"{where}: bad stance {rec['stance']!r}")
        if rec["topic"] not in TOPICS:
            problems.append(f"{where}: bad topic {rec['topic']!r}")
        if not isinstance(rec["is_conditional"], bool):
            problems.append(f"{where}: is_conditional must be boolean")
        if not DATE_RE.match(str(rec["date"])):
            problems.append(f"{where}: bad date {rec['date']!r}")
        if rec["date_precision"] not in PRECISIONS:
            problems.append(f"{where}: bad date_precision {rec['date_precision']!r}")
        if rec["date_source"] not in DATE_SOURCES:
            problems.append(f"{where}: bad date_source {rec['date_source']!r}")
        pub = published_date(articles[f][row][0])
        if rec["date_source"] == "published" and rec["date"] != pub:
            problems.append(f"{where}: date_source published but date {rec['date']} != {pub}")
        if rec["date"] > pub:
            problems.append(f"{where}: statement date {rec['date']} after publication {pub}")
        counts[(f, row)] += 1

    if INDEX.is_file():
        with open(INDEX, newline="", encoding="utf-8") as fh:
            index = list(csv.DictReader(fh))
        listed = set()
        for r in index:
            key = (r["file"], int(r["row"]))
            listed.add(key)
            if key[0] not in FILES or not 0 <= key[1] < len(articles[key[0]]):
                problems.append(f"index: bad article {key}")
                continue
            if int(r["statements"]) != counts.get(key, 0):
                problems.append(f"index: {key} says {r['statements']} statements, gold has {counts.get(key, 0)}")
            hw = len(articles[key[0]][key[1]][1].split())
            if int(r["headline_word_count"]) != hw:
                problems.append(f"index: {key} headline_word_count {r['headline_word_count']} != {hw}")
        for key in counts:
            if key not in listed:
                problems.append(f"index: annotated article {key} not listed")
    else:
        problems.append(f"missing {INDEX.name}")

    for p in problems:
        print("FAIL", p)
    print(f"{len(lines)} statements in {len(counts)} articles; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
