"""Step 2 of the pipeline: the spaCy pipeline that finds actors and their attributed statements.

Each NLP concern is one registered component (see :mod:`ingest.extraction.pipeline`).
"""
