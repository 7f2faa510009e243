"""Every Strands page and endpoint needs a signed-in Airflow user; none leaks data without one."""

from __future__ import annotations

import pytest

API_PATHS = [
    "/strands/api/v1/dashboard",
    "/strands/api/v1/summary",
    "/strands/api/v1/decisions",
    "/strands/api/v1/runtime",
    "/strands/api/v1/quality",
    "/strands/api/v1/recommendations",
    "/strands/api/v1/bus",
    "/strands/api/v1/vectors",
    "/strands/api/v1/runs?dag_id=strands_reference_pipeline&run_id=manual__x",
    "/strands/api/v1/openapi.json",
]


@pytest.mark.parametrize("path", API_PATHS)
def test_api_answers_401_without_a_token_and_shows_no_data(client, seeded_store, path):
    resp = client.get(path)
    assert resp.status_code == 401
    assert resp.json() == {"detail": "Not authenticated"}
    for word in ("local", "glue", "emr_serverless", "vectors"):
        assert word not in resp.text


@pytest.mark.parametrize("path", API_PATHS)
def test_api_answers_403_with_a_forged_token(client, seeded_store, path):
    resp = client.get(path, headers={"Authorization": "Bearer not.a.jwt"})
    assert resp.status_code == 403
    assert "glue" not in resp.text


def test_auth_is_checked_before_parameters(client, seeded_store):
    # A bad parameter must not tell an anonymous caller anything either.
    assert client.get("/strands/api/v1/decisions?days=0").status_code == 401
    assert client.get("/strands/api/v1/decisions?nope=1").status_code == 401


def test_page_redirects_to_the_login_page_and_back(client, seeded_store):
    resp = client.get("/strands/?days=7")
    assert resp.status_code == 307
    assert resp.headers["location"] == "/auth/login?next=%2Fstrands%2F%3Fdays%3D7"
    assert "glue" not in resp.text
    forged = client.get("/strands/", cookies={"_token": "forged"})
    assert forged.status_code == 307


def test_signed_in_user_gets_data_by_bearer_token(client, seeded_store, auth):
    resp = client.get("/strands/api/v1/summary", headers=auth)
    assert resp.status_code == 200
    assert resp.json()["vectors"] == 44


def test_signed_in_user_gets_the_page_by_the_ui_cookie(client, seeded_store, admin_token):
    client.cookies.set("_token", admin_token)
    resp = client.get("/strands/")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert "script-src" not in resp.headers["content-security-policy"]  # no script allowed
    assert "<script" not in resp.text
    assert "emr_serverless" in resp.text


def test_openapi_describes_the_api_for_signed_in_users(client, seeded_store, auth):
    doc = client.get("/strands/api/v1/openapi.json", headers=auth).json()
    assert "/api/v1/dashboard" in doc["paths"]
    assert {"Summary", "Decisions", "Runtime", "Quality", "BusHealth"} <= set(
        doc["components"]["schemas"]
    )
    assert "AirflowJWT" in doc["components"]["securitySchemes"]
    # Airflow's default docs routes of a sub-app are off: nothing served anonymously.
    assert client.get("/strands/openapi.json").status_code in (401, 404)
    assert client.get("/strands/docs").status_code in (401, 404)
