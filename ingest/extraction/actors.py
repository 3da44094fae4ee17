"""Component `stance_actors`: actor mentions (people, states, organisations) resolved to gazetteer ids.

Sources, strongest first: gazetteer aliases and metonyms ("the Kremlin" → state:RUS), role phrases
resolved at the publication date ("the Turkish president" → person:recep-tayyip-erdogan), and the
model's named entities (a person not in the gazetteer gets an id made from the name).
Mentions are written to ``doc._.actor_mentions`` as plain dicts.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ingest.extraction.extensions import register_extensions
from ingest.gazetteer.lookup import Gazetteer, load_gazetteer

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


# Words before a surname that are not a first name ("President Biden", "Mr. Lavrov").
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "prime", "minister", "chancellor",
    "secretary", "general", "gen", "senator", "sen", "rep", "representative", "king", "queen", "prince", "pope",
    "foreign", "defence", "defense", "deputy", "vice", "ambassador", "commissioner", "governor", "mayor", "colonel",
    "col", "lt", "admiral", "adm", "marshal", "premier", "chairman", "chairwoman", "speaker", "former", "acting",
})


# Words before a bare surname that still make it a surname mention ("Mr. Whelan").
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Ms"})


def person_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’`]s$", "", ascii_name)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    base = re.sub(r"['’`]s$", "", name)
    if not re.search(r"[A-Za-z0-9]", unicodedata.normalize("NFKD", base)):
        # a name in a script without Latin letters ("Владимир Зеленский"): its own letters, not "person:"
        slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", base).casefold()).strip("-")
    return "person:" + slug


class ActorFinder:
    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._published: date | None = None
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for alias, actor_id in sorted(gazetteer.alias_items()):
            self.matcher.add(actor_id, [nlp.make_doc(alias)])
        for word, actor_id in sorted(gazetteer.demonym_items()):
            self.matcher.add(actor_id, [nlp.make_doc(word)])
        labels = gazetteer.role_labels()
        self.role_re = re.compile(
            r"(?:\b[Tt]he\s+)?(?P<owner>\b[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:['’]s)?\s+"
            r"(?i:(?:(?:acting|former|deputy|then|chief|top|senior)\s+)?)(?P<role>(?i:"
            + "|".join(re.escape(label) for label in labels) + r"))\b"
        )

    def find(self, doc: Doc) -> list[dict]:
        published = date.fromisoformat(doc._.published) if doc._.published else None
        self._published = published
        text_of_doc = doc.text
        found: list[dict] = []
        matches = self.matcher(doc)
        gazetteer_spans = filter_spans([doc[s:e] for _, s, e in matches])
        by_span = {}
        for _, s, e in matches:
            by_span.setdefault((s, e), self.gazetteer.match_alias(doc[s:e].text) or self.gazetteer.demonym(doc[s:e].text))
        for span in gazetteer_spans:
            actor_id = by_span.get((span.start, span.end))
            if actor_id and not re.search(r"\b(pro|anti)-$", text_of_doc[max(0, span.start_char - 5):span.start_char], re.I):
                # "pro-Russian separatists", "anti-Western": a position, not the state
                found.append(self._mention(span.start_char, span.end_char, text_of_doc, "GAZETTEER", actor_id))
        surnames = self._article_surnames(doc)  # "Mr. Whelan" → the "Paul Whelan" the article names
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            text = ent.text
            start, end = ent.start_char, ent.end_char
            if text.endswith(("'s", "’s")):
                end -= 2
                text = text[:-2]
            if not text.strip():
                continue  # the model tagged a bare "’s" as an entity: nothing is left to mention
            overlapping = [m for m in found if m["start"] < end and start < m["end"]]
            if ent.label_ == "PERSON":
                if "/" in text:
                    continue  # a photo credit ("Alfonso Jiménez/Rex/Shutterstock"), not a person speaking
                parts = text.split()
                actor_id = self.gazetteer.match_alias(text) or self._surname(text)
                if actor_id is None:
                    actor_id = surnames.get(parts[-1]) if len(parts) == 1 or parts[0] in HONORIFICS else None
                    actor_id = actor_id or person_slug(text)
                # "Andrei Medvedev" ⊃ "Medvedev": the longer name of someone else replaces the surname match
                someone_else = any(m["actor_type"] == "person" and m["actor_id"] != actor_id
                                   and self._someone_else(parts, m["actor_id"]) for m in overlapping)
                found = [m for m in found if m not in overlapping or (m["actor_type"] == "person" and not someone_else)]
                if not someone_else and any(m["actor_type"] == "person" for m in overlapping):
                    continue
                found.append(self._mention(start, end, text_of_doc, "PERSON", actor_id))
            elif not overlapping:
                actor_id = self.gazetteer.match_alias(text) or self.gazetteer.match_alias(re.sub(r"^the\s+", "", text, flags=re.I))
                found.append(self._mention(start, end, text_of_doc, ent.label_, actor_id))
        for match in self.role_re.finditer(text_of_doc):
            owner_text = match.group("owner")
            owner = self.gazetteer.match_alias(owner_text) or self.gazetteer.demonym(owner_text)
            if not owner and " " in owner_text:
                last = owner_text.split()[-1]
                owner = self.gazetteer.match_alias(last) or self.gazetteer.demonym(last)
            if not owner or published is None:
                continue
            holder = self.gazetteer.role_holder(match.group("role"), owner, published)
            if not holder:
                continue
            start, end = match.start(), match.end()
            follows = [m for m in found if m["start"] >= end and m["start"] - end <= 2 and m["actor_type"] == "person"]
            if follows:
                continue  # "Turkish President Recep Tayyip Erdogan": the name decides
            found = [m for m in found if not (m["start"] >= start and m["end"] <= end)]
            found.append(self._mention(start, end, text_of_doc, "ROLE", holder))
        found.sort(key=lambda m: (m["start"], m["end"]))
        return found

    def _article_surnames(self, doc: Doc) -> dict[str, str]:
        """Surname → id of the one full name the article gives a person the gazetteer does not know
        ("Denis Pushilin" … "Pushilin"; "Mr. Whelan" … "Paul Whelan", in either order). A surname two
        full names share maps to neither."""
        found: dict[str, set[str]] = {}
        for ent in doc.ents:
            parts = re.sub(r"['’]s$", "", ent.text).split()
            if ent.label_ != "PERSON" or len(parts) < 2 or parts[0] in HONORIFICS or "/" in ent.text:
                continue
            text = " ".join(parts)
            if self.gazetteer.match_alias(text) or self._surname(text):
                continue
            found.setdefault(parts[-1], set()).add(person_slug(text))
        return {surname: next(iter(ids)) for surname, ids in found.items() if len(ids) == 1}

    def _surname(self, text: str) -> str | None:
        """The known person whose surname ends `text`, unless `text` names someone else."""
        parts = text.split()
        if len(parts) < 2:
            return None
        candidate = self.gazetteer.match_alias(parts[-1])
        if not candidate or not candidate.startswith("person:") or self._someone_else(parts, candidate):
            return None
        return candidate

    def _someone_else(self, parts: list[str], actor_id: str) -> bool:
        """"Andrei Medvedev" is not Dmitry Medvedev: the word before the surname (initials skipped) is a
        first name the person is not known by. Titles, roles and demonyms before a surname are no names."""
        before = [p for p in parts[:-1] if not re.fullmatch(r"[A-Z]\.?", p)]
        if not before:
            return False
        word = before[-1].rstrip(".,")
        if not word[:1].isupper() or word.lower() in TITLES or self.gazetteer.demonym(word) or self.gazetteer.match_alias(word):
            return False
        return self.gazetteer.names_someone_else(actor_id, word)

    def _mention(self, start: int, end: int, text: str, label: str, actor_id: str | None) -> dict:
        info = self.gazetteer.actor(actor_id) if actor_id and actor_id in self.gazetteer else None
        if actor_id and actor_id.startswith("person:") and info is None:
            actor_type = "person"
        else:
            actor_type = info["type"] if info else None
        return {
            "start": start,
            "end": end,
            "text": text[start:end],
            "label": label,
            "actor_id": actor_id,
            "actor_type": actor_type,
            "actor_name": info["name"] if info else (text[start:end] if actor_id else None),
            "represents": self.gazetteer.represented_on(actor_id, self._published) if info else None,
            "known": info is not None,
        }


@Language.factory("stance_actors", default_config={"seeds_dir": "dbt_project/seeds", "actors_path": ""})
def make_actors(nlp: Language, name: str, seeds_dir: str, actors_path: str):
    register_extensions()
    finder = ActorFinder(nlp, load_gazetteer(Path(seeds_dir), Path(actors_path) if actors_path else None))

    def actors(doc: Doc) -> Doc:
        mentions = finder.find(doc)
        for mention in mentions:
            span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
            mention["in_boilerplate"] = bool(span is not None and any(t._.is_boilerplate for t in span))
        doc._.actor_mentions = mentions
        return doc

    return actors
