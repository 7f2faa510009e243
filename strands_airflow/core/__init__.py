"""Domain types every layer shares (the bottom engine layer).

- :mod:`.platforms`: platform ids, `DataLocation`, `PlatformsConfig`;
- :mod:`.workload` and :mod:`.features`: `Workload`, its embedding and workload class;
- :mod:`.aws`: transient AWS errors and errors that name the connection;
- :mod:`.bedrock`: Bedrock settings and one client;
- :mod:`.coerce`: "dict or model" at a seam, validated with one error.

Nothing here imports another strands_airflow package except `exceptions` and `settings`.
"""
