"""Add `English<TAB>Dutch` lines from TSV files to the Dutch catalog (then `make i18n`).

    python scripts/merge_translations.py FILE.tsv [...]

An id already translated keeps its translation unless the TSV gives another (reported).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/regie/locale/nl/LC_MESSAGES/regie.po"


def main(files: list[str]) -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    added = 0
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if "\t" not in line:
                continue
            english, dutch = line.split("\t", 1)
            found = catalog.get(english)
            if found is not None and found.string and found.string != dutch:
                print(f"kept {english!r}: {found.string!r} (TSV: {dutch!r})")
                continue
            catalog.add(english, dutch)
            added += 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, ignore_obsolete=True, no_location=True,
                 sort_output=True, width=100)  # fmt: skip
    print(f"{added} translations added to {PO.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
