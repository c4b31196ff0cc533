"""Writing a report's files so that none is ever half-written.

Every report is an HTML page (interactive), a PDF (the same page printed) and an XLSX
workbook. Each file is first written under a temporary name in a staging folder beside
its target and then renamed into place, so a reader never sees a partial file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from regie.reports.case_report import write_pdf

Writer = Callable[[Path], object]


def atomic(target: Path, write: Writer) -> Path:
    """Run ``write(path)`` on a temporary file beside ``target``, then rename it into place."""
    staging = Path(tempfile.mkdtemp(prefix=".regie-", dir=target.parent))
    try:
        temporary = staging / target.name
        write(temporary)
        os.replace(temporary, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def publish(out: Path, stem: str, page: str, printed: str, workbook: Writer) -> list[Path]:
    """``<stem>.html`` (``page``), ``.pdf`` (``printed``) and ``.xlsx`` in ``out``, in order."""
    out.mkdir(parents=True, exist_ok=True)
    writers: tuple[tuple[str, Writer], ...] = (
        (".html", lambda p: p.write_text(page, encoding="utf-8")),
        (".pdf", lambda p: write_pdf(printed, p)),
        (".xlsx", workbook),
    )
    return [atomic(out / f"{stem}{suffix}", write) for suffix, write in writers]
