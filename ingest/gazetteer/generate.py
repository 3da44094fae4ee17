"""Build the actor seeds (`actors.csv`, `actor_roles.csv`) from country_converter + curated CSVs.

Run from the project root::

    python -m ingest.gazetteer.generate [SEEDS_DIR]

The output is deterministic: same inputs -> byte-identical files.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

CURATED_DIR = Path(__file__).resolve().parent / "curated"
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

ACTOR_COLUMNS = [
    "actor_id",
    "name",
    "actor_type",
    "country_iso3",
    "represents_actor_id",
    "aliases",
    "demonyms",
]
ROLE_COLUMNS = ["actor_id", "role", "role_label", "of_actor_id", "is_leader", "valid_from", "valid_to"]
ACTOR_TYPES = {"person", "state", "organisation", "group"}
ID_PATTERN = re.compile(r"^(state:[A-Z]{3}|org:[A-Z0-9]+|person:[a-z0-9-]+|group:[a-z0-9-]+)$")

# Characters that NFKD does not decompose into ASCII + combining marks.
_ASCII_FOLD = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "’": "'", "‘": "'"}
)

# Official names that are mostly written with a leading "the" in prose get a "the " variant.
_THE_PREFIXES = ("Republic", "Kingdom", "Federal", "Federation", "Democratic", "People's", "Islamic",
                 "State of", "Commonwealth", "Union", "United", "Principality", "Grand Duchy",
                 "Sultanate", "Hashemite", "Co-operative", "Independent State", "Socialist",
                 "Plurinational", "Bolivarian", "Oriental", "Hellenic", "Swiss", "Arab Republic",
                 "Lao", "Argentine", "French", "Italian", "Portuguese", "Slovak", "Czech", "Kyrgyz",
                 "Gabonese", "Togolese", "Lebanese", "Syrian", "Russian", "Central African",
                 "Dominican", "Nation of", "Federated")


def ascii_fold(text: str) -> str:
    """Strip accents and fold a few special letters to plain ASCII."""
    text = text.translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_pipe(value: str | None) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in str(value).split("|") if part.strip()]


def unique(items: list[str]) -> list[str]:
    """Deduplicate, keeping first occurrence order (so the canonical name stays first)."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def with_ascii_variants(aliases: list[str]) -> list[str]:
    out: list[str] = []
    for alias in aliases:
        out.append(alias)
        folded = ascii_fold(alias)
        if folded != alias:
            out.append(folded)
    return unique(out)


def read_curated(name: str, curated_dir: Path) -> list[dict[str, str]]:
    """Read a curated CSV; lines starting with '#' are comments."""
    path = curated_dir / name
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    rows = list(csv.DictReader(lines))
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in rows]


# --------------------------------------------------------------------------------------------
# country_converter
# --------------------------------------------------------------------------------------------

def load_country_data() -> pd.DataFrame:
    """Load country_converter's bundled table without turning Namibia's ISO2 "NA" into NaN.

    `coco.CountryConverter()` fails under pandas 3 because of that NaN; we read the bundled TSV
    ourselves (all strings, only empty cells are NA) and pass it in as `country_data`.
    """
    from country_converter.country_converter import COUNTRY_DATA_FILE

    df = pd.read_csv(
        COUNTRY_DATA_FILE,
        sep="\t",
        encoding="utf-8",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )
    int_cols = ["ISOnumeric", "UNcode", "FAOcode", "GBDcode", "EURO", "UN", "UNmember", "obsolete",
                "GEOnumeric"]
    return df.astype({col: "Int64" for col in int_cols if col in df.columns})


def un_member_states() -> list[dict[str, str]]:
    """The 193 UN member states as dicts with iso3, name_short, name_official."""
    import country_converter as coco

    converter = coco.CountryConverter(country_data=load_country_data(), only_UNmember=True)
    data = converter.data
    rows = [
        {"iso3": str(r.ISO3), "name_short": str(r.name_short), "name_official": str(r.name_official)}
        for r in data.itertuples(index=False)
    ]
    if len(rows) != 193:
        raise ValueError(f"expected 193 UN member states from country_converter, got {len(rows)}")
    return sorted(rows, key=lambda r: r["iso3"])


# --------------------------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------------------------

@dataclass
class Actor:
    actor_id: str
    name: str
    actor_type: str
    country_iso3: str = ""
    represents_actor_id: str = ""
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)

    def row(self) -> dict[str, str]:
        return {
            "actor_id": self.actor_id,
            "name": self.name,
            "actor_type": self.actor_type,
            "country_iso3": self.country_iso3,
            "represents_actor_id": self.represents_actor_id,
            "aliases": "|".join(with_ascii_variants(unique([self.name, *self.aliases]))),
            "demonyms": "|".join(with_ascii_variants(unique(self.demonyms))),
        }


def _official_variants(official: str, short: str) -> list[str]:
    if official == short:
        return [official]
    out = [official]
    if " " in official and official.startswith(_THE_PREFIXES):
        out.append(f"the {official}")
    return out


def build_states(curated_dir: Path) -> dict[str, Actor]:
    extras = {row["iso3"]: row for row in read_curated("state_extras.csv", curated_dir)}
    states: dict[str, Actor] = {}
    for row in un_member_states():
        iso3 = row["iso3"]
        extra = extras.pop(iso3, {})
        actor_id = f"state:{iso3}"
        aliases = [row["name_short"], *_official_variants(row["name_official"], row["name_short"])]
        aliases += split_pipe(extra.get("alt_names"))
        aliases += split_pipe(extra.get("capitals_metonyms"))
        states[actor_id] = Actor(
            actor_id=actor_id,
            name=row["name_short"],
            actor_type="state",
            country_iso3=iso3,
            represents_actor_id=actor_id,
            aliases=unique(aliases),
            demonyms=split_pipe(extra.get("demonyms")),
        )
    if extras:
        raise ValueError(f"state_extras.csv has ISO3 codes that are not UN members: {sorted(extras)}")
    return states


def build_organisations(curated_dir: Path) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for row in read_curated("organisations.csv", curated_dir):
        actor_id = row["actor_id"]
        if actor_id in out:
            raise ValueError(f"duplicate organisation {actor_id}")
        out[actor_id] = Actor(
            actor_id=actor_id,
            name=row["name"],
            actor_type=row["actor_type"],
            country_iso3=row.get("country_iso3", ""),
            represents_actor_id=row.get("represents") or actor_id,
            aliases=split_pipe(row.get("aliases")),
        )
    return out


def build_people(curated_dir: Path) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for row in read_curated("people.csv", curated_dir):
        actor_id = row["actor_id"]
        if actor_id in out:
            raise ValueError(f"duplicate person {actor_id}")
        out[actor_id] = Actor(
            actor_id=actor_id,
            name=row["name"],
            actor_type="person",
            country_iso3=row.get("country_iso3", ""),
            represents_actor_id=row["represents"],
            aliases=split_pipe(row.get("aliases")),
        )
    return out


def build_roles(curated_dir: Path) -> list[dict[str, str]]:
    labels = {row["role"]: row["role_label"] for row in read_curated("role_labels.csv", curated_dir)}
    rows: list[dict[str, str]] = []
    for row in read_curated("roles.csv", curated_dir):
        role = row["role"]
        if role not in labels:
            raise ValueError(f"roles.csv: role {role!r} has no entry in role_labels.csv")
        is_leader = row.get("is_leader", "").lower()
        if is_leader not in {"true", "false", ""}:
            raise ValueError(f"roles.csv: bad is_leader {is_leader!r} for {row['actor_id']}")
        for key in ("valid_from", "valid_to"):
            if row.get(key):
                date.fromisoformat(row[key])
        if row.get("valid_from") and row.get("valid_to") and row["valid_to"] < row["valid_from"]:
            raise ValueError(f"roles.csv: valid_to < valid_from for {row['actor_id']} {role}")
        rows.append(
            {
                "actor_id": row["actor_id"],
                "role": role,
                "role_label": labels[role],
                "of_actor_id": row["of_actor_id"],
                "is_leader": "true" if is_leader == "true" else "false",
                "valid_from": row.get("valid_from", ""),
                "valid_to": row.get("valid_to", ""),
            }
        )
    rows.sort(key=lambda r: (r["actor_id"], r["valid_from"], r["role"], r["of_actor_id"], r["valid_to"]))
    return rows


def _alias_key(alias: str) -> str:
    return " ".join(ascii_fold(alias).split()).casefold()


def validate(actors: dict[str, Actor], roles: list[dict[str, str]]) -> None:
    """Fail loudly on broken references, bad ids, leader overlaps and alias collisions."""
    for actor in actors.values():
        if not ID_PATTERN.match(actor.actor_id):
            raise ValueError(f"bad actor_id {actor.actor_id!r}")
        if actor.actor_type not in ACTOR_TYPES:
            raise ValueError(f"bad actor_type {actor.actor_type!r} for {actor.actor_id}")
        if actor.represents_actor_id not in actors:
            raise ValueError(f"{actor.actor_id}: represents {actor.represents_actor_id!r} is unknown")
        if actor.country_iso3 and f"state:{actor.country_iso3}" not in actors:
            raise ValueError(f"{actor.actor_id}: country_iso3 {actor.country_iso3!r} is unknown")
    for row in roles:
        if actors.get(row["actor_id"]) is None or actors[row["actor_id"]].actor_type != "person":
            raise ValueError(f"roles.csv: {row['actor_id']!r} is not a known person")
        if row["of_actor_id"] not in actors:
            raise ValueError(f"roles.csv: of_actor_id {row['of_actor_id']!r} is unknown")

    # At most one leader per actor on any day (valid_to is inclusive; touching on a handover day is allowed).
    leaders: dict[str, list[tuple[str, str, str]]] = {}
    for row in roles:
        if row["is_leader"] == "true":
            leaders.setdefault(row["of_actor_id"], []).append(
                (row["valid_from"] or "0000-00-00", row["valid_to"] or "9999-99-99", row["actor_id"])
            )
    for of_actor, spans in leaders.items():
        spans.sort()
        for (_, end_a, who_a), (start_b, _, who_b) in zip(spans, spans[1:]):
            if start_b < end_a:
                raise ValueError(f"overlapping leaders of {of_actor}: {who_a} and {who_b}")

    owners: dict[str, str] = {}
    for actor in actors.values():
        for alias in split_pipe(actor.row()["aliases"]):
            key = _alias_key(alias)
            if key.startswith("the "):
                key = key[4:]
            other = owners.setdefault(key, actor.actor_id)
            if other != actor.actor_id:
                raise ValueError(f"alias {alias!r} used by both {other} and {actor.actor_id}")
    demonym_owners: dict[str, str] = {}
    for actor in actors.values():
        for dem in split_pipe(actor.row()["demonyms"]):
            other = demonym_owners.setdefault(_alias_key(dem), actor.actor_id)
            if other != actor.actor_id:
                raise ValueError(f"demonym {dem!r} used by both {other} and {actor.actor_id}")


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def build(curated_dir: Path = CURATED_DIR) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return (actor rows, role rows), validated and sorted."""
    actors: dict[str, Actor] = {}
    for part in (build_states(curated_dir), build_organisations(curated_dir), build_people(curated_dir)):
        clash = set(actors) & set(part)
        if clash:
            raise ValueError(f"duplicate actor ids: {sorted(clash)}")
        actors.update(part)
    roles = build_roles(curated_dir)
    validate(actors, roles)
    actor_rows = [actors[key].row() for key in sorted(actors)]
    return actor_rows, roles


def generate(seeds_dir: Path) -> None:
    """Write `actors.csv` and `actor_roles.csv` into `seeds_dir`."""
    seeds_dir = Path(seeds_dir)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    actor_rows, role_rows = build()
    _write_csv(seeds_dir / "actors.csv", ACTOR_COLUMNS, actor_rows)
    _write_csv(seeds_dir / "actor_roles.csv", ROLE_COLUMNS, role_rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seeds_dir = Path(args[0]) if args else DEFAULT_SEEDS_DIR
    generate(seeds_dir)
    actors = sum(1 for _ in (seeds_dir / "actors.csv").open(encoding="utf-8")) - 1
    roles = sum(1 for _ in (seeds_dir / "actor_roles.csv").open(encoding="utf-8")) - 1
    print(f"wrote {actors} actors and {roles} roles to {seeds_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
