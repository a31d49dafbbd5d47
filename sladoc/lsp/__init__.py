"""``sladoc lsp``: a language server over stdio, for agreement files in any editor.

A front end, like the CLI: every answer comes from :mod:`sladoc.api`. It publishes the
validation problems (code ``SLA000``) and the checker's findings of an agreement as it is
opened and edited (debounced: a burst of keystrokes is checked once, :data:`DEBOUNCE`
seconds after the last) and saved, each with its code and a link to its documentation;
hover shows an availability target's downtime budgets and a rule code's documentation;
code actions insert the suppression comment for a finding and apply the exact replacement
a finding spells out (``write "X"``); completion offers the keys and values the JSON Schema
allows at the cursor. YAML files that are not agreements (no top-level ``sladoc: 1`` or
agreement ``kind``) are left alone.

Needs the ``lsp`` extra (pygls). May import: :mod:`sladoc.api`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from sladoc import __version__, api
from sladoc.errors import SladocError

DEBOUNCE = 0.3
"""Seconds after the last change before a document is checked again."""
SOURCE = "sladoc"
SEVERITIES = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
RULE_CODE = re.compile(r"SLA\d{3}")
KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:(?P<rest>.*)$")
REPLACEMENT = re.compile(r'^write "(?P<text>[^"]+)"')
SUPPRESSION_REASON = "reason"


class SladocLanguageServer(LanguageServer):
    """The server, with what it remembers per open document."""

    def __init__(self) -> None:
        super().__init__(
            "sladoc", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full
        )
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.results: dict[str, api.LintResult] = {}
        self.schema: dict[str, Any] | None = None


server = SladocLanguageServer()


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _config(path: str) -> Any:
    """The checker configuration for a file: the nearest one from its folder upwards."""
    try:
        return api.load_check_config(start=Path(path).parent)
    except SladocError as error:
        server.window_show_message(
            lsp.ShowMessageParams(lsp.MessageType.Warning, f"sladoc: {error}")
        )
        return None


def _range(doc: TextDocument, line: int, col: int, end_line: int, end_col: int) -> lsp.Range:
    """A 1-based sladoc span (end just after the last character) as an LSP range, in the
    client's code units; a bare position covers the rest of its line."""
    lines = doc.lines or [""]
    start_line = min(max(line - 1, 0), len(lines) - 1)
    start = max(col - 1, 0)
    if end_line and end_col and (end_line, end_col) > (line, col):
        stop_line, stop = min(end_line - 1, len(lines) - 1), max(end_col - 1, 0)
    else:
        stop_line, stop = start_line, len(lines[start_line].rstrip("\r\n"))
    codec = doc.position_codec
    return lsp.Range(
        start=codec.position_to_client_units(lines, lsp.Position(start_line, start)),
        end=codec.position_to_client_units(lines, lsp.Position(stop_line, stop)),
    )


def diagnostics(doc: TextDocument) -> list[lsp.Diagnostic]:
    """Validation problems and findings of a document, as LSP diagnostics."""
    path = _path(doc.uri)
    if not api.looks_like_agreement(doc.source):
        server.results.pop(doc.uri, None)
        return []
    result = api.lint(doc.source, path, _config(path))
    server.results[doc.uri] = result
    found = []
    for problem in result.problems:
        p = problem.position
        found.append(
            lsp.Diagnostic(
                range=_range(doc, p.line or 1, p.col or 1, p.end_line, p.end_col),
                message=problem.message,
                severity=lsp.DiagnosticSeverity.Error,
                code="SLA000",
                code_description=lsp.CodeDescription(href=api.rule_help_uri("SLA000")),
                source=SOURCE,
            )
        )
    for finding in result.findings:
        p = finding.position
        message = finding.message
        if finding.suggestion:
            message += f"\nSuggestion: {finding.suggestion}"
        found.append(
            lsp.Diagnostic(
                range=_range(doc, p.line or 1, p.col or 1, p.end_line, p.end_col),
                message=message,
                severity=SEVERITIES[finding.severity],
                code=finding.code,
                code_description=lsp.CodeDescription(href=api.rule_help_uri(finding.code)),
                source=SOURCE,
                data={"path": finding.path, "suggestion": finding.suggestion},
            )
        )
    return found


def publish(uri: str) -> None:
    server.pending.pop(uri, None)
    try:
        doc = server.workspace.get_text_document(uri)
    except KeyError:  # closed meanwhile
        return
    server.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics(doc), version=doc.version)
    )


def publish_later(uri: str) -> None:
    """Check ``uri`` once the edits pause: each change restarts the wait."""
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, publish, uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SladocLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
    publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SladocLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
    publish_later(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: SladocLanguageServer, params: lsp.DidSaveTextDocumentParams) -> None:
    publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SladocLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.results.pop(uri, None)
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


# --- hover --------------------------------------------------------------------------------


def _cursor(doc: TextDocument, position: lsp.Position) -> tuple[str, int]:
    """The cursor's line and its column in code points."""
    lines = doc.lines
    if position.line >= len(lines):
        return "", 0
    server_position = doc.position_codec.position_from_client_units(lines, position)
    return lines[position.line].rstrip("\r\n"), server_position.character


def _parents(lines: Sequence[str], number: int, indent: int) -> list[str]:
    """The keys that hold line ``number``, whose content starts at column ``indent``,
    outermost first; ``-`` for a list item. Read from the indentation of the lines above,
    so it works on a buffer that is not valid YAML while it is being typed."""
    path: list[str] = []
    in_item = False  # just left a list item: its key may sit at the dash's column
    for text in reversed(lines[:number]):
        text = text.rstrip("\r\n")
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        own = len(text) - len(text.lstrip())
        match = KEY_LINE.match(text)
        dash = re.match(r"\s*(-\s+)", text)
        if dash:
            content = dash.end()
            if content == indent or (content < indent and match is not None):
                if content < indent and match is not None:
                    path.append(match.group("key"))
                path.append("-")
                indent, in_item = own, True
            continue
        if match and (own < indent or (in_item and own == indent)):
            path.append(match.group("key"))
            indent, in_item = own, False
            if own == 0:
                break
    return list(reversed(path))


def _budget_hover(lines: Sequence[str], number: int, text: str) -> str | None:
    match = KEY_LINE.match(text)
    if not match or match.group("key") != "target":
        return None
    indent = len(text) - len(text.lstrip()) + len(match.group("dash") or "")
    parents = _parents(lines, number, indent)
    if not parents or parents[-1] != "availability":
        return None
    value = match.group("rest").split("#", 1)[0].strip().strip("'\"")
    try:
        uptime = api.uptime(value, None, "365.25", "average")
    except SladocError:
        return None
    body = "\n".join(uptime.lines())
    return f"**Downtime budget of {value}**\n\n```text\n{body}\n```"


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: SladocLanguageServer, params: lsp.HoverParams) -> lsp.Hover | None:
    doc = server.workspace.get_text_document(params.text_document.uri)
    text, col = _cursor(doc, params.position)
    for match in RULE_CODE.finditer(text):
        if match.start() <= col <= match.end():
            try:
                documentation = api.rule_doc(match.group())
            except SladocError:
                return None
            link = api.rule_help_uri(match.group())
            return lsp.Hover(
                contents=lsp.MarkupContent(
                    kind=lsp.MarkupKind.Markdown,
                    value=f"{documentation}\n\n[Documentation]({link})",
                )
            )
    shown = _budget_hover(doc.lines, params.position.line, text)
    if shown is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=shown))


# --- code actions -------------------------------------------------------------------------


def _suppression(doc: TextDocument, diagnostic: lsp.Diagnostic) -> lsp.CodeAction | None:
    """A comment line above the finding's key: ``# sladoc: ignore[CODE] -- reason``. Above
    the key, not at the end of the flagged line, which may be inside a block of text."""
    result = server.results.get(doc.uri)
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    line = diagnostic.range.start.line
    if result is not None and data.get("path") in result.key_lines:
        line = result.key_lines[data["path"]] - 1
    lines = doc.lines
    if line >= len(lines):
        return None
    target = lines[line]
    indent = len(target) - len(target.lstrip(" "))
    match = KEY_LINE.match(target.rstrip("\r\n"))
    if match and match.group("dash"):
        indent += len(match.group("dash"))
        # a comment before ``- key:`` would belong to the item; put it on the line itself
        comment = f"  # sladoc: ignore[{diagnostic.code}] -- {SUPPRESSION_REASON}"
        end = len(target.rstrip("\r\n"))
        if not match.group("rest").rstrip().endswith(("|", ">", "|-", ">-")):
            edit = lsp.TextEdit(
                lsp.Range(lsp.Position(line, end), lsp.Position(line, end)), comment
            )
            return _action(f"Suppress {diagnostic.code} here", doc, [edit], diagnostic, False)
        indent -= len(match.group("dash"))
    comment = f"{' ' * indent}# sladoc: ignore[{diagnostic.code}] -- {SUPPRESSION_REASON}\n"
    edit = lsp.TextEdit(lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0)), comment)
    return _action(f"Suppress {diagnostic.code} here", doc, [edit], diagnostic, False)


def _replacement(doc: TextDocument, diagnostic: lsp.Diagnostic) -> lsp.CodeAction | None:
    """The exact text a finding asks for (``write "21 m 54 s per month" ...``) in place of
    the flagged value, when the flagged value is a whole plain scalar on one line."""
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    wanted = REPLACEMENT.match(str(data.get("suggestion", "")))
    span = diagnostic.range
    if wanted is None or span.start.line != span.end.line:
        return None
    text = doc.lines[span.start.line].rstrip("\r\n")
    start, end = (
        doc.position_codec.position_from_client_units(doc.lines, p).character
        for p in (span.start, span.end)
    )
    match = KEY_LINE.match(text)
    if match is None or text[:start].rstrip()[-1:] not in (":", "'", '"'):
        return None
    old = text[start:end]
    quote = old[:1] if old[:1] in "'\"" and old[-1:] == old[:1] else ""
    edit = lsp.TextEdit(span, f"{quote}{wanted.group('text')}{quote}")
    return _action(f'Write "{wanted.group("text")}"', doc, [edit], diagnostic, True)


def _action(
    title: str,
    doc: TextDocument,
    edits: list[lsp.TextEdit],
    diagnostic: lsp.Diagnostic,
    preferred: bool,
) -> lsp.CodeAction:
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=preferred,
        edit=lsp.WorkspaceEdit(changes={doc.uri: edits}),
    )


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
def code_action(ls: SladocLanguageServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    doc = server.workspace.get_text_document(params.text_document.uri)
    actions = []
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != SOURCE or diagnostic.code in (None, "SLA000"):
            continue
        for make in (_replacement, _suppression):
            action = make(doc, diagnostic)
            if action is not None:
                actions.append(action)
    return actions


# --- completion ---------------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    if server.schema is None:
        server.schema = api.json_schema()
    return server.schema


def _resolve(node: Any, definitions: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives a schema node stands for, with references followed."""
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        return _resolve(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
    branches = node.get("anyOf") or node.get("oneOf")
    if branches:
        return [found for branch in branches for found in _resolve(branch, definitions)]
    return [node]


def _at(path: list[str], kind: str | None) -> list[dict[str, Any]]:
    """The schema alternatives at a key path of an agreement of ``kind``."""
    schema = _schema()
    definitions = schema["$defs"]
    top = [
        branch["then"]
        for branch in schema["allOf"]
        if kind is None or branch["if"]["properties"]["kind"]["const"] == kind
    ]
    nodes = [found for branch in top for found in _resolve(branch, definitions)]
    for step in path:
        following = []
        for node in nodes:
            if step == "-":
                following += _resolve(node.get("items"), definitions)
            elif step in node.get("properties", {}):
                following += _resolve(node["properties"][step], definitions)
            elif isinstance(node.get("additionalProperties"), dict):
                following += _resolve(node["additionalProperties"], definitions)
        nodes = following
    return nodes


def _kind(lines: Sequence[str]) -> str | None:
    for text in lines:
        match = re.match(r"^kind:\s*['\"]?(internal|tiered|customer)\b", text)
        if match:
            return match.group(1)
    return None


def _values(node: dict[str, Any]) -> list[str]:
    values = [node["const"]] if "const" in node else []
    return [str(v) for v in values + node.get("enum", []) + node.get("examples", [])]


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":"]))
def completion(ls: SladocLanguageServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    doc = server.workspace.get_text_document(params.text_document.uri)
    lines = doc.lines
    text, col = _cursor(doc, params.position)
    before = text[:col]
    kind = _kind(lines)
    items: list[lsp.CompletionItem] = []
    key = KEY_LINE.match(before)
    if key and ":" in before:  # a value: the enums and examples the schema gives
        indent = len(before) - len(before.lstrip()) + len(key.group("dash") or "")
        path = [*_parents(lines, params.position.line, indent), key.group("key")]
        seen: set[str] = set()
        for node in _at(path, kind):
            for value in _values(node):
                if value not in seen:
                    seen.add(value)
                    items.append(lsp.CompletionItem(label=value, kind=lsp.CompletionItemKind.Value))
        return lsp.CompletionList(is_incomplete=False, items=items)
    stripped = before.lstrip()
    dash = re.match(r"-\s+", stripped)
    indent = len(before) - len(stripped) + (dash.end() if dash else 0)
    path = _parents(lines, params.position.line, indent)
    if dash:
        path.append("-")
    present = _siblings(lines, params.position.line, indent)
    seen = set()
    for node in _at(path, kind):
        required = set(node.get("required", ()))
        for name, prop in node.get("properties", {}).items():
            if name in seen or name in present:
                continue
            seen.add(name)
            items.append(
                lsp.CompletionItem(
                    label=name,
                    kind=lsp.CompletionItemKind.Property,
                    detail="required" if name in required else None,
                    documentation=prop.get("description"),
                    insert_text=f"{name}: ",
                    sort_text=("0" if name in required else "1") + name,
                )
            )
    return lsp.CompletionList(is_incomplete=False, items=items)


def _siblings(lines: Sequence[str], number: int, indent: int) -> set[str]:
    """The keys already written at the cursor's level around line ``number``."""
    found = set()
    for step in (-1, 1):
        index = number + step
        while 0 <= index < len(lines):
            text = lines[index].rstrip("\r\n")
            if text.strip() and not text.lstrip().startswith("#"):
                match = KEY_LINE.match(text)
                own = len(text) - len(text.lstrip())
                at = own + len(match.group("dash") or "") if match else own
                if at < indent:
                    break
                if match and at == indent:
                    found.add(match.group("key"))
                    if match.group("dash") and step == -1:
                        break
            index += step
    return found


def main() -> None:
    """Serve over stdin/stdout until the client says exit."""
    server.start_io()
