"""A copy of the demo workspace with its selection dossier filed, for the selection pages.

The demo files its case, pilot and scorecard where the web app reads them
(:mod:`regie.demo.dossier`); a copy gets them filed afresh so each test starts alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from regie.demo.company import Company
from regie.demo.dossier import file_dossier
from regie.services.dossier import Dossier


def fill_dossier(workspace: Path, company: Company) -> Dossier:
    """The demo's dossier filed afresh (as the demo files it), whatever a test changed."""
    return file_dossier(workspace, company.case, company.pilot.file)


def dossier_workspace(company: Company, folder: Path) -> Path:
    copy = folder / "workspace"
    shutil.copytree(company.request.workspace, copy)
    fill_dossier(copy, company)
    return copy
