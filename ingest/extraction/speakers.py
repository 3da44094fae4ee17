"""Component `stance_speakers`: canonical speaker actor, the state or organisation spoken for, coreference.

- A named or role-described person resolves to its gazetteer actor and the state it represents.
- "the Kremlin", "Moscow", "NATO" resolve to the state or organisation itself.
- Unnamed sources ("a Turkish defense ministry official") keep no actor but their affiliation.
- "he said", "the minister added" resolve to the one person the context allows, else stay unresolved:
  a blank is better than a wrong guess.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.extraction.extensions import register_extensions
from ingest.extraction.actors import NEW_ACTOR_TYPES
from ingest.extraction.lexicon import (
    ACTOR_NOUNS,
    DOCUMENT_HEADS,
    LOOSE_COLLECTIVE_HEADS,
    GROUP_HEADS,
    NOT_CURRENT_OFFICE_WORDS,
    OFFICIAL_WORDS,
    ORGANISATION_HEAD_CLASSES,
    ORGANISATION_HEADS,
    PRONOUNS,
    UNNAMED_SOURCE_NOUNS,
)
from ingest.extraction.morphology import coarse_pos
from ingest.extraction.quotes import quote_regions, region_at
from ingest.gazetteer.lookup import Gazetteer, load_gazetteer

BODY_NOUNS = {"ministry", "government", "administration", "office", "embassy", "department", "cabinet", "presidency"}
ANAPHORIC_ROLE_NOUNS = {
    "minister", "president", "leader", "premier", "chancellor", "spokesman", "spokeswoman", "spokesperson",
    "secretary", "diplomat", "envoy", "ambassador", "official", "source", "adviser", "aide", "general",
}


# Heads of a speaker that is a part of the organisation it belongs to: "the management of the broadcaster"
# speaks for the broadcaster.
OWNED_HEADS = frozenset({"management", "leadership", "board", "executive", "owner", "owners", "staff"})


def _collective(head: str) -> bool:
    """Whether a common-noun speaker head is a loose collective or several organisations of a kind ("pundits",
    "producers", "banks"), which newer word lists admit as speakers; the older speaker nouns ("forces",
    "authorities", "officials") keep their own resolution."""
    singular = _singular(head)
    if head in ACTOR_NOUNS or singular in ACTOR_NOUNS or head in UNNAMED_SOURCE_NOUNS:
        return False
    return head in LOOSE_COLLECTIVE_HEADS or (head != singular and singular in ORGANISATION_HEADS)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


class SpeakerResolver:
    def __init__(self, gazetteer: Gazetteer, window_chars: int, affiliation_chars: int) -> None:
        self.gazetteer = gazetteer
        self.window_chars = window_chars
        self.affiliation_chars = affiliation_chars

    def resolve(self, doc: Doc) -> None:
        mentions = [m for m in (doc._.actor_mentions or []) if not m.get("in_boilerplate")]
        published = date.fromisoformat(doc._.published) if doc._.published else None
        previous: list[dict] = []
        self.text = doc.text
        self.doc = doc
        self.quotes: list[tuple[int, int]] | None = None
        self.described = self._described(mentions) if doc._.statements else {}
        for statement in doc._.statements or []:
            self._resolve_one(doc, statement, mentions, previous, published)
            previous.append(statement)

    def _resolve_one(self, doc: Doc, st: dict, mentions: list[dict], previous: list[dict], published: date | None) -> None:
        s, e = st["speaker_start"], st["speaker_end"]
        inside = [m for m in mentions if m["start"] < e and s < m["end"]]
        # Words right after the speaker up to the cue ("Dmitry Peskov, the Kremlin spokesman, said").
        gap_end = st["cue_start"] if st["cue_start"] > e else min(e + self.affiliation_chars, st["sentence_end"])
        after = [m for m in mentions if e <= m["start"] < gap_end and m["actor_type"] in {"state", "organisation"}]
        people = [m for m in inside if m["actor_type"] == "person" and m["actor_id"]]
        bodies = [m for m in inside if m["actor_type"] in {"state", "organisation", "group"} and m["actor_id"]]
        head = st["speaker_head"]
        owner = st.get("speaker_owner")
        owners = []
        if owner and st["speaker_head_pos"] == "NOUN" and head not in ANAPHORIC_ROLE_NOUNS and head not in DOCUMENT_HEADS:
            # "Ms. Griner's lawyers", "Zelenskiy's team", "Erdoğan's office": the person they belong to is not who speaks
            owners = [m for m in people if owner["start"] <= m["start"] < owner["end"]]
            people = [m for m in people if m not in owners]
        actor_id = represents = None
        kind = "named"
        if owners and not people:
            # they speak for whom the person speaks for; a person's office is that state or organisation itself
            represents = owners[-1]["represents"] or self.described.get(owners[-1]["actor_id"])
            if head in BODY_NOUNS:
                actor_id, kind = represents, "named" if represents else "nominal"
            else:
                kind = "unnamed_source"
        elif head in DOCUMENT_HEADS and st["speaker_head_pos"] == "NOUN":
            # "the report said", "a statement from the ministry said", "the WHO report": the author, if named
            kind = "document"
            actor_id, represents = self._document_author(st, people, bodies, mentions)
        elif people:
            chosen = people[-1] if len(people) == 1 or st["speaker_head_pos"] == "PROPN" else people[0]
            actor_id = chosen["actor_id"]
            represents = chosen["represents"]  # a known person: the gazetteer's role on the day
            if represents is None:
                # "Russia's deputy foreign minister Andrei Rudenko", "Dmitry Peskov, the Kremlin spokesman, said"
                end = self._apposition_end(e, gap_end)
                if self._official(self.text[s:end]):
                    represents = self._affiliation(bodies + [m for m in after if m["start"] < end])
        elif st["speaker_head_pos"] == "NOUN" and _collective(head):
            # "some Chinese pundits", "French mustard producers", "Justice Department lawyers": people or
            # organisations of a kind, not the state or organisation named beside them; officials speak for it
            kind = "unnamed_source"
            if head in OFFICIAL_WORDS or _singular(head) in OFFICIAL_WORDS:
                represents = self._affiliation(bodies + after)
        elif head in PRONOUNS:
            kind = "pronoun"
            if head in {"he", "she"}:
                antecedent = self._antecedent(st, mentions, previous)
                if antecedent is not None:
                    actor_id, represents = antecedent
            elif head == "it":
                body = self._last_body_speaker(st, previous, mentions)
                if body is not None:
                    actor_id, represents = body
        elif head in UNNAMED_SOURCE_NOUNS or head in ANAPHORIC_ROLE_NOUNS:
            affiliation = self._affiliation(bodies + after)
            definite = self.text[s:e].lower().startswith(("the ", "this ", "that "))
            if head in BODY_NOUNS and definite and affiliation is None:
                body = self._body_antecedent(head, st, mentions)
                if body is not None:
                    actor_id = represents = body
                    kind = "nominal"
            elif head in BODY_NOUNS and definite and affiliation:
                actor_id = represents = affiliation  # "The Polish government": the state, not its head
                kind = "named"
            elif head in UNNAMED_SOURCE_NOUNS - {"minister", "spokesman", "spokeswoman", "spokesperson", "government", "ministry", "administration"} or not definite:
                kind = "unnamed_source"
                represents = affiliation
                if affiliation is None and definite:
                    represents = self._previous_unnamed_affiliation(st, previous)
                if represents is None:
                    represents = self._content_subject_state(st, mentions)
                if head in BODY_NOUNS and affiliation:
                    actor_id, kind = affiliation, "named"
            else:
                kind = "nominal"
                antecedent = self._role_antecedent(head, st, mentions, previous, published)
                if antecedent is not None:
                    actor_id, represents = antecedent
                else:
                    represents = affiliation
        elif bodies:
            body = bodies[-1]
            actor_id = body["actor_id"]
            represents = body["represents"] if body["actor_type"] == "group" else (body["represents"] or actor_id)
        elif head in ORGANISATION_HEADS and st["speaker_head_pos"] == "NOUN" and not any(m["actor_id"] for m in inside):
            # "the network said" after "Al Jazeera …"; "the management of the broadcaster"
            kind = "nominal"
            actor_id = self._described_organisation(st, mentions)
            represents = actor_id if actor_id and not actor_id.startswith("group:") else None
        elif head in GROUP_HEADS and st["speaker_head_pos"] == "NOUN" and st.get("speaker_det") not in {"a", "an", "some", "many", "several"}:
            kind = "nominal"
            actor_id = "group:" + head  # the protesters of the protest the article describes
        else:
            unknown = [m for m in inside if m["actor_id"]]
            if unknown:
                actor_id = unknown[-1]["actor_id"]
                represents = unknown[-1]["represents"]
            kind = "named" if st["speaker_head_pos"] == "PROPN" else "nominal"
        if represents is None and actor_id and actor_id.startswith("person:"):
            represents = self.described.get(actor_id)  # the office the article gave them ("Skibitsky said")
        info = self.gazetteer.actor(actor_id) if actor_id and actor_id in self.gazetteer else None
        named = next((m for m in mentions if m["actor_id"] == actor_id and m["start"] < e), None) if actor_id and not info else None
        st.update(
            speaker_kind=kind,
            actor_id=actor_id,
            actor_name=info["name"] if info else (named["text"] if named else None),
            actor_type=info["type"] if info else (NEW_ACTOR_TYPES.get(actor_id.split(":", 1)[0]) if actor_id else None),
            represented_actor_id=represents,
        )

    def _document_author(self, st: dict, people: list[dict], bodies: list[dict], mentions: list[dict]) -> tuple[str | None, str | None]:
        """The author of a document speaker when its own noun phrase names one: "the WHO report" (org:WHO),
        "a statement from Boeing", "the company's statement" (the company the article named). Else nobody."""
        if bodies:
            body = bodies[-1]
            return body["actor_id"], body["represents"] or body["actor_id"]
        if people:
            return people[-1]["actor_id"], people[-1]["represents"]
        owner = st.get("speaker_owner")
        if owner and owner["head"] in ORGANISATION_HEADS:
            found = self._described_organisation(st, mentions, owner)
            return found, found
        return None, None

    def _described_organisation(self, st: dict, mentions: list[dict], phrase: dict | None = None) -> str | None:
        """The organisation a definite description stands for ("the network" after "Al Jazeera broadcast …",
        "police" after "El Paso police", "the management of the broadcaster"): a named organisation before it
        whose name or description has the same head noun; else the one organisation named in the recent text,
        if its name does not say it is of another kind (a "… Council" is no "company"). Nothing otherwise."""
        head, det, start = st["speaker_head"], st.get("speaker_det"), st["speaker_start"]
        if phrase is not None:
            head, det, start = phrase["head"], phrase["det"], phrase["start"]
        else:
            owner = st.get("speaker_owner")
            if owner and owner["head"] in ORGANISATION_HEADS and head in OWNED_HEADS:
                return self._described_organisation(st, mentions, owner)  # "the management of the broadcaster"
        if det not in {None, "the", "this", "that"} or (phrase is None and st.get("speaker_quantified")):
            return None  # "a company said", "11 riot police": some of them
        singular = _singular(head)
        classes = {c for c, words in ORGANISATION_HEAD_CLASSES.items() if head in words or singular in words}
        before = [m for m in mentions if m["end"] <= start and m["actor_id"] and m["actor_type"] in {"organisation", "group"}
                  and not st["content_start"] <= m["start"] < st["content_end"]]
        same_head, compatible = [], []
        for m in before:
            words = m["text"].split()
            name_head = _singular(words[-1].lower()) if words else ""
            if name_head == singular or self._described_as(m, singular):
                same_head.append(m)
                continue
            other = {c for c, heads in ORGANISATION_HEAD_CLASSES.items() if name_head in heads}
            if other and not other & classes:
                continue  # "the Riverton City Council" is no "company"
            if det is not None and m["start"] >= st["sentence_start"] - self.window_chars * 2:
                compatible.append(m)  # "the network", not a bare "police": only the same head names them
        for group in (same_head, compatible):
            if len({m["actor_id"] for m in group}) == 1:
                return group[-1]["actor_id"]
            if group:
                return None  # two of them could be meant: a blank, not a guess
        return None

    def _described_as(self, mention: dict, noun: str) -> bool:
        """Whether the text next to a mention describes it with `noun` ("Al Jazeera, the Qatari network,";
        "the broadcaster Al Jazeera"; "Qatar's Al Jazeera network")."""
        before = self.text[max(0, mention["start"] - 40):mention["start"]].lower()
        after = self.text[mention["end"]:mention["end"] + 50].lower()
        pattern = rf"\b{re.escape(noun)}s?\b"
        if re.search(pattern + r"\s*$", before):
            return True
        apposition = re.match(r"\s*,\s*(?:the|a|an)\s+([^,.;:()]*)", after)
        if apposition and re.search(pattern, apposition.group(1)):
            return True
        return re.match(r"\s+" + pattern, after) is not None

    def _apposition_end(self, start: int, end: int) -> int:
        """Where the apposition after a speaker ends (", the Kremlin spokesman,"): `start` when the words
        up to the cue are no apposition ("Yellen continued to push for a cap on Russian oil, calling …")."""
        gap = self.text[start:end]
        if not gap.lstrip().startswith((",", "(")):
            return start
        return start + max(gap.rfind(","), gap.rfind(")")) + 1  # not "then" in ", the spokesman, then said"

    def _described(self, mentions: list[dict]) -> dict[str, str]:
        """The state or organisation each person speaks for as the article describes them, at the first
        description that names an office: "Ukraine's deputy prime minister, Yulia Svyrydenko", "Vadym
        Skibitsky, Ukraine's acting deputy head of military intelligence". Later statements by the bare
        name ("Skibitsky said") are the same person in the same office."""
        bodies = [m for m in mentions if m["actor_type"] in {"state", "organisation", "group"} and m["actor_id"]]
        described: dict[str, str] = {}
        for m in mentions:
            if m["actor_type"] != "person" or not m["actor_id"] or m["actor_id"] in described:
                continue
            for start, end in self._descriptions(m):
                inside = [b for b in bodies if start <= b["start"] and b["end"] <= end]
                if inside and self._official(self.text[start:end]):
                    described[m["actor_id"]] = self._affiliation(inside)
                    break
        return {k: v for k, v in described.items() if v}

    def _descriptions(self, mention: dict) -> list[tuple[int, int]]:
        """Character spans of the appositions around a person's mention: the noun phrase before
        ("the EU ambassador to Moscow, Markus Ederer": its last six words) and the phrase after
        ("Denis Pushilin, the head of the DPR, said")."""
        spans = []
        window = max(0, mention["start"] - self.affiliation_chars)
        head = self.text[window:mention["start"]].rstrip()
        if head.endswith(","):
            stop = window + len(head) - 1  # the comma
            start = stop - len(re.split(r"[.;:\"“”(\n]", head[:-1])[-1])
            words = list(re.finditer(r"\S+", self.text[start:stop]))[-6:]
            if words:
                spans.append((start + words[0].start(), stop))
        after = self.text[mention["end"]:mention["end"] + self.affiliation_chars]
        opening = re.match(r"\s*,\s*", after)
        if opening:
            phrase = re.split(r"[,.;:\"“”(\n]", after[opening.end():])[0]
            spans.append((mention["end"] + opening.end(), mention["end"] + opening.end() + len(phrase)))
        return spans

    @staticmethod
    def _official(words: str) -> bool:
        """Whether a speaker's description names a current office ("Russia's deputy foreign minister"), not
        a nationality alone ("British historian", "a Russian journalist"), a past or future office ("former",
        "who is expected to become Germany's next chancellor") or a relative clause."""
        tokens = set(re.findall(r"[a-z]+", words.lower()))
        return bool(tokens & OFFICIAL_WORDS) and not tokens & NOT_CURRENT_OFFICE_WORDS

    def _affiliation(self, mentions: list[dict]) -> str | None:
        for mention in mentions:
            if mention["actor_type"] in {"state", "organisation", "group"} and mention["actor_id"]:
                return mention["represents"] or mention["actor_id"]
        return None

    def _antecedent(self, st: dict, mentions: list[dict], previous: list[dict]) -> tuple[str, str | None] | None:
        """"he said": the person who spoke last, when no other person was named after the sentence they
        spoke in (people named inside it, "Zelensky said Putin was stalling. He urged …", are not its
        subject); else the person who opens the sentence just before ("Mette Frederiksen took a different
        line. She said …"); else the one person named recently; else nobody."""
        window_start = max(0, st["sentence_start"] - self.window_chars)
        # people named in what the speaker says are not the speaker ("“Victor knows nothing …,” she said")
        recent_people = [m for m in mentions if window_start <= m["start"] < st["sentence_start"] and m["actor_type"] == "person"
                         and m["actor_id"] and not st["content_start"] <= m["start"] < st["content_end"]]
        last_person_statement = next((p for p in reversed(previous) if p.get("actor_type") == "person" and p["speaker_start"] >= window_start), None)
        if last_person_statement is not None:
            others = {m["actor_id"] for m in recent_people if m["start"] >= last_person_statement["sentence_end"]} - {last_person_statement["actor_id"]}
            if not others:
                return last_person_statement["actor_id"], last_person_statement["represented_actor_id"]
            return self._previous_subject(st, mentions)
        # nor are people named only in what someone else said ("Officials said Putin was stalling. He …")
        recent_people = [m for m in recent_people if not any(p["content_start"] <= m["start"] < p["content_end"] for p in previous)]
        distinct = {m["actor_id"] for m in recent_people}
        if len(distinct) == 1:
            mention = recent_people[-1]
            return mention["actor_id"], mention["represents"]
        return self._previous_subject(st, mentions)

    def _previous_subject(self, st: dict, mentions: list[dict]) -> tuple[str, str | None] | None:
        """The one person named in the sentence before the statement's, when the sentence opens with them:
        no verb before the name ("Danish Prime Minister Mette Frederiksen took a different line."). Two
        people there ("Macron met Starmer in London.") could both be meant: nobody."""
        sentence = self._sentence_before(st["sentence_start"])
        if sentence is None or any(q in sentence.text for q in "\"“”") or st["content_start"] < sentence.end_char:
            return None  # a quotation's sentence names people it talks about, not who speaks
        people = [m for m in mentions if sentence.start_char <= m["start"] < sentence.end_char and m["actor_type"] == "person"]
        if len({m["actor_id"] for m in people}) != 1 or not people[0]["actor_id"]:
            return None
        if any(coarse_pos(t) in {"VERB", "AUX"} for t in sentence if t.idx < people[0]["start"]):
            return None
        return people[0]["actor_id"], people[0]["represents"]

    def _sentence_before(self, start: int) -> Span | None:
        """The sentence that ends right before offset `start` (only white space between), if any."""
        first = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if first is None:
            return None
        i = first.start - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return self.doc[i].sent if i >= 0 else None

    def _role_antecedent(self, noun: str, st: dict, mentions: list[dict], previous: list[dict], published: date | None) -> tuple[str, str | None] | None:
        """"the president added": the one recent person holding such a role; with several, the one the
        pronoun rule would pick ("Macron said … the president added", with Putin named in between)."""
        window_start = max(0, st["sentence_start"] - self.window_chars * 2)
        candidates = []
        for m in mentions:
            # people named before the speaker, also earlier in its sentence ("Erdoğan's office said the president …")
            before = m["start"] < st["sentence_start"] or (m["end"] <= st["speaker_start"] and not st["content_start"] <= m["start"] < st["content_end"])
            if window_start <= m["start"] and before and m["actor_type"] == "person" and m["actor_id"]:
                if self._has_role_word(m["actor_id"], noun, published):
                    candidates.append(m)
        distinct = {m["actor_id"] for m in candidates}
        if len(distinct) == 1:
            return candidates[-1]["actor_id"], candidates[-1]["represents"]
        in_sentence = {m["actor_id"]: m for m in candidates if m["start"] >= st["sentence_start"]}
        if len(in_sentence) == 1:  # "Erdoğan's office said the president had emphasised …", Macron named before
            chosen = next(iter(in_sentence.values()))
            return chosen["actor_id"], chosen["represents"]
        preferred = self._antecedent(st, mentions, previous) if distinct else None
        if preferred is not None and preferred[0] in distinct:
            return preferred
        return None

    def _content_subject_state(self, st: dict, mentions: list[dict]) -> str | None:
        """"Turkey is open to sending troops, Bloomberg reported, citing sources": the sources speak for Turkey.
        Only for a relayed statement or one whose content comes before its speaker: in "officials said Russia is
        cutting gas deliveries" nothing says whose officials they are."""
        if not st.get("reported_via") and st["content_start"] > st["speaker_start"]:
            return None
        for mention in mentions:
            if st["content_start"] <= mention["start"] <= st["content_start"] + 4 and mention["actor_type"] in {"state", "organisation"}:
                return mention["represents"] or mention["actor_id"]
        return None

    def _body_antecedent(self, noun: str, st: dict, mentions: list[dict]) -> str | None:
        """"the ministry said": the state whose ministry was named shortly before ("Russia's defence ministry")."""
        window_start = max(0, st["sentence_start"] - self.window_chars * 2)
        for mention in reversed(mentions):
            if not (window_start <= mention["start"] < st["speaker_start"]):
                continue
            if mention["actor_type"] in {"state", "organisation"} and mention["actor_id"]:
                # "Russia's defence ministry", "the Russian foreign ministry"; not "… in Ukraine,” the ministry"
                following = self.text[mention["end"]:mention["end"] + 40].lower()
                if re.match(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}" + re.escape(noun) + r"\b", following):
                    return mention["represents"] or mention["actor_id"]
        return None

    def _last_body_speaker(self, st: dict, previous: list[dict], mentions: list[dict]) -> tuple[str, str | None] | None:
        """"it said": the state or organisation that spoke last, if it spoke recently, no speaker it could
        not resolve spoke since ("the regiment called on …"), and no other state or organisation was named
        in the sentences between ("The Biden administration has given $8bn … But it denies …")."""
        for p in reversed(previous):
            if st["sentence_start"] - p["sentence_end"] > self.window_chars:
                return None
            if p.get("actor_type") in {"state", "organisation", "group"} and p.get("actor_id"):
                between = [m for m in mentions if p["sentence_end"] <= m["start"] < st["sentence_start"]
                           and (m["actor_type"] in {"state", "organisation", "group"} or m["label"] in {"ORG", "GPE"})
                           and not (st["content_start"] <= m["start"] < st["content_end"])
                           and not self._quoted(m["start"])]  # the speaker's quotation goes on
                if any(m["actor_id"] != p["actor_id"] and m.get("represents") != p["actor_id"] for m in between):
                    return None
                return p["actor_id"], p["represented_actor_id"]
            if p.get("actor_type") == "person" or (p.get("actor_id") is None and p.get("speaker_kind") != "unnamed_source"):
                return None
        return None

    def _quoted(self, position: int) -> bool:
        """Whether `position` is inside a quoted passage (regions found once per document, when first asked)."""
        if self.quotes is None:
            self.quotes = quote_regions(self.text)
        return region_at(self.quotes, position) is not None

    def _has_role_word(self, actor_id: str, noun: str, on_date: date | None) -> bool:
        for role in self.gazetteer.roles:
            if role.actor_id == actor_id and role.active_on(on_date):
                words = {w for label in role.role_labels for w in label.lower().split()} | set(role.role.split("_"))
                if noun in words or (noun == "leader" and role.is_leader):
                    return True
        return False

    def _previous_unnamed_affiliation(self, st: dict, previous: list[dict]) -> str | None:
        for p in reversed(previous):
            if p["speaker_kind"] == "unnamed_source" and st["sentence_start"] - p["sentence_end"] < self.window_chars:
                return p["represented_actor_id"]
        return None


@Language.factory("stance_speakers", default_config={"seeds_dir": "dbt_project/seeds", "actors_path": "", "window_chars": 600, "affiliation_chars": 80})
def make_speakers(nlp: Language, name: str, seeds_dir: str, actors_path: str, window_chars: int, affiliation_chars: int):
    register_extensions()
    resolver = SpeakerResolver(load_gazetteer(Path(seeds_dir), Path(actors_path) if actors_path else None), window_chars, affiliation_chars)

    def speakers(doc: Doc) -> Doc:
        resolver.resolve(doc)
        return doc

    return speakers
