"""Data checks run on a job's output: files, DuckDB tables, or any Airflow SQL connection."""
