"""Loader for the SQL corpus in tests/data/sql/*.yaml (shared by tests and the benchmark)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).parents[3] / "data" / "sql"


@dataclass
class SqlCase:
    """One corpus query and the slugs it contains."""

    id: str
    group: str
    dialect: str
    sql: str
    expected: set[str] = field(default_factory=set)


def load_corpus(directory: Path = CORPUS_DIR) -> list[SqlCase]:
    """Every case of every group file (one YAML file per group)."""
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for raw in doc["cases"]:
            cases.append(
                SqlCase(
                    id=raw["id"],
                    group=path.stem,
                    dialect=raw.get("dialect", doc.get("dialect", "ansi")),
                    sql=raw["sql"],
                    expected=set(raw.get("expected") or []),
                )
            )
    return cases
