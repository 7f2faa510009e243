"""OptimizationAgent.recommend with and without history: baselines, moves, regressions, fixes."""

from __future__ import annotations

import asyncio
import json
import time

import numpy as np
import pytest

from strands_airflow.agents.optimization import (
    OptimizationAgent,
    Recommendation,
    StrandsOptimizationAgent,
)
from strands_airflow.agents.optimization.fixes import PYSPARK_FIXES, SQL_FIXES
from strands_airflow.agents.quality.models import Check, CheckResult, Finding, QualityReport
from strands_airflow.execution import ExecutionResult
from strands_airflow.vectors.model import LearningVector

LOW_SQL = {"data_volume": "low", "complexity": "low", "transform": "sql"}
HIGH_SPARK = {"data_volume": "high", "complexity": "high", "transform": "pyspark"}


def _vector(
    i: int,
    platform: str,
    seconds: float,
    *,
    ok: bool = True,
    cost: float | None = None,
    workload: dict | None = None,
) -> dict:
    metrics = {"platform_used": platform, "execution_time_seconds": seconds, "success": ok}
    if cost is not None:
        metrics["cost_estimate_usd"] = cost
    return {
        "vector_id": f"{platform}-{i}",
        "timestamp": f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}Z",
        "workload_characteristics": workload or LOW_SQL,
        "execution_metrics": metrics,
    }


def _history(glue=(100.0, 0.03), local=(10.0, 0.0), n=12, workload=None) -> list[dict]:
    out = []
    for i in range(n):
        out.append(_vector(i, "glue", glue[0] + i, cost=glue[1], workload=workload))
        out.append(_vector(100 + i, "local", local[0] + i % 3, cost=local[1], workload=workload))
    return out


def _run(
    platform="glue", seconds=110.0, ok=True, cost=0.03, findings=(), failed_checks=(), workload=None
):
    result = ExecutionResult(
        platform=platform,
        success=ok,
        execution_time_seconds=seconds,
        cost_estimate_usd=cost,
        external_id="jr_current",
        error=None if ok else "Glue job orders run jr_current FAILED: Access Denied (403)",
    )
    quality = QualityReport(findings=list(findings), results=list(failed_checks))
    # as it travels in XCom: JSON dicts
    return {
        "run_id": "dag/run_now",
        "workload": workload or LOW_SQL,
        "execution": json.loads(result.model_dump_json()),
        "quality": json.loads(quality.model_dump_json()),
    }


def _finding(slug: str, line: int = 3, rule: str = "SQ01") -> Finding:
    return Finding(rule=rule, pattern=slug, line=line, column=1, message=f"{slug} found")


def test_no_history_says_so_and_gives_only_code_level_recommendations():
    agent = OptimizationAgent()  # works with no arguments as a library
    run = _run(
        findings=[_finding("select_star"), _finding("missing_where", 5, "SQ02")],
        failed_checks=[
            CheckResult(
                check=Check(kind="not_null", columns=["id"]),
                passed=False,
                failing_rows=4,
                total_rows=200,
            )
        ],
    )
    report = agent.report(run, history=[])
    assert any("no history" in n for n in report.notes)
    assert report.history_runs == 0 and report.baselines == {}
    cats = [r.category for r in report.recommendations]
    assert sorted(cats) == ["code", "code", "data_quality"]
    for r in report.recommendations:
        # evidence only from this run and its report, never from invented history
        assert r.evidence.source in ("current_run", "quality_report")
        assert set(r.evidence.run_ids) <= {"dag/run_now"}
    assert agent.recommend(run) == report.recommendations


def test_no_history_and_no_runtime_leaves_impact_unknown():
    run = {"quality": {"findings": [_finding("cartesian_join").model_dump()]}}
    (rec,) = OptimizationAgent().recommend(run)
    assert rec.pattern == "cartesian_join" and rec.severity == "error"
    assert rec.estimated_impact.seconds_saved_per_run is None
    assert rec.estimated_impact.usd_saved_per_run is None
    assert rec.evidence.run_ids == []


@pytest.mark.parametrize("slug", sorted({**SQL_FIXES, **PYSPARK_FIXES}))
def test_every_slug_has_one_concrete_fix(slug):
    run = _run(findings=[_finding(slug, 2), _finding(slug, 9)])
    recs = OptimizationAgent().recommend(run)
    assert len(recs) == 1
    (rec,) = recs
    assert rec.category == "code" and rec.pattern == slug
    assert rec.evidence.figures["lines"] == [2, 9] and "lines 2, 9" in rec.action
    # scaled from this run's real runtime, with the formula saying so
    share = rec.evidence.figures["assumed_share"]
    assert rec.estimated_impact.seconds_saved_per_run == pytest.approx(share * 110.0)
    assert f"assumed_share({slug})" in rec.estimated_impact.formula


def test_fixes_are_distinct_per_slug():
    actions = [f.action for f in {**SQL_FIXES, **PYSPARK_FIXES}.values()]
    assert len(set(actions)) == len(actions) == 24


def test_faster_platform_from_history_with_figures_and_run_ids():
    hist = _history()
    recs = OptimizationAgent().recommend(_run(seconds=106.0), hist)
    move = next(r for r in recs if r.category == "platform")
    assert move.platform == "local"
    glue = np.array(
        [
            v["execution_metrics"]["execution_time_seconds"]
            for v in hist
            if v["execution_metrics"]["platform_used"] == "glue"
        ]
    )
    local = np.array(
        [
            v["execution_metrics"]["execution_time_seconds"]
            for v in hist
            if v["execution_metrics"]["platform_used"] == "local"
        ]
    )
    assert move.estimated_impact.seconds_saved_per_run == pytest.approx(
        np.median(glue) - np.median(local), abs=0.01
    )
    assert move.estimated_impact.usd_saved_per_run == pytest.approx(0.03)
    assert move.evidence.figures["local_median_seconds"] == pytest.approx(np.median(local))
    ids = {v["vector_id"] for v in hist}
    assert move.evidence.run_ids and set(move.evidence.run_ids) <= ids
    assert move.evidence.source == "history"


def test_cheaper_but_slower_platform_is_a_cost_recommendation():
    hist = _history(glue=(100.0, 0.05), local=(130.0, 0.0))
    recs = OptimizationAgent().recommend(_run(seconds=104.0, cost=0.05), hist)
    cost = next(r for r in recs if r.category == "cost")
    assert cost.platform == "local"
    assert cost.estimated_impact.usd_saved_per_run == pytest.approx(0.05)
    assert cost.estimated_impact.seconds_saved_per_run < 0  # honest: it is slower
    assert not any(r.category == "platform" for r in recs)


def test_unreliable_or_thin_platforms_are_not_recommended():
    hist = [_vector(i, "glue", 100.0 + i, cost=0.03) for i in range(10)]
    hist += [
        _vector(100 + i, "lambda", 5.0, ok=i % 2 == 0, cost=0.0) for i in range(10)
    ]  # 50% fail
    hist += [_vector(200 + i, "local", 5.0, cost=0.0) for i in range(3)]  # below min_runs
    recs = OptimizationAgent().recommend(_run(seconds=104.0), hist)
    assert not any(r.category in ("platform", "cost") for r in recs)
    assert OptimizationAgent(min_runs=3).recommend(_run(seconds=104.0), hist)[0].platform == "local"


def test_runtime_regression_against_the_baseline():
    hist = _history()
    report = OptimizationAgent().report(_run(seconds=400.0, cost=0.12), hist)
    reg = next(r for r in report.recommendations if r.category == "regression")
    base = report.baselines["glue"]
    assert base.runs == 12 and base.success_rate == 1.0
    assert reg.estimated_impact.seconds_saved_per_run == pytest.approx(400.0 - base.median_seconds)
    assert reg.estimated_impact.usd_saved_per_run == pytest.approx(0.12 - 0.03)
    assert reg.evidence.figures["p90_seconds"] == pytest.approx(base.p90_seconds, abs=0.01)
    assert reg.evidence.run_ids[0] == "dag/run_now"
    assert report.recommendations[0].category == "regression"  # worth the most
    # a normal run is no regression
    assert not any(
        r.category == "regression" for r in OptimizationAgent().recommend(_run(seconds=105.0), hist)
    )


def test_failed_run_where_similar_runs_succeed():
    recs = OptimizationAgent().recommend(_run(ok=False, seconds=40.0, cost=0.01), _history())
    reg = next(r for r in recs if r.category == "regression")
    assert "Access Denied (403)" in reg.action and "100% of 12 similar runs" in reg.action
    assert reg.severity == "error"


def test_dissimilar_history_is_not_used():
    hist = _history(workload=HIGH_SPARK)
    report = OptimizationAgent().report(_run(), hist)
    assert report.history_runs == 24 and report.similar_runs == 0
    assert any("no history" in n for n in report.notes)
    assert report.recommendations == []


def test_ranking_data_quality_first_then_by_value():
    run = _run(
        seconds=400.0,
        cost=0.12,
        findings=[_finding("select_star")],
        failed_checks=[
            CheckResult(
                check=Check(kind="unique", columns=["order_id"]),
                passed=False,
                failing_rows=2,
                total_rows=10,
            )
        ],
    )
    recs = OptimizationAgent().recommend(run, _history())
    assert [r.priority for r in recs] == list(range(1, len(recs) + 1))
    assert recs[0].category == "data_quality" and "ROW_NUMBER()" in recs[0].action
    values = [r.value_usd(10.0) for r in recs[1:] if r.value_usd(10.0)]
    assert values == sorted(values, reverse=True)


def test_configuration_rules_lambda_limit_and_glue_minimum():
    hist = [_vector(i, "lambda", 780.0 + i, cost=0.02) for i in range(6)]
    recs = OptimizationAgent().recommend(_run(platform="lambda", seconds=800.0, cost=0.02), hist)
    cfg = next(r for r in recs if r.category == "configuration")
    assert "15-minute limit" in cfg.action and cfg.evidence.figures["limit_seconds"] == 900

    hist = [_vector(i, "glue", 20.0 + i, cost=0.0293) for i in range(6)]
    run = _run(seconds=20.0, cost=0.0293)
    run["execution"]["details"] = {"WorkerType": "G.1X", "NumberOfWorkers": 2}
    recs = OptimizationAgent().recommend(run, hist)
    rec = next(r for r in recs if r.category == "cost")
    # 2 DPU billed 60 s instead of 20 s at $0.44/DPU-hour
    assert rec.estimated_impact.usd_saved_per_run == pytest.approx(2 * 40 / 3600 * 0.44, abs=1e-6)


def test_history_as_learning_vectors_and_from_a_store(tmp_path):
    from strands_airflow.vectors.store import LearningVectorStore

    vectors = [LearningVector.model_validate(v) for v in _history()]
    by_objects = OptimizationAgent().recommend(_run(), vectors)
    assert any(r.category == "platform" and r.platform == "local" for r in by_objects)

    store = LearningVectorStore(f"file://{tmp_path}/store")
    for v in vectors:
        store.put(v)
    agent = OptimizationAgent(store=store)
    recs = agent.recommend(_run())  # the store is the default history
    assert [(r.category, r.platform) for r in recs] == [
        (r.category, r.platform) for r in by_objects
    ]
    key = agent.store_report("dag/run_now", agent.report(_run()))
    assert "optimization/recommendations/" in key
    saved = store.get_report("optimization", "dag/run_now")
    assert saved["recommendations"][0]["platform"] == "local"


def test_real_quality_agent_findings_become_fixes():
    from strands_airflow.agents.quality.sql.analyzer import analyze_sql

    sql_report = analyze_sql("SELECT * FROM orders ORDER BY order_id", dialect="duckdb")
    run = {"workload": LOW_SQL, "code_report": sql_report}
    recs = OptimizationAgent().recommend(run)
    assert {r.pattern for r in recs} == sql_report.patterns
    assert all(r.category == "code" for r in recs)


def test_recommendations_are_json_for_xcom_and_seed_alias():
    recs = OptimizationAgent().recommend(_run(findings=[_finding("select_star")]), _history())
    data = json.loads(json.dumps([r.model_dump(mode="json") for r in recs]))
    assert [Recommendation.model_validate(d) for d in data] == recs
    assert StrandsOptimizationAgent is OptimizationAgent
    assert OptimizationAgent().agent_name == "optimization_agent"


def test_agent_request_over_the_bus_answers_with_a_report(tmp_path):
    from strands_airflow.bus import LocalBus, MessageType
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore(f"file://{tmp_path}/s")

    async def go():
        bus = LocalBus()
        agent = OptimizationAgent(store=store, bus=bus)
        replies = []
        bus.subscribe("client", [MessageType.OPTIMIZATION_REPORT], lambda m: replies.append(m))
        await agent.start()
        await bus.publish(
            bus.create_message(
                "client",
                MessageType.AGENT_REQUEST,
                {
                    "request_type": "optimization_recommendations",
                    "run": _run(findings=[_finding("select_star")]),
                    "history": _history(),
                },
                target="optimization_agent",
                correlation_id="dag/run_now",
            )
        )
        deadline = time.monotonic() + 10
        while not replies and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await agent.stop()
        await bus.stop()
        return replies

    (reply,) = asyncio.run(go())
    assert reply.correlation_id == "dag/run_now"
    assert reply.payload["recommendations"][0]["priority"] == 1
    assert "optimization/recommendations/" in reply.payload["stored_at"]
    assert store.get_report("optimization", "dag/run_now")["run_id"] == "dag/run_now"


def test_columnar_store_history_has_no_cost_so_dollars_stay_unknown(tmp_path):
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore(f"file://{tmp_path}/store")
    for v in _history():
        store.put(LearningVector.model_validate(v))
    (move,) = [
        r
        for r in OptimizationAgent().recommend(_run(), store.history())
        if r.category == "platform"
    ]
    assert move.platform == "local" and move.estimated_impact.seconds_saved_per_run > 80
    assert move.estimated_impact.usd_saved_per_run is None  # not in the columnar view: not invented


def test_under_a_cost_objective_the_platform_move_states_dollars_and_seconds():
    # glue: fast and dear; local: slower but nearly free; both meet a 10-minute deadline.
    hist = _history(glue=(100.0, 0.05), local=(130.0, 0.001))
    run = _run(seconds=104.0, cost=0.05)
    run["objective"] = {"minimize": "cost", "deadline_seconds": 600}
    recs = OptimizationAgent().recommend(run, hist)
    move = next(r for r in recs if r.category == "platform")
    assert move.platform == "local"
    assert move.estimated_impact.usd_saved_per_run == pytest.approx(0.049)
    assert move.estimated_impact.seconds_saved_per_run < 0  # honest: slower
    assert "saving $0.0490 per run" in move.action and "s slower" in move.action
    assert move.evidence.figures["objective"]["deadline_seconds"] == 600
    # The same run under the runtime objective: no platform move to the slower local.
    assert not any(
        r.category == "platform"
        for r in OptimizationAgent().recommend(_run(seconds=104.0, cost=0.05), hist)
    )


def test_under_a_deadline_a_cheap_platform_that_misses_it_is_not_recommended():
    hist = _history(glue=(100.0, 0.05), local=(900.0, 0.001))  # local misses 10 minutes
    run = _run(seconds=104.0, cost=0.05)
    run["objective"] = {"minimize": "cost", "deadline_seconds": 600, "deadline_penalty_usd": 10}
    recs = OptimizationAgent().recommend(run, hist)
    assert not any(r.category == "platform" for r in recs)
    run["objective"] = {"minimize": "cost"}  # no deadline: pure cost, local wins
    assert any(
        r.category == "platform" and r.platform == "local"
        for r in OptimizationAgent().recommend(run, hist)
    )


def test_a_bad_objective_is_refused_naming_the_field():
    from strands_airflow.exceptions import DecisionInputError

    run = _run()
    run["objective"] = {"minimize": "speed"}
    with pytest.raises(DecisionInputError, match="run.objective.minimize"):
        OptimizationAgent().recommend(run, _history())
