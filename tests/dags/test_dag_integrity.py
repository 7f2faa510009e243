"""DAG integrity, in the style of an Astro project's tests/dags/test_dag_example.py:
every DAG in dags/ imports without error, has tags and retries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parents[2] / "dags"


def _dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


@pytest.fixture(scope="module")
def dagbag():
    return _dagbag()


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}, "\n".join(
        f"{k}: {v}" for k, v in dagbag.import_errors.items()
    )
    assert dagbag.dags, f"no DAG found in {DAGS_DIR}"


def test_every_dag_has_tags(dagbag):
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags, f"{dag_id} in {os.path.relpath(dag.fileloc)} has no tags"


def test_every_task_retries(dagbag):
    for dag_id, dag in dagbag.dags.items():
        for task in dag.tasks:
            assert task.retries >= 1, f"{dag_id}.{task.task_id} has retries={task.retries}"
