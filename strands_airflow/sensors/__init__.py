"""Strands sensors: a message on the bus, and one per agent (decision, quality, learning)."""

from strands_airflow.sensors.agents import (
    StrandsAgentSensor,
    StrandsDecisionSensor,
    StrandsLearningSensor,
    StrandsQualitySensor,
)
from strands_airflow.sensors.message import StrandsMessageSensor

__all__ = [
    "StrandsAgentSensor",
    "StrandsDecisionSensor",
    "StrandsLearningSensor",
    "StrandsMessageSensor",
    "StrandsQualitySensor",
]
