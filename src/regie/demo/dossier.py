"""The demo's selection dossier for the web app: its case, pilot and scorecard files.

The command line reads these files from wherever the user keeps them; the web app keeps
them in the workspace (:class:`regie.services.dossier.Dossier`). The scorecard is the
template's criteria and weights with the demo's three vendors in place of "Partner A/B/C".
"""

from __future__ import annotations

from pathlib import Path

from regie.demo.plan import VENDORS
from regie.files.scorecard_template import scorecard_template
from regie.services.dossier import Dossier


def scorecard_text() -> str:
    text = scorecard_template("en")
    for partner, vendor in zip(("Partner A", "Partner B", "Partner C"), VENDORS, strict=True):
        text = text.replace(f'"{partner}"', f'"{vendor.name}"')
    return text


def file_dossier(workspace: Path, case: Path, pilot: Path) -> Dossier:
    """Store the demo's case, pilot and scorecard where the web app reads them."""
    dossier = Dossier.of(workspace / "web")
    dossier.store_case(case.read_text(encoding="utf-8"))
    dossier.store_pilot(pilot.read_text(encoding="utf-8"))
    dossier.store_scorecard(scorecard_text())
    return dossier
