"""`StrandsPublishOperator`: publish one message; the message is also the task's XCom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import Context

from strands_airflow.operators.base import StrandsBaseOperator


class StrandsPublishOperator(StrandsBaseOperator):
    """Publish a message on the Strands bus and return it as XCom.

    :param message_type: a `MessageType` or its name/value (`"AGENT_REQUEST"`).
    :param payload: JSON-serialisable dict (templated). Large data: pass an s3:// reference.
    :param target: agent name to deliver to; None broadcasts to every subscribed agent.
    :param correlation_id: defaults to this DAG run (`dag_id/run_id`) (templated).
    :param sender: defaults to the task id.
    """

    template_fields: Sequence[str] = ("payload", "target", "correlation_id", "message_type")
    template_fields_renderers = {"payload": "json"}

    def __init__(
        self,
        *,
        message_type: Any,
        payload: dict[str, Any] | None = None,
        target: str | None = None,
        correlation_id: str | None = None,
        sender: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.message_type = message_type
        self.payload = payload or {}
        self.target = target
        self.correlation_id = correlation_id
        self.sender = sender

    def execute(self, context: Context) -> dict[str, Any]:
        msg = self.publish(
            context,
            self.message_type,
            self.payload,
            target=self.target,
            sender=self.sender,
            correlation_id=self.correlation_id,
        )
        self.log.info(
            "published %s %s (correlation %s)",
            msg["message_type"],
            msg["id"],
            msg["correlation_id"],
        )
        return msg
