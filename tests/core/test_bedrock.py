"""Bedrock, in one place: every agent reads the same model id and connection."""

from __future__ import annotations

import pytest


def test_every_bedrock_user_reads_the_same_model_setting(monkeypatch):
    from strands_airflow.agents.decision import DecisionAgent
    from strands_airflow.agents.learning import LearningAgent
    from strands_airflow.agents.quality.nl import _configured_model
    from strands_airflow.settings import get_settings

    monkeypatch.setenv("AIRFLOW__STRANDS__BEDROCK_MODEL", "anthropic.claude-test")
    get_settings.cache_clear()
    assert DecisionAgent().bedrock_model == "anthropic.claude-test"
    assert LearningAgent().bedrock_model == "anthropic.claude-test"
    assert _configured_model() == "anthropic.claude-test"
    # the seed's variable counts when the section does not set one
    monkeypatch.delenv("AIRFLOW__STRANDS__BEDROCK_MODEL")
    monkeypatch.setenv("STRANDS_BEDROCK_MODEL", "seed-model")
    get_settings.cache_clear()
    assert DecisionAgent().bedrock_model == "seed-model"
    assert _configured_model() == "seed-model"


def test_a_bedrock_error_names_the_model_and_the_connection():
    from botocore.exceptions import ClientError

    from strands_airflow.core.bedrock import BedrockSettings, converse

    class Refusing:  # what the bedrock-runtime client answers without model access
        def converse(self, **kwargs):
            raise ClientError(
                {"Error": {"Code": "AccessDeniedException", "Message": "no model access"}},
                "Converse",
            )

    settings = BedrockSettings(model_id="m-1", aws_conn_id="aws_ml")
    with pytest.raises(RuntimeError) as err:
        converse(settings, "hi", client=Refusing())
    text = str(err.value)
    assert "Bedrock m-1" in text and "aws_ml" in text and "AccessDeniedException" in text
