"""Every third-party module the package imports comes from a distribution pyproject.toml declares.

A distribution that is only installed because another one pulls it in (numpy under
scikit-learn, kombu under Celery) disappears the day that one stops needing it: the code that
imports it must say so itself. Test code may also use the `dev` extra.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import massalia

PACKAGE = Path(massalia.__file__).parent
ROOT = PACKAGE.parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", req)[0]) for req in requirements}  # type: ignore[index]


@cache
def declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _names(project["dependencies"])
    return runtime, runtime | _names(project["optional-dependencies"]["dev"])


@cache
def providers() -> Mapping[str, list[str]]:
    """Top-level module → the installed distributions that provide it (slow: read once)."""
    return packages_distributions()


def imported_modules(path: Path) -> set[str]:
    """The top-level names of the absolute imports in one file, wherever they stand in it."""
    tops: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            tops.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops.add(node.module.partition(".")[0])
    return tops


def is_test_code(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).parts
    return "tests" in relative or relative == ("testing.py",)


def allowed_for(path: Path) -> set[str]:
    runtime, with_dev = declared()
    return with_dev if is_test_code(path) else runtime


def undeclared(path: Path, allowed: set[str]) -> list[str]:
    """`module (distribution)` for each import of `path` that no `allowed` distribution provides."""
    missing = []
    for top in sorted(imported_modules(path)):
        if top in sys.stdlib_module_names or top == "massalia" or top == "__future__":
            continue
        if (ROOT / top).is_dir() and top not in providers():
            continue  # a folder of the repository (bench/), not an installed distribution
        distributions = {_normalise(name) for name in providers().get(top, [])}
        if not distributions & allowed:
            missing.append(f"{top} ({', '.join(sorted(distributions)) or 'not installed'})")
    return missing


def test_it_finds_every_import_of_the_package_declared():
    problems = {
        str(path.relative_to(ROOT)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts and (found := undeclared(path, allowed_for(path)))
    }
    assert problems == {}, "imported but not declared in pyproject.toml"


def test_it_flags_an_import_of_a_distribution_pulled_in_by_another(tmp_path):
    # numpy and kombu are installed (scikit-learn and Celery need them), yet not declared here.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import numpy.linalg\nimport celery\n\ndef late():\n    from kombu import Connection\n"
    )
    assert undeclared(probe, {"celery"}) == ["kombu (kombu)", "numpy (numpy)"]
    assert undeclared(probe, {"celery", "kombu", "numpy"}) == []


def test_it_allows_dev_tools_in_tests_only():
    runtime, with_dev = declared()
    assert "pytest" in with_dev and "pytest" not in runtime
    assert is_test_code(PACKAGE / "core" / "tests" / "test_config.py")
    assert is_test_code(PACKAGE / "testing.py")
    assert not is_test_code(PACKAGE / "core" / "tasks.py")
