"""Custom attributes the components write. Values are plain data, cheap to send from worker processes."""

from __future__ import annotations

from spacy.tokens import Doc, Token

DOC_EXTENSIONS: dict[str, object] = {
    "article_id": None,
    "published": None,  # ISO date string of the publication date, or None
    "author": None,
    "title": None,
    "boilerplate": None,  # list of {start, end, kind}
    "actor_mentions": None,  # list of mention dicts, see components.actors
    "statements": None,  # list of statement dicts, see components.attribution
}


def register_extensions() -> None:
    """Register the extensions once; safe to call from every component factory."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Token.has_extension("is_boilerplate"):
        Token.set_extension("is_boilerplate", default=False)
