"""`regie serve`: the real command serves the workspace; a bad workspace is one clear line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.browser.web_server import free_port
from tests.e2e.cli import regie


def test_serve_answers_on_the_port_and_the_first_admin_can_log_in(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert regie("init", ws, env={"REGIE_ADMIN_PASSWORD": "first-admin-pw"}).code == 0
    port = free_port()
    command = [sys.executable, "-m", "regie", "serve", "-w", str(ws), "--port", str(port),
               "--insecure-cookies"]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(base + "/healthz", timeout=1).text == "ok":
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with httpx.Client(base_url=base) as client:
            form = client.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            assert token is not None
            data = {"username": "admin", "password": "first-admin-pw", "csrf_token": token.group(1)}
            assert client.post("/login", data=data).status_code == 303
            assert client.get("/api/v1/me").json()["role"] == "admin"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"on http://127.0.0.1:{port}/" in out


def test_serve_without_a_workspace_is_one_clear_line(tmp_path: Path) -> None:
    done = regie("serve", "-w", tmp_path / "nothing", "--port", str(free_port()))
    assert done.code == 1
    assert "no Regie workspace here" in done.stderr
