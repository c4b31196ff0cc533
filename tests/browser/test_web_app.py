"""The web app in Debian's Chromium: log in, dashboard, upload with progress, drill-down,
language switch, the vendor portal. Screenshots go to tests/artifacts/web-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from regie.demo.company import DemoRequest, build_company
from regie.demo.plan import CHOSEN, months
from regie.demo.users import USERS
from regie.web.app import endpoints
from tests.browser.web_server import serving
from tests.web.test_role_matrix import EXAMPLES

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORDS = {u.username: u.password for u in USERS}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "demo"
    build_company(DemoRequest(folder, size="tiny"))
    return folder


@pytest.fixture(scope="module")
def site(demo_folder: Path) -> Iterator[str]:
    with serving(demo_folder / "workspace") as url:
        yield url


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: _console(m, problems))
    opened.on("pageerror", lambda e: problems.append(str(e)))
    yield opened
    context.close()
    assert problems == [], problems


EXPECTED = ("status of 401", "status of 403")  # a refused page is the test's point


def _console(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type == "error" and not any(e in message.text for e in EXPECTED):
        problems.append(f"{message.text} at {message.location}")


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/")
    expect(page).to_have_url(site + "/login?next=/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("button.primary")
    expect(page).to_have_url(site + "/")


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_a_manager_logs_in_and_sees_the_dashboard(page: Page, site: str) -> None:
    log_in(page, site, "manager")
    expect(page.locator("h1")).to_contain_text("Dashboard")
    expect(page.locator("body")).to_contain_text(CHOSEN.name)
    shot(page, "dashboard")


def test_the_language_switches_to_dutch_and_stays(page: Page, site: str) -> None:
    log_in(page, site, "manager")
    page.click("button[name=lang][value=nl]")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("header")).to_contain_text("Uitloggen")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    shot(page, "dashboard-nl")
    page.click("button[name=lang][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_wrong_password_shows_one_message(page: Page, site: str) -> None:
    page.goto(site + "/login")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "not-the-password")
    page.click("button.primary")
    expect(page.locator(".error")).to_contain_text("user name or password is wrong")


def test_a_vendor_uploads_its_export_and_watches_the_progress(
    page: Page, site: str, demo_folder: Path
) -> None:
    log_in(page, site, "noordzee")
    page.goto(site + "/imports")
    expect(page.locator("select[name=vendor] option")).to_have_count(1)
    page.select_option("select[name=format]", "zendesk")
    page.set_input_files(
        "input[name=files]", str(demo_folder / "operations" / "zendesk-tickets.csv")
    )
    page.fill("input[name=tz]", "Europe/Amsterdam")
    page.click("form.grid button.primary")
    expect(page.locator("#job progress")).to_be_visible()
    expect(page.locator("#job .job[data-state=finished]")).to_be_visible(timeout=60_000)
    expect(page.locator("#job")).to_contain_text(CHOSEN.name)
    shot(page, "import-finished")


def test_a_manager_drills_down_from_a_missed_target_to_its_contacts(page: Page, site: str) -> None:
    log_in(page, site, "manager")
    page.goto(site + "/statements")
    page.locator(f"a[href='/statements/Noordzee%20Klantcontact/{months()[-1]}']").first.click()
    behind = page.locator("button", has_text="Contacts behind it").first
    expect(behind).to_be_visible()
    behind.click()
    expect(page.locator("#explain .explanation table.contacts tbody tr").first).to_be_visible()
    shot(page, "statement-drill-down")


def test_the_vendor_portal_shows_no_selection_and_refuses_it(page: Page, site: str) -> None:
    log_in(page, site, "noordzee")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    nav = page.locator("header nav")
    for hidden in ("/quotes", "/case", "/selection", "/pilot", "/admin/users"):
        expect(nav.locator(f"a[href='{hidden}']")).to_have_count(0)
    answer = page.goto(site + "/quotes")
    assert answer is not None and answer.status == 403
    shot(page, "vendor-portal-refused")


VALUES = {**EXAMPLES, "vendor": "Noordzee%20Klantcontact", "batch_id": "1"}
FRAGMENTS = ("/healthz", "/qa/report", "/qa/samples/", "/statements/open", "/case/preview",
             "/contracts/template", "/favicon.ico")  # fmt: skip
"""Downloads, redirects and HTMX fragments: not pages of their own."""


MARKS = "g.role-axis, g.mark-rect, g.mark-line, g.mark-symbol, g.mark-area, g.mark-rule"
"""What a drawn chart has besides its title."""


def _pages() -> list[str]:
    """Every page an admin can open by GET without naming a job or a file."""
    paths = []
    for endpoint in endpoints():
        path = endpoint.path
        if endpoint.is_api or "GET" not in endpoint.route.methods:
            continue
        if any(n in path for n in ("{job_id", "{file_name", "/admin", ".toml", ".xlsx", "/login")):
            continue
        if path.startswith(FRAGMENTS):
            continue
        paths.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: VALUES[m.group(1)], path))
    return sorted(set(paths))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_draws_in_the_browser_without_a_script_or_csp_error(
    browser: Browser, site: str, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: _console(m, problems))
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, site, "admin")
    if lang == "nl":
        page.click("button[name=lang][value=nl]")
    for path in _pages():
        answer = page.goto(site + path)
        assert answer is not None and answer.status == 200, (path, answer and answer.status)
        page.wait_for_load_state("networkidle")
        for chart in page.locator(".chart[data-spec]").all():
            expect(chart).to_have_attribute("data-ready", "1", timeout=15_000)
            marks = chart.evaluate(f"e => e.querySelectorAll('{MARKS}').length")
            assert marks > 0, (path, chart.get_attribute("id"), "drew only its title")
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        shot(page, f"{lang}-{name}")
    context.close()
    assert problems == [], problems
