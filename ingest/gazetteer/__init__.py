"""Actor gazetteer and topic taxonomy.

`generate` builds `dbt_project/seeds/actors.csv` and `actor_roles.csv` from `country_converter`
plus the hand-curated CSVs in `curated/`; `lookup` loads the seeds for the ingester.
"""

from ingest.gazetteer.lookup import Gazetteer, Topic, load_gazetteer, load_topics

__all__ = ["Gazetteer", "Topic", "load_gazetteer", "load_topics"]
