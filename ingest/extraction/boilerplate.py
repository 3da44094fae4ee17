"""Component `stance_boilerplate`: page furniture (bios, captions, related links, newsletter boxes).

Paragraphs that are page furniture are recorded on ``doc._.boilerplate`` as ``{start, end, kind}``
(character offsets into the unchanged text) and their tokens get ``token._.is_boilerplate``.
Nothing is removed, so offsets never shift; later components skip these paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extraction.extensions import register_extensions

DEFAULT_PATTERNS: dict[str, list[str]] = {
    "photo_caption": [
        r"^(photo|photograph|image|picture|pictured|video|illustration|file photo)\s*[:|(]",
        r"\((ap|afp|reuters|getty|epa|anadolu)[ /]",
        r"\b(ap|afp|epa|reuters|getty images|anadolu agency|shutterstock)\s*(photo)?\s*[/|)]",
        r"(photograph|photo|image)\s*:\s*[\w .'-]+/[\w .'-]+$",
        r"\|\s*(photo|photograph)\b",
        r"^(credit|source)\s*:",
        r"\b(photo|image) (credit|courtesy)\b",
    ],
    "related": [
        r"^(read more|related|related articles?|related stories|related coverage|see also|more on this story|"
        r"also read|recommended|most read|most popular|you may also like|more from|further reading|explainer)\b",
    ],
    "newsletter": [
        r"\bsign up\b", r"\bnewsletter\b", r"\bsubscribe\b", r"\bsubscription\b", r"\bunsubscribe\b",
        r"\bprivacy (policy|notice)\b", r"\bcookies?\b",
    ],
    "navigation": [
        r"^(show more|show less|load more|connect with us|follow us|share (this|on)|skip to|advertisement|"
        r"back to top|click here|comments?|print|email|copy link|home|menu|next article|previous article|"
        r"topics?|tags?|filed under|listen to this article|watch|updated|published)\b",
        r"^(facebook|twitter|linkedin|whatsapp|telegram|x)(\s*[|·•]\s*\w+)+$",
        r"^[\w ]{1,25}(\s*[|·•]\s*[\w ]{1,25}){2,}$",
    ],
    "author_bio": [
        r"\bis (a|an|the) ([\w-]+ ){0,4}(correspondent|reporter|journalist|editor|writer|columnist|"
        r"contributor|fellow|producer|analyst|photographer|researcher)\b",
        r"\b(is|are) fluent in\b", r"\bfollow (him|her|them) on\b", r"\b(he|she) (previously|formerly) (worked|reported)\b",
        r"\bspent (a|one|two|three|several) (year|years|months) (at|with|in)\b",
        r"^about the (author|writer|reporter)\b", r"\bcan be reached at\b", r"\bhas (reported|written) (for|from|on)\b",
        r"\b(joined|joins) (the|our) [\w ]{0,30}(desk|team|bureau|newsroom)\b", r"^by [A-Z][\w.'-]+ [A-Z][\w.'-]+\s*$",
    ],
}


def iter_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Start and end offsets of each non-empty line (a paragraph in scraped text), whitespace trimmed."""
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        segment = match.group()
        stripped_left = len(segment) - len(segment.lstrip())
        stripped_right = len(segment) - len(segment.rstrip())
        if end - stripped_right > start + stripped_left:
            yield start + stripped_left, end - stripped_right


class BoilerplateDetector:
    def __init__(self, patterns: dict[str, list[str]], max_chars: int, related_list_max_chars: int, headline_max_chars: int) -> None:
        self.headline_max_chars = headline_max_chars
        self.patterns = {kind: [re.compile(p, re.IGNORECASE) for p in plist] for kind, plist in patterns.items()}
        self.max_chars = max_chars
        self.related_list_max_chars = related_list_max_chars

    def classify(self, paragraph: str, author: str | None) -> str | None:
        if len(paragraph) > self.max_chars:
            return None
        if author and len(author) > 3 and paragraph.startswith(author) and re.search(r"\b(is|was|has|covers|reports)\b", paragraph[len(author):len(author) + 20]):
            return "author_bio"
        for kind, regexes in self.patterns.items():
            if any(r.search(paragraph) for r in regexes):
                return kind
        if len(paragraph) <= self.headline_max_chars and not re.search(r"[.!?:;\"”’)]\s*$", paragraph):
            return "headline"  # titles, standfirsts and subheads carry no attributed statements
        return None

    def detect(self, text: str, author: str | None) -> list[dict]:
        found: list[dict] = []
        in_related_list = False
        for start, end in iter_paragraphs(text):
            paragraph = text[start:end]
            kind = self.classify(paragraph, author)
            if kind is None and in_related_list and len(paragraph) <= self.related_list_max_chars and not paragraph.endswith((".", "”", '"')):
                kind = "related"
            in_related_list = kind == "related" or (in_related_list and kind is not None)
            if kind is not None:
                found.append({"start": start, "end": end, "kind": kind})
        return found


@Language.factory(
    "stance_boilerplate",
    default_config={"patterns": DEFAULT_PATTERNS, "max_chars": 600, "related_list_max_chars": 140, "headline_max_chars": 160},
)
def make_boilerplate(nlp: Language, name: str, patterns: dict[str, list[str]], max_chars: int, related_list_max_chars: int,
                     headline_max_chars: int):
    register_extensions()
    detector = BoilerplateDetector(patterns, max_chars, related_list_max_chars, headline_max_chars)

    def boilerplate(doc: Doc) -> Doc:
        spans = detector.detect(doc.text, doc._.author)
        doc._.boilerplate = spans
        for span in spans:
            char_span = doc.char_span(span["start"], span["end"], alignment_mode="expand")
            if char_span is not None:
                for token in char_span:
                    token._.is_boilerplate = True
        return doc

    return boilerplate


@Language.factory("stance_paragraph_breaks", default_config={})
def make_paragraph_breaks(nlp: Language, name: str):
    """Start a sentence after every line break, so a caption never merges with the next paragraph."""

    def paragraph_breaks(doc: Doc) -> Doc:
        for token in doc[:-1]:
            if "\n" in token.text or token.whitespace_.endswith("\n"):
                following = doc[token.i + 1]
                if not following.is_space:
                    following.is_sent_start = True
        return doc

    return paragraph_breaks
