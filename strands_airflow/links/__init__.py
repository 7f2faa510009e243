"""Operator extra links of the Strands tasks."""

from strands_airflow.links.strands import StrandsDashboardLink

__all__ = ["StrandsDashboardLink"]
