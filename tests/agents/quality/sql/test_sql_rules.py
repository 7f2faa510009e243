"""sqlfluff-style YAML cases (pass_str / fail_str / configs) for every strands rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlfluff.utils.testing.rules import load_test_cases

RULE_CASES = Path(__file__).parents[3] / "data" / "sql" / "rules"
ids, test_cases = load_test_cases(str(RULE_CASES / "*.yml"))


@pytest.mark.parametrize("test_case", test_cases, ids=ids)
def test_rule_yaml_case(test_case):
    """Each case fails (or passes) exactly as its YAML says."""
    test_case.evaluate()


def test_every_rule_has_yaml_cases():
    """One YAML file per rule, each with at least one failing and one passing case."""
    from strands_airflow.agents.quality.sql.analyzer import rule_catalog

    covered = {case.rule for case in test_cases}
    assert covered == set(rule_catalog())
    for code in covered:
        mine = [c for c in test_cases if c.rule == code]
        assert any(c.fail_str for c in mine) and any(c.pass_str for c in mine), code


def test_rules_are_documented_and_grouped():
    """Each rule has a slug, the strands group and a docstring with both SQL examples."""
    from strands_airflow.agents.quality.sql.analyzer import rule_catalog

    slugs = set()
    for code, rule in rule_catalog().items():
        assert code.startswith("Strands_SQ")
        assert {"all", "strands"} <= set(rule.groups)
        assert "**Anti-pattern**" in rule.__doc__ and "**Best practice**" in rule.__doc__
        assert rule.name == f"strands.{rule.slug}"
        assert rule.suggestion and rule.severity in ("info", "warning", "error")
        slugs.add(rule.slug)
    assert len(slugs) == 12
