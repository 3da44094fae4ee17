#!/usr/bin/env python3
"""Fill the character offsets of hand-annotated Wikinews statements from the strings chosen.

Usage: python tests/gold/wikinews/fill_offsets.py STATEMENTS.jsonl [...]

For every record: the cue is the first occurrence of `cue_text` inside `evidence` (or the
`cue_occurrence`-th, 1-based); the speaker is the occurrence of `speaker_text` inside the evidence
when there is one, else the whole-word occurrence nearest the cue within the same paragraph (or the
`speaker_occurrence`-th occurrence in the whole text, 1-based). Writes the file back in place with
`speaker_start`, `speaker_end`, `cue_start`, `cue_end` set, and `split` from the article id.
Records it cannot place are listed and left unchanged; exit status 1 then. Stdlib only.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles.jsonl"
HELDOUT_DIGITS = set("02468ace")
FIELD_ORDER = [
    "article_id", "split", "evidence", "speaker_text", "speaker_start", "speaker_end", "cue_text",
    "cue_start", "cue_end", "actor_id", "speaker_kind", "represents", "topic", "stance",
    "is_conditional", "condition_text", "date", "date_precision", "date_source", "date_text",
]


def split_of(article_id: str) -> str:
    return "heldout" if article_id[3:4] in HELDOUT_DIGITS else "dev"


def occurrences(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def whole_word(text: str, start: int, end: int) -> bool:
    """The span does not start or end inside a word ("he" in "the" is not a speaker)."""
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def place(rec: dict, text: str) -> str | None:
    """Set the offsets on `rec`; return a problem description, or None."""
    ev, cue, sp = rec.get("evidence") or "", rec.get("cue_text") or "", rec.get("speaker_text") or ""
    ev_hits = occurrences(text, ev) if ev else []
    if len(ev_hits) != 1:
        return f"evidence occurs {len(ev_hits)} times: {ev!r}"
    ev_start = ev_hits[0]
    cue_hits = occurrences(ev, cue) if cue else []
    if not cue_hits:
        return f"cue_text {cue!r} not inside evidence {ev!r}"
    n = int(rec.get("cue_occurrence", 1))
    if not 1 <= n <= len(cue_hits):
        return f"cue_occurrence {n} but cue_text occurs {len(cue_hits)} times in evidence"
    cue_start = ev_start + cue_hits[n - 1]
    sp_hits = [h for h in occurrences(text, sp) if whole_word(text, h, h + len(sp))] if sp else []
    if not sp_hits:
        return f"speaker_text not found: {sp!r}"
    if "speaker_occurrence" in rec:
        k = int(rec["speaker_occurrence"])
        if not 1 <= k <= len(sp_hits):
            return f"speaker_occurrence {k} but speaker_text occurs {len(sp_hits)} times"
        sp_start = sp_hits[k - 1]
    else:
        inside = [h for h in sp_hits if ev_start <= h and h + len(sp) <= ev_start + len(ev)]
        if inside:
            sp_start = min(inside, key=lambda h: abs(h - cue_start))
        else:
            para_start = text.rfind("\n\n", 0, cue_start) + 1
            para_end = text.find("\n\n", cue_start)
            para_end = len(text) if para_end < 0 else para_end
            near = [h for h in sp_hits if para_start <= h < para_end]
            if not near:
                return f"speaker_text {sp!r} not in the cue's paragraph"
            sp_start = min(near, key=lambda h: abs(h - cue_start))
    rec["speaker_start"], rec["speaker_end"] = sp_start, sp_start + len(sp)
    rec["cue_start"], rec["cue_end"] = cue_start, cue_start + len(cue)
    return None


def ordered(rec: dict) -> dict:
    out = {k: rec[k] for k in FIELD_ORDER if k in rec}
    out.update({k: v for k, v in rec.items() if k not in out})
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2])
        return 2
    texts = {}
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            art = json.loads(line)
            texts[art["id"]] = art["text"]
    failed = 0
    for name in argv[1:]:
        path = Path(name)
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        out = []
        for n, line in enumerate(lines, 1):
            rec = json.loads(line)
            aid = rec.get("article_id")
            if aid not in texts:
                print(f"{path.name} line {n}: unknown article {aid!r}")
                failed += 1
            else:
                rec["split"] = split_of(aid)
                problem = place(rec, texts[aid])
                if problem:
                    print(f"{path.name} line {n} ({aid}): {problem}")
                    failed += 1
            out.append(json.dumps(ordered(rec), ensure_ascii=False))
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(lines)} records, {failed} not placed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
