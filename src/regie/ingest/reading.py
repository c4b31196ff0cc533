"""What a reader returns, and the helpers readers share to reject rows vectorised."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from regie.analytics.columns import Frame, conform

ROW = "_row"
"""Column every reader adds: the row as the user sees it (CSV: line 2 is the first data row;
JSON: the 1-based record number)."""

REJECTION_SCHEMA: dict[str, pl.DataType] = {
    "file": pl.String(),
    "row": pl.Int64(),
    "column": pl.String(),
    "value": pl.String(),
    "reason": pl.String(),
}


@dataclass(frozen=True)
class ReadOptions:
    """How to read: the export's time zone (for local-time exports), text, mapping."""

    tz: str | None = None
    keep_text: bool = False
    mapping: Path | None = None


@dataclass
class Reading:
    """One file read: canonical contacts (with ``_row``) and rejected rows."""

    source: str
    file: str
    rows_read: int
    contacts: pl.DataFrame | pl.LazyFrame
    rejections: pl.DataFrame | pl.LazyFrame = field(
        default_factory=lambda: pl.DataFrame(schema=REJECTION_SCHEMA)
    )
    skipped: int = 0
    """Rows left out on purpose (e.g. a mapping's skip rule), neither imported nor rejected."""

    def collect(self) -> Reading:
        """The same reading with its rows in memory (for inspection and tests)."""
        return replace(
            self,
            contacts=self.contacts.lazy().collect(),
            rejections=self.rejections.lazy().collect(),
        )

    def canonical(self, keep_text: bool = False) -> pl.LazyFrame:
        """The accepted contacts in the canonical schema, plus ``_row`` when the reader has it."""
        contacts = self.contacts.lazy()
        if ROW not in contacts.collect_schema().names():
            contacts = contacts.with_columns(pl.lit(None, pl.Int64).alias(ROW))
        return conform(contacts, keep_text, keep=(ROW,))


def rejections(
    frame: Frame, bad: pl.Expr, column: str, reason: str, file: str
) -> tuple[Frame, Frame]:
    """Split ``frame`` into (kept rows, rejections) by the boolean expression ``bad``.

    ``column`` names the offending column; its raw value is reported (null as empty).
    """
    marked = frame.with_columns(bad.fill_null(False).alias("_bad"))
    rejected = marked.filter(pl.col("_bad")).select(
        pl.lit(file).alias("file"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.lit(column).alias("column"),
        (pl.col(column).cast(pl.String) if column in frame.collect_schema() else pl.lit(None))
        .fill_null("")
        .alias("value"),
        pl.lit(reason).alias("reason"),
    )
    return marked.filter(~pl.col("_bad")).drop("_bad"), rejected.cast(REJECTION_SCHEMA)  # type: ignore[arg-type]


def rejection_lines(table: pl.DataFrame, limit: int | None = None) -> list[str]:
    """Human lines: ``file: row 7, column created_at = '31-02-2024': not a date``."""
    rows = table.head(limit) if limit is not None else table
    return [
        f"{r['file']}: row {r['row']}, column {r['column']} = {r['value']!r}: {r['reason']}"
        for r in rows.iter_rows(named=True)
    ]
