"""A step's report is stored before its message goes out; the bus opens meanwhile.

Steps call the emitter's ``prepare()`` (the operator's opens the task's bus connection)
while the report's PUT runs on a thread (the decision: while its history is read), then
publish. A consumer that reads the report named by a message always finds it, and a failed
PUT announces nothing.
"""

from __future__ import annotations

import threading

import pytest

from strands_airflow.bus.message import MessageType
from strands_airflow.exceptions import VectorStoreError
from strands_airflow.pipeline import steps
from strands_airflow.pipeline.context import PipelineRun, RunContext
from strands_airflow.vectors.store import LearningVectorStore

WORKLOAD = {"data_volume_gb": 3.0, "num_joins": 1, "transform": "sql"}


class Announcer:
    """A caller's emitter: records what a consumer would see when each message arrives."""

    def __init__(self, store_url: str, run_id: str) -> None:
        self.store = LearningVectorStore(store_url)
        self.run_id = run_id
        self.events: list[tuple] = []

    def prepare(self) -> None:
        self.events.append(("prepare", threading.current_thread() is threading.main_thread()))

    def __call__(self, message_type, payload, target=None):
        stored = self.store.get_report("decision", self.run_id)
        self.events.append(("emit", MessageType.parse(message_type), stored))


def _run(url: str, run_id: str) -> PipelineRun:
    return PipelineRun(
        config=None,
        dag_id="etl",
        run_id=run_id,
        context=RunContext(store_url=url),
        workload=WORKLOAD,
    )


def test_the_decision_report_is_stored_before_its_message(tmp_path):
    url = (tmp_path / "store").as_uri()
    run = _run(url, "r1")
    emit = Announcer(url, run.correlation_id)
    decision = steps.decide(run, emit, platforms=["glue", "local"])

    assert [e[0] for e in emit.events] == ["prepare", "emit"]
    assert emit.events[0][1] is True  # the bus opens on the task's own thread
    _, mtype, stored = emit.events[1]
    assert mtype is MessageType.DECISION_MADE
    assert stored is not None and stored["selected_platform"] == decision.selected_platform


def test_a_failed_report_put_fails_the_step_and_announces_nothing(tmp_path):
    root = tmp_path / "store"
    url = root.as_uri()
    run = _run(url, "r2")
    root.mkdir()
    (root / "decision").write_text("a file where the reports' folder goes")
    emit = Announcer(url, run.correlation_id)

    with pytest.raises((VectorStoreError, OSError)):
        steps.decide(run, emit, platforms=["glue", "local"])
    assert [e[0] for e in emit.events] == ["prepare"]  # nothing was published


def test_an_emitter_without_prepare_still_gets_the_report_first(tmp_path):
    url = (tmp_path / "store").as_uri()
    run = _run(url, "r3")
    seen = []

    def emit(message_type, payload, target=None):
        seen.append(LearningVectorStore(url).get_report("decision", run.correlation_id))

    steps.decide(run, emit, platforms=["local"])
    assert len(seen) == 1 and seen[0] is not None


def test_the_decision_reads_its_history_while_the_bus_opens(tmp_path, monkeypatch):
    """The bus's connection is read on the task's own thread while the store's listing is
    under way on another: the two waits overlap (and the bus opens once)."""
    url = (tmp_path / "store").as_uri()
    run = _run(url, "r4")
    backend = run.store.backend
    opening, overlapped = threading.Event(), []
    original = backend.list

    def list_(*args, **kwargs):
        # were the reads and the bus serial, the bus would not be opening now
        overlapped.append(opening.wait(3))
        return original(*args, **kwargs)

    monkeypatch.setattr(backend, "list", list_)

    class OpeningBus(Announcer):
        def prepare(self) -> None:
            opening.set()
            super().prepare()

    emit = OpeningBus(url, run.correlation_id)
    decision = steps.decide(run, emit, platforms=["glue", "local"])

    assert overlapped and all(overlapped)
    assert [e[0] for e in emit.events] == ["prepare", "emit"]
    assert emit.events[0][1] is True  # the bus's connection is read on the task's thread
    assert emit.events[1][2]["selected_platform"] == decision.selected_platform


def test_meanwhile_runs_on_the_tasks_thread_during_the_put_and_a_failed_put_still_announces_nothing(
    tmp_path,
):
    """``meanwhile`` (an operator's XCom push) runs on the calling thread while the report
    is stored and gets the decision; a failed PUT still fails the step with no message."""
    url = (tmp_path / "store").as_uri()
    run = _run(url, "r5")
    got = []
    emit = Announcer(url, run.correlation_id)
    decision = steps.decide(
        run,
        emit,
        platforms=["glue", "local"],
        meanwhile=lambda d: got.append((d, threading.current_thread() is threading.main_thread())),
    )
    assert got == [(decision.model_dump(mode="json"), True)]
    assert [e[0] for e in emit.events] == ["prepare", "emit"] and emit.events[1][2] is not None

    root = tmp_path / "broken"
    root.mkdir()
    (root / "decision").write_text("a file where the reports' folder goes")
    run = _run(root.as_uri(), "r6")
    emit = Announcer(root.as_uri(), run.correlation_id)
    with pytest.raises((VectorStoreError, OSError)):
        steps.decide(run, emit, platforms=["glue", "local"], meanwhile=got.append)
    assert [e[0] for e in emit.events] == ["prepare"]  # nothing was published
