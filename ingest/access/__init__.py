"""Step 6: analyst access to the published warehouse — read-only queries and CSV/Parquet export."""
