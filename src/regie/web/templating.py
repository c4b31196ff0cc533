"""Pages: Jinja2 templates rendered in the reader's language, with the session's CSRF token.

Templates call ``t("English text", name=value)`` for every word a person reads, and the
``loc`` object for money, numbers and dates (``loc.money(1234.5)`` is ``€ 1.234,50`` in
nl). A chart is ``chart(id, spec)``: the Vega-Lite spec goes into a JSON data block
that ``static/regie.js`` draws, so no page needs an inline script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from regie.domain.access import Capability, Principal
from regie.i18n import LANGUAGES, Locale

TEMPLATES = Path(__file__).parent / "templates"
LANG_COOKIE = "regie_lang"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def chart(chart_id: str, spec: dict[str, Any], height: int | None = None) -> Markup:
    """A chart placeholder and its spec as inert JSON (drawn by regie.js)."""
    data = json.dumps(spec, default=str).replace("</", "<\\/")
    style = f' style="min-height:{int(height)}px"' if height else ""
    return Markup(
        f'<div class="chart" id="chart-{escape(chart_id)}" data-spec="spec-{escape(chart_id)}"'
        f"{style}></div>"
        f'<script type="application/json" id="spec-{escape(chart_id)}">{data}</script>'
    )


_env.globals["chart"] = chart


def locale_of(request: Request) -> Locale:
    """The signed-in user's language, else the language cookie, else the browser's."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is not None and principal.lang in LANGUAGES:
        return Locale(principal.lang)
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return Locale(chosen)
    accepted = request.headers.get("accept-language", "").lower()
    return Locale("nl" if accepted.startswith("nl") else "en")


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """The page ``template`` with the request's user, language and CSRF token."""
    loc = locale_of(request)
    principal: Principal | None = getattr(request.state, "principal", None)
    page = _env.get_template(template).render(
        request=request,
        user=principal,
        loc=loc,
        t=loc.t,
        lang=loc.lang,
        csrf=getattr(request.state, "csrf", "") or request.cookies.get("regie_login_csrf", ""),
        can=(lambda cap: principal is not None and principal.can(Capability(cap))),
        path=request.url.path,
        **values,
    )
    return HTMLResponse(page, status_code=status_code)
