"""sqlfluff-style YAML cases (pass_str / fail_str) for every PySpark rule, and the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from strands_airflow.agents.quality.pyspark import RULES, analyze_pyspark

RULE_CASES = Path(__file__).resolve().parents[3] / "data" / "pyspark" / "rules"
BY_CODE = {r.code: r for r in RULES}


def _cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for path in sorted(RULE_CASES.glob("*.yml")):
        doc = yaml.safe_load(path.read_text())
        code = doc.pop("rule")
        for name, case in doc.items():
            kind = "fail" if "fail_str" in case else "pass"
            cases.append((code, name, kind, case[f"{kind}_str"]))
    return cases


CASES = _cases()


@pytest.mark.parametrize(
    ("code", "name", "kind", "source"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_rule_yaml_case(code, name, kind, source):
    """A fail_str yields the rule's slug, a pass_str does not."""
    slug = BY_CODE[code].slug
    report = analyze_pyspark(source, timeout_seconds=60)
    if kind == "fail":
        assert slug in report.patterns, (
            f"{code} {name}: expected {slug}, got {sorted(report.patterns)}"
        )
        hit = next(f for f in report.findings if f.pattern == slug)
        assert hit.rule == code and hit.line >= 1 and hit.message and hit.suggestion
    else:
        assert slug not in report.patterns, f"{code} {name}: unexpected {slug}"


def test_every_rule_has_passing_and_failing_cases():
    covered = {c[0] for c in CASES}
    assert covered == set(BY_CODE)
    for code in covered:
        kinds = {c[2] for c in CASES if c[0] == code}
        assert kinds == {"pass", "fail"}, code


def test_rules_are_documented():
    """Unique codes and slugs; each docstring shows the anti-pattern and the better form."""
    assert len({r.code for r in RULES}) == len({r.slug for r in RULES}) == len(RULES) == 12
    for rule in RULES:
        assert rule.code.startswith("PS") and rule.name == f"pyspark.{rule.slug}"
        doc = type(rule).__doc__ or ""
        assert "**Anti-pattern**" in doc and "**Best practice**" in doc, rule.code
        assert rule.suggestion
