"""Pages: SLA contracts (``regie contract``): the versions per vendor, one version's terms
and its TOML text, storing a new version (an uploaded or pasted file), checking a file
without storing it, and the commented template."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path as FilePath
from typing import Literal, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response

from regie.domain.access import Principal
from regie.domain.errors import InvalidInput, NotFound
from regie.files.contract_loader import load_contract
from regie.files.templates import contract_template
from regie.services import statement_text as words
from regie.services.contracts import (
    ContractVersion,
    add_contract,
    contract_in_effect,
    contract_versions,
)
from regie.web.access import CHANGE, READ
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/contracts")
MAX_BYTES = 1_000_000
T = TypeVar("T")


@router.get("", name="contracts.list")
def contracts(
    request: Request, user: Principal = READ, ctx: Context = Depends(context)
) -> Response:
    """The contract versions of the vendors you may see."""
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    found = [(name, contract_versions(ctx.store, ctx.governance, name)) for name in vendors]
    return render(request, "contracts_list.html.j2", vendors=found, quote=_quote)


@router.get("/template", name="contracts.template")
def template(lang: Literal["en", "nl"] = "en", user: Principal = READ) -> Response:
    """The commented contract template (``regie contract new``)."""
    headers = {"Content-Disposition": 'attachment; filename="contract.toml"'}
    return PlainTextResponse(
        contract_template(lang), headers=headers, media_type="application/toml"
    )


@router.post("/check", name="contracts.check")
def check(
    request: Request,
    file: UploadFile | None = File(None),
    text: str = Form("", max_length=MAX_BYTES),
    file_name: str = Form("contract.toml", max_length=200),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Validate a contract file without storing it (``regie contract check``)."""
    name, content = _given(file, text, file_name)
    contract = saved_file(ctx, name, content, load_contract)
    note(request, name, checked=True)
    return render(request, "contracts_check.html.j2", name=name, contract=contract)


@router.get("/{vendor}/{version}", name="contracts.show")
def show(
    request: Request,
    vendor: str,
    version: int = Path(..., ge=1, le=100_000),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """One contract version: its terms and its TOML text."""
    user.require_vendor(vendor)
    return _version_page(request, _version(ctx, vendor, version))


@router.post("/{vendor}", name="contracts.add")
def add(
    request: Request,
    vendor: str,
    file: UploadFile | None = File(None),
    text: str = Form("", max_length=MAX_BYTES),
    file_name: str = Form("contract.toml", max_length=200),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Store a contract file as the vendor's next version (``regie contract add``)."""
    user.require_vendor(vendor)
    name, content = _given(file, text, file_name)
    stored = saved_file(
        ctx, name, content, lambda path: add_contract(ctx.store, ctx.governance, path, vendor)
    )
    info = stored.info
    note(request, info.vendor, version=info.version, effective_from=str(info.effective_from),
         sha256=info.sha256, file=info.file_name)  # fmt: skip
    return _version_page(request, stored, status=201, added=True)


def _version(ctx: Context, vendor: str, version: int) -> ContractVersion:
    for found in contract_versions(ctx.store, ctx.governance, vendor):
        if found.info.version == version:
            return found
    raise NotFound(f"{vendor!r} has no contract version {version}")


def _version_page(
    request: Request, found: ContractVersion, status: int = 200, added: bool = False
) -> Response:
    loc = locale_of(request)
    return render(request, "contracts_show.html.j2", status, v=found, c=found.contract,
                  added=added, channel=lambda name: words.channel_name(name, loc),
                  duration=lambda s: words.duration(s, loc), quote=_quote)  # fmt: skip


def _given(file: UploadFile | None, text: str, file_name: str) -> tuple[str, bytes]:
    """The file's name and bytes: the upload if there is one, else the pasted text."""
    if file is not None and file.filename:
        content = file.file.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise InvalidInput(f"{file.filename}: larger than {MAX_BYTES:,} bytes")
        return safe_name(file.filename), content
    if not text.strip():
        raise InvalidInput("give a contract file: upload one or paste its text")
    return safe_name(file_name), text.encode("utf-8")


def safe_name(name: str) -> str:
    """The file's own name, in plain characters, ending in .toml."""
    plain = re.sub(r"[^\w.-]+", "-", FilePath(name.replace("\\", "/")).name).strip(".-")
    plain = plain or "contract.toml"
    return plain if plain.endswith(".toml") else f"{plain}.toml"


def saved_file(ctx: Context, name: str, content: bytes, use: Callable[[FilePath], T]) -> T:
    """``use`` the content saved as ``name`` in a temporary folder, removed afterwards."""
    folder = ctx.files / "uploads" / f"contract-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    try:
        path = folder / name
        path.write_bytes(content)
        return use(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _quote(text: str) -> str:
    return quote(text, safe="")


@router.get("/{vendor}", name="contracts.vendor")
def vendor_versions(
    request: Request,
    vendor: str,
    on: date | None = Query(None),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """The vendor's versions (``regie contract list``); with ``on``, the version in effect
    that day (``regie contract show --on``)."""
    user.require_vendor(vendor)
    if on is not None:
        return _version_page(request, contract_in_effect(ctx.store, ctx.governance, vendor, on))
    name = ctx.store.vendor(vendor).name
    found = [(name, contract_versions(ctx.store, ctx.governance, name))]
    return render(request, "contracts_list.html.j2", vendors=found, quote=_quote)
