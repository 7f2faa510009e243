"""`StrandsPlugin`: the Strands dashboard in the Airflow 3 UI.

Registered through the `airflow.plugins` entry point (`strands`). It mounts a FastAPI app at
`/strands` (the page at `/strands/`, the JSON API at `/strands/api/v1/`), adds a "Strands"
entry to the UI's navigation and a "Strands" tab on every DAG run (both `external_views`),
and registers `StrandsDashboardLink`, the extra link of every Strands task.

Every route requires a signed-in Airflow user (see `strands_airflow.plugins.auth`).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Annotated, Any

from airflow.plugins_manager import AirflowPlugin
from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from strands_airflow.links.strands import StrandsDashboardLink
from strands_airflow.plugins import api, data
from strands_airflow.plugins.auth import LoginRequired, login_url, page_user

URL_PREFIX = "/strands"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _is_page(request: Request) -> bool:
    return "/api/" not in request.url.path


def create_app() -> FastAPI:
    """The `/strands` app: dashboard page plus `api/v1` (Airflow mounts it; tests may too)."""
    from strands_airflow.plugins import dashboard

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # Airflow's api-server enters a mounted app's lifespan at start-up.
        data.warm_up()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Strands dashboard API",
        version="1",
        description="Learning state of the Strands self-learning ETL agents. Every endpoint "
        "requires a signed-in Airflow user: send `Authorization: Bearer <token>` with a "
        "token from `POST /auth/token`, or the Airflow UI's session cookie.",
        # Airflow serves no docs for a plugin app by default; ours is signed-in only too.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.include_router(api.router, prefix="/api/v1")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page(
        request: Request,
        _user: Annotated[Any, Depends(page_user)],
        _known: Annotated[None, Depends(api.known_params_only)],
        days: api.Days = 30,
        limit: api.Limit = 10,
        dag_id: api.DagId = None,
        run_id: api.RunId = None,
    ) -> HTMLResponse:
        d = await api.build_dashboard(days, limit, dag_id, run_id)
        base = request.scope.get("root_path", "").rstrip("/") + "/"
        html = dashboard.render(d, base=base, dag_id=dag_id, run_id=run_id)
        return HTMLResponse(html, headers={"Content-Security-Policy": dashboard.CSP})

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_url), status_code=307)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if not _is_page(request):
            return await request_validation_exception_handler(request, exc)
        names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        msg = (
            "invalid query parameter "
            + ", ".join(repr(n) for n in names)
            + ": "
            + "; ".join(str(e.get("msg", "")) for e in exc.errors())
        )
        return HTMLResponse(dashboard.render_error(422, msg), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_page(request) and exc.status_code in (400, 503):
            return HTMLResponse(
                dashboard.render_error(exc.status_code, str(exc.detail)), exc.status_code
            )
        return await http_exception_handler(request, exc)

    @app.middleware("http")
    async def _headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    return app


strands_app = create_app()


class StrandsPlugin(AirflowPlugin):
    """The Strands dashboard, its navigation entries and the Strands tasks' extra link."""

    name = "strands"
    fastapi_apps = [{"app": strands_app, "url_prefix": URL_PREFIX, "name": "Strands dashboard"}]
    external_views = [
        {
            "name": "Strands",
            "href": f"{URL_PREFIX}/",
            "destination": "nav",
            "category": "browse",
            "url_route": "strands",
        },
        {
            "name": "Strands",
            "href": f"{URL_PREFIX}/?dag_id={{DAG_ID}}&run_id={{RUN_ID}}",
            "destination": "dag_run",
            "url_route": "strands_run",
        },
    ]
    operator_extra_links = [StrandsDashboardLink()]


__all__ = ["StrandsPlugin", "create_app", "strands_app"]
