"""Facts about the machine that change what the figures mean."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def package_version(package: str) -> str:
    """The installed version of ``package``, or "not installed"."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def code_version() -> str:
    """The checked-out commit, and whether the working tree differs from it."""
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty=+uncommitted changes", "--abbrev=12"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return done.stdout.strip().replace("+", " + ", 1)


def cpu_model() -> str:
    """The CPU's model name (Linux), else whatever ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def filesystem_of(path: Path) -> str:
    """The file system type holding ``path`` (Linux), e.g. "ext4" or "tmpfs".

    It matters for SQLite: on tmpfs a commit never touches a disk, which flatters every write.
    """
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown file system"
    resolved = os.path.realpath(path)
    best, kind = "", "unknown file system"
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1]
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, kind = mount_point, fields[2]
    return kind


@dataclass(frozen=True, slots=True)
class CpuSample:
    """CPU seconds used so far by the whole machine and by this process (with its children).

    Two samples tell how much *other* work shared the machine in between: on a shared machine
    that is the first thing to check when a figure looks off.
    """

    wall: float
    machine_busy: float  # user + nice + system + irq + softirq, all cores
    steal: float  # time the hypervisor gave our virtual cores to someone else
    own: float  # this process and the children it has waited for (e.g. the parsing probes)


def cpu_sample() -> CpuSample | None:
    """Now, or ``None`` where ``/proc/stat`` does not exist."""
    try:
        first = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()
    except (OSError, IndexError):
        return None
    if first[0] != "cpu" or len(first) < 9:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    times = os.times()
    return CpuSample(
        wall=time.perf_counter(),
        machine_busy=(user + nice + system + irq + softirq) / tick,
        steal=steal / tick,
        own=times.user + times.system + times.children_user + times.children_system,
    )


def interference(before: CpuSample | None, after: CpuSample | None) -> str:
    """How busy everything else kept the machine between two samples, in cores."""
    if before is None or after is None or after.wall <= before.wall:
        return "other load unknown"
    wall = after.wall - before.wall
    others = max(0.0, (after.machine_busy - before.machine_busy) - (after.own - before.own))
    steal = max(0.0, after.steal - before.steal)
    return (
        f"other processes used {others / wall:.2f} of {os.cpu_count()} cores meanwhile"
        f" (hypervisor steal {steal / wall:.2f})"
    )


@dataclass(frozen=True, slots=True)
class Calibration:
    """Two probes of how fast this machine is right now.

    On a shared virtual machine the same code swings by a factor of two or three between runs,
    so every run prints these beside its figures; compare runs only when they roughly agree.

    Attributes:
        python_ms: A fixed pure-Python workload, best of three: raw interpreter speed.
        transaction_us: Median of ``BEGIN; SELECT ... by key; COMMIT`` on an in-memory SQLite
            database through ``sqlite3`` on the calling thread, as the bot's SQLite engine
            runs it: the floor under every small unit of work.
    """

    python_ms: float
    transaction_us: float

    def describe(self) -> str:
        """One line for the report."""
        return (
            f"pure-Python loop {self.python_ms:.1f} ms (best of 3), sqlite3 3-statement "
            f"transaction p50 {self.transaction_us:.0f} µs"
        )


def _python_workload() -> int:
    return sum(i * i for i in range(200_000))


async def calibrate(transactions: int = 600) -> Calibration:
    """Run both probes (about a quarter of a second)."""
    loops = []
    for _ in range(3):
        started = time.perf_counter()
        _python_workload()
        loops.append(time.perf_counter() - started)
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute("CREATE TABLE probe (key INTEGER PRIMARY KEY, value TEXT)")
        connection.executemany(
            "INSERT INTO probe VALUES (?, ?)", [(key, "x" * 50) for key in range(1000)]
        )
        durations = []
        for key in range(transactions):
            started = time.perf_counter()
            connection.execute("BEGIN")
            connection.execute("SELECT * FROM probe WHERE key = ?", (key % 1000,)).fetchall()
            connection.execute("COMMIT")
            durations.append(time.perf_counter() - started)
    finally:
        connection.close()
    durations.sort()
    return Calibration(
        python_ms=min(loops) * 1000, transaction_us=durations[len(durations) // 2] * 1_000_000
    )
