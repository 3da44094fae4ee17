"""A user's taxonomy and actors files: what is read, and the one-line message for each problem."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.domain.files import DomainFileError, read_actors_file, read_topics_file, topic_rows
from ingest.domain.project import ProjectError, init_project, project_settings
from ingest.domain.taxonomy import load_taxonomy
from ingest.gazetteer.lookup import load_gazetteer, load_topics
from ingest.settings import load_settings

HEADER = "topic_id,label,description,match_terms,exclude_terms,yields_to,support_means,oppose_means,measure_targets,accusation_supports\n"


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_a_topics_file_gives_its_topics_with_the_optional_columns(tmp_path):
    path = _write(tmp_path, "t.csv", HEADER
                  + 'minimum_wage,Minimum wage,"Pay floors.",Minimum Wage|living wage,,,raise the minimum wage,cut the minimum wage,,\n'
                  + "transit,Transit,Buses.,bus service,bus stop,minimum_wage,,,org:x|org:y,true\n")
    wage, transit = read_topics_file(path)
    assert wage.match_terms == ("minimum wage", "living wage")  # lower-cased
    assert wage.support_means == ("raise the minimum wage",) and wage.oppose_means == ("cut the minimum wage",)
    assert not wage.accusation_supports and wage.measure_targets == ()
    assert transit.exclude_terms == ("bus stop",) and transit.yields_to == ("minimum_wage",)
    assert transit.measure_targets == ("org:x", "org:y") and transit.accusation_supports


def test_only_id_label_and_terms_are_required_and_a_spreadsheet_bom_is_read(tmp_path):
    path = _write(tmp_path, "t.csv", "topic_id,label,match_terms\nhousing,Housing,rent|rents\n", encoding="utf-8-sig")
    [topic] = read_topics_file(path)
    assert (topic.topic_id, topic.match_terms, topic.description, topic.support_means) == ("housing", ("rent", "rents"), "", ())


@pytest.mark.parametrize("body, message", [
    ("topic_id,label\nx,X\n", "lacks the column(s) match_terms"),
    ("topic_id,label,match_terms\nMinimum Wage,W,wage\n", "must be snake_case"),
    ("topic_id,label,match_terms\nunassigned,U,wage\n", "'unassigned' is kept"),
    ("topic_id,label,match_terms\nwage,W,wage\nwage,W2,pay\n", "appears twice"),
    ("topic_id,label,match_terms\nwage,,wage\n", "has no label"),
    ("topic_id,label,match_terms,yields_to\nwage,W,wage,housing\n", "unknown topic(s) housing"),
    ("topic_id,label,match_terms\n", "has no topics"),
    ("topic_id,label,match_terms\nwage,W,\n", "neither match_terms nor a description"),
])
def test_a_bad_topics_file_is_one_line_naming_file_and_row(tmp_path, body, message):
    path = _write(tmp_path, "t.csv", body)
    with pytest.raises(DomainFileError) as err:
        read_topics_file(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_or_binary_topics_file_is_a_clear_error(tmp_path):
    with pytest.raises(DomainFileError, match="not found"):
        read_topics_file(tmp_path / "nope.csv")
    (tmp_path / "b.csv").write_bytes(b"topic_id,label,match_terms\n\xff\xfe,x,y\n")
    with pytest.raises(DomainFileError, match="not UTF-8"):
        read_topics_file(tmp_path / "b.csv")


def test_the_bundled_taxonomy_is_the_default(tmp_path):
    settings = load_settings()
    assert [t.topic_id for t in load_taxonomy(settings.seeds_dir)] == [t.topic_id for t in load_topics(settings.seeds_dir)]
    path = _write(tmp_path, "t.csv", "topic_id,label,match_terms\nhousing,Housing,rent\n")
    assert [t.topic_id for t in load_taxonomy(settings.seeds_dir, path)] == ["housing"]
    rows = topic_rows(load_taxonomy(settings.seeds_dir, path), str(path), "run-1")
    assert rows[0]["topic_id"] == "housing" and rows[0]["match_terms"] == "rent" and rows[0]["position"] == 1


def test_an_actors_file_makes_ids_and_roles(tmp_path):
    path = _write(tmp_path, "a.csv",
                  "actor_id,name,actor_type,country_iso3,aliases,role,role_label,of_actor_id,is_leader,valid_from\n"
                  ",The Riverton City Council,organisation,,Riverton council|the council,,,,,\n"
                  ",Jane Doe,person,,Mayor Doe,mayor,mayor|Riverton mayor,org:the-riverton-city-council,true,2024-01-01\n"
                  ",Freedonia,state,FRE,,,,,,\n"
                  "state:FRA,,,,the Elysee,,,,,\n")
    user = read_actors_file(path)
    council, jane, freedonia, france = user.actors
    assert council.actor_id == "org:the-riverton-city-council" and council.actor_type == "organisation"
    assert council.aliases == ("The Riverton City Council", "Riverton council", "the council")  # the name is an alias
    assert jane.actor_id == "person:jane-doe"
    assert freedonia.actor_id == "state:FRE"
    assert (france.actor_id, france.actor_type, france.aliases) == ("state:FRA", "state", ("the Elysee",))
    [role] = user.roles
    assert (role.actor_id, role.role, role.of_actor_id, role.is_leader, role.valid_from) == (
        "person:jane-doe", "mayor", "org:the-riverton-city-council", True, date(2024, 1, 1))
    assert role.role_labels == ("mayor", "Riverton mayor")


@pytest.mark.parametrize("row, message", [
    (",Acme,company,,,,,,,\n", "actor_type 'company' must be one of"),
    (",Freedonia,state,,,,,,,\n", "a state needs actor_id state:<ISO3>"),
    ("acme,Acme,organisation,,,,,,,\n", "must look like person:"),
    ("person:acme,Acme,organisation,,,,,,,\n", "does not fit actor_type"),
    (",Acme,,,,,,,,\n", "give an actor_id, or a name and an actor_type"),
    (",Jane,person,,,mayor,,,,\n", "needs of_actor_id"),
    (",Jane,person,,,mayor,,org:x,,2024-13-01\n", "valid_from '2024-13-01' is not a date"),
])
def test_a_bad_actors_row_is_one_line(tmp_path, row, message):
    path = _write(tmp_path, "a.csv", "actor_id,name,actor_type,country_iso3,aliases,role,role_label,of_actor_id,is_leader,valid_from\n" + row)
    with pytest.raises(DomainFileError) as err:
        read_actors_file(path)
    assert message in str(err.value) and "row 2" in str(err.value)


def test_extra_actors_extend_the_gazetteer(tmp_path):
    settings = load_settings()
    path = _write(tmp_path, "a.csv", "actor_id,name,actor_type,aliases,role,role_label,of_actor_id,is_leader\n"
                  ",Riverton City Council,organisation,Riverton council,,,,\n"
                  ",Jane Doe,person,,mayor,mayor,org:riverton-city-council,true\n"
                  "state:FRA,,,the Elysee Palace,,,,\n")
    bundled = load_gazetteer(settings.seeds_dir)
    gaz = load_gazetteer(settings.seeds_dir, path)
    assert bundled.match_alias("Riverton council") is None
    assert gaz.match_alias("Riverton council") == "org:riverton-city-council"
    assert gaz.match_alias("the Elysee Palace") == "state:FRA"
    assert gaz.match_alias("Paris") == bundled.match_alias("Paris") == "state:FRA"  # the seed's aliases are kept
    assert gaz.actor("state:FRA")["name"] == bundled.actor("state:FRA")["name"]
    assert gaz.role_holder("mayor", "org:riverton-city-council", date(2025, 1, 1)) == "person:jane-doe"
    assert len(gaz.actors) == len(bundled.actors) + 2


def test_init_writes_a_starter_project_that_builds_with_its_files(tmp_path):
    folder = tmp_path / "proj"
    written = init_project(folder)
    assert sorted(p.name for p in written) == ["README.md", "actors.csv", "topics.csv"]
    assert read_topics_file(folder / "topics.csv") and read_actors_file(folder / "actors.csv").actors  # the starters are valid
    (folder / "topics.csv").write_text("topic_id,label,match_terms\nmine,Mine,x\n", encoding="utf-8")
    assert init_project(folder) == []  # nothing overwritten
    assert (folder / "topics.csv").read_text(encoding="utf-8").startswith("topic_id,label,match_terms\nmine")
    overrides = project_settings(folder)
    assert overrides["topics_path"] == folder / "topics.csv" and overrides["actors_path"] == folder / "actors.csv"
    assert overrides["db_path"] == folder / "warehouse" / "stance.duckdb"
    with pytest.raises(ProjectError, match="stance init"):
        project_settings(tmp_path / "missing")
