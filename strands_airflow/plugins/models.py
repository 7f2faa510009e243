"""Response models of the dashboard API (`/strands/api/v1/`): what FastAPI's OpenAPI describes.

Every figure the HTML page draws comes from one of these, so the page and the API never
disagree. Times are UTC; durations are seconds; scores are 0..1.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class StoreInfo(BaseModel):
    """Where the learning vectors are read from (credentials never included)."""

    location: str = Field(description="Store URL without any user/password part")
    vectors: int = Field(description="Learning vectors in the store")
    corrupt_objects: int = 0
    loaded_at: datetime = Field(description="When the dashboard last read the store")


class Summary(BaseModel):
    """The headline numbers of the dashboard's cards."""

    vectors: int
    window_days: int
    runs_in_window: int
    success_rate: float | None = Field(description="Share of runs in the window that succeeded")
    platforms: list[str]
    last_run_at: datetime | None
    latest_quality_score: float | None
    open_recommendations: int
    bus_backend: str
    bus_dead_lettered: int | None
    store: StoreInfo


class PlatformCounts(BaseModel):
    """Runs a platform was chosen for, per time bucket."""

    platform: str
    counts: list[int]
    total: int


class Decisions(BaseModel):
    """Decisions per platform over time (the platform each run used)."""

    window_days: int
    bucket_seconds: int
    buckets: list[datetime] = Field(description="Start of each bucket")
    platforms: list[PlatformCounts]


class PlatformRuntime(BaseModel):
    """One platform's runtime against its learned baseline."""

    platform: str
    runs: int = Field(description="Runs of this platform in the window")
    success_rate: float | None
    median_seconds: list[float | None] = Field(description="Median runtime per bucket")
    baseline_seconds: list[float | None] = Field(
        description="Learned baseline per bucket: rolling median of the platform's previous "
        "successful runs"
    )
    recent_median_seconds: float | None = Field(description="Median of the last runs")
    baseline_median_seconds: float | None = Field(description="Baseline before those runs")
    delta_pct: float | None = Field(description="recent against baseline, percent (+ = slower)")


class Runtime(BaseModel):
    """Runtime against the learned baseline, per platform."""

    window_days: int
    bucket_seconds: int
    buckets: list[datetime]
    baseline_runs: int = Field(description="How many previous runs the rolling median spans")
    platforms: list[PlatformRuntime]


class QualityPoint(BaseModel):
    """Mean data quality score of the runs in one bucket."""

    bucket: datetime
    mean_score: float
    runs: int


class Quality(BaseModel):
    """Quality score trend from the newest runs' `data_quality_score`."""

    window_days: int
    bucket_seconds: int
    points: list[QualityPoint]
    latest_score: float | None
    runs_scored: int
    runs_read: int = Field(description="Newest runs read for scores (bounded for speed)")
    read_as: list[str] = Field(
        default_factory=list,
        description="How the newest quality report read its plain-English requests: "
        "'read as: <check>', 'ignored: ...' and 'context: ...' lines",
    )
    read_as_run: str | None = Field(default=None, description="The run that report belongs to")
    efficiency_by_platform: dict[str, float] = Field(
        default_factory=dict,
        description="Mean efficiency_score (0..1: the run against the best known run of its "
        "workload class) per platform, over the same newest runs",
    )


class RecommendationItem(BaseModel):
    """One open recommendation of the Optimization agent."""

    priority: int
    category: str
    action: str
    severity: str = "warning"
    platform: str | None = None
    pattern: str | None = None
    seconds_saved_per_run: float | None = None
    usd_saved_per_run: float | None = None
    run_id: str | None = Field(default=None, description="The run whose report holds it")
    reported_at: datetime | None = None


class Recommendations(BaseModel):
    """Top open recommendations across the newest optimization reports."""

    items: list[RecommendationItem]
    reports_read: int
    total_open: int


class AgentHealth(BaseModel):
    """One agent's share of the bus."""

    agent: str
    stream_length: int = 0
    pending: int = 0
    dead_lettered: int = 0


class BusHealth(BaseModel):
    """The message bus's state: per-agent stream length, pending and dead-lettered messages."""

    backend: str
    reachable: bool
    error: str | None = Field(default=None, description="Why it could not be read (no secrets)")
    agents: list[AgentHealth]
    checked_at: datetime


class RunDetail(BaseModel):
    """One DAG run as the learning store saw it (the dashboard's filter)."""

    dag_id: str
    run_id: str
    found: bool
    vector_id: str | None = None
    platform: str | None = None
    success: bool | None = None
    execution_time_seconds: float | None = None
    baseline_seconds: float | None = None
    data_quality_score: float | None = None
    decision_confidence: float | None = None
    quality_report: bool = False
    #: how this run's quality requests were read ("read as: ...", "ignored: ...", "context: ...")
    quality_read_as: list[str] = Field(default_factory=list)
    recommendations: list[RecommendationItem] = Field(default_factory=list)


class Dashboard(BaseModel):
    """Everything the dashboard page shows, in one response."""

    summary: Summary
    decisions: Decisions
    runtime: Runtime
    quality: Quality
    recommendations: Recommendations
    bus: BusHealth
    run: RunDetail | None = None
