"""What a scenario returns, and how it is printed: plain aligned text tables.

Scenarios build :class:`Report` objects with already formatted cells (use the ``fmt_*``
helpers so units look the same everywhere); :func:`render` turns them into text that reads
well in a terminal and pastes unchanged into BENCHMARKS.md inside a code block.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_NUMERIC = re.compile(r"^[-+]?[\d,.]+\s*[%×x]?$|^[-+]?[\d,.]+\s\w+$|^—$|^n/a$")


@dataclass
class Table:
    """A titled table; every row has one cell per column.

    ``markdown`` tables render as GitHub pipe tables (still padded to line up in a terminal),
    for figures meant to be pasted into BENCHMARKS.md as a table rather than a code block.
    """

    title: str
    columns: Sequence[str]
    rows: list[Sequence[str]] = field(default_factory=list)
    markdown: bool = False

    def add(self, *cells: str) -> None:
        """Append a row."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.title}: {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(cells)


@dataclass
class Report:
    """One scenario's results: tables, then notes (settings in force, sizes, observations)."""

    scenario: str
    headline: str
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, title: str, *columns: str, markdown: bool = False) -> Table:
        """Start a new table and return it (a pipe table with ``markdown``)."""
        table = Table(title, columns, markdown=markdown)
        self.tables.append(table)
        return table


def render_table(table: Table) -> str:
    """Columns padded to their widest cell; numbers right-aligned, words left-aligned."""
    widths = [len(column) for column in table.columns]
    for row in table.rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    numeric = [
        bool(table.rows) and all(_NUMERIC.match(row[i]) for row in table.rows)
        for i in range(len(table.columns))
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        ]
        if table.markdown:
            return "| " + " | ".join(part.replace("|", "\\|") for part in parts) + " |"
        return "  ".join(parts).rstrip()

    if table.markdown:
        rule = (
            "|"
            + "|".join(
                "-" * (width + 1) + ":" if right else "-" * (width + 2)
                for width, right in zip(widths, numeric, strict=True)
            )
            + "|"
        )
    else:
        rule = "  ".join("-" * width for width in widths)
    body = [line(row) for row in table.rows]
    # A blank line after the title, so that Markdown starts the table there.
    title = [table.title, ""] if table.markdown else [table.title]
    return "\n".join([*title, line(table.columns), rule, *body])


def render(report: Report) -> str:
    """The whole report: a headline, each table, then the notes as a bullet list."""
    parts = [f"== {report.scenario}: {report.headline}"]
    parts += [render_table(table) for table in report.tables]
    if report.notes:
        parts.append("\n".join(f"* {note}" for note in report.notes))
    return "\n\n".join(parts)


# --- formatting: one place decides how many digits each unit gets -------------------------------


def fmt_rate(per_second: float) -> str:
    """Operations per second: three significant digits, thousands separated."""
    if math.isnan(per_second):
        return "n/a"
    if per_second >= 100:
        return f"{per_second:,.0f}"
    if per_second >= 10:
        return f"{per_second:.1f}"
    return f"{per_second:.2f}"


def fmt_ms(seconds: float) -> str:
    """Seconds shown as milliseconds."""
    if math.isnan(seconds):
        return "n/a"
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.2f}" if ms < 10 else f"{ms:.1f}"


def fmt_us(seconds: float) -> str:
    """Seconds shown as microseconds."""
    if math.isnan(seconds):
        return "n/a"
    us = seconds * 1_000_000
    return f"{us:,.0f}" if us >= 100 else f"{us:.1f}"


def fmt_s(seconds: float) -> str:
    """Seconds with two decimals."""
    return "n/a" if math.isnan(seconds) else f"{seconds:.2f}"


def fmt_count(count: float) -> str:
    """A count with thousands separators."""
    return f"{count:,.0f}"


def fmt_ratio(ratio: float) -> str:
    """A ratio such as ``0.42×``."""
    return "n/a" if math.isnan(ratio) else f"{ratio:.2f}×"


def fmt_bytes(size: int) -> str:
    """A file size in MB (10^6 bytes) or kB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    return f"{size / 1000:,.1f} kB"
