#!/usr/bin/env python3
"""Sanity checks for the hand-written gold annotations (stdlib only).

Usage:  python tests/gold/check_gold.py [--gold PATH] [--articles DIR]

Checks, for every line of the gold file:
  * the file exists under data/articles/ and the record number exists in it;
  * article_id equals the record's "id" (json/jsonl) or is null (txt/html);
  * evidence occurs exactly once in the article text (for html: in the visible text of <body>,
    after entity unescaping, and inside a single block such as one <p>);
  * speaker_text occurs in the article text and inside the evidence string;
  * enum fields, id formats and dates are well formed.
Also reports per-article word counts (150-400 words expected) and corpus statistics.
Exit status 1 when any check fails.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "sample_corpus.jsonl"
DEFAULT_ARTICLES = HERE.parent.parent / "data" / "articles"

STANCES = {"support", "oppose", "neutral"}
TOPICS = {"peacekeeping_force", "sanctions", "military_aid", "ceasefire_negotiations", "nato_membership", "unassigned"}
PRECISIONS = {"day", "month", "year", None}
DATE_SOURCES = {"text", "published", "unknown"}
ACTOR_RE = re.compile(r"^(state:[A-Z]{3}|org:[A-Z][A-Z0-9]*|person:[a-z0-9]+(-[a-z0-9]+)*|group:[a-z0-9]+(-[a-z0-9]+)*)$")
FIELDS = ["file", "record", "article_id", "evidence", "speaker_text", "actor_id", "represents", "reported_via",
          "stance", "is_conditional", "topic", "date", "date_precision", "date_source"]

BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption",
              "header", "footer", "nav", "section", "article", "aside", "main", "br", "form", "button",
              "blockquote", "title", "tr", "td"}
SKIP_TAGS = {"script", "style", "head", "noscript"}


class VisibleText(HTMLParser):
    """Visible body text; every block element starts a new line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(self.parts).split("\n")]
        return "\n".join(line for line in lines if line)


def load_records(path: Path) -> list[dict]:
    """Return the file's records as dicts with at least 'text' (and 'id' when given)."""
    suffix = path.suffix.lower()
    raw = path.read_text(encoding="utf-8")
    if suffix == ".json":
        data = json.loads(raw)
        return data if isinstance(data, list) else [data]
    if suffix == ".jsonl":
        return [json.loads(line) for line in raw.splitlines() if line.strip()]
    if suffix in (".txt", ".md"):
        lines = raw.splitlines()
        while lines and not lines[0].strip():
            lines.pop(0)
        title = lines[0].strip() if lines else ""
        return [{"id": None, "title": title, "text": "\n".join(lines[1:]).strip()}]
    if suffix in (".html", ".htm"):
        parser = VisibleText()
        parser.feed(raw)
        m = re.search(r'<meta[^>]+property="article:published_time"[^>]+content="([^"]+)"', raw)
        return [{"id": None, "text": parser.text(), "raw_unescaped": unescape(raw),
                 "published_at": m.group(1) if m else None}]
    raise ValueError(f"unsupported file type: {path}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    ap.add_argument("-q", "--quiet", action="store_true", help="only print errors and the summary line")
    args = ap.parse_args(argv)

    errors: list[str] = []
    cache: dict[str, list[dict]] = {}
    seen_keys: set[tuple] = set()
    stats = Counter()
    per_article = Counter()

    lines = [l for l in args.gold.read_text(encoding="utf-8").splitlines() if l.strip()]
    for n, line in enumerate(lines, 1):
        where = f"gold line {n}"
        try:
            g = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: invalid JSON ({e})")
            continue
        missing = [f for f in FIELDS if f not in g]
        extra = [f for f in g if f not in FIELDS]
        if missing or extra:
            errors.append(f"{where}: missing fields {missing} / unexpected fields {extra}")
            continue
        path = args.articles / g["file"]
        if not path.is_file():
            errors.append(f"{where}: file not found: {g['file']}")
            continue
        if g["file"] not in cache:
            cache[g["file"]] = load_records(path)
        recs = cache[g["file"]]
        if not isinstance(g["record"], int) or not 1 <= g["record"] <= len(recs):
            errors.append(f"{where}: record {g['record']} out of range 1..{len(recs)} in {g['file']}")
            continue
        rec = recs[g["record"] - 1]
        where = f"gold line {n} ({g['file']}#{g['record']})"
        if g["article_id"] != rec.get("id"):
            errors.append(f"{where}: article_id {g['article_id']!r} != record id {rec.get('id')!r}")
        text = rec["text"]
        ev, sp = g["evidence"], g["speaker_text"]
        cnt = text.count(ev)
        if cnt != 1:
            errors.append(f"{where}: evidence occurs {cnt} times: {ev!r}")
        elif "\n" in ev:
            errors.append(f"{where}: evidence spans more than one paragraph: {ev!r}")
        if "raw_unescaped" in rec:
            # loose check against the raw page, whitespace-normalised
            flat = re.sub(r"\s+", " ", rec["raw_unescaped"])
            if ev not in flat:
                errors.append(f"{where}: evidence not found in unescaped raw HTML: {ev!r}")
        if not sp or sp not in text:
            errors.append(f"{where}: speaker_text not in article: {sp!r}")
        elif sp not in ev:
            errors.append(f"{where}: speaker_text {sp!r} not inside evidence {ev!r}")
        for key in ("actor_id", "represents"):
            v = g[key]
            if v is not None and not ACTOR_RE.match(v):
                errors.append(f"{where}: bad {key} {v!r}")
        if g["represents"] is not None and not g["represents"].startswith(("state:", "org:")):
            errors.append(f"{where}: represents must be a state or organisation: {g['represents']!r}")
        if g["stance"] not in STANCES:
            errors.append(f"{where}: bad stance {g['stance']!r}")
        if g["topic"] not in TOPICS:
            errors.append(f"{where}: bad topic {g['topic']!r}")
        if not isinstance(g["is_conditional"], bool):
            errors.append(f"{where}: is_conditional must be boolean")
        if g["reported_via"] is not None and not isinstance(g["reported_via"], str):
            errors.append(f"{where}: reported_via must be a string or null")
        if g["date_precision"] not in PRECISIONS or g["date_source"] not in DATE_SOURCES:
            errors.append(f"{where}: bad date_precision/date_source")
        if g["date_source"] == "unknown":
            if g["date"] is not None or g["date_precision"] is not None:
                errors.append(f"{where}: unknown date must have date and precision null")
        else:
            try:
                d = dt.date.fromisoformat(g["date"])
            except (TypeError, ValueError):
                errors.append(f"{where}: bad date {g['date']!r}")
                d = None
            if d and g["date_precision"] == "month" and d.day != 1:
                errors.append(f"{where}: month precision must use the first of the month")
            pub = rec.get("published_at")
            if d and pub:
                pub_d = dt.date.fromisoformat(pub[:10])
                if d > pub_d:
                    errors.append(f"{where}: statement date {d} after publication {pub_d}")
                if g["date_source"] == "published" and d != pub_d:
                    errors.append(f"{where}: date_source=published but date {d} != {pub_d}")
            if g["date_source"] == "published" and not pub:
                errors.append(f"{where}: date_source=published but the record has no published_at")
        key = (g["file"], g["record"], ev)
        if key in seen_keys:
            errors.append(f"{where}: duplicate gold entry")
        seen_keys.add(key)
        stats["statements"] += 1
        stats["stance:" + g["stance"]] += 1
        stats["topic:" + g["topic"]] += 1
        stats["date_source:" + g["date_source"]] += 1
        stats["conditional"] += g["is_conditional"]
        stats["unnamed/unresolved speaker"] += g["actor_id"] is None
        stats["reported_via"] += g["reported_via"] is not None
        per_article[(g["file"], g["record"])] += 1

    # every article in the corpus should be known to the checker; word counts
    n_articles = 0
    for path in sorted(args.articles.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".json", ".jsonl", ".txt", ".md", ".html", ".htm"):
            continue
        rel = path.relative_to(args.articles).as_posix()
        recs = cache.get(rel) or load_records(path)
        for i, rec in enumerate(recs, 1):
            n_articles += 1
            if path.suffix.lower() in (".html", ".htm"):
                continue  # visible page text includes navigation; word count not meaningful
            words = len(rec["text"].split())
            if not 150 <= words <= 400:
                errors.append(f"{rel}#{i}: {words} words (expected 150-400)")
            if (rel, i) not in per_article and not args.quiet:
                print(f"note: {rel}#{i} has no gold statements")

    for e in errors:
        print("ERROR:", e)
    if not args.quiet:
        for k in sorted(stats):
            print(f"{k:32s} {stats[k]}")
    print(f"checked {len(lines)} gold statements over {n_articles} articles: "
          f"{'OK' if not errors else str(len(errors)) + ' error(s)'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
