"""The whole demo company, from business case to a governed year (``regie demo``).

:func:`build_company` runs the story of :mod:`regie.demo.plan` in phases, each through
the product's own use cases, and times them:

0. **workspace**: a new workspace in ``DIR/workspace`` with the three vendors and one
   user per role (:mod:`regie.demo.users`);
1. **case**: ``case.toml`` (:mod:`regie.demo.paperwork`), evaluated;
2. **quotes**: the quote form filled in by three vendors, imported, compared on the case
   (:mod:`regie.demo.selection`);
3. **diligence**: both checklists for every vendor; the chosen one ready to sign;
4. **pilot**: 90 days on the phone with two vendors, checked on days 30, 60 and 90
   (:mod:`regie.demo.pilot_data`); the case, pilot and a scorecard filed for the web
   app (:mod:`regie.demo.dossier`);
5. **operations**: twelve months with the chosen vendor, imported
   (:mod:`regie.demo.governance`);
6. **governance**: the contract, the outage log and twelve monthly statements;
7. **qa**: samples, reviews and a calibration set for three months
   (:mod:`regie.demo.reviews`).

Everything lands in one folder: the files a client would have (``case.toml``,
``quotes/``, ``pilot.toml``, ``contract.toml``, ``outages.csv``, ``qa/``), the vendors'
exports (``pilot/``, ``operations/``) and the workspace (``workspace/``). The same seed
and size give the same files and the same statements.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from regie import bootstrap
from regie.config import Language
from regie.db.workspace import SECRET
from regie.demo.dossier import file_dossier
from regie.demo.governance import Governance, Year, govern, run_operations
from regie.demo.operations import Size
from regie.demo.paperwork import case_text
from regie.demo.pilot_data import PilotOutcome, run_pilot
from regie.demo.plan import VENDORS
from regie.demo.reviews import QaOutcome, run_qa
from regie.demo.selection import DiligenceOutcome, QuoteOutcome, due_diligence, import_quotes
from regie.demo.users import add_users
from regie.domain.errors import Conflict
from regie.files.case_loader import load_case
from regie.services.business_case import CaseEvaluation, evaluate
from regie.services.ports import ContactStore

PHASES: Final = (
    "workspace",
    "case",
    "quotes",
    "diligence",
    "pilot",
    "operations",
    "governance",
    "qa",
)
DEFAULT_SEED: Final = 2025
Listener = Callable[[str], None]
"""Told the key of each phase as it starts."""


@dataclass(frozen=True)
class DemoRequest:
    folder: Path
    seed: int = DEFAULT_SEED
    size: Size = "small"
    lang: Language = "en"
    force: bool = False

    @property
    def workspace(self) -> Path:
        return self.folder / "workspace"


@dataclass(frozen=True)
class Company:
    """What :func:`build_company` made, and how long each phase took (seconds)."""

    request: DemoRequest
    case: Path
    evaluation: CaseEvaluation
    quotes: QuoteOutcome
    diligence: DiligenceOutcome
    pilot: PilotOutcome
    year: Year
    governance: Governance
    qa: QaOutcome
    timings: dict[str, float] = field(default_factory=dict)


def _quiet(_phase: str) -> None:
    return None


def prepare(request: DemoRequest) -> None:
    """Refuse an existing workspace, or remove it with ``force`` (only a Regie workspace)."""
    target = request.workspace
    if not target.exists():
        return
    if not request.force:
        raise Conflict(f"{target}: already exists; pass --force to make the demo again")
    if not (target / SECRET).is_file():
        raise Conflict(f"{target}: exists but is not a Regie workspace; not removed")
    shutil.rmtree(target)


class _Clock:
    """Times the phases and tells the listener when each starts."""

    def __init__(self, listener: Listener) -> None:
        self.listener = listener
        self.timings: dict[str, float] = {}

    @contextmanager
    def phase(self, key: str) -> Iterator[None]:
        self.listener(key)
        start = time.perf_counter()
        yield
        self.timings[key] = time.perf_counter() - start


def build_company(request: DemoRequest, listener: Listener = _quiet) -> Company:
    """Make the demo company in ``request.folder`` (see the module's description)."""
    prepare(request)
    folder, size, seed, lang = request.folder, request.size, request.seed, request.lang
    root, clock = request.workspace, _Clock(listener)
    with clock.phase("workspace"):
        store = open_workspace(request)
    with clock.phase("case"):
        case, evaluation = write_case(folder, size, seed)
    with clock.phase("quotes"):
        book = bootstrap.quotes(root)
        quotes = import_quotes(store, book, evaluation.case, folder / "quotes", size, lang)
    with clock.phase("diligence"):
        diligence = due_diligence(store, bootstrap.diligence(root))
    with clock.phase("pilot"):
        pilot = run_pilot(store, folder, size, seed, lang)
        file_dossier(root, case, pilot.file)
    with clock.phase("operations"):
        year = run_operations(store, folder, size, seed)
    with clock.phase("governance"):
        governance = govern(store, bootstrap.governance(root), folder, size)
    with clock.phase("qa"):
        qa = run_qa(store, bootstrap.qa(root), folder, size, seed, lang)
    return Company(
        request, case, evaluation, quotes, diligence, pilot, year, governance, qa, clock.timings
    )


def open_workspace(request: DemoRequest) -> ContactStore:
    """A new workspace in ``DIR/workspace`` that knows the story's three vendors."""
    request.folder.mkdir(parents=True, exist_ok=True)
    bootstrap.init_workspace(request.workspace)
    store = bootstrap.store(request.workspace)
    for vendor in VENDORS:
        store.add_vendor(vendor.name)
    add_users(request.workspace)
    return store


def write_case(folder: Path, size: Size, seed: int) -> tuple[Path, CaseEvaluation]:
    """``case.toml``, read back and evaluated as ``regie case show`` does."""
    case = folder / "case.toml"
    case.write_text(case_text(size, seed), encoding="utf-8")
    return case, evaluate(load_case(case))
