"""``sladoc preview``: the agreement's HTML edition served on 127.0.0.1, following each save.

A thread watches the agreement and its templates folder (:mod:`sladoc.preview.watch`) and
renders again on every change; each open page holds a Server-Sent Events stream
(``/events``) and receives the new state as one JSON message: the inside of the document
element, which a small script puts in place without reloading the window (so the scroll
position stays), and the notes: validation problems and checker findings, each placed in
the margin beside the words it is about, and showing its YAML lines when clicked. A bad
edit sends its problems and no content, so the last good rendering stays on screen; a
problem of a field is placed at the words that field had in it.

The server binds to the loopback address only, answers only requests whose ``Host`` is that
address (a web page elsewhere cannot reach it by DNS rebinding), and serves three fixed
routes, never a file: nothing outside the agreement and its templates can leak, whatever
the path asked for. The HTML edition itself needs no script; only the preview adds one.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sladoc import api
from sladoc.preview.watch import INTERVAL, Watcher

HOST = "127.0.0.1"
HEARTBEAT = 15.0
"""Seconds between two keep-alive comments on an idle event stream."""
CONTEXT_LINES = 2
"""Lines of YAML shown above and below the line a note is about."""
MIN_PLACED = 3
"""The fewest characters of a field's old value that a problem is placed at (a shorter one
would be found in unrelated words)."""


@dataclass
class State:
    """What the page shows: ``version`` counts renderings; ``content`` is the last good
    rendering's; ``ok`` says whether the file as saved now renders; ``notes`` are its
    problems (when not) or its findings."""

    version: int = 0
    ok: bool = False
    page: str | None = None
    content: str | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)

    def message(self) -> str:
        """The state as the JSON the page's script reads."""
        return json.dumps(
            {"version": self.version, "ok": self.ok, "content": self.content, "notes": self.notes},
            ensure_ascii=False,
            separators=(",", ":"),
        )


class Preview:
    """Renders ``path`` and keeps the latest state; wakes the event streams on change."""

    def __init__(self, path: Path, templates: Path | None = None) -> None:
        self.path = path
        self.templates = templates
        self.folder = api.templates_folder(templates)
        self.state = State()
        self.good_text = ""
        self.changed = threading.Condition()
        # Stamps taken before the first rendering: a save during it is seen at once.
        self.watcher = Watcher([self.path, self.folder])
        self.render()

    def render(self) -> State:
        """Render the file as it is now, and publish the result."""
        found = api.html_preview(
            self.path, self.templates, head_extra=HEAD_EXTRA, body_extra=BODY_EXTRA
        )
        lines = found.text.splitlines()
        if found.content is None:
            # A problem is placed at the words its field had in the last good rendering.
            notes = [
                _note("error", "", p.message, self._old_value(p.path), p.position, lines)
                for p in found.problems
            ]
        else:
            self.good_text = found.text
            notes = [
                _note(f.severity, f.code, f.message, f.excerpt, f.position, lines)
                for f in found.findings
            ]
        with self.changed:
            previous = self.state
            self.state = State(
                previous.version + 1,
                found.content is not None,
                found.page if found.page is not None else previous.page,
                found.content if found.content is not None else previous.content,
                notes,
            )
            self.changed.notify_all()
            return self.state

    def _old_value(self, path: str) -> str:
        """The words of the field at key path ``path`` in the last good rendering's text,
        or empty when they would not point at one place: a single plain word (``customer``,
        the value of ``kind``, is not shown as such, but the word is in many sentences)."""
        value = api.value_text(self.good_text, str(self.path), path).strip() if path else ""
        return value if len(value) >= MIN_PLACED and not value.isalpha() else ""

    def page(self) -> str:
        """The whole page: the last good rendering, or an empty one holding the problems."""
        state = self.state
        if state.page is not None:
            return state.page
        title = escape(self.path.name)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n{HEAD_EXTRA}</head>\n<body>\n"
            f'<div id="sladoc-document"></div>\n{BODY_EXTRA}</body>\n</html>\n'
        )

    def watch(self, stop: threading.Event, interval: float = INTERVAL) -> None:
        """Render again whenever the agreement or a template is saved, until ``stop``."""
        while not stop.wait(interval):
            if self.watcher.settled_change():
                self.render()

    def wait_for(self, version: int, timeout: float) -> State:
        """The state once its version is past ``version``, or as it is after ``timeout``."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.version > version, timeout)
            return self.state


def _note(
    severity: str,
    code: str,
    message: str,
    excerpt: str,
    position: api.Position,
    lines: list[str],
) -> dict[str, Any]:
    """A problem or finding as the page shows it, with the YAML lines around it."""
    shown: list[tuple[int, str]] = []
    if position.line:
        first = max(1, position.line - CONTEXT_LINES)
        last = min(len(lines), position.line + CONTEXT_LINES)
        shown = [(number, lines[number - 1]) for number in range(first, last + 1)]
    return {
        "severity": severity,
        "code": code,
        "where": str(position),
        "message": message,
        "excerpt": " ".join(excerpt.split()),
        "line": position.line,
        "lines": shown,
    }


# --- the server -----------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Nothing is logged: the CLI alone prints."""

    def do_HEAD(self) -> None:  # noqa: N802 - the base class's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - the base class's naming
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, "text/plain", b"forbidden\n")
            return
        route = self.path.split("?", 1)[0]
        preview = self.server.preview
        if route == "/":
            self._send(HTTPStatus.OK, "text/html", preview.page().encode("utf-8"))
        elif route == "/state":
            self._send(HTTPStatus.OK, "application/json", preview.state.message().encode())
        elif route == "/events":
            self._events()
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

    def _host_allowed(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _events(self) -> None:
        """The event stream: the current state at once, then each new one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        preview = self.server.preview
        version = -1
        try:
            while not self.server.stopping.is_set():
                state = preview.wait_for(version, HEARTBEAT)
                if state.version > version:
                    version = state.version
                    self.wfile.write(f"data: {state.message()}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed
        self.close_connection = True


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server on 127.0.0.1 (``port`` 0: a free one, see ``url``)."""

    daemon_threads = True

    def __init__(self, preview: Preview, port: int = 0) -> None:
        self.preview = preview
        self.stopping = threading.Event()
        super().__init__((HOST, port), _Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def run(self) -> None:
        """Serve and watch until :meth:`stop` (or an exception such as Ctrl-C)."""
        watching = threading.Thread(target=self.preview.watch, args=(self.stopping,), daemon=True)
        watching.start()
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.stop_watching()

    def stop_watching(self) -> None:
        self.stopping.set()
        with self.preview.changed:
            self.preview.changed.notify_all()


def start(path: Path, templates: Path | None = None, port: int = 0) -> PreviewServer:
    """A preview server for ``path``, bound and rendered, not yet serving (:meth:`run`).
    Raises OSError when the port is taken, TemplateError for a templates folder that is
    not one."""
    return PreviewServer(Preview(path, templates), port)


# --- what the preview adds to the page --------------------------------------------------------

_STYLE = """
#sladoc-notes{position:absolute;top:0;left:0;width:0;height:0}
.sladoc-note{position:absolute;width:15rem;font:12px/1.35 system-ui,sans-serif;
 background:#fffbe6;border-left:3px solid #d4a000;padding:4px 6px;cursor:pointer;
 box-shadow:0 1px 3px rgba(0,0,0,.15);color:#222}
.sladoc-note.error{background:#fdecec;border-color:#c62828}
.sladoc-note.info{background:#eef4fb;border-color:#5b8bc9}
.sladoc-note b{font-weight:600}
mark.sladoc-mark{background:#fff1b8;border-bottom:2px solid #d4a000;cursor:pointer}
mark.sladoc-mark.error{background:#fde0e0;border-color:#c62828}
#sladoc-unplaced{position:fixed;top:8px;right:8px;max-width:22rem;z-index:2}
#sladoc-unplaced .sladoc-note{position:static;margin-bottom:6px;width:auto}
#sladoc-source{position:fixed;left:0;right:0;bottom:0;max-height:40vh;overflow:auto;
 background:#1e1e1e;color:#ddd;font:12px/1.5 ui-monospace,monospace;padding:6px 10px;
 margin:0;z-index:3;white-space:pre}
#sladoc-source[hidden]{display:none}
html[data-sladoc-ok=false] #sladoc-document{opacity:.5}
#sladoc-source .here{background:#5a4a00;color:#fff}
@media print{#sladoc-notes,#sladoc-unplaced,#sladoc-source,mark.sladoc-mark{all:unset}
 #sladoc-notes,#sladoc-unplaced,#sladoc-source{display:none}}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var body = document.getElementById("sladoc-document");
  var margin = document.getElementById("sladoc-notes");
  var unplaced = document.getElementById("sladoc-unplaced");
  var source = document.getElementById("sladoc-source");
  var notes = [];

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function showSource(note) {
    source.textContent = "";
    var head = document.createElement("div");
    head.textContent = note.where + ": " + note.message;
    source.appendChild(head);
    note.lines.forEach(function (pair) {
      var line = document.createElement("div");
      line.textContent = String(pair[0]).padStart(5, " ") + "  " + pair[1];
      if (pair[0] === note.line) { line.className = "here"; }
      source.appendChild(line);
    });
    source.hidden = false;
  }

  // The first place the words are in the text (the table of contents left out).
  function find(excerpt) {
    if (!excerpt) { return null; }
    var pattern = new RegExp(excerpt.split(" ").map(escapeRegExp).join("\\s+"));
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentNode.closest("nav, mark")) { continue; }
      var hit = pattern.exec(node.data);
      if (hit) {
        var range = document.createRange();
        range.setStart(node, hit.index);
        range.setEnd(node, hit.index + hit[0].length);
        return range;
      }
    }
    return null;
  }

  function card(note, index) {
    var element = document.createElement("div");
    element.className = "sladoc-note " + note.severity;
    element.dataset.note = String(index);
    var title = document.createElement("b");
    var line = note.line ? "line " + note.line : note.where;
    title.textContent = (note.code ? note.code + " " : "") + line;
    element.appendChild(title);
    element.appendChild(document.createTextNode(" " + note.message));
    element.addEventListener("click", function () { showSource(note); });
    return element;
  }

  function place() {
    margin.textContent = "";
    unplaced.textContent = "";
    var right = body.getBoundingClientRect().right + window.scrollX + 12;
    var room = window.innerWidth - right >= 200;
    var bottom = 0;
    notes.forEach(function (note, index) {
      var element = card(note, index);
      var mark = body.querySelector('mark[data-note="' + index + '"]');
      if (!mark || !room) { unplaced.appendChild(element); return; }
      var top = Math.max(mark.getBoundingClientRect().top + window.scrollY, bottom + 4);
      element.style.top = top + "px";
      element.style.left = right + "px";
      element.style.width = Math.min(260, window.innerWidth - right - 12) + "px";
      margin.appendChild(element);
      bottom = top + element.offsetHeight;
    });
  }

  function apply(state) {
    if (state.content !== null) {
      var x = window.scrollX, y = window.scrollY;
      body.innerHTML = state.content;
      window.scrollTo(x, y);
    } else {
      Array.prototype.forEach.call(body.querySelectorAll("mark.sladoc-mark"), function (mark) {
        mark.replaceWith.apply(mark, Array.prototype.slice.call(mark.childNodes));
      });
    }
    notes = state.notes;
    source.hidden = true;
    notes.forEach(function (note, index) {
      var range = find(note.excerpt);
      if (!range) { return; }
      var mark = document.createElement("mark");
      mark.className = "sladoc-mark " + note.severity;
      mark.dataset.note = String(index);
      mark.title = note.message;
      try { range.surroundContents(mark); } catch (error) { return; }
      mark.addEventListener("click", function () { showSource(note); });
    });
    place();
    document.documentElement.dataset.sladocVersion = String(state.version);
    document.documentElement.dataset.sladocOk = String(state.ok);
  }

  window.addEventListener("resize", place);
  source.addEventListener("click", function () { source.hidden = true; });
  var events = new EventSource("/events");
  events.onmessage = function (event) { apply(JSON.parse(event.data)); };
})();
"""

HEAD_EXTRA = f"<style>{_STYLE}</style>\n"
BODY_EXTRA = (
    '<div id="sladoc-notes"></div>\n<div id="sladoc-unplaced"></div>\n'
    '<pre id="sladoc-source" hidden></pre>\n'
    f"<script>{_SCRIPT}</script>\n"
)
