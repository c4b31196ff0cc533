"""Recalculate a workbook in headless LibreOffice, for tests of live XLSX models.

LibreOffice is started with a fresh profile per run whose ``OOXMLRecalcMode`` is 0
("always recalculate on load"; its default keeps the cached values of XlsxWriter files),
converts the file to XLSX, and the test reads the recalculated values with openpyxl.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE_TIMEOUT_S = 180
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(workbook: Path, work: Path) -> Path:
    """Open ``workbook`` in headless LibreOffice, recalculate everything, save as XLSX."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: apt-get install libreoffice-calc-nogui")
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, "utf-8")
    out = work / "recalculated"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(workbook),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT_S)
    result = out / workbook.name
    assert done.returncode == 0 and result.is_file(), done.stdout + done.stderr
    return result
