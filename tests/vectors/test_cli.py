"""The operators' command line, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from vectors_support import make_vector

from strands_airflow.vectors.cli import main
from strands_airflow.vectors.store import LearningVectorStore


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "strands_airflow.vectors", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def store_url(tmp_path):
    url = (tmp_path / "store").as_uri()
    store = LearningVectorStore(url)
    for i in range(12):
        store.put(make_vector(i))
    return url


def test_count_list_show_export_compact_as_a_process(store_url, tmp_path):
    assert _cli("--url", store_url, "count").stdout.strip() == "12"

    listed = _cli("--url", store_url, "list", "--limit", "3", "--platform", "glue")
    lines = listed.stdout.strip().splitlines()
    assert listed.returncode == 0 and len(lines) == 3
    assert all(" glue " in line for line in lines)
    assert make_vector(9).vector_id in lines[0]  # newest glue run first

    shown = _cli("--url", store_url, "show", make_vector(4).vector_id)
    assert json.loads(shown.stdout)["vector_id"] == make_vector(4).vector_id

    out = tmp_path / "export.jsonl"
    exported = _cli("--url", store_url, "export", "--since", "2026-01-01T00:06:00Z", "-o", str(out))
    assert exported.returncode == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 6 and {"embedding", "execution_metrics"} <= set(rows[0])

    compacted = _cli("--url", store_url, "compact", "--grace-seconds", "0")
    assert json.loads(compacted.stdout)["snapshot_vectors"] == 12
    stats = json.loads(_cli("--url", store_url, "stats").stdout)
    assert stats["snapshot_vectors"] == 12 and stats["tail_vectors"] == 0


@pytest.mark.parametrize("command", ["list", "count", "show", "compact", "export", "stats"])
def test_every_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: strands-vectors" in capsys.readouterr().out


def test_errors_are_one_clear_line(store_url, capsys):
    assert main(["--url", store_url, "show", "missing-id"]) == 1
    assert "no vector 'missing-id'" in capsys.readouterr().err
    assert main(["--url", "ftp://nowhere", "count"]) == 1
    assert "use memory://name, file:///abs/path or s3://bucket/prefix" in capsys.readouterr().err


def test_works_against_s3_through_the_airflow_connection(bucket):
    url = f"s3://{bucket}/cli"
    LearningVectorStore(url).put(make_vector(1))
    assert main(["--url", url, "--aws-conn-id", "aws_default", "count"]) == 0
