"""`sladoc lsp` end to end: pygls's own language client starts ``sladoc lsp`` as a process
and talks to it over stdio, as an editor does."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

from sladoc import api  # noqa: E402

from .checker_cases import compose  # noqa: E402

VAGUE = compose("overview: Acme answers promptly, etc.\n")
TIMEOUT = 30  # a ceiling for a stuck server, not a measurement


class Editor:
    """A language client that remembers the diagnostics published for each document."""

    def __init__(self) -> None:
        self.client = LanguageClient("sladoc-test", "1")
        self.published: dict[str, list[list[lsp.Diagnostic]]] = {}
        self.arrived = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params.diagnostics)
            self.arrived.set()

    async def start(self, root: Path) -> None:
        await self.client.start_io(sys.executable, "-m", "sladoc", "lsp", cwd=str(root))
        await self.client.initialize_async(
            lsp.InitializeParams(
                capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(root))
            )
        )
        self.client.initialized(lsp.InitializedParams())

    async def diagnostics(self, uri: str, count: int) -> list[lsp.Diagnostic]:
        """The ``count``-th set published for ``uri``."""
        async with asyncio.timeout(TIMEOUT):
            while len(self.published.get(uri, ())) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.published[uri][count - 1]

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "yaml", 1, text))
        )

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [lsp.TextDocumentContentChangeWholeDocument(text)],
            )
        )

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def _run(test: Any) -> None:
    if sys.version_info < (3, 11):
        pytest.skip("asyncio.timeout needs Python 3.11")
    asyncio.run(asyncio.wait_for(test, TIMEOUT * 4))


def test_diagnostics_hover_actions_and_completion_over_stdio(tmp_path: Path) -> None:
    (tmp_path / ".sladoc.toml").write_text('ignore = ["SLA106"]\n', "utf-8")
    path = tmp_path / "agreements" / "case.yaml"
    path.parent.mkdir()
    path.write_text(VAGUE, "utf-8")
    uri = from_fs_path(str(path))
    other = from_fs_path(str(tmp_path / "compose.yaml"))

    async def session() -> None:
        editor = Editor()
        await editor.start(tmp_path)
        try:
            # on open: the checker's finding, with its code and documentation link; the
            # configuration found from the file's folder upwards drops SLA106
            editor.open(uri, VAGUE)
            [finding] = await editor.diagnostics(uri, 1)
            assert finding.code == "SLA101" and finding.source == "sladoc"
            assert finding.code_description.href.endswith("#sla101-vague-deadline")
            assert finding.severity == lsp.DiagnosticSeverity.Warning
            line = VAGUE.splitlines()[0]
            assert finding.range.start == lsp.Position(0, line.index("promptly"))
            assert finding.range.end == lsp.Position(0, line.index("promptly") + 8)

            # a YAML file that is not an agreement is left alone
            editor.open(other, "services:\n  web:\n    image: nginx\n")
            assert list(await editor.diagnostics(other, 1)) == []

            # quick fixes: the suppression comment, which silences the finding
            actions = await editor.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    lsp.TextDocumentIdentifier(uri),
                    finding.range,
                    lsp.CodeActionContext([finding]),
                )
            )
            [suppress] = [a for a in actions if "Suppress SLA101" in a.title]
            [edit] = suppress.edit.changes[uri]
            assert edit.range.start == lsp.Position(0, 0)
            suppressed = edit.new_text + VAGUE

            # on change, debounced: three quick edits are checked once, the last
            editor.change(uri, 2, VAGUE.replace("promptly", "soon"))
            editor.change(uri, 3, "kind: customer\noverveiw: x\n")
            editor.change(uri, 4, suppressed)
            assert list(await editor.diagnostics(uri, 2)) == []
            await asyncio.sleep(1)  # no late publication of the earlier versions
            assert len(editor.published[uri]) == 2

            # a validation problem is a diagnostic too, at its position
            broken = VAGUE.replace("overview:", "overveiw:", 1)
            editor.change(uri, 5, broken)
            problems = await editor.diagnostics(uri, 3)
            assert {d.code for d in problems} == {"SLA000"}
            [misspelt] = [d for d in problems if "overveiw" in d.message]
            assert misspelt.range.start == lsp.Position(0, 0) and "overview" in misspelt.message

            # hover: the downtime budget of an availability target, a rule's documentation
            editor.change(uri, 6, VAGUE)
            await editor.diagnostics(uri, 4)
            lines = VAGUE.splitlines()
            [target] = [
                n
                for n, text in enumerate(lines)
                if text.strip().startswith("target:") and "availability" in lines[n - 1]
            ]
            shown = await editor.client.text_document_hover_async(
                lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(target, 8))
            )
            assert "year" in shown.contents.value and "day" in shown.contents.value
            value = lines[target].split(":", 1)[1].strip()
            expected = api.uptime(value, None, "365.25", "average").lines()
            assert all(row in shown.contents.value for row in expected[2:])

            editor.change(uri, 7, suppressed)
            await editor.diagnostics(uri, 5)
            code = await editor.client.text_document_hover_async(
                lsp.HoverParams(
                    lsp.TextDocumentIdentifier(uri),
                    lsp.Position(0, edit.new_text.index("SLA101") + 2),
                )
            )
            assert "vague-deadline" in code.contents.value and "Fails:" in code.contents.value

            # completion from the JSON Schema: keys allowed here and not yet written
            typed = VAGUE + "support:\n  \n"
            editor.change(uri, 8, typed)
            row = len(typed.splitlines()) - 1
            listed = await editor.client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(row, 2))
            )
            labels = {item.label for item in listed.items}
            assert {"hours", "severities", "channels", "time_zone"} <= labels
            assert "overview" not in labels
            top = await editor.client.text_document_completion_async(
                lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(row + 1, 0))
            )
            top_labels = {item.label for item in top.items}
            assert "maintenance" in top_labels and "funnel" not in top_labels  # customer
            assert "overview" not in top_labels  # already written
            described = {item.label: item.documentation for item in top.items}
            assert described["maintenance"]
        finally:
            await editor.stop()

    _run(session())


def test_the_exact_replacement_a_finding_spells_out(tmp_path: Path) -> None:
    text = compose(
        """\
        services:
          - name: Web shop
            availability:
              target: 99.9%
              window: calendar month
              downtime: 10 minutes per month
        """
    )
    path = tmp_path / "case.yaml"
    path.write_text(text, "utf-8")
    uri = from_fs_path(str(path))

    async def session() -> None:
        editor = Editor()
        await editor.start(tmp_path)
        try:
            editor.open(uri, text)
            found = await editor.diagnostics(uri, 1)
            [mismatch] = [d for d in found if d.code == "SLA202"]
            actions = await editor.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    lsp.TextDocumentIdentifier(uri),
                    mismatch.range,
                    lsp.CodeActionContext([mismatch]),
                )
            )
            [write] = [a for a in actions if a.title.startswith("Write")]
            assert write.is_preferred
            [edit] = write.edit.changes[uri]
            lines = text.splitlines(keepends=True)
            row = lines[edit.range.start.line]
            fixed_line = (
                row[: edit.range.start.character] + edit.new_text + row[edit.range.end.character :]
            )
            fixed = "".join(
                lines[: edit.range.start.line] + [fixed_line] + lines[edit.range.start.line + 1 :]
            )
            editor.change(uri, 2, fixed)
            after = await editor.diagnostics(uri, 2)
            assert "SLA202" not in {d.code for d in after}, fixed_line
        finally:
            await editor.stop()

    _run(session())
