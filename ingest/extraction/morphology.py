"""Lemmas and coarse parts of speech from the tagger's fine-grained tags alone.

The pipeline does not run the model's attribute_ruler and lemmatizer (they cost ~15% of the time, and
only a few hundred words matter here): the lemma of a word in this project's word lists comes from
their inflected forms, and the coarse part of speech from the Penn Treebank tag.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ingest.extraction.lexicon import (
    HEDGES,
    INFERENCE_VERBS,
    INTEREST_CUES,
    NOUN_CUES,
    OPPOSE_WORDS,
    PHRASE_CUES,
    SPEECH_CUES,
    SUPPORT_WORDS,
    TARGET_DISFAVOURING,
    TARGET_FAVOURING,
    TARGET_FAVOURING_VERBS,
)

IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "speak": ["spoke", "spoken"],
    "think": ["thought"], "hold": ["held"], "make": ["made"], "give": ["gave", "given"], "take": ["took", "taken"],
    "come": ["came"], "send": ["sent"], "lead": ["led"], "seek": ["sought"], "bring": ["brought"],
    "be": ["is", "are", "was", "were", "been", "being", "am", "'s", "'re", "'m", "’s", "’re"],
    "have": ["has", "had", "having", "'ve", "’ve"], "do": ["does", "did", "done", "doing"],
    "put": ["put", "puts", "putting"], "set": ["set"], "rule": ["ruled", "rules", "ruling"],
    "forbid": ["forbade", "forbidden"], "withdraw": ["withdrew", "withdrawn"], "undertake": ["undertook", "undertaken"],
    "foresee": ["foresaw", "foreseen"], "quit": ["quit"], "bid": ["bid"], "lay": ["laid"], "mean": ["meant"],
    "show": ["shown"],
}

AUXILIARIES = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must"}

TAG_TO_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB", "VBD": "VERB", "VBG": "VERB",
    "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON",
    "DT": "DET", "PDT": "DET", "WDT": "DET", "IN": "ADP", "RP": "ADP", "CC": "CCONJ", "CD": "NUM",
    "UH": "INTJ", "TO": "PART", "POS": "PART",
}


def _regular_forms(base: str) -> list[str]:
    forms = [base + "s", base + "ing", base + "ed"]
    if base.endswith("e"):
        forms += [base + "d", base[:-1] + "ing"]
    if base.endswith(("s", "sh", "ch", "x", "z")):
        forms.append(base + "es")
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        forms += [base[:-1] + "ies", base[:-1] + "ied"]
    if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms += [base + base[-1] + "ed", base + base[-1] + "ing"]  # ban → banned, plan → planning
    return forms


@lru_cache(maxsize=1)
def form_table() -> dict[str, str]:
    words = set(SPEECH_CUES) | set(NOUN_CUES) | {w for phrase in (*PHRASE_CUES, *INTEREST_CUES) for w in phrase} | SUPPORT_WORDS | OPPOSE_WORDS | HEDGES | INFERENCE_VERBS
    words |= TARGET_FAVOURING | TARGET_FAVOURING_VERBS | TARGET_DISFAVOURING
    words |= {"cite", "quote", "open", "ready", "willing", "prepared", "speak", "address", "talk", "answer", "respond", "post", "tweet"}
    table: dict[str, str] = {}
    for base in sorted(words):
        for form in _regular_forms(base):
            table.setdefault(form, base)
    for base, forms in IRREGULAR.items():
        for form in forms:
            table[form] = base
    for base in words:
        table[base] = base
    return table


def lemma_of(token: Token) -> str:
    """Lemma of a word in the project's word lists (its lower-case form otherwise)."""
    lower = token.lower_
    return form_table().get(lower, lower)


def coarse_pos(token: Token) -> str:
    """Universal part of speech from the fine-grained tag; forms of be/have/do and modals are AUX."""
    tag = token.tag_
    if tag.startswith("VB") and form_table().get(token.lower_, token.lower_) in AUXILIARIES:
        return "AUX"
    return TAG_TO_POS.get(tag, "X")
