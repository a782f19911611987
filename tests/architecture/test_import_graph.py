"""The package's folders are its architecture: each stage imports only the stages before it, and
only the store talks to DuckDB. Read from the source (every import, also inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "pipeline"
CORE = {"model", "config", "jsonio", "errors", "failpoints"}

# What each part of the package may import besides the shared core and itself.
ALLOWED = {
    "core": set(),
    "ingest": set(),
    "analysis": set(),
    "store": set(),
    "privacy": {"analysis", "store"},
    "learning": {"analysis", "ingest", "store"},
    "coaching": {"store"},
    "reports": {"store", "coaching"},
    "batch": {"ingest", "analysis", "store", "privacy", "coaching", "reports"},
    "web": {"ingest", "analysis", "store", "coaching", "reports"},
    "cli": {"ingest", "analysis", "store", "privacy", "learning", "coaching", "reports", "batch", "web"},
}


def part_of(module: str) -> str:
    """'pipeline.coaching.triage' -> 'coaching'; the top-level modules (and names) are the core."""
    first = module.split(".")[1] if "." in module else ""
    return first if first in ALLOWED else "core"


def imports_of(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pipeline":
                found += [(node.lineno, f"pipeline.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        found.append((dotted, path))
    return found


def test_the_package_has_the_stage_folders():
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} >= set(ALLOWED) - {"core"}
    unplaced = [p.name for p in PACKAGE.glob("*.py") if p.stem not in CORE | {"__init__"}]
    assert not unplaced, f"modules outside a stage folder: {unplaced}"


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_a_stage_imports_only_the_stages_before_it(module, path):
    part = part_of(module)
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {part} imports {target}"
        for line, target in imports_of(path)
        if target.startswith("pipeline.") and part_of(target) not in ALLOWED[part] | {part, "core"}
    ]
    assert not wrong, "\n".join(wrong)


def test_only_the_store_imports_duckdb():
    outside = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for module, path in modules()
        if part_of(module) != "store"
        for line, target in imports_of(path)
        if target.split(".")[0] == "duckdb"
    ]
    assert not outside, f"duckdb imported outside pipeline/store/: {outside}"


def test_the_rules_catch_a_wrong_import(tmp_path):
    """The checker itself: an import from coaching into web is reported."""
    wrong = tmp_path / "bad.py"
    wrong.write_text("from pipeline.web import app\n\ndef f():\n    import duckdb\n")
    targets = [target for _, target in imports_of(wrong)]
    assert sorted(targets) == ["duckdb", "pipeline.web"]
    assert part_of("pipeline.web") not in ALLOWED["coaching"]
