"""Optional Bedrock rationale: it never changes the choice and its errors never fail one."""

from __future__ import annotations

import json

from tests_support import free_port

from strands_airflow.agents.decision import DecisionAgent


def test_bedrock_error_leaves_the_learned_decision(monkeypatch):
    from moto.server import ThreadedMotoServer

    workload = {"data_volume": "high", "complexity": "medium", "transform": "sql"}
    plain = DecisionAgent(random_state=5).decide(workload)

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        conn = {
            "conn_type": "aws",
            "extra": {
                "endpoint_url": f"http://127.0.0.1:{port}",
                "config_kwargs": {"retries": {"max_attempts": 1, "mode": "standard"}},
            },
        }
        monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", json.dumps(conn))
        monkeypatch.setenv("STRANDS_BEDROCK_MODEL", "anthropic.claude-3-haiku-20240307-v1:0")
        with_bedrock = DecisionAgent(random_state=5).decide(workload)
    finally:
        server.stop()

    assert with_bedrock.selected_platform == plain.selected_platform
    assert with_bedrock.confidence == plain.confidence
    assert with_bedrock.reasoning.startswith(plain.reasoning)
