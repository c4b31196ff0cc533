"""Refresh the Dutch catalog: extract every message id, keep existing translations.

Run with `make i18n`. New message ids arrive untranslated; the test suite fails until
each one has a Dutch text in src/regie/locale/nl/LC_MESSAGES/regie.po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/regie/locale/nl/LC_MESSAGES/regie.po"
POT = ROOT / "build/regie.pot"


def main() -> None:
    POT.parent.mkdir(exist_ok=True)
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            pybabel,
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "t",
            "--no-location",
            "--sort-output",
            "-o",
            POT,
            ".",
        ],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    with POT.open("rb") as handle:
        template = read_po(handle)
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    catalog.update(template, no_fuzzy_matching=True)
    with PO.open("wb") as handle:
        write_po(
            handle,
            catalog,
            omit_header=False,
            ignore_obsolete=True,
            no_location=True,
            sort_output=True,
            width=100,
        )
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"updated {PO.relative_to(ROOT)}: {len(missing)} message(s) without Dutch text")


if __name__ == "__main__":
    main()
