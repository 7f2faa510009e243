"""`StrandsMessageSensor`: wait for a message on the bus, deferrable by default."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from airflow.sdk import BaseSensorOperator, Context

from strands_airflow.links.strands import StrandsDashboardLink
from strands_airflow.operators.base import correlation_id_for
from strands_airflow.triggers.message import StrandsMessageTrigger, describe_wait

#: look this far before the DAG run started, so a message published by an upstream task of
#: the same run (or a just-earlier clock) is found
SINCE_MARGIN_S = 60


class StrandsMessageSensor(BaseSensorOperator):
    """Wait until a message of `message_type` for this DAG run appears on the Redis bus.

    Deferrable by default: the wait happens in the triggerer and holds no worker slot. The
    matched message is the task's XCom. On timeout the task fails naming what it waited for.

    :param message_type: a MessageType or its name/value.
    :param target: only a message addressed to this agent.
    :param correlation_id: only a message of this correlation id; default: this DAG run
        (`dag_id/run_id`). Pass ``"*"`` to accept any.
    :param timeout: seconds to wait (the sensor's timeout).
    """

    template_fields: Sequence[str] = ("message_type", "target", "correlation_id")
    operator_extra_links = (StrandsDashboardLink(),)

    def __init__(
        self,
        *,
        message_type: Any,
        target: str | None = None,
        correlation_id: str | None = None,
        redis_conn_id: str = "redis_default",
        bus_url: str | None = None,
        deferrable: bool = True,
        timeout: float = 60 * 60,
        poke_interval: float = 5,
        **kwargs: Any,
    ) -> None:
        super().__init__(timeout=timeout, poke_interval=poke_interval, **kwargs)
        self.message_type = message_type
        self.target = target
        self.correlation_id = correlation_id
        self.redis_conn_id = redis_conn_id
        self.bus_url = bus_url
        self.deferrable = deferrable
        # where poke mode has read up to, per stream (kept across pokes of one try)
        self._positions: dict[str, str] | None = None

    def _type_value(self) -> str:
        from strands_airflow.bus.message import MessageType

        return MessageType.parse(self.message_type).value

    def _correlation(self, context: Context) -> str | None:
        if self.correlation_id == "*":
            return None
        return self.correlation_id or correlation_id_for(context)

    @staticmethod
    def _since_ms(context: Context) -> int:
        dr = context.get("dag_run")
        start = getattr(dr, "start_date", None) or getattr(dr, "queued_at", None)
        if start is None:
            return int((time.time() - SINCE_MARGIN_S) * 1000)
        return int((start.timestamp() - SINCE_MARGIN_S) * 1000)

    def _trigger(self, context: Context) -> StrandsMessageTrigger:
        return StrandsMessageTrigger(
            message_type=self._type_value(),
            since_ms=self._since_ms(context),
            timeout_seconds=float(self.timeout),
            target=self.target,
            correlation_id=self._correlation(context),
            redis_conn_id=self.redis_conn_id,
            bus_url=self.bus_url,
        )

    def execute(self, context: Context) -> Any:
        if not self.deferrable:
            return super().execute(context)
        self.defer(
            trigger=self._trigger(context),
            method_name="execute_complete",
            timeout=timedelta(seconds=float(self.timeout) + 60),
        )

    def poke(self, context: Context) -> Any:
        from airflow.sdk.bases.sensor import PokeReturnValue

        trig = self._trigger(context)
        msg = asyncio.run(self._scan(trig))
        if msg is None:
            return False
        return PokeReturnValue(is_done=True, xcom_value=msg.model_dump(mode="json"))

    async def _scan(self, trig: StrandsMessageTrigger) -> Any:
        """Page through every entry since the start, resuming where the last poke stopped."""
        from strands_airflow.bus import RedisStreamBus, build_bus
        from strands_airflow.bus.message import MessageType

        bus = build_bus(self.bus_url, redis_conn_id=self.redis_conn_id)
        if not isinstance(bus, RedisStreamBus):
            raise RuntimeError(
                f"{self.task_id}: waiting for messages needs the Redis bus; create the "
                f"connection {self.redis_conn_id!r} or set [strands] bus_url"
            )
        budget = time.monotonic() + max(1.0, float(self.poke_interval))
        try:
            while True:
                msgs, positions = await asyncio.wait_for(
                    bus.read_since(
                        [MessageType.parse(trig.message_type)],
                        trig.since_ms,
                        block_ms=1,
                        positions=self._positions,
                    ),
                    timeout=bus.socket_timeout + 1,
                )
                moved = positions != self._positions
                self._positions = positions  # the next page (or poke) starts after these
                found = next((m for m in msgs if trig._matches(m)), None)
                if found is not None or not moved or time.monotonic() > budget:
                    return found
        finally:
            try:
                await asyncio.wait_for(bus.aclose(), timeout=2)
            except Exception:  # noqa: BLE001 - closing a hung connection is best effort
                pass

    def execute_complete(self, context: Context, event: dict[str, Any]) -> dict[str, Any]:
        """Resume after the trigger fired: return the message, or fail with its reason."""
        from airflow.exceptions import AirflowException

        if event.get("status") == "success":
            self.log.info("got message %s", event["message"].get("id"))
            return event["message"]
        what = describe_wait(self._type_value(), self.target, self._correlation(context))
        raise AirflowException(
            f"{self.task_id}: {event.get('message') or 'failed waiting for ' + what}"
        )
