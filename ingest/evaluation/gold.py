"""Loading gold statements and the articles they annotate, with gold spans located in the text."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ingest.extraction.workers import article_doc
from ingest.readers import ArticleRecord, read_inputs


@dataclass
class GoldStatement:
    article_key: str
    evidence_start: int
    evidence_end: int
    speaker_start: int
    speaker_end: int
    actor_id: str | None
    represents: str | None
    stance: str
    is_conditional: bool
    topic: str
    date: str | None
    raw: dict


@dataclass
class GoldSet:
    name: str
    articles: dict[str, ArticleRecord]
    statements: list[GoldStatement]
    problems: list[str]


def _locate_speaker(text: str, speaker: str, ev_start: int, ev_end: int) -> tuple[int, int] | None:
    best = None
    start = text.find(speaker)
    while start != -1:
        end = start + len(speaker)
        inside_word = (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())
        if inside_word:  # "it" in "commit", "he" in "They"
            start = text.find(speaker, start + 1)
            continue
        # Rank: inside the evidence; before it in the same paragraph ("Lavrov said ..., calling it ...");
        # after it; before it in an earlier paragraph — nearest first within each tier.
        if start >= ev_start and end <= ev_end:
            distance = (0, 0)
        elif end <= ev_start:
            distance = (1, ev_start - end) if "\n" not in text[end:ev_start] else (3, ev_start - end)
        else:
            distance = (2, start - ev_end + 1) if start >= ev_end else (0, 0)
        if best is None or distance < best[0]:
            best = (distance, start, end)
        start = text.find(speaker, start + 1)
    return (best[1], best[2]) if best else None


def _statement(key: str, text: str, row: dict, problems: list[str]) -> GoldStatement | None:
    ev_start = text.find(row["evidence"])
    if ev_start == -1:
        problems.append(f"{key}: evidence not found: {row['evidence'][:50]!r}")
        return None
    ev_end = ev_start + len(row["evidence"])
    speaker = _locate_speaker(text, row["speaker_text"], ev_start, ev_end)
    if speaker is None:
        problems.append(f"{key}: speaker not found: {row['speaker_text']!r}")
        return None
    return GoldStatement(key, ev_start, ev_end, speaker[0], speaker[1], row.get("actor_id"), row.get("represents"),
                         row["stance"], bool(row.get("is_conditional")), row.get("topic") or "unassigned", row.get("date"), row)


def canonical_gold_ids(gold: "GoldSet", gazetteer) -> None:
    """Annotators wrote ids as slugs of the name they saw ("person:sergey-lavrov"); map a slug that
    is not a gazetteer id to the gazetteer actor whose name or alias has that slug."""
    import re
    import unicodedata

    def slug(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")

    by_slug: dict[str, str] = {}
    for actor_id, record in gazetteer.actors.items():
        kind = actor_id.split(":", 1)[0]
        for name in (record.name, *record.aliases):
            by_slug.setdefault(f"{kind}:{slug(name)}", actor_id)
    for statement in gold.statements:
        for attr in ("actor_id", "represents"):
            value = getattr(statement, attr)
            if value and value not in gazetteer and value in by_slug:
                setattr(statement, attr, by_slug[value])


def _read_rows(gold_file: Path) -> list[dict]:
    return [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]


def _gold_set(name: str, rows: list[dict], articles: dict[str, ArticleRecord], position: str) -> GoldSet:
    """Locate each gold row in its article (`position` names the row field: record or row)."""
    problems: list[str] = []
    statements = []
    for row in rows:
        key = f"{row['file']}#{row[position]}"
        if key not in articles:
            problems.append(f"{key}: article not found")
            continue
        statement = _statement(key, articles[key].text, row, problems)
        if statement:
            statements.append(statement)
    return GoldSet(name, articles, statements, problems)


def load_sample_gold(gold_file: Path, corpus_dir: Path) -> GoldSet:
    rows = _read_rows(gold_file)
    articles: dict[str, ArticleRecord] = {}
    for file in sorted({r["file"] for r in rows}):
        for item in read_inputs([corpus_dir / file]):
            if isinstance(item, ArticleRecord):
                articles[f"{file}#{item.record_number}"] = item
    return _gold_set("sample corpus", rows, articles, "record")


def load_real_gold(gold_file: Path, index_file: Path, data_dir: Path) -> GoldSet | None:
    """The annotated real articles (rows are 0-based data rows); None when the data folder is absent."""
    if not data_dir.is_dir():
        return None
    with index_file.open(encoding="utf-8") as handle:
        annotated = {(r["file"], int(r["row"])) for r in csv.DictReader(handle)}
    return _gold_set("real articles", _read_rows(gold_file), _real_articles(data_dir, annotated), "row")


def load_real_labels(labels_file: Path, data_dir: Path, name: str = "labelled extractions") -> GoldSet | None:
    """Statements labelled in real articles, in the gold format (the articles are the rows the file
    names); None when the data folder is absent."""
    if not data_dir.is_dir():
        return None
    rows = _read_rows(labels_file)
    return _gold_set(name, rows, _real_articles(data_dir, {(r["file"], int(r["row"])) for r in rows}), "row")


def _real_articles(data_dir: Path, wanted: set[tuple[str, int]]) -> dict[str, ArticleRecord]:
    articles: dict[str, ArticleRecord] = {}
    for file in sorted({f for f, _ in wanted}):
        rows = {row for f, row in wanted if f == file}
        for item in read_inputs([data_dir / file]):
            if isinstance(item, ArticleRecord) and item.record_number - 1 in rows:
                articles[f"{file}#{item.record_number - 1}"] = item
    return articles


def article_docs(nlp, gold: GoldSet) -> tuple[list[str], list]:
    """The set's article keys (sorted) and an unprocessed Doc for each, with its publication date, author and title."""
    keys = sorted(gold.articles)
    return keys, [article_doc(nlp, gold.articles[key]) for key in keys]


WIKINEWS_SPLITS = {"dev": "wikinews dev", "heldout": "wikinews held-out"}


def load_wikinews_gold(folder: Path, split: str) -> GoldSet:
    """One half of the Wikinews gold (`tests/gold/wikinews/`): the articles of that split, read by the
    same JSONL reader as `stance ingest`, and its statements with the annotated offsets."""
    rows = _read_rows(folder / f"statements_{split}.jsonl") if (folder / f"statements_{split}.jsonl").is_file() else []
    articles: dict[str, ArticleRecord] = {}
    for item in read_inputs([folder / "articles.jsonl"]):
        if isinstance(item, ArticleRecord) and _wikinews_split(item.article_id) == split:
            articles[f"wikinews#{item.article_id}"] = item
    problems: list[str] = []
    statements = []
    for row in rows:
        key = f"wikinews#{row['article_id']}"
        if key not in articles:
            problems.append(f"{key}: article not found in the {split} half")
            continue
        text = articles[key].text
        ev_start = text.find(row["evidence"])
        if ev_start == -1 or text[row["speaker_start"]:row["speaker_end"]] != row["speaker_text"]:
            problems.append(f"{key}: evidence or speaker span does not match the text: {row['evidence'][:50]!r}")
            continue
        statements.append(GoldStatement(key, ev_start, ev_start + len(row["evidence"]), row["speaker_start"],
                                        row["speaker_end"], row.get("actor_id"), row.get("represents"), row["stance"],
                                        bool(row.get("is_conditional")), row.get("topic") or "unassigned",
                                        row.get("date"), row))
    return GoldSet(WIKINEWS_SPLITS[split], articles, statements, problems)


def _wikinews_split(article_id: str) -> str:
    """The fixed split rule: held-out when the first hex digit after `wn-` is even."""
    return "heldout" if article_id[3:4] in set("02468ace") else "dev"
