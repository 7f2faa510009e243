"""Bedrock, in one place: which model, through which connection, and one client.

Three agents may ask a Bedrock model (the Decision agent's rationale, the Learning agent's
insights, the Quality agent's plain-English parsing). They all read the model id the same
way (`[strands] bedrock_model`, `AIRFLOW__STRANDS__BEDROCK_MODEL` or the seed's
`STRANDS_BEDROCK_MODEL`) and call :func:`converse`. An empty model id means "rules only".

Example::

    settings = BedrockSettings.configured(aws_conn_id="aws_default")
    if settings.enabled:
        text = converse(settings, "Explain ...", max_tokens=200)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from strands_airflow.core.aws import describe_aws_error


@dataclass(frozen=True)
class BedrockSettings:
    """Model id, connection and region for Bedrock calls (empty model id = disabled)."""

    model_id: str = ""
    aws_conn_id: str | None = "aws_default"
    region: str | None = None

    @property
    def enabled(self) -> bool:
        """True when a model is configured."""
        return bool(self.model_id)

    @classmethod
    def configured(
        cls, *, model_id: str | None = None, aws_conn_id: str | None = None
    ) -> BedrockSettings:
        """The provider's settings, with explicit arguments taking precedence."""
        from strands_airflow.settings import get_settings

        s = get_settings()
        return cls(
            model_id=s.bedrock_model if model_id is None else model_id,
            aws_conn_id=aws_conn_id or s.aws_conn_id or "aws_default",
            region=s.aws_region or None,
        )

    def with_model(self, model_id: str | None) -> BedrockSettings:
        """A copy using `model_id` when one is given."""
        return self if model_id is None else replace(self, model_id=model_id)


def bedrock_client(settings: BedrockSettings) -> Any:
    """The bedrock-runtime client of the settings' Airflow connection."""
    from airflow.providers.amazon.aws.hooks.bedrock import BedrockRuntimeHook

    return BedrockRuntimeHook(aws_conn_id=settings.aws_conn_id, region_name=settings.region).conn


def converse(
    settings: BedrockSettings,
    prompt: str,
    *,
    system: str | None = None,
    max_tokens: int = 400,
    temperature: float | None = None,
    client: Any = None,
) -> str:
    """The model's text answer to `prompt` (Converse API); raises naming the connection."""
    if not settings.enabled:
        raise ValueError("no Bedrock model configured ([strands] bedrock_model is empty)")
    kwargs: dict[str, Any] = {
        "modelId": settings.model_id,
        "messages": [{"role": "user", "content": [{"text": prompt}]}],
        "inferenceConfig": {"maxTokens": max_tokens}
        | ({} if temperature is None else {"temperature": temperature}),
    }
    if system:
        kwargs["system"] = [{"text": system}]
    try:
        response = (client or bedrock_client(settings)).converse(**kwargs)
    except Exception as exc:  # noqa: BLE001 - re-raised with the connection named
        raise RuntimeError(
            describe_aws_error(
                exc, action=f"Bedrock {settings.model_id}", conn_id=settings.aws_conn_id
            )
        ) from exc
    parts = response["output"]["message"]["content"]
    text = "".join(p.get("text", "") for p in parts).strip()
    if not text:
        raise ValueError(f"Bedrock {settings.model_id} returned no text")
    return text
