"""A project folder for one domain: `stance init DIR` writes it, `--project DIR` builds with it.

    DIR/topics.csv     the taxonomy (replaces the bundled one)
    DIR/actors.csv     extra actors, aliases and roles (on top of the bundled gazetteer)
    DIR/README.md      what the files mean
    DIR/warehouse/     the project's warehouse (stance.duckdb), written by `stance build --project DIR`,
                       and its plots (warehouse/reports/)
"""

from __future__ import annotations

from pathlib import Path

STARTER_TOPICS = """\
topic_id,label,description,match_terms,exclude_terms,yields_to,support_means,oppose_means,measure_targets,accusation_supports
minimum_wage,Minimum wage,"Raising, freezing or cutting the statutory minimum wage.",minimum wage|living wage|wage floor|pay floor,,,raise the minimum wage|increase the minimum wage|higher minimum wage,cut the minimum wage|freeze the minimum wage|scrap the minimum wage,,
public_transport,Public transport,"Funding, fares and expansion of buses, trams and trains.",public transport|public transit|bus service|bus route|tram line|light rail|commuter rail|fares,bus stop|fare dodging,,expand public transport|fund public transport|more buses|lower fares,cut bus services|raise fares|close the line,,
"""

STARTER_ACTORS = """\
actor_id,name,actor_type,country_iso3,represents_actor_id,aliases,demonyms,role,role_label,of_actor_id,is_leader,valid_from,valid_to
org:riverton-city-council,Riverton City Council,organisation,,,Riverton City Council|Riverton council|the Riverton council,,,,,,,
person:jane-doe,Jane Doe,person,,,Jane Doe|Mayor Doe,,mayor,mayor|Riverton mayor,org:riverton-city-council,true,2024-01-01,
"""

STARTER_README = """\
# A stance project

Build this project's warehouse from your articles (files or folders: .txt .md .json .jsonl .csv .html):

    stance build --project {folder} path/to/articles/

It uses `topics.csv` instead of the bundled Ukraine-war taxonomy and adds `actors.csv` to the bundled
gazetteer. The warehouse is written to `warehouse/stance.duckdb` here and the plots to `warehouse/reports/`.
Query it with `stance query --db {folder}/warehouse/stance.duckdb "select * from marts.fct_statements"`.

## topics.csv — one row per topic

- `topic_id` (snake_case), `label`, `description` (what the topic covers; its words are weak evidence).
- `match_terms`: `|`-separated lower-case phrases that name the topic. Plurals and verb forms match too
  ("minimum wage" finds "minimum wages"). The more terms, the fewer `unassigned` statements.
- `exclude_terms`: phrases that contain a term but are not about the topic ("bus stop").
- `yields_to`: topic ids that win when they are named too.
- `support_means` / `oppose_means`: `|`-separated phrases of what backing or opposing the topic means
  ("raise the minimum wage" / "cut the minimum wage"). Their verbs decide the stance toward a term
  ("vowed to raise the minimum wage" is support), and a phrase found in what was said counts when
  nothing else decides.
- `measure_targets`: `|`-separated actor ids the topic's measures are aimed at; blaming them is no
  stance against the measure. Usually empty.
- `accusation_supports`: `true` when accusing someone of what the topic names backs the topic
  (accusing a government of corruption backs an anti-corruption topic). Usually empty.

Only `topic_id`, `label` and `match_terms` are required. Statements that match no topic get
`unassigned`; `raw.statements.topic_key_phrase` shows what they were about, to extend the terms.
Each statement says why it got its topic (`topic_reason`) and its stance (`stance_reason`).

## actors.csv — one row per actor (or per role of an actor)

- `name` and `actor_type` (`person`, `state`, `organisation`, `group`) for a new actor; `actor_id` is
  optional (`person:jane-doe`, `org:riverton-city-council`; made from the type and name when empty; a
  state is `state:<ISO3>`). A row with the id of a bundled actor adds its aliases and roles.
- `aliases`: `|`-separated surface forms the articles use. Short or all-capital ones match with their
  case; longer ones ignoring case.
- `country_iso3`, `represents_actor_id` (whom the actor speaks for), `demonyms` (states only).
- A role on the same row: `role` (e.g. `mayor`), `role_label` (`|`-separated forms: "mayor|Riverton
  mayor"), `of_actor_id`, `is_leader` (true/false), `valid_from`, `valid_to` (YYYY-MM-DD, empty = open).

Both files are examples: replace their rows with your own domain's.
"""


class ProjectError(ValueError):
    """A project folder that cannot be used. The message is one line."""


def init_project(folder: Path) -> list[Path]:
    """Write the starter files into `folder` (created if needed); files that exist are left alone.
    Returns the files written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (("topics.csv", STARTER_TOPICS), ("actors.csv", STARTER_ACTORS),
                          ("README.md", STARTER_README.format(folder=folder))):
        path = folder / name
        if path.exists():
            continue
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def project_settings(folder: Path) -> dict[str, Path]:
    """Settings overrides for a build of the project in `folder`: its topics.csv and actors.csv (when
    present) and its warehouse (the plots go beside it)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ProjectError(f"project folder {folder} not found (create one with `stance init {folder}`)")
    overrides: dict[str, Path] = {"db_path": folder / "warehouse" / "stance.duckdb"}
    if (folder / "topics.csv").is_file():
        overrides["topics_path"] = folder / "topics.csv"
    if (folder / "actors.csv").is_file():
        overrides["actors_path"] = folder / "actors.csv"
    return overrides
