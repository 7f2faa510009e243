"""Sign-in for every Strands page and endpoint, through Airflow 3's auth manager.

`airflow api-server` mounts a plugin's FastAPI app without any login check, so each route
depends on one of these. Both delegate to Airflow's own `get_user` (the dependency behind
`requires_authenticated()` in `airflow.api_fastapi.core_api.security`): a bearer token
from `POST /auth/token`, else the UI's `_token` cookie, validated by the configured auth
manager (simple, FAB, Keycloak, ...).

- API (`api_user`): no credential -> 401, an invalid one -> 403, never data.
- Page (`page_user`): no or invalid credential -> 307 redirect to the auth manager's login
  page, which returns to the dashboard afterwards.

Airflow's security module is imported inside the functions: this module is imported by
every Airflow process that loads plugins, and only the api-server needs it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

#: appears in the OpenAPI document as the API's security scheme
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AirflowJWT",
    description="An Airflow JWT from `POST /auth/token`, or the Airflow UI's session cookie.",
)


class LoginRequired(Exception):
    """The page was asked for without a valid sign-in: answer with a redirect to the login."""

    def __init__(self, next_url: str) -> None:
        super().__init__("login required")
        self.next_url = next_url


async def _airflow_user(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Any:
    from airflow.api_fastapi.core_api.security import get_user

    # Airflow's own resolution: bearer header first, then the trusted middleware's user or
    # the `_token` cookie; raises HTTPException 401/403.
    return await get_user(request, None, credentials)


async def api_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Any:
    """The signed-in Airflow user of an API call (401 without a token, 403 with a bad one)."""
    return await _airflow_user(request, credentials)


async def page_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Any:
    """The signed-in Airflow user of a page view; raises `LoginRequired` otherwise."""
    try:
        return await _airflow_user(request, credentials)
    except HTTPException as exc:
        if exc.status_code in (401, 403):
            raise LoginRequired(_relative_url(request)) from None
        raise


def _relative_url(request: Request) -> str:
    # A path (not an absolute URL) so the login page's same-site check accepts it. Starlette
    # keeps the mount prefix (/strands) in a mounted app's request path.
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


def login_url(next_url: str) -> str:
    """The configured auth manager's login page, returning to `next_url`."""
    from airflow.api_fastapi.app import get_auth_manager

    return get_auth_manager().get_url_login(next_url=next_url)
