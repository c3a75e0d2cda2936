"""The HTML pages: compare, check, stories, documents, each result at a shareable URL
with its downloads (md, json, html and text, from the renderers of
:mod:`provcheck.render.registry`).

A comparison and the stories are the pages ``compare --format html`` and ``report
--format html`` write, with the site's links added at the top: the same escaping, the
same Content-Security-Policy (no remote load; only the page's own style and script).
The form pages are rendered with Jinja2, autoescaping on, and sent with a
Content-Security-Policy header that allows their one style (by hash) and no script.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .api import (
    COMPARE_FORMATS,
    finding_id,
    flag,
    int_param,
    kept_check,
    kept_comparison,
    run_add,
    run_check,
    run_compare,
    run_remove,
    run_report,
)
from .state import served
from .work import Policy, Side

if TYPE_CHECKING:
    from jinja2 import Environment
    from starlette.datastructures import FormData
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute

TEMPLATES = Path(__file__).parent / "templates"
#: Headers of every page: no framing, no sniffing, no referrer sent to linked sites.
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY"}


@cache
def _env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


@cache
def _css() -> tuple[str, str]:
    """The pages' style (the report's, and the forms') and its CSP hash."""
    from ..render.html import TEMPLATES as RENDER_TEMPLATES

    css = ((RENDER_TEMPLATES / "base.css").read_text(encoding="utf-8") + "\n"
           + (TEMPLATES / "serve.css").read_text(encoding="utf-8"))
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"sha256-{digest}"


def page(template: str, title: str, status: int = 200, **values: Any) -> Response:
    """A form page, with its Content-Security-Policy header."""
    from markupsafe import Markup
    from starlette.responses import HTMLResponse

    from ..version import __version__

    css, digest = _css()
    html = _env().get_template(template).render(title=title, css=Markup(css),
                                                version=__version__, **values)
    policy = (f"default-src 'none'; style-src '{digest}'; img-src data:; "
              "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return HTMLResponse(html, status_code=status,
                        headers={**HEADERS, "Content-Security-Policy": policy})


def error_page(error: dict[str, Any], status: int) -> Response:
    return page("error.html.j2", "Error", status=status, error=error)


def with_links(html: str, links: list[tuple[str, str]]) -> Response:
    """A rendered report or comparison page with the site's links at its top (its own
    Content-Security-Policy meta tag stays; the header adds no framing)."""
    from markupsafe import escape
    from starlette.responses import HTMLResponse

    nav = '<nav class="site" aria-label="provcheck">' + " · ".join(
        f'<a href="{escape(href)}">{escape(text)}</a>' for text, href in links) + "</nav>\n"
    head, sep, tail = html.partition("<body>\n")
    return HTMLResponse(head + sep + nav + tail if sep else html,
                        headers={**HEADERS, "Content-Security-Policy":
                                 "frame-ancestors 'none'; base-uri 'none'"})


def download(text: str, name: str, fmt: str) -> Response:
    from starlette.responses import Response

    kinds = {"json": "application/json", "md": "text/markdown; charset=utf-8",
             "html": "text/html; charset=utf-8"}
    return Response(text, media_type=kinds.get(fmt, "text/plain; charset=utf-8"),
                    headers={**HEADERS, "Content-Disposition":
                             f'attachment; filename="{name}.{fmt}"'})


def redirect(url: str) -> Response:
    from starlette.responses import RedirectResponse

    return RedirectResponse(url, status_code=303)


async def side_of_form(form: FormData, prefix: str, name: str | None = None) -> Side:
    """The article a form gives as ``PREFIX_text``, ``PREFIX_file`` or ``PREFIX_url``."""
    from starlette.datastructures import UploadFile

    text = str(form.get(f"{prefix}_text") or "")
    url = str(form.get(f"{prefix}_url") or "").strip()
    upload = form.get(f"{prefix}_file")
    data = None
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        name = name or upload.filename
    given = [x for x in (text.strip(), url, data) if x]
    if len(given) != 1:
        raise UsageError(f"article {prefix}: give it one way: paste it, upload a file, or "
                         "give its address")
    return Side(text=text if text.strip() else None, url=url or None, data=data,
                name=name or None)


async def form_of(request: Request) -> FormData:
    from ..ingest.normalize import MAX_INPUT_BYTES

    return await request.form(max_files=4, max_fields=32, max_part_size=MAX_INPUT_BYTES)


# ------------------------------------------------------------------ routes

async def home(request: Request) -> Response:
    from .api import document_count

    s = served(request)
    return page("home.html.j2", "Compare two articles", index=str(s.config.db),
                documents=await document_count(s))


async def compare(request: Request) -> Response:
    s = served(request)
    if request.method == "GET":
        q = request.query_params
        a, b = Side(id=int_param(q.get("a"), "a")), Side(id=int_param(q.get("b"), "b"))
        rid = await run_compare(s, a, b, flag(q.get("fast"), "fast"))
        return redirect(f"/compare/{rid}")
    form = await form_of(request)
    a, b = await side_of_form(form, "a"), await side_of_form(form, "b")
    rid = await run_compare(s, a, b, flag(form.get("fast"), "fast"))
    return redirect(f"/compare/{rid}")


async def compared(request: Request) -> Response:
    from ..render import render

    rid = request.path_params["rid"]
    c = kept_comparison(served(request), rid)
    fmt = request.path_params.get("fmt")
    if fmt is not None:
        if fmt not in COMPARE_FORMATS:
            raise UsageError(f"format {fmt!r}: one of {', '.join(COMPARE_FORMATS)}")
        return download(render(c, fmt), f"provcheck-compare-{rid}", fmt)
    links = [("Compare", "/"), ("Check", "/check"), ("Stories", "/stories"),
             ("Documents", "/documents"), (f"Share: /compare/{rid}", f"/compare/{rid}"),
             *((f"{fmt}", f"/compare/{rid}.{fmt}") for fmt in COMPARE_FORMATS)]
    return with_links(render(c, "html"), links)


async def check(request: Request) -> Response:
    from ..models import DERIVED_RELATIONS
    from .api import document_count

    s = served(request)
    if request.method == "GET":
        return page("check.html.j2", "Check an article against the index",
                    documents=await document_count(s), levels=DERIVED_RELATIONS)
    form = await form_of(request)
    policy = Policy(fail_on=str(form.get("fail_on") or "rewrite"),
                    fail_on_divergence=bool(flag(form.get("fail_on_divergence"),
                                                 "fail_on_divergence", False)))
    rid = await run_check(s, await side_of_form(form, "article"), policy,
                          flag(form.get("fast"), "fast"))
    return redirect(f"/check/{rid}")


async def checked(request: Request) -> Response:
    from ..render.check_formats import render_check

    rid = request.path_params["rid"]
    run = kept_check(served(request), rid)
    fmt = request.path_params.get("fmt")
    if fmt is not None:
        if fmt not in ("json", "text"):
            raise UsageError(f"format {fmt!r}: json or text")
        return download(render_check(run, fmt), f"provcheck-check-{rid}", fmt)
    from ..render.finding import of_check

    ids = {f.id: finding_id(rid, f.id) for r in run.results for f in r.findings}
    told = [[of_check(f, r.path) for f in r.findings] for r in run.results]
    return page("checked.html.j2", "Checked against the index", rid=rid, run=run,
                finding_ids=ids, told=told)


async def stories(request: Request) -> Response:
    q = request.query_params
    story = int_param(q.get("story"), "story")
    all_facts = bool(flag(q.get("all_facts"), "all_facts", False))
    fmt = request.path_params.get("fmt")
    text = await run_report(served(request), fmt or "html", all_facts=all_facts, story=story)
    if fmt is not None:
        return download(text, "provcheck-report" if story is None
                        else f"provcheck-story-{story}", fmt)
    suffix = "" if story is None else f"?story={story}"
    links = [("Compare", "/"), ("Check", "/check"), ("Documents", "/documents"),
             *((fmt, f"/stories.{fmt}{suffix}") for fmt in ("md", "json", "html"))]
    return with_links(text, links)


async def documents(request: Request) -> Response:
    from .work import listing

    s = served(request)
    if request.method == "POST":
        form = await form_of(request)
        name = str(form.get("name") or "").strip() or None
        token = str(form.get("token") or "")
        added = await run_add(s, await side_of_form(form, "article", name),
                              f"Bearer {token}")
        return redirect(f"/documents/{added['id']}")
    offset = int_param(request.query_params.get("offset"), "offset", 0) or 0
    found = await s.limiter.run(lambda: s.pool.read(lambda index: listing(index, offset, 100)))
    return page("documents.html.j2", "Indexed documents", listing=found,
                index=str(s.config.db), writes=s.config.writes)


async def document(request: Request) -> Response:
    from ..collection.index import Index
    from .work import document_pairs, load

    s = served(request)
    doc_id = int(request.path_params["doc_id"])
    if request.method == "POST":
        form = await form_of(request)
        await run_remove(s, doc_id, f"Bearer {form.get('token') or ''}")
        return redirect("/documents")

    def view(index: Index) -> tuple[dict[str, Any], list[str]]:
        return document_pairs(index, doc_id), [p.text for p in load(index, doc_id).paragraphs]

    found, paragraphs = await s.limiter.run(lambda: s.pool.read(view))
    title = found["document"]["title"] or found["document"]["path"]
    return page("document.html.j2", title, d=found, paragraphs=paragraphs,
                writes=s.config.writes)


def routes() -> list[BaseRoute]:
    from starlette.routing import Route

    return [
        Route("/", home),
        Route("/compare", compare, methods=["GET", "POST"]),
        Route("/compare/{rid:str}.{fmt:str}", compared),
        Route("/compare/{rid:str}", compared),
        Route("/check", check, methods=["GET", "POST"]),
        Route("/check/{rid:str}.{fmt:str}", checked),
        Route("/check/{rid:str}", checked),
        Route("/stories", stories),
        Route("/stories.{fmt:str}", stories),
        Route("/documents", documents, methods=["GET", "POST"]),
        Route("/documents/{doc_id:int}", document),
        Route("/documents/{doc_id:int}/remove", document, methods=["POST"]),
    ]
