"""The selection dossier: the case, scorecard and pilot files a workspace works on.

The CLI takes these files as arguments; the web app keeps one current copy of each in
one folder of the workspace (``<workspace>/web/dossier/``)::

    case.toml        the business case (``regie case show``)
    scorecard.toml   the selection scorecard (``regie select score``)
    pilot.toml       the pilot (``regie pilot check``)

A file is checked by its own loader before it is stored, and written under a temporary
name then renamed, so the folder never holds a file that does not load.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from regie.domain.case import BusinessCase
from regie.domain.errors import InvalidInput, NotFound
from regie.domain.pilot import Pilot
from regie.domain.quotes import Coverage
from regie.files.case_loader import parse_case
from regie.files.pilot_loader import parse_pilot
from regie.files.scorecard_loader import ScorecardSheet, parse_scorecard
from regie.services.diligence import DiligenceStore
from regie.services.pilot import PilotCheck, check_pilot
from regie.services.ports import ContactStore
from regie.services.quotes import QuoteComparison, QuoteStore, compare_quotes, stored_quotes
from regie.services.selection import Selection, score, with_diligence, workspace_tco

Kind = Literal["case", "scorecard", "pilot"]
NAMES: dict[Kind, str] = {"case": "case.toml", "scorecard": "scorecard.toml",
                          "pilot": "pilot.toml"}  # fmt: skip
MAX_BYTES = 1_000_000
HINTS: dict[Kind, str] = {
    "case": "upload a case file on the business-case page",
    "scorecard": "upload a scorecard file on the scorecard page",
    "pilot": "upload a pilot file on the pilot page",
}


@dataclass(frozen=True)
class Dossier:
    """The dossier folder of one workspace."""

    folder: Path

    @classmethod
    def of(cls, workspace_files: Path) -> Dossier:
        """The dossier inside the web app's folder of the workspace."""
        return cls(workspace_files / "dossier")

    def path(self, kind: Kind) -> Path:
        return self.folder / NAMES[kind]

    def has(self, kind: Kind) -> bool:
        return self.path(kind).is_file()

    def text(self, kind: Kind) -> str:
        """The stored file's text; ``NotFound`` when there is none yet."""
        if not self.has(kind):
            raise NotFound(f"no {NAMES[kind]} in the workspace yet: {HINTS[kind]}")
        return self.path(kind).read_text(encoding="utf-8")

    def case(self) -> BusinessCase:
        return parse_case(self.text("case"), source=NAMES["case"], folder=self.folder)

    def pilot(self) -> Pilot:
        return parse_pilot(self.text("pilot"), source=NAMES["pilot"])

    def scorecard(self, quoted: Mapping[str, float] | None = None) -> ScorecardSheet:
        return parse_scorecard(self.text("scorecard"), NAMES["scorecard"], quoted)

    def store_case(self, text: str) -> BusinessCase:
        """Check ``text`` as a case file, then make it the current case."""
        found = parse_case(_checked(text, "case"), source=NAMES["case"], folder=self.folder)
        self._write("case", text)
        return found

    def store_pilot(self, text: str) -> Pilot:
        found = parse_pilot(_checked(text, "pilot"), source=NAMES["pilot"])
        self._write("pilot", text)
        return found

    def store_scorecard(
        self, text: str, quoted: Mapping[str, float] | None = None
    ) -> ScorecardSheet:
        """Check ``text`` as a scorecard (TCO from ``quoted`` when given), then store it."""
        found = parse_scorecard(_checked(text, "scorecard"), NAMES["scorecard"], quoted)
        self._write("scorecard", text)
        return found

    def _write(self, kind: Kind, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".regie-", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.path(kind))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


# Use cases on the dossier: what ``regie quote compare --case``, ``regie select score``
# and ``regie pilot check`` do with the files given on their command lines.
def quote_comparison(
    dossier: Dossier, store: ContactStore, book: QuoteStore, coverage: Coverage | None = None
) -> QuoteComparison:
    """Every active quote priced on the current case."""
    return compare_quotes(dossier.case(), stored_quotes(store, book), coverage)


def scorecard_selection(
    dossier: Dossier,
    store: ContactStore,
    quotes: QuoteStore | None = None,
    diligence: DiligenceStore | None = None,
    horizon: int | None = None,
) -> Selection:
    """The stored scorecard ranked; TCO from the quotes on the current case when
    ``quotes`` is given, with each vendor's due diligence when ``diligence`` is."""
    dossier.text("scorecard")
    quoted = None
    if quotes is not None:
        quoted = workspace_tco(dossier.case(), store, quotes, horizon)
    found = score(dossier.path("scorecard"), quoted)
    return found if diligence is None else with_diligence(found, store, diligence)


def pilot_check(dossier: Dossier, store: ContactStore, day: int | None = None) -> PilotCheck:
    """The stored pilot checked on its vendors' contacts through ``day``."""
    return check_pilot(store, dossier.pilot(), day)


def decoded(data: bytes, kind: Kind) -> str:
    """An uploaded file's bytes as text (UTF-8), refused when too big or not text."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{NAMES[kind]}: the file is larger than {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{NAMES[kind]}: not a text file in UTF-8") from None


def _checked(text: str, kind: Kind) -> str:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InvalidInput(f"{NAMES[kind]}: the file is larger than {MAX_BYTES:,} bytes")
    return text
