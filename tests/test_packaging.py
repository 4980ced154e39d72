"""What ``pyproject.toml`` ships is there, and is declared the current way."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_data_pattern_ships_a_file() -> None:
    package_data: dict[str, list[str]] = PYPROJECT["tool"]["setuptools"]["package-data"]
    stale = [
        f"{package}: {pattern}"
        for package, patterns in package_data.items()
        for pattern in patterns
        if not any((ROOT / package.replace(".", "/")).glob(pattern))
    ]
    assert not stale, f"package-data entries that match no file: {stale}"


def test_the_license_is_an_spdx_expression_with_its_file() -> None:
    project = PYPROJECT["project"]
    # A TOML table here is deprecated (setuptools warns on every install, then refuses it).
    assert project["license"] == "MIT"
    for name in project["license-files"]:
        assert (ROOT / name).is_file(), name


def test_the_pre_commit_hooks_run_tools_that_dev_installs() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    entries = [
        line.split(":", 1)[1].split()[0]
        for line in config.splitlines()
        if line.strip().startswith("entry:")
    ]
    tools = [entry.removeprefix(".venv/bin/") for entry in entries]
    assert tools == ["ruff", "ruff", "mypy"]
    dev: list[str] = PYPROJECT["project"]["optional-dependencies"]["dev"]
    for tool in {*tools, "pre-commit", "pytest-xdist"}:
        assert any(requirement.startswith(f"{tool}>=") for requirement in dev), tool
