"""`StrandsRunTrigger`: wait for a remote run with the amazon provider's trigger, and stop
the run when a user kills the deferred task.

The provider's `GlueJobCompleteTrigger` and `EmrServerlessStartJobTrigger` wait well but
implement no ``on_kill``: a deferred task that a user clears, marks failed or marks
succeeded would leave its Glue / EMR Serverless run going. This trigger runs the
provider's trigger unchanged (same events, same waiter) and adds ``on_kill``, which
Airflow (3.1+) calls in the triggerer only on such a user action (not on a triggerer
restart, nor on a trigger timeout: the operator handles the timeout when it resumes).
``on_kill`` calls the platform runner's ``cancel`` (Glue: BatchStopJobRun; EMR
Serverless: CancelJobRun); a run that already finished is left alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

try:
    from airflow.sdk.module_loading import import_string
except ImportError:  # Airflow < 3.1
    from airflow.utils.module_loading import import_string  # type: ignore[no-redef]


class StrandsRunTrigger(BaseTrigger):
    """The provider's trigger `inner_classpath(**inner_kwargs)`, plus cancel-on-kill.

    :param job: the `Job` as its JSON dict (the runner needs its platform settings to stop it).
    :param external_id: the platform's id of the run.
    :param cancel_on_kill: stop the run when a user kills the deferred task (default True).
    """

    def __init__(
        self,
        *,
        inner_classpath: str,
        inner_kwargs: dict[str, Any],
        job: dict[str, Any],
        external_id: str,
        aws_conn_id: str | None = "aws_default",
        region_name: str | None = None,
        cancel_on_kill: bool = True,
    ) -> None:
        super().__init__()
        self.inner_classpath = inner_classpath
        self.inner_kwargs = inner_kwargs
        self.job = job
        self.external_id = external_id
        self.aws_conn_id = aws_conn_id
        self.region_name = region_name
        self.cancel_on_kill = cancel_on_kill
        self._inner: BaseTrigger | None = None

    @classmethod
    def wrap(
        cls,
        inner: BaseTrigger,
        *,
        job: Any,
        external_id: str,
        aws_conn_id: str | None,
        region_name: str | None = None,
        cancel_on_kill: bool = True,
    ) -> StrandsRunTrigger:
        """Wrap a provider trigger built by `Runner.trigger` for `job`'s run `external_id`."""
        classpath, kwargs = inner.serialize()
        return cls(
            inner_classpath=classpath,
            inner_kwargs=dict(kwargs),
            job=job.model_dump(mode="json"),
            external_id=external_id,
            aws_conn_id=aws_conn_id,
            region_name=region_name,
            cancel_on_kill=cancel_on_kill,
        )

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "inner_classpath": self.inner_classpath,
                "inner_kwargs": self.inner_kwargs,
                "job": self.job,
                "external_id": self.external_id,
                "aws_conn_id": self.aws_conn_id,
                "region_name": self.region_name,
                "cancel_on_kill": self.cancel_on_kill,
            },
        )

    def inner(self) -> BaseTrigger:
        """The provider's trigger (built once per trigger instance)."""
        if self._inner is None:
            self._inner = import_string(self.inner_classpath)(**self.inner_kwargs)
        return self._inner

    async def run(self) -> AsyncIterator[TriggerEvent]:
        async for event in self.inner().run():
            yield event

    async def cleanup(self) -> None:
        if self._inner is not None:
            await self._inner.cleanup()

    def cancel_run(self) -> bool:
        """Stop the run through the platform's runner (blocking; True when a stop was asked)."""
        from strands_airflow.execution.base import get_runner
        from strands_airflow.execution.models import Job

        job = Job.model_validate(self.job)
        kwargs: dict[str, Any] = {"prices": {}}
        if job.platform != "local":
            kwargs |= {"aws_conn_id": self.aws_conn_id, "region_name": self.region_name}
        return get_runner(job.platform, **kwargs).cancel(job, self.external_id)

    async def on_kill(self) -> None:
        """The user cleared / marked the deferred task: stop the remote run."""
        if not self.cancel_on_kill:
            self.log.info("cancel_on_kill is off: run %s keeps running", self.external_id)
            return
        try:
            await asyncio.to_thread(self.cancel_run)
        except Exception:  # on_kill must not raise; say the run may still be going
            self.log.exception("could not stop run %s; it may still be running", self.external_id)
