"""Run the real ``regie`` command in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def regie(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    environment.pop("REGIE_LANG", None) if env is None or "REGIE_LANG" not in env else None
    done = subprocess.run(
        [sys.executable, "-m", "regie", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=300,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)
