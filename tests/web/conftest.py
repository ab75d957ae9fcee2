"""A live server (uvicorn on 127.0.0.1, free port) over the sample corpus plus one hostile article,
and headless Debian Chromium through Playwright; the browser tests skip when either is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
TOKEN = "browser-test-token"
HOSTILE = (
    "Hostile page test.\n\nSoldiers clashed with militants in Gao on Monday <script>window.__pwned = 1"
    '</script> and <img src=x onerror="window.__pwned = 2"> three people were killed, '
    '<a href="javascript:window.__pwned=3">officials</a> said. <svg onload="window.__pwned=4"></svg>'
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory, full_pipeline):
    uvicorn = pytest.importorskip("uvicorn")
    from sitroom.api import create_app
    from sitroom.ingest import ingest
    from sitroom.store import open_store

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = str(folder / "web.db")
    with open_store(db) as store:
        ingest([str(EXAMPLES), str(hostile)], store=store, pipeline=full_pipeline, published=None)
    port = _free_port()
    config = uvicorn.Config(
        create_app(db, token=TOKEN), host="127.0.0.1", port=port, log_level="error"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "db": db, "token": TOKEN}
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    vendor = Path(__file__).resolve().parents[2] / "src" / "sitroom" / "web" / "static" / "vendor"
    if not (vendor / "leaflet.js").is_file():
        pytest.skip("web UI libraries are not installed (bash scripts/web_assets.sh, needs npm)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture
def shots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
