"""Generated exports into a workspace, through the real importers (as ``regie import``).

Each export is one batch of the vendor: the Zendesk CSV (wall-clock times of
Europe/Amsterdam), the Intercom JSON and the telephony call log with its mapping.

The pilot ran on its own telephony queue: its call log is read with a copy of the
mapping whose ``source`` is ``demo-telephony-pilot``. Call ids restart in every log, and
a contact is known by vendor, source and id, so the chosen vendor's pilot calls and its
later calls never clash.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from regie.bootstrap import reader
from regie.demo.arrivals import TIMEZONE
from regie.demo.operations import Operations
from regie.ingest.reading import ReadOptions
from regie.services.importing import ImportRequest, import_files
from regie.services.ports import BatchInfo, ContactStore

FORMATS: Final = ("zendesk", "intercom", "mapped")
SOURCE: Final = 'source = "demo-telephony"'
PILOT_SOURCE: Final = 'source = "demo-telephony-pilot"'


def read_options(fmt: str, operations: Operations) -> ReadOptions:
    """How ``regie import FORMAT`` is told to read one of the exports."""
    if fmt == "zendesk":
        return ReadOptions(tz=TIMEZONE)
    if fmt == "mapped":
        return ReadOptions(mapping=operations.exports["mapping"])
    return ReadOptions()


def import_exports(
    store: ContactStore, operations: Operations, vendor: str, formats: Sequence[str] = FORMATS
) -> list[BatchInfo]:
    """Import the exports of ``formats``, one batch each, for ``vendor``."""
    return [
        import_files(
            store,
            reader(fmt),
            ImportRequest(vendor, [operations.exports[fmt]], read_options(fmt, operations)),
        )
        for fmt in formats
    ]


def use_pilot_queue(operations: Operations) -> None:
    """Make the call log's mapping name the pilot's telephony queue as its source."""
    path = operations.exports["mapping"]
    text = path.read_text(encoding="utf-8")
    if SOURCE not in text:
        raise ValueError(f"{path}: no line {SOURCE!r} to change")
    pilot = text.replace(SOURCE, PILOT_SOURCE).replace("call log (ACD export)", "pilot call log")
    path.write_text(pilot, encoding="utf-8")
