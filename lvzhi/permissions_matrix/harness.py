"""How the matrix reads the URL configuration and the API schema, builds a row, and runs one cell.

A cell is one row × one persona × read (GET) or write (POST, or the API operation's own method). Its outcome is
`ok` (2xx, or a 3xx that is not a redirect to the login page: the page answered, a form may have errors),
`deny` (401, 403, 404, 410), `login` (a redirect to the login page), `method` (405) or `error` (a 5xx or an
exception). Every cell runs in a transaction that is rolled back, so no cell sees another's changes.
"""
from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lvzhi.audit.models import AuditEvent, Outcome
from lvzhi.permissions_matrix.personas import ALICE, ANONYMOUS, NOBODY, PERSONAS, Who
from lvzhi.permissions_matrix.world import DRAFT_TITLES

READ, WRITE = "read", "write"
# alice's unmasked private data: no answer may carry it unless its row says who may see it.
PRIVATE = ("220102198001011234", "13812345678")
DRAFTS_SEEN_BY = ALICE  # alice's drafts (DRAFT_TITLES) are hers alone unless a row says who else may see them


@dataclass(frozen=True)
class Row:
    """One page or API operation, with the fixture objects that fill its URL and who may read and write it.

    `read` / `write`: the personas who get `ok`; every other signed-in persona must get `deny`, anonymous
    `login` (pages) or `deny` (API). `None` means the URL does not serve that method (405 expected).
    `sees_private`: who may see alice's unmasked ID number and phone in the answer (nobody else may).
    `form_first`: personas who may not write but whose empty POST gets the form back with its errors (the view
    validates the form before the service checks who is asking); their answer must still change nothing.
    `sees_drafts`: who besides alice may see the titles of alice's unsubmitted drafts in the answer.
    `answers`: the outcome that counts as allowed (`login` for the logout, which sends everyone there).
    """

    kind: str  # "page" or "api"
    key: str  # the URL name, or "METHOD /api/path/{id}/" as in the schema
    read: Who | None
    write: Who | None
    url_kwargs: tuple[tuple[str, str], ...] = ()
    query: str = ""
    sees_private: Who = NOBODY
    variant: str = field(default="")
    form_first: Who = NOBODY
    sees_drafts: Who = NOBODY
    answers: str = "ok"

    @property
    def id(self) -> str:
        parts = [f"{k}={v}" for k, v in self.url_kwargs] + ([f"?{self.query}"] if self.query else [])
        if self.variant:
            parts.append(self.variant)
        return " ".join([self.key, *parts])

    def modes(self) -> tuple[str, ...]:
        if self.kind == "page":
            return (READ, WRITE)
        return (READ,) if self.key.startswith("GET ") else (WRITE,)

    def allowed(self, mode: str) -> Who | None:
        return self.read if mode == READ else self.write


def page(name: str, read: Who | None, write: Who | None = None, *, query: str = "", sees_private: Who = NOBODY,
         variant: str = "", form_first: Who = NOBODY, sees_drafts: Who = NOBODY, answers: str = "ok",
         **url_kwargs: str) -> Row:
    """A page row: `page("proposals:detail", ALICE | CITY_STAFF, pk="filed")`; url kwargs name fixture objects
    (`"filed"`) or give a literal value (`"=submit"`); `query` may name them in braces (`"committee={city}"`)."""
    return Row("page", name, read, write, tuple(url_kwargs.items()), query, sees_private, variant, form_first,
               sees_drafts, answers)


def api(operation: str, allowed: Who, *, query: str = "", sees_private: Who = NOBODY, variant: str = "",
        form_first: Who = NOBODY, sees_drafts: Who = NOBODY, **url_kwargs: str) -> Row:
    """An API row: `api("GET /api/proposals/{id}/", ALICE | PETE, id="draft")`."""
    read, write = (allowed, None) if operation.startswith("GET ") else (None, allowed)
    return Row("api", operation, read, write, tuple(url_kwargs.items()), query, sees_private, variant, form_first,
               sees_drafts)


# --- what the code declares ------------------------------------------------------------------------------------

API_PAGES = {"api-schema", "api-docs"}  # under /api/ but not operations of the schema


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            found += _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            found.append((name or prefix + str(p.pattern), prefix + str(p.pattern)))
    return found


@functools.cache
def url_patterns() -> dict[str, str]:
    """Every page of the URL configuration: name (or route when unnamed) → route; API operations excluded."""
    return {name: route for name, route in _walk(get_resolver())
            if not route.startswith("api/") or name in API_PAGES}


@functools.cache
def api_operations() -> tuple[str, ...]:
    """Every operation of the OpenAPI schema, as "METHOD /api/path/"."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


def row_template(key: str) -> str:
    """A row to paste into the table for a URL or operation that has none (who may do what still to decide)."""
    if key.split(" ", 1)[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        params = "".join(f', {p}="?"' for p in re.findall(r"\{(\w+)\}", key))
        return f'    api("{key}", NOBODY{params}),'
    route = url_patterns().get(key, "")
    params = "".join(f', {p}="?"' for p in re.findall(r"<(?:\w+:)?(\w+)>", route))
    return f'    page("{key}", read=NOBODY, write=None{params}),  # {route}'


# --- running a cell ---------------------------------------------------------------------------------------------

@dataclass
class Context:
    objects: dict[str, Any]
    clients: dict[str, Client]
    cookies: dict[str, str]
    media: dict[Path, bytes] = field(default_factory=dict)

    def keep_media(self) -> None:
        """Remember the stored files: a rolled-back cell restores rows, not files a service removed at once."""
        root = Path(settings.MEDIA_ROOT)
        self.media = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

    def restore_media(self) -> None:
        for path, data in self.media.items():
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)

    def value(self, ref: str) -> str:
        if ref.startswith("="):
            return ref[1:]
        obj = self.objects[ref]
        return str(getattr(obj, "pk", obj))  # a row's pk, or a token as it is


def make_clients(users: dict[str, Any]) -> tuple[dict[str, Client], dict[str, str]]:
    clients, cookies = {ANONYMOUS: Client()}, {}
    for name in PERSONAS:
        if name == ANONYMOUS:
            continue
        client = Client()
        client.force_login(users[name])
        clients[name] = client
        cookies[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return clients, cookies


def url_of(row: Row, ctx: Context) -> str:
    kwargs = {k: ctx.value(v) for k, v in row.url_kwargs}
    if row.kind == "page":
        url = reverse(row.key, kwargs=kwargs)
    else:
        url = row.key.split(" ", 1)[1].format(**kwargs)
    query = re.sub(r"\{(\w+)\}", lambda m: ctx.value(m.group(1)), row.query)
    return f"{url}?{query}" if query else url


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if body[:2] == b"PK":  # xlsx and docx: the text is in the zipped XML parts
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                body = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        except zipfile.BadZipFile:
            pass
    return body.decode("utf-8", "ignore")


def outcome_of(response: Any) -> str:
    status = response.status_code
    if 300 <= status < 400:
        return "login" if urlparse(response["Location"]).path == resolve_url(settings.LOGIN_URL) else "ok"
    if status in (401, 403, 404, 410):
        return "deny"
    if status == 405:
        return "method"
    return "error" if status >= 500 else "ok"


@dataclass
class Result:
    outcome: str
    status: int = 0
    private_shown: bool = False
    drafts_shown: bool = False
    changed: tuple[str, ...] = ()


def run_cell(ctx: Context, row: Row, persona: str, mode: str) -> Result:
    client = ctx.clients[persona]
    if persona != ANONYMOUS:  # a logout or a new session in an earlier cell must not change who this is
        client.cookies[settings.SESSION_COOKIE_NAME] = ctx.cookies[persona]
    url = url_of(row, ctx)
    if row.kind == "page":
        method = "GET" if mode == READ else "POST"
    else:
        method = row.key.split(" ", 1)[0]
    result = Result("error")
    with transaction.atomic():
        last = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
        try:
            if method == "GET":
                response = client.get(url)
            elif row.kind == "page":
                response = client.post(url, {})
            else:
                response = client.generic(method, url, json.dumps({}) if method != "DELETE" else "",
                                          content_type="application/json")
        except Exception as exc:  # a view that breaks on empty input is a finding too
            result = Result(f"error:{type(exc).__name__}")
        else:
            text = _text(response)
            changed = tuple(AuditEvent.objects.filter(id__gt=last, outcome=Outcome.SUCCESS)
                            .values_list("action", flat=True))
            result = Result(outcome_of(response), response.status_code, any(p in text for p in PRIVATE),
                            any(t in text for t in DRAFT_TITLES), changed)
        transaction.set_rollback(True)
    if mode == WRITE:
        cache.clear()
        ctx.restore_media()
    return result


def expected(row: Row, persona: str, mode: str) -> set[str]:
    """The outcomes a cell may have."""
    allowed = row.allowed(mode)
    if allowed is None:  # anonymous may be stopped at the door before the method is looked at
        return {"method", "login", "deny"} if persona == ANONYMOUS else {"method"}
    if persona in allowed:
        return {row.answers}
    if mode == WRITE and persona in row.form_first:
        return {"ok"}
    if persona == ANONYMOUS and row.kind == "page" and row.key not in API_PAGES:
        return {"login"}
    return {"deny"}


def check_cell(ctx: Context, row: Row, persona: str, mode: str) -> list[str]:
    """What is wrong with one cell, in words (empty when it holds)."""
    result = run_cell(ctx, row, persona, mode)
    want = expected(row, persona, mode)
    problems = []
    if result.outcome not in want:
        problems.append(f"{mode}: got {result.outcome} ({result.status}), expected {'/'.join(sorted(want))}")
    if result.private_shown and persona not in row.sees_private:
        problems.append(f"{mode}: shows alice's unmasked ID number or phone")
    if result.drafts_shown and persona not in DRAFTS_SEEN_BY | row.sees_drafts:
        problems.append(f"{mode}: shows the title of alice's unsubmitted draft")
    if result.changed and persona not in (row.allowed(mode) or NOBODY):
        problems.append(f"{mode}: refused, yet wrote {', '.join(result.changed)}")
    return [f"{persona:>9} {p}" for p in problems]
