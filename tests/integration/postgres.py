"""A throwaway PostgreSQL server for the tests, from Debian's binaries.

`make test` installs the `postgresql` package; this starts a private cluster in a
temporary folder on a free port (as the `postgres` user when run as root, since
PostgreSQL refuses to run as root) and removes it afterwards. REGIE_TEST_POSTGRES_URL
points the tests at an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    assert found, "PostgreSQL is not installed: run `make test` (it installs Debian's postgresql)"
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], as_postgres: bool) -> None:
    command = ["runuser", "-u", "postgres", "--", *args] if as_postgres else args
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty PostgreSQL database."""
    if url := os.environ.get("REGIE_TEST_POSTGRES_URL"):
        yield url
        return
    bin_dir, port = _binaries(), _free_port()
    root = Path(tempfile.mkdtemp(prefix="regie-pg-"))
    as_postgres = os.geteuid() == 0
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    _run(
        [str(bin_dir / "initdb"), "-D", str(data), "-U", "regie", "--auth=trust", "-E", "UTF8"],
        as_postgres,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        as_postgres,
    )
    try:
        _wait(port)
        yield f"postgresql+psycopg://regie@127.0.0.1:{port}/postgres"
    finally:
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_postgres)
        shutil.rmtree(root, ignore_errors=True)


def _wait(port: int) -> None:
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not start on port {port}")
