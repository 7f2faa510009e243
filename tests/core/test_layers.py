"""The package's layers: imports point down only, and no package imports in a cycle.

Every `import` in every module counts, including those inside functions (a lazy import
is still a dependency), except those under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "strands_airflow"

# Lower number = lower layer. A package may import its own layer's modules only when
# they are the same package; siblings on one layer stay independent.
LAYERS = {
    "exceptions": 0,
    "version": 0,
    "_lazy": 0,
    "config_options": 0,
    "redact": 0,
    "settings": 1,
    "core": 2,
    "bus": 3,
    "vectors": 3,
    "execution": 4,
    "agents": 5,
    "pipeline": 6,
    "hooks": 7,
    "links": 7,
    "triggers": 8,
    "queues": 8,
    "operators": 9,
    "sensors": 10,
    "plugins": 9,
    "get_provider_info": 9,
    "deploy": 11,
    "__init__": 11,
}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports() -> list[tuple[str, str, str, int]]:
    """(importing package, imported package, file, line) for every strands_airflow import."""
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        skip = _type_checking_lines(tree)
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("strands_airflow") and node.lineno not in skip:
                    out.append((_package(module), _package(name), str(path), node.lineno))
    return out


def test_every_package_has_a_layer():
    packages = {src for src, _, _, _ in _imports()} | {dst for _, dst, _, _ in _imports()}
    assert packages <= set(LAYERS), f"give these a layer: {sorted(packages - set(LAYERS))}"


def test_imports_point_down_only():
    upward = [
        f"{file}:{line}: {src} imports {dst}"
        for src, dst, file, line in _imports()
        if src != dst and LAYERS[dst] >= LAYERS[src]
    ]
    assert not upward, "upward or sideways imports:\n" + "\n".join(upward)


@pytest.mark.parametrize("package", ["core", "bus", "vectors", "execution", "agents", "pipeline"])
def test_engine_layers_import_no_airflow_at_module_level(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text())
        skip = _type_checking_lines(tree)
        for node in tree.body:  # module level only: function bodies import lazily
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n == "airflow" or n.startswith("airflow.") for n in names):
                if node.lineno not in skip:
                    found.append(f"{path}:{node.lineno}")
    assert not found, "module-level airflow imports in the engine: " + ", ".join(found)
