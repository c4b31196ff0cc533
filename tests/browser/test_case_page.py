"""The HTML business-case report works in a real browser, offline, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.cli import regie


@pytest.mark.parametrize(("lang", "label"), [("en", "In-house"), ("nl", "Intern")])
def test_the_report_draws_its_charts_without_fetching_anything(
    browser: Browser, tmp_path: Path, lang: str, label: str
) -> None:
    case = Path(__file__).resolve().parents[2] / "src/regie/files/templates/case.en.toml"
    assert (
        regie("case", "report", case, "--out", tmp_path, "--draws", "2000", "--lang", lang).code
        == 0
    )
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((tmp_path / "case.html").as_uri())
    for chart in ("cumulative", "distribution", "tornado"):
        page.wait_for_selector(
            f"#chart-{chart} svg .mark-rect, #chart-{chart} svg .mark-line, "
            f"#chart-{chart} svg .mark-symbol",
            timeout=15_000,
        )
    legend = page.inner_text("#chart-cumulative")
    assert label in legend
    assert errors == []
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requests), requests
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    page.close()
