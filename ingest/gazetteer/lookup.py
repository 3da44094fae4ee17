"""Read-only access to the actor/topic seeds for the ingester.

    gaz = load_gazetteer(seeds_dir)
    gaz.match_alias("the Kremlin")                          # 'state:RUS'
    gaz.demonym("Turkish")                                  # 'state:TUR'
    gaz.role_holder("President", "state:TUR", date(2025, 2, 27))  # 'person:recep-tayyip-erdogan'
    gaz.actor("person:hakan-fidan")["represents"]           # 'state:TUR'
    topics = load_topics(seeds_dir)

Matching rules
--------------
* Whitespace is collapsed; curly apostrophes become straight ones; a trailing possessive "'s" is
  ignored when the text does not match as given.
* Short aliases (at most 4 characters once a leading "the " is removed, or written without lowercase
  letters, e.g. "US", "NATO", "U.S.") match case-sensitively. Longer aliases match ignoring case and
  accents, but an all-lowercase text never matches an alias that has capitals ("russia" is not Russia).
* A leading "the " is optional only for aliases stored with it: "Kremlin" and "the Kremlin" both
  match the stored "the Kremlin", but "the Putin" does not match "Putin".
* Role phrases match a role's labels exactly after folding case, accents and hyphens; "leader" (or
  "head") means the `is_leader` role holder. `valid_from`/`valid_to` are inclusive (as in dbt's
  `between`); on a handover day (predecessor's valid_to == successor's valid_from) the successor
  wins. Any other ambiguity (two different people) gives None.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

_FOLD = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "’": "'", "‘": "'"}
)
LEADER_WORDS = frozenset({"leader", "head"})


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def _clean(text: str) -> str:
    """Collapse whitespace and normalise apostrophes, keeping case and accents."""
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _fold(text: str) -> str:
    """Case- and accent-insensitive key."""
    decomposed = unicodedata.normalize("NFKD", _clean(text).translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _role_key(text: str) -> str:
    key = _fold(text).replace("-", " ")
    key = " ".join(key.split())
    return key[4:] if key.startswith("the ") else key


def _strip_the(text: str) -> tuple[bool, str]:
    if text[:4] in ("the ", "The ", "THE "):
        return True, text[4:]
    return False, text


def _is_short(alias_body: str) -> bool:
    return len(alias_body) <= 4 or not any(c.islower() for c in alias_body)


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ActorRecord:
    actor_id: str
    name: str
    actor_type: str
    country_iso3: str
    represents_actor_id: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class RoleRecord:
    actor_id: str
    role: str
    role_labels: tuple[str, ...]
    of_actor_id: str
    is_leader: bool
    valid_from: date | None
    valid_to: date | None  # inclusive: last day in office

    def active_on(self, on_date: date | None) -> bool:
        """True when the role is held on `on_date`; with no date, whether it is held now (open)."""
        if on_date is None:
            return self.valid_to is None
        if self.valid_from is not None and on_date < self.valid_from:
            return False
        return self.valid_to is None or on_date <= self.valid_to

    def matches(self, phrase_key: str) -> bool:
        if phrase_key == self.role.replace("_", " "):
            return True
        return phrase_key in {_role_key(label) for label in self.role_labels}


@dataclass(frozen=True)
class Topic:
    topic_id: str
    label: str
    description: str
    match_terms: tuple[str, ...]
    # Phrases that contain a match term but are not about the topic ("nuclear weapons" for military aid).
    exclude_terms: tuple[str, ...] = ()
    # Topics that win when they are also named around the statement: energy is often only the object
    # of another topic ("sanctions on Russian gas", "a halt to strikes on energy infrastructure").
    yields_to: tuple[str, ...] = ()
    # What backing / opposing the topic means, in words; `|`-separated phrases are looked for in a
    # statement's content (any inflection) and their verbs count on the path to the topic's term.
    support_means: tuple[str, ...] = ()
    oppose_means: tuple[str, ...] = ()
    # Actors the topic's measures are aimed at: blaming them ("accused Moscow of waging a gas war") is
    # no stance against the measures.
    measure_targets: tuple[str, ...] = ()
    # Naming the topic in an accusation takes its side ("accused Russia of war crimes" backs accountability).
    accusation_supports: bool = False


TOPIC_COLUMNS = ("topic_id", "label", "description", "match_terms", "exclude_terms", "yields_to",
                 "support_means", "oppose_means", "measure_targets", "accusation_supports")


@dataclass
class Gazetteer:
    """Indexes over actors.csv / actor_roles.csv. Build it with `load_gazetteer`."""

    actors: dict[str, ActorRecord]
    roles: list[RoleRecord]
    _exact: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _folded: dict[str, set[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _demonym_exact: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _demonym_folded: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            for alias in actor.aliases:
                self._index_alias(_clean(alias), actor.actor_id)
            for dem in actor.demonyms:
                dem = _clean(dem)
                if _is_short(dem):
                    self._demonym_exact.setdefault(dem, set()).add(actor.actor_id)
                else:
                    self._demonym_folded.setdefault(_fold(dem), set()).add(actor.actor_id)

    def _index_alias(self, alias: str, actor_id: str) -> None:
        has_the, body = _strip_the(alias)
        keys = [body, f"the {body}"] if has_the else [body]
        for key in keys:
            if _is_short(body):
                self._exact.setdefault(key, set()).add(actor_id)
            else:
                self._folded.setdefault(_fold(key), set()).add((actor_id, body))

    # ---------------------------------------------------------------- aliases and demonyms

    def _match_once(self, text: str) -> str | None:
        has_the, body = _strip_the(text)
        key = f"the {body}" if has_the else body
        found = set(self._exact.get(key, set()))
        text_is_lower = not any(c.isupper() for c in body)
        for actor_id, alias_body in self._folded.get(_fold(key), set()):
            if text_is_lower and any(c.isupper() for c in alias_body):
                continue
            found.add(actor_id)
        return next(iter(found)) if len(found) == 1 else None

    def match_alias(self, text: str) -> str | None:
        """actor_id whose alias is exactly `text` (see module rules), else None."""
        cleaned = _clean(text)
        if not cleaned:
            return None
        hit = self._match_once(cleaned)
        if hit is None and cleaned.endswith("'s") and len(cleaned) > 2:
            hit = self._match_once(cleaned[:-2])
        if hit is None and re.fullmatch(r"(?:[Tt]he )?(?:[A-Z]\.){2,}", cleaned):
            hit = self._match_once(cleaned.replace(".", ""))  # "the I.C.R.C." → "the ICRC"
        return hit

    def given_names(self, actor_id: str) -> set[str]:
        """Words (folded) before the surname in the person's multi-word name and aliases:
        "Recep Tayyip Erdogan" → {"recep", "tayyip"}; "Sergei Lavrov" | "Sergey Lavrov" → {"sergei", "sergey"}."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return set()
        return {word for name in (actor.name, *actor.aliases) for word in _fold(name).split()[:-1]}

    def names_someone_else(self, actor_id: str, first_word: str) -> bool:
        """True when `first_word` is a first name the person is not known by ("Andrei" for Dmitry Medvedev)."""
        given = self.given_names(actor_id)
        return bool(given) and _fold(first_word) not in given

    def demonym(self, word: str) -> str | None:
        """State actor_id for an adjective such as "Turkish" or "U.S.", else None."""
        cleaned = _clean(word)
        found = set(self._demonym_exact.get(cleaned, set()))
        found |= self._demonym_folded.get(_fold(cleaned), set())
        return next(iter(found)) if len(found) == 1 else None

    # ---------------------------------------------------------------- roles

    def roles_on(self, of_actor_id: str, on_date: date | None) -> list[RoleRecord]:
        """All roles of `of_actor_id` held on `on_date` (None = currently open roles)."""
        return [r for r in self.roles if r.of_actor_id == of_actor_id and r.active_on(on_date)]

    def role_holder(self, role_phrase: str, of_actor_id: str, on_date: date | None) -> str | None:
        """Person holding the role named by `role_phrase` for `of_actor_id` on `on_date`.

        `role_phrase` is text such as "President", "foreign minister", "Defense Secretary",
        "spokesman" or "leader". Returns None when nobody or more than one person matches.
        """
        key = _role_key(role_phrase)
        if not key:
            return None
        candidates = self.roles_on(of_actor_id, on_date)
        if key in LEADER_WORDS:
            chosen = [r for r in candidates if r.is_leader]
        else:
            chosen = [r for r in candidates if r.matches(key)]
        people = {r.actor_id for r in _after_handover(chosen, on_date)}
        return next(iter(people)) if len(people) == 1 else None

    def represented_on(self, actor_id: str, on_date: date | None) -> str | None:
        """The state/organisation `actor_id` speaks for on `on_date` (with no date: now).

        A person with roles in the seed speaks for the holder of the role held that day (leader roles
        first, then the person's default), and for nobody between offices ("Friedrich Merz" before he
        was chancellor, "Boris Johnson" after he left office). A role in a body speaks for what the body
        speaks for (the Commission's president for the EU). Actors without roles: the
        `represents_actor_id` column.
        """
        record = self.actors[actor_id]
        roles = [r for r in self.roles if r.actor_id == actor_id]
        held = _after_handover([r for r in roles if r.active_on(on_date)], on_date)
        if not held:
            return None if roles else record.represents_actor_id
        targets = {r.of_actor_id for r in held}
        leaders = sorted({r.of_actor_id for r in held if r.is_leader})
        if len(targets) == 1:
            target = next(iter(targets))
        elif leaders:
            target = leaders[0]
        elif record.represents_actor_id in targets:
            target = record.represents_actor_id
        else:
            target = sorted(targets)[0]
        body = self.actors.get(target)
        return body.represents_actor_id if body is not None else target

    # ---------------------------------------------------------------- records

    def actor(self, actor_id: str) -> dict[str, Any]:
        """Actor as a dict: actor_id, name, type, represents, country_iso3, aliases, demonyms.

        Raises KeyError for an unknown id (use `actor_id in gazetteer` to test).
        """
        record = self.actors[actor_id]
        return {
            "actor_id": record.actor_id,
            "name": record.name,
            "type": record.actor_type,
            "represents": record.represents_actor_id,
            "country_iso3": record.country_iso3 or None,
            "aliases": list(record.aliases),
            "demonyms": list(record.demonyms),
        }

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def alias_items(self) -> list[tuple[str, str]]:
        """(alias, actor_id) pairs, e.g. to build a spaCy PhraseMatcher; sorted."""
        return sorted((alias, a.actor_id) for a in self.actors.values() for alias in a.aliases)

    def demonym_items(self) -> list[tuple[str, str]]:
        """(demonym, state actor_id) pairs; sorted."""
        return sorted((dem, a.actor_id) for a in self.actors.values() for dem in a.demonyms)

    def role_labels(self) -> list[str]:
        """Every role phrase known (lowercase), longest first - for spotting "Turkish President"."""
        labels = {label for r in self.roles for label in r.role_labels} | set(LEADER_WORDS)
        return sorted(labels, key=lambda s: (-len(s), s))


def _after_handover(roles: list[RoleRecord], on_date: date | None) -> list[RoleRecord]:
    """Drop roles that end on `on_date` when another role starts that day (the handover)."""
    if on_date is None or not any(r.valid_from == on_date for r in roles):
        return roles
    return [r for r in roles if r.valid_to != on_date]


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(handle)]


def load_gazetteer(seeds_dir: Path, extra_actors: Path | None = None) -> Gazetteer:
    """Load `actors.csv` and `actor_roles.csv` from `seeds_dir`, plus a user's actors file on top
    (see :func:`ingest.domain.files.read_actors_file`): new actors are added, and a row for a known
    actor adds its aliases and roles."""
    seeds_dir = Path(seeds_dir)
    actors = {
        row["actor_id"]: ActorRecord(
            actor_id=row["actor_id"],
            name=row["name"],
            actor_type=row["actor_type"],
            country_iso3=row["country_iso3"],
            represents_actor_id=row["represents_actor_id"] or row["actor_id"],
            aliases=_split(row["aliases"]),
            demonyms=_split(row["demonyms"]),
        )
        for row in _read_rows(seeds_dir / "actors.csv")
    }
    roles = [
        RoleRecord(
            actor_id=row["actor_id"],
            role=row["role"],
            role_labels=_split(row["role_label"]),
            of_actor_id=row["of_actor_id"],
            is_leader=row["is_leader"].strip().lower() == "true",
            valid_from=_parse_date(row["valid_from"]),
            valid_to=_parse_date(row["valid_to"]),
        )
        for row in _read_rows(seeds_dir / "actor_roles.csv")
    ]
    if extra_actors is not None:
        from ingest.domain.files import read_actors_file

        user = read_actors_file(Path(extra_actors))
        for record in user.actors:
            known = actors.get(record.actor_id)
            if known is not None:
                record = ActorRecord(record.actor_id, record.name or known.name, record.actor_type or known.actor_type,
                                     record.country_iso3 or known.country_iso3,
                                     record.represents_actor_id or known.represents_actor_id,
                                     tuple(dict.fromkeys(known.aliases + record.aliases)),
                                     tuple(dict.fromkeys(known.demonyms + record.demonyms)))
            actors[record.actor_id] = record
        roles.extend(user.roles)
    return Gazetteer(actors=actors, roles=roles)


def load_topics(seeds_dir: Path) -> list[Topic]:
    """Load `topics.csv` of a seeds folder (file order); match_terms are lowercased and deduplicated."""
    return topics_from_rows(_read_rows(Path(seeds_dir) / "topics.csv"))


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"true", "yes", "1", "y"}


def topics_from_rows(rows: list[dict[str, str]]) -> list[Topic]:
    """Topics from the rows of a topics CSV (the optional columns may be missing)."""
    topics: list[Topic] = []
    for row in rows:
        terms = tuple(dict.fromkeys(term.lower() for term in _split(row.get("match_terms", ""))))
        topics.append(
            Topic(topic_id=row["topic_id"].strip(), label=row.get("label", "").strip(),
                  description=row.get("description", "").strip(),
                  match_terms=terms,
                  exclude_terms=tuple(term.lower() for term in _split(row.get("exclude_terms", ""))),
                  yields_to=tuple(_split(row.get("yields_to", ""))),
                  support_means=tuple(_split(row.get("support_means", ""))),
                  oppose_means=tuple(_split(row.get("oppose_means", ""))),
                  measure_targets=tuple(_split(row.get("measure_targets", ""))),
                  accusation_supports=_flag(row.get("accusation_supports")))
        )
    return topics
