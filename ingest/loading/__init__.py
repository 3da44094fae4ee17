"""Step 3 of the pipeline: bulk loading of articles, mentions and statements into the `raw` schema."""
