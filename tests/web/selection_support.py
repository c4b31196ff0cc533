"""A copy of the demo workspace with its selection dossier filled, for the selection pages.

The demo company keeps ``case.toml`` and ``pilot.toml`` beside the workspace; the web
app reads them from the workspace's dossier (:mod:`regie.services.dossier`). The
scorecard is the template's, with the demo's vendors in place of "Partner A/B/C".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from regie.demo.company import Company
from regie.demo.dossier import scorecard_text
from regie.services.dossier import Dossier


def fill_dossier(workspace: Path, company: Company) -> Dossier:
    dossier = Dossier.of(workspace / "web")
    dossier.store_case(company.case.read_text(encoding="utf-8"))
    dossier.store_pilot(company.pilot.file.read_text(encoding="utf-8"))
    dossier.store_scorecard(scorecard_text())
    return dossier


def dossier_workspace(company: Company, folder: Path) -> Path:
    copy = folder / "workspace"
    shutil.copytree(company.request.workspace, copy)
    fill_dossier(copy, company)
    return copy
