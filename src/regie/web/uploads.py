"""Uploaded files, saved under the workspace's web folder for a service to read.

Each upload gets its own folder ``web/uploads/<random>/``; the file keeps its own name
(the services report file names), reduced to a safe one. :func:`discard` removes the
folder once the service has read it, whatever the outcome.
"""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

from fastapi import UploadFile

from regie.domain.errors import InvalidInput

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
CHUNK = 1 << 20


def upload_folder(files: Path) -> Path:
    """A new, empty folder for one upload under ``files`` (the web app's folder)."""
    folder = files / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    return folder


def safe_name(name: str | None, fallback: str = "upload") -> str:
    """The file's own name without folders or unusual characters."""
    base = _UNSAFE.sub("_", Path(name or "").name).strip(" .")
    return base[:200] or fallback


def save(upload: UploadFile, folder: Path, fallback: str = "upload", text: bool = False) -> Path:
    """Write ``upload`` into ``folder`` under its safe name; refuse an empty file.

    ``text``: the file must be UTF-8 text (a TOML scorecard, mapping or case).
    """
    target = folder / safe_name(upload.filename, fallback)
    if target.exists():
        raise InvalidInput(f"{target.name}: the same file name is given twice")
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, CHUNK)
    if target.stat().st_size == 0:
        raise InvalidInput(f"{target.name}: the file is empty")
    if text:
        _require_utf8(target)
    return target


def _require_utf8(path: Path) -> None:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{path.name}: byte {error.start} is not UTF-8 text; save the file as UTF-8"
        ) from None


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
