"""Every route and API endpoint, with every role: allowed or forbidden as the policy says.

The policy is :data:`regie.domain.access.POLICY`. A route that declares no rule fails
here, and so does a route with a path parameter this file has no example for: add one
to ``EXAMPLES`` and the walk covers it. Vendor users are also walked with the other
vendor's name wherever a route names a vendor, and must be refused there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie.demo.plan import months
from regie.domain.access import POLICY, Capability, Role
from regie.web.access import rule_of
from regie.web.app import endpoints
from tests.web.conftest import CHOSEN, OTHER, csrf_of

EXAMPLES: dict[str, str] = {
    # path parameter: a value that exists in the tiny demo company
    "vendor": CHOSEN,
    "month": months()[5],
    "username": "viewer",
    "batch_id": "999999",  # no such batch: the walk must not remove demo data
    "job_id": "0" * 32,
    "version": "1",
    "key": "response.email",
    "name": "statement",
    "kind": "monthly",
    "item": "dpa",
    "file_name": "missing.html",
    "sample_id": "1",
    "channel": "phone",
}
ROLE_OF = {"admin": Role.ADMIN, "manager": Role.MANAGER, "viewer": Role.VIEWER,
           "vendor": Role.VENDOR}  # fmt: skip


def calls(_app: FastAPI | None = None) -> list[tuple[str, str, Capability | None]]:
    """(method, full path, capability) of every route; None for public routes."""
    found = []
    for endpoint in endpoints():
        _declared, capability = rule_of(endpoint.route.dependant.dependencies)
        for method in sorted(endpoint.route.methods - {"HEAD"}):
            found.append((method, endpoint.path, capability))
    return found


def test_the_walk_covers_every_route_the_app_serves(shared_app: FastAPI) -> None:
    """The routes listed by ``endpoints()`` are the ones the app answers (none missed)."""
    listed = {(m, p) for m, p, _ in calls()}
    assert len(listed) > 100
    served = set()
    for method, path, _ in calls():
        request = {"type": "http", "method": method, "path": _path(path, CHOSEN),
                   "root_path": "", "query_string": b"", "headers": []}  # fmt: skip
        scope_route = [r for r in shared_app.router.routes if r.matches(request)[0].name == "FULL"]
        served.add((method, path) if scope_route else ("missing", path))
    assert {entry for entry in served if entry[0] == "missing"} == set()


def test_every_route_declares_its_rule() -> None:
    missing = [
        f"{sorted(e.route.methods)} {e.path}"
        for e in endpoints()
        if not rule_of(e.route.dependant.dependencies)[0]
    ]
    assert missing == [], "give these routes allow(...) or public(): " + ", ".join(missing)


def test_every_path_parameter_has_an_example() -> None:
    names = {n for e in endpoints() for n in re.findall(r"\{(\w+)", e.path)}
    assert names - set(EXAMPLES) == set()


def _path(template: str, vendor: str) -> str:
    values = {**EXAMPLES, "vendor": vendor}
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values[m.group(1)], template)


def _send(client: TestClient, method: str, path: str, csrf: str) -> int:
    headers = {"X-CSRF-Token": csrf} if method not in ("GET", "HEAD") else {}
    return client.request(method, path, headers=headers).status_code


def _expected(role: str, capability: Capability | None) -> bool:
    return capability is None or capability in POLICY[ROLE_OF[role]]


@pytest.mark.parametrize("role", ["admin", "manager", "viewer", "vendor"])
def test_each_role_reaches_exactly_what_the_policy_allows(
    role: str, signed_in: Callable[[str], TestClient], shared_app: FastAPI
) -> None:
    client = signed_in(role)
    csrf = csrf_of(client)
    wrong: list[str] = []
    for method, template, capability in calls(shared_app):
        if template in ("/logout",):
            continue
        status = _send(client, method, _path(template, CHOSEN), csrf)
        allowed = _expected(role, capability)
        refused = status in (401, 403)
        if allowed == refused or status >= 500:
            wrong.append(f"{method} {template}: {status} (needs {capability})")
    assert wrong == [], f"{role}: " + "; ".join(wrong)


def test_a_vendor_user_never_reaches_another_vendors_data(
    signed_in: Callable[[str], TestClient], shared_app: FastAPI
) -> None:
    client = signed_in("vendor")
    csrf = csrf_of(client)
    leaks: list[str] = []
    for method, template, capability in calls(shared_app):
        named = "{vendor}" in template
        if not named or not _expected("vendor", capability):
            continue
        status = _send(client, method, _path(template, OTHER), csrf)
        if status not in (403, 404):
            leaks.append(f"{method} {template}: {status}")
    assert leaks == []


def test_no_page_or_endpoint_shows_a_vendor_user_another_vendors_name(
    signed_in: Callable[[str], TestClient], shared_app: FastAPI
) -> None:
    """Even when asked for it by name in the query (``?vendor=…``)."""
    client = signed_in("vendor")
    leaks: list[str] = []
    for method, template, capability in calls(shared_app):
        if method != "GET" or not _expected("vendor", capability):
            continue
        answer = client.get(_path(template, CHOSEN), params={"vendor": OTHER})
        if answer.status_code == 200 and OTHER in answer.text:
            leaks.append(template)
    assert leaks == []


def test_vendor_lists_show_a_vendor_user_only_its_own_vendor(
    signed_in: Callable[[str], TestClient],
) -> None:
    client = signed_in("vendor")
    page: Any = client.get("/").text
    assert CHOSEN in page
    assert OTHER not in page
