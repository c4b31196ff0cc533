"""`regie demo --out`: the index links every report, a report draws its charts offline,
and a PDF page is not blank. Screenshots are kept in tests/artifacts/ (gitignored)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from tests.e2e.cli import regie

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = regie("demo", folder / "company", "--size", "tiny", "--out", folder / "out", "--json")
    assert result.code == 0, result.stderr
    return folder / "out"


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    opened = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    opened.on("request", lambda r: requests.append(r.url))
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened, requests, errors
    opened.close()


def offline(requests: list[str]) -> bool:
    return all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requests)


def test_the_index_links_every_report_and_each_link_exists(
    showcase: Path, page: tuple[Page, list[str], list[str]]
) -> None:
    tab, requests, errors = page
    tab.goto((showcase / "index.html").as_uri())
    links = tab.eval_on_selector_all("a", "nodes => nodes.map(n => n.getAttribute('href'))")
    assert len(links) >= 30
    assert all((showcase / link).is_file() for link in links)
    assert {Path(link).parts[0] for link in links} >= {"case", "quotes", "pilot", "statements",
                                                        "reports", "qa"}  # fmt: skip
    assert "Early-warning signals" in tab.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "demo-index.png"), full_page=True)
    assert errors == [] and offline(requests), (errors, requests)


def test_the_monthly_report_draws_its_control_charts_offline(
    showcase: Path, page: tuple[Page, list[str], list[str]]
) -> None:
    tab, requests, errors = page
    monthly = sorted((showcase / "reports").glob("monthly-*.html"))[-1]
    tab.goto(monthly.as_uri())
    tab.wait_for_selector("svg .mark-line path", state="attached", timeout=20_000)
    charts = tab.eval_on_selector_all("svg", "nodes => nodes.length")
    lines = tab.eval_on_selector_all("svg .mark-line path", "nodes => nodes.length")
    assert charts >= 2 and lines >= 2, (charts, lines)
    tab.screenshot(path=str(ARTIFACTS / "demo-monthly.png"), full_page=True)
    assert errors == [] and offline(requests), (errors, requests)


def test_a_pdf_page_renders_to_a_non_blank_image(showcase: Path, tmp_path: Path) -> None:
    import subprocess

    pdf = sorted((showcase / "statements").glob("*.pdf"))[0]
    done = subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (image,) = tmp_path.glob("p*.png")
    pixels = np.asarray(Image.open(image).convert("L"))
    assert (pixels < 200).mean() > 0.01  # some ink on the page
    assert pixels.std() > 10
