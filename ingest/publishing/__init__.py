"""Step 5 of the pipeline: build a candidate warehouse, run dbt, guard it, publish it atomically."""
