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
from ingest.extraction.lexicon import ORGANISATION_HEADS, PERSON_ROLE_WORDS
from ingest.gazetteer.lookup import Gazetteer, load_gazetteer

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


# Names of a state's own bodies ("Treasury", "the Defense Department", "Ministry of Health"): they speak for
# the state, which the speaker resolution finds from the context, so they get no organisation id of their own.
STATE_BODY_WORDS = frozenset({"ministry", "department", "treasury", "government", "administration", "cabinet",
                              "parliament", "army", "navy", "military", "embassy", "presidency"})


# The actor type of an id made from a name the gazetteer does not know, by the id's prefix.
NEW_ACTOR_TYPES = {"person": "person", "org": "organisation", "group": "group"}


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
    return actor_slug("person", name)


def actor_slug(prefix: str, name: str) -> str:
    """A stable id for an actor the gazetteer does not know, made from its name: `org:riverton-city-council`
    for "The Riverton city council" (leading "the" and a closing possessive dropped, ASCII, lower case)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’`]s?$", "", ascii_name.strip())
    base = re.sub(r"['’`]s?$", "", name.strip())
    if prefix != "person":
        ascii_name = re.sub(r"^the\s+", "", ascii_name, flags=re.I)
        base = re.sub(r"^the\s+", "", base, flags=re.I)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not re.search(r"[A-Za-z0-9]", unicodedata.normalize("NFKD", base)):
        # a name in a script without Latin letters ("Владимир Зеленский"): its own letters, not "person:"
        slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", base).casefold()).strip("-")
    return prefix + ":" + slug


# An organisation named after a person or a place by a head noun ("the Harris campaign", "the Riverton city
# council", "Texas police"): up to this many common or proper nouns after the name, the last an organisation head.
MAX_HEAD_COMPOUND = 4
# Heads that, after a person's name, make the state's executive rather than an organisation of its own
# ("the Biden administration"): left to the speaker resolution, as before.
EXECUTIVE_AFTER_PERSON = frozenset({"government", "administration", "cabinet", "office", "presidency", "leadership", "management"})
# After an organisation's own name, only these heads make another organisation ("the Harris campaign", tagged
# as an organisation by the model); "Boeing company" is Boeing.
HEADS_AFTER_ORGANISATION = frozenset({"campaign"})


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
            label = ent.label_
            if label == "ORG" and not overlapping and (text in surnames or self._after_person_word(doc, ent)):
                label = "PERSON"  # "La Riva blamed …" after "Gloria La Riva"; "presidential candidate Brock Pierce"
            elif label == "PERSON" and not overlapping and self._after_organisation_word(doc, ent) and text not in surnames:
                label = "ORG"  # "the security firm Cisco Talos", "broadcaster Al Jazeera"
            if label == "PERSON":
                if "/" in text:
                    continue  # a photo credit ("Alfonso Jiménez/Rex/Shutterstock"), not a person speaking
                parts = text.split()
                actor_id = self.gazetteer.match_alias(text) or self._surname(text)
                if actor_id is None:
                    actor_id = surnames.get(parts[-1]) if len(parts) == 1 or parts[0] in HONORIFICS else surnames.get(text)
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
                if actor_id is None:
                    actor_id = self._known_by_slug(text) or self._new_actor_id(label, text)
                found.append(self._mention(start, end, text_of_doc, label, actor_id))
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
        found = self._headed_organisations(doc, found)
        found.sort(key=lambda m: (m["start"], m["end"]))
        return found

    def _known_by_slug(self, text: str) -> str | None:
        """The gazetteer's organisation or group whose id is the name's slug ("Azov regiment" → group:azov-regiment)."""
        for prefix in ("org", "group"):
            candidate = actor_slug(prefix, text)
            if candidate in self.gazetteer:
                return candidate
        return None

    @staticmethod
    def _new_actor_id(label: str, text: str) -> str | None:
        """An id for a named actor the gazetteer does not know: an organisation the model recognises
        (`org:al-jazeera`), or a named collective written as a plural ("Democrats" → `group:democrats`).
        Places and nationalities the gazetteer does not know get none."""
        words = re.sub(r"^the\s+", "", text, flags=re.I).lower().split()
        if label == "ORG" and words and not set(words) <= ORGANISATION_HEADS and not (
                {words[0], words[-1]} & STATE_BODY_WORDS):
            return actor_slug("org", text)
        if label == "NORP" and re.fullmatch(r"(?:[A-Z][\w’'-]*\s)*[A-Z][\w’'-]*s", text):
            return actor_slug("group", text)
        return None

    @staticmethod
    def _after_person_word(doc: Doc, ent) -> bool:
        """Whether the word before an entity makes it a person's name ("presidential candidate Brock Pierce")."""
        if ent.start == 0 or len(ent) > 4 or not all(t.text[:1].isupper() for t in ent):
            return False
        return doc[ent.start - 1].lower_ in PERSON_ROLE_WORDS

    @staticmethod
    def _after_organisation_word(doc: Doc, ent) -> bool:
        """Whether a common noun for an organisation stands right before a name ("the security firm Cisco Talos")."""
        if ent.start == 0:
            return False
        before = doc[ent.start - 1]
        return before.tag_ in {"NN"} and before.lower_ in ORGANISATION_HEADS

    def _headed_organisations(self, doc: Doc, found: list[dict]) -> list[dict]:
        """An organisation named by a head noun after a name the gazetteer does not know as a state or
        organisation: "the Harris campaign", "The Riverton city council", "Texas police". The name's mention
        is replaced by the organisation's (`org:riverton-city-council`), never left as a person."""
        result = list(found)
        for mention in found:
            if mention["label"] not in {"PERSON", "GPE", "ORG", "NORP", "FAC"} or mention["known"]:
                continue
            span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
            if span is None:
                continue
            head_end = None
            for token in doc[span.end:span.end + MAX_HEAD_COMPOUND]:
                if token.tag_ not in {"NN", "NNS", "NNP", "NNPS"} or (token.ent_type_ and token.ent_type_ not in {"ORG"}):
                    break
                if token.lower_ in ORGANISATION_HEADS:
                    head_end = token
            if head_end is None:
                continue
            head = head_end.lower_
            if mention["label"] == "PERSON" and head in EXECUTIVE_AFTER_PERSON:
                continue
            if mention["label"] == "ORG" and head not in HEADS_AFTER_ORGANISATION:
                continue
            end = head_end.idx + len(head_end)
            name = doc.text[mention["start"]:end]
            if any(m is not mention and m["start"] < end and mention["end"] < m["end"] for m in result):
                continue  # the words after the name are an actor of their own
            organisation = self._mention(mention["start"], end, doc.text, "ORG", self._known_by_slug(name) or actor_slug("org", name))
            result = [m for m in result if m is not mention] + [organisation]
        return result

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
            if len(parts) >= 3 and parts[-2][:1].isupper():
                found.setdefault(" ".join(parts[-2:]), set()).add(person_slug(text))  # "La Riva" of "Gloria La Riva"
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
        if info is None and actor_id:
            actor_type = NEW_ACTOR_TYPES.get(actor_id.split(":", 1)[0])
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
