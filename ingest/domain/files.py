"""Reading and checking a user's taxonomy (`--topics FILE.csv`) and extra actors (`--actors FILE.csv`).

A file with a problem raises :class:`DomainFileError` with one line naming the file, the row and
what is wrong; nothing is extracted with a half-read taxonomy.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.gazetteer.lookup import TOPIC_COLUMNS, ActorRecord, RoleRecord, Topic, topics_from_rows

TOPIC_REQUIRED = ("topic_id", "label", "match_terms")
ACTOR_COLUMNS = ("actor_id", "name", "actor_type", "country_iso3", "represents_actor_id", "aliases", "demonyms",
                 "role", "role_label", "of_actor_id", "is_leader", "valid_from", "valid_to")
ACTOR_TYPES = {"person": "person", "state": "state", "organisation": "org", "group": "group"}
ID_PREFIXES = {prefix: kind for kind, prefix in ACTOR_TYPES.items()}
TOPIC_ID = re.compile(r"[a-z][a-z0-9_]*")


class DomainFileError(ValueError):
    """A taxonomy or actors file that cannot be used. The message is one line."""


@dataclass
class UserActors:
    """The actors and roles of a user's actors file."""

    actors: list[ActorRecord] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)


def _rows(path: Path, what: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise DomainFileError(f"{what} file {path} not found")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:  # "-sig": a spreadsheet's byte-order mark
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except UnicodeDecodeError:
        raise DomainFileError(f"{what} file {path} is not UTF-8 text (save it as CSV UTF-8)") from None
    except csv.Error as err:
        raise DomainFileError(f"{what} file {path} is not valid CSV: {err}") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise DomainFileError(f"{what} file {path} lacks the column(s) {', '.join(missing)} (header: {', '.join(header) or 'none'})")
    return [row for row in rows if any(row.values())]


def read_topics_file(path: Path) -> list[Topic]:
    """The topics of a user's taxonomy CSV (the columns of dbt_project/seeds/topics.csv; only topic_id,
    label and match_terms are required), checked."""
    path = Path(path)
    rows = _rows(path, "topics", TOPIC_REQUIRED)
    if not rows:
        raise DomainFileError(f"topics file {path} has no topics")
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        topic_id = row["topic_id"]
        where = f"topics file {path} row {number}"
        if not TOPIC_ID.fullmatch(topic_id):
            raise DomainFileError(f"{where}: topic_id '{topic_id}' must be snake_case (lower-case letters, digits, _)")
        if topic_id == "unassigned":
            raise DomainFileError(f"{where}: 'unassigned' is kept for statements that match no topic")
        if topic_id in seen:
            raise DomainFileError(f"{where}: topic_id '{topic_id}' appears twice")
        if not row.get("label"):
            raise DomainFileError(f"{where}: topic '{topic_id}' has no label")
        seen.add(topic_id)
    topics = topics_from_rows(rows)
    for number, topic in enumerate(topics, start=2):
        unknown = [t for t in topic.yields_to if t not in seen]
        if unknown:
            raise DomainFileError(f"topics file {path} row {number}: yields_to names unknown topic(s) {', '.join(unknown)}")
        if not topic.match_terms and not topic.description:
            raise DomainFileError(f"topics file {path} row {number}: topic '{topic.topic_id}' has neither match_terms nor a description")
    return topics


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _date(value: str, where: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainFileError(f"{where}: {column} '{value}' is not a date YYYY-MM-DD") from None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def read_actors_file(path: Path) -> UserActors:
    """The actors (and roles) of a user's actors CSV, checked. Columns: `name` and `actor_type`
    (person, state, organisation, group) are required for a new actor; `actor_id` is optional (made from
    the type and name: `person:jane-doe`, `org:riverton-city-council`; `state:` needs `country_iso3`);
    `aliases`, `demonyms` (`|`-separated), `country_iso3`, `represents_actor_id`; a role on the same row:
    `role`, `role_label` (`|`-separated surface forms, e.g. `mayor`), `of_actor_id`, `is_leader`,
    `valid_from`, `valid_to`."""
    path = Path(path)
    rows = _rows(path, "actors", ("name",))
    result = UserActors()
    for number, row in enumerate(rows, start=2):
        where = f"actors file {path} row {number}"
        name, kind, actor_id = row.get("name", ""), row.get("actor_type", "").lower(), row.get("actor_id", "")
        if kind and kind not in ACTOR_TYPES:
            raise DomainFileError(f"{where}: actor_type '{kind}' must be one of {', '.join(ACTOR_TYPES)}")
        if actor_id:
            prefix = actor_id.split(":", 1)[0]
            if ":" not in actor_id or prefix not in ID_PREFIXES or not actor_id.split(":", 1)[1]:
                raise DomainFileError(f"{where}: actor_id '{actor_id}' must look like person:…, state:…, org:… or group:…")
            if kind and ID_PREFIXES[prefix] != kind:
                raise DomainFileError(f"{where}: actor_id '{actor_id}' does not fit actor_type '{kind}'")
            kind = kind or ID_PREFIXES[prefix]
        else:
            if not name or not kind:
                raise DomainFileError(f"{where}: give an actor_id, or a name and an actor_type")
            if kind == "state":
                iso3 = row.get("country_iso3", "").upper()
                if not re.fullmatch(r"[A-Z]{3}", iso3):
                    raise DomainFileError(f"{where}: a state needs actor_id state:<ISO3> or country_iso3")
                actor_id = f"state:{iso3}"
            else:
                actor_id = f"{ACTOR_TYPES[kind]}:{slug(name)}"
        aliases = _split(row.get("aliases", ""))
        if name and name not in aliases:
            aliases = (name,) + aliases
        result.actors.append(ActorRecord(actor_id=actor_id, name=name, actor_type=kind,
                                         country_iso3=row.get("country_iso3", "").upper(),
                                         represents_actor_id=row.get("represents_actor_id", ""),
                                         aliases=aliases, demonyms=_split(row.get("demonyms", ""))))
        if row.get("role"):
            of_actor = row.get("of_actor_id", "")
            if not of_actor:
                raise DomainFileError(f"{where}: role '{row['role']}' needs of_actor_id (the state or organisation it belongs to)")
            role = row["role"].strip().lower().replace(" ", "_")
            labels = _split(row.get("role_label", "")) or (row["role"].strip().lower().replace("_", " "),)
            result.roles.append(RoleRecord(actor_id=actor_id, role=role, role_labels=labels, of_actor_id=of_actor,
                                           is_leader=row.get("is_leader", "").lower() in {"true", "yes", "1"},
                                           valid_from=_date(row.get("valid_from", ""), where, "valid_from"),
                                           valid_to=_date(row.get("valid_to", ""), where, "valid_to")))
    return result


def topic_rows(topics: list[Topic], source_path: str, run_id: str, domain_digest: str | None = None) -> list[dict]:
    """Rows of `raw.taxonomy`: the taxonomy in effect for an ingest run, with the fingerprint of the
    taxonomy and actors files (see `ingest.ingestion.domain_digest`)."""
    rows = []
    for position, topic in enumerate(topics, start=1):
        row = {column: "|".join(getattr(topic, column)) if isinstance(getattr(topic, column), tuple) else getattr(topic, column)
               for column in TOPIC_COLUMNS}
        row.update({"position": position, "source_path": source_path, "domain_digest": domain_digest, "run_id": run_id})
        rows.append(row)
    return rows


def actor_rows(user: UserActors, source_path: str, run_id: str) -> tuple[list[dict], list[dict]]:
    """Rows of `raw.extra_actors` and `raw.extra_actor_roles`: a user's extra actors and roles in effect for a run."""
    actors = [{"actor_id": a.actor_id, "name": a.name or None, "actor_type": a.actor_type or None,
               "country_iso3": a.country_iso3 or None, "represents_actor_id": a.represents_actor_id or None,
               "aliases": "|".join(a.aliases) or None, "demonyms": "|".join(a.demonyms) or None,
               "source_path": source_path, "run_id": run_id} for a in user.actors]
    roles = [{"actor_id": r.actor_id, "role": r.role, "role_label": "|".join(r.role_labels), "of_actor_id": r.of_actor_id,
              "is_leader": r.is_leader, "valid_from": r.valid_from, "valid_to": r.valid_to,
              "source_path": source_path, "run_id": run_id} for r in user.roles]
    return actors, roles


def file_digest(*paths: Path | None) -> str:
    """A fingerprint of the given files' bytes (None: the bundled default, an empty marker)."""
    digest = hashlib.sha1()
    for path in paths:
        digest.update(b"\x00" if path is None else Path(path).read_bytes())
        digest.update(b"\x1f")
    return digest.hexdigest()[:12]
