"""The tables of API endpoints and pages in docs/web.md, made from the app's routes.

    python scripts/web_endpoints.py          # print the tables
    python scripts/web_endpoints.py --write  # put them into docs/web.md

tests/web/test_web_docs.py fails when docs/web.md differs from what this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

from regie.web.access import rule_of
from regie.web.app import endpoints

DOC = Path(__file__).resolve().parent.parent / "docs" / "web.md"
START, END = "<!-- endpoints -->\n", "<!-- /endpoints -->\n"


def rows(api: bool) -> list[str]:
    found = []
    for e in endpoints():
        if e.is_api != api:
            continue
        capability = rule_of(e.route.dependant.dependencies)[1]
        what = (e.route.endpoint.__doc__ or "").strip().split("\n")[0]
        for method in sorted(e.route.methods - {"HEAD"}):
            found.append(f"| {method} | `{e.path}` | {capability or 'public'} | {what} |")
    return sorted(found, key=lambda row: (row.split("`")[1], row))


def tables() -> str:
    head = ["| method | path | needs | what |", "| --- | --- | --- | --- |"]
    lines = ["### API (`/api/v1`)", "", *head, *rows(True), "", "### Pages", "", *head]
    return "\n".join([*lines, *rows(False)]) + "\n"


def written(text: str) -> str:
    before, rest = text.split(START, 1)
    return before + START + tables() + END + rest.split(END, 1)[1]


if __name__ == "__main__":
    if "--write" in sys.argv:
        DOC.write_text(written(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(tables())
