"""``sladoc preview``: the page follows each save, keeps the last good rendering through a
bad edit, places findings beside their words, binds to loopback only and serves nothing
but its three routes. The last test drives a real headless Chromium over the DevTools
protocol: the page updates in place (no navigation), the scroll position stays."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sladoc.cli import app
from sladoc.preview.server import PreviewServer, start
from sladoc.preview.watch import Watcher

from .conftest import ROOT

EXAMPLE = ROOT / "agreements" / "acme-cloud-hosting.yaml"
runner = CliRunner()


@pytest.fixture
def agreement(tmp_path: Path) -> Path:
    path = tmp_path / "agreement.yaml"
    shutil.copy(EXAMPLE, path)
    return path


@pytest.fixture
def server(agreement: Path) -> Iterator[PreviewServer]:
    running = start(agreement)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(5)


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{server.server_address[1]}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def state(server: PreviewServer) -> dict:
    status, body = get(server, "/state")
    assert status == 200
    return json.loads(body)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def wait_for_version(server: PreviewServer, version: int, timeout: float = 20) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = state(server)
        if found["version"] >= version:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no rendering {version} within {timeout} s")


# --- the server -------------------------------------------------------------------------------


def test_the_page_is_the_html_edition_with_the_preview_added(server: PreviewServer):
    status, body = get(server, "/")
    page = body.decode()
    assert status == 200 and "Cloud Hosting Service Level Agreement" in page
    assert 'id="sladoc-document"' in page and "EventSource" in page
    assert state(server)["ok"] is True


def test_a_save_renders_again_and_a_bad_edit_keeps_the_last_good_rendering(
    server: PreviewServer, agreement: Path
):
    first = state(server)
    edit(agreement, "Company X receives when", "Company X promptly receives when")
    second = wait_for_version(server, first["version"] + 1)
    assert second["ok"] and "promptly receives" in second["content"]
    (note,) = [n for n in second["notes"] if n["code"] == "SLA101"]
    assert note["excerpt"] == "promptly"
    assert any("promptly" in text for number, text in note["lines"] if number == note["line"])

    edit(agreement, "kind: customer", "kind: cusstomer")
    third = wait_for_version(server, second["version"] + 1)
    assert third["ok"] is False
    assert third["content"] == second["content"], "the last good rendering stays"
    assert third["notes"] and all(n["severity"] == "error" for n in third["notes"])
    assert any("cusstomer" in text for n in third["notes"] for _, text in n["lines"])
    status, body = get(server, "/")
    assert status == 200 and "promptly receives" in body.decode()


def test_a_problem_of_a_field_is_placed_at_the_words_it_had(server: PreviewServer, agreement: Path):
    first = state(server)
    edit(agreement, "priya@acmecloud.example", "priya-at-acme")
    found = wait_for_version(server, first["version"] + 1)
    (note,) = found["notes"]
    assert found["ok"] is False and note["excerpt"] == "priya@acmecloud.example"
    assert note["excerpt"] in found["content"]
    edit(agreement, "kind: customer", "kind: cusstomer")
    found = wait_for_version(server, found["version"] + 1)
    # a single plain word (the kind's old value) would point at unrelated sentences
    assert found["notes"] and all(n["excerpt"] != "customer" for n in found["notes"])


def test_the_event_stream_sends_the_state_at_once_then_each_change(
    server: PreviewServer, agreement: Path
):
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_event() -> dict:
        while True:
            line = response.fp.readline().decode()
            if line.startswith("data: "):
                return json.loads(line[6:])

    first = next_event()
    edit(agreement, "Company X receives when", "Company X duly receives when")
    assert next_event()["version"] == first["version"] + 1
    connection.close()


def test_a_template_save_renders_again(tmp_path: Path, agreement: Path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    preview = start(agreement, templates).preview
    before = preview.state.version
    watcher_stop = threading.Event()
    thread = threading.Thread(target=preview.watch, args=(watcher_stop,), daemon=True)
    thread.start()
    try:
        wording = templates / "common" / "wording.yaml"
        edit(wording, "  contents: Contents", "  contents: Table of contents")
        found = preview.wait_for(before, 20)
        assert found.version > before and "Table of contents" in (found.content or "")
    finally:
        watcher_stop.set()
        thread.join(5)


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/agreement.yaml",
        "/templates/common/wording.yaml",
        "//etc/passwd",
        "/state/../../agreement.yaml",
        "/..%2f..%2fagreement.yaml",
    ],
)
def test_nothing_but_the_preview_s_routes_is_served(server: PreviewServer, path: str):
    status, body = get(server, path)
    assert status == 404 and b"root:" not in body and b"kind:" not in body


def test_a_request_for_another_host_is_refused(server: PreviewServer):
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) gets
    nothing."""
    assert get(server, "/", host="attacker.example:80")[0] == 403
    assert get(server, "/state", host=f"localhost:{server.server_address[1]}")[0] == 200


def test_the_server_listens_on_loopback_only(server: PreviewServer):
    assert server.server_address[0] == "127.0.0.1"


def test_the_watcher_sees_saves_additions_and_removals(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("a")
    watcher = Watcher([tmp_path])
    assert not watcher.changed()
    (tmp_path / "a.yaml").write_text("ab")
    assert watcher.changed() and not watcher.changed()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yaml").write_text("b")
    assert watcher.changed()
    (tmp_path / "sub" / "b.yaml").unlink()
    assert watcher.changed()


def test_the_watcher_skips_the_output_folder(tmp_path: Path):
    (tmp_path / "out").mkdir()
    watcher = Watcher([tmp_path], skip=[tmp_path / "out"])
    (tmp_path / "out" / "x.pdf").write_bytes(b"%PDF")
    assert not watcher.changed()
    (tmp_path / "x.yaml").write_text("x")
    assert watcher.changed()


def test_preview_of_a_missing_file_is_an_error(tmp_path: Path):
    result = runner.invoke(app, ["preview", str(tmp_path / "none.yaml"), "--no-open"])
    assert result.exit_code == 2 and "no such file" in result.output


# --- a real browser -------------------------------------------------------------------------------


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A minimal DevTools protocol client: one page, commands and their results."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.next_id = 0

    def send(self, method: str, **params: object) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 20) -> object:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"not true within {timeout} s: {expression}")


@pytest.fixture
def browser(server: PreviewServer, tmp_path: Path) -> Iterator[DevTools]:
    pytest.importorskip("websockets")
    executable = chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    process = subprocess.Popen(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-port=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1400,900",
            server.url,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        endpoint = ""
        end = time.monotonic() + 60
        while not endpoint and time.monotonic() < end:
            line = process.stderr.readline()
            if "DevTools listening on " in line:
                endpoint = line.split("DevTools listening on ", 1)[1].strip()
        assert endpoint, "Chromium did not start its DevTools endpoint"
        # Its log goes on: read it, or a full pipe would stop the browser.
        threading.Thread(target=process.stderr.read, daemon=True).start()
        port = endpoint.split("://", 1)[1].split("/", 1)[0]
        pages: list[dict] = []
        while not pages and time.monotonic() < end:
            connection = http.client.HTTPConnection(port, timeout=10)
            connection.request("GET", "/json/list")
            pages = [p for p in json.loads(connection.getresponse().read()) if p["type"] == "page"]
            connection.close()
        from websockets.sync.client import connect

        with connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=20) as socket:
            yield DevTools(socket)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_real_browser_follows_edits_in_place(
    browser: DevTools, server: PreviewServer, agreement: Path
):
    version = browser.wait("document.documentElement.dataset.sladocVersion")
    # A mark that a navigation or reload would wipe, and a scroll position to keep.
    browser.evaluate("window.__sladocMarker = 'kept'; window.scrollTo(0, 1200); 0")
    assert browser.wait("window.scrollY") == 1200

    edit(agreement, "Company X receives when", "Company X promptly receives when")
    browser.wait(f"Number(document.documentElement.dataset.sladocVersion) > {version}")
    assert browser.evaluate("document.body.innerText.includes('promptly receives')")
    assert browser.evaluate("window.__sladocMarker") == "kept", "the page was not reloaded"
    assert browser.evaluate("window.scrollY") == 1200

    # The finding is marked at its word, its note sits in the margin beside it, and a click
    # shows its YAML line.
    assert browser.evaluate("document.querySelector('mark.sladoc-mark').textContent") == (
        "promptly"
    )
    beside = browser.evaluate(
        "(function(){var m=document.querySelector('mark.sladoc-mark').getBoundingClientRect();"
        "var n=document.querySelector('#sladoc-notes .sladoc-note').getBoundingClientRect();"
        "return n.left > m.left && Math.abs(n.top - m.top) < 40;})()"
    )
    assert beside
    browser.evaluate("document.querySelector('mark.sladoc-mark').click(); 0")
    shown = browser.evaluate("document.getElementById('sladoc-source').innerText")
    line = next(
        number
        for number, text in enumerate(agreement.read_text("utf-8").splitlines(), start=1)
        if "promptly receives" in text
    )
    assert isinstance(shown, str) and "promptly receives" in shown and f":{line}:" in shown
    assert browser.evaluate("document.getElementById('sladoc-source').hidden") is False

    # A bad edit: the error is shown beside the words its field had in the last good
    # rendering, which stays; still no reload.
    current = browser.evaluate("document.documentElement.dataset.sladocVersion")
    edit(agreement, "priya@acmecloud.example", "priya-at-acme")
    browser.wait(f"Number(document.documentElement.dataset.sladocVersion) > {current}")
    browser.wait("document.querySelector('mark.sladoc-mark.error') !== null")
    assert browser.evaluate("document.documentElement.dataset.sladocOk") == "false"
    assert browser.evaluate("document.querySelector('mark.sladoc-mark.error').textContent") == (
        "priya@acmecloud.example"
    )
    note = browser.evaluate("document.querySelector('#sladoc-notes .sladoc-note.error').innerText")
    assert isinstance(note, str) and "priya-at-acme" in note
    assert browser.evaluate("document.body.innerText.includes('promptly receives')")
    assert browser.evaluate("window.__sladocMarker") == "kept"


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_preview_ends_with_130_on_ctrl_c(agreement: Path, tmp_path: Path):
    import signal
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "sladoc", "preview", str(agreement), "--no-open"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert "http://127.0.0.1:" in line
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=20)
    assert process.returncode == 130 and "Traceback" not in rest
