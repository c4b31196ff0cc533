"""The dashboard and the early-warning signals, against the services' own figures."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company
from regie.demo.plan import months
from regie.services.statement_json import statement_from_json
from regie.services.watch import watch
from tests.web.conftest import CHOSEN, OTHER


def _recorded(company: Company, month: str) -> dict[str, object]:
    store = bootstrap.store(company.request.workspace)
    book = bootstrap.governance(company.request.workspace)
    return book.statements(store.vendor(CHOSEN).id, month)[-1].result


def test_the_dashboard_shows_the_latest_month_against_the_recorded_statement(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    page = signed_in("viewer").get("/")
    assert page.status_code == 200
    latest = months()[-1]
    statement = statement_from_json(_recorded(company, latest))  # type: ignore[arg-type]
    assert f"Latest month with data: {latest}" in page.text
    assert "recorded as revision 1" in page.text
    for j in statement.judged:
        row = re.search(rf'data-key="{re.escape(j.key)}".*?data-status="(\w+)"', page.text, re.S)
        if j.key.startswith("kpi."):
            assert row is not None and row.group(1) == j.outcome.status.value, j.key
    for v in statement.volumes:
        cells = re.search(
            rf'data-channel="{v.channel}">\s*<td>[^<]+</td>\s*<td class="num">([\d,]+)<', page.text
        )
        assert cells is not None and int(cells.group(1).replace(",", "")) == v.offered
    assert f'href="/statements/Noordzee%20Klantcontact/{latest}"' in page.text
    assert 'class="chart" id="chart-trend-' in page.text
    assert "Polder Service Groep" in page.text  # a vendor without a contract is listed too


def test_the_signals_fragment_lists_the_open_signals_of_regie_watch(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store = bootstrap.store(company.request.workspace)
    book = bootstrap.governance(company.request.workspace)
    expected = watch(store, book, CHOSEN)
    answer = signed_in("viewer").get(
        "/signals", params={"vendor": CHOSEN}, headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200
    assert "<html" not in answer.text
    keys = re.findall(r'<tr data-key="([\w.]+)"', answer.text)
    assert keys == [s.series.kpi for s in expected.signals]
    assert expected.signals  # the demo's slow decline gives signals
    for s in expected.signals:
        assert s.since.isoformat() in answer.text


def test_the_signals_page_draws_a_control_chart_per_open_signal(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store = bootstrap.store(company.request.workspace)
    book = bootstrap.governance(company.request.workspace)
    expected = watch(store, book, CHOSEN, method="cusum")
    page = signed_in("manager").get("/signals", params={"vendor": CHOSEN, "method": "cusum"})
    assert page.status_code == 200
    assert page.text.count('id="chart-control-') == len(expected.signals)


def test_a_vendor_user_sees_only_its_own_vendor_on_the_dashboard_and_signals(
    signed_in: Callable[[str], TestClient],
) -> None:
    client = signed_in("other_vendor")
    page = client.get("/")
    assert OTHER in page.text and CHOSEN not in page.text
    assert client.get("/signals", params={"vendor": CHOSEN}).status_code == 403
    listing = client.get("/signals")
    assert CHOSEN not in listing.text


def test_bad_signal_options_are_refused_as_invalid_input(
    signed_in: Callable[[str], TestClient],
) -> None:
    client = signed_in("viewer")
    assert client.get("/signals", params={"method": "median"}).status_code == 422
    assert client.get("/signals", params={"baseline_days": 1}).status_code == 422
