"""``coachcontent serve SOURCE``: build, serve on localhost, rebuild on change, reload the browser.

Changes are found by polling the site folder's files (size and modification
time) twice a second: no extra dependency, and fast enough for sites of
thousands of files.  Pages are reloaded by a small script that the server
adds to each HTML response (never to the built files); it asks the server
for the build number once a second.  A content error does not stop the
server: the browser shows the error lines and the terminal prints them.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coachcontent.errors import BuildError, ContentErrors
from coachcontent.plugins import PluginError, PluginSelection

RELOAD_PATH = "/__coachcontent/reload.js"
STATE_PATH = "/__coachcontent/state"
RELOAD_SCRIPT = """(function () {
  var seen = null;
  function poll() {
    fetch("__STATE__", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { location.reload(); }
      seen = s.build;
    }).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""".replace("__STATE__", STATE_PATH)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under ``root`` (hidden folders skipped)."""
    result: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            result[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return result


class DevServer:
    """Builds ``source`` into ``output`` whenever a file changes and serves the result."""

    def __init__(
        self,
        source: Path,
        output: Path,
        selection: PluginSelection,
        *,
        log: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    ) -> None:
        self.source = source
        self.output = output
        self.selection = selection
        self.log = log
        self.build_number = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        """Load and build once; on failure keep the last good output and remember the errors."""
        from coachcontent.build.builder import build_site
        from coachcontent.content.cache import DEFAULT_CACHE_DIR
        from coachcontent.content.loader import load_site

        started = time.monotonic()
        try:
            site = load_site(self.source, selection=self.selection, cache_dir=self.source / DEFAULT_CACHE_DIR)
            build_site(site, self.output, selection=self.selection, force=True)
        except ContentErrors as problems:
            errors = [str(error) for error in problems.errors]
        except (BuildError, PluginError) as error:
            errors = [f"error: {error}"]
        else:
            errors = []
        with self.lock:
            self.errors = errors
            self.build_number += 1
        if errors:
            for line in errors:
                self.log(line)
            self.log(f"{len(errors)} problem(s); fix them and save: the page shows them until then")
            return False
        self.log(f"built in {time.monotonic() - started:.2f}s")
        return True

    def state(self) -> dict[str, Any]:
        """The build number and the current errors, as the reload script reads them."""
        with self.lock:
            return {"build": self.build_number, "errors": list(self.errors)}

    def watch(self, stop: threading.Event, interval: float = 0.5) -> None:
        """Rebuild whenever a file under the site folder changes, until ``stop`` is set."""
        before = snapshot(self.source)
        while not stop.wait(interval):
            now = snapshot(self.source)
            if now != before:
                before = now
                self.rebuild()

    def handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        """A request handler serving the output, the reload script and the error page."""
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(server.output), **kwargs)

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, media_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == RELOAD_PATH:
                    self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.encode())
                    return
                if path == STATE_PATH:
                    self._send(200, "application/json", json.dumps(server.state()).encode())
                    return
                state = server.state()
                if state["errors"]:
                    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in state["errors"])
                    page = (
                        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                        "<title>Content errors</title></head><body>"
                        f"<h1>The site has {len(state['errors'])} problem(s)</h1><ul>{items}</ul>"
                        f'<script src="{RELOAD_PATH}"></script></body></html>'
                    )
                    self._send(200, "text/html; charset=utf-8", page.encode())
                    return
                target = Path(self.translate_path(path))
                if target.is_dir():
                    target = target / "index.html"
                if target.suffix == ".html" and target.is_file():
                    body = target.read_bytes()
                    tag = f'<script src="{RELOAD_PATH}"></script>'.encode()
                    body = body.replace(b"</body>", tag + b"</body>", 1) if b"</body>" in body else body + tag
                    self._send(200, "text/html; charset=utf-8", body)
                    return
                super().do_GET()

        return Handler


def serve_source(source: Path, selection: PluginSelection, bind: str, port: int, output: Path | None) -> int:
    """Build, serve and watch until interrupted; returns the exit code."""
    owned = output is None
    out = output or Path(tempfile.mkdtemp(prefix="coachcontent-serve-")) / "site"
    server = DevServer(source, out, selection)
    server.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=server.watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        with http.server.ThreadingHTTPServer((bind, port), server.handler()) as httpd:
            host, bound_port = httpd.server_address[:2]
            print(f"serving {source} at http://{host!s}:{bound_port}/ (rebuilds on change; Ctrl+C stops)")
            httpd.serve_forever()
    finally:
        stop.set()
        if owned:
            shutil.rmtree(out.parent, ignore_errors=True)
    return 0
