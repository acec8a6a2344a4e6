"""`coachcontent serve SOURCE`: builds, serves, rebuilds on change, shows content errors."""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcontent import PluginSelection
from coachcontent.devserver import RELOAD_PATH, STATE_PATH, DevServer

from .conftest import SiteFolder


@pytest.fixture
def served(folder: SiteFolder, tmp_path: Path) -> Iterator[tuple[DevServer, str]]:
    folder.post("hello.md", "title: Hello\ndate: 2020-01-01\naliases: [/old/]")
    server = DevServer(folder.root, tmp_path / "out", PluginSelection(enabled=[]), log=lambda line: None)
    assert server.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=server.watch, args=(stop, 0.05), daemon=True)
    watcher.start()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), server.handler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for_build(server: DevServer, number: int) -> None:
    deadline = time.monotonic() + 10
    while server.state()["build"] < number:
        assert time.monotonic() < deadline, "no rebuild within 10 s"
        time.sleep(0.05)


def test_serves_pages_with_the_reload_script(served: tuple[DevServer, str], tmp_path: Path) -> None:
    _, base = served
    page = fetch(f"{base}/old/")
    assert "https://practice.example/2020/01/hello/" in page
    assert page.count(f'<script src="{RELOAD_PATH}"></script>') == 1
    assert RELOAD_PATH.encode() not in (tmp_path / "out/old/index.html").read_bytes()
    assert STATE_PATH in fetch(f"{base}{RELOAD_PATH}")


def test_rebuilds_on_change_and_shows_errors(served: tuple[DevServer, str], folder: SiteFolder) -> None:
    server, base = served
    first = json.loads(fetch(f"{base}{STATE_PATH}"))
    assert first == {"build": 1, "errors": []}
    folder.post("broken.md", "title: [oops\ndate: 2020-01-01")
    wait_for_build(server, 2)
    state = json.loads(fetch(f"{base}{STATE_PATH}"))
    assert state["errors"] == [
        "content/posts/broken.md:3: front matter: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
    ]
    page = fetch(f"{base}/old/")
    assert "The site has 1 problem(s)" in page
    assert "content/posts/broken.md:3: front matter: invalid YAML" in page
    (folder.root / "content/posts/broken.md").unlink()
    wait_for_build(server, 3)
    assert json.loads(fetch(f"{base}{STATE_PATH}"))["errors"] == []
