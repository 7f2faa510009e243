"""The dashboard in a real browser: a real `airflow api-server`, Debian's Chromium, a real login.

Needs /usr/bin/chromium (`scripts/install_browser.sh`) and the `playwright` Python package
(its own browser download is never used). Saves artifacts/strands_dashboard.png.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

from plugins_support import SEED_PLATFORMS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _register_bus_agents(redis_url: str, prefix: str) -> None:
    """Two agents on a real Redis bus, with messages waiting, so the bus table has rows."""
    from strands_airflow.bus import RedisStreamBus
    from strands_airflow.bus.message import MessageType

    async def go() -> None:
        bus = RedisStreamBus(redis_url, prefix=prefix)
        bus.subscribe("quality_agent", [MessageType.QUALITY_CHECK], _ignore)
        bus.subscribe("learning_agent", [MessageType.LEARNING_UPDATE], _ignore)
        await bus.start()
        deadline = time.monotonic() + 5
        while len(await bus.client().hkeys(f"{prefix}:agents")) < 2:
            assert time.monotonic() < deadline, "agents never registered"
            await asyncio.sleep(0.05)
        await bus.stop()
        for _ in range(4):
            await bus.publish(
                bus.create_message(sender="t", message_type=MessageType.QUALITY_CHECK, payload={})
            )
        await bus.aclose()

    asyncio.run(go())


async def _ignore(message) -> None:
    return None


def test_dashboard_in_headless_chromium_after_signing_in(tmp_path, redis_url, stream_prefix):
    from api_server import ApiServer
    from playwright.sync_api import sync_playwright
    from plugins_support import seed_store

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/install_browser.sh"
    store_url = (tmp_path / "store").as_uri()
    seed_store(store_url)
    _register_bus_agents(redis_url, stream_prefix)
    host, port = redis_url.split("//")[1].split("/")[0].split(":")
    secret = "Br0wser-Test-Pa55word"
    env = {
        "AIRFLOW__STRANDS__STORE_URL": store_url,
        "AIRFLOW__STRANDS__STREAM_PREFIX": stream_prefix,
        # The bus comes from the redis_default connection, password included (Redis without
        # requirepass accepts any password for its "default" user): none may reach the page.
        "AIRFLOW_CONN_REDIS_DEFAULT": json.dumps(
            {
                "conn_type": "redis",
                "host": host,
                "port": int(port),
                "login": "default",
                "password": secret,
                "extra": {"db": 0},
            }
        ),
    }
    shot = ROOT / "artifacts" / "strands_dashboard.png"
    shot.parent.mkdir(exist_ok=True)
    with ApiServer(tmp_path / "home", env) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            # Not signed in: the dashboard sends the browser to Airflow's login page.
            page.goto(f"{server.url}/strands/?days=30")
            page.wait_for_url(re.compile(r"/auth/login\?next="), timeout=20_000)
            user, password = server.credentials()
            page.get_by_label("Username").fill(user)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            # ...and back to the dashboard, now signed in by the UI's own cookie.
            page.wait_for_url(re.compile(r"/strands/\?days=30$"), timeout=20_000)
            page.get_by_role("heading", name="Decisions per platform over time").wait_for()

            decisions = page.locator("#decisions svg")
            desc = decisions.locator("desc").text_content()
            for platform, runs in SEED_PLATFORMS.items():
                assert f"{platform} {runs}" in desc
                assert decisions.locator("text", has_text=platform).count() == 1  # legend
            assert decisions.locator("rect").count() >= len(SEED_PLATFORMS)
            cards = page.locator(".cards").inner_text()
            assert "LEARNING VECTORS\n44" in cards.upper()
            runtime_table = page.locator("#runtime table").inner_text()
            assert "emr_serverless\t7" in runtime_table
            assert page.locator("#quality svg circle").count() > 0
            assert (
                "Move this workload from emr_serverless to glue"
                in page.locator("#recommendations").inner_text()
            )
            bus = page.locator("#bus table").inner_text()
            assert "quality_agent\t4\t0\t0" in bus and "learning_agent" in bus
            assert secret not in page.content()
            page.screenshot(path=str(shot), full_page=True)

            # The same data as JSON, with the token the login page set as the UI's cookie.
            cookie = next(c for c in page.context.cookies() if c["name"] == "_token")
            api = page.request.get(
                f"{server.url}/strands/api/v1/decisions",
                headers={"Authorization": f"Bearer {cookie['value']}"},
            )
            assert api.status == 200 and secret not in api.text()
            totals = {p["platform"]: p["total"] for p in json.loads(api.text())["platforms"]}
            assert totals == SEED_PLATFORMS

            # Inside the Airflow UI: the "Strands" navigation entry frames the same page.
            page.goto(f"{server.url}/plugin/strands")
            frame = page.frame_locator("iframe")
            frame.get_by_role("heading", name="Decisions per platform over time").wait_for()
            assert "emr_serverless 7" in frame.locator("#decisions svg desc").text_content()
            page.screenshot(path=str(shot.with_name("strands_in_airflow_ui.png")))
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000
