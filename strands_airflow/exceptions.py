"""Exceptions raised by strands-airflow.

Every error names what was wrong (the field, the line, the rule) and what would be
accepted, so a task log tells a DAG author how to fix the input.
"""

from __future__ import annotations


class StrandsError(Exception):
    """Base class of every error this provider raises on purpose."""


class StrandsConfigError(StrandsError, ValueError):
    """A setting, pipeline config or operator argument is invalid (names the field)."""


class MessageValidationError(StrandsError, ValueError):
    """A message cannot be built or published as given (names the key path or field)."""


class PayloadTooLargeError(MessageValidationError):
    """A payload is over the bus's size limit; pass a reference (s3:// path) instead."""


class BusUnavailableError(StrandsError):
    """The message bus backend cannot be reached."""


class AnalysisError(StrandsError, ValueError):
    """SQL or PySpark analysis could not run (empty input, too large, time budget)."""


class QualityRequestError(StrandsError, ValueError):
    """A plain-English quality request could not be understood (quotes the part)."""


class QualityCheckError(StrandsError):
    """Data checks could not run on a target (missing table, column, file)."""


class VectorStoreError(StrandsError):
    """The learning-vector store failed (names the bucket/path and connection id)."""


class DecisionInputError(StrandsError, ValueError):
    """A workload or platform list given to the Decision agent is invalid."""


class ExecutionError(StrandsError):
    """A job failed to start or failed on its platform (carries the platform's text)."""


class StepInputError(StrandsError, ValueError):
    """What reached a pipeline step or agent is malformed (names the step and the field).

    Raised at the seams: an upstream XCom, a message payload or a caller's dict that does
    not validate into the model the step expects. Never silently replaced by ``{}``.
    """
