"""`sqlfluff lint --rules strands` from the command line, with a .sqlfluff override."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[4]
SQLFLUFF = Path(sys.executable).with_name("sqlfluff")


def _lint(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # The plugin is found through the installed entry point; the path only makes the
    # source tree importable when the editable install's finder does not map it.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [str(SQLFLUFF), "lint", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_runs_the_strands_group(tmp_path):
    (tmp_path / "model.sql").write_text(
        "SELECT * FROM orders o JOIN a ON a.id = o.a JOIN b ON b.id = o.b\n"
        "JOIN c ON c.id = o.c JOIN d ON d.id = o.d WHERE o.x LIKE '%y';\n"
    )
    result = _lint(tmp_path, "--dialect", "ansi", "--rules", "strands", "model.sql")
    assert result.returncode == 1, result.stderr
    for code in ("Strands_SQ01", "Strands_SQ05", "Strands_SQ07"):
        assert code in result.stdout
    assert "Failed to load" not in result.stderr


def test_cli_reads_rule_options_from_dot_sqlfluff(tmp_path):
    (tmp_path / ".sqlfluff").write_text(
        "[sqlfluff:rules:strands.many_joins]\njoin_threshold = 10\n"
    )
    (tmp_path / "model.sql").write_text(
        "SELECT o.id FROM orders o JOIN a ON a.id = o.a JOIN b ON b.id = o.b\n"
        "JOIN c ON c.id = o.c JOIN d ON d.id = o.d WHERE o.id = 1;\n"
    )
    result = _lint(tmp_path, "--dialect", "ansi", "--rules", "strands", "model.sql")
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_airflow_templater(tmp_path):
    (tmp_path / "task.sql").write_text(
        "SELECT id FROM {{ params.table }}\nWHERE ds = '{{ ds }}' OR x = 1;\n"
    )
    result = _lint(
        tmp_path, "--dialect", "ansi", "--templater", "airflow", "--rules", "strands", "task.sql"
    )
    assert result.returncode == 1
    assert "L:   2" in result.stdout and "Strands_SQ08" in result.stdout
