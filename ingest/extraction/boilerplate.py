"""Component `stance_boilerplate`: page furniture (bios, captions, related links, newsletter boxes).

Paragraphs that are page furniture are recorded on ``doc._.boilerplate`` as ``{start, end, kind}``
(character offsets into the unchanged text) and their tokens get ``token._.is_boilerplate``.
Nothing is removed, so offsets never shift; later components skip these paragraphs.

Some furniture sits at the start of a paragraph that goes on with real text: the timestamp of a
live-blog entry ("23 Jul 2022 22.52 The governor …") and an embedded social-media post that ends
with its signature ("… — Name (@handle) May 8, 2022 António Guterres said …"). These pieces are recorded the same
way (kinds ``timestamp`` and ``embedded_post``, the post's signature only: its text stays text) and
they are sentences of their own, so a timestamp or a post's author never becomes part of a speaker.
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


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

# Furniture inside a paragraph whose other text is real. A prefix pattern is matched at the paragraph
# start (a live-blog entry's timestamp); an inline pattern anywhere in it (the signature line of an
# embedded social-media post, whose text before it stays text).
DEFAULT_PREFIX_PATTERNS: dict[str, list[str]] = {
    "timestamp": [
        rf"(?:from )?\d{{1,2}} {_MONTHS} \d{{4}},? \d{{1,2}}[.:]\d{{2}}(?: ?(?:am|pm))?(?: (?:bst|gmt|cet|cest|eet|eest|utc|edt|est))?\b",
        rf"(?:from )?{_MONTHS} \d{{1,2}},? \d{{4}},? (?:at )?\d{{1,2}}[.:]\d{{2}}(?: ?(?:am|pm))?(?: (?:bst|gmt|cet|cest|eet|eest|utc|edt|est))?\b",
    ],
}
DEFAULT_INLINE_PATTERNS: dict[str, list[str]] = {
    "embedded_post": [rf"[—–]\s?[^\n—–]{{1,80}}?\(@\w{{1,30}}\)\s+{_MONTHS} \d{{1,2}},? \d{{4}}"],
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
    def __init__(self, patterns: dict[str, list[str]], max_chars: int, related_list_max_chars: int, headline_max_chars: int,
                 prefix_patterns: dict[str, list[str]] | None = None, inline_patterns: dict[str, list[str]] | None = None) -> None:
        self.headline_max_chars = headline_max_chars
        self.prefix_patterns = _compiled(prefix_patterns or {})
        self.inline_patterns = _compiled(inline_patterns or {})
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
            start = self._prefixes(text, start, end, found)
            if start >= end:
                continue
            for kind, regex in self.inline_patterns:
                found.extend({"start": m.start(), "end": m.end(), "kind": kind} for m in regex.finditer(text, start, end))
            paragraph = text[start:end]
            kind = self.classify(paragraph, author)
            if kind is None and in_related_list and len(paragraph) <= self.related_list_max_chars and not paragraph.endswith((".", "”", '"')):
                kind = "related"
            in_related_list = kind == "related" or (in_related_list and kind is not None)
            if kind is not None:
                found.append({"start": start, "end": end, "kind": kind})
        return sorted(found, key=lambda span: span["start"])

    def _prefixes(self, text: str, start: int, end: int, found: list[dict]) -> int:
        """Record furniture prefixes of the paragraph at `start` (repeatedly: a timestamp, then a
        post); return where the paragraph's own text begins."""
        while start < end:
            hit = next(((kind, m) for kind, regex in self.prefix_patterns
                        if (m := regex.match(text, start, end)) and m.end() > start), None)
            if hit is None:
                break
            found.append({"start": start, "end": hit[1].end(), "kind": hit[0]})
            start = hit[1].end()
            while start < end and text[start].isspace():
                start += 1
        return start


def _compiled(patterns: dict[str, list[str]]) -> list[tuple[str, re.Pattern]]:
    """(kind, compiled regex) pairs, case-insensitive, in the order given."""
    return [(kind, re.compile(pattern, re.IGNORECASE)) for kind, plist in patterns.items() for pattern in plist]


@Language.factory(
    "stance_boilerplate",
    default_config={"patterns": DEFAULT_PATTERNS, "prefix_patterns": DEFAULT_PREFIX_PATTERNS,
                    "inline_patterns": DEFAULT_INLINE_PATTERNS, "max_chars": 600,
                    "related_list_max_chars": 140, "headline_max_chars": 160},
)
def make_boilerplate(nlp: Language, name: str, patterns: dict[str, list[str]], prefix_patterns: dict[str, list[str]],
                     inline_patterns: dict[str, list[str]], max_chars: int, related_list_max_chars: int, headline_max_chars: int):
    register_extensions()
    detector = BoilerplateDetector(patterns, max_chars, related_list_max_chars, headline_max_chars, prefix_patterns,
                                   inline_patterns)

    def boilerplate(doc: Doc) -> Doc:
        spans = detector.detect(doc.text, doc._.author)
        doc._.boilerplate = spans
        for span in spans:
            char_span = doc.char_span(span["start"], span["end"], alignment_mode="expand")
            if char_span is not None:
                for token in char_span:
                    token._.is_boilerplate = True
                char_span[0].is_sent_start = True  # furniture inside a paragraph is a sentence of its own
                following = char_span.end
                while following < len(doc) and doc[following].is_space:
                    following += 1
                if following < len(doc):
                    doc[following].is_sent_start = True  # the text after furniture starts afresh
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
