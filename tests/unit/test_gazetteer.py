"""Tests for the actor gazetteer seeds and their lookup API (ingest.gazetteer)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from ingest.gazetteer.generate import ACTOR_COLUMNS, ROLE_COLUMNS, generate
from ingest.gazetteer.lookup import Gazetteer, load_gazetteer, load_topics

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    generate(out)
    return out


@pytest.fixture(scope="module")
def gaz(generated: Path) -> Gazetteer:
    return load_gazetteer(generated)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_columns_are_exact(generated: Path) -> None:
    with (generated / "actors.csv").open(encoding="utf-8") as handle:
        assert handle.readline().rstrip("\n").split(",") == ACTOR_COLUMNS
    with (generated / "actor_roles.csv").open(encoding="utf-8") as handle:
        assert handle.readline().rstrip("\n").split(",") == ROLE_COLUMNS


def test_all_193_un_member_states(generated: Path) -> None:
    states = [r for r in _rows(generated / "actors.csv") if r["actor_type"] == "state"]
    assert len(states) == 193
    ids = {r["actor_id"] for r in states}
    for iso3 in ("NAM", "RUS", "UKR", "USA", "GBR", "TUR", "CHN", "PRK", "FRA"):
        assert f"state:{iso3}" in ids
    assert "state:PSE" not in ids and "state:VAT" not in ids  # observers are not members
    assert all(r["represents_actor_id"] == r["actor_id"] for r in states)


def test_ids_unique_and_references_exist(generated: Path) -> None:
    actors = _rows(generated / "actors.csv")
    ids = [r["actor_id"] for r in actors]
    assert len(ids) == len(set(ids))
    id_set = set(ids)
    for row in actors:
        assert row["represents_actor_id"] in id_set, row["actor_id"]
        if row["country_iso3"]:
            assert f"state:{row['country_iso3']}" in id_set
    person_ids = {r["actor_id"] for r in actors if r["actor_type"] == "person"}
    for role in _rows(generated / "actor_roles.csv"):
        assert role["actor_id"] in person_ids
        assert role["of_actor_id"] in id_set
        assert role["is_leader"] in {"true", "false"}
        assert role["role_label"]


def test_committed_seeds_are_up_to_date(generated: Path) -> None:
    for name in ("actors.csv", "actor_roles.csv"):
        assert (SEEDS_DIR / name).read_bytes() == (generated / name).read_bytes(), (
            f"{name} is stale: run python -m ingest.gazetteer.generate"
        )


def test_regeneration_is_byte_identical(generated: Path, tmp_path: Path) -> None:
    generate(tmp_path)
    for name in ("actors.csv", "actor_roles.csv"):
        assert (tmp_path / name).read_bytes() == (generated / name).read_bytes()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kremlin", "state:RUS"),
        ("the Kremlin", "state:RUS"),
        ("The Kremlin", "state:RUS"),
        ("Moscow", "state:RUS"),
        ("Downing Street", "state:GBR"),
        ("the White House", "state:USA"),
        ("Washington", "state:USA"),
        ("U.S.", "state:USA"),
        ("Ankara", "state:TUR"),
        ("Turkey", "state:TUR"),
        ("Türkiye", "state:TUR"),
        ("the Élysée", "state:FRA"),
        ("Elysee", "state:FRA"),
        ("Kiev", "state:UKR"),
        ("Kyiv", "state:UKR"),
        ("Brussels", "org:EU"),
        ("NATO", "org:NATO"),
        ("Nato", "org:NATO"),
        ("the Netherlands", "state:NLD"),
        ("Russia's", "state:RUS"),
        ("Erdogan", "person:recep-tayyip-erdogan"),
        ("Erdoğan", "person:recep-tayyip-erdogan"),
        ("Zelenskyy", "person:volodymyr-zelensky"),
        ("Cavusoglu", "person:mevlut-cavusoglu"),
        ("Coalition of the Willing", "group:coalition-of-the-willing"),
        ("the I.C.R.C.", "org:ICRC"),  # dotted acronyms are the acronym
        ("U.S.", "state:USA"),
    ],
)
def test_match_alias(gaz: Gazetteer, text: str, expected: str) -> None:
    assert gaz.match_alias(text) == expected


@pytest.mark.parametrize("text", ["us", "russia", "the Putin", "Belgium's capital", "Congo", ""])
def test_match_alias_rejects(gaz: Gazetteer, text: str) -> None:
    assert gaz.match_alias(text) is None


def test_names_someone_else(gaz: Gazetteer) -> None:
    assert gaz.names_someone_else("person:dmitry-medvedev", "Andrei")
    assert not gaz.names_someone_else("person:dmitry-medvedev", "Dmitri")
    assert not gaz.names_someone_else("person:recep-tayyip-erdogan", "Tayyip")  # a middle name is a name too
    assert not gaz.names_someone_else("person:sergei-lavrov", "Sergey")  # another spelling listed as an alias


def test_brussels_is_not_belgium(gaz: Gazetteer) -> None:
    assert "Brussels" not in gaz.actor("state:BEL")["aliases"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Turkish", "state:TUR"), ("Russian", "state:RUS"), ("American", "state:USA"), ("U.S.", "state:USA"),
     ("British", "state:GBR"), ("Ukrainian", "state:UKR"), ("Polish", "state:POL"), ("Martian", None)],
)
def test_demonym(gaz: Gazetteer, word: str, expected: str | None) -> None:
    assert gaz.demonym(word) == expected


@pytest.mark.parametrize(
    ("phrase", "of_actor", "on", "expected"),
    [
        ("President", "state:TUR", date(2025, 2, 27), "person:recep-tayyip-erdogan"),
        ("leader", "state:TUR", date(2025, 2, 27), "person:recep-tayyip-erdogan"),
        ("defence minister", "state:RUS", date(2023, 1, 1), "person:sergei-shoigu"),
        ("defence minister", "state:RUS", date(2025, 1, 1), "person:andrei-belousov"),
        ("Defense Minister", "state:RUS", date(2025, 1, 1), "person:andrei-belousov"),
        ("foreign minister", "state:TUR", date(2022, 5, 1), "person:mevlut-cavusoglu"),
        ("foreign minister", "state:TUR", date(2024, 5, 1), "person:hakan-fidan"),
        ("defence minister", "state:TUR", date(2023, 6, 4), "person:yasar-guler"),
        ("defence minister", "state:TUR", date(2023, 6, 3), "person:hulusi-akar"),
        ("president", "state:USA", date(2025, 1, 19), "person:joe-biden"),
        ("president", "state:USA", date(2025, 1, 20), "person:donald-trump"),
        ("Secretary of State", "state:USA", date(2024, 3, 1), "person:antony-blinken"),
        ("defense secretary", "state:USA", date(2025, 3, 1), "person:pete-hegseth"),
        ("press secretary", "state:USA", date(2023, 3, 1), "person:karine-jean-pierre"),
        ("spokesman", "state:RUS", date(2025, 3, 1), "person:dmitry-peskov"),
        ("foreign ministry spokeswoman", "state:RUS", date(2025, 3, 1), "person:maria-zakharova"),
        ("prime minister", "state:GBR", date(2023, 1, 1), "person:rishi-sunak"),
        ("leader", "state:GBR", date(2022, 10, 1), "person:liz-truss"),
        ("foreign secretary", "state:GBR", date(2024, 1, 1), "person:david-cameron"),
        ("chancellor", "state:DEU", date(2025, 6, 1), "person:friedrich-merz"),
        ("secretary-general", "org:NATO", date(2024, 9, 30), "person:jens-stoltenberg"),
        ("Secretary General", "org:NATO", date(2024, 10, 1), "person:mark-rutte"),
        ("foreign policy chief", "org:EU", date(2024, 6, 1), "person:josep-borrell"),
        ("high representative", "org:EU", date(2025, 2, 1), "person:kaja-kallas"),
        ("president", "state:TUR", date(2010, 1, 1), None),
        ("former president", "state:TUR", date(2025, 2, 27), None),
        ("special envoy", "state:USA", date(2025, 3, 1), None),  # Witkoff and Kellogg: ambiguous
    ],
)
def test_role_holder(gaz: Gazetteer, phrase: str, of_actor: str, on: date, expected: str | None) -> None:
    assert gaz.role_holder(phrase, of_actor, on) == expected


def test_role_holder_without_date_uses_current_holder(gaz: Gazetteer) -> None:
    assert gaz.role_holder("president", "state:RUS", None) == "person:vladimir-putin"


def test_actor_record(gaz: Gazetteer) -> None:
    fidan = gaz.actor("person:hakan-fidan")
    assert fidan["name"] == "Hakan Fidan"
    assert fidan["type"] == "person"
    assert fidan["represents"] == "state:TUR"
    assert gaz.actor("org:NATO")["type"] == "organisation"
    with pytest.raises(KeyError):
        gaz.actor("person:nobody")


def test_represented_on_follows_roles(gaz: Gazetteer) -> None:
    assert gaz.represented_on("person:mark-rutte", date(2023, 1, 1)) == "state:NLD"
    assert gaz.represented_on("person:mark-rutte", date(2025, 1, 1)) == "org:NATO"
    assert gaz.represented_on("person:kaja-kallas", date(2025, 1, 1)) == "org:EU"
    # between offices nobody: a seed person's side comes from the role held that day
    assert gaz.represented_on("person:friedrich-merz", date(2025, 3, 19)) is None
    assert gaz.represented_on("person:boris-johnson", date(2023, 1, 1)) is None
    # a role in the Commission speaks for what the Commission speaks for
    assert gaz.represented_on("person:ursula-von-der-leyen", date(2025, 1, 1)) == "org:EU"
    assert gaz.represented_on("org:EC", None) == "org:EU"


def test_topics_seed() -> None:
    topics = load_topics(SEEDS_DIR)
    ids = [t.topic_id for t in topics]
    assert len(ids) == len(set(ids))
    for required in ("peacekeeping_force", "sanctions", "military_aid", "ceasefire_negotiations",
                     "nato_membership", "energy", "food_exports", "humanitarian", "war_crimes"):
        assert required in ids
    for topic in topics:
        assert topic.match_terms
        assert all(term == term.lower() for term in topic.match_terms)
    peace = next(t for t in topics if t.topic_id == "peacekeeping_force")
    assert {"peacekeepers", "reassurance force", "coalition of the willing"} <= set(peace.match_terms)
