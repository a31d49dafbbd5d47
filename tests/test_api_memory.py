"""The library from memory: ``loads`` text in, ``render`` bytes out, nothing on disk; the
same text gives the same bytes in any thread; provenance is only what the caller gives."""

from __future__ import annotations

import ast
import hashlib
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sladoc import api
from sladoc.errors import SchemaError

from .conftest import ROOT

EXAMPLE = ROOT / "agreements" / "acme-cloud-hosting.yaml"


def test_render_from_text_in_threads_gives_identical_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # anything written would land here
    text = EXAMPLE.read_text("utf-8")

    def one(_: int) -> dict[str, bytes]:
        agreement = api.loads(text, name="acme.yaml")
        return api.render(agreement, formats=("docx", "md"), source=text, name="acme.yaml")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(6)))
    assert all(result == results[0] for result in results)
    assert set(results[0]) == {"docx", "md"}
    assert list(tmp_path.iterdir()) == []
    with zipfile.ZipFile(io.BytesIO(results[0]["docx"])) as docx:
        custom = docx.read("docProps/custom.xml").decode()
    assert "acme.yaml" in custom and str(tmp_path) not in custom
    assert hashlib.sha256(text.encode()).hexdigest() in custom


def test_provenance_is_only_what_the_caller_gives() -> None:
    agreement = api.loads(EXAMPLE.read_bytes(), name="x.yaml")
    bare = api.render(agreement, formats=["docx"])["docx"]
    with zipfile.ZipFile(io.BytesIO(bare)) as docx:
        custom = docx.read("docProps/custom.xml").decode()
    assert "sladoc-source" not in custom and "sladoc-version" in custom
    named = api.render(agreement, formats=["docx"], name="other.yaml")["docx"]
    assert named != bare


def test_loads_reports_positions_under_the_given_name_and_checks_the_kind() -> None:
    with pytest.raises(SchemaError) as caught:
        api.loads("sladoc: 1\nkind: customer\nid: x\n", name="request-42")
    assert all(p.position.file == "request-42" for p in caught.value.problems)
    text = EXAMPLE.read_text("utf-8")
    assert api.loads(text, kind="customer").kind == "customer"
    with pytest.raises(SchemaError, match="kind 'internal'"):
        api.loads(text, kind="internal")


def test_render_refuses_an_unknown_format() -> None:
    agreement = api.loads(EXAMPLE.read_text("utf-8"))
    with pytest.raises(api.UsageError, match="unknown format 'odt'"):
        api.render(agreement, formats=["odt"])


def test_all_is_curated_and_true() -> None:
    assert all(hasattr(api, name) for name in api.__all__)
    assert len(set(api.__all__)) == len(api.__all__)
    assert not [name for name in api.__all__ if name.startswith("_")]
    assert (ROOT / "sladoc" / "py.typed").exists()
    source = ast.parse((ROOT / "sladoc" / "api.py").read_text("utf-8"))
    overloads = [
        node
        for node in source.body
        if isinstance(node, ast.FunctionDef)
        and node.name == "loads"
        and any(ast.unparse(d) == "overload" for d in node.decorator_list)
    ]
    assert len(overloads) == 4  # one per kind, and the untyped call
