"""`StrandsHook`: turns Airflow connections into a message bus and a learning-vector store."""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseHook

from strands_airflow.settings import StrandsSettings, get_settings


class StrandsHook(BaseHook):
    """Access to the Strands bus and store through Airflow connections.

    :param redis_conn_id: Redis connection carrying the bus (Redis Streams). When it does not
        exist and `[strands] bus_url` is empty, the in-process LocalBus is used.
    :param aws_conn_id: AWS connection for the S3 vector store, Glue, EMR, Lambda and Bedrock.
    :param bus_url: explicit bus url (`memory://`, `redis://host:port/?db=N`); wins over the
        connection.
    """

    conn_name_attr = "redis_conn_id"
    default_conn_name = "redis_default"
    conn_type = "redis"
    hook_name = "Strands"

    def __init__(
        self,
        redis_conn_id: str = "redis_default",
        aws_conn_id: str = "aws_default",
        bus_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.redis_conn_id = redis_conn_id
        self.aws_conn_id = aws_conn_id
        self.bus_url = bus_url

    @property
    def settings(self) -> StrandsSettings:
        """The provider's settings (`[strands]` section and environment)."""
        return get_settings()

    def get_bus(self):
        """A new bus for this hook's connection (one per task: event loops are per call)."""
        from strands_airflow.bus import build_bus

        return build_bus(self.bus_url, redis_conn_id=self.redis_conn_id)

    def get_store(self, url: str | None = None):
        """The learning-vector store: `url`, else `[strands]` store_url / s3_bucket / file store."""
        from strands_airflow.vectors.store import LearningVectorStore

        return LearningVectorStore(
            url or self.settings.vector_store_url, aws_conn_id=self.aws_conn_id
        )

    def get_conn(self):
        """The bus (Airflow's generic hook entry point)."""
        return self.get_bus()
