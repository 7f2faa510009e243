"""The agents compute with one BLAS thread and leave the process's own setting as it was."""

from __future__ import annotations

import threading

import pytest

from strands_airflow.agents.decision import DecisionAgent, scoring
from strands_airflow.core.blas import blas_threads, controller, one_blas_thread
from strands_airflow.vectors.store import LearningVectorStore


@pytest.fixture
def two_blas_threads():
    """The process runs BLAS on two threads (numpy's default on a multi-core worker)."""
    with controller().limit(limits=2, user_api="blas"):
        if blas_threads() != 2:
            pytest.fail("this numpy's BLAS cannot be set to 2 threads (threadpoolctl found none)")
        yield


def test_inside_the_block_blas_has_one_thread_and_afterwards_what_it_had(two_blas_threads):
    with one_blas_thread():
        assert blas_threads() == 1
    assert blas_threads() == 2


def test_a_nested_block_leaves_the_limit_to_the_outer_one(two_blas_threads):
    with one_blas_thread():
        with one_blas_thread():  # e.g. decide() calling refresh()
            assert blas_threads() == 1
        assert blas_threads() == 1
    assert blas_threads() == 2


def test_a_block_on_another_thread_ending_first_does_not_lift_this_ones_limit(two_blas_threads):
    done: list[bool] = []

    def other() -> None:
        with one_blas_thread():
            done.append(True)

    with one_blas_thread():
        t = threading.Thread(target=other)
        t.start()
        t.join(10)
        assert done == [True]
        assert blas_threads() == 1
    assert blas_threads() == 2


def test_an_error_in_the_block_still_restores(two_blas_threads):
    with pytest.raises(ValueError), one_blas_thread():
        raise ValueError("boom")
    assert blas_threads() == 2


def test_a_decision_scores_with_one_blas_thread(two_blas_threads, monkeypatch):
    """The failure posterior's products (a 10,920-cell grid) are above OpenBLAS's threading
    threshold: scored on a pool they cost milliseconds each on a busy worker."""
    seen: list[int] = []
    real = scoring.score

    def spy(*args, **kwargs):
        seen.append(blas_threads())
        return real(*args, **kwargs)

    monkeypatch.setattr("strands_airflow.agents.decision.agent.score", spy)
    agent = DecisionAgent(store=LearningVectorStore("memory://blas-test"), random_state=1)
    decision = agent.decide({"data_volume_gb": 5, "num_joins": 1, "transform": "sql"})
    assert decision.selected_platform
    assert seen == [1]
    assert blas_threads() == 2
