"""Precision / recall / F1 per slug of `analyze_pyspark` over the annotated script corpus.

Each script in tests/data/pyspark/ starts with `# expect: slug, slug` (or `none`): the
PySpark anti-patterns it contains. Matching is per script and slug. The table is printed
(`pytest -s` shows it) and every slug must reach F1 >= 0.9.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from strands_airflow.agents.quality.pyspark import RULES, analyze_pyspark

CORPUS = Path(__file__).resolve().parents[3] / "data" / "pyspark"
SLUGS = sorted(r.slug for r in RULES)


def _expected(text: str, name: str) -> set[str]:
    first = text.splitlines()[0]
    assert first.startswith("# expect:"), f"{name}: first line must be '# expect: slug, ...'"
    body = first.split(":", 1)[1].strip()
    slugs = set() if body == "none" else {s.strip() for s in body.split(",") if s.strip()}
    unknown = slugs - set(SLUGS)
    assert not unknown, f"{name}: unknown slugs {unknown}"
    return slugs


def _scripts() -> list[Path]:
    return sorted(CORPUS.glob("*.py"))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[set[str], set[str]]]:
    out = {}
    for path in _scripts():
        text = path.read_text()
        found = analyze_pyspark(text, timeout_seconds=120).patterns & set(SLUGS)
        out[path.name] = (_expected(text, path.name), found)
    return out


def test_corpus_is_large_and_covers_every_slug(outcomes):
    assert len(outcomes) >= 60
    clean = [n for n, (exp, _) in outcomes.items() if not exp]
    assert len(clean) >= 10, "the corpus needs clean scripts to measure precision"
    for slug in SLUGS:
        positives = [n for n, (exp, _) in outcomes.items() if slug in exp]
        assert len(positives) >= 3, f"{slug}: only {len(positives)} scripts contain it"


def test_f1_per_slug(outcomes):
    rows, failures = [], []
    for slug in SLUGS:
        tp = sum(1 for exp, got in outcomes.values() if slug in exp and slug in got)
        fp = [n for n, (exp, got) in outcomes.items() if slug not in exp and slug in got]
        fn = [n for n, (exp, got) in outcomes.items() if slug in exp and slug not in got]
        precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
        recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            f"{slug:34s} tp={tp:3d} fp={len(fp):2d} fn={len(fn):2d} P={precision:.2f} R={recall:.2f} F1={f1:.2f}"
        )
        if f1 < 0.9:
            failures.append(f"{slug}: F1={f1:.2f} false positives={fp} false negatives={fn}")
    print("\n" + "\n".join(rows))
    assert not failures, "\n".join(failures)
