"""Pipeline configs an attacker or a typo could write: bounded, contained, never retried."""

from __future__ import annotations

import json

import pytest

from strands_airflow.exceptions import StrandsConfigError
from strands_airflow.pipeline.config import load_pipeline_config


def _config(tmp_path, **over) -> dict:
    cfg = {
        "name": "x",
        "sources": {"a": {"uri": "a.parquet"}},
        "transform": {"sql": "select 1"},
        "target": {"uri": "o.parquet"},
    }
    cfg.update(over)
    return cfg


def _write(tmp_path, cfg, name="pipeline.json"):
    path = tmp_path / name
    path.write_text(json.dumps(cfg))
    return path


def test_an_endless_config_file_is_refused_at_the_size_limit(monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__MAX_CONFIG_BYTES", "4096")
    with pytest.raises(StrandsConfigError, match=r"larger than 4096 bytes.*max_config_bytes"):
        load_pipeline_config("/dev/zero")


def test_a_sql_file_that_leaves_the_config_folder_is_refused(tmp_path):
    (tmp_path / "cfg").mkdir()
    path = _write(tmp_path / "cfg", _config(tmp_path, transform={"sql_file": "../../etc/passwd"}))
    with pytest.raises(
        StrandsConfigError, match=r"transform\.sql_file: '\.\./\.\./etc/passwd' leaves"
    ):
        load_pipeline_config(str(path))


def test_an_absolute_sql_file_needs_the_setting(tmp_path, monkeypatch):
    sql = tmp_path / "elsewhere.sql"
    sql.write_text("select 42")
    path = _write(tmp_path, _config(tmp_path, transform={"sql_file": str(sql)}))
    with pytest.raises(StrandsConfigError, match="config_allow_absolute_paths"):
        load_pipeline_config(str(path))
    monkeypatch.setenv("AIRFLOW__STRANDS__CONFIG_ALLOW_ABSOLUTE_PATHS", "True")
    from strands_airflow.settings import get_settings

    get_settings.cache_clear()
    cfg = load_pipeline_config(str(path))
    assert cfg.transform.sql_text() == "select 42"


def test_an_oversized_sql_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__MAX_CONFIG_BYTES", "1000")
    (tmp_path / "big.sql").write_text("select 1 -- " + "x" * 2000)
    path = _write(tmp_path, _config(tmp_path, transform={"sql_file": "big.sql"}))
    with pytest.raises(StrandsConfigError, match=r"transform\.sql_file: .*big\.sql is larger"):
        load_pipeline_config(str(path))


def test_a_non_utf8_config_names_the_byte(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(
        json.dumps(_config(tmp_path, name="caf\u00e9"), ensure_ascii=False).encode("latin-1")
    )
    with pytest.raises(StrandsConfigError, match=r"not UTF-8 text \(byte \d+"):
        load_pipeline_config(str(path))


def test_a_bad_workload_and_a_bad_custom_sql_fail_at_load_naming_the_field(tmp_path):
    bad_workload = _write(tmp_path, _config(tmp_path, workload={"data_volume": "huge"}), "w.json")
    with pytest.raises(StrandsConfigError, match=r"workload: .*data_volume must be one of low"):
        load_pipeline_config(str(bad_workload))
    bad_sql = _write(
        tmp_path,
        _config(
            tmp_path,
            quality={"checks": [{"kind": "custom_sql", "condition": "1=1; DROP TABLE t"}]},
        ),
        "q.json",
    )
    with pytest.raises(StrandsConfigError, match=r"quality\.checks: .*checks\[0\]\.condition"):
        load_pipeline_config(str(bad_sql))


@pytest.mark.parametrize(
    ("change", "failing_task", "says"),
    [
        ({"workload": {"num_joins": -2}}, "decision", "workload"),
        (
            {"quality": {"natural_language": ["the zorblax must be frobnicated sideways"]}},
            "quality",
            "QualityRequestError",
        ),
    ],
    ids=["bad-workload", "unreadable-request"],
)
def test_input_errors_fail_the_task_at_once_without_retries(
    airflow_db, small_pipeline, tmp_path, capfd, change, failing_task, says
):
    from strands_reference_pipeline import dag

    cfg = json.loads(small_pipeline.read_text())
    cfg.update(change)
    path = small_pipeline.parent / "changed.json"
    path.write_text(json.dumps(cfg))
    dr = dag.test(run_conf={"config_path": str(path)})
    ti = dr.get_task_instance(failing_task)
    out = capfd.readouterr().out
    assert ti.state == "failed", out[-3000:]
    assert ti.try_number == 1  # the reference DAG has retries=2: none was used
    assert says in out


def test_code_that_cannot_be_analysed_is_a_finding_and_the_checks_still_run(
    small_pipeline, tmp_path, monkeypatch
):
    """SQL over the analysis limit: an info finding, not a failed quality step."""
    from strands_airflow.pipeline import steps

    monkeypatch.setenv("AIRFLOW__STRANDS__ANALYSIS_MAX_BYTES", "64")
    cfg = load_pipeline_config(str(small_pipeline))
    run = steps.PipelineRun(
        cfg, "d", "r", context=steps.RunContext(store_url=(tmp_path / "s").as_uri())
    )
    execution = steps.execute(run, {"selected_platform": "local"})
    report = steps.quality(run, execution)
    assert [f.pattern for f in report.findings] == ["analysis_error"]
    assert "64" in report.findings[0].message
    assert report.results and all(r.check.kind for r in report.results)
