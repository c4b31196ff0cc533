"""Signing in and out: cookies, CSRF, rate limiting, headers, one error shape."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD, csrf_of, log_in


def _form(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert found is not None
    return found.group(1)


def test_a_page_without_a_session_sends_you_to_the_log_in(shared_app: FastAPI) -> None:
    client = TestClient(shared_app, base_url="https://testserver", follow_redirects=False)
    answer = client.get("/admin/audit?x=1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/admin/audit%3Fx%3D1"


def test_the_api_without_a_token_answers_401_in_the_one_error_shape(shared_app: FastAPI) -> None:
    client = TestClient(shared_app, base_url="https://testserver")
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.json() == {
        "status": 401,
        "code": "not_signed_in",
        "message": "sign in first",
        "details": [],
    }


def test_the_session_cookie_is_secure_http_only_and_same_site(shared_app: FastAPI) -> None:
    client = TestClient(shared_app, base_url="https://testserver", follow_redirects=False)
    token = _form(client)
    answer = client.post(
        "/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token}
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "regie_session=" in c)
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=strict" in cookie


def test_a_wrong_password_is_refused_with_one_message_for_every_user(shared_app: FastAPI) -> None:
    client = TestClient(shared_app, base_url="https://testserver", follow_redirects=False)
    token = _form(client)
    wrong = client.post("/login", data={"username": "viewer", "password": "nope-nope-nope",
                                         "csrf_token": token})  # fmt: skip
    unknown = client.post("/login", data={"username": "nobody", "password": "nope-nope-nope",
                                           "csrf_token": token})  # fmt: skip
    assert wrong.status_code == unknown.status_code == 401
    assert "user name or password is wrong" in wrong.text
    assert "user name or password is wrong" in unknown.text


def test_the_log_in_form_needs_its_csrf_token(shared_app: FastAPI) -> None:
    client = TestClient(shared_app, base_url="https://testserver", follow_redirects=False)
    _form(client)
    answer = client.post("/login", data={"username": "viewer", "password": PASSWORD,
                                          "csrf_token": "forged"})  # fmt: skip
    assert answer.status_code == 403
    assert 'data-code="csrf_failed"' in answer.text


def test_the_sixth_failed_log_in_in_a_window_is_refused_even_with_the_right_password(
    app: FastAPI,
) -> None:
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    token = _form(client)
    for _ in range(5):
        answer = client.post("/login", data={"username": "manager", "password": "wrong-password",
                                              "csrf_token": token})  # fmt: skip
        assert answer.status_code == 401
    right = client.post("/login", data={"username": "manager", "password": PASSWORD,
                                         "csrf_token": token})  # fmt: skip
    assert right.status_code == 429
    assert "too many failed log-ins" in right.text
    assert log_in(app, "viewer").get("/api/v1/me").status_code == 200  # other users unaffected


def test_a_state_change_without_the_csrf_token_is_refused(app: FastAPI) -> None:
    client = log_in(app, "admin")
    data = {"username": "eve", "password": "long-enough-pw", "role": "viewer"}
    refused = client.post("/admin/users", data=data)
    assert refused.status_code == 403
    assert "eve" not in client.get("/api/v1/users").text
    forged = client.post("/admin/users", data={**data, "csrf_token": "x" * 43})
    assert forged.status_code == 403
    accepted = client.post("/admin/users", data={**data, "csrf_token": csrf_of(client)})
    assert accepted.status_code == 201
    assert "eve" in client.get("/api/v1/users").text


def test_the_csrf_header_works_for_htmx_and_api_calls(app: FastAPI) -> None:
    client = log_in(app, "admin")
    body = {"username": "fay", "password": "long-enough-pw", "role": "viewer"}
    assert client.post("/api/v1/users", json=body).status_code == 403
    answer = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": csrf_of(client)})
    assert answer.status_code == 201, answer.text


def test_every_response_carries_a_strict_csp_and_forbids_framing(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("viewer")
    for path in ("/", "/login", "/api/v1/me", "/static/regie.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
        assert "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_no_page_contains_an_inline_script(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("admin")
    for path in ("/", "/login", "/admin/users", "/admin/audit"):
        html = client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert " on" + "click=" not in html


def test_log_out_ends_the_session(app: FastAPI) -> None:
    client = log_in(app, "viewer")
    cookie = client.cookies.get("regie_session")
    answer = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert answer.status_code == 303
    stale = TestClient(app, base_url="https://testserver")
    stale.cookies.set("regie_session", cookie or "")
    assert stale.get("/api/v1/me").status_code == 401


def test_the_language_is_kept_per_user(app: FastAPI) -> None:
    client = log_in(app, "viewer")
    assert 'lang="en"' in client.get("/").text
    client.post("/language", data={"lang": "nl", "csrf_token": csrf_of(client)})
    assert 'lang="nl"' in log_in(app, "viewer").get("/").text
    assert 'lang="en"' in log_in(app, "manager").get("/").text


def test_the_system_page_shows_the_workspace_to_admins_only(signed_in) -> None:  # type: ignore[no-untyped-def]
    page = signed_in("admin").get("/admin/system")
    assert page.status_code == 200
    assert "sqlite:///" in page.text
    assert "<td>0006</td>" in page.text
    assert signed_in("manager").get("/admin/system").status_code == 403
