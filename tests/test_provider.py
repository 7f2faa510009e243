"""The package as Airflow sees it: provider metadata, config section, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from strands_airflow.config_options import OPTIONS


def test_provider_info_has_every_option_documented():
    from strands_airflow.get_provider_info import get_provider_info

    info = get_provider_info()
    assert info["package-name"] == "strands-airflow"
    opts = info["config"]["strands"]["options"]
    assert set(opts) == set(OPTIONS)
    for name, opt in opts.items():
        assert opt["description"] and opt["type"] in {"string", "integer", "float", "boolean"}, name
        assert "default" in opt, name


def test_airflow_lists_the_provider_and_its_config(tmp_path):
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(tmp_path),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__STRANDS__STREAM_MAXLEN": "777",
    }
    airflow = os.path.join(os.path.dirname(sys.executable), "airflow")
    out = subprocess.run(
        [airflow, "providers", "list", "-o", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("[{"))
    names = {p["package_name"] for p in json.loads(line)}
    assert "strands-airflow" in names
    cfg = subprocess.run(
        [
            airflow,
            "config",
            "list",
            "--section",
            "strands",
            "--show-values",
            "--include-descriptions",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cfg.returncode == 0, cfg.stderr[-2000:]
    assert "stream_maxlen = 777" in cfg.stdout
    assert "visibility_timeout_seconds = 60" in cfg.stdout
    assert "dead-letter stream" in cfg.stdout  # the option's description


def test_engine_layers_do_not_import_airflow():
    code = (
        "import sys\n"
        "import strands_airflow.bus, strands_airflow.agents.base, strands_airflow.pipeline.config\n"
        "import strands_airflow.agents.quality.models\n"
        "bad = sorted(m for m in sys.modules if m == 'airflow' or m.startswith('airflow.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_settings_read_section_env_and_seed_variables(monkeypatch):
    from strands_airflow.settings import get_settings

    monkeypatch.setenv("STRANDS_S3_BUCKET", "seed-bucket")
    monkeypatch.setenv("AIRFLOW__STRANDS__S3_PREFIX", "team-a")
    monkeypatch.setenv("AIRFLOW__STRANDS__MAX_DELIVERIES", "7")
    get_settings.cache_clear()
    s = get_settings()
    assert s.vector_store_url == "s3://seed-bucket/team-a"
    assert s.max_deliveries == 7
    monkeypatch.setenv("AIRFLOW__STRANDS__S3_BUCKET", "section-bucket")
    get_settings.cache_clear()
    assert get_settings().s3_bucket == "section-bucket", (
        "the [strands] section wins over the seed variable"
    )


def test_nothing_configured_means_embedded_defaults(monkeypatch, tmp_path):
    from strands_airflow.bus import LocalBus, get_message_bus
    from strands_airflow.settings import get_settings

    for var in ("STRANDS_S3_BUCKET", "AIRFLOW_CONN_REDIS_DEFAULT", "AIRFLOW__STRANDS__BUS_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AIRFLOW__STRANDS__HOME", str(tmp_path))
    get_settings.cache_clear()
    assert isinstance(get_message_bus(), LocalBus)
    assert get_settings().vector_store_url == (tmp_path / "store").as_uri()


def test_readme_config_table_is_the_generated_one():
    from pathlib import Path

    from strands_airflow.settings import markdown_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    start = readme.index("<!-- config-table:start -->") + len("<!-- config-table:start -->")
    end = readme.index("<!-- config-table:end -->")
    assert readme[start:end].strip() == markdown_table().strip(), (
        "README config table is stale: run python -m strands_airflow.settings --markdown"
    )
